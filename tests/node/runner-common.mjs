// What the data-driven runners share in any JavaScript runtime (no Node import: the browser
// conformance runner loads this file in Chromium too): how each neutral operation is called through
// the public API, the class each error kind maps to, and the forms of the secret no error may show.

const camel = (name) => name.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
const camelKeys = (value) =>
  Array.isArray(value)
    ? value.map(camelKeys)
    : value !== null && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value).map(([k, v]) => [camel(k), camelKeys(v)]))
      : value;

/**
 * How each operation of the manifest (tests/manifest.json, the core's operation table) is called
 * through the public API: `[keys, call]`, where `keys` are the input names a positional method can
 * express (`null` for an object method, which passes any input on for the core to judge) and
 * `call(flow, input, options)` makes the call the way a user writes it.
 */
export function operationsFrom(manifest) {
  return Object.fromEntries(
    manifest.operations.map((op) => {
      const method = (flow) => flow[op.resource][op.js_method];
      const call =
        op.form === 'object'
          ? (f, i, o) => method(f).call(f[op.resource], camelKeys(i), o)
          : (f, i, o) => method(f).call(f[op.resource], ...op.required.map((name) => i[name]), o);
      return [op.name, [op.form === 'object' ? null : [...op.required, ...op.optional], call, op]];
    }),
  );
}

/** The class each error kind must be an instance of, from the package namespace `api` (either entry). */
export function errorClasses(api) {
  return {
    bad_request: api.BadRequestError,
    authentication: api.AuthenticationError,
    permission_denied: api.PermissionDeniedError,
    not_found: api.NotFoundError,
    conflict: api.ConflictError,
    unprocessable_entity: api.UnprocessableEntityError,
    rate_limit: api.RateLimitError,
    internal_server: api.InternalServerError,
    api_status: api.APIStatusError,
    connection: api.APIConnectionError,
    timeout: api.APITimeoutError,
    response_validation: api.APIResponseValidationError,
    invalid_request: api.InvalidRequestError,
    missing_configuration: api.FlowError,
  };
}

/** The secret as a server might echo it: plain, every character `\uXXXX`-escaped, every byte `%XX`. */
export function secretForms(secret) {
  const hex = (n, width) => n.toString(16).padStart(width, '0');
  const units = [...Array(secret.length).keys()].map((i) => hex(secret.charCodeAt(i), 4));
  const bytes = [...new TextEncoder().encode(secret)].map((b) => hex(b, 2));
  const escaped = units.map((u) => `\\u${u}`).join('');
  const percent = bytes.map((b) => `%${b}`).join('');
  return [secret, escaped, escaped.toUpperCase().replaceAll('\\U', '\\u'), percent.toUpperCase(), percent];
}

/**
 * Everything an error shows: message, string and inspected forms, stack, JSON, every text field.
 * `inspect(value)` is the runtime's debug form: Node's `util.inspect` with hidden properties, or
 * `inspectOwn` where there is none.
 */
export function shownTexts(error, inspect) {
  if (error === null || typeof error !== 'object') return [String(error)];
  return [
    error.message,
    String(error),
    inspect(error),
    error.stack,
    JSON.stringify(error),
    ...Object.values(error),
  ].filter((text) => typeof text === 'string');
}

/**
 * A stand-in for Node's `inspect(value, { showHidden: true })` in a browser: every own property,
 * enumerable or not (`message`, `stack`, `cause`), nested to `depth`, each object once.
 */
export function inspectOwn(value, depth = 10, seen = new Set()) {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return String(value);
  if (depth < 0 || seen.has(value)) return '[…]';
  seen.add(value);
  const parts = Reflect.ownKeys(value).map((key) => {
    let shown;
    try {
      shown = inspectOwn(value[key], depth - 1, seen);
    } catch {
      shown = '[getter threw]';
    }
    return `${String(key)}: ${shown}`;
  });
  return `${value.constructor?.name ?? 'Object'} { ${parts.join(', ')} }`;
}
