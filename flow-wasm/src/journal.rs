//! A bulk registration's journal: the core writes every line; Node's `journal(path)` gives
//! `{ read(at), append(text), close() }` over the file. A browser has none: `journal` is refused.

use std::sync::Arc;

use flow_core::jobs::journal::JournalStore;
use flow_core::jobs::rows::CREATE_MANY;
use flow_core::Error;
use js_sys::{Function, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

use crate::invalid;
use crate::js::get;

/// The journal at `path`, through the Node entry's `opener` (absent in a browser).
// One thread: the store holds JS values that never leave it.
#[allow(clippy::arc_with_non_send_sync)]
pub fn open(opener: &JsValue, path: &JsValue) -> Result<Arc<dyn JournalStore>, Error> {
    let opener: Function = opener.clone().dyn_into().map_err(|_| {
        invalid(
            CREATE_MANY,
            "journal",
            "needs Node: a browser has no file to keep it in",
        )
    })?;
    let file = opener
        .call1(&JsValue::UNDEFINED, path)
        .map_err(|e| failed("open", &e))?;
    Ok(Arc::new(JsJournal(file)))
}

struct JsJournal(JsValue);

impl JsJournal {
    fn call(&self, method: &str, argument: &JsValue) -> Result<JsValue, Error> {
        let function: Function = get(&self.0, method).unchecked_into();
        function.call1(&self.0, argument).map_err(|e| failed(method, &e))
    }
}

impl JournalStore for JsJournal {
    /// In chunks of whole lines (`read(at)`: from offset `at`), so a long journal is never held whole.
    fn read(&self, line: &mut dyn FnMut(&str)) -> Result<(), Error> {
        let mut at = 0.0;
        loop {
            let chunk: Uint8Array = self.call("read", &JsValue::from(at))?.unchecked_into();
            if chunk.length() == 0 {
                return Ok(());
            }
            at += f64::from(chunk.length());
            let bytes = chunk.to_vec();
            bytes
                .split_inclusive(|&b| b == b'\n')
                .for_each(|text| line(&String::from_utf8_lossy(text)));
        }
    }

    fn append(&self, text: &str) -> Result<(), Error> {
        self.call("append", &JsValue::from_str(text)).map(drop)
    }
}

impl Drop for JsJournal {
    fn drop(&mut self) {
        let _ = self.call("close", &JsValue::UNDEFINED);
    }
}

fn failed(what: &str, error: &JsValue) -> Error {
    let message = get(error, "message")
        .as_string()
        .unwrap_or_else(|| format!("{error:?}"));
    invalid(
        CREATE_MANY,
        "journal",
        format!("could not {what} the journal: {message}"),
    )
}
