// registrants.createMany against the flow-mock binary: every row status, rows pulled lazily from
// an async generator, the journal, aborts and exceptions from the caller's code, and options
// refused before anything is sent. The 10,000-row soak with faults is bulk-soak.test.mjs.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';

import {
  APIStatusError,
  APITimeoutError,
  APIUserAbortError,
  Flow,
  InvalidRequestError,
  RateLimitError,
  UnprocessableEntityError,
} from 'flow-api';

import { startMock } from './mock-server.mjs';

const FUTURE = 'T35tT0K3n';
const CURRENT = 'rGt3dC546xs';

let mock;
let flow;
let dir;
/** Each test registers its own people: a server may still act on a request of an earlier test. */
let tag = 0;

before(async () => {
  mock = await startMock();
  dir = mkdtempSync(join(tmpdir(), 'flow-bulk-'));
});
after(() => mock?.stop());
beforeEach(async () => {
  tag += 1;
  await mock.reset();
  flow = new Flow({ apiSecret: mock.apiSecret, baseURL: mock.baseURL });
});

const person = (i, session = FUTURE) => ({ sessionToken: session, email: `p${i}.t${tag}@bulk.example`, firstName: 'P', lastName: `${i}` });
const posts = async () => (await mock.requests()).filter((r) => r.method === 'POST' && r.path === '/api/v1/registrants');

/** The global fetch, recording the email of every registration it sends. */
function recordingFetch() {
  const sent = [];
  const recording = (url, init) => {
    if (init.method === 'POST') sent.push(JSON.parse(init.body).email);
    return fetch(url, init);
  };
  return { sent, fetch: recording };
}

describe('statuses', () => {
  test('created, existing, duplicate and invalid, in input order with counts', async () => {
    const ada = await flow.registrants.create(person('ada'));
    await mock.control('DELETE', '/requests');
    const cycle = { email: 'c@bulk.example' };
    cycle.self = cycle;
    const rows = [
      person(0),
      { email: person(0).email.toUpperCase(), first_name: 'P', last_name: '0', session_token: FUTURE }, // same email, other case
      person('ada'),
      { ...person(1), email: 'not-an-email' },
      { sessionToken: FUTURE, email: 'x@bulk.example', lastName: 'X' },
      'a row that is text',
      cycle,
      { email: 'nosession@bulk.example', firstName: 'N', lastName: 'S' },
      { ...person(2), sessionToken: CURRENT },
    ];
    const result = await flow.registrants.createMany(rows, { concurrency: 2 });
    assert.deepEqual(
      result.rows.map((r) => [r.index, r.status, r.error?.field ?? null]),
      [
        [0, 'created', null],
        [1, 'duplicate', null],
        [2, 'existing', null],
        [3, 'invalid', 'email'],
        [4, 'invalid', 'first_name'],
        [5, 'invalid', 'row'],
        [6, 'invalid', 'row'],
        [7, 'invalid', 'session_token'],
        [8, 'created', null],
      ],
    );
    const { created, existing, duplicate, invalid, failed, unknown } = result;
    assert.deepEqual({ created, existing, duplicate, invalid, failed, unknown }, { created: 2, existing: 1, duplicate: 1, invalid: 5, failed: 0, unknown: 0 });
    assert.equal(result.rows[2].registration.token, ada.token, 'the server\'s existing registration');
    assert.equal(result.rows[2].registration.isNew, false);
    assert.deepEqual(Object.keys(result.rows[0].registration).sort(), Object.keys(ada).sort(), 'the shape registrants.create returns');
    assert.equal(result.rows[8].sessionToken, CURRENT, 'a row\'s own session wins');
    for (const row of result.rows.filter((r) => r.status === 'invalid')) {
      assert.ok(row.error instanceof InvalidRequestError, String(row.error));
      assert.equal(row.error.mayHaveBeenProcessed, false);
      assert.equal(row.registration, null);
    }
    assert.equal((await posts()).length, 3, 'only the created and existing rows were sent');
  });

  test('failed (422, 429 without Retry-After) and unknown (a timeout after processing), none sent twice', async () => {
    // One row at a time, so the queued faults meet the rows in order.
    await mock.fault({ method: 'POST', path: '/api/v1/registrants', fault: { type: 'status', status: 422 } });
    await mock.fault({ method: 'POST', path: '/api/v1/registrants', fault: { type: 'status', status: 429 } });
    await mock.fault({ method: 'POST', path: '/api/v1/registrants', fault: { type: 'delay', ms: 1500, process: true } });
    const recording = recordingFetch();
    const impatient = new Flow({ apiSecret: '', baseURL: mock.baseURL, timeout: 400, fetch: recording.fetch });
    const rows = [0, 1, 2, 3].map((i) => person(i));
    const result = await impatient.registrants.createMany(rows, { concurrency: 1 });
    assert.deepEqual(result.rows.map((r) => r.status), ['failed', 'failed', 'unknown', 'created']);
    const [unprocessable, limited, timedOut] = result.rows.map((r) => r.error);
    assert.ok(unprocessable instanceof UnprocessableEntityError, String(unprocessable));
    assert.ok(limited instanceof RateLimitError, String(limited));
    for (const error of [unprocessable, limited]) {
      assert.equal(error.mayHaveBeenProcessed, false);
      assert.ok(error.requestId, 'the mock sends x-request-id');
    }
    assert.ok(timedOut instanceof APITimeoutError, String(timedOut));
    assert.equal(timedOut.mayHaveBeenProcessed, true);
    assert.deepEqual(recording.sent, rows.map((r) => r.email), 'every row sent exactly once');
    assert.deepEqual([result.failed, result.unknown, result.created], [2, 1, 1]);
    // The server finishes the request the client gave up on 1.5 s after it came; waiting for it
    // keeps it out of the next test's request log.
    const deadline = performance.now() + 5000;
    while ((await posts()).length < 4 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal((await posts()).length, 4, 'the server processed each row once');
  });

  test('a 503 with Retry-After is sent again (the server provably did not act), once the pause is over', async () => {
    await mock.fault({ method: 'POST', path: '/api/v1/registrants', fault: { type: 'status', status: 503, retry_after: 0 } });
    const recording = recordingFetch();
    const client = new Flow({ apiSecret: '', baseURL: mock.baseURL, fetch: recording.fetch });
    const result = await client.registrants.createMany([person(0)]);
    assert.equal(result.rows[0].status, 'created');
    assert.deepEqual(recording.sent, [person(0).email, person(0).email]);
  });
});

describe('rows', () => {
  test('an async generator is pulled only as fast as rows are sent', async () => {
    let pulled = 0;
    let closed = false;
    async function* rows() {
      try {
        for (let i = 0; i < 200; i++) {
          pulled += 1;
          yield person(i);
        }
      } finally {
        closed = true;
      }
    }
    // Hold the first answers until the generator's position has been read.
    let release;
    const held = new Promise((resolve) => (release = resolve));
    let pulledWhileHeld;
    const gated = async (url, init) => {
      await held;
      return fetch(url, init);
    };
    const client = new Flow({ apiSecret: '', baseURL: mock.baseURL, fetch: gated });
    const job = client.registrants.createMany(rows(), { concurrency: 4 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    pulledWhileHeld = pulled;
    release();
    const result = await job;
    assert.equal(pulledWhileHeld, 4, 'one row per request in flight, none read ahead');
    assert.equal(pulled, 200);
    assert.equal(closed, true);
    assert.equal(result.created, 200);
    assert.equal(result.rows.length, 200);
  });

  test('sync iterables and generators are read as rows', async () => {
    const set = new Set([person(0), person(1)]);
    assert.equal((await flow.registrants.createMany(set)).created, 2);
    function* two() {
      yield person(2);
      yield person(3);
    }
    const result = await flow.registrants.createMany(two());
    assert.deepEqual(result.rows.map((r) => r.email), [person(2).email, person(3).email]);
  });

  test('an exception from the rows\' iterator stops the job and is what the caller gets', async () => {
    const broken = new Error('the CRM export is unreadable');
    async function* rows() {
      yield person(0);
      yield person(1);
      throw broken;
    }
    const error = await flow.registrants.createMany(rows()).catch((e) => e);
    assert.equal(error, broken);
  });

  test('an exception from onProgress stops the job and is what the caller gets; the generator is closed', async () => {
    const stop = new Error('stop here');
    let closed = false;
    let pulled = 0;
    async function* rows() {
      try {
        for (let i = 0; i < 1000; i++) {
          pulled += 1;
          yield person(i);
        }
      } finally {
        closed = true;
      }
    }
    const error = await flow.registrants
      .createMany(rows(), {
        concurrency: 2,
        onProgress: ({ done }) => {
          if (done === 5) throw stop;
        },
      })
      .catch((e) => e);
    assert.equal(error, stop);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(closed, true);
    assert.ok(pulled < 20, `pulled ${pulled} rows`);
  });
});

describe('progress and abort', () => {
  test('onProgress after each row with done, total and the counts', async () => {
    const seen = [];
    const rows = [person(0), person(0), { email: 'bad' }, person(1)];
    await flow.registrants.createMany(rows, { onProgress: (p) => seen.push(p) });
    assert.deepEqual(seen.map((p) => p.done), [1, 2, 3, 4]);
    assert.ok(seen.every((p) => p.total === 4));
    assert.deepEqual(seen.at(-1), { done: 4, total: 4, created: 2, existing: 0, duplicate: 1, invalid: 1, failed: 0, unknown: 0 });
    const fromIterable = [];
    await flow.registrants.createMany(new Set([person(2)]), { onProgress: (p) => fromIterable.push(p.total) });
    assert.deepEqual(fromIterable, [null], 'an iterable\'s length is not known in advance');
  });

  test('an abort stops promptly: in-flight requests are cancelled and nothing more is sent', async () => {
    // Each answer takes 2 s: waiting for the requests in flight would take that long.
    await mock.fault({ method: 'POST', path: '/api/v1/registrants', count: 1000, fault: { type: 'delay', ms: 2000 } });
    const recording = recordingFetch();
    const client = new Flow({ apiSecret: '', baseURL: mock.baseURL, fetch: recording.fetch });
    const controller = new AbortController();
    const rows = Array.from({ length: 100 }, (_, i) => person(i));
    setTimeout(() => controller.abort(), 300);
    const started = performance.now();
    const error = await client.registrants.createMany(rows, { concurrency: 4, signal: controller.signal }).catch((e) => e);
    const ms = performance.now() - started;
    assert.ok(error instanceof APIUserAbortError, String(error));
    assert.equal(error.endpoint, 'registrants.create_many');
    assert.ok(ms < 1000, `took ${ms} ms`);
    assert.equal(recording.sent.length, 4, 'the first four rows were in flight');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(recording.sent.length, 4, 'nothing sent after the abort');
  });

  test('an already aborted signal sends nothing', async () => {
    const error = await flow.registrants.createMany([person(0)], { signal: AbortSignal.abort() }).catch((e) => e);
    assert.ok(error instanceof APIUserAbortError, String(error));
    assert.deepEqual(await mock.requests(), []);
  });
});

describe('journal', () => {
  test('a rerun with the journal sends only what is not done, and reconciles unknown rows with one read per session', async () => {
    const journal = join(dir, 'rerun.jsonl');
    await mock.fault({ method: 'POST', path: '/api/v1/registrants', count: 1, fault: { type: 'reset', process: true } });
    await mock.fault({ method: 'POST', path: '/api/v1/registrants', count: 1, fault: { type: 'reset', process: false } });
    await mock.fault({ method: 'POST', path: '/api/v1/registrants', count: 1, fault: { type: 'status', status: 422 } });
    const rows = [0, 1, 2, 3, 4].map((i) => person(i));
    const first = await flow.registrants.createMany(rows, { concurrency: 1, journal });
    assert.deepEqual(first.rows.map((r) => r.status), ['unknown', 'unknown', 'failed', 'created', 'created']);
    const lines = readFileSync(journal, 'utf8').trimEnd().split('\n');
    assert.equal(lines[0], '{"flow_journal":1}');
    assert.equal(lines.length, 1 + 2 * rows.length, 'a sending line and a final line per row');

    await mock.control('DELETE', '/requests');
    const second = await flow.registrants.createMany(rows, { concurrency: 1, journal });
    assert.deepEqual(second.rows.map((r) => r.status), ['existing', 'created', 'created', 'created', 'created']);
    const log = await mock.requests();
    assert.deepEqual(
      log.map((r) => `${r.method} ${r.path.replace(FUTURE, 'S')}`),
      ['GET /api/v1/reports/events/sessions/registrants/S', 'POST /api/v1/registrants', 'POST /api/v1/registrants'],
    );
    assert.deepEqual(log.filter((r) => r.method === 'POST').map((r) => r.body.email), [rows[1].email, rows[2].email]);
    const store = await mock.store();
    for (const row of rows) assert.equal(store.registrations.filter((r) => r.email === row.email).length, 1, row.email);

    await mock.control('DELETE', '/requests');
    const third = await flow.registrants.createMany(rows, { journal });
    assert.deepEqual(third.rows.map((r) => r.status), ['existing', 'created', 'created', 'created', 'created']);
    assert.deepEqual(await mock.requests(), [], 'a finished job sends nothing');
  });

  test('a file that is not a journal is refused, and left as it was', async () => {
    const path = join(dir, 'export.csv');
    writeFileSync(path, 'email,first_name\n');
    const error = await flow.registrants.createMany([person(0)], { journal: path }).catch((e) => e);
    assert.ok(error instanceof InvalidRequestError, String(error));
    assert.equal(error.field, 'journal');
    assert.equal(readFileSync(path, 'utf8'), 'email,first_name\n');
    assert.deepEqual(await mock.requests(), []);
  });

  test('a journal that cannot be opened is refused before anything is sent', async () => {
    const error = await flow.registrants.createMany([person(0)], { journal: join(dir, 'missing', 'j.jsonl') }).catch((e) => e);
    assert.ok(error instanceof InvalidRequestError, String(error));
    assert.equal(error.field, 'journal');
    assert.match(error.message, /could not read the journal: ENOENT: no such file or directory, open /);
    assert.deepEqual(await mock.requests(), []);
  });

  test('a reconciling read that fails leaves its rows unknown and unsent; the job still finishes', async () => {
    const journal = join(dir, 'failing-read.jsonl');
    flow = new Flow({ apiSecret: mock.apiSecret, baseURL: mock.baseURL, _sleep: () => {} });
    await mock.fault({ method: 'POST', path: '/api/v1/registrants', fault: { type: 'reset', process: true } });
    await flow.registrants.createMany([person(0)], { journal });
    await mock.fault({ method: 'GET', path: '/api/v1/reports/events/sessions/registrants', count: 3, fault: { type: 'status', status: 500 } });
    const again = await flow.registrants.createMany([person(0)], { journal });
    assert.equal(again.rows[0].status, 'unknown');
    assert.ok(again.rows[0].error instanceof APIStatusError, String(again.rows[0].error));
    assert.equal((await posts()).length, 1, 'the row was not sent again without knowing');
  });
});

describe('options refused before anything is sent', () => {
  const cases = [
    ['concurrency 0', [person(0)], { concurrency: 0 }, 'concurrency', /from 1 to 64/],
    ['concurrency 65', [person(0)], { concurrency: 65 }, 'concurrency', /from 1 to 64/],
    ['concurrency true', [person(0)], { concurrency: true }, 'concurrency', /from 1 to 64/],
    ['concurrency NaN', [person(0)], { concurrency: NaN }, 'concurrency', /from 1 to 64/],
    ['an unknown option', [person(0)], { concurency: 4 }, 'concurency', /not an option/],
    ['a session token that is not text', [person(0)], { sessionToken: 5 }, 'session_token', /string/],
    ['onProgress not a function', [person(0)], { onProgress: true }, 'on_progress', /function/],
    ['signal not an AbortSignal', [person(0)], { signal: {} }, 'signal', /AbortSignal/],
    ['rows not iterable', 5, {}, 'rows', /iterable/],
    ['rows left out', undefined, {}, 'rows', /iterable/],
  ];
  for (const [name, rows, options, field, message] of cases) {
    test(name, async () => {
      const journal = join(dir, `${field}-${name.length}.jsonl`);
      const error = await flow.registrants.createMany(rows, { ...options, journal }).catch((e) => e);
      assert.ok(error instanceof InvalidRequestError, String(error));
      assert.equal(error.field, field);
      assert.match(error.message, message);
      assert.equal(error.mayHaveBeenProcessed, false);
      assert.deepEqual(await mock.requests(), []);
      assert.equal(existsSync(journal), false, 'no journal file was made');
    });
  }

  test('options that are not an object', async () => {
    const error = await flow.registrants.createMany([person(0)], 'fast').catch((e) => e);
    assert.ok(error instanceof InvalidRequestError, String(error));
    assert.equal(error.field, 'options');
  });
});
