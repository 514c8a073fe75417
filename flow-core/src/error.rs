//! The one error type every runtime maps to its own exceptions.

use std::fmt;
use std::time::Duration;

/// Longest body excerpt an error keeps, in bytes.
pub const BODY_EXCERPT_LIMIT: usize = 512;

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
    /// Bad input, refused before sending anything.
    InvalidRequest {
        /// Operation name.
        endpoint: &'static str,
        /// The offending argument.
        field: &'static str,
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
            Error::ResponseValidation { .. } => ErrorKind::ResponseValidation,
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
            | Error::InvalidRequest { endpoint, .. }
            | Error::MissingConfiguration { endpoint, .. }
            | Error::Aborted { endpoint } => endpoint,
        }
    }

    /// The status that classifies a server answer (envelope code for envelope errors).
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Status(e) => Some(e.status),
            Error::ResponseValidation { status, .. } => Some(*status),
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
            Error::ResponseValidation { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// The argument refused before sending, for [`ErrorKind::InvalidRequest`].
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Error::InvalidRequest { field, .. } => Some(field),
            _ => None,
        }
    }

    /// Replaces every occurrence of `secret` in the error's texts, in case a server echoed it.
    pub fn redact(mut self, secret: &str) -> Self {
        if secret.trim().is_empty() {
            return self;
        }
        let scrub = |s: &mut String| {
            if s.contains(secret) {
                *s = s.replace(secret, "***");
            }
        };
        match &mut self {
            Error::Status(e) => {
                scrub(&mut e.body);
                if let Some(m) = e.message.as_mut() {
                    scrub(m);
                }
            }
            Error::ResponseValidation { body, reason, .. } => {
                scrub(body);
                scrub(reason);
            }
            Error::Connection { message, .. } => scrub(message),
            _ => {}
        }
        self
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
                if *sent {
                    write!(f, "{endpoint} failed: the connection broke after the request was sent ({message}); it may have been processed, so it was not repeated unless that is safe")
                } else {
                    write!(f, "{endpoint} failed: could not connect ({message}); nothing was sent. Check the base URL and the network")
                }
            }
            Error::Timeout { endpoint, timeout } => write!(
                f,
                "{endpoint} timed out after {:.1} s; raise `timeout` or try again later",
                timeout.as_secs_f64()
            ),
            Error::ResponseValidation {
                endpoint,
                status,
                reason,
                body,
                request_id,
            } => {
                write!(
                    f,
                    "{endpoint} got an unexpected response (HTTP {status}): {reason}"
                )?;
                if !body.is_empty() {
                    write!(f, "; body starts: {body:?}")?;
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

/// The start of a body as readable text, cut at a character boundary.
pub fn body_excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(BODY_EXCERPT_LIMIT)]);
    text.trim().to_owned()
}
