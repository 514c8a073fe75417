// The `Flow` client, shared by the Node and browser entries. It maps each method's camelCase
// arguments to the core's neutral input and hands the call to the wasm core, which runs the one
// driver loop (validation, retries, parsing) that the Rust crate and the Python wheel also run.

import {
  APIConnectionError,
  APIResponseValidationError,
  APIStatusError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  FlowError,
  InternalServerError,
  InvalidRequestError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from './errors.js';
import { fromColumns, summaryFromColumns } from './report.js';

/** The class for each kind of error record the wasm core rejects with. */
const BY_KIND = {
  bad_request: BadRequestError,
  authentication: AuthenticationError,
  permission_denied: PermissionDeniedError,
  not_found: NotFoundError,
  conflict: ConflictError,
  unprocessable_entity: UnprocessableEntityError,
  rate_limit: RateLimitError,
  internal_server: InternalServerError,
  api_status: APIStatusError,
  connection: APIConnectionError,
  timeout: APITimeoutError,
  aborted: APIUserAbortError,
  response_validation: APIResponseValidationError,
  invalid_request: InvalidRequestError,
  missing_configuration: FlowError,
};

/** The error for a record the wasm core rejected with; anything else is passed through. */
function toError(thrown) {
  const isRecord =
    thrown !== null &&
    typeof thrown === 'object' &&
    !(thrown instanceof Error) &&
    typeof thrown.kind === 'string' &&
    typeof thrown.message === 'string';
  if (!isRecord) return thrown;
  const Class = BY_KIND[thrown.kind] ?? FlowError;
  return new Class(thrown.message, thrown);
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
 * Builds the `Flow` class for one runtime. `load()` returns the wasm `Core` class, or a promise of
 * it while the module is still loading; `env(name)` reads configuration from the environment.
 */
export function defineFlow({ load, env }) {
  class Flow {
    #core;

    constructor(options = {}) {
      const {
        apiSecret = env('FLOW_API_SECRET'),
        baseURL = env('FLOW_BASE_URL'),
        timeout,
        maxRetries,
        maxResponseBytes,
        fetch = globalFetch(),
        dangerouslyAllowBrowser = false,
      } = options ?? {};
      // Only the boolean `true` opts in: a string "false" or a 1 from a form or a query string must
      // not hand the secret to the page.
      if (apiSecret != null && inBrowser() && dangerouslyAllowBrowser !== true) {
        throw new FlowError(
          'Refusing to use the account API secret in a browser: it manages the whole account and ' +
            'anyone who opens the page can read it. Leave apiSecret out for the public calls ' +
            '(events.getPublic, registrants.create), or pass dangerouslyAllowBrowser: true in a ' +
            'trusted internal tool.',
          { kind: 'missing_configuration', endpoint: 'client', mayHaveBeenProcessed: false },
        );
      }
      // `_sleep` and `_jitter` are test seams (not typed): record retry sleeps, fix the jitter.
      const settings = {
        apiSecret,
        baseURL,
        timeout,
        maxRetries,
        maxResponseBytes,
        fetch,
        _sleep: options?._sleep,
        _jitter: options?._jitter,
      };
      // The secret goes into the wasm core and is not kept on this object.
      const create = (Core) => {
        try {
          return new Core(settings);
        } catch (thrown) {
          throw toError(thrown);
        }
      };
      const loaded = load();
      if (typeof loaded.then === 'function') {
        // The module is still loading (browser): bad options reject the first call instead.
        this.#core = loaded.then(create);
        this.#core.catch(() => {});
      } else {
        this.#core = create(loaded);
      }

      const call = (operation, input, callOptions) => this.#call(operation, input, callOptions);
      this.events = new Events(call);
      this.registrants = new Registrants(call);
      this.operators = new Operators(call);
      this.surveys = new Surveys(call);
      this.reports = new Reports(call);
      this.sso = new Sso(call);
    }

    async #call(operation, input, callOptions) {
      const core = await this.#core;
      try {
        return await core.call(operation, input, callOptions ?? {});
      } catch (thrown) {
        throw toError(thrown);
      }
    }
  }
  return Flow;
}

class Events {
  #call;
  constructor(call) {
    this.#call = call;
  }
  list(params, options) {
    const { period, simpleAnalytics } = params ?? {};
    return this.#call('events.list', { period, simple_analytics: simpleAnalytics }, options);
  }
  get(sessionToken, options) {
    return this.#call('events.get', { session_token: sessionToken }, options);
  }
  getPublic(sessionToken, options) {
    return this.#call('events.get_public', { session_token: sessionToken }, options);
  }
  create(event, options) {
    const e = event ?? {};
    const operators = Array.isArray(e.operators)
      ? e.operators.map((o) => ({
          id: o?.id,
          role: o?.role,
          mic_enabled: o?.micEnabled,
          cam_enabled: o?.camEnabled,
          screen_sharing_enabled: o?.screenSharingEnabled,
        }))
      : e.operators;
    const input = {
      creator_id: e.creatorId,
      title: e.title,
      description: e.description,
      date: e.date,
      time: e.time,
      timezone: e.timezone,
      operators,
      published: e.published,
      duration: e.duration,
      early_access_period: e.earlyAccessPeriod,
      video_record: e.videoRecord,
      on_demand_replays: e.onDemandReplays,
    };
    return this.#call('events.create', input, options);
  }
}

class Registrants {
  #call;
  constructor(call) {
    this.#call = call;
  }
  create(registrant, options) {
    const { sessionToken, email, firstName, lastName, redirect } = registrant ?? {};
    const input = { session_token: sessionToken, email, first_name: firstName, last_name: lastName, redirect };
    return this.#call('registrants.create', input, options);
  }
  list(sessionToken, options) {
    return this.#call('registrants.list', { session_token: sessionToken }, options);
  }
}

class Operators {
  #call;
  constructor(call) {
    this.#call = call;
  }
  list(options) {
    return this.#call('operators.list', {}, options);
  }
}

class Surveys {
  #call;
  constructor(call) {
    this.#call = call;
  }
  list(sessionToken, options) {
    return this.#call('surveys.list', { session_token: sessionToken }, options);
  }
}

class Reports {
  #call;
  constructor(call) {
    this.#call = call;
  }
  summary(sessionToken, options) {
    return this.#call('reports.summary', { session_token: sessionToken }, options).then(summaryFromColumns);
  }
  registrants(sessionToken, options) {
    return this.#call('reports.registrants', { session_token: sessionToken }, options).then(fromColumns);
  }
  attendeeChat(sessionToken, options) {
    return this.#call('reports.attendee_chat', { session_token: sessionToken }, options).then(fromColumns);
  }
  operatorChat(sessionToken, options) {
    return this.#call('reports.operator_chat', { session_token: sessionToken }, options).then(fromColumns);
  }
  survey(sessionToken, surveyId, options) {
    return this.#call('reports.survey', { session_token: sessionToken, survey_id: surveyId }, options).then(
      fromColumns,
    );
  }
}

class Sso {
  #call;
  constructor(call) {
    this.#call = call;
  }
  rooms(accountToken, options) {
    return this.#call('sso.rooms', { account_token: accountToken }, options);
  }
  loginLink(member, options) {
    const { roomId, email, firstName, lastName } = member ?? {};
    const input = { room_id: roomId, email, first_name: firstName, last_name: lastName };
    return this.#call('sso.login_link', input, options);
  }
}
