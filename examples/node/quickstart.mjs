// The npm package in a Node script. Run it against the bundled mock with `make node-demo`, or
// point FLOW_BASE_URL / FLOW_API_SECRET at any Flow API.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { APIUserAbortError, Flow, NotFoundError } from 'flow-api';

// apiSecret and baseURL fall back to FLOW_API_SECRET and FLOW_BASE_URL.
const flow = new Flow({ timeout: 10_000, maxRetries: 2 });

const past = await flow.events.list({ period: 'past', simpleAnalytics: true });
console.log(`${past.length} past sessions, e.g. ${past[0]?.token}: ${past[0]?.title}`);

// Public calls need no secret: this is what a registration page does ('' means none, whatever
// FLOW_API_SECRET says; null or leaving it out would read the variable).
const site = new Flow({ apiSecret: '' });
const session = await site.events.getPublic('T35tT0K3n');
console.log(`registering for "${session.title}" on ${session.date} at ${session.time} (${session.timezone})`);
const person = { sessionToken: 'T35tT0K3n', email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' };
const first = await site.registrants.create(person);
const again = await site.registrants.create(person);
console.log(`join link ${first.url}; registered again: isNew=${again.isNew} (no duplicate)`);

// withResponse() also gives the status, headers and request id; the request is sent once.
const { data: registrants, status, requestId } = await flow.registrants.list('T35tT0K3n').withResponse();
console.log(`${registrants.length} registrants, ${registrants.filter((r) => r.entryTime).length} attended (HTTP ${status}, request ${requestId})`);

// A client with other settings sharing this one's connections; headers per call too.
const nightly = flow.withOptions({ timeout: 60_000, maxRetries: 5, defaultHeaders: { 'x-job': 'nightly-export' } });
const operators = await nightly.operators.list({ headers: { 'x-trace': 'quickstart' } });
console.log(`${operators.length} operators`);

const chat = await flow.reports.attendeeChat('LKo586mmk7g');
console.log(`attendee chat: columns ${chat.columns.join(', ')}; ${chat.rows.length} messages`);
const summary = await flow.reports.summary('LKo586mmk7g');
console.log(`summary: ${summary.registrants.rows.length} registrant rows, ${summary.surveyResults.rows.length} survey rows`);

// Many registrations at once: concurrent, each at most once, resumable from the journal (run it
// again with the same rows and journal after a crash or an abort: nobody is registered twice).
const crm = Array.from({ length: 50 }, (_, i) => ({ email: `guest${i}@example.com`, first_name: 'Guest', last_name: `${i}` }));
const journal = join(mkdtempSync(join(tmpdir(), 'flow-')), 'registrations.jsonl');
const bulk = await flow.registrants.createMany([...crm, crm[0], { email: 'no-name@example.com' }], {
  sessionToken: 'T35tT0K3n',
  concurrency: 8,
  journal,
  onProgress: ({ done, total }) => done === total && console.log(`bulk: ${done}/${total} rows done`),
});
console.log(`bulk: ${bulk.created} created, ${bulk.duplicate} duplicate, ${bulk.invalid} invalid (${bulk.rows.at(-1).error.message})`);

// One report across sessions: the first two columns say which session a row came from.
const attendance = await flow.reports.collect('registrants', { period: 'past' });
console.log(`collect: ${attendance.rows.length} registrants of ${past.length} past sessions; ${attendance.failures.length} failed`);

const [room] = await flow.sso.rooms('acc0untT0k3n');
const link = await flow.sso.loginLink({ roomId: room.room_id, email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper' });
console.log(`SSO: "${room.title}" -> ${link.url}`);

try {
  await flow.events.get('n0SuchT0ken');
} catch (error) {
  if (!(error instanceof NotFoundError)) throw error;
  console.log(`${error.name} (HTTP ${error.status}, request id ${error.requestId}): ${error.message}`);
}

try {
  await flow.operators.list({ signal: AbortSignal.abort() });
} catch (error) {
  if (!(error instanceof APIUserAbortError)) throw error;
  console.log(`${error.name}: ${error.message}`);
}
