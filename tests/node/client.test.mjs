// The JS layer with a fake fetch: options, environment fallbacks, the browser rule, input errors,
// the error classes, and what a result object may contain.

import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';

import * as api from 'flow-api';

const { Flow, FlowError, InvalidRequestError } = api;
const BASE = 'https://flow.test/api/v1';
const SECRET = 'sk-client-test-5ec7e7';

/** A fetch that records requests and answers each with `reply(url, init)` (default: empty list). */
function fakeFetch(reply = () => ({ code: 200, data: [] })) {
  const fetch = async (url, init) => {
    fetch.requests.push({ url, init });
    const body = reply(url, init);
    return typeof body === 'string' || body instanceof Response
      ? body instanceof Response
        ? body
        : new Response(body, { status: 200 })
      : Response.json(body);
  };
  fetch.requests = [];
  return fetch;
}

describe('configuration', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  test("FLOW_API_SECRET and FLOW_BASE_URL are the Node fallbacks; null is unset, '' opts out of the secret", async () => {
    process.env.FLOW_API_SECRET = SECRET;
    process.env.FLOW_BASE_URL = 'http://127.0.0.1:1/env/api';
    const fetch = fakeFetch();
    await new Flow({ fetch }).operators.list();
    await new Flow({ fetch, apiSecret: null, baseURL: null }).operators.list();
    for (const { url, init } of fetch.requests) {
      assert.equal(url, 'http://127.0.0.1:1/env/api/users');
      assert.equal(init.headers['api-secret'], SECRET);
    }
    for (const apiSecret of ['', '  ']) {
      const error = await new Flow({ fetch, apiSecret }).operators.list().catch((e) => e);
      assert.equal(error.kind, 'missing_configuration');
    }
    assert.equal(fetch.requests.length, 2);
  });

  test('the User-Agent names the package, its version and Node', async () => {
    const fetch = fakeFetch();
    await new Flow({ apiSecret: SECRET, baseURL: BASE, fetch }).operators.list();
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    const major = process.versions.node.split('.')[0];
    assert.equal(fetch.requests[0].init.headers['user-agent'], `flow-api-node/${version} node/${major}`);
  });

  test('blank environment variables count as unset', async () => {
    process.env.FLOW_API_SECRET = '  ';
    process.env.FLOW_BASE_URL = '';
    const fetch = fakeFetch(() => ({ code: 200, data: { token: 'T35tT0K3n' } }));
    await new Flow({ fetch }).events.getPublic('T35tT0K3n');
    assert.equal(fetch.requests[0].url, 'https://prod.flowapp.com/api/v1/events/sessions/public/T35tT0K3n');
  });

  test('bad options throw InvalidRequestError at construction, naming the option as the core does', () => {
    const cases = [
      [{ timeout: -1 }, 'timeout'],
      [{ timeout: 'soon' }, 'timeout'],
      [{ timeout: 1e30 }, 'timeout'],
      [{ timeout: 2 ** 31 }, 'timeout'],
      [{ timeout: Number.NaN }, 'timeout'],
      [{ maxRetries: 1.5 }, 'max_retries'],
      [{ maxRetries: -1 }, 'max_retries'],
      [{ maxRetries: 11 }, 'max_retries'],
      [{ maxRetries: 2 ** 53 }, 'max_retries'],
      [{ maxResponseBytes: 1023 }, 'max_response_bytes'],
      [{ maxResponseBytes: 4096.5 }, 'max_response_bytes'],
      [{ maxResponseBytes: '1mb' }, 'max_response_bytes'],
      [{ fetch: 'not a function' }, 'fetch'],
      [{ apiSecret: 42 }, 'api_secret'],
      [{ baseURL: {} }, 'base_url'],
    ];
    for (const [options, field] of cases) {
      assert.throws(
        () => new Flow({ fetch: fakeFetch(), ...options }),
        (e) => e instanceof InvalidRequestError && e.field === field && e.mayHaveBeenProcessed === false,
        JSON.stringify(options),
      );
    }
  });

  test('the bounds themselves are accepted', async () => {
    const fetch = fakeFetch();
    const flow = new Flow({ apiSecret: SECRET, baseURL: BASE, fetch, timeout: 2 ** 31 - 1, maxRetries: 10, maxResponseBytes: 1024 });
    assert.deepEqual(await flow.operators.list({ timeout: 2 ** 31 - 1, maxRetries: 0 }), []);
    assert.ok(new Flow({ fetch, timeout: 0.5, maxRetries: 0, maxResponseBytes: 2 ** 53 - 1 }));
  });

  test('bad call options reject before sending', async () => {
    const fetch = fakeFetch();
    const flow = new Flow({ apiSecret: SECRET, baseURL: BASE, fetch });
    const cases = [[{ timeout: 0 }, 'timeout'], [{ timeout: 1e30 }, 'timeout'], [{ timeout: 2 ** 31 }, 'timeout'],
      [{ maxRetries: 'x' }, 'max_retries'], [{ maxRetries: 11 }, 'max_retries'], [{ signal: {} }, 'signal'], ['fast', 'options']];
    for (const [options, field] of cases) {
      const error = await flow.operators.list(options).catch((e) => e);
      assert.ok(error instanceof InvalidRequestError, String(error));
      assert.equal(error.field, field);
      assert.equal(error.endpoint, 'operators.list');
      assert.equal(error.mayHaveBeenProcessed, false);
    }
    assert.equal(fetch.requests.length, 0);
  });

  test('the secret is trimmed; one with a control character or one passed as baseURL is refused unechoed', async () => {
    const fetch = fakeFetch();
    await new Flow({ apiSecret: `  ${SECRET}\n`, baseURL: BASE, fetch }).operators.list();
    assert.equal(fetch.requests[0].init.headers['api-secret'], SECRET);
    for (const options of [{ apiSecret: 'sk-ab\x01cd-5ec7e7' }, { apiSecret: SECRET, baseURL: SECRET }, { baseURL: `${SECRET}\n` }]) {
      assert.throws(() => new Flow({ fetch, ...options }), (e) => {
        assert.ok(e instanceof FlowError, String(e));
        assert.equal(e.kind, 'missing_configuration');
        for (const text of [e.message, String(e), inspect(e)]) {
          assert.ok(!text.includes('5ec7e7') && !text.includes('sk-ab'), text);
        }
        return true;
      });
    }
  });

  test('the secret is in no property, inspection or JSON of the client', () => {
    const flow = new Flow({ apiSecret: SECRET, baseURL: BASE, fetch: fakeFetch() });
    assert.ok(!inspect(flow, { depth: 10, showHidden: true }).includes(SECRET));
    assert.ok(!JSON.stringify(flow).includes(SECRET));
  });
});

describe('in a browser page or worker', () => {
  const globals = ['window', 'navigator', 'WorkerGlobalScope', 'importScripts'];
  const saved = Object.fromEntries(globals.map((g) => [g, Object.getOwnPropertyDescriptor(globalThis, g)]));
  afterEach(() => {
    for (const g of globals) {
      if (saved[g]) Object.defineProperty(globalThis, g, saved[g]);
      else delete globalThis[g];
    }
  });
  const pretendBrowser = () => {
    Object.defineProperty(globalThis, 'window', { value: { document: {} }, configurable: true, writable: true });
    Object.defineProperty(globalThis, 'navigator', { value: { userAgent: 'test' }, configurable: true, writable: true });
  };

  test('an apiSecret throws unless dangerouslyAllowBrowser', () => {
    pretendBrowser();
    assert.throws(() => new Flow({ apiSecret: SECRET, baseURL: BASE, fetch: fakeFetch() }), (e) => {
      assert.ok(e instanceof FlowError);
      assert.match(e.message, /dangerouslyAllowBrowser/);
      assert.ok(!e.message.includes(SECRET));
      return true;
    });
    assert.ok(new Flow({ apiSecret: SECRET, baseURL: BASE, fetch: fakeFetch(), dangerouslyAllowBrowser: true }));
  });

  test('only dangerouslyAllowBrowser: true opts in, not "true", "false" or 1', () => {
    pretendBrowser();
    for (const dangerouslyAllowBrowser of ['true', 'false', 1, {}, [true]]) {
      assert.throws(
        () => new Flow({ apiSecret: SECRET, baseURL: BASE, fetch: fakeFetch(), dangerouslyAllowBrowser }),
        (e) => e instanceof FlowError && /dangerouslyAllowBrowser/.test(e.message) && e.mayHaveBeenProcessed === false,
        JSON.stringify(dangerouslyAllowBrowser),
      );
    }
  });

  test('a Web, Shared or Service Worker counts as a browser', () => {
    // A worker's global scope is an instance of WorkerGlobalScope, and has importScripts (classic
    // workers) but no window.
    Object.defineProperty(globalThis, 'WorkerGlobalScope', {
      value: class WorkerGlobalScope {
        static [Symbol.hasInstance](value) {
          return value === globalThis;
        }
      },
      configurable: true,
      writable: true,
    });
    assert.throws(() => new Flow({ apiSecret: SECRET, baseURL: BASE, fetch: fakeFetch() }), /dangerouslyAllowBrowser/);
    assert.ok(new Flow({ apiSecret: null, baseURL: BASE, fetch: fakeFetch() }));
    assert.ok(new Flow({ apiSecret: '', baseURL: BASE, fetch: fakeFetch() }));
    delete globalThis.WorkerGlobalScope;
    assert.ok(new Flow({ apiSecret: SECRET, baseURL: BASE, fetch: fakeFetch() }), 'plain Node is no browser');
    Object.defineProperty(globalThis, 'importScripts', { value: () => {}, configurable: true, writable: true });
    assert.throws(() => new Flow({ apiSecret: SECRET, baseURL: BASE, fetch: fakeFetch() }), /dangerouslyAllowBrowser/);
    assert.ok(new Flow({ apiSecret: SECRET, baseURL: BASE, fetch: fakeFetch(), dangerouslyAllowBrowser: true }));
  });

  test('withOptions guards a new secret the same way, and inherits the opt-in', () => {
    pretendBrowser();
    const plain = new Flow({ baseURL: BASE, fetch: fakeFetch() });
    assert.throws(() => plain.withOptions({ apiSecret: SECRET }), /dangerouslyAllowBrowser/);
    assert.ok(plain.withOptions({ apiSecret: SECRET, dangerouslyAllowBrowser: true }));
    assert.ok(plain.withOptions({ timeout: 1000 }));
    const trusted = new Flow({ apiSecret: SECRET, baseURL: BASE, fetch: fakeFetch(), dangerouslyAllowBrowser: true });
    assert.ok(trusted.withOptions({ apiSecret: `${SECRET}-2` }));
  });

  test('without a secret the public calls work and the others reject before sending', async () => {
    pretendBrowser();
    const fetch = fakeFetch((url) => (url.includes('/registrants') ? { code: 200, data: { id: 7, isNew: true } } : { code: 200, data: { token: 'T35tT0K3n' } }));
    const flow = new Flow({ apiSecret: '', baseURL: BASE, fetch });
    assert.equal((await flow.events.getPublic('T35tT0K3n')).token, 'T35tT0K3n');
    const registration = await flow.registrants.create({ sessionToken: 'T35tT0K3n', email: 'a@b.co', firstName: 'A', lastName: 'B' });
    assert.deepEqual(registration, { id: 7, isNew: true });
    const error = await flow.registrants.list('T35tT0K3n').catch((e) => e);
    assert.ok(error instanceof FlowError && error.kind === 'missing_configuration', String(error));
    assert.equal(fetch.requests.length, 2);
  });
});

describe('input', () => {
  const flow = new Flow({ apiSecret: SECRET, baseURL: BASE, fetch: fakeFetch() });

  test('a wrong type or a missing argument is InvalidRequestError with the neutral field name', async () => {
    const cases = [
      [() => flow.registrants.list(42), 'session_token'],
      [() => flow.registrants.list(), 'session_token'],
      [() => flow.events.list({ period: 'yesterday' }), 'period'],
      [() => flow.events.create({ title: 'x' }), 'creator_id'],
      [() => flow.events.create({ creatorId: 1, title: 'T', date: '2030-01-01', time: '10:00:00', timezone: 'UTC' }), 'description'],
      [() => flow.events.create({ creatorId: 1, title: 'T', description: '', date: '2030-01-01', time: '10:00:00', timezone: 'UTC', operators: [{ id: 3 }] }), 'operators'],
      [() => flow.events.create({ creatorId: 1, title: 'T', description: '', date: '2030-01-01', time: '10:00:00', timezone: 'UTC', operators: [{ id: 'one', role: 5 }] }), 'operators'],
      [() => flow.registrants.create({ sessionToken: 'T35tT0K3n', email: 'not-an-email', firstName: 'A', lastName: 'B' }), 'email'],
      [() => flow.sso.loginLink({ roomId: 'r', email: 'a@b.co', firstName: 'A*_*B', lastName: 'C' }), 'first_name'],
    ];
    for (const [call, field] of cases) {
      const error = await call().catch((e) => e);
      assert.ok(error instanceof InvalidRequestError, `${call}: ${error}`);
      assert.equal(error.field, field, String(call));
      assert.match(error.message, /nothing was sent/);
    }
  });
});

describe('the same bad input, the same error as every runtime', () => {
  const fetch = fakeFetch();
  const flow = new Flow({ apiSecret: SECRET, baseURL: BASE, fetch });
  const person = { sessionToken: 'T35tT0K3n', email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' };

  test('a boolean surveyId, period "last", a missing email and an unknown key name their field', async () => {
    const { email: _, ...withoutEmail } = person;
    const cases = [
      [() => flow.reports.survey('LKo586mmk7g', true), 'survey_id', 'reports.survey'],
      [() => flow.events.list({ period: 'last' }), 'period', 'events.list'],
      [() => flow.registrants.create(withoutEmail), 'email', 'registrants.create'],
      [() => flow.registrants.create({ ...person, nickName: 'Ada' }), 'nick_name', 'registrants.create'],
      [() => flow.events.list({ simpleAnalytics: 'yes please' }), 'simple_analytics', 'events.list'],
      [() => flow.events.list('past'), 'input', 'events.list'],
    ];
    for (const [call, field, endpoint] of cases) {
      const error = await call().catch((e) => e);
      assert.ok(error instanceof InvalidRequestError, `${call}: ${error}`);
      assert.equal(error.field, field, String(call));
      assert.equal(error.endpoint, endpoint);
      assert.equal(error.mayHaveBeenProcessed, false);
    }
    assert.equal(fetch.requests.length, 0);
  });

  test('null inputs are left out, and nested names are the API\'s own', async () => {
    const created = fakeFetch((url) => ({ code: 200, data: url.endsWith('/event') ? { message: 'ok' } : [] }));
    const client = new Flow({ apiSecret: SECRET, baseURL: BASE, fetch: created });
    await client.events.list({ period: null, simpleAnalytics: undefined });
    assert.equal(created.requests[0].url, `${BASE}/events/sessions`);
    await client.events.create({
      creatorId: 1, title: 'T', description: '', date: '2030-01-01', time: '10:00:00', timezone: 'UTC',
      operators: [{ id: 3, role: 5, micEnabled: true }], published: null,
    });
    const body = JSON.parse(created.requests[1].init.body);
    assert.equal(body.creatorID, 1);
    assert.equal(body.published, undefined);
    assert.equal(body.operators[0].micEnabled, true);
    assert.ok(Object.keys(body.operators[0]).every((k) => !k.includes('_')), JSON.stringify(body.operators));
  });
});

describe('withOptions', () => {
  const failing = () => {
    const fetch = async (url, init) => {
      fetch.requests.push({ url, init });
      return new Response('{"code":500,"message":"boom"}', { status: 500 });
    };
    fetch.requests = [];
    return fetch;
  };

  test('a new client with the settings on top, sharing the transport; the original is unchanged', async () => {
    const fetch = failing();
    const base = new Flow({ apiSecret: SECRET, baseURL: BASE, fetch, maxRetries: 2, defaultHeaders: { 'x-team': 'a' }, _sleep: () => {} });
    const derived = base.withOptions({ maxRetries: 0, defaultHeaders: { 'x-call-site': 'report' } });
    assert.ok(derived instanceof Flow && derived !== base);
    await derived.operators.list().catch(() => {});
    assert.equal(fetch.requests.length, 1, 'maxRetries 0, through the same fetch');
    const sent = fetch.requests[0].init.headers;
    assert.equal(sent['x-team'], 'a', 'default headers are merged');
    assert.equal(sent['x-call-site'], 'report');
    assert.equal(sent['api-secret'], SECRET, 'the secret is kept');
    await base.operators.list().catch(() => {});
    assert.equal(fetch.requests.length, 4, 'the original still retries twice');
    assert.equal(fetch.requests[1].init.headers['x-call-site'], undefined);
  });

  test('overrides the secret, base URL and timeout, checked by the core', async () => {
    const fetch = fakeFetch();
    const base = new Flow({ apiSecret: SECRET, baseURL: BASE, fetch });
    await base.withOptions({ apiSecret: 'other-secret', baseURL: 'http://127.0.0.1:2/v2' }).operators.list();
    assert.equal(fetch.requests[0].url, 'http://127.0.0.1:2/v2/users');
    assert.equal(fetch.requests[0].init.headers['api-secret'], 'other-secret');
    const error = await base.withOptions({ apiSecret: '' }).operators.list().catch((e) => e);
    assert.equal(error.kind, 'missing_configuration');
    for (const [options, field] of [[{ maxRetries: 11 }, 'max_retries'], [{ timeout: 0 }, 'timeout'],
      [{ defaultHeaders: { host: 'evil.test' } }, 'default_headers'], [{ retries: 1 }, 'retries']]) {
      assert.throws(() => base.withOptions(options), (e) => e instanceof InvalidRequestError && e.field === field, JSON.stringify(options));
    }
  });
});

describe('headers', () => {
  test('defaultHeaders and per-call headers reach fetch; the call\'s win and null removes one', async () => {
    const fetch = fakeFetch();
    const flow = new Flow({ apiSecret: SECRET, baseURL: BASE, fetch, defaultHeaders: { 'X-Team': 'a', 'X-Env': 'prod' } });
    await flow.operators.list({ headers: { 'x-env': 'staging', 'X-Trace': 't-1', accept: null } });
    const sent = fetch.requests[0].init.headers;
    assert.equal(sent['x-team'], 'a');
    assert.equal(sent['x-env'], 'staging');
    assert.equal(sent['x-trace'], 't-1');
    assert.equal(sent.accept, undefined);
    assert.equal(sent['api-secret'], SECRET);
  });

  test('api-secret, host and content-length are refused, in settings and per call, before sending', async () => {
    const fetch = fakeFetch();
    for (const name of ['api-secret', 'Host', 'content-length']) {
      assert.throws(() => new Flow({ baseURL: BASE, fetch, defaultHeaders: { [name]: 'x' } }),
        (e) => e instanceof InvalidRequestError && e.field === 'default_headers', name);
      const error = await new Flow({ apiSecret: SECRET, baseURL: BASE, fetch }).operators.list({ headers: { [name]: 'x' } }).catch((e) => e);
      assert.ok(error instanceof InvalidRequestError, String(error));
      assert.equal(error.field, 'extra_headers');
      assert.equal(error.endpoint, 'operators.list');
    }
    const bad = await new Flow({ apiSecret: SECRET, baseURL: BASE, fetch }).operators.list({ headers: { 'x-a': 'b\r\nc' } }).catch((e) => e);
    assert.equal(bad.field, 'extra_headers');
    assert.equal(fetch.requests.length, 0);
  });
});

describe('withResponse', () => {
  test('status, headers, request id and data, from one request', async () => {
    const fetch = fakeFetch(() => Response.json({ code: 200, data: [{ id: 1001 }] }, { headers: { 'x-request-id': 'req-7', 'x-ratelimit-remaining': '99' } }));
    const promise = new Flow({ apiSecret: SECRET, baseURL: BASE, fetch }).operators.list();
    const answer = await promise.withResponse();
    assert.deepEqual(answer.data, [{ id: 1001 }]);
    assert.equal(answer.status, 200);
    assert.ok(answer.headers instanceof Headers);
    assert.equal(answer.headers.get('X-RateLimit-Remaining'), '99');
    assert.equal(answer.requestId, 'req-7');
    assert.deepEqual(await promise, [{ id: 1001 }]);
    assert.deepEqual(await promise.then((data) => data.length), 1);
    assert.equal(fetch.requests.length, 1, 'sent once');
  });

  test('a report arrives as { columns, rows, text }; no request id is null; a failure rejects both', async () => {
    const csv = 'Name\nAda\n';
    const reports = fakeFetch(() => new Response(csv, { headers: { 'content-type': 'text/csv' } }));
    const answer = await new Flow({ apiSecret: SECRET, baseURL: BASE, fetch: reports }).reports.registrants('LKo586mmk7g').withResponse();
    assert.deepEqual(answer.data, { columns: ['Name'], rows: [{ Name: 'Ada' }], text: csv });
    assert.equal(answer.requestId, null);
    const fetch = async () => new Response('{"code":404,"message":"no"}', { status: 404 });
    const promise = new Flow({ apiSecret: SECRET, baseURL: BASE, fetch }).events.get('x');
    assert.ok((await promise.withResponse().catch((e) => e)) instanceof api.NotFoundError);
    assert.ok((await promise.catch((e) => e)) instanceof api.NotFoundError);
    assert.ok((await promise.finally(() => {}).catch((e) => e)) instanceof api.NotFoundError);
  });
});

describe('logging', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });
  const recorder = () => {
    const lines = [];
    const logger = Object.fromEntries(['debug', 'info', 'warn'].map((level) => [level, (line) => lines.push([level, line])]));
    return { lines, logger };
  };
  /** Answers 503 (echoing the secret) first, then a 401 that echoes it too. */
  const echoing = () => {
    let calls = 0;
    return async (_url, init) =>
      new Response(JSON.stringify({ code: ++calls === 1 ? 503 : 401, message: `bad secret ${init.headers['api-secret']}` }), { status: calls === 1 ? 503 : 401 });
  };

  test('FLOW_LOG=debug sends every attempt, retry and failure to the logger, the secret never', async () => {
    process.env.FLOW_LOG = 'debug';
    const { lines, logger } = recorder();
    const flow = new Flow({ apiSecret: SECRET, baseURL: BASE, fetch: echoing(), logger, _sleep: () => {} });
    const error = await flow.operators.list().catch((e) => e);
    assert.ok(error instanceof api.AuthenticationError);
    assert.deepEqual([...new Set(lines.map(([level]) => level))].sort(), ['debug', 'info', 'warn']);
    assert.ok(lines.some(([level, line]) => level === 'debug' && line.includes('operators.list') && line.includes('/users')), JSON.stringify(lines));
    for (const [, line] of lines) assert.ok(!line.includes(SECRET), line);
  });

  test('logLevel overrides FLOW_LOG; without either nothing is logged', async () => {
    process.env.FLOW_LOG = 'debug';
    const warnOnly = recorder();
    await new Flow({ apiSecret: SECRET, baseURL: BASE, fetch: echoing(), logger: warnOnly.logger, logLevel: 'warn', _sleep: () => {} })
      .operators.list().catch(() => {});
    assert.deepEqual(warnOnly.lines.map(([level]) => level), ['warn']);
    assert.ok(!warnOnly.lines[0][1].includes(SECRET));
    const off = recorder();
    await new Flow({ apiSecret: SECRET, baseURL: BASE, fetch: echoing(), logger: off.logger, logLevel: 'off', _sleep: () => {} })
      .operators.list().catch(() => {});
    delete process.env.FLOW_LOG;
    await new Flow({ apiSecret: SECRET, baseURL: BASE, fetch: echoing(), logger: off.logger, _sleep: () => {} }).operators.list().catch(() => {});
    assert.deepEqual(off.lines, []);
  });

  test('a bad level is refused, from the option or the variable', () => {
    assert.throws(() => new Flow({ fetch: fakeFetch(), logLevel: 'loud' }), (e) => e instanceof InvalidRequestError && e.field === 'log_level');
    process.env.FLOW_LOG = 'loud';
    assert.throws(() => new Flow({ fetch: fakeFetch() }), (e) => e instanceof FlowError && /FLOW_LOG/.test(e.message));
  });
});

describe('results', () => {
  test('unknown fields are kept, and a field named __proto__ stays a plain field', async () => {
    const body = '{"code":200,"data":[{"token":"a","published":"1","custom":{"x":[1,null]},"__proto__":{"polluted":true}}]}';
    const [session] = await new Flow({ apiSecret: SECRET, baseURL: BASE, fetch: fakeFetch(() => body) }).events.list();
    assert.equal(session.published, true);
    assert.deepEqual(session.custom, { x: [1, null] });
    assert.equal(Object.getPrototypeOf(session), Object.prototype);
    assert.equal(session.polluted, undefined);
    assert.ok(Object.hasOwn(session, '__proto__'));
  });

  test('models cross by column as the JSON would read: field order, absent fields, shapes, nested and multi-byte values', async () => {
    const body = JSON.stringify({ code: 200, data: [
      { email: 'a@b', entryTime: null, role: '5', micEnabled: 1, zz: { __proto__: 1 } },
      { exitTime: '', email: 'Zoë 👩‍💻 東京', role: 7.0, camEnabled: 'no', 1: 'one' },
      { userID: -12, phone: '📞', eventSessionID: 9007199254740993 },
      {},
    ] }).replace('"zz":{}', '"zz":{"__proto__":1}');
    const rows = await new Flow({ apiSecret: SECRET, baseURL: BASE, fetch: fakeFetch(() => body) }).registrants.list('tok');
    assert.deepEqual(rows.map((row) => Object.entries(row)), [
      [['email', 'a@b'], ['role', 5], ['micEnabled', true], ['zz', { ['__proto__']: 1 }]],
      [['1', 'one'], ['email', 'Zoë 👩‍💻 東京'], ['exitTime', ''], ['role', 7], ['camEnabled', false]],
      [['userID', -12], ['eventSessionID', 9007199254740992], ['phone', '📞']],
      [],
    ]);
    assert.ok(Object.hasOwn(rows[0].zz, '__proto__'));
    assert.equal(Object.getPrototypeOf(rows[0].zz), Object.prototype);
  });

  test('report rows are objects keyed by column, even for awkward names', async () => {
    const csv = 'Name,Name,,__proto__\nAda,Lovelace,x,y\n';
    const report = await new Flow({ apiSecret: SECRET, baseURL: BASE, fetch: fakeFetch(() => new Response(csv, { headers: { 'content-type': 'text/csv' } })) })
      .reports.registrants('LKo586mmk7g');
    assert.deepEqual(report.columns, ['Name', 'Name_2', 'column_3', '__proto__']);
    assert.deepEqual(Object.entries(report.rows[0]), [['Name', 'Ada'], ['Name_2', 'Lovelace'], ['column_3', 'x'], ['__proto__', 'y']]);
    assert.equal(Object.getPrototypeOf(report.rows[0]), Object.prototype);
    assert.ok(Object.hasOwn(report.rows[0], '__proto__'));
    assert.equal(report.text, csv);
  });

  test('report values cross by column intact: ragged, widening, empty, quoted, multi-byte', async () => {
    const csv = 'name,note\nAda,"a, ""b""\nc"\n,\nJosé 👩‍💻\nZoë,東京,late\n';
    const report = await new Flow({ apiSecret: SECRET, baseURL: BASE, fetch: fakeFetch(() => new Response(csv, { headers: { 'content-type': 'text/csv' } })) })
      .reports.registrants('LKo586mmk7g');
    assert.deepEqual(report.columns, ['name', 'note', 'column_3']);
    assert.deepEqual(report.rows, [
      { name: 'Ada', note: 'a, "b"\nc', column_3: '' },
      { name: '', note: '', column_3: '' },
      { name: 'José 👩‍💻', note: '', column_3: '' },
      { name: 'Zoë', note: '東京', column_3: 'late' },
    ]);
    const headerOnly = await new Flow({ apiSecret: SECRET, baseURL: BASE, fetch: fakeFetch(() => new Response('a,b\n', { headers: { 'content-type': 'text/csv' } })) })
      .reports.registrants('LKo586mmk7g');
    assert.deepEqual(headerOnly, { columns: ['a', 'b'], rows: [], text: 'a,b\n' });
  });

  test('a fetch may return a minimal response-like object', async () => {
    const fetch = async () => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      arrayBuffer: async () => new TextEncoder().encode('{"code":200,"data":[{"id":1001}]}').buffer,
    });
    assert.deepEqual(await new Flow({ apiSecret: SECRET, baseURL: BASE, fetch }).operators.list(), [{ id: 1001 }]);
  });
});

describe('error classes', () => {
  test('the hierarchy and names', () => {
    const chain = (Class) => {
      const names = [];
      for (let c = Class; c && c !== Error; c = Object.getPrototypeOf(c)) names.push(c.name);
      return names.join(' < ');
    };
    assert.equal(chain(api.NotFoundError), 'NotFoundError < APIStatusError < APIError < FlowError');
    assert.equal(chain(api.APITimeoutError), 'APITimeoutError < APIConnectionError < APIError < FlowError');
    assert.equal(chain(api.APIUserAbortError), 'APIUserAbortError < APIError < FlowError');
    assert.equal(chain(api.APIResponseValidationError), 'APIResponseValidationError < APIError < FlowError');
    assert.equal(chain(api.InvalidRequestError), 'InvalidRequestError < FlowError');
    for (const name of ['BadRequestError', 'AuthenticationError', 'PermissionDeniedError', 'ConflictError',
      'UnprocessableEntityError', 'RateLimitError', 'InternalServerError']) {
      assert.ok(api[name].prototype instanceof api.APIStatusError, name);
      assert.equal(new api[name]('m').name, name);
    }
  });

  test('a status error carries status, server message, body and request id', async () => {
    const fetch = async () =>
      new Response('{"code":409,"message":"Session is locked"}', { status: 409, headers: { 'x-request-id': 'req-9' } });
    const error = await new Flow({ apiSecret: SECRET, baseURL: BASE, fetch }).events.get('abc').catch((e) => e);
    assert.ok(error instanceof api.ConflictError);
    assert.equal(error.name, 'ConflictError');
    assert.equal(error.status, 409);
    assert.equal(error.serverMessage, 'Session is locked');
    assert.equal(error.requestId, 'req-9');
    assert.match(error.body, /Session is locked/);
    assert.equal(error.endpoint, 'events.get');
    assert.match(String(error), /^ConflictError: events\.get failed: HTTP 409/);
    assert.equal(error.mayHaveBeenProcessed, false, 'a 4xx was not processed');
  });

  test('every error says whether the request may have been processed', async () => {
    const answer = (status) => async () => new Response('{"code":500,"message":"boom"}', { status });
    const read = await new Flow({ apiSecret: SECRET, baseURL: BASE, fetch: answer(500), maxRetries: 0 }).events.get('abc').catch((e) => e);
    assert.ok(read instanceof api.InternalServerError);
    assert.equal(read.mayHaveBeenProcessed, true);
    const unavailable = await new Flow({ apiSecret: SECRET, baseURL: BASE, fetch: answer(503), maxRetries: 0 }).events.get('abc').catch((e) => e);
    assert.equal(unavailable.mayHaveBeenProcessed, false);
    const missing = await new Flow({ apiSecret: '', baseURL: BASE, fetch: answer(200) }).operators.list().catch((e) => e);
    assert.equal(missing.kind, 'missing_configuration');
    assert.equal(missing.mayHaveBeenProcessed, false);
    assert.equal(new api.APIError('made by hand').mayHaveBeenProcessed, true, 'unknown counts as maybe');
    assert.equal(new api.FlowError('m', { mayHaveBeenProcessed: false }).mayHaveBeenProcessed, false);
  });
});
