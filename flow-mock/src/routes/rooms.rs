//! Endpoints 10 and 11: the SSO rooms of an account and the one-request room login link.

use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use serde_json::Value;

use super::registrants::register_person;
use crate::auth::{OptionalSecret, Secret};
use crate::envelope::{self, ApiError};
use crate::extract::ApiPath;
use crate::state::AppState;
use crate::store::{Person, Source, ACCOUNT_TOKEN};
use crate::validate;
use crate::wire;

/// The literal separator between email, first name and last name in the register path.
const SEPARATOR: &str = "*_*";

pub async fn lookup(
    _: OptionalSecret,
    State(state): State<Arc<AppState>>,
    ApiPath(account): ApiPath<String>,
) -> Result<Response, ApiError> {
    if account != ACCOUNT_TOKEN {
        return Err(ApiError::not_found("Account"));
    }
    let store = state.store();
    Ok(envelope::ok(Value::Array(
        store.rooms.iter().map(wire::room).collect(),
    )))
}

/// `member` arrives percent-decoded, so `*_*` is only split after decoding: a value that itself
/// contains the separator yields more than three parts and is refused.
pub async fn register(
    _: Secret,
    State(state): State<Arc<AppState>>,
    ApiPath((room_id, member)): ApiPath<(String, String)>,
) -> Result<Response, ApiError> {
    let parts: Vec<&str> = member.split(SEPARATOR).collect();
    let [email, first_name, last_name] = parts[..] else {
        return Err(ApiError::bad_request(
            "Invalid member",
            "The last path segment must be {email}*_*{firstName}*_*{lastName}, each percent-encoded.",
        ));
    };
    let name = |value: &str, field: &str| {
        let value = value.trim();
        if value.is_empty() {
            Err(validate::invalid(field, "must not be empty"))
        } else {
            Ok(value.to_owned())
        }
    };
    let person = Person {
        email: validate::email(email)?,
        first_name: name(first_name, "firstName")?,
        last_name: name(last_name, "lastName")?,
    };
    let session_token = {
        let store = state.store();
        store
            .rooms
            .iter()
            .find(|r| r.room_id == room_id || r.id.to_string() == room_id)
            .map(|r| r.session_token.clone())
            .ok_or_else(|| ApiError::not_found("Room"))?
    };
    let data = register_person(&state, &session_token, person, Source::Sso)?;
    Ok(envelope::ok(data))
}
