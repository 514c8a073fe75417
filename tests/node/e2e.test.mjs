// End to end in Node: the package against the real `flow-mock` binary over loopback HTTP, through
// Node's own fetch (undici) and real timers.

import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';

import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  Flow,
  FlowError,
  NotFoundError,
  RateLimitError,
} from 'flow-api';

import { startMock } from './mock-server.mjs';

const PAST = 'LKo586mmk7g';
const CURRENT = 'rGt3dC546xs';
const FUTURE = 'T35tT0K3n';
const ACCOUNT = 'acc0untT0k3n';

let mock;
let flow;
let publicFlow;

before(async () => {
  mock = await startMock();
});
after(() => mock?.stop());
beforeEach(async () => {
  await mock.reset();
  flow = new Flow({ apiSecret: mock.apiSecret, baseURL: mock.baseURL });
  publicFlow = new Flow({ apiSecret: '', baseURL: mock.baseURL });
});

const apiRequests = async (method, pathPrefix) =>
  (await mock.requests()).filter((r) => r.method === method && r.path.startsWith(`/api/v1${pathPrefix}`));

/** The global fetch, counting the attempts (the mock logs a request only once it answered). */
const countingFetch = () => {
  const counted = (url, init) => {
    counted.calls += 1;
    return fetch(url, init);
  };
  counted.calls = 0;
  return counted;
};

const elapsed = async (promise) => {
  const start = performance.now();
  const outcome = await promise.then(
    (value) => ({ value }),
    (error) => ({ error }),
  );
  return { ...outcome, ms: performance.now() - start };
};

describe('every endpoint', () => {
  test('events.list, filtered and with analytics', async () => {
    const all = await flow.events.list();
    const past = await flow.events.list({ period: 'past', simpleAnalytics: true });
    assert.ok(all.length >= 9);
    const session = past.find((s) => s.token === PAST);
    assert.ok(session, 'the past session is listed');
    assert.equal(typeof session.analytics, 'object');
    assert.equal(session.published, true, 'the mock sends "1": the core makes it a boolean');
    assert.ok(past.length < all.length);
  });

  test('events.get and events.getPublic (without a secret)', async () => {
    const session = await flow.events.get(CURRENT);
    assert.equal(session.token, CURRENT);
    assert.ok(Array.isArray(session.feedbackQuestions));
    const pub = await publicFlow.events.getPublic(FUTURE);
    assert.equal(pub.token, FUTURE);
    const [sent] = await apiRequests('GET', '/events/sessions/public');
    assert.equal(sent.has_api_secret, false);
  });

  test('events.create', async () => {
    const created = await flow.events.create({
      creatorId: 1001,
      title: 'Quarterly all-hands',
      description: 'Numbers and questions',
      date: '2031-03-04',
      time: '16:00:00',
      timezone: 'Europe/Berlin',
      operators: [{ id: 1001, role: 10, micEnabled: true, camEnabled: true, screenSharingEnabled: true }],
      published: true,
      duration: 1.5,
      earlyAccessPeriod: 10,
    });
    assert.equal(created.session?.title, 'Quarterly all-hands');
    const store = await mock.store();
    assert.ok(store.sessions.some((s) => s.token === created.session.token));
  });

  test('registrants.create (public) is idempotent on the server, and registrants.list sees it', async () => {
    const person = { sessionToken: FUTURE, email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' };
    const first = await publicFlow.registrants.create(person);
    const again = await publicFlow.registrants.create(person);
    assert.equal(first.isNew, true);
    assert.equal(again.isNew, false);
    assert.ok(first.url);
    const listed = await flow.registrants.list(FUTURE);
    assert.equal(listed.filter((r) => r.email === 'ada@example.com').length, 1);
  });

  test('operators.list and surveys.list', async () => {
    const operators = await flow.operators.list();
    assert.ok(operators.some((o) => o.id === 1001 && o.firstName === 'Maya'));
    const surveys = await flow.surveys.list(PAST);
    assert.ok(surveys.length >= 1);
    assert.equal(typeof surveys[0].id, 'number');
  });

  test('the CSV reports', async () => {
    const summary = await flow.reports.summary(PAST);
    assert.deepEqual(Object.keys(summary).sort(), ['attendeeChat', 'operatorChat', 'registrants', 'surveyResults']);
    for (const report of Object.values(summary)) assert.ok(Array.isArray(report.columns));
    const registrants = await flow.reports.registrants(PAST);
    assert.ok(registrants.rows.length > 0);
    assert.deepEqual(Object.keys(registrants.rows[0]), registrants.columns);
    assert.ok(registrants.text.startsWith(registrants.columns[0]) || registrants.text.includes(registrants.columns[0]));
    const chat = await flow.reports.attendeeChat(PAST);
    const operatorChat = await flow.reports.operatorChat(PAST);
    assert.ok(chat.columns.length > 0 && operatorChat.columns.length > 0);
    const [survey] = await flow.surveys.list(PAST);
    const answers = await flow.reports.survey(PAST, survey.id);
    assert.ok(answers.columns.length > 0);
  });

  test('sso.rooms and sso.loginLink', async () => {
    const rooms = await flow.sso.rooms(ACCOUNT);
    assert.ok(rooms.length >= 1);
    const link = await flow.sso.loginLink({
      roomId: rooms[0].room_id,
      email: 'grace@example.com',
      firstName: 'Grace',
      lastName: 'Hopper',
    });
    assert.ok(link.url);
    const store = await mock.store();
    assert.equal(store.registrations.filter((r) => r.email === 'grace@example.com').length, 1);
  });
});

describe('answers and derived clients', () => {
  test('withResponse gives the status, headers and request id of the one request sent', async () => {
    const promise = flow.events.get(CURRENT);
    const answer = await promise.withResponse();
    assert.equal(answer.status, 200);
    assert.equal(answer.data.token, CURRENT);
    assert.ok(answer.requestId, 'the mock sends x-request-id');
    assert.equal(answer.headers.get('x-request-id'), answer.requestId);
    assert.match(answer.headers.get('content-type'), /json/);
    assert.equal((await promise).token, CURRENT);
    assert.equal((await apiRequests('GET', `/events/sessions/${CURRENT}`)).length, 1);
  });

  test('withOptions shares the connection and changes only what it names', async () => {
    const counted = countingFetch();
    const base = new Flow({ apiSecret: mock.apiSecret, baseURL: mock.baseURL, fetch: counted });
    const noSecret = base.withOptions({ apiSecret: '', timeout: 5_000 });
    const error = await noSecret.operators.list().catch((e) => e);
    assert.equal(error.kind, 'missing_configuration');
    assert.ok((await base.operators.list()).length > 0);
    assert.equal((await noSecret.events.getPublic(FUTURE)).token, FUTURE);
    assert.equal(counted.calls, 2, 'both through the one fetch');
  });
});

describe('errors', () => {
  test('a wrong secret is AuthenticationError with status and request id, never showing the secret', async () => {
    const wrong = new Flow({ apiSecret: 'not-the-secret-123', baseURL: mock.baseURL });
    const error = await wrong.operators.list().catch((e) => e);
    assert.ok(error instanceof AuthenticationError);
    assert.equal(error.status, 401);
    assert.ok(error.requestId, 'the mock sends x-request-id');
    assert.ok(!error.message.includes('not-the-secret-123'));
  });

  test('an unknown token is NotFoundError', async () => {
    const error = await flow.events.get('n0SuchT0ken').catch((e) => e);
    assert.ok(error instanceof NotFoundError);
    assert.equal(error.status, 404);
  });

  test('a call that needs the secret fails before sending without one', async () => {
    const error = await publicFlow.registrants.list(PAST).catch((e) => e);
    assert.ok(error instanceof FlowError);
    assert.equal(error.kind, 'missing_configuration');
    assert.deepEqual(await mock.requests(), []);
  });

  test('connection refused is APIConnectionError, and even a registration is retried (nothing was sent)', async () => {
    const port = await new Promise((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = server.address();
        server.close(() => resolve(free));
      });
    });
    const sleeps = [];
    const closed = new Flow({ baseURL: `http://127.0.0.1:${port}/api/v1`, maxRetries: 2, _sleep: (ms) => void sleeps.push(ms) });
    const error = await closed.registrants
      .create({ sessionToken: FUTURE, email: 'x@example.com', firstName: 'X', lastName: 'Y' })
      .catch((e) => e);
    assert.ok(error instanceof APIConnectionError, String(error));
    assert.match(error.message, /could not connect/);
    assert.equal(sleeps.length, 2);
  });
});

describe('retries, timeouts, aborts', () => {
  test('429 with Retry-After is waited out and retried', async () => {
    await mock.fault({ method: 'GET', path: '/api/v1/users', fault: { type: 'status', status: 429, retry_after: 1 } });
    const { value, error, ms } = await elapsed(flow.operators.list());
    assert.equal(error, undefined);
    assert.ok(value.length > 0);
    assert.ok(ms >= 950, `waited ${ms} ms`);
    assert.equal((await apiRequests('GET', '/users')).length, 2);
  });

  test('429 beyond the retry budget is RateLimitError', async () => {
    await mock.fault({ method: 'GET', path: '/api/v1/users', count: 2, fault: { type: 'status', status: 429, retry_after: 0 } });
    const error = await flow.operators.list({ maxRetries: 1 }).catch((e) => e);
    assert.ok(error instanceof RateLimitError);
    assert.equal(error.status, 429);
    assert.equal((await apiRequests('GET', '/users')).length, 2);
  });

  test('a slow answer times out per attempt, and reads are retried', async () => {
    await mock.fault({ method: 'GET', path: '/api/v1/events/sessions', count: 2, fault: { type: 'delay', ms: 3000 } });
    const sleeps = [];
    const counted = countingFetch();
    const impatient = new Flow({
      apiSecret: mock.apiSecret,
      baseURL: mock.baseURL,
      timeout: 200,
      fetch: counted,
      _sleep: (ms) => void sleeps.push(ms),
    });
    const { error, ms } = await elapsed(impatient.events.list({}, { maxRetries: 1 }));
    assert.ok(error instanceof APITimeoutError, String(error));
    assert.ok(ms < 1500, `took ${ms} ms`);
    assert.equal(sleeps.length, 1);
    assert.equal(counted.calls, 2);
  });

  test('a per-call timeout overrides the client and a timed-out registration is not repeated', async () => {
    await mock.fault({ method: 'POST', path: '/api/v1/registrants', fault: { type: 'delay', ms: 1000 } });
    const counted = countingFetch();
    const client = new Flow({ baseURL: mock.baseURL, fetch: counted });
    const { error, ms } = await elapsed(
      client.registrants.create({ sessionToken: FUTURE, email: 'slow@example.com', firstName: 'S', lastName: 'Low' }, { timeout: 150 }),
    );
    assert.ok(error instanceof APITimeoutError, String(error));
    assert.ok(ms < 900, `took ${ms} ms`);
    assert.equal(counted.calls, 1);
  });

  test('abort during a request rejects promptly with APIUserAbortError', async () => {
    await mock.fault({ method: 'GET', path: '/api/v1/events/sessions', fault: { type: 'delay', ms: 5000 } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const { error, ms } = await elapsed(flow.events.list({}, { signal: controller.signal }));
    assert.ok(error instanceof APIUserAbortError, String(error));
    assert.ok(ms < 1000, `took ${ms} ms`);
  });

  test('abort during a retry sleep ends the call and sends nothing more', async () => {
    await mock.fault({ method: 'GET', path: '/api/v1/users', fault: { type: 'status', status: 503, retry_after: 30 } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const { error, ms } = await elapsed(flow.operators.list({ signal: controller.signal }));
    assert.ok(error instanceof APIUserAbortError, String(error));
    assert.ok(ms < 1000, `took ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal((await apiRequests('GET', '/users')).length, 1);
  });

  test('an already aborted signal sends nothing', async () => {
    const error = await flow.operators.list({ signal: AbortSignal.abort() }).catch((e) => e);
    assert.ok(error instanceof APIUserAbortError);
    assert.deepEqual(await mock.requests(), []);
  });

  test('a connection reset after the server processed a registration does not register twice', async () => {
    await mock.fault({ method: 'POST', path: '/api/v1/registrants', fault: { type: 'reset', process: true } });
    const error = await publicFlow.registrants
      .create({ sessionToken: FUTURE, email: 'once@example.com', firstName: 'Only', lastName: 'Once' })
      .catch((e) => e);
    assert.ok(error instanceof APIConnectionError, String(error));
    assert.equal((await apiRequests('POST', '/registrants')).length, 1);
    const store = await mock.store();
    assert.equal(store.registrations.filter((r) => r.email === 'once@example.com').length, 1);
  });

  test('a truncated answer to a read is retried', async () => {
    await mock.fault({ method: 'GET', path: '/api/v1/events/sessions', fault: { type: 'truncate' } });
    const sessions = await flow.events.list({}, { maxRetries: 1 });
    assert.ok(sessions.length > 0);
    assert.equal((await apiRequests('GET', '/events/sessions')).length, 2);
  });
});

test('50 concurrent calls on one client all succeed', async () => {
  const calls = Array.from({ length: 50 }, (_, i) => {
    switch (i % 5) {
      case 0:
        return flow.events.list();
      case 1:
        return flow.registrants.list(PAST);
      case 2:
        return flow.operators.list();
      case 3:
        return publicFlow.registrants.create({ sessionToken: FUTURE, email: `p${i}@example.com`, firstName: 'P', lastName: `${i}` });
      default:
        return flow.reports.registrants(PAST);
    }
  });
  const results = await Promise.all(calls);
  assert.equal(results.length, 50);
  const store = await mock.store();
  assert.equal(store.registrations.filter((r) => /^p\d+@example\.com$/.test(r.email)).length, 10);
  assert.equal((await mock.requests()).length, 50);
});
