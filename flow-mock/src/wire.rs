//! How stored records look on the wire. Flow's real responses are inconsistent, so this is where
//! the mock is deliberately sloppy: flags rotate between `true`, `1` and `"1"`, some ids are numeric
//! strings, whole durations lose their fraction, "never attended" is sometimes `""` and sometimes
//! `null`, and sessions carry an undocumented field.

use chrono::{NaiveDate, NaiveDateTime};
use serde_json::{json, Map, Value};

use crate::store::{Analytics, Registration, Room, Session, Store, Survey, User, ACCOUNT_ID, ACCOUNT_TOKEN};

/// The date-time form Flow uses in reports and `createDate`.
pub const DATE_TIME: &str = "%Y-%m-%d %H:%M:%S";

/// `current` for today, `past` before, `future` after (dates compared as written, in UTC terms).
pub fn period(date: NaiveDate, today: NaiveDate) -> &'static str {
    match date.cmp(&today) {
        std::cmp::Ordering::Less => "past",
        std::cmp::Ordering::Equal => "current",
        std::cmp::Ordering::Greater => "future",
    }
}

/// A flag in one of the three forms real responses use, picked by `style`.
pub fn flag(value: bool, style: u64) -> Value {
    match style % 3 {
        0 => Value::Bool(value),
        1 => json!(u8::from(value)),
        _ => json!(if value { "1" } else { "0" }),
    }
}

/// A 0/1 number, the form registrant reports use.
fn bit(value: bool) -> Value {
    json!(u8::from(value))
}

/// Hours as a number, written `1` rather than `1.0` when whole.
fn hours(value: f64) -> Value {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        json!(value as i64)
    } else {
        json!(value)
    }
}

/// Fields shared by every session representation (public, list item, detail).
fn public_fields(s: &Session) -> Map<String, Value> {
    let value = json!({
        "token": s.token,
        "title": s.title,
        "description": s.description,
        "date": s.date.format("%Y-%m-%d").to_string(),
        "time": s.time.format("%H:%M:%S").to_string(),
        "timezone": s.timezone,
        "duration": hours(s.duration_hours),
        "earlyAccessPeriod": s.early_access_minutes,
        "published": flag(s.published, s.id),
    });
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// The subset a registration page may show (endpoint 2).
pub fn public_session(s: &Session) -> Value {
    Value::Object(public_fields(s))
}

/// An item of the session list (endpoint 1); `analytics` only when asked for.
pub fn session_item(store: &Store, s: &Session, analytics: Option<Analytics>) -> Value {
    let mut map = public_fields(s);
    let creator = store.user(s.creator_id).map_or(
        Value::Null,
        |u| json!({"id": u.id, "firstName": u.first_name, "lastName": u.last_name, "email": u.email}),
    );
    let operators: Vec<Value> = s
        .operators
        .iter()
        .map(|op| {
            let user = store.user(op.user_id);
            json!({
                "id": op.user_id,
                "firstName": user.map(|u| u.first_name.as_str()),
                "lastName": user.map(|u| u.last_name.as_str()),
                "role": op.role,
                "micEnabled": flag(op.mic, s.id + 1),
                "camEnabled": flag(op.cam, s.id + 1),
                "screenSharingEnabled": flag(op.screen, s.id + 1),
            })
        })
        .collect();
    let extra = json!({
        "eventToken": s.event_token,
        "videoRecord": flag(s.video_record, s.id + 1),
        "onDemandReplays": flag(s.on_demand_replays, s.id + 2),
        "accessStatus": s.access_status,
        "createDate": s.create_date.format(DATE_TIME).to_string(),
        "creator": creator,
        "operators": operators,
        "language": s.language,
    });
    if let Value::Object(extra) = extra {
        map.extend(extra);
    }
    if let Some(a) = analytics {
        map.insert("analytics".to_owned(), analytics_json(&a));
    }
    Value::Object(map)
}

/// The authenticated detail (endpoint 3): a list item with analytics plus `feedbackQuestions`.
pub fn session_detail(store: &Store, s: &Session, analytics: Analytics) -> Value {
    let mut value = session_item(store, s, Some(analytics));
    if let Value::Object(map) = &mut value {
        map.insert(
            "feedbackQuestions".to_owned(),
            Value::Array(s.feedback_questions.clone()),
        );
    }
    value
}

fn analytics_json(a: &Analytics) -> Value {
    let average = if a.attendees == 0 {
        0.0
    } else {
        (a.attended_minutes as f64 / a.attendees as f64 * 10.0).round() / 10.0
    };
    json!({
        "registrants": a.registrants,
        "attendees": a.attendees,
        "averageMinutes": average,
        "chatMessages": a.chat_messages,
        "surveyResponses": a.survey_responses,
    })
}

/// A registrant report item (endpoint 5).
pub fn registrant(r: &Registration, session_id: u64) -> Value {
    let never = if r.id % 2 == 0 { json!("") } else { Value::Null };
    let (entry, exit) = match &r.attendance {
        Some(a) => (date_time(a.entry), date_time(a.exit)),
        None => (never.clone(), never),
    };
    json!({
        "userID": r.user_id,
        "eventSessionID": session_id,
        "token": r.token,
        "email": r.email,
        "firstName": r.first_name,
        "lastName": r.last_name,
        "phone": r.phone,
        "location": r.location,
        "entryTime": entry,
        "exitTime": exit,
        "role": r.role,
        "micEnabled": bit(r.mic),
        "camEnabled": bit(r.cam),
        "screenSharingEnabled": bit(r.screen),
    })
}

fn date_time(value: NaiveDateTime) -> Value {
    json!(value.format(DATE_TIME).to_string())
}

/// The personal join link of a registrant.
pub fn join_url(session_token: &str, registrant_token: &str) -> String {
    format!("https://live.flowapp.com/join/{session_token}/{registrant_token}")
}

/// What endpoints 4 and 11 answer with.
pub fn registration_result(s: &Session, id: u64, token: &str, is_new: bool) -> Value {
    json!({
        "url": join_url(&s.token, token),
        "token": token,
        "date": s.date.format("%Y-%m-%d").to_string(),
        "time": s.time.format("%H:%M:%S").to_string(),
        "timezone": s.timezone,
        "isNew": is_new,
        "passCode": s.pass_code,
        "id": id,
    })
}

/// An operator (endpoint 7); even ids come back as numeric strings in `userID`.
pub fn user(u: &User) -> Value {
    let user_id = if u.id % 2 == 0 {
        json!(u.id.to_string())
    } else {
        json!(u.id)
    };
    let service_level = if u.id % 2 == 0 {
        json!(u.account_service_level.to_string())
    } else {
        json!(u.account_service_level)
    };
    json!({
        "id": u.id,
        "userID": user_id,
        "token": u.token,
        "accountToken": ACCOUNT_TOKEN,
        "accountServiceLevel": service_level,
        "email": u.email,
        "firstName": u.first_name,
        "lastName": u.last_name,
        "title": u.title,
        "company": u.company,
        "phone": u.phone,
        "bio": u.bio,
        "linkedinUrl": u.linkedin_url,
        "twitterID": u.twitter_id,
        "avatarToken": u.avatar_token,
        "avatarExtension": u.avatar_extension,
        "permission": u.permission,
        "createdBy": u.created_by,
        "createdDate": u.created_date,
    })
}

/// A survey of a session (endpoint 8).
pub fn survey(s: &Survey) -> Value {
    json!({
        "id": s.id,
        "name": s.name,
        "text": s.text,
        "anonymous": s.anonymous,
        "resultDisplayOption": s.result_display_option,
    })
}

/// A room (endpoint 10), in the snake_case the SSO doc shows; one creator id is a string.
pub fn room(r: &Room) -> Value {
    let creator = if r.id % 2 == 0 {
        json!(r.creator_id.to_string())
    } else {
        json!(r.creator_id)
    };
    json!({
        "id": r.id,
        "title": r.title,
        "room_id": r.room_id,
        "description": r.description,
        "account_token": ACCOUNT_TOKEN,
        "creator_id": creator,
        "account_id": ACCOUNT_ID,
    })
}

/// The whole state, for `GET /__mock/store`.
pub fn store_dump(store: &Store) -> Value {
    let registrations: Vec<Value> = store
        .registrations
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "session_token": r.session_token,
                "email": r.email,
                "firstName": r.first_name,
                "lastName": r.last_name,
                "token": r.token,
                "source": r.source.as_str(),
            })
        })
        .collect();
    let rooms: Vec<Value> = store
        .rooms
        .iter()
        .map(|r| {
            let mut value = room(r);
            if let Value::Object(map) = &mut value {
                map.insert("session_token".to_owned(), json!(r.session_token));
            }
            value
        })
        .collect();
    json!({
        "account_token": ACCOUNT_TOKEN,
        "sessions": store.sessions.iter().map(|s| session_item(store, s, None)).collect::<Vec<_>>(),
        "registrations": registrations,
        "users": store.users.iter().map(user).collect::<Vec<_>>(),
        "rooms": rooms,
    })
}
