//! `reports.collect`: options as the core's `CollectOptions`; the joined report with `failures`.

use flow_core::jobs::collect::{collect as run_collect, CollectOptions, CollectedReport, ReportKind};
use flow_core::jobs::collect::{SessionRef, COLLECT};
use flow_core::{Client, Error, EventSession, Period};
use js_sys::{Object, JSON};
use serde::Deserialize;
use serde_json::{json, Value};
use wasm_bindgen::JsValue;

use crate::convert;
use crate::invalid;
use crate::jobs::Options;
use crate::js::set;

pub async fn collect(client: &Client, kind: JsValue, mut options: Options) -> Result<JsValue, JsValue> {
    let (kind, collect) = (|| {
        let kind = kind
            .as_string()
            .or_else(|| JSON::stringify(&kind).ok()?.as_string());
        let collect = CollectOptions {
            sessions: options
                .take::<Option<Vec<Value>>>("sessions")?
                .map(sessions)
                .transpose()?,
            period: options.take::<Option<Period>>("period")?,
            survey_id: options.take::<Option<Id>>("surveyId")?.map(|id| id.0),
            concurrency: options.concurrency()?,
            progress: options.progress()?,
        };
        Ok::<_, Error>((ReportKind::parse(&kind.unwrap_or_default())?, collect))
    })()
    .map_err(|e| convert::error(&e))?;
    let collected = options.execute(run_collect(client, kind, &collect)).await?;
    Ok(output(&collected))
}

/// A survey id as the core reads ids: text, or a whole number.
#[derive(Deserialize)]
struct Id(#[serde(deserialize_with = "flow_core::input::id")] String);

/// Session tokens, or session objects (whose titles are then known).
fn sessions(sessions: Vec<Value>) -> Result<Vec<SessionRef>, Error> {
    sessions
        .into_iter()
        .map(|session| match session {
            Value::String(token) => Ok(SessionRef::from(token.as_str())),
            object @ Value::Object(_) => serde_json::from_value::<EventSession>(object)
                .map(|session| SessionRef::from(&session))
                .map_err(|e| invalid(COLLECT, "sessions", e.to_string())),
            other => {
                let reason = format!("must be session tokens or session objects (got {other})");
                Err(invalid(COLLECT, "sessions", reason))
            }
        })
        .collect()
}

/// `{ report, failures }`: the report by column, each failure's error as an error record.
fn output(collected: &CollectedReport) -> JsValue {
    let failures: Vec<Value> = (collected.failures.iter())
        .map(|(token, error)| json!({"sessionToken": token, "error": convert::error_record(error)}))
        .collect();
    let object = Object::new();
    set(&object, "report", &convert::report(&collected.report));
    set(&object, "failures", &convert::plain(&failures));
    object.into()
}
