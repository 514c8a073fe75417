//! The two layers around every route: one numbers requests (`x-request-id`), the other records the
//! API traffic and applies pending faults. The control surface (`/__mock`) is numbered but neither
//! logged nor faulted.

use std::sync::Arc;

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::auth;
use crate::control::PREFIX;
use crate::envelope::ApiError;
use crate::request_log::{body_value, LogEntry};
use crate::state::AppState;

/// The largest request body read; bigger ones get 413.
const MAX_BODY: usize = 16 * 1024 * 1024;

/// The id of the request being handled, shared between the two layers.
#[derive(Debug, Clone)]
struct RequestId(String);

pub async fn request_id(State(state): State<Arc<AppState>>, mut req: Request, next: Next) -> Response {
    let id = state.next_request_id();
    req.extensions_mut().insert(RequestId(id.clone()));
    let mut response = next.run(req).await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}

pub async fn intercept(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    if req.uri().path().starts_with(PREFIX) {
        return next.run(req).await;
    }
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
    let (response, body, fault) = match to_bytes(body, MAX_BODY).await {
        Err(_) => {
            let error = ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "Request body too large",
                format!("Request bodies are limited to {MAX_BODY} bytes."),
            );
            (error.into_response(), Value::Null, None)
        }
        Ok(bytes) => {
            let logged = body_value(&bytes);
            let req = Request::from_parts(parts, Body::from(bytes));
            let fault = state.faults().take(&method, &path);
            let response = match &fault {
                Some(fault) => fault.apply(req, next).await,
                None => next.run(req).await,
            };
            (response, logged, fault)
        }
    };
    let status = match &fault {
        Some(f) if f.drops_connection() => None,
        _ => Some(response.status().as_u16()),
    };
    state.log().record(LogEntry {
        id,
        method,
        path,
        query,
        has_api_secret,
        api_secret_valid,
        body,
        status,
        fault: fault.as_ref().map(|f| f.name()),
    });
    response
}
