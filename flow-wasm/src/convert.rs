//! Values out of the core: results by column, errors as records.
//!
//! Lists and reports cross by column: per field, one string of every row's values and a
//! `Uint32Array` of where each starts, or one typed array of numbers or flags, and
//! `js/columns.js` builds the row objects from them. A handful of crossings per call, and nothing
//! parsed twice: the rows are not written back out as JSON for JS to parse again. A single model,
//! errors, progress and the manifest cross as JSON text, which one native `JSON.parse` reads.

use flow_core::{
    ApiResponse, Columnar, Distinct, Error, FieldColumn, ModelColumns, Report, ToColumns, Values,
};
use js_sys::{Array, Float64Array, Object, Uint32Array, Uint8Array};
use serde::Serialize;
use serde_json::{json, Value};
use wasm_bindgen::JsValue;

use crate::js::set;

/// A call's answer as `{ data, status, headers, requestId }`: `headers` a list of `[name, value]`
/// pairs, `requestId` `null` when the server sent none.
pub fn answer<T: ToColumns>(answer: &ApiResponse<T>) -> JsValue {
    let data = match answer.data.to_columns() {
        Columnar::Model(text) => parsed(&text),
        Columnar::Models(columns) => models(&columns),
        Columnar::Report(one) => report(one),
        Columnar::Reports(members) => reports(&members),
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

/// A core value as a plain JS value with the API's wire names. `JSON.parse` makes every key an own
/// data property, so a field named `__proto__` stays a field.
pub fn plain<T: Serialize>(value: &T) -> JsValue {
    parsed(&serde_json::to_string(value).expect("core values have string keys and serialize"))
}

/// JSON text serde_json wrote, as a JS value.
fn parsed(text: &str) -> JsValue {
    js_sys::JSON::parse(text).expect("serde_json writes valid JSON")
}

/// Models by field as `{ length, fields, extra }`, `fields` in the table's order (the manifest
/// names them).
fn models(columns: &ModelColumns) -> JsValue {
    let object = Object::new();
    let fields: Array = columns.fields.iter().map(column).collect();
    set(&object, "length", &JsValue::from(columns.len as u32));
    set(&object, "fields", &fields);
    set(&object, "extra", &column(&columns.extra));
    object.into()
}

/// A field's values as `[kind, values, offsets, codes, present]` (one array: few crossings for a
/// small result). `kind` [`TEXT`] or [`JSON`]: `values` a string, `offsets` where each value
/// starts, in UTF-16 units so that JS can `slice`, and for repeating text `codes`, each row's index
/// among those distinct values; [`NUMBER`]: a `Float64Array`; [`FLAG`]: a `Uint8Array` of 0 and 1.
/// `present` is a `Uint8Array` marking the rows that have the field, absent when all do.
fn column(field: &FieldColumn) -> JsValue {
    let none = || JsValue::UNDEFINED;
    let [kind, values, offsets, codes] = match &field.values {
        Values::Text { text, offsets, json } if *json => [
            JSON.into(),
            JsValue::from_str(text),
            utf16_offsets(text, offsets),
            none(),
        ],
        Values::Text { text, offsets, .. } => text_column(text, offsets),
        Values::Numbers(numbers) => [
            NUMBER.into(),
            Float64Array::from(&numbers[..]).into(),
            none(),
            none(),
        ],
        Values::Flags(flags) => [FLAG.into(), Uint8Array::from(&flags[..]).into(), none(), none()],
    };
    let present = field
        .present
        .as_deref()
        .map_or(none(), |p| Uint8Array::from(p).into());
    Array::of5(&kind, &values, &offsets, &codes, &present).into()
}

/// The kinds of [`column`], as `js/columns.js` names them.
const TEXT: u32 = 0;
const JSON: u32 = 1;
const NUMBER: u32 = 2;
const FLAG: u32 = 3;

/// A report as `{ columns, length, fields, text }`, each column a text field like [`column`]'s.
/// One string and one offsets array per column cross the boundary instead of a JSON document that
/// repeats every column name in every row.
pub fn report(report: &Report) -> JsValue {
    let fields = Array::new();
    for column in (0..report.columns().len()).filter_map(|index| report.column(index)) {
        let [kind, values, offsets, codes] = text_column(column.values(), &column.offsets());
        fields.push(&Array::of4(&kind, &values, &offsets, &codes));
    }
    let columns: Array = report.columns().iter().map(|c| JsValue::from_str(c)).collect();
    let object = Object::new();
    set(&object, "columns", &columns);
    set(&object, "length", &JsValue::from(report.len() as u32));
    set(&object, "fields", &fields);
    set(&object, "text", &JsValue::from_str(report.text()));
    object.into()
}

/// A text column as [`column`] gives it: repeating values are sent once each.
fn text_column(text: &str, offsets: &[usize]) -> [JsValue; 4] {
    let distinct = Distinct::of(text, offsets);
    let (text, offsets) = distinct
        .as_ref()
        .map_or((text, offsets), |d| (&d.text, &d.offsets));
    let codes = distinct
        .as_ref()
        .map_or(JsValue::UNDEFINED, |d| Uint32Array::from(&d.codes[..]).into());
    [
        TEXT.into(),
        JsValue::from_str(text),
        utf16_offsets(text, offsets),
        codes,
    ]
}

/// Byte offsets into `values` counted in UTF-16 units instead, as JS strings index. ASCII (the
/// usual case) counts the same in bytes.
fn utf16_offsets(values: &str, offsets: &[usize]) -> JsValue {
    if values.is_ascii() {
        let offsets: Vec<u32> = offsets.iter().map(|&o| o as u32).collect();
        return Uint32Array::from(&offsets[..]).into();
    }
    let mut units = 0;
    let mut utf16 = Vec::with_capacity(offsets.len());
    utf16.push(0);
    for pair in offsets.windows(2) {
        units += values[pair[0]..pair[1]].encode_utf16().count() as u32;
        utf16.push(units);
    }
    Uint32Array::from(&utf16[..]).into()
}

/// Reports by name (the compiled report's `{ registrants, attendeeChat, ... }`), each like
/// [`report`].
fn reports(members: &[(&str, &Report)]) -> JsValue {
    let object = Object::new();
    for (key, member) in members {
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
