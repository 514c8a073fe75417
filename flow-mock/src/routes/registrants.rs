//! Endpoints 4 and 5: register an attendee (public, idempotent per email) and list registrants.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::chunked;
use crate::auth::Secret;
use crate::data::BENCH_TOKEN;
use crate::envelope::{self, ApiError};
use crate::extract::ApiPath;
use crate::state::AppState;
use crate::store::{Person, Source};
use crate::validate;
use crate::wire;

pub async fn register(State(state): State<Arc<AppState>>, body: Bytes) -> Result<Response, ApiError> {
    let obj = validate::json_object(&body)?;
    let email = validate::email(validate::string(&obj, "email")?)?;
    let person = Person {
        email,
        first_name: validate::non_empty(&obj, "firstName")?.to_owned(),
        last_name: validate::non_empty(&obj, "lastName")?.to_owned(),
    };
    let token = validate::non_empty(&obj, "eventSessionToken")?;
    let redirect = validate::optional_flag(&obj, "redirect", false)?;
    let data = register_person(&state, token, person, Source::Registrants)?;
    let redirect_url = if redirect {
        data["url"].clone()
    } else {
        Value::Null
    };
    Ok(Json(json!({"code": 200, "data": data, "redirectURL": redirect_url})).into_response())
}

/// Registers `person` for a session, or returns their existing registration with `isNew: false`.
pub fn register_person(
    state: &AppState,
    session_token: &str,
    person: Person,
    source: Source,
) -> Result<Value, ApiError> {
    let mut store = state.store();
    let session = store
        .session(session_token)
        .cloned()
        .ok_or_else(|| ApiError::not_found("Session"))?;
    if let Some(r) = store.find_registration(session_token, &person.email) {
        return Ok(wire::registration_result(&session, r.id, &r.token, false));
    }
    let generated = state
        .bench
        .as_ref()
        .filter(|_| session_token == BENCH_TOKEN)
        .and_then(|bench| bench.find(&person.email));
    if let Some((id, token)) = generated {
        return Ok(wire::registration_result(&session, id, &token, false));
    }
    let r = store.add_registration(session_token, person, source);
    Ok(wire::registration_result(&session, r.id, &r.token, true))
}

pub async fn list(
    _: Secret,
    State(state): State<Arc<AppState>>,
    ApiPath(token): ApiPath<String>,
) -> Result<Response, ApiError> {
    let (session, stored) = {
        let store = state.store();
        let session = store
            .session(&token)
            .cloned()
            .ok_or_else(|| ApiError::not_found("Session"))?;
        let stored: Vec<Value> = store
            .registrations_of(&token)
            .map(|r| wire::registrant(r, session.id))
            .collect();
        (session, stored)
    };
    match state.bench.as_ref().filter(|_| token == BENCH_TOKEN) {
        Some(bench) => {
            let rows = bench.json_rows(&session);
            let tail: String = stored.iter().map(|item| format!(",{item}")).collect();
            Ok(chunked(
                "application/json",
                vec![
                    Bytes::from_static(br#"{"code":200,"data":["#),
                    rows,
                    Bytes::from(format!(r#"{tail}],"redirectURL":null}}"#)),
                ],
            ))
        }
        None => Ok(envelope::ok(Value::Array(stored))),
    }
}
