//! Endpoints 1–3: list sessions, public session info, authenticated session info.

use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use serde_json::Value;

use crate::auth::Secret;
use crate::envelope::{self, ApiError};
use crate::extract::{ApiPath, ApiQuery};
use crate::state::{today, AppState};
use crate::wire;

#[derive(Debug, Deserialize)]
pub struct ListParams {
    period: Option<String>,
    simple_analytics: Option<String>,
}

pub async fn list(
    _: Secret,
    State(state): State<Arc<AppState>>,
    ApiQuery(params): ApiQuery<ListParams>,
) -> Result<Response, ApiError> {
    let period = match params.period.as_deref() {
        None => None,
        Some(p @ ("current" | "past" | "future")) => Some(p),
        Some(other) => {
            return Err(ApiError::bad_request(
                "Invalid period",
                format!("period must be current, past or future, not '{other}'."),
            ))
        }
    };
    let with_analytics = params.simple_analytics.as_deref() == Some("1");
    let today = today();
    let store = state.store();
    let items = store
        .sessions
        .iter()
        .filter(|s| period.is_none_or(|p| wire::period(s.date, today) == p))
        .map(|s| {
            let analytics = with_analytics.then(|| state.analytics(&store, s));
            wire::session_item(&store, s, analytics)
        })
        .collect();
    Ok(envelope::ok(Value::Array(items)))
}

/// No secret needed; unpublished sessions are as invisible as unknown ones.
pub async fn public(
    State(state): State<Arc<AppState>>,
    ApiPath(token): ApiPath<String>,
) -> Result<Response, ApiError> {
    let store = state.store();
    let session = store
        .session(&token)
        .filter(|s| s.published)
        .ok_or_else(|| ApiError::not_found("Session"))?;
    Ok(envelope::ok(wire::public_session(session)))
}

pub async fn detail(
    _: Secret,
    State(state): State<Arc<AppState>>,
    ApiPath(token): ApiPath<String>,
) -> Result<Response, ApiError> {
    let store = state.store();
    let session = store
        .session(&token)
        .ok_or_else(|| ApiError::not_found("Session"))?;
    let analytics = state.analytics(&store, session);
    Ok(envelope::ok(wire::session_detail(&store, session, analytics)))
}
