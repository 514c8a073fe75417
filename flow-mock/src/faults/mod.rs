//! Faults on demand: rules queued through `POST /__mock/faults` that replace the answer to matching
//! requests with what a flaky network, proxy or hostile server produces, so clients' retry, error
//! and parsing code can be tested against real sockets.

mod base64_bytes;
mod responses;
mod rules;
mod streams;

use std::collections::BTreeMap;
use std::time::Duration;

use axum::extract::Request;
use axum::http::header::{CONTENT_LENGTH, TRANSFER_ENCODING};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use base64_bytes::Base64Bytes;
pub use rules::{FaultQueue, FaultRule};

/// The longest `delay` or `slow_body` interval accepted, so a typo cannot hang a test run.
const MAX_DELAY_MS: u64 = 600_000;

/// The largest `huge_body`: far beyond any client's memory, yet generated as it is sent.
const MAX_HUGE_BODY: u64 = 64 * 1024 * 1024 * 1024;

/// The statuses a `redirect` may use: the ones that carry a `Location` to follow.
const REDIRECTS: [u16; 5] = [301, 302, 303, 307, 308];

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Fault {
    #[serde(flatten)]
    pub kind: FaultKind,
    /// Run the real handler first (its effects are kept), then replace its answer.
    #[serde(default)]
    pub process: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FaultKind {
    /// Answer with this status, an optional `Retry-After` and a body (the error envelope by default).
    Status {
        status: u16,
        #[serde(
            default,
            deserialize_with = "string_or_number",
            skip_serializing_if = "Option::is_none"
        )]
        retry_after: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        body: Option<Value>,
    },
    /// Drop the connection without an answer.
    Reset,
    /// Announce a full JSON body, send half of it, close the connection.
    Truncate,
    /// Wait, then answer normally.
    Delay { ms: u64 },
    /// A 200 whose JSON body breaks off mid-token.
    InvalidJson,
    /// A proxy's HTML error page.
    Html {
        #[serde(default = "bad_gateway")]
        status: u16,
    },
    /// HTTP 200 with an envelope whose `code` says otherwise.
    EnvelopeCode {
        code: i64,
        #[serde(default = "envelope_message")]
        message: String,
    },
    /// A 3xx pointing elsewhere with an empty body, to see whether a client follows it (and with
    /// what: its secret, a replayed POST).
    Redirect {
        #[serde(default = "found")]
        status: u16,
        location: String,
    },
    /// A 200 of `bytes` filler bytes, generated as they are sent, with or without a declared length.
    HugeBody {
        bytes: u64,
        #[serde(default = "declared")]
        declare: bool,
        #[serde(default = "json_type")]
        content_type: String,
    },
    /// The real answer, or `body` (a JSON string is sent as plain text, other JSON as JSON),
    /// sent `bytes_per_interval` bytes every `interval_ms`.
    SlowBody {
        bytes_per_interval: usize,
        interval_ms: u64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        body: Option<Value>,
    },
    /// This status, content type and body, verbatim (`body` as text or `body_base64` as bytes),
    /// plus any extra headers.
    Body {
        #[serde(default = "ok")]
        status: u16,
        content_type: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        body: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        body_base64: Option<Base64Bytes>,
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        headers: BTreeMap<String, String>,
    },
}

fn bad_gateway() -> u16 {
    502
}

fn found() -> u16 {
    302
}

fn ok() -> u16 {
    200
}

fn declared() -> bool {
    true
}

fn json_type() -> String {
    "application/json".to_owned()
}

fn envelope_message() -> String {
    "Injected envelope error".to_owned()
}

fn string_or_number<'de, D: Deserializer<'de>>(de: D) -> Result<Option<String>, D::Error> {
    match Option::<Value>::deserialize(de)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(_) => Err(serde::de::Error::custom(
            "retry_after must be a string or a number",
        )),
    }
}

fn valid_status(status: u16) -> Result<StatusCode, String> {
    StatusCode::from_u16(status).map_err(|_| format!("invalid status {status}"))
}

fn valid_header_value(field: &str, value: &str) -> Result<(), String> {
    HeaderValue::from_str(value)
        .map(drop)
        .map_err(|_| format!("{field} is not a valid header value"))
}

fn valid_delay(field: &str, ms: u64) -> Result<(), String> {
    if ms > MAX_DELAY_MS {
        return Err(format!("{field} is limited to {MAX_DELAY_MS} ms"));
    }
    Ok(())
}

/// Extra headers of a `body` fault; the framing ones are refused, since the body is sent as is.
fn valid_headers(headers: &BTreeMap<String, String>) -> Result<(), String> {
    for (name, value) in headers {
        let parsed =
            HeaderName::try_from(name).map_err(|_| format!("{name:?} is not a valid header name"))?;
        if parsed == CONTENT_LENGTH || parsed == TRANSFER_ENCODING {
            return Err(format!("the {name} header is set by the server"));
        }
        valid_header_value(name, value)?;
    }
    Ok(())
}

impl Fault {
    /// Rejects faults that could not be turned into a valid response.
    pub fn validate(&self) -> Result<(), String> {
        match &self.kind {
            FaultKind::Status {
                status, retry_after, ..
            } => {
                valid_status(*status)?;
                retry_after
                    .as_deref()
                    .map_or(Ok(()), |value| valid_header_value("retry_after", value))
            }
            FaultKind::Html { status } => valid_status(*status).map(drop),
            FaultKind::Delay { ms } => valid_delay("delay", *ms),
            FaultKind::Redirect { status, location } => {
                if !REDIRECTS.contains(status) {
                    return Err(format!(
                        "a redirect's status is one of {REDIRECTS:?}, not {status}"
                    ));
                }
                valid_header_value("location", location)
            }
            FaultKind::HugeBody {
                bytes, content_type, ..
            } => {
                if *bytes > MAX_HUGE_BODY {
                    return Err(format!("huge_body is limited to {MAX_HUGE_BODY} bytes"));
                }
                valid_header_value("content_type", content_type)
            }
            FaultKind::SlowBody {
                bytes_per_interval,
                interval_ms,
                ..
            } => {
                if *bytes_per_interval == 0 || *interval_ms == 0 {
                    return Err("bytes_per_interval and interval_ms must be at least 1".to_owned());
                }
                valid_delay("interval_ms", *interval_ms)
            }
            FaultKind::Body {
                status,
                content_type,
                body,
                body_base64,
                headers,
            } => {
                if !(200..=599).contains(status) {
                    return Err(format!("a body's status is 200 to 599, not {status}"));
                }
                if body.is_some() == body_base64.is_some() {
                    return Err("give exactly one of body and body_base64".to_owned());
                }
                valid_header_value("content_type", content_type)?;
                valid_headers(headers)
            }
            FaultKind::Reset
            | FaultKind::Truncate
            | FaultKind::InvalidJson
            | FaultKind::EnvelopeCode { .. } => Ok(()),
        }
    }

    /// The `type` name, as the request log shows it.
    pub fn name(&self) -> &'static str {
        match self.kind {
            FaultKind::Status { .. } => "status",
            FaultKind::Reset => "reset",
            FaultKind::Truncate => "truncate",
            FaultKind::Delay { .. } => "delay",
            FaultKind::InvalidJson => "invalid_json",
            FaultKind::Html { .. } => "html",
            FaultKind::EnvelopeCode { .. } => "envelope_code",
            FaultKind::Redirect { .. } => "redirect",
            FaultKind::HugeBody { .. } => "huge_body",
            FaultKind::SlowBody { .. } => "slow_body",
            FaultKind::Body { .. } => "body",
        }
    }

    /// Whether the client gets no status line at all.
    pub fn drops_connection(&self) -> bool {
        matches!(self.kind, FaultKind::Reset)
    }

    /// Answers `req` with this fault, and says whether the real handler ran: it does when the
    /// fault keeps the real answer (`delay`, `slow_body` without a body) or has `process` set.
    pub async fn apply(&self, req: Request, next: Next) -> (Response, bool) {
        if let FaultKind::Delay { ms } = self.kind {
            tokio::time::sleep(Duration::from_millis(ms)).await;
        }
        let (response, processed) = match responses::replacement(&self.kind) {
            None => (next.run(req).await, true),
            Some(replacement) => {
                if self.process {
                    drop(next.run(req).await);
                }
                (replacement, self.process)
            }
        };
        match self.kind {
            FaultKind::SlowBody {
                bytes_per_interval,
                interval_ms,
                ..
            } => (
                streams::paced(response, bytes_per_interval, Duration::from_millis(interval_ms)),
                processed,
            ),
            _ => (response, processed),
        }
    }
}
