//! The `api-secret` header: required on secret endpoints, optional (but checked when sent) on the
//! SSO room lookup.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::HeaderMap;

use crate::envelope::ApiError;
use crate::state::AppState;

pub const HEADER: &str = "api-secret";

/// Whether the header was sent, and whether it carried the right secret.
pub fn check(headers: &HeaderMap, secret: &str) -> (bool, bool) {
    match headers.get(HEADER) {
        None => (false, false),
        Some(value) => (true, value.as_bytes() == secret.as_bytes()),
    }
}

fn require(parts: &Parts, state: &AppState, optional: bool) -> Result<(), ApiError> {
    match check(&parts.headers, &state.config.api_secret) {
        (_, true) => Ok(()),
        (false, _) if optional => Ok(()),
        (false, _) => Err(ApiError::unauthorized("Missing api-secret header")),
        (true, false) => Err(ApiError::unauthorized("Invalid api-secret")),
    }
}

/// Extracting this rejects the request with 401 unless the right secret was sent.
#[derive(Debug, Clone, Copy)]
pub struct Secret;

impl FromRequestParts<Arc<AppState>> for Secret {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<AppState>) -> Result<Self, Self::Rejection> {
        require(parts, state, false).map(|()| Secret)
    }
}

/// Like [`Secret`], but a request without the header passes; a wrong secret still gets 401.
#[derive(Debug, Clone, Copy)]
pub struct OptionalSecret;

impl FromRequestParts<Arc<AppState>> for OptionalSecret {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<AppState>) -> Result<Self, Self::Rejection> {
        require(parts, state, true).map(|()| OptionalSecret)
    }
}
