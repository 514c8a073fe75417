//! Endpoint 9: CSV reports. Single reports come back as raw `text/csv`, the summary and the survey
//! detail inside the JSON envelope, so clients meet both wire forms the contract allows.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use serde_json::json;

use super::chunked;
use crate::auth::Secret;
use crate::csv_reports;
use crate::data::BENCH_TOKEN;
use crate::envelope::{self, ApiError};
use crate::extract::ApiPath;
use crate::state::AppState;
use crate::store::{Channel, Store, Survey};

const CSV: &str = "text/csv; charset=utf-8";

pub async fn single(
    _: Secret,
    State(state): State<Arc<AppState>>,
    ApiPath((kind, token)): ApiPath<(String, String)>,
) -> Result<Response, ApiError> {
    let channel = match kind.as_str() {
        "registrants" => return Ok(chunked(CSV, registrants(&state, &token)?)),
        "summary" => None,
        "attendeeChat" => Some(Channel::Attendee),
        "operatorChat" => Some(Channel::Operator),
        _ => return Err(ApiError::not_found("Report")),
    };
    let chat = |store: &Store, channel| -> Result<String, ApiError> {
        Ok(csv_reports::text(csv_reports::chat(
            store.chats_of(&token, channel),
        )?)?)
    };
    if let Some(channel) = channel {
        let store = state.store();
        store
            .session(&token)
            .ok_or_else(|| ApiError::not_found("Session"))?;
        return Ok(chunked(CSV, vec![Bytes::from(chat(&store, channel)?)]));
    }
    let registrants = csv_reports::text(joined(registrants(&state, &token)?))?;
    let store = state.store();
    let surveys: Vec<&Survey> = store.surveys_of(&token).collect();
    let results = csv_reports::survey_results(&surveys, &store.responses)?;
    Ok(envelope::ok(json!({
        "registrants": registrants,
        "attendeeChat": chat(&store, Channel::Attendee)?,
        "operatorChat": chat(&store, Channel::Operator)?,
        "surveyResults": csv_reports::text(results)?,
    })))
}

pub async fn survey_detail(
    _: Secret,
    State(state): State<Arc<AppState>>,
    ApiPath((token, survey_id)): ApiPath<(String, String)>,
) -> Result<Response, ApiError> {
    let store = state.store();
    store
        .session(&token)
        .ok_or_else(|| ApiError::not_found("Session"))?;
    let survey = survey_id
        .parse::<u64>()
        .ok()
        .and_then(|id| store.surveys_of(&token).find(|s| s.id == id))
        .ok_or_else(|| ApiError::not_found("Survey"))?;
    let csv = csv_reports::survey_detail(survey, store.responses.iter())?;
    Ok(envelope::ok(json!(csv_reports::text(csv)?)))
}

/// The registrants CSV in pieces: for the benchmark session its cached generated rows, then the
/// rows of people who registered since. Generation happens outside the store lock.
fn registrants(state: &AppState, token: &str) -> Result<Vec<Bytes>, ApiError> {
    let bench = state.bench.as_ref().filter(|_| token == BENCH_TOKEN);
    let (session, stored) = {
        let store = state.store();
        let session = store
            .session(token)
            .cloned()
            .ok_or_else(|| ApiError::not_found("Session"))?;
        let stored = csv_reports::registrants(store.registrations_of(token), bench.is_none())?;
        (session, Bytes::from(stored))
    };
    Ok(match bench {
        Some(bench) => vec![bench.csv(&session), stored],
        None => vec![stored],
    })
}

fn joined(chunks: Vec<Bytes>) -> Vec<u8> {
    let mut all = Vec::with_capacity(chunks.iter().map(Bytes::len).sum());
    for chunk in chunks {
        all.extend_from_slice(&chunk);
    }
    all
}
