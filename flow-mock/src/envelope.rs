//! The JSON envelope every Flow endpoint answers with, for successes and errors alike.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

/// A success: `{"code": 200, "data": ..., "redirectURL": null}`.
pub fn ok(data: Value) -> Response {
    Json(json!({"code": 200, "data": data, "redirectURL": null})).into_response()
}

/// A rejection in Flow's shape: the HTTP status equals the envelope `code`, with a short `message`
/// and a human-readable `localDescription`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
    pub local_description: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>, local: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
            local_description: local.into(),
        }
    }

    pub fn bad_request(message: impl Into<String>, local: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message, local)
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            format!("{what} not found"),
            format!("The requested {} does not exist.", what.to_lowercase()),
        )
    }

    pub fn unauthorized(message: &str) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            message,
            "Send the account's key in the api-secret header.",
        )
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            message,
            "The mock server failed to build this response.",
        )
    }

    /// The enveloped body, also used by faults that answer with a default error.
    pub fn body(&self) -> Value {
        error_body(self.status.as_u16(), &self.message, &self.local_description)
    }
}

/// The error envelope for any status code.
pub fn error_body(code: u16, message: &str, local: &str) -> Value {
    json!({
        "code": code,
        "message": message,
        "localDescription": local,
        "data": null,
        "redirectURL": null,
    })
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body())).into_response()
    }
}

impl From<csv::Error> for ApiError {
    fn from(err: csv::Error) -> Self {
        Self::internal(format!("CSV generation failed: {err}"))
    }
}
