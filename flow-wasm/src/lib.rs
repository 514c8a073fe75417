//! The Flow SDK's Rust core for JavaScript: what the npm package `flow-api` loads.
//!
//! The crate adds only the JS ends of the core's `Client`: a transport on `fetch`, a sleeper on
//! `setTimeout`, a logger on the JS `logger`, the caller's `AbortSignal`, and values across the
//! boundary (settings, options and input in as JSON text, results and error records out). Which
//! operations exist, how their input is decoded, how settings resolve, retries, paths and parsing
//! are the core's, the same code the Rust crate and the Python wheel run; the dispatch below is
//! generated from the core's operation table, and the JS resources are built from its manifest.
#![cfg(target_arch = "wasm32")]

mod abort;
mod client;
mod convert;
mod fetch;
mod js;
mod timers;

use flow_core::input::{decode, decode_call, KeyCase};
use flow_core::operations::Operational;
use flow_core::settings::{NameCase, Passed, TimeUnit, CALL_OPTIONS, SETTINGS};
use flow_core::{Client, Endpoint, Error, CLIENT};
use js_sys::Promise;
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::abort::{race, AbortWait, Either};
use crate::js::{get, is_absent, AbortSignal};

/// The core's operation table, settings and call options as a plain object: the JS layer builds
/// the `Flow` resources and methods from it.
#[wasm_bindgen]
pub fn manifest() -> JsValue {
    convert::plain(&flow_core::operations::manifest())
}

/// A configured core `Client`, wrapped by the JS `Flow` class. It holds the secret, which never
/// crosses back into JS.
#[wasm_bindgen]
pub struct WasmClient {
    client: Client,
}

#[wasm_bindgen]
impl WasmClient {
    /// A client from the caller's options (JSON text, JS names) and the runtime the entry supplies
    /// (`{ fetch, logger, env, node, sleep, jitter }`); throws an error record when one is refused.
    #[wasm_bindgen(constructor)]
    pub fn new(options: &str, runtime: &JsValue) -> Result<WasmClient, JsValue> {
        let client = client::build(parse(options), runtime).map_err(|e| convert::error(&e))?;
        Ok(WasmClient { client })
    }

    /// A client with these settings (JSON text, JS names) applied on top of this one's, sharing
    /// its transport, timers and logger.
    #[wasm_bindgen(js_name = withOptions)]
    pub fn with_options(&self, options: &str) -> Result<WasmClient, JsValue> {
        Passed::read(parse(options), NameCase::Js, SETTINGS, client::OWN, CLIENT)
            .and_then(|passed| self.client.with_settings(passed, TimeUnit::Milliseconds))
            .map(|client| WasmClient { client })
            .map_err(|e| convert::error(&e))
    }

    /// Runs the operation `name` with its positional values (a JSON array), its object input (JSON)
    /// and the call's options (JSON) and `signal`; resolves to `{ data, status, headers, requestId }`
    /// or rejects with an error record.
    pub fn call(
        &self,
        name: String,
        positional: &str,
        named: &str,
        options: &str,
        signal: JsValue,
    ) -> Promise {
        let client = self.client.clone();
        let call = Call {
            positional: parse(positional),
            named: parse(named),
            options: parse(options),
            signal,
        };
        future_to_promise(async move {
            dispatch(&client, &name, call)
                .await
                .map_err(|e| convert::error(&e))
        })
    }
}

/// JSON text from the JS layer (always valid: it comes from `JSON.stringify`).
fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}

/// One call as the JS layer passes it.
struct Call {
    positional: Value,
    named: Value,
    options: Value,
    signal: JsValue,
}

macro_rules! dispatch {
    ($($(#[doc = $rdoc:literal])* $resource:ident: $rust:ident / $async:ident {$(
        $(#[doc = $doc:literal])* fn $method:ident / $js:ident $form:tt = $endpoint:ident;
    )*})*) => {
        /// Runs the operation of the table named `name`.
        async fn dispatch(client: &Client, name: &str, call: Call) -> Result<JsValue, Error> {
            use flow_core::endpoints::*;
            $($(if name == <$endpoint as Endpoint>::NAME {
                return run::<$endpoint>(client, call).await;
            })*)*
            Err(Error::InvalidRequest {
                endpoint: CLIENT,
                field: "operation".into(),
                reason: format!("{name:?} is not an operation"),
            })
        }
    };
}
flow_core::for_each_operation!(dispatch);

/// One call: the core decodes the input and the options, then runs its driver loop, raced against
/// the caller's signal so an abort also ends a retry sleep at once and nothing more is sent.
async fn run<E>(client: &Client, call: Call) -> Result<JsValue, Error>
where
    E: Operational,
    E::Output: Serialize + 'static,
{
    let positional = match call.positional {
        Value::Array(values) => values,
        _ => Vec::new(),
    };
    let endpoint: E = match call.named {
        Value::Object(named) => decode_call(positional, named, KeyCase::Camel)?,
        Value::Null => decode_call(positional, Default::default(), KeyCase::Camel)?,
        // Not an object: the core's decoding says why.
        other => decode(other)?,
    };
    let options = Passed::read(call.options, NameCase::Js, CALL_OPTIONS, &["signal"], E::NAME)?
        .call_options(E::NAME, TimeUnit::Milliseconds)?;
    let send = client.send_with_response(&endpoint, &options);
    let answer = if is_absent(&call.signal) {
        send.await?
    } else {
        let aborted = Error::Aborted { endpoint: E::NAME };
        if !get(&call.signal, "addEventListener").is_function() {
            return Err(Error::InvalidRequest {
                endpoint: E::NAME,
                field: "signal".into(),
                reason: "must be an AbortSignal".to_owned(),
            });
        }
        let signal: AbortSignal = call.signal.unchecked_into();
        if signal.aborted() {
            return Err(aborted);
        }
        let abort = AbortWait::new(signal).map_err(|_| aborted.clone())?;
        match race(send, abort).await {
            Either::Main(result) => result?,
            Either::Interrupt(()) => return Err(aborted),
        }
    };
    Ok(convert::answer(&answer))
}
