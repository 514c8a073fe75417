// Error classes. The core decides the kind and builds the message; the client picks the class for
// the kind and these copy the fields, so every runtime reports the same failure the same way.

/** Base of every error the SDK throws. */
export class FlowError extends Error {
  constructor(message, { kind, endpoint, mayHaveBeenProcessed } = {}) {
    super(message);
    /** The core's neutral kind, e.g. `not_found`, `timeout`, `missing_configuration`. */
    this.kind = kind;
    /** The operation that failed, e.g. `registrants.list`. */
    this.endpoint = endpoint;
    /**
     * Whether the server may have acted on the request, so that sending it again could repeat it
     * (a second registration). `false` only when it provably did not: nothing was sent, or the
     * answer was a 4xx or 503. The core decides; an error built without that knowledge says `true`.
     */
    this.mayHaveBeenProcessed = typeof mayHaveBeenProcessed === 'boolean' ? mayHaveBeenProcessed : true;
  }
}

/** A call reached the network (or tried to) and failed there. */
export class APIError extends FlowError {
  constructor(message, fields = {}) {
    super(message, fields);
    this.status = fields.status ?? undefined;
    this.serverMessage = fields.serverMessage ?? undefined;
    this.body = fields.body ?? undefined;
    this.requestId = fields.requestId ?? undefined;
  }
}

/** The server refused or failed the request (non-2xx, or a 2xx envelope with another `code`). */
export class APIStatusError extends APIError {}
export class BadRequestError extends APIStatusError {}
export class AuthenticationError extends APIStatusError {}
export class PermissionDeniedError extends APIStatusError {}
export class NotFoundError extends APIStatusError {}
export class ConflictError extends APIStatusError {}
export class UnprocessableEntityError extends APIStatusError {}
export class RateLimitError extends APIStatusError {}
export class InternalServerError extends APIStatusError {}

/** No answer: the connection failed or broke. */
export class APIConnectionError extends APIError {}
/** An attempt exceeded its timeout. */
export class APITimeoutError extends APIConnectionError {}
/** The caller's `AbortSignal` fired; nothing more was sent. */
export class APIUserAbortError extends APIError {}
/** The server answered, but not with what the operation returns. */
export class APIResponseValidationError extends APIError {}

/** Bad input or options, refused before anything was sent. */
export class InvalidRequestError extends FlowError {
  constructor(message, fields = {}) {
    super(message, fields);
    /** The refused argument or option, by its neutral name (`session_token`, `max_retries`). */
    this.field = fields.field ?? undefined;
  }
}

const CLASSES = {
  FlowError,
  APIError,
  APIStatusError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  APIResponseValidationError,
  InvalidRequestError,
};
// Names survive minification of the classes themselves.
for (const [name, cls] of Object.entries(CLASSES)) {
  Object.defineProperty(cls.prototype, 'name', { value: name, writable: true, configurable: true });
}
