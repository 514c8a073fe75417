// Type-checked by `tsc -p tsconfig.json` (make node-test): every method, option and model of the
// package's declarations, used the way a TypeScript project would.
import {
  APIConnectionError,
  APIStatusError,
  type CreatedEvent,
  type EventSession,
  Flow,
  FlowError,
  InvalidRequestError,
  type Operator,
  RateLimitError,
  type Registrant,
  type Registration,
  type APIResponse,
  type BulkResult,
  type CollectedReport,
  type JobProgress,
  type Logger,
  type Report,
  type RequestOptions,
  type Room,
  type SummaryReport,
  type Survey,
} from 'flow-api';

const flow = new Flow({ apiSecret: process.env.FLOW_API_SECRET, baseURL: 'http://127.0.0.1:8080/api/v1', timeout: 5_000, maxRetries: 1 });
const custom = new Flow({ apiSecret: '', fetch: (input, init) => fetch(input, init) });
const withGlobalFetch = new Flow({ fetch: globalThis.fetch });
const lines: string[] = [];
const logger: Logger = { debug: (line) => lines.push(line), info: (line) => lines.push(line), warn: console.warn };
const logged = new Flow({ logLevel: 'debug', logger, defaultHeaders: { 'x-team': 'ops', accept: null }, maxResponseBytes: 1 << 20 });
const patient = flow.withOptions({ timeout: 60_000, maxRetries: 5, defaultHeaders: { 'x-job': 'nightly' } });
const options: RequestOptions = { signal: AbortSignal.timeout(1_000), timeout: 500, maxRetries: 0, headers: { 'x-trace': 't-1' } };

export async function tour(): Promise<void> {
  const sessions: EventSession[] = await flow.events.list({ period: 'past', simpleAnalytics: true }, options);
  const one: EventSession = await flow.events.get(sessions[0]?.token ?? 'LKo586mmk7g');
  const pub: EventSession = await custom.events.getPublic('T35tT0K3n');
  const created: CreatedEvent = await flow.events.create({
    creatorId: 1001,
    title: 'Launch',
    description: 'Live demo',
    date: '2031-01-02',
    time: '10:00:00',
    timezone: 'Europe/Berlin',
    operators: [{ id: 1001, role: 10, micEnabled: true }],
    published: true,
    duration: 1.5,
    earlyAccessPeriod: 15,
    videoRecord: false,
    onDemandReplays: true,
  });
  const registration: Registration = await custom.registrants.create({
    sessionToken: 'T35tT0K3n',
    email: 'ada@example.com',
    firstName: 'Ada',
    lastName: 'Lovelace',
  });
  const isNew: boolean | undefined = registration.isNew;
  const registrants: Registrant[] = await flow.registrants.list('T35tT0K3n');
  const operators: Operator[] = await flow.operators.list();
  const surveys: Survey[] = await flow.surveys.list('LKo586mmk7g');
  const summary: SummaryReport = await flow.reports.summary('LKo586mmk7g');
  const reports: Report[] = [
    await flow.reports.registrants('LKo586mmk7g'),
    await flow.reports.attendeeChat('LKo586mmk7g'),
    await flow.reports.operatorChat('LKo586mmk7g'),
    await flow.reports.survey('LKo586mmk7g', surveys[0]?.id ?? 801),
    summary.attendeeChat,
  ];
  const cells: string[] = reports.flatMap((r) => r.rows.map((row) => row[r.columns[0] ?? ''] ?? ''));
  const rooms: Room[] = await flow.sso.rooms('acc0untT0k3n');
  const link: Registration = await flow.sso.loginLink({ roomId: rooms[0]?.room_id ?? 301, email: 'g@example.com', firstName: 'G', lastName: 'H' });
  const extra: unknown = one['someFieldTheSdkDoesNotKnow'];
  console.log(pub.title, created.session?.token, isNew, registrants.length, operators[0]?.createdDate, cells.length, link.url, extra);
  await withGlobalFetch.events.getPublic('T35tT0K3n');
  const answer: APIResponse<Operator[]> = await patient.operators.list().withResponse();
  const requestId: string | null = answer.requestId;
  const limit: string | null = answer.headers.get('x-ratelimit-remaining');
  const report: APIResponse<Report> = await logged.reports.registrants('LKo586mmk7g', options).withResponse();
  console.log(answer.status, answer.data.length, requestId, limit, report.data.rows.length, lines.length);
}

export async function jobs(): Promise<void> {
  async function* crm(): AsyncGenerator<{ email: string; first_name: string; last_name: string }> {
    yield { email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace' };
  }
  const controller = new AbortController();
  const bulk: BulkResult = await flow.registrants.createMany(crm(), {
    sessionToken: 'T35tT0K3n',
    concurrency: 16,
    journal: 'registrations.jsonl',
    onProgress: ({ done, total, created, failed }: JobProgress) => console.log(done, total, created, failed),
    signal: controller.signal,
  });
  for (const row of bulk.rows) {
    if (row.status === 'unknown' || row.status === 'failed') console.log(row.index, row.email, describe(row.error));
    const url: string | undefined = row.registration?.url;
    console.log(url);
  }
  const fromArray = await flow.registrants.createMany([{ email: 'b@example.com', firstName: 'B', lastName: 'C', sessionToken: 'T35tT0K3n' }]);
  const sessions: EventSession[] = await flow.events.list({ period: 'past' });
  const chats: CollectedReport = await flow.reports.collect('attendeeChat', { sessions: [...sessions, 'LKo586mmk7g'], concurrency: 4 });
  const surveys: CollectedReport = await flow.reports.collect('survey', { period: 'past', surveyId: 801, onProgress: (p) => console.log(p.done, p.failed) });
  for (const { sessionToken, error } of [...chats.failures, ...surveys.failures]) console.log(sessionToken, error instanceof APIStatusError ? error.status : error.kind);
  console.log(bulk.created + fromArray.existing, chats.rows[0]?.['Session Title'], surveys.columns);
}

export function describe(error: unknown): string {
  if (error instanceof RateLimitError) return `slow down (HTTP ${error.status}, request ${error.requestId ?? '-'})`;
  if (error instanceof APIStatusError) return `HTTP ${error.status}: ${error.serverMessage ?? error.message}`;
  if (error instanceof APIConnectionError) return `network: ${error.message}`;
  if (error instanceof InvalidRequestError) return `bad ${error.field ?? 'input'}: ${error.message}`;
  if (error instanceof FlowError) return `${error.kind}: ${error.message}`;
  return String(error);
}
