//! A job's options as every binding passes them: one JSON object with the neutral names
//! (`session_token`, `survey_id`, ...), decoded here by one rule, so the same bad option gets the
//! same error in every runtime. The binding keeps only what belongs to its runtime: the journal's
//! storage, the progress callback, the abort signal.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::bulk::BulkOptions;
use super::collect::{CollectOptions, ReportKind, SessionRef, COLLECT};
use super::rows::CREATE_MANY;
use crate::{Error, EventSession, Period};

/// `create_many`'s options: `session_token` and `concurrency`.
pub fn bulk(mut options: Map<String, Value>) -> Result<BulkOptions, Error> {
    Ok(BulkOptions {
        session_token: take(CREATE_MANY, &mut options, "session_token")?,
        concurrency: super::concurrency(CREATE_MANY, &options.remove("concurrency").unwrap_or_default())?,
        ..BulkOptions::default()
    })
}

/// `collect`'s report kind (any case style) and options: `sessions`, `period`, `survey_id` and
/// `concurrency`.
pub fn collect(kind: &Value, mut options: Map<String, Value>) -> Result<(ReportKind, CollectOptions), Error> {
    let kind = match kind {
        Value::String(text) => ReportKind::parse(text)?,
        other => ReportKind::parse(&other.to_string())?,
    };
    let sessions = match options.remove("sessions").unwrap_or_default() {
        Value::Null => None,
        given => Some(sessions(given)?),
    };
    let options = CollectOptions {
        sessions,
        period: take::<Option<Period>>(COLLECT, &mut options, "period")?,
        survey_id: take::<Option<Id>>(COLLECT, &mut options, "survey_id")?.map(|id| id.0),
        concurrency: super::concurrency(COLLECT, &options.remove("concurrency").unwrap_or_default())?,
        progress: None,
    };
    Ok((kind, options))
}

/// Sessions as a caller gives them: a token, a session object (its title is then known), or a
/// list of either.
pub fn sessions(given: Value) -> Result<Vec<SessionRef>, Error> {
    let one = |session: Value| match session {
        Value::String(token) => Ok(SessionRef::from(token.as_str())),
        object @ Value::Object(_) => serde_json::from_value::<EventSession>(object)
            .map(|session| SessionRef::from(&session))
            .map_err(|e| invalid(COLLECT, "sessions", e.to_string())),
        other => Err(invalid(
            COLLECT,
            "sessions",
            format!("must be session tokens or session objects (got {other})"),
        )),
    };
    match given {
        Value::Array(list) => list.into_iter().map(one).collect(),
        single => Ok(vec![one(single)?]),
    }
}

/// A survey id as the core reads ids: text, or a whole number.
#[derive(Deserialize)]
struct Id(#[serde(deserialize_with = "crate::input::id")] String);

/// The option `name` as `T` (left out: `null`), refused under its name.
fn take<T: DeserializeOwned>(
    job: &'static str,
    options: &mut Map<String, Value>,
    name: &'static str,
) -> Result<T, Error> {
    let value = options.remove(name).unwrap_or_default();
    serde_json::from_value(value).map_err(|e| invalid(job, name, e.to_string()))
}

fn invalid(endpoint: &'static str, field: &'static str, reason: String) -> Error {
    Error::InvalidRequest {
        endpoint,
        field: field.into(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn map(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn bad_options_name_their_field() {
        let field =
            |result: Result<BulkOptions, Error>| result.err().and_then(|e| e.field().map(str::to_owned));
        assert_eq!(
            field(bulk(map(json!({"session_token": 5})))),
            Some("session_token".into())
        );
        assert_eq!(
            field(bulk(map(json!({"concurrency": 0})))),
            Some("concurrency".into())
        );
        let collected = |kind: Value, options: Value| {
            collect(&kind, map(options))
                .err()
                .and_then(|e| e.field().map(str::to_owned))
        };
        assert_eq!(collected(json!("summary"), json!({})), Some("kind".into()));
        assert_eq!(
            collected(json!("survey"), json!({"survey_id": true})),
            Some("survey_id".into())
        );
        assert_eq!(
            collected(json!("registrants"), json!({"period": "someday"})),
            Some("period".into())
        );
        assert_eq!(
            collected(json!("registrants"), json!({"sessions": [3]})),
            Some("sessions".into())
        );
    }

    #[test]
    fn sessions_are_tokens_or_session_objects_one_or_many() {
        let refs = sessions(json!(["T1", {"token": "T2", "title": "Two"}, {"token": "T3"}])).unwrap();
        let shown: Vec<(&str, Option<&str>)> = refs
            .iter()
            .map(|s| (s.token.as_str(), s.title.as_deref()))
            .collect();
        assert_eq!(shown, [("T1", None), ("T2", Some("Two")), ("T3", Some(""))]);
        assert_eq!(sessions(json!("T1")).unwrap().len(), 1);
        let (kind, options) = collect(
            &json!("attendeeChat"),
            map(json!({"period": "past", "survey_id": null})),
        )
        .unwrap();
        assert_eq!(
            (kind, options.period, options.concurrency),
            (ReportKind::AttendeeChat, Some(Period::Past), 8)
        );
    }
}
