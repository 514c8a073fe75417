//! Values out of the core: results as plain objects, reports by column, errors as records.
//!
//! Results cross as JSON text: one crossing per call instead of one per field, and `JSON.parse`
//! makes every key an own data property, so a server field named `__proto__` stays a field instead
//! of replacing an object's prototype. Reports are the exception: they cross by column (one string
//! and one offsets array per column), and `js/report.js` builds their rows.

use std::any::Any;

use flow_core::{ApiResponse, Column, Error, Report, SummaryReport};
use js_sys::{Array, Object, Uint32Array};
use serde::Serialize;
use serde_json::{json, Value};
use wasm_bindgen::JsValue;

use crate::js::set;

/// A call's answer as `{ data, status, headers, requestId }`: `headers` a list of `[name, value]`
/// pairs, `requestId` `null` when the server sent none.
pub fn answer<T: Serialize + 'static>(answer: &ApiResponse<T>) -> JsValue {
    let data: &dyn Any = &answer.data;
    let data = match (
        data.downcast_ref::<Report>(),
        data.downcast_ref::<SummaryReport>(),
    ) {
        (Some(one), _) => report(one),
        (_, Some(compiled)) => summary(compiled),
        _ => plain(&answer.data),
    };
    let object = Object::new();
    set(&object, "data", &data);
    set(&object, "status", &JsValue::from(answer.status));
    set(&object, "headers", &plain(&answer.headers));
    set(
        &object,
        "requestId",
        &answer
            .request_id
            .as_deref()
            .map_or(JsValue::NULL, JsValue::from_str),
    );
    object.into()
}

/// A core result as a plain JS value with the API's wire names.
pub fn plain<T: Serialize>(value: &T) -> JsValue {
    let text = serde_json::to_string(value).expect("core results have string keys and serialize");
    js_sys::JSON::parse(&text).expect("serde_json writes valid JSON")
}

/// A report by column, for `js/report.js` to turn into `{ columns, rows, text }`:
/// `{ columns, length, values, offsets, text }`, where `values[c]` is column `c`'s values written
/// one after another and `offsets[c]` (a `Uint32Array`, `length + 1` long) says where each starts,
/// in UTF-16 units so that JS can `slice` them. One string and one typed array per column cross
/// the boundary instead of a JSON document that repeats every column name in every row.
pub fn report(report: &Report) -> JsValue {
    let values = Array::new();
    let offsets = Array::new();
    for column in (0..report.columns().len()).filter_map(|index| report.column(index)) {
        values.push(&JsValue::from_str(column.values()));
        offsets.push(&Uint32Array::from(utf16_offsets(&column).as_slice()));
    }
    let columns: Array = report.columns().iter().map(|c| JsValue::from_str(c)).collect();
    let object = Object::new();
    set(&object, "columns", &columns);
    set(&object, "length", &JsValue::from(report.len() as u32));
    set(&object, "values", &values);
    set(&object, "offsets", &offsets);
    set(&object, "text", &JsValue::from_str(report.text()));
    object.into()
}

/// A column's offsets counted in UTF-16 units, as JS strings index. ASCII (the usual case) counts
/// the same in bytes.
fn utf16_offsets(column: &Column<'_>) -> Vec<u32> {
    if column.values().is_ascii() {
        return column.offsets().iter().map(|&o| o as u32).collect();
    }
    let mut units = 0;
    let mut offsets = Vec::with_capacity(column.offsets().len());
    offsets.push(0);
    for value in column.iter() {
        units += value.encode_utf16().count() as u32;
        offsets.push(units);
    }
    offsets
}

/// The compiled report as `{ registrants, attendeeChat, operatorChat, surveyResults }`, each
/// member by column like [`report`].
pub fn summary(summary: &SummaryReport) -> JsValue {
    let object = Object::new();
    for (key, member) in [
        ("registrants", &summary.registrants),
        ("attendeeChat", &summary.attendee_chat),
        ("operatorChat", &summary.operator_chat),
        ("surveyResults", &summary.survey_results),
    ] {
        set(&object, key, &report(member));
    }
    object.into()
}

/// The record the JS layer turns into an error class: the kind picks the class, the message is
/// the core's, and the rest are fields (`null` where they do not apply). `mayHaveBeenProcessed`
/// is the core's answer to "could sending this again repeat it?".
pub fn error(error: &Error) -> JsValue {
    plain(&error_record(error))
}

/// [`error`] as JSON, for results that carry errors among their fields.
pub fn error_record(error: &Error) -> Value {
    json!({
        "kind": error.kind().as_str(),
        "message": error.to_string(),
        "endpoint": error.endpoint(),
        "status": error.status(),
        "serverMessage": error.server_message(),
        "body": error.body(),
        "requestId": error.request_id(),
        "field": error.field(),
        "mayHaveBeenProcessed": error.may_have_been_processed(),
    })
}
