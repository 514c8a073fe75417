//! The Flow SDK's Rust core for JavaScript: what the npm package `flow-api` loads.
//!
//! The crate adds only the two ends of a call: JS values in (the neutral snake_case input of each
//! operation, the client and call options) and JS values out (plain objects with the API's
//! camelCase names, or an error record the JS layer turns into an error class), plus a transport
//! on `fetch` and a sleeper on `setTimeout`. Retries, validation, paths and parsing are the core's
//! driver and endpoints, the same code the Rust crate and the Python wheel run.
#![cfg(target_arch = "wasm32")]

mod abort;
mod convert;
mod fetch;
mod js;
mod operations;
mod options;
mod timers;

use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

/// A configured client, wrapped by the JS `Flow` class. It holds the secret, which never crosses
/// back into JS.
#[wasm_bindgen]
pub struct Core {
    client: Rc<operations::Client>,
}

#[wasm_bindgen]
impl Core {
    /// Checks `{ apiSecret, baseURL, timeout, maxRetries, fetch }` (timeouts in milliseconds);
    /// throws an error record when one is invalid.
    #[wasm_bindgen(constructor)]
    pub fn new(options: &JsValue) -> Result<Core, JsValue> {
        let options = options::client(options).map_err(|e| convert::error(&e))?;
        Ok(Core {
            client: Rc::new(operations::Client::new(options)),
        })
    }

    /// Runs an operation (`registrants.list`, ...) with its neutral input and the call's options
    /// `{ signal, timeout, maxRetries }`; resolves to the result or rejects with an error record.
    pub fn call(&self, operation: String, input: JsValue, options: JsValue) -> Promise {
        let client = Rc::clone(&self.client);
        future_to_promise(async move {
            client
                .run(&operation, &input, &options)
                .await
                .map_err(|e| convert::error(&e))
        })
    }
}
