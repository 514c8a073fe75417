// Types of the `flow-api` package: the same for the Node and the browser entry.

/** Which sessions `events.list` returns; leave it out for all of them. */
export type Period = 'current' | 'past' | 'future';

/** How much the client logs; every line is redacted (the secret never appears). */
export type LogLevel = 'debug' | 'info' | 'warn' | 'off';

/** Where log lines go: `console` by default, or any object with these methods (pino, winston, ...). */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
}

/**
 * Headers by name. A `null` value removes a header the SDK sets; `api-secret` (use `apiSecret`),
 * `host` and `content-length` are refused.
 */
export type HeaderValues = Record<string, string | null>;

/**
 * The client's settings. The core resolves them the same way in every runtime: `null` and
 * `undefined` mean "left out" (the environment variable or the default applies), and a refused
 * value throws `InvalidRequestError` (or `FlowError` for the secret and base URL, unechoed).
 */
export interface ClientSettings {
  /**
   * The account's API secret (header `api-secret`). Left out, Node reads `FLOW_API_SECRET`; `''`
   * means no secret, without reading the variable. Without one only `events.getPublic` and
   * `registrants.create` work. In a browser, passing it throws unless `dangerouslyAllowBrowser`.
   */
  apiSecret?: string | null | undefined;
  /** API root, e.g. a local flow-mock. Left out, Node reads `FLOW_BASE_URL`, else production. */
  baseURL?: string | null | undefined;
  /** Per-attempt timeout in milliseconds (default 30000, at most 2147483647). */
  timeout?: number | null | undefined;
  /** Retries after the first attempt, for failures safe to repeat (default 2, at most 10). */
  maxRetries?: number | null | undefined;
  /**
   * The largest response body read, in bytes (default 512 MiB, at least 1024). A longer answer
   * fails with `APIResponseValidationError` as soon as that is known: from `Content-Length`
   * before reading, else while reading, which then stops.
   */
  maxResponseBytes?: number | null | undefined;
  /** Headers sent with every request, after the SDK's own. */
  defaultHeaders?: HeaderValues | null | undefined;
  /** Turns logging on (left out, Node reads `FLOW_LOG`; default `'off'`). */
  logLevel?: LogLevel | null | undefined;
  /**
   * Allows `apiSecret` in a browser page or worker: only for trusted internal tools. Only the
   * boolean `true` counts.
   */
  dangerouslyAllowBrowser?: boolean | undefined;
}

export interface ClientOptions extends ClientSettings {
  /** Receives the log lines `logLevel` (or `FLOW_LOG`) lets through (default `console`). */
  logger?: Logger | null | undefined;
  /**
   * The `fetch` to send requests with (default: the global one). Tests pass a fake here. It is
   * called with `redirect: 'manual'` and must not follow redirects itself.
   */
  fetch?: ((input: string, init: FetchInit) => Promise<FetchResponse>) | null | undefined;
}

/** What the SDK passes to `fetch`. */
export interface FetchInit {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  /** Redirects are never followed: the `api-secret` header would travel to the next host. */
  redirect: 'manual';
}

/**
 * What the SDK reads from a `fetch` response (a real `Response` has all of it): the body from
 * `body.getReader()`, or from `arrayBuffer()` when there is no body stream.
 */
export interface FetchResponse {
  status: number;
  /** `'opaqueredirect'` is a redirect a browser does not let the page read. */
  type?: string;
  headers: Iterable<[string, string]> | Record<string, string>;
  body?: {
    getReader(): {
      read(): Promise<{ done: boolean; value?: Uint8Array | undefined }>;
      cancel(reason?: unknown): Promise<void>;
    };
    cancel(reason?: unknown): Promise<void>;
  } | null;
  arrayBuffer?(): Promise<ArrayBuffer>;
}

/** The last argument of every method. */
export interface RequestOptions {
  /** Cancels the call: it rejects with `APIUserAbortError` and sends nothing more. */
  signal?: AbortSignal | null | undefined;
  /** Overrides the client's per-attempt timeout, in milliseconds. */
  timeout?: number | null | undefined;
  /** Overrides the client's retry budget. */
  maxRetries?: number | null | undefined;
  /** Headers for this call, after the client's `defaultHeaders`. */
  headers?: HeaderValues | null | undefined;
}

/** What `withResponse()` resolves to: the result and what the answer said about itself. */
export interface APIResponse<T> {
  data: T;
  /** The HTTP status of the answer. */
  status: number;
  /** The answer's headers (the secret scrubbed from every value). */
  headers: Headers;
  /** The request id the server (or a proxy) sent, to quote to Flow's support. */
  requestId: string | null;
}

/**
 * What every method returns: awaiting it gives the result; `withResponse()` gives it with the
 * status, headers and request id. The request is sent once either way.
 */
export interface APIPromise<T> extends Promise<T> {
  withResponse(): Promise<APIResponse<T>>;
}

/** Unknown fields the server sends are kept, under their wire names. */
interface Extra {
  [field: string]: unknown;
}

export interface Person extends Extra {
  id?: number;
  email?: string;
  firstName?: string;
  lastName?: string;
}

export interface SessionOperator extends Person {
  /** 5 = presenter, 10 = organizer. */
  role?: number;
  micEnabled?: boolean;
  camEnabled?: boolean;
  screenSharingEnabled?: boolean;
}

export interface EventSession extends Extra {
  /** The session token used by every per-session method. */
  token?: string;
  eventToken?: string;
  title?: string;
  description?: string;
  /** `YYYY-MM-DD`. */
  date?: string;
  /** `HH:MM:SS`, 24 h. */
  time?: string;
  /** IANA zone name such as `Asia/Calcutta`. */
  timezone?: string;
  /** Hours. */
  duration?: number;
  /** Minutes. */
  earlyAccessPeriod?: number;
  published?: boolean;
  videoRecord?: boolean;
  onDemandReplays?: boolean;
  accessStatus?: number;
  createDate?: string;
  creator?: Person;
  operators?: SessionOperator[];
  /** Present when asked for with `simpleAnalytics`. */
  analytics?: Record<string, unknown>;
  /** Only from `events.get`. */
  feedbackQuestions?: unknown[];
}

export interface CreatedEvent extends Extra {
  message?: string;
  /** The created session, when the server returns it. */
  session?: EventSession;
}

export interface Registration extends Extra {
  /** The attendee's personal join link. */
  url?: string;
  /** The registrant token. */
  token?: string;
  date?: string;
  time?: string;
  timezone?: string;
  /** `false` when that email was already registered (no second registration is created). */
  isNew?: boolean;
  passCode?: string;
  id?: number;
}

export interface Registrant extends Extra {
  userID?: number;
  eventSessionID?: number;
  token?: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  phone?: string;
  location?: string;
  /** Empty or absent when the person never attended. */
  entryTime?: string;
  exitTime?: string;
  role?: number;
  micEnabled?: boolean;
  camEnabled?: boolean;
  screenSharingEnabled?: boolean;
}

export interface Operator extends Extra {
  id?: number;
  userID?: number;
  token?: string;
  accountToken?: string;
  accountServiceLevel?: unknown;
  email?: string;
  firstName?: string;
  lastName?: string;
  title?: string;
  company?: string;
  phone?: string;
  bio?: string;
  linkedinUrl?: string;
  twitterID?: string;
  avatarToken?: string;
  avatarExtension?: string;
  permission?: number;
  createdBy?: number;
  /** Unix seconds. */
  createdDate?: number;
}

export interface Survey extends Extra {
  /** The `surveyId` of `reports.survey`. */
  id?: number;
  name?: string;
  text?: string;
  anonymous?: boolean;
  resultDisplayOption?: number;
}

export interface Room extends Extra {
  id?: number;
  title?: string;
  /** The `roomId` of `sso.loginLink`. */
  room_id?: string;
  description?: string;
  account_token?: string;
  creator_id?: number;
  account_id?: number;
}

/** A CSV report parsed by its header row; no column is dropped. */
export interface Report {
  /** Column names in file order, made unique (`Name`, `Name_2`, `column_3`). */
  columns: string[];
  /** One object per row, keyed by column name, every column present. */
  rows: Record<string, string>[];
  /** The CSV text as received (decoded, BOM removed). */
  text: string;
}

export interface SummaryReport {
  registrants: Report;
  attendeeChat: Report;
  operatorChat: Report;
  surveyResults: Report;
}

export interface ListEventsParams {
  period?: Period | undefined;
  /** Adds the summarised `analytics` object to each session. */
  simpleAnalytics?: boolean | undefined;
}

export interface OperatorAssignment {
  /** A user id from `operators.list`. */
  id: number;
  /** 5 = presenter, 10 = organizer. */
  role: number;
  micEnabled?: boolean | undefined;
  camEnabled?: boolean | undefined;
  screenSharingEnabled?: boolean | undefined;
}

export interface NewEvent {
  /** A user id from `operators.list`. */
  creatorId: number;
  title: string;
  description: string;
  /** `YYYY-MM-DD`. */
  date: string;
  /** `HH:MM:SS`, 24 h. */
  time: string;
  /** IANA zone name, such as `Europe/Berlin`. */
  timezone: string;
  operators?: OperatorAssignment[] | undefined;
  published?: boolean | undefined;
  /** Hours. */
  duration?: number | undefined;
  /** Minutes. */
  earlyAccessPeriod?: number | undefined;
  videoRecord?: boolean | undefined;
  onDemandReplays?: boolean | undefined;
}

export interface NewRegistrant {
  sessionToken: string;
  email: string;
  firstName: string;
  lastName: string;
  /** Ask the server to redirect to the join link. */
  redirect?: boolean | undefined;
}

export interface SsoMember {
  /** A room's `room_id`. */
  roomId: string | number;
  email: string;
  firstName: string;
  lastName: string;
}

export interface Events {
  list(params?: ListEventsParams, options?: RequestOptions): APIPromise<EventSession[]>;
  get(sessionToken: string, options?: RequestOptions): APIPromise<EventSession>;
  /** Needs no secret and never sends it. */
  getPublic(sessionToken: string, options?: RequestOptions): APIPromise<EventSession>;
  /** Never sent twice unless the server provably did not process it. */
  create(event: NewEvent, options?: RequestOptions): APIPromise<CreatedEvent>;
}

/** How a row of `registrants.createMany` ended. */
export type RowStatus =
  /** Registered now. */
  | 'created'
  /** The server already had this email for the session (`isNew` false), or a rerun found it there. */
  | 'existing'
  /** The same session and email (in any case) as an earlier row; not sent. */
  | 'duplicate'
  /** Refused before sending; `error.field` names the field (`row` for a row that is not an object). */
  | 'invalid'
  /** The server refused it and provably did not act on it (4xx, 503); a rerun sends it again. */
  | 'failed'
  /**
   * Sent, outcome unknown (a timeout, a connection lost after sending, a 5xx other than 503, an
   * unreadable answer). Never sent again in the same run; a rerun with the journal reads the
   * session's registrants before deciding.
   */
  | 'unknown';

/** How many rows (or, for `collect`'s progress, sessions) ended in each status. */
export interface RowCounts {
  created: number;
  existing: number;
  duplicate: number;
  invalid: number;
  failed: number;
  unknown: number;
}

/** One input row's outcome. */
export interface RowResult {
  /** The row's position in the input, from 0. */
  index: number;
  /** The session it registers for (the row's own, else the `sessionToken` option), when known. */
  sessionToken: string | null;
  email: string | null;
  status: RowStatus;
  /** The server's answer, when known. */
  registration: Registration | null;
  /** Why it is invalid, failed or unknown. */
  error: FlowError | null;
}

/** What `registrants.createMany` resolves to: one result per input row, in input order, and counts. */
export interface BulkResult extends RowCounts {
  rows: RowResult[];
}

/** Where a job stands: after each finished row (`createMany`) or session (`collect`). */
export interface JobProgress extends RowCounts {
  done: number;
  /** All rows (sessions), when known in advance: an array's length; `null` for an iterable. */
  total: number | null;
}

export interface CreateManyOptions {
  /** The session for rows that do not name their own. */
  sessionToken?: string | null | undefined;
  /** Registrations in flight at once, shared by all rows (default 8, at most 64). */
  concurrency?: number | null | undefined;
  /**
   * Node only: a file (JSON lines) where every row is recorded before it is sent and when it ends.
   * Run the same rows with the same journal again after a failure, a crash or an abort: rows done
   * are not sent, rows whose outcome is unknown are checked with one `registrants.list` per
   * session first. Refused in a browser.
   */
  journal?: string | URL | null | undefined;
  /** Called after each finished row. If it throws, the job stops and rejects with that error. */
  onProgress?: ((progress: JobProgress) => void) | null | undefined;
  /** Stops the job: requests in flight are cancelled and it rejects with `APIUserAbortError`. */
  signal?: AbortSignal | null | undefined;
}

export interface Registrants {
  /** Needs no secret and never sends it; never sent twice unless provably unprocessed. */
  create(registrant: NewRegistrant, options?: RequestOptions): APIPromise<Registration>;
  list(sessionToken: string, options?: RequestOptions): APIPromise<Registrant[]>;
  /**
   * Registers every row, concurrently, each at most once. `rows` is an array or any iterable or
   * async iterable of objects with `email`, `firstName` and `lastName` (also `first_name`,
   * `First Name`, ...) and optionally `sessionToken`; other keys are ignored. Rows are pulled only
   * as fast as they are sent. A bad row becomes an `invalid` result, never an exception; an
   * exception thrown by the iterable stops the job and is rethrown.
   */
  createMany(rows: Iterable<object> | AsyncIterable<object>, options?: CreateManyOptions): Promise<BulkResult>;
}

export interface Operators {
  list(options?: RequestOptions): APIPromise<Operator[]>;
}

export interface Surveys {
  list(sessionToken: string, options?: RequestOptions): APIPromise<Survey[]>;
}

/** Which per-session report `reports.collect` joins. */
export type ReportKind = 'registrants' | 'attendeeChat' | 'operatorChat' | 'survey';

export interface CollectOptions {
  /** These sessions: tokens, or session objects (whose titles are then not read again). */
  sessions?: Array<string | EventSession> | null | undefined;
  /** Or the sessions `events.list` returns for this period. */
  period?: Period | null | undefined;
  /** For the `survey` kind: which survey. */
  surveyId?: string | number | null | undefined;
  /** Reports in flight at once (default 8, at most 64). */
  concurrency?: number | null | undefined;
  /** Called after each finished session (`failed` counts the failed ones). */
  onProgress?: ((progress: JobProgress) => void) | null | undefined;
  /** Stops the job: requests in flight are cancelled and it rejects with `APIUserAbortError`. */
  signal?: AbortSignal | null | undefined;
}

/** A session `reports.collect` could not read. */
export interface SessionFailure {
  sessionToken: string;
  error: FlowError;
}

/**
 * One report across sessions: `Session Token` and `Session Title`, then the union of the sessions'
 * columns in first-seen order (a value a session lacks is empty).
 */
export interface CollectedReport extends Report {
  /** The sessions that failed, in session order; they do not lose the others. */
  failures: SessionFailure[];
}

export interface Reports {
  /** One report of `kind` across many sessions, fetched concurrently and joined. */
  collect(kind: ReportKind, options?: CollectOptions): Promise<CollectedReport>;
  summary(sessionToken: string, options?: RequestOptions): APIPromise<SummaryReport>;
  registrants(sessionToken: string, options?: RequestOptions): APIPromise<Report>;
  attendeeChat(sessionToken: string, options?: RequestOptions): APIPromise<Report>;
  operatorChat(sessionToken: string, options?: RequestOptions): APIPromise<Report>;
  survey(sessionToken: string, surveyId: string | number, options?: RequestOptions): APIPromise<Report>;
}

export interface Sso {
  rooms(accountToken: string, options?: RequestOptions): APIPromise<Room[]>;
  /** Registers the member (a write: never sent twice unless provably unprocessed). */
  loginLink(member: SsoMember, options?: RequestOptions): APIPromise<Registration>;
}

/** A client of the Flow webinar API. */
export declare class Flow {
  constructor(options?: ClientOptions);
  /**
   * A client with these settings on top of this one's (default headers are merged), sharing its
   * `fetch`, logger and connections; this one is unchanged.
   */
  withOptions(options: ClientSettings): Flow;
  readonly events: Events;
  readonly registrants: Registrants;
  readonly operators: Operators;
  readonly surveys: Surveys;
  readonly reports: Reports;
  readonly sso: Sso;
}

export type ErrorKind =
  | 'bad_request'
  | 'authentication'
  | 'permission_denied'
  | 'not_found'
  | 'conflict'
  | 'unprocessable_entity'
  | 'rate_limit'
  | 'internal_server'
  | 'api_status'
  | 'connection'
  | 'timeout'
  | 'response_validation'
  | 'invalid_request'
  | 'missing_configuration'
  | 'aborted';

export interface ErrorFields {
  kind?: ErrorKind;
  endpoint?: string;
  status?: number | null;
  serverMessage?: string | null;
  body?: string | null;
  requestId?: string | null;
  field?: string | null;
  mayHaveBeenProcessed?: boolean;
}

/** Base of every error the SDK throws; never contains the secret. */
export declare class FlowError extends Error {
  constructor(message: string, fields?: ErrorFields);
  /** The core's neutral kind, e.g. `not_found`, `timeout`, `missing_configuration`. */
  readonly kind: ErrorKind | undefined;
  /** The operation that failed, e.g. `registrants.list`. */
  readonly endpoint: string | undefined;
  /**
   * Whether the server may have acted on the request, so that sending it again could repeat it
   * (register someone twice, create a second event). `false` only when it provably did not:
   * nothing was sent (bad input, missing settings, a refused connection), or it answered 4xx or
   * 503. After `true` for a write, check with a read before sending it again.
   */
  readonly mayHaveBeenProcessed: boolean;
}

export declare class APIError extends FlowError {
  /** The HTTP status, or the envelope `code` of a 2xx answer that carried an error. */
  readonly status: number | undefined;
  /** The server's own message, when it gave one. */
  readonly serverMessage: string | undefined;
  /** The start of the response body. */
  readonly body: string | undefined;
  /** The request id to quote to Flow's support. */
  readonly requestId: string | undefined;
}
export declare class APIStatusError extends APIError {
  readonly status: number;
}
export declare class BadRequestError extends APIStatusError {}
export declare class AuthenticationError extends APIStatusError {}
export declare class PermissionDeniedError extends APIStatusError {}
export declare class NotFoundError extends APIStatusError {}
export declare class ConflictError extends APIStatusError {}
export declare class UnprocessableEntityError extends APIStatusError {}
export declare class RateLimitError extends APIStatusError {}
export declare class InternalServerError extends APIStatusError {}
export declare class APIConnectionError extends APIError {}
export declare class APITimeoutError extends APIConnectionError {}
export declare class APIUserAbortError extends APIError {}
export declare class APIResponseValidationError extends APIError {}
export declare class InvalidRequestError extends FlowError {
  /**
   * The refused argument or option by its neutral name, the same in every runtime
   * (`session_token`, `email`, `timeout`, `max_retries`, `max_response_bytes`, `api_secret`).
   */
  readonly field: string | undefined;
}
