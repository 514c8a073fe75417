//! Endpoint 8: the surveys of a session, whose ids feed the survey-detail report.

use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use serde_json::Value;

use crate::auth::Secret;
use crate::envelope::{self, ApiError};
use crate::extract::ApiPath;
use crate::state::AppState;
use crate::wire;

pub async fn list(
    _: Secret,
    State(state): State<Arc<AppState>>,
    ApiPath(token): ApiPath<String>,
) -> Result<Response, ApiError> {
    let store = state.store();
    store
        .session(&token)
        .ok_or_else(|| ApiError::not_found("Session"))?;
    let surveys = store.surveys_of(&token).map(wire::survey).collect();
    Ok(envelope::ok(Value::Array(surveys)))
}
