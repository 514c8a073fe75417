//! Endpoint 7: the account's operators.

use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use serde_json::Value;

use crate::auth::Secret;
use crate::envelope;
use crate::state::AppState;
use crate::wire;

pub async fn list(_: Secret, State(state): State<Arc<AppState>>) -> Response {
    let store = state.store();
    envelope::ok(Value::Array(store.users.iter().map(wire::user).collect()))
}
