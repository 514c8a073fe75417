// The "done when" for Node: 10,000 registrations across 5 sessions through flow-mock with
// 20 % of the registration requests faulted (503 + Retry-After, 429, a reset before and after
// processing, a delay past the client's timeout after processing, 500). After the first run and
// one rerun with the journal (faults cleared), the store holds each (session, email) once, every
// row ends created or existing, and the request log shows nobody processed twice. Then the same
// with an AbortSignal fired in the middle of the first run.

import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';

import { APIUserAbortError, Flow } from 'flow-api';

import { startMock } from './mock-server.mjs';

const ROWS = 10_000;
const TIMEOUT_MS = 1_000;
const DELAY_MS = 1_500;
const FAULTS = {
  method: 'POST',
  path: '/api/v1/registrants',
  rate: 0.2,
  seed: 7,
  faults: [
    { type: 'status', status: 503, retry_after: '0' },
    { type: 'status', status: 429 },
    { type: 'reset', process: false },
    { type: 'reset', process: true },
    { type: 'delay', ms: DELAY_MS, process: true },
    { type: 'status', status: 500 },
  ],
};

let mock;
let sessions;
let dir;

before(async () => {
  mock = await startMock();
  dir = mkdtempSync(join(tmpdir(), 'flow-soak-'));
});
after(() => mock?.stop());
beforeEach(async () => {
  await mock.reset();
  const listing = new Flow({ apiSecret: mock.apiSecret, baseURL: mock.baseURL });
  sessions = (await listing.events.list()).slice(0, 5).map((s) => s.token);
  assert.equal(new Set(sessions).size, 5);
});

const rows = () =>
  Array.from({ length: ROWS }, (_, i) => ({ sessionToken: sessions[i % 5], email: `soak${i}@example.com`, firstName: 'Soak', lastName: `${i}` }));

const key = (session, email) => `${session} ${email.toLowerCase()}`;

/** The mock may still act on a request the client gave up on (a delayed one); let it finish. */
const settle = () => new Promise((resolve) => setTimeout(resolve, DELAY_MS + 200));

/** The store and the request log against the rows: each (session, email) stored and processed once. */
async function assertEachRegisteredOnce(input) {
  const wanted = new Set(input.map((r) => key(r.sessionToken, r.email)));
  const stored = new Map();
  for (const r of (await mock.store()).registrations) {
    const k = key(r.session_token, r.email);
    if (wanted.has(k)) stored.set(k, (stored.get(k) ?? 0) + 1);
  }
  assert.equal(stored.size, wanted.size, 'every row is in the store');
  assert.deepEqual([...stored.values()].filter((n) => n !== 1), [], 'no row is in the store twice');
  const processed = new Map();
  for (const r of await mock.requests()) {
    if (r.method !== 'POST' || r.path !== '/api/v1/registrants' || !r.processed) continue;
    const k = key(r.body.eventSessionToken, r.body.email);
    processed.set(k, (processed.get(k) ?? 0) + 1);
  }
  const twice = [...processed].filter(([, n]) => n > 1);
  assert.deepEqual(twice, [], 'no (session, email) processed twice');
  assert.equal(processed.size, wanted.size, 'every row processed once, by the log');
}

function assertAllRegistered(result) {
  assert.equal(result.rows.length, ROWS);
  assert.ok(result.rows.every((r, i) => r.index === i));
  const others = result.rows.filter((r) => r.status !== 'created' && r.status !== 'existing');
  assert.deepEqual(others.map((r) => `${r.index} ${r.status} ${r.error}`).slice(0, 5), []);
  assert.equal(result.created + result.existing, ROWS);
}

async function run(input, options, signal) {
  const client = new Flow({ apiSecret: mock.apiSecret, baseURL: mock.baseURL, timeout: TIMEOUT_MS });
  const started = performance.now();
  const outcome = await client.registrants.createMany(input, { concurrency: 32, ...options, signal }).then(
    (result) => ({ result }),
    (error) => ({ error }),
  );
  return { ...outcome, ms: performance.now() - started };
}

test('10,000 rows with 20 % of requests faulted, then a rerun with the journal: everyone registered once', async (t) => {
  const journal = join(dir, 'faulted.jsonl');
  const input = rows();
  await mock.fault(FAULTS);
  const first = await run(input, { journal });
  assert.equal(first.error, undefined, String(first.error));
  const faulted = (await mock.requests()).filter((r) => r.fault).length;
  const requests = (await mock.requests()).length;
  assert.ok(faulted / requests > 0.15 && faulted / requests < 0.25, `${faulted} of ${requests} requests faulted`);
  const { failed, unknown } = first.result;
  assert.ok(failed > 0 && unknown > 0, `the faults left rows failed (${failed}) and unknown (${unknown})`);
  t.diagnostic(`first run: ${Math.round(first.ms)} ms, ${Math.round(ROWS / (first.ms / 1000))} rows/s, ` +
    `${faulted} of ${requests} requests faulted, ${failed} failed, ${unknown} unknown`);

  await mock.control('DELETE', '/faults');
  await settle();
  const second = await run(input, { journal });
  assert.equal(second.error, undefined, String(second.error));
  assertAllRegistered(second.result);
  t.diagnostic(`rerun: ${Math.round(second.ms)} ms, ${second.result.existing} existing`);
  await assertEachRegisteredOnce(input);
});

test('the same with an abort in the middle of the first run', async (t) => {
  const journal = join(dir, 'aborted.jsonl');
  const input = rows();
  await mock.fault(FAULTS);
  const controller = new AbortController();
  const first = await run(
    input,
    {
      journal,
      onProgress: ({ done }) => {
        if (done === ROWS / 2) controller.abort();
      },
    },
    controller.signal,
  );
  assert.ok(first.error instanceof APIUserAbortError, String(first.error));
  t.diagnostic(`first run aborted after ${Math.round(first.ms)} ms`);

  await mock.control('DELETE', '/faults');
  await settle();
  const second = await run(input, { journal });
  assert.equal(second.error, undefined, String(second.error));
  assertAllRegistered(second.result);
  t.diagnostic(`rerun: ${Math.round(second.ms)} ms, ${second.result.existing} existing`);
  await assertEachRegisteredOnce(input);
});
