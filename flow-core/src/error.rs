//! The one error type every runtime maps to its own exceptions.

use std::fmt;
use std::time::Duration;

use crate::endpoints::reconcile_with;
use crate::redact::scrub;
use crate::secret::MAX_SECRET_LEN;

/// Longest body excerpt an error keeps, in bytes.
pub const BODY_EXCERPT_LIMIT: usize = 512;

/// How much of a body an error holds until [`Error::redact`] cuts it to [`BODY_EXCERPT_LIMIT`]:
/// enough that a secret starting inside the excerpt, in its longest encoding (12 bytes per
/// character), is scrubbed whole before the cut.
const BODY_WINDOW: usize = BODY_EXCERPT_LIMIT + 12 * MAX_SECRET_LEN;

/// The category of an [`Error`]; bindings choose their exception class from it and conformance
/// vectors compare it by [`ErrorKind::as_str`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// 400
    BadRequest,
    /// 401
    Authentication,
    /// 403
    PermissionDenied,
    /// 404
    NotFound,
    /// 409
    Conflict,
    /// 422
    UnprocessableEntity,
    /// 429
    RateLimit,
    /// 500 and above
    InternalServer,
    /// Any other non-success status or envelope code.
    ApiStatus,
    /// The connection failed.
    Connection,
    /// The attempt exceeded its timeout.
    Timeout,
    /// The server answered, but not with what the endpoint returns.
    ResponseValidation,
    /// Bad input, caught before anything was sent.
    InvalidRequest,
    /// The client lacks a setting this call needs (usually the secret).
    MissingConfiguration,
    /// The caller cancelled the call.
    Aborted,
}

impl ErrorKind {
    /// Neutral snake_case name used by conformance vectors.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::BadRequest => "bad_request",
            ErrorKind::Authentication => "authentication",
            ErrorKind::PermissionDenied => "permission_denied",
            ErrorKind::NotFound => "not_found",
            ErrorKind::Conflict => "conflict",
            ErrorKind::UnprocessableEntity => "unprocessable_entity",
            ErrorKind::RateLimit => "rate_limit",
            ErrorKind::InternalServer => "internal_server",
            ErrorKind::ApiStatus => "api_status",
            ErrorKind::Connection => "connection",
            ErrorKind::Timeout => "timeout",
            ErrorKind::ResponseValidation => "response_validation",
            ErrorKind::InvalidRequest => "invalid_request",
            ErrorKind::MissingConfiguration => "missing_configuration",
            ErrorKind::Aborted => "aborted",
        }
    }

    /// The kind for an HTTP status or envelope code.
    pub fn for_status(status: u16) -> Self {
        match status {
            400 => ErrorKind::BadRequest,
            401 => ErrorKind::Authentication,
            403 => ErrorKind::PermissionDenied,
            404 => ErrorKind::NotFound,
            409 => ErrorKind::Conflict,
            422 => ErrorKind::UnprocessableEntity,
            429 => ErrorKind::RateLimit,
            500.. => ErrorKind::InternalServer,
            _ => ErrorKind::ApiStatus,
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The server refused or failed the request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusError {
    /// Operation name, such as `registrants.list`.
    pub endpoint: &'static str,
    /// The status that decides the kind: the HTTP status, or the envelope `code` of a 2xx answer.
    pub status: u16,
    /// The HTTP status as received (differs from `status` for envelope errors).
    pub http_status: u16,
    /// The server's own `message` (or `localDescription`), when it gave one.
    pub message: Option<String>,
    /// The start of the body, for diagnosis.
    pub body: String,
    /// The request id header, to quote to Flow's support.
    pub request_id: Option<String>,
    /// For a redirect, the origin (scheme, host, port) of its `Location`; never its path or query.
    pub location: Option<String>,
}

/// Everything that can go wrong in a call.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// A non-2xx status, or a 2xx whose envelope `code` is not 200.
    Status(Box<StatusError>),
    /// The connection failed; `sent` says whether the request may have reached the server.
    Connection {
        /// Operation name.
        endpoint: &'static str,
        /// What the transport reported.
        message: String,
        /// `false` only when the request provably never left (connect refused or failed).
        sent: bool,
    },
    /// An attempt exceeded its timeout.
    Timeout {
        /// Operation name.
        endpoint: &'static str,
        /// The timeout that was exceeded.
        timeout: Duration,
    },
    /// The answer was not what the endpoint returns (HTML, truncated JSON, wrong shape).
    ResponseValidation {
        /// Operation name.
        endpoint: &'static str,
        /// HTTP status of the answer.
        status: u16,
        /// What was wrong.
        reason: String,
        /// The start of the body.
        body: String,
        /// The request id header, if any.
        request_id: Option<String>,
    },
    /// The answer was longer than the client's `max_response_bytes`; nothing more was read.
    ResponseTooLarge {
        /// Operation name.
        endpoint: &'static str,
        /// HTTP status of the answer.
        status: u16,
        /// The bound that was exceeded, in bytes.
        limit: u64,
        /// The request id header, if any.
        request_id: Option<String>,
    },
    /// Bad input, refused before sending anything.
    InvalidRequest {
        /// Operation name.
        endpoint: &'static str,
        /// The offending argument (its neutral name).
        field: std::borrow::Cow<'static, str>,
        /// Why it was refused.
        reason: String,
    },
    /// The client lacks a setting this call needs.
    MissingConfiguration {
        /// Operation name, or `client` for construction.
        endpoint: &'static str,
        /// What is missing and how to provide it.
        message: String,
    },
    /// The caller cancelled the call; nothing more is sent.
    Aborted {
        /// Operation name.
        endpoint: &'static str,
    },
}

impl Error {
    /// The category of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Status(e) => ErrorKind::for_status(e.status),
            Error::Connection { .. } => ErrorKind::Connection,
            Error::Timeout { .. } => ErrorKind::Timeout,
            Error::ResponseValidation { .. } | Error::ResponseTooLarge { .. } => {
                ErrorKind::ResponseValidation
            }
            Error::InvalidRequest { .. } => ErrorKind::InvalidRequest,
            Error::MissingConfiguration { .. } => ErrorKind::MissingConfiguration,
            Error::Aborted { .. } => ErrorKind::Aborted,
        }
    }

    /// The operation that failed.
    pub fn endpoint(&self) -> &'static str {
        match self {
            Error::Status(e) => e.endpoint,
            Error::Connection { endpoint, .. }
            | Error::Timeout { endpoint, .. }
            | Error::ResponseValidation { endpoint, .. }
            | Error::ResponseTooLarge { endpoint, .. }
            | Error::InvalidRequest { endpoint, .. }
            | Error::MissingConfiguration { endpoint, .. }
            | Error::Aborted { endpoint } => endpoint,
        }
    }

    /// The status that classifies a server answer (envelope code for envelope errors).
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Status(e) => Some(e.status),
            Error::ResponseValidation { status, .. } | Error::ResponseTooLarge { status, .. } => {
                Some(*status)
            }
            _ => None,
        }
    }

    /// The server's own message, when it gave one.
    pub fn server_message(&self) -> Option<&str> {
        match self {
            Error::Status(e) => e.message.as_deref(),
            _ => None,
        }
    }

    /// The start of the response body, when there was a response.
    pub fn body(&self) -> Option<&str> {
        match self {
            Error::Status(e) => Some(&e.body),
            Error::ResponseValidation { body, .. } => Some(body),
            _ => None,
        }
    }

    /// The request id header of the response, when there was one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Status(e) => e.request_id.as_deref(),
            Error::ResponseValidation { request_id, .. } | Error::ResponseTooLarge { request_id, .. } => {
                request_id.as_deref()
            }
            _ => None,
        }
    }

    /// The argument refused before sending, for [`ErrorKind::InvalidRequest`].
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::InvalidRequest { field, .. } => Some(field),
            _ => None,
        }
    }

    /// Whether the server may have acted on the request, so that sending it again could repeat
    /// it (register someone twice, create a second event). `false` only when the server provably
    /// did not: nothing was sent (bad input, missing settings, a refused connection), or it
    /// answered 4xx (including 429) or 503. A timeout, a connection lost after sending, a 2xx or
    /// 3xx whose answer could not be read, or another 5xx all say `true`: check with a read before
    /// sending a write again. Reads are always safe to repeat; for them this says the same.
    pub fn may_have_been_processed(&self) -> bool {
        match self {
            Error::Status(e) => (300..400).contains(&e.http_status) || answered_may_have_processed(e.status),
            Error::ResponseValidation { status, .. } | Error::ResponseTooLarge { status, .. } => {
                answered_may_have_processed(*status)
            }
            Error::Connection { sent, .. } => *sent,
            Error::Timeout { .. } | Error::Aborted { .. } => true,
            Error::InvalidRequest { .. } | Error::MissingConfiguration { .. } => false,
        }
    }

    /// Scrubs every encoding of `secret` from the error's texts (a server may echo it), then cuts
    /// the body to [`BODY_EXCERPT_LIMIT`]. The driver calls this on every error it returns; the
    /// order matters, since a cut through the secret would leave a prefix no scrub could find.
    pub fn redact(mut self, secret: Option<&str>) -> Self {
        let secret = secret.map(str::trim).filter(|s| !s.is_empty());
        let clean = |s: &mut String| {
            if let Some(secret) = secret {
                if let std::borrow::Cow::Owned(scrubbed) = scrub(s, secret) {
                    *s = scrubbed;
                }
            }
        };
        let clean_id = |id: &mut Option<String>| {
            if let Some(id) = id.as_mut() {
                clean(id);
            }
        };
        match &mut self {
            Error::Status(e) => {
                clean(&mut e.body);
                cut(&mut e.body);
                if let Some(m) = e.message.as_mut() {
                    clean(m);
                }
                clean_id(&mut e.request_id);
                clean_id(&mut e.location);
            }
            Error::ResponseValidation {
                body,
                reason,
                request_id,
                ..
            } => {
                clean(body);
                cut(body);
                clean(reason);
                clean_id(request_id);
            }
            Error::ResponseTooLarge { request_id, .. } => clean_id(request_id),
            Error::Connection { message, .. } => clean(message),
            Error::MissingConfiguration { message, .. } => clean(message),
            Error::InvalidRequest { reason, .. } => clean(reason),
            Error::Timeout { .. } | Error::Aborted { .. } => {}
        }
        self
    }
}

/// Whether an answer with this status may mean the request was processed (see
/// [`Error::may_have_been_processed`]).
fn answered_may_have_processed(status: u16) -> bool {
    !matches!(status, 400..=499 | 503)
}

/// Cuts an excerpt to [`BODY_EXCERPT_LIMIT`] bytes at a character boundary.
fn cut(body: &mut String) {
    if body.len() > BODY_EXCERPT_LIMIT {
        let mut end = BODY_EXCERPT_LIMIT;
        while !body.is_char_boundary(end) {
            end -= 1;
        }
        body.truncate(end);
    }
}

/// What a caller should do after a write that may have been processed.
fn reconcile(f: &mut fmt::Formatter<'_>, endpoint: &str) -> fmt::Result {
    match reconcile_with(endpoint) {
        Some(Some(read)) => write!(f, "; check with {read} before sending it again"),
        Some(None) => write!(f, "; check whether it took effect before sending it again"),
        None => Ok(()),
    }
}

fn status_hint(status: u16) -> &'static str {
    match status {
        400 | 422 => "check the arguments against the API reference",
        401 => "check the API secret the client was given (or FLOW_API_SECRET)",
        403 => "this account's secret is not allowed to do this",
        404 => "check the token or id; it does not exist for this account",
        409 => "the resource is in a conflicting state",
        429 => "slow down; the SDK already retried as far as it safely could",
        500.. => "a server-side failure; try again later and quote the request id to Flow's support",
        _ => "see the body for details",
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Status(e) => {
                write!(f, "{} failed: ", e.endpoint)?;
                if (300..400).contains(&e.http_status) {
                    write!(f, "HTTP {} redirect", e.http_status)?;
                    if let Some(origin) = &e.location {
                        write!(f, " to {origin}")?;
                    }
                    write!(f, " (redirects are never followed, so the secret cannot travel to another host; point base_url at the final address)")?;
                    if is_write(e.endpoint) {
                        write!(f, "; it may have been processed")?;
                        reconcile(f, e.endpoint)?;
                    }
                    if let Some(id) = &e.request_id {
                        write!(f, " [request id {id}]")?;
                    }
                    return Ok(());
                }
                if e.status == e.http_status {
                    write!(f, "HTTP {}", e.status)?;
                } else {
                    write!(f, "HTTP {} with envelope code {}", e.http_status, e.status)?;
                }
                match &e.message {
                    Some(m) => write!(f, ": {m}")?,
                    None if !e.body.is_empty() => write!(f, ": {}", e.body)?,
                    None => {}
                }
                write!(f, " ({})", status_hint(e.status))?;
                if is_write(e.endpoint) && self.may_have_been_processed() {
                    write!(f, "; it may have been processed")?;
                    reconcile(f, e.endpoint)?;
                }
                if let Some(id) = &e.request_id {
                    write!(f, " [request id {id}]")?;
                }
                Ok(())
            }
            Error::Connection {
                endpoint,
                message,
                sent,
            } => {
                if !*sent {
                    write!(f, "{endpoint} failed: could not connect ({message}); nothing was sent. Check the base URL and the network")
                } else if is_write(endpoint) {
                    write!(f, "{endpoint} failed: the connection broke after the request was sent ({message}); it may have been processed, so it was not sent again")?;
                    reconcile(f, endpoint)
                } else {
                    write!(f, "{endpoint} failed: the connection broke before the answer was complete ({message}); it was retried as far as max_retries allows: try again later")
                }
            }
            Error::Timeout { endpoint, timeout } => {
                // Tenths of a second counted in integers: formatting a float with a precision
                // brings a second float formatter into the wasm package.
                let tenths = (timeout.as_nanos() + 50_000_000) / 100_000_000;
                write!(f, "{endpoint} timed out after {}.{} s", tenths / 10, tenths % 10)?;
                if is_write(endpoint) {
                    write!(f, "; it may have been processed, so it was not sent again")?;
                    reconcile(f, endpoint)
                } else {
                    write!(f, "; raise `timeout` or try again later")
                }
            }
            Error::ResponseValidation {
                endpoint,
                status,
                reason,
                body,
                request_id,
            } => {
                if is_write(endpoint) && self.may_have_been_processed() {
                    write!(f, "{endpoint}: the server answered HTTP {status}, so the request was probably processed, but the answer could not be read ({reason}); do not simply send it again")?;
                    reconcile(f, endpoint)?;
                } else {
                    write!(
                        f,
                        "{endpoint} got an unexpected response (HTTP {status}): {reason}"
                    )?;
                }
                if !body.is_empty() {
                    write!(f, "; body starts: {body:?}")?;
                }
                if let Some(id) = request_id {
                    write!(f, " [request id {id}]")?;
                }
                Ok(())
            }
            Error::ResponseTooLarge {
                endpoint,
                status,
                limit,
                request_id,
            } => {
                write!(f, "{endpoint}: the answer (HTTP {status}) is larger than max_response_bytes ({limit} bytes), so it was not read; raise max_response_bytes if it is expected")?;
                if is_write(endpoint) && self.may_have_been_processed() {
                    write!(f, "; the request was probably processed")?;
                    reconcile(f, endpoint)?;
                }
                if let Some(id) = request_id {
                    write!(f, " [request id {id}]")?;
                }
                Ok(())
            }
            Error::InvalidRequest {
                endpoint,
                field,
                reason,
            } => write!(f, "{endpoint}: invalid `{field}`: {reason}; nothing was sent"),
            Error::MissingConfiguration { endpoint, message } => write!(f, "{endpoint}: {message}"),
            Error::Aborted { endpoint } => write!(f, "{endpoint} was aborted by the caller"),
        }
    }
}

impl std::error::Error for Error {}

fn is_write(endpoint: &str) -> bool {
    reconcile_with(endpoint).is_some()
}

/// The start of a body as readable text: [`Error::redact`] scrubs it, then cuts it to
/// [`BODY_EXCERPT_LIMIT`].
pub fn body_excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(BODY_WINDOW)]);
    text.trim().to_owned()
}
