//! The test-control surface under `/__mock` (no auth, plain JSON, no CORS, so only local tools and
//! not web pages can use it): queue faults, read the request log, inspect the store, reset to the
//! seeded state.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::envelope::ApiError;
use crate::faults::FaultRule;
use crate::request_log::LogEntry;
use crate::state::AppState;
use crate::wire;

pub const PREFIX: &str = "/__mock";

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/faults", get(list_faults).post(add_fault).delete(clear_faults))
        .route("/requests", get(requests).delete(clear_requests))
        .route("/store", get(store))
        .route("/reset", post(reset))
}

fn done() -> Json<Value> {
    Json(json!({"ok": true}))
}

async fn add_fault(State(state): State<Arc<AppState>>, body: Bytes) -> Result<Json<FaultRule>, ApiError> {
    let rule: FaultRule =
        serde_json::from_slice(&body).map_err(|e| ApiError::bad_request("Invalid fault", e.to_string()))?;
    state.faults().push(rule.clone());
    Ok(Json(rule))
}

async fn list_faults(State(state): State<Arc<AppState>>) -> Json<Vec<FaultRule>> {
    Json(state.faults().pending().to_vec())
}

async fn clear_faults(State(state): State<Arc<AppState>>) -> Json<Value> {
    state.faults().clear();
    done()
}

async fn requests(State(state): State<Arc<AppState>>) -> Json<Vec<LogEntry>> {
    Json(state.log().entries().cloned().collect())
}

async fn clear_requests(State(state): State<Arc<AppState>>) -> Json<Value> {
    state.log().clear();
    done()
}

async fn store(State(state): State<Arc<AppState>>) -> Json<Value> {
    Json(wire::store_dump(&state.store()))
}

async fn reset(State(state): State<Arc<AppState>>) -> Json<Value> {
    state.reset();
    done()
}
