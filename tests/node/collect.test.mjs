// reports.collect against the flow-mock binary: one report across sessions whose first two columns
// name the session, a failing session in `failures` without losing the others, sessions as tokens
// or as session objects, progress and abort, and options refused before anything is sent.

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';

import { APIUserAbortError, Flow, InternalServerError, InvalidRequestError, NotFoundError } from 'flow-api';

import { startMock } from './mock-server.mjs';

const PAST = 'LKo586mmk7g';

let mock;
let flow;
let past;

before(async () => {
  mock = await startMock();
});
after(() => mock?.stop());
beforeEach(async () => {
  await mock.reset();
  flow = new Flow({ apiSecret: mock.apiSecret, baseURL: mock.baseURL, maxRetries: 0 });
  past = await flow.events.list({ period: 'past' });
  assert.ok(past.length >= 3, 'the mock has several past sessions');
  await mock.control('DELETE', '/requests');
});

const gets = async (prefix) => (await mock.requests()).filter((r) => r.method === 'GET' && r.path.startsWith(`/api/v1${prefix}`));

/** The rows of `report` that came from `token`, without the two session columns. */
const rowsOf = (report, token) =>
  report.rows.filter((row) => row['Session Token'] === token).map(({ 'Session Token': _, 'Session Title': __, ...rest }) => rest);

describe('collect', () => {
  test('over all past sessions with one failing: the others are in the table, the failure in failures', async () => {
    const failing = past[1].token;
    await mock.fault({ method: 'GET', path: `/api/v1/reports/events/sessions/csv/registrants/${failing}`, fault: { type: 'status', status: 500 } });
    const report = await flow.reports.collect('registrants', { period: 'past' });
    assert.deepEqual(report.columns.slice(0, 2), ['Session Token', 'Session Title']);
    assert.equal(report.failures.length, 1);
    const [{ sessionToken, error }] = report.failures;
    assert.equal(sessionToken, failing);
    assert.ok(error instanceof InternalServerError, String(error));
    assert.equal(error.status, 500);
    assert.ok(error.requestId, 'the mock sends x-request-id');
    assert.deepEqual(rowsOf(report, failing), []);
    let expected = 0;
    for (const session of past.filter((s) => s.token !== failing)) {
      const alone = await flow.reports.registrants(session.token);
      const mine = report.rows.filter((row) => row['Session Token'] === session.token);
      assert.ok(mine.length > 0 && mine.every((row) => row['Session Title'] === session.title), session.token);
      assert.deepEqual(rowsOf(report, session.token), alone.rows, `${session.token}: the same rows as its own report`);
      expected += alone.rows.length;
    }
    assert.equal(report.rows.length, expected);
    assert.ok(report.text.startsWith('Session Token,Session Title,'), 'the CSV text is the joined table');
    assert.equal((await gets('/events/sessions/')).length, 0, 'the listed sessions\' titles are known: no events.get');
  });

  test('sessions as tokens (titles read with events.get) and as session objects; each once', async () => {
    const [a, b] = past;
    const report = await flow.reports.collect('attendeeChat', { sessions: [a.token, b, a.token] });
    assert.deepEqual(report.failures, []);
    const titles = new Map(report.rows.map((row) => [row['Session Token'], row['Session Title']]));
    assert.deepEqual([...titles], [[a.token, a.title], [b.token, b.title]]);
    const read = (await gets('/events/sessions/')).map((r) => r.path);
    assert.deepEqual(read, [`/api/v1/events/sessions/${a.token}`], 'only the bare token\'s title is read, once');
    assert.equal((await gets('/reports/events/sessions/csv/attendeeChat/')).length, 2);
  });

  test('every kind: operator chat, and a survey whose id some sessions lack', async () => {
    const chats = await flow.reports.collect('operatorChat', { sessions: past });
    assert.deepEqual(chats.failures, []);
    assert.ok(chats.rows.length > 0);
    const [survey] = await flow.surveys.list(PAST);
    const answers = await flow.reports.collect('survey', { sessions: past, surveyId: survey.id });
    assert.ok(rowsOf(answers, PAST).length > 0);
    assert.deepEqual(answers.failures.map((f) => f.sessionToken).sort(), past.slice(1).map((s) => s.token).sort());
    assert.ok(answers.failures.every((f) => f.error instanceof NotFoundError));
  });

  test('onProgress after each session, counting the failed ones', async () => {
    await mock.fault({ method: 'GET', path: `/api/v1/reports/events/sessions/csv/registrants/${past[0].token}`, fault: { type: 'status', status: 500 } });
    const seen = [];
    await flow.reports.collect('registrants', { sessions: past, concurrency: 1, onProgress: (p) => seen.push([p.done, p.total, p.failed]) });
    assert.deepEqual(seen, past.map((_, i) => [i + 1, past.length, 1]));
  });

  test('an abort stops it promptly', async () => {
    await mock.fault({ method: 'GET', path: '/api/v1/reports/events/sessions/csv/registrants', count: 10, fault: { type: 'delay', ms: 2000 } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const started = performance.now();
    const error = await flow.reports.collect('registrants', { sessions: past, signal: controller.signal }).catch((e) => e);
    assert.ok(error instanceof APIUserAbortError, String(error));
    assert.equal(error.endpoint, 'reports.collect');
    assert.ok(performance.now() - started < 1000);
  });
});

describe('options refused before anything is sent', () => {
  const cases = [
    ['an unknown kind', 'summary', {}, 'kind', /registrants, attendee_chat, operator_chat or survey/],
    ['no kind', undefined, {}, 'kind', /registrants/],
    ['sessions and period both', 'registrants', { sessions: [PAST], period: 'past' }, 'sessions', /not both/],
    ['neither sessions nor period', 'registrants', {}, 'sessions', /either sessions or period/],
    ['a period that is not one', 'registrants', { period: 'yesterday' }, 'period', /not a period/],
    ['a session that is a number', 'registrants', { sessions: [5] }, 'sessions', /session tokens or session objects/],
    ['an empty session token', 'registrants', { sessions: [PAST, ' '] }, 'sessions', /must not be empty/],
    ['a session token that could change the path', 'registrants', { sessions: ['..'] }, 'sessions', /not a valid token/],
    ['a survey without surveyId', 'survey', { sessions: [PAST] }, 'survey_id', /required/],
    ['surveyId for another kind', 'registrants', { sessions: [PAST], surveyId: 801 }, 'survey_id', /only for survey/],
    ['concurrency 0', 'registrants', { sessions: [PAST], concurrency: 0 }, 'concurrency', /from 1 to 64/],
    ['concurrency 65', 'registrants', { sessions: [PAST], concurrency: 65 }, 'concurrency', /from 1 to 64/],
    ['concurrency true', 'registrants', { sessions: [PAST], concurrency: true }, 'concurrency', /from 1 to 64/],
    ['journal (createMany only)', 'registrants', { sessions: [PAST], journal: 'j.jsonl' }, 'journal', /not an option/],
  ];
  for (const [name, kind, options, field, message] of cases) {
    test(name, async () => {
      const error = await flow.reports.collect(kind, options).catch((e) => e);
      assert.ok(error instanceof InvalidRequestError, String(error));
      assert.equal(error.field, field);
      assert.match(error.message, message);
      assert.deepEqual(await mock.requests(), []);
    });
  }
});
