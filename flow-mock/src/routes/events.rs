//! Endpoint 6: create a barebones event. Every rejection names the field it is about.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{NaiveDate, NaiveTime};
use serde_json::{json, Map, Value};

use crate::auth::Secret;
use crate::envelope::ApiError;
use crate::state::AppState;
use crate::store::{Session, SessionOperator};
use crate::validate::{self, invalid, missing};
use crate::wire;

pub async fn create(
    _: Secret,
    State(state): State<Arc<AppState>>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let obj = validate::json_object(&body)?;
    let creator_id = match obj.get("creatorID") {
        None | Some(Value::Null) => return Err(missing("creatorID")),
        Some(value) => validate::id(value, "creatorID")?,
    };
    let title = validate::non_empty(&obj, "title")?.to_owned();
    let description = validate::string(&obj, "description")?.to_owned();
    let date = validate::string(&obj, "date")?;
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .ok()
        .filter(|_| date.len() == 10)
        .ok_or_else(|| invalid("date", "must be a date written YYYY-MM-DD"))?;
    let time = validate::string(&obj, "time")?;
    let time = NaiveTime::parse_from_str(time, "%H:%M:%S")
        .ok()
        .filter(|_| time.len() == 8)
        .ok_or_else(|| invalid("time", "must be a 24-hour time written HH:MM:SS"))?;
    let timezone = validate::non_empty(&obj, "timezone")?.to_owned();
    if !(timezone.contains('/') || timezone == "UTC") {
        return Err(invalid(
            "timezone",
            "must be an IANA name such as Europe/Berlin, or UTC",
        ));
    }
    let operators = operators(&obj)?;
    let published = validate::optional_flag(&obj, "published", true)?;
    let video_record = validate::optional_flag(&obj, "videoRecord", false)?;
    let on_demand_replays = validate::optional_flag(&obj, "onDemandReplays", false)?;
    let duration_hours = duration(&obj)?;
    let early_access_minutes = match obj.get("earlyAccessPeriod") {
        None | Some(Value::Null) => 15,
        Some(value) => u32::try_from(validate::id(value, "earlyAccessPeriod")?)
            .ok()
            .filter(|m| *m <= 24 * 60)
            .ok_or_else(|| invalid("earlyAccessPeriod", "must be at most 1440 minutes"))?,
    };

    let mut store = state.store();
    if store.user(creator_id).is_none() {
        return Err(invalid(
            "creatorID",
            "must be the id of an existing user (see GET /users)",
        ));
    }
    if let Some((i, op)) = operators
        .iter()
        .enumerate()
        .find(|(_, op)| store.user(op.user_id).is_none())
    {
        return Err(invalid(
            &format!("operators[{i}].id"),
            &format!("must be the id of an existing user, not {}", op.user_id),
        ));
    }
    let token = loop {
        let token = store.new_token(11);
        if store.session(&token).is_none() {
            break token;
        }
    };
    let session = Session {
        id: store.next_session_id,
        event_token: store.new_token(10),
        token,
        title,
        description,
        date,
        time,
        timezone,
        duration_hours,
        early_access_minutes,
        published,
        video_record,
        on_demand_replays,
        access_status: 1,
        create_date: chrono::Utc::now().naive_utc(),
        creator_id,
        operators,
        feedback_questions: Vec::new(),
        language: "en".to_owned(),
        pass_code: None,
    };
    store.next_session_id += 1;
    let item = wire::session_item(&store, &session, None);
    store.sessions.push(session);
    Ok(Json(json!({
        "code": 200,
        "message": "Event created",
        "data": item,
        "redirectURL": null,
    }))
    .into_response())
}

fn operators(obj: &Map<String, Value>) -> Result<Vec<SessionOperator>, ApiError> {
    let items = match obj.get("operators") {
        None | Some(Value::Null) => return Err(missing("operators")),
        Some(Value::Array(items)) => items,
        Some(_) => return Err(invalid("operators", "must be an array")),
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let field = |name: &str| format!("operators[{i}].{name}");
            let Value::Object(op) = item else {
                return Err(invalid(&format!("operators[{i}]"), "must be an object"));
            };
            let user_id = match op.get("id") {
                None | Some(Value::Null) => return Err(missing(&field("id"))),
                Some(value) => validate::id(value, &field("id"))?,
            };
            let role = match op.get("role") {
                None | Some(Value::Null) => return Err(missing(&field("role"))),
                Some(value) => validate::id(value, &field("role"))?,
            };
            let role = match role {
                5 => 5,
                10 => 10,
                _ => return Err(invalid(&field("role"), "must be 5 (presenter) or 10 (organizer)")),
            };
            Ok(SessionOperator {
                user_id,
                role,
                mic: validate::optional_flag(op, "micEnabled", false)?,
                cam: validate::optional_flag(op, "camEnabled", false)?,
                screen: validate::optional_flag(op, "screenSharingEnabled", false)?,
            })
        })
        .collect()
}

/// Hours, a positive number up to a week (numeric strings accepted); one hour when absent.
fn duration(obj: &Map<String, Value>) -> Result<f64, ApiError> {
    let hours = match obj.get("duration") {
        None | Some(Value::Null) => return Ok(1.0),
        Some(Value::Number(n)) => n.as_f64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        Some(_) => None,
    };
    hours
        .filter(|h| h.is_finite() && *h > 0.0 && *h <= 168.0)
        .ok_or_else(|| invalid("duration", "must be a positive number of hours, at most 168"))
}
