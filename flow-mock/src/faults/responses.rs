//! The answers that replace a faulted request's real one.

use std::collections::BTreeMap;
use std::io;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE, LOCATION, RETRY_AFTER};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::{stream, StreamExt};
use serde_json::{json, Value};

use super::{streams, FaultKind};
use crate::envelope::error_body;

/// The body of a truncated response before it is cut in half.
const TRUNCATED_BODY: &str = r#"{"code":200,"data":[{"token":"LKo586mmk7g","title":"This body is cut off halfway"},{"token":"rGt3dC546xs","title":"and the connection is then closed"}],"redirectURL":null}"#;

/// What the client gets instead of the real answer; `None` for the faults that keep the real
/// answer (`delay`, and `slow_body` without a body of its own).
pub fn replacement(kind: &FaultKind) -> Option<Response> {
    let response = match kind {
        FaultKind::Delay { .. } | FaultKind::SlowBody { body: None, .. } => return None,
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
        FaultKind::Redirect { status, location } => {
            (status_code(*status), [(LOCATION, location.as_str())]).into_response()
        }
        FaultKind::HugeBody {
            bytes,
            declare,
            content_type,
        } => streams::filler(*bytes, *declare, content_type),
        FaultKind::SlowBody { body: Some(body), .. } => match body {
            Value::String(text) => text.clone().into_response(),
            other => Json(other.clone()).into_response(),
        },
        FaultKind::Body {
            status,
            content_type,
            body,
            body_base64,
            headers,
        } => {
            let bytes = match (body, body_base64) {
                (Some(text), _) => Bytes::from(text.clone()),
                (None, Some(raw)) => raw.0.clone(),
                (None, None) => Bytes::new(),
            };
            verbatim_response(*status, content_type, bytes, headers)
        }
    };
    Some(response)
}

/// Validation has checked the status already; this never panics on one it has not.
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

/// The bytes as given; the extra headers go last, so they win over the content type.
fn verbatim_response(
    status: u16,
    content_type: &str,
    bytes: Bytes,
    headers: &BTreeMap<String, String>,
) -> Response {
    let mut response = (status_code(status), [(CONTENT_TYPE, content_type)], bytes).into_response();
    for (name, value) in headers {
        if let (Ok(name), Ok(value)) = (HeaderName::try_from(name), HeaderValue::try_from(value)) {
            response.headers_mut().insert(name, value);
        }
    }
    response
}
