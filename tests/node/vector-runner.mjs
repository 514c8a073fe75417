// One conformance vector (tests/conformance/, format in its README) through the public `Flow` API
// and the wasm core, in any JavaScript runtime: no Node import, so the Node runner
// (conformance.test.mjs) and the browser runner (tests/browser/conformance.test.mjs) run this same
// code. A fake `fetch` serves the canned responses and checks every request, the `_sleep` seam
// records retry sleeps instead of waiting, `_jitter` fixes the jitter.
//
// Transport failures are what Node's fetch produces: a `TypeError` whose cause carries
// ECONNREFUSED from the `connect` syscall (connect) or UND_ERR_SOCKET (io), and a `TimeoutError`
// for an attempt timeout (the real per-attempt timer is exercised by the end-to-end suite). The
// wasm core sorts them (flow-wasm/src/fetch.rs), the same for both entries, so they mean the same
// in a browser; a browser's own fetch only ever gives a bare `TypeError`, which is `io`.

import { errorClasses, operationsFrom, secretForms, shownTexts } from './runner-common.mjs';

/** A runner that finds fewer vectors than this is looking in the wrong place. */
export const MIN_VECTORS = 70;

const KEYS = {
  vector: ['name', 'operation', 'input', 'config', 'call_options', 'expect_request', 'responses', 'expect_result',
    'expect_error', 'expect_request_id', 'expect_attempts', 'expect_sleeps_ms'],
  config: ['api_secret', 'base_url', 'max_retries', 'timeout_ms', 'jitter', 'max_response_bytes', 'default_headers'],
  callOptions: ['timeout_ms', 'max_retries', 'extra_headers'],
  request: ['method', 'path', 'query', 'headers_present', 'headers_absent', 'body_json'],
  response: ['status', 'headers', 'body_json', 'body_text', 'body_base64'],
  error: ['kind', 'status', 'message', 'request_id', 'field', 'may_have_been_processed', 'body_contains'],
};


function unknownKeys(object, allowed, where) {
  if (object === null || typeof object !== 'object' || Array.isArray(object)) return [`${where} is not an object`];
  return Object.keys(object).filter((k) => !allowed.includes(k)).map((k) => `unknown key ${where}.${k}`);
}

/** Structural equality, numbers by value; returns the differences with their paths. */
function diff(actual, expected, path = '$') {
  if (typeof expected === 'number' && typeof actual === 'number') {
    return actual === expected ? [] : [`${path}: ${actual} != ${expected}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array, got ${JSON.stringify(actual)}`];
    if (actual.length !== expected.length) return [`${path}: length ${actual.length} != ${expected.length}`];
    return expected.flatMap((e, i) => diff(actual[i], e, `${path}[${i}]`));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
      return [`${path}: expected an object, got ${JSON.stringify(actual)}`];
    }
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    return [...keys].flatMap((k) =>
      !(k in expected) ? [`${path}.${k}: unexpected`] : !(k in actual) ? [`${path}.${k}: missing`] : diff(actual[k], expected[k], `${path}.${k}`),
    );
  }
  return Object.is(actual, expected) ? [] : [`${path}: ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`];
}

/** A JS report (`rows` as objects) in the vectors' form (`rows` as arrays in column order). */
function normaliseReport(report, path, problems) {
  const rows = report.rows.map((row, i) => {
    if (Object.keys(row).length !== report.columns.length) problems.push(`${path}.rows[${i}] is not as wide as columns`);
    return report.columns.map((c) => row[c]);
  });
  if (typeof report.text !== 'string') problems.push(`${path}.text is not a string`);
  return { columns: report.columns, rows };
}

function normalise(shape, result, problems) {
  if (shape === 'report') return normaliseReport(result, '$', problems);
  if (shape === 'summary_report') {
    return Object.fromEntries(Object.entries(result).map(([k, r]) => [k, normaliseReport(r, `$.${k}`, problems)]));
  }
  return result;
}

function rawPath(url) {
  const start = url.indexOf('/', url.indexOf('://') + 3);
  const rest = start < 0 ? '/' : url.slice(start);
  const q = rest.indexOf('?');
  return q < 0 ? [rest, null] : [rest.slice(0, q), rest.slice(q + 1)];
}

function checkRequest(expect, url, init, attempt, problems) {
  const at = `attempt ${attempt}`;
  if (!expect) return problems.push(`${at}: sent, but the vector has no expect_request`);
  if (init.method !== expect.method) problems.push(`${at}: method ${init.method} != ${expect.method}`);
  const [path, query] = rawPath(url);
  if (path !== expect.path) problems.push(`${at}: path ${path} != ${expect.path}`);
  const sent = {};
  for (const pair of query === null ? [] : query.split('&')) {
    const eq = pair.indexOf('=');
    const [k, v] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    const key = decodeURIComponent(k);
    if (key in sent) problems.push(`${at}: query parameter ${key} repeated`);
    sent[key] = decodeURIComponent(v);
  }
  if (query === '') problems.push(`${at}: empty query string sent`);
  problems.push(...diff(sent, expect.query ?? {}, `${at} query`));
  const headers = new Headers(init.headers);
  for (const [name, value] of Object.entries(expect.headers_present ?? {})) {
    if (headers.get(name) !== value) problems.push(`${at}: header ${name} is ${JSON.stringify(headers.get(name))}, expected ${JSON.stringify(value)}`);
  }
  for (const name of expect.headers_absent ?? []) {
    if (headers.has(name)) problems.push(`${at}: header ${name} was sent`);
  }
  const hasBody = init.body !== undefined && init.body !== null;
  if (!('body_json' in expect)) {
    if (hasBody) problems.push(`${at}: a body was sent: ${init.body}`);
  } else if (!hasBody) {
    problems.push(`${at}: no body was sent`);
  } else {
    let body;
    try {
      body = JSON.parse(init.body);
    } catch {
      return problems.push(`${at}: the body is not JSON: ${init.body}`);
    }
    problems.push(...diff(body, expect.body_json, `${at} body`));
  }
}

const TRANSPORT_FAILURES = {
  connect: () =>
    new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED 192.0.2.1:443'), {
        code: 'ECONNREFUSED', errno: -111, syscall: 'connect', address: '192.0.2.1', port: 443,
      }),
    }),
  io: () => new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) }),
  timeout: () => new DOMException('The operation was aborted due to timeout', 'TimeoutError'),
};

/**
 * For a canned answer, a function that returns (a fresh `Response`) or throws what Node's fetch
 * would; throws at once if the canned answer is malformed.
 */
function answer(canned, where) {
  if (canned === null || typeof canned !== 'object' || Array.isArray(canned)) throw new Error(`${where} is not an object`);
  if ('error' in canned) {
    if (Object.keys(canned).length !== 1) throw new Error(`${where}: a transport failure has no other fields`);
    const failure = Object.hasOwn(TRANSPORT_FAILURES, canned.error) && TRANSPORT_FAILURES[canned.error];
    if (!failure) throw new Error(`${where}: unknown transport error ${JSON.stringify(canned.error)}`);
    return () => {
      throw failure();
    };
  }
  const unknown = unknownKeys(canned, KEYS.response, where);
  if (unknown.length) throw new Error(unknown.join(', '));
  if (!Number.isInteger(canned.status)) throw new Error(`${where}: status must be a whole number`);
  if (['body_json', 'body_text', 'body_base64'].filter((k) => k in canned).length > 1) {
    throw new Error(`${where}: more than one body form`);
  }
  const headers = new Headers(canned.headers ?? {});
  let body = null;
  if ('body_json' in canned) {
    body = JSON.stringify(canned.body_json);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  } else if ('body_text' in canned) {
    body = canned.body_text;
  } else if ('body_base64' in canned) {
    body = Uint8Array.from(atob(canned.body_base64), (c) => c.charCodeAt(0));
  }
  return () => new Response(body, { status: canned.status, headers });
}

/** Runs one parsed vector through the package namespace `api`; returns every problem found. */
async function runVector(api, vector, { inspect, operations }) {
  const problems = unknownKeys(vector, KEYS.vector, '$');
  if (typeof vector.name !== 'string') problems.push('name is required');
  problems.push(...unknownKeys(vector.config, KEYS.config, '$.config'));
  if (vector.expect_request) problems.push(...unknownKeys(vector.expect_request, KEYS.request, '$.expect_request'));
  if (vector.expect_error) problems.push(...unknownKeys(vector.expect_error, KEYS.error, '$.expect_error'));
  const responses = vector.responses ?? [];
  const answers = responses.map((canned, i) => {
    try {
      return answer(canned, `$.responses[${i}]`);
    } catch (error) {
      problems.push(error.message);
    }
  });
  if (('expect_result' in vector) === ('expect_error' in vector)) problems.push('exactly one of expect_result and expect_error');
  const operation = Object.hasOwn(operations, vector.operation) && operations[vector.operation];
  if (!operation) problems.push(`unknown operation ${vector.operation}`);
  if (!('api_secret' in (vector.config ?? {}))) problems.push('config.api_secret is required');
  if (operation?.[0]) problems.push(...unknownKeys(vector.input, operation[0], '$.input'));
  if (vector.call_options) problems.push(...unknownKeys(vector.call_options, KEYS.callOptions, '$.call_options'));
  if (problems.length) return problems;

  const { config } = vector;
  const sleeps = [];
  const controller = new AbortController();
  let attempts = 0;
  const fakeFetch = async (url, init) => {
    attempts += 1;
    checkRequest(vector.expect_request, url, init, attempts, problems);
    if (attempts > answers.length) {
      problems.push(`transport called ${attempts} times, only ${answers.length} responses`);
      controller.abort();
      return new Promise(() => {});
    }
    return answers[attempts - 1]();
  };

  let outcome;
  try {
    const flow = new api.Flow({
      // A vector's null secret means "no secret": '' keeps a FLOW_API_SECRET set on this machine out.
      apiSecret: config.api_secret ?? '',
      baseURL: config.base_url,
      maxRetries: config.max_retries,
      timeout: config.timeout_ms,
      maxResponseBytes: config.max_response_bytes,
      defaultHeaders: config.default_headers,
      fetch: fakeFetch,
      // A page refuses a secret without it; Node ignores it.
      dangerouslyAllowBrowser: true,
      _sleep: (ms) => void sleeps.push(ms),
      _jitter: config.jitter ?? 0,
    });
    const { timeout_ms: timeout, max_retries: maxRetries, extra_headers: headers } = vector.call_options ?? {};
    const options = { signal: controller.signal, timeout, maxRetries, headers };
    const answer = await operation[1](flow, vector.input, options).withResponse();
    outcome = { result: answer.data, requestId: answer.requestId };
  } catch (error) {
    outcome = { error };
  }

  if ('expect_result' in vector) {
    if (outcome.error) {
      problems.push(`expected a result, got ${outcome.error?.name}: ${outcome.error?.message}`);
    } else {
      const normalised = normalise(operation[2].output.shape, outcome.result, problems);
      problems.push(...diff(normalised, vector.expect_result, 'result'));
      if ('expect_request_id' in vector && outcome.requestId !== vector.expect_request_id) {
        problems.push(`requestId ${JSON.stringify(outcome.requestId)} != ${JSON.stringify(vector.expect_request_id)}`);
      }
    }
  } else if (!outcome.error) {
    problems.push(`expected a ${vector.expect_error.kind} error, got ${JSON.stringify(outcome.result)}`);
  } else {
    const { error } = outcome;
    const want = vector.expect_error;
    const classes = errorClasses(api);
    const Class = Object.hasOwn(classes, want.kind) && classes[want.kind];
    if (!Class) problems.push(`unknown error kind ${want.kind}`);
    else if (!(error instanceof Class)) problems.push(`${error?.name} is not a ${Class.name}`);
    if (error?.kind !== want.kind) problems.push(`kind ${error?.kind} != ${want.kind}`);
    const fields = { status: 'status', message: 'serverMessage', request_id: 'requestId', field: 'field',
      may_have_been_processed: 'mayHaveBeenProcessed' };
    for (const [key, property] of Object.entries(fields)) {
      if (key in want && error?.[property] !== want[key]) {
        problems.push(`${key}: ${JSON.stringify(error?.[property])} != ${JSON.stringify(want[key])}`);
      }
    }
    if (typeof error?.mayHaveBeenProcessed !== 'boolean') problems.push('mayHaveBeenProcessed is not a boolean');
    if ('body_contains' in want && !(typeof error?.body === 'string' && error.body.includes(want.body_contains))) {
      problems.push(`body ${JSON.stringify(error?.body)} does not contain ${JSON.stringify(want.body_contains)}`);
    }
  }
  const secret = typeof config.api_secret === 'string' ? config.api_secret.trim() : '';
  if (outcome.error && secret) {
    const forms = secretForms(secret);
    const shown = shownTexts(outcome.error, inspect);
    const leaks = shown.filter((text) => forms.some((form) => text.includes(form))).length;
    if (leaks) problems.push(`${leaks} of the error's ${shown.length} texts show the api_secret (plain, \\u-escaped or %-encoded)`);
  }
  const expectedAttempts = vector.expect_attempts ?? responses.length;
  if (attempts !== expectedAttempts) problems.push(`attempts ${attempts} != ${expectedAttempts}`);
  if (attempts < responses.length) problems.push(`${responses.length - attempts} responses left unconsumed`);
  const rounded = sleeps.map((ms) => Math.floor(ms + 0.5));
  problems.push(...diff(rounded, vector.expect_sleeps_ms ?? [], 'sleeps_ms'));
  return problems;
}

/**
 * A runner over the package namespace `api` (the Node or the browser entry). Each call takes one
 * vector file's name and text and returns `{ name, problems }` (no problems: it passed); a vector
 * that is not JSON, cannot be run or reuses the name of one run before fails. `inspect(value)` is
 * the runtime's debug form, checked for the secret like every other text of an error.
 */
export function vectorRunner(api, { inspect, manifest }) {
  const names = new Map();
  const operations = operationsFrom(manifest);
  return async (file, text) => {
    let vector;
    try {
      vector = JSON.parse(text);
    } catch (error) {
      return { name: file, problems: [`not JSON: ${error.message}`] };
    }
    if (vector === null || typeof vector !== 'object' || Array.isArray(vector)) {
      return { name: file, problems: ['the vector is not an object'] };
    }
    let problems;
    try {
      problems = await runVector(api, vector, { inspect, operations });
    } catch (error) {
      problems = [`cannot run: ${error?.stack ?? error}`];
    }
    if (names.has(vector.name)) problems.push(`name also used by ${names.get(vector.name)}`);
    names.set(vector.name, file);
    return { name: vector.name ?? file, problems };
  };
}
