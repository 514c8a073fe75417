//! A core `Client` on the JS runtime: settings resolved by the core (environment variables read
//! through the entry's `env` function), requests through `fetch`, sleeps on JS timers, log lines
//! to the JS `logger`.

use std::sync::Arc;

use flow_core::settings::{user_agent, LogLevel, NameCase, Package, Passed, TimeUnit, SETTINGS};
use flow_core::{Client, Error, FixedJitter, Jitter, Logger, CLIENT};
use js_sys::Function;
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};

use crate::fetch::FetchTransport;
use crate::js::get;
use crate::timers::{JsSleeper, MathRandomJitter};

/// Client options that belong to the JS layer (the runtime), not to the core's settings.
pub const OWN: &[&str] = &["fetch", "dangerouslyAllowBrowser", "logger", "_sleep", "_jitter"];

/// The client for `options` on `runtime` (`{ fetch, logger, env, node, sleep, jitter }`): `env(name)`
/// reads an environment variable (absent in a browser), `node` is Node's version (for the
/// `User-Agent`; a browser sets its own), `sleep` and `jitter` are test seams.
// One thread: the core's `Arc`s hold JS values that never leave it.
#[allow(clippy::arc_with_non_send_sync)]
pub fn build(options: Value, runtime: &JsValue) -> Result<Client, Error> {
    let env = get(runtime, "env").dyn_into::<Function>().ok();
    let env = |name: &str| {
        env.as_ref()?
            .call1(&JsValue::UNDEFINED, &JsValue::from_str(name))
            .ok()?
            .as_string()
    };
    let mut config =
        Passed::read(options, NameCase::Js, SETTINGS, OWN, CLIENT)?.resolve(TimeUnit::Milliseconds, &env)?;
    if let Some(version) = get(runtime, "node").as_string() {
        let major = version.split('.').next().unwrap_or_default();
        config.user_agent = Some(user_agent(Package::Node, &format!("node/{major}")));
    }
    let fetch = get(runtime, "fetch").dyn_into::<Function>().map_err(|_| {
        crate::invalid(
            CLIENT,
            "fetch",
            "must be a fetch function (no global fetch found)",
        )
    })?;
    let jitter: Arc<dyn Jitter> = match get(runtime, "jitter").as_f64() {
        Some(sample) => Arc::new(FixedJitter(sample)),
        None => Arc::new(MathRandomJitter),
    };
    Client::builder()
        .config(config)
        .transport(Arc::new(FetchTransport::new(fetch)))
        .sleeper(Arc::new(JsSleeper::new(get(runtime, "sleep").dyn_into().ok())))
        .jitter(jitter)
        .logger(Arc::new(JsLogger(get(runtime, "logger"))))
        .build()
}

/// Log lines (already redacted by the core) to the JS `logger`'s `debug`, `info` or `warn` method.
struct JsLogger(JsValue);

impl Logger for JsLogger {
    fn log(&self, level: LogLevel, line: &str) {
        if let Ok(method) = get(&self.0, level.as_str()).dyn_into::<Function>() {
            // A logger that throws loses the line, not the call.
            let _ = method.call1(&self.0, &JsValue::from_str(line));
        }
    }
}
