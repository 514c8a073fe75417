//! Values across the boundary: neutral input in, plain objects out, errors as records.
//!
//! Both directions go through JSON text: one crossing per call instead of one per field, and
//! `JSON.parse` makes every key an own data property, so a server field named `__proto__` stays a
//! field instead of replacing an object's prototype.

use flow_core::{Endpoint, Error, Report, SummaryReport};
use serde::de::DeserializeOwned;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::json;
use wasm_bindgen::JsValue;

/// The neutral snake_case input names of every operation, so a type error in the input can name
/// its field the way the core names fields.
const INPUT_FIELDS: &[&str] = &[
    "period",
    "simple_analytics",
    "session_token",
    "email",
    "first_name",
    "last_name",
    "redirect",
    "survey_id",
    "account_token",
    "room_id",
    "creator_id",
    "title",
    "description",
    "date",
    "time",
    "timezone",
    "operators",
    "published",
    "duration",
    "early_access_period",
    "video_record",
    "on_demand_replays",
];

/// Input names serde reports by their wire name (`events.create` deserializes its body type).
const WIRE_NAMES: &[(&str, &str)] = &[("creatorID", "creator_id")];

/// The endpoint value for a call, decoded the way the core defines its neutral input.
pub fn input<E: Endpoint + DeserializeOwned>(input: &JsValue) -> Result<E, Error> {
    let text = js_sys::JSON::stringify(input)
        .ok()
        .and_then(|s| JsValue::from(s).as_string())
        .ok_or_else(|| invalid_input::<E>("input", "must be a plain object of JSON values".to_owned()))?;
    let mut deserializer = serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let path = e.path().to_string();
        let message = e.into_inner().to_string();
        // The top-level input field the error is in, else the field reported missing.
        let top = path
            .split(['.', '['])
            .next()
            .filter(|p| !p.is_empty() && *p != "?");
        let missing = message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next());
        let field = top
            .or(missing)
            .map(|name| {
                WIRE_NAMES
                    .iter()
                    .find(|(wire, _)| *wire == name)
                    .map_or(name, |(_, n)| n)
            })
            .and_then(|name| INPUT_FIELDS.iter().find(|f| **f == name))
            .copied()
            .unwrap_or("input");
        let reason = message.split(" at line ").next().unwrap_or(&message).to_owned();
        invalid_input::<E>(field, reason)
    })
}

fn invalid_input<E: Endpoint>(field: &'static str, reason: String) -> Error {
    Error::InvalidRequest {
        endpoint: E::NAME,
        field,
        reason,
    }
}

/// A core result as a plain JS value with the API's wire names.
pub fn plain<T: Serialize>(value: &T) -> JsValue {
    let text = serde_json::to_string(value).expect("core results have string keys and serialize");
    js_sys::JSON::parse(&text).expect("serde_json writes valid JSON")
}

/// A report as `{ columns, rows, text }`, each row an object keyed by the (unique) column names.
pub fn report(report: &Report) -> JsValue {
    plain(&JsReport(report))
}

/// The compiled report as `{ registrants, attendeeChat, operatorChat, surveyResults }`.
pub fn summary(summary: &SummaryReport) -> JsValue {
    plain(&JsSummary(summary))
}

struct JsReport<'a>(&'a Report);

impl Serialize for JsReport<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("columns", self.0.columns())?;
        map.serialize_entry("rows", &Rows(self.0))?;
        map.serialize_entry("text", self.0.text())?;
        map.end()
    }
}

struct Rows<'a>(&'a Report);

impl Serialize for Rows<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for row in self.0.rows() {
            seq.serialize_element(&Row(self.0.columns(), row))?;
        }
        seq.end()
    }
}

struct Row<'a>(&'a [String], &'a csv::StringRecord);

impl Serialize for Row<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (column, value) in self.0.iter().zip(self.1.iter()) {
            map.serialize_entry(column, value)?;
        }
        map.end()
    }
}

struct JsSummary<'a>(&'a SummaryReport);

impl Serialize for JsSummary<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let s = self.0;
        let mut map = serializer.serialize_map(Some(4))?;
        map.serialize_entry("registrants", &JsReport(&s.registrants))?;
        map.serialize_entry("attendeeChat", &JsReport(&s.attendee_chat))?;
        map.serialize_entry("operatorChat", &JsReport(&s.operator_chat))?;
        map.serialize_entry("surveyResults", &JsReport(&s.survey_results))?;
        map.end()
    }
}

/// The record the JS layer turns into an error class: the kind picks the class, the message is
/// the core's, and the rest are fields (`null` where they do not apply).
pub fn error(error: &Error) -> JsValue {
    plain(&json!({
        "kind": error.kind().as_str(),
        "message": error.to_string(),
        "endpoint": error.endpoint(),
        "status": error.status(),
        "serverMessage": error.server_message(),
        "body": error.body(),
        "requestId": error.request_id(),
        "field": error.field(),
    }))
}
