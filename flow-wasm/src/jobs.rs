//! What the jobs share in JS: their options, progress told to a JS function, and an exception from
//! the caller's code (rows iterator, `onProgress`) stopping the job and reaching the caller as is.

use std::future::Future;
use std::sync::Arc;

use flow_core::input::snake_case;
use flow_core::jobs::bulk::{Progress, ProgressSink};
use flow_core::jobs::{Job, JOBS};
use flow_core::Error;
use js_sys::{Function, Object};
use serde_json::{Map, Value};
use wasm_bindgen::{JsCast, JsValue};

use crate::abort::{self, race, AbortWait, Either};
use crate::js::{get, is_absent, AbortController};
use crate::{convert, invalid};

/// A job's options; `thrown` stops the job with an exception of the caller's code as its reason.
pub struct Options {
    pub job: &'static Job,
    data: Map<String, Value>,
    raw: JsValue,
    pub thrown: AbortController,
}

impl Options {
    /// The options of the job `name` (JSON `data`, and the object `raw`); unknown keys are refused.
    pub fn read(name: &str, data: Value, raw: JsValue) -> Result<Self, Error> {
        let job = JOBS.iter().find(|job| job.name == name);
        let job = job.expect("the JS layer runs the manifest's jobs");
        let data = match data {
            Value::Null => Map::new(),
            Value::Object(data) => data,
            _ => return Err(invalid(job.name, "options", "must be an object")),
        };
        if raw.is_object() {
            let keys = Object::keys(raw.unchecked_ref::<Object>()).to_vec();
            let mut keys = keys.iter().filter_map(JsValue::as_string);
            if let Some(key) = keys.find(|key| !job.js_options.contains(&key.as_str())) {
                let reason = format!("is not an option (the options are {})", job.js_options.join(", "));
                return Err(invalid(job.name, key, reason));
            }
        }
        Ok(Self {
            job,
            data,
            raw,
            thrown: AbortController::new(),
        })
    }

    /// The data options under their neutral names, for the core to decode (`jobs::options`).
    pub fn neutral(&mut self) -> Map<String, Value> {
        // Inserted one by one: collecting into a map would add a sort to the package.
        let mut neutral = Map::new();
        for (key, value) in std::mem::take(&mut self.data) {
            neutral.insert(snake_case(&key), value);
        }
        neutral
    }

    /// An option kept as a JS value (`journal`, `onProgress`, `signal`).
    pub fn hook(&self, key: &str) -> JsValue {
        get(&self.raw, key)
    }

    /// `onProgress` as the core's progress sink, called with `{ done, total, created, ... }`.
    // One thread: the sink holds JS values that never leave it.
    #[allow(clippy::arc_with_non_send_sync)]
    pub fn progress(&self) -> Result<Option<Arc<dyn ProgressSink>>, Error> {
        let callback = self.hook("onProgress");
        if is_absent(&callback) {
            return Ok(None);
        }
        let callback: Function = callback
            .dyn_into()
            .map_err(|_| invalid(self.job.name, "on_progress", "must be a function"))?;
        let thrown = self.thrown.clone();
        Ok(Some(Arc::new(move |progress: &Progress| {
            if !thrown.signal().aborted() {
                if let Err(error) = callback.call1(&JsValue::UNDEFINED, &convert::plain(progress)) {
                    thrown.abort_with(&error);
                }
            }
        })))
    }

    /// Runs the core's `work` until it ends, `signal` fires, or the caller's code throws.
    pub async fn execute<T>(&self, work: impl Future<Output = Result<T, Error>>) -> Result<T, JsValue> {
        let endpoint = self.job.name;
        let stopped = AbortWait::new(self.thrown.signal())?;
        let result = abort::cancellable(endpoint, self.hook("signal"), async {
            match race(work, stopped).await {
                Either::Main(result) => result,
                Either::Interrupt(()) => Err(Error::Aborted { endpoint }),
            }
        })
        .await;
        match self.thrown.signal() {
            thrown if thrown.aborted() => Err(thrown.reason()),
            _ => result.map_err(|e| convert::error(&e)),
        }
    }
}
