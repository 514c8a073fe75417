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
mod bulk;
mod client;
mod collect;
mod convert;
mod fetch;
mod jobs;
mod journal;
mod js;
mod timers;

use std::any::Any;
use std::borrow::Cow;

use flow_core::input::{decode, decode_call, KeyCase};
use flow_core::jobs::rows::CREATE_MANY;
use flow_core::operations::Operational;
use flow_core::settings::{NameCase, Passed, TimeUnit, CALL_OPTIONS, SETTINGS};
use flow_core::{ApiResponse, Client, DynEndpoint, Endpoint, Error, ToColumns, CLIENT};
use js_sys::Promise;
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

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
        future_to_promise(async move { run(&client, &name, call).await.map_err(|e| convert::error(&e)) })
    }

    /// Runs the job `name` of the core's job table (`jobs`) with its positional `input` (rows, report
    /// kind) and its options, as JSON `data` and as the object; `files` opens journals (Node only).
    pub fn job(&self, name: String, input: JsValue, data: &str, options: JsValue, files: JsValue) -> Promise {
        let (client, data) = (self.client.clone(), parse(data));
        future_to_promise(async move {
            let options = jobs::Options::read(&name, data, options).map_err(|e| convert::error(&e))?;
            match options.job.name {
                CREATE_MANY => bulk::create_many(&client, input, options, &files).await,
                _ => collect::collect(&client, input, options).await,
            }
        })
    }
}

/// Input or options refused before anything is sent.
fn invalid(endpoint: &'static str, field: impl Into<Cow<'static, str>>, reason: impl Into<String>) -> Error {
    let (field, reason) = (field.into(), reason.into());
    Error::InvalidRequest {
        endpoint,
        field,
        reason,
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

/// How an operation's result crosses to JS: its boxed output unboxed as its type for `convert`.
type Answer = fn(ApiResponse<Box<dyn Any>>) -> JsValue;

macro_rules! dispatch {
    ($($(#[doc = $rdoc:literal])* $resource:ident: $rust:ident / $async:ident {$(
        $(#[doc = $doc:literal])* fn $method:ident / $js:ident $form:tt = $endpoint:ident;
    )*})*) => {
        /// The operation of the table named `name`, its input decoded, and how its result crosses.
        /// Only this and [`answer`] know the endpoint types; the call itself is one function for
        /// all of them ([`run`]), so the package carries no copy of it per operation.
        fn operation(name: &str, call: &mut Call) -> Result<(Box<dyn DynEndpoint>, Answer), Error> {
            use flow_core::endpoints::*;
            $($(if name == <$endpoint as Endpoint>::NAME {
                let endpoint: $endpoint = input(call)?;
                return Ok((Box::new(endpoint), answer::<<$endpoint as Endpoint>::Output>));
            })*)*
            Err(invalid(CLIENT, "operation", format!("{name:?} is not an operation")))
        }
    };
}
flow_core::for_each_operation!(dispatch);

/// The call's input decoded by the core into the endpoint value.
fn input<E: Operational>(call: &mut Call) -> Result<E, Error> {
    let positional = match std::mem::take(&mut call.positional) {
        Value::Array(values) => values,
        _ => Vec::new(),
    };
    match std::mem::take(&mut call.named) {
        Value::Object(named) => decode_call(positional, named, KeyCase::Camel),
        Value::Null => decode_call(positional, Default::default(), KeyCase::Camel),
        // Not an object: the core's decoding says why.
        other => decode(other),
    }
}

/// A result as `convert` writes it for JS.
fn answer<T: ToColumns + 'static>(answer: ApiResponse<Box<dyn Any>>) -> JsValue {
    convert::answer(&answer.map(|data| *data.downcast::<T>().expect("an endpoint's result is its Output")))
}

/// One call: the core decodes the input and the options, then runs its driver loop, raced against
/// the caller's signal.
async fn run(client: &Client, name: &str, mut call: Call) -> Result<JsValue, Error> {
    let (endpoint, answer) = operation(name, &mut call)?;
    let name = endpoint.name();
    let options = Passed::read(call.options, NameCase::Js, CALL_OPTIONS, &["signal"], name)?
        .call_options(name, TimeUnit::Milliseconds)?;
    let send = client.send_dyn(&*endpoint, &options);
    Ok(answer(abort::cancellable(name, call.signal, send).await?))
}
