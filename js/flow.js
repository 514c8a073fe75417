// The `Flow` client, shared by the Node and browser entries. Its resources and methods are built at
// run time from the wasm core's manifest (the core's operation table); a call hands its arguments
// and options to the core as JSON, and the core decodes them, resolves the settings and runs the
// one driver loop (validation, retries, parsing) that the Rust crate and the Python wheel also run.

import * as errors from './errors.js';
import { toModels, toReport, toSummary } from './columns.js';

/** The class for each kind of error record the wasm core rejects with. */
const BY_KIND = {
  bad_request: errors.BadRequestError,
  authentication: errors.AuthenticationError,
  permission_denied: errors.PermissionDeniedError,
  not_found: errors.NotFoundError,
  conflict: errors.ConflictError,
  unprocessable_entity: errors.UnprocessableEntityError,
  rate_limit: errors.RateLimitError,
  internal_server: errors.InternalServerError,
  api_status: errors.APIStatusError,
  connection: errors.APIConnectionError,
  timeout: errors.APITimeoutError,
  aborted: errors.APIUserAbortError,
  response_validation: errors.APIResponseValidationError,
  invalid_request: errors.InvalidRequestError,
  missing_configuration: errors.FlowError,
};

/**
 * Results cross from the core by column (see columns.js), a single model as a parsed object; the
 * manifest names each output's shape, and each model's fields in the order the core sends them.
 */
const SHAPES = {
  model: (data) => data,
  list: toModels,
  report: toReport,
  summary_report: toSummary,
};

/** Job options the wasm side takes as JS values (functions, a signal, a path); the rest are data. */
const HOOKS = ['onProgress', 'signal', 'journal'];


/** The error for a record the wasm core rejected with; anything else (a JS error) is passed through. */
function toError(thrown) {
  if (thrown instanceof Error || typeof thrown?.kind !== 'string') return thrown;
  return new (BY_KIND[thrown.kind] ?? errors.FlowError)(thrown.message, thrown);
}

/** `f()`, with an error record it throws turned into its error class. */
function core(f) {
  try {
    return f();
  } catch (thrown) {
    throw toError(thrown);
  }
}

/**
 * JSON text of `value` for the core. A number JSON cannot hold (NaN, ±Infinity, a BigInt) goes as
 * text, so the core refuses it instead of reading null; `skip` names top-level keys that stay in JS.
 */
function json(value, skip = []) {
  const text = JSON.stringify(value ?? null, function (key, v) {
    if (this === value && skip.includes(key)) return undefined;
    return (typeof v === 'number' && !Number.isFinite(v)) || typeof v === 'bigint' ? String(v) : v;
  });
  return text ?? 'null';
}

/**
 * A page or a worker (Web, Shared, Service) in a browser, where the account secret must not end
 * up by accident: whoever loads the script can read it.
 */
function inBrowser() {
  const page =
    typeof window !== 'undefined' &&
    typeof window.document !== 'undefined' &&
    typeof navigator !== 'undefined';
  const worker =
    (typeof WorkerGlobalScope === 'function' && globalThis instanceof WorkerGlobalScope) ||
    typeof importScripts === 'function';
  return page || worker;
}

/** The global fetch, looked up at call time so that later polyfills and stubs apply. */
function globalFetch() {
  if (typeof globalThis.fetch !== 'function') return undefined;
  return (input, init) => globalThis.fetch(input, init);
}

/**
 * A call's promise, as openai-node's: awaiting it gives the data, `withResponse()` resolves to
 * `{ data, status, headers, requestId }`. The request is sent once, whichever is used.
 */
class APIPromise extends Promise {
  #answer;
  #data;
  #response;

  constructor(answer) {
    super((resolve) => resolve());
    this.#answer = answer;
  }

  // `finally` and friends build plain promises, not another APIPromise around their executor.
  static get [Symbol.species]() {
    return Promise;
  }

  withResponse() {
    // The `Headers` object is made only for whoever asks: building one checks every header.
    this.#response ??= this.#answer.then((answer) => ({ ...answer, headers: new Headers(answer.headers) }));
    return this.#response;
  }

  then(onFulfilled, onRejected) {
    this.#data ??= this.#answer.then((answer) => answer.data);
    return this.#data.then(onFulfilled, onRejected);
  }
}

/** Marks the options `withOptions` passes to the constructor: the client they derive from. */
const FROM = Symbol('from');

/**
 * Builds the `Flow` class for one runtime from the wasm module's `WasmClient` class and
 * `manifest()`; `runtime` is what the entry adds (Node: `env(name)`, its `node` version and
 * `journal(path)`, the bulk registration's journal file).
 */
export function defineFlow({ WasmClient, manifest, runtime = {} }) {
  const { operations, jobs, models } = manifest();
  const wires = Object.fromEntries(models.map((m) => [m.name, m.fields.map((f) => f.wire)]));

  class Flow {
    #client;
    #allowBrowser;

    constructor(options = {}) {
      const from = options?.[FROM];
      this.#allowBrowser = options?.dangerouslyAllowBrowser ?? from?.#allowBrowser;
      // Only the boolean `true` opts in: a string "false" or a 1 from a form or a query string must
      // not hand the secret to the page. `''` is "no secret".
      const secret = options?.apiSecret;
      if (secret != null && secret !== '' && inBrowser() && this.#allowBrowser !== true) {
        throw new errors.FlowError(
          'Refusing to use the account API secret in a browser: it manages the whole account and ' +
            'anyone who opens the page can read it. Leave apiSecret out for the public calls ' +
            '(events.getPublic, registrants.create), or pass dangerouslyAllowBrowser: true in a ' +
            'trusted internal tool.',
          { kind: 'missing_configuration', endpoint: 'client', mayHaveBeenProcessed: false },
        );
      }
      // The secret goes into the wasm core and is not kept on this object. `_sleep` and `_jitter`
      // are test seams (not typed): record retry sleeps, fix the jitter.
      const settings = json(options, ['logger']);
      const seams = {
        fetch: options?.fetch ?? globalFetch(),
        logger: options?.logger ?? console,
        sleep: options?._sleep,
        jitter: options?._jitter,
      };
      this.#client = core(() =>
        from ? from.#client.withOptions(settings) : new WasmClient(settings, { ...runtime, ...seams }),
      );
      for (const op of operations) {
        const resource = (this[op.resource] ??= {});
        const count = op.js_inputs.length;
        resource[op.js_method] =
          op.form === 'object'
            ? (input, options) => this.#call(op, [], input, options)
            : (...args) => this.#call(op, args.slice(0, count), null, args[count]);
      }
      for (const job of jobs) {
        (this[job.resource] ??= {})[job.js_method] = (input, options) => this.#job(job, input, options);
      }
    }

    /** A client with these settings on top of this one's, sharing its transport and logger. */
    withOptions(options) {
      return new Flow({ ...options, [FROM]: this });
    }

    #call(op, positional, input, options) {
      const shape = SHAPES[op.output.shape];
      const names = wires[op.output.model];
      const answer = (async () => {
        try {
          const signal = options?.signal;
          const { data, status, headers, requestId } = await this.#client.call(
            op.name, json(positional), json(input), json(options, ['signal']), signal);
          return { data: shape(data, names), status, headers, requestId };
        } catch (thrown) {
          throw toError(thrown);
        }
      })();
      return new APIPromise(answer);
    }

    /** A job (`registrants.createMany`, `reports.collect`): the core runs it, these shape the result. */
    async #job(job, input, options) {
      try {
        const data = await this.#client.job(job.name, input, json(options, HOOKS), options, runtime.journal);
        // Error records (`rows[].error`, `failures[].error`) become error classes; a report its rows.
        const result = data.report ? { ...toReport(data.report), failures: data.failures } : data;
        for (const item of result.failures ?? result.rows) item.error = toError(item.error);
        return result;
      } catch (thrown) {
        throw toError(thrown);
      }
    }
  }
  return Flow;
}
