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
use crate::store::{Channel, Session, Store, Survey};

const CSV: &str = "text/csv; charset=utf-8";

pub async fn single(
    _: Secret,
    State(state): State<Arc<AppState>>,
    ApiPath((kind, token)): ApiPath<(String, String)>,
) -> Result<Response, ApiError> {
    let store = state.store();
    let session = store
        .session(&token)
        .ok_or_else(|| ApiError::not_found("Session"))?;
    let chat =
        |channel| -> Result<Vec<u8>, ApiError> { Ok(csv_reports::chat(store.chats_of(&token, channel))?) };
    match kind.as_str() {
        "summary" => {
            let surveys: Vec<&Survey> = store.surveys_of(&token).collect();
            let results = csv_reports::survey_results(&surveys, &store.responses)?;
            Ok(envelope::ok(json!({
                "registrants": csv_reports::text(joined(registrants(&state, &store, session)?))?,
                "attendeeChat": csv_reports::text(chat(Channel::Attendee)?)?,
                "operatorChat": csv_reports::text(chat(Channel::Operator)?)?,
                "surveyResults": csv_reports::text(results)?,
            })))
        }
        "registrants" => Ok(chunked(CSV, registrants(&state, &store, session)?)),
        "attendeeChat" => Ok(chunked(CSV, vec![Bytes::from(chat(Channel::Attendee)?)])),
        "operatorChat" => Ok(chunked(CSV, vec![Bytes::from(chat(Channel::Operator)?)])),
        _ => Err(ApiError::not_found("Report")),
    }
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
/// rows of people who registered since.
fn registrants(state: &AppState, store: &Store, session: &Session) -> Result<Vec<Bytes>, ApiError> {
    let stored = store.registrations_of(&session.token);
    match state.bench.as_ref().filter(|_| session.token == BENCH_TOKEN) {
        Some(bench) => Ok(vec![
            bench.csv(session),
            Bytes::from(csv_reports::registrants(stored, false)?),
        ]),
        None => Ok(vec![Bytes::from(csv_reports::registrants(stored, true)?)]),
    }
}

fn joined(chunks: Vec<Bytes>) -> Vec<u8> {
    let mut all = Vec::with_capacity(chunks.iter().map(Bytes::len).sum());
    for chunk in chunks {
        all.extend_from_slice(&chunk);
    }
    all
}
