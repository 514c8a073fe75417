//! Faults on demand: rules queued through `POST /__mock/faults` that replace the answer to the next
//! matching requests with what a flaky network, proxy or server produces, so clients' retry and
//! error handling can be tested against real sockets.

use std::io;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::{stream, StreamExt};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{json, Value};

use crate::envelope::error_body;

/// The longest `delay` accepted, so a typo cannot hang a test run.
const MAX_DELAY_MS: u64 = 600_000;

/// The body of a truncated response before it is cut in half.
const TRUNCATED_BODY: &str = r#"{"code":200,"data":[{"token":"LKo586mmk7g","title":"This body is cut off halfway"},{"token":"rGt3dC546xs","title":"and the connection is then closed"}],"redirectURL":null}"#;

/// One queued rule: which requests it matches and what it does to them.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct FaultRule {
    /// The HTTP method to match (any when absent or null).
    #[serde(default)]
    pub method: Option<String>,
    /// Prefix of the raw request path, e.g. `/api/v1/registrants`.
    #[serde(default = "root")]
    pub path: String,
    /// How many more matching requests get the fault.
    #[serde(default = "one")]
    pub count: usize,
    pub fault: Fault,
}

fn root() -> String {
    "/".to_owned()
}

fn one() -> usize {
    1
}

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
}

fn bad_gateway() -> u16 {
    502
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

impl FaultRule {
    /// Rejects rules that could not be turned into a valid response.
    pub fn validate(&self) -> Result<(), String> {
        if self.count == 0 {
            return Err("count must be at least 1".to_owned());
        }
        match &self.fault.kind {
            FaultKind::Status {
                status, retry_after, ..
            } => {
                StatusCode::from_u16(*status).map_err(|_| format!("invalid status {status}"))?;
                if let Some(value) = retry_after {
                    HeaderValue::from_str(value)
                        .map_err(|_| "retry_after is not a valid header value".to_owned())?;
                }
                Ok(())
            }
            FaultKind::Html { status } => StatusCode::from_u16(*status)
                .map(|_| ())
                .map_err(|_| format!("invalid status {status}")),
            FaultKind::Delay { ms } if *ms > MAX_DELAY_MS => {
                Err(format!("delay is limited to {MAX_DELAY_MS} ms"))
            }
            _ => Ok(()),
        }
    }

    fn matches(&self, method: &str, path: &str) -> bool {
        self.method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method))
            && path.starts_with(&self.path)
    }
}

/// Pending rules, applied first-queued first.
#[derive(Debug, Default)]
pub struct FaultQueue {
    rules: Vec<FaultRule>,
}

impl FaultQueue {
    pub fn push(&mut self, rule: FaultRule) {
        self.rules.push(rule);
    }

    pub fn pending(&self) -> &[FaultRule] {
        &self.rules
    }

    pub fn clear(&mut self) {
        self.rules.clear();
    }

    /// Uses up one application of the first rule matching this request.
    pub fn take(&mut self, method: &str, path: &str) -> Option<Fault> {
        let at = self.rules.iter().position(|r| r.matches(method, path))?;
        let rule = &mut self.rules[at];
        rule.count -= 1;
        let fault = rule.fault.clone();
        if rule.count == 0 {
            self.rules.remove(at);
        }
        Some(fault)
    }
}

impl Fault {
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
        }
    }

    /// Whether the client gets no status line at all.
    pub fn drops_connection(&self) -> bool {
        matches!(self.kind, FaultKind::Reset)
    }

    /// Answers `req` with this fault, running the real handler first when it should.
    pub async fn apply(&self, req: Request, next: Next) -> Response {
        let replacement = match &self.kind {
            FaultKind::Delay { ms } => {
                tokio::time::sleep(Duration::from_millis(*ms)).await;
                return next.run(req).await;
            }
            FaultKind::Status {
                status,
                retry_after,
                body,
            } => status_response(*status, retry_after.as_deref(), body.as_ref()),
            FaultKind::Reset => reset_response(),
            FaultKind::Truncate => truncated_response(),
            FaultKind::InvalidJson => (
                [(CONTENT_TYPE, "application/json")],
                r#"{"code":200,"data":[{"tok"#,
            )
                .into_response(),
            FaultKind::Html { status } => html_response(*status),
            FaultKind::EnvelopeCode { code, message } => {
                Json(json!({"code": code, "message": message, "data": null})).into_response()
            }
        };
        if self.process {
            drop(next.run(req).await);
        }
        replacement
    }
}

fn status_code(status: u16) -> StatusCode {
    StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

fn status_response(status: u16, retry_after: Option<&str>, body: Option<&Value>) -> Response {
    let code = status_code(status);
    let body = body.cloned().unwrap_or_else(|| {
        error_body(
            status,
            code.canonical_reason().unwrap_or("Injected fault"),
            "Injected by the mock server's fault control.",
        )
    });
    let mut response = (code, Json(body)).into_response();
    if let Some(value) = retry_after.and_then(|v| HeaderValue::from_str(v).ok()) {
        response.headers_mut().insert(RETRY_AFTER, value);
    }
    response
}

fn broken(why: &'static str) -> io::Error {
    io::Error::new(io::ErrorKind::ConnectionReset, why)
}

/// A body whose first poll fails: hyper then closes the connection before the status line leaves
/// its buffer, so the client sees the connection drop.
fn reset_response() -> Response {
    let chunks = stream::iter([Err::<Bytes, _>(broken("injected reset"))]);
    Response::new(Body::from_stream(chunks))
}

/// Half of the announced body is flushed (the pause makes hyper write it), then the body fails and
/// hyper closes the connection short of `Content-Length`.
fn truncated_response() -> Response {
    let full = TRUNCATED_BODY.as_bytes();
    let half = Bytes::from_static(&full[..full.len() / 2]);
    let chunks = stream::iter([Ok(half)]).chain(stream::once(async {
        tokio::time::sleep(Duration::from_millis(50)).await;
        Err(broken("injected truncation"))
    }));
    let mut response = Response::new(Body::from_stream(chunks));
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(CONTENT_LENGTH, HeaderValue::from(full.len()));
    response
}

fn html_response(status: u16) -> Response {
    let code = status_code(status);
    let title = format!("{} {}", code.as_u16(), code.canonical_reason().unwrap_or("Error"));
    let page = format!(
        "<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n"
    );
    (code, [(CONTENT_TYPE, "text/html")], page).into_response()
}
