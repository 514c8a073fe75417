//! The two layers around the API routes: one numbers requests (`x-request-id`), the other records
//! the API traffic and applies pending faults. The control surface (`/__mock`) is routed outside
//! the second, so it is numbered but neither logged nor faulted.

use std::sync::Arc;
use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::header::CONNECTION;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::auth;
use crate::envelope::ApiError;
use crate::faults::Fault;
use crate::request_log::{recorded_body, LogEntry};
use crate::state::AppState;

/// The largest request body read; bigger ones get 413.
const MAX_BODY: usize = 16 * 1024 * 1024;

/// The id of the request being handled, shared between the two layers.
#[derive(Debug, Clone)]
struct RequestId(String);

/// A `body` fault may have set its own `x-request-id`; otherwise the response carries the
/// server's.
pub async fn request_id(State(state): State<Arc<AppState>>, mut req: Request, next: Next) -> Response {
    let id = state.next_request_id();
    req.extensions_mut().insert(RequestId(id.clone()));
    let mut response = next.run(req).await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().entry("x-request-id").or_insert(value);
    }
    response
}

/// How a request was answered, for its log entry.
struct Answer {
    response: Response,
    /// The recorded part of the request body, and whether it was cut short.
    body: (Vec<u8>, bool),
    fault: Option<Fault>,
    /// Whether the real handler ran.
    processed: bool,
}

impl Answer {
    /// Answered before the body was read, so before any handler or fault.
    fn refused(response: Response) -> Self {
        Self {
            response,
            body: (Vec::new(), false),
            fault: None,
            processed: false,
        }
    }
}

/// Runs [`handle`] on its own task, so a request whose client gives up (a timeout, a dropped
/// connection) is still handled to the end and logged: tests prove from the log that nothing was
/// processed twice, which needs every processed request in it.
pub async fn intercept(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    match tokio::spawn(handle(state, req, next)).await {
        Ok(response) => response,
        Err(error) => std::panic::resume_unwind(error.into_panic()),
    }
}

async fn handle(state: Arc<AppState>, req: Request, next: Next) -> Response {
    let id = req
        .extensions()
        .get::<RequestId>()
        .map(|r| r.0.clone())
        .unwrap_or_default();
    let method = req.method().to_string();
    let path = req.uri().path().to_owned();
    let query = req.uri().query().unwrap_or_default().to_owned();
    let (has_api_secret, api_secret_valid) = auth::check(req.headers(), &state.config.api_secret);
    let (parts, body) = req.into_parts();
    let limit = state.config.body_timeout;
    let answer = match tokio::time::timeout(limit, to_bytes(body, MAX_BODY)).await {
        Err(_) => Answer::refused(body_too_slow(limit)),
        Ok(Err(_)) => Answer::refused(
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "Request body too large",
                format!("Request bodies are limited to {MAX_BODY} bytes."),
            )
            .into_response(),
        ),
        Ok(Ok(bytes)) => {
            let body = recorded_body(&bytes);
            let req = Request::from_parts(parts, Body::from(bytes));
            let fault = state.faults().take(&method, &path);
            let (response, processed) = match &fault {
                Some(fault) => fault.apply(req, next).await,
                None => (next.run(req).await, true),
            };
            Answer {
                response,
                body,
                fault,
                processed,
            }
        }
    };
    let status = match &answer.fault {
        Some(f) if f.drops_connection() => None,
        _ => Some(answer.response.status().as_u16()),
    };
    let (body, body_truncated) = answer.body;
    state.log().record(LogEntry {
        id,
        method,
        path,
        query,
        has_api_secret,
        api_secret_valid,
        body,
        body_truncated,
        status,
        fault: answer.fault.as_ref().map(Fault::name),
        processed: answer.processed,
    });
    answer.response
}

/// 408, and the connection is closed: the rest of a trickled body is not worth waiting for.
fn body_too_slow(limit: Duration) -> Response {
    let mut response = ApiError::new(
        StatusCode::REQUEST_TIMEOUT,
        "Request body timeout",
        format!("The request body did not arrive within {} ms.", limit.as_millis()),
    )
    .into_response();
    response
        .headers_mut()
        .insert(CONNECTION, HeaderValue::from_static("close"));
    response
}
