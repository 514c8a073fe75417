//! `reports.collect`: options as the core's `CollectOptions`; the joined report with `failures`.

use flow_core::jobs::collect::{collect as run_collect, CollectedReport};
use flow_core::jobs::options as jobs_options;
use flow_core::{Client, Error};
use js_sys::{Object, JSON};
use serde_json::{json, Value};
use wasm_bindgen::JsValue;

use crate::convert;
use crate::jobs::Options;
use crate::js::set;

pub async fn collect(client: &Client, kind: JsValue, mut options: Options) -> Result<JsValue, JsValue> {
    let (kind, collect) = (|| {
        let kind = kind
            .as_string()
            .or_else(|| JSON::stringify(&kind).ok()?.as_string());
        let (kind, mut collect) = jobs_options::collect(&Value::from(kind), options.neutral())?;
        collect.progress = options.progress()?;
        Ok::<_, Error>((kind, collect))
    })()
    .map_err(|e| convert::error(&e))?;
    let collected = options.execute(run_collect(client, kind, &collect)).await?;
    Ok(output(&collected))
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
