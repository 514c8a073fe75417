//! Client and per-call options as the JS layer hands them over, checked at the boundary.

use std::time::Duration;

use flow_core::{
    Config, Error, RequestOptions, Secret, DEFAULT_BASE_URL, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT,
};
use js_sys::Function;
use wasm_bindgen::{JsCast, JsValue};

use crate::js::{get, is_absent, AbortSignal};

/// Operation name in errors about the client's own options.
const CLIENT: &str = "client";

/// What a client holds: the core configuration and its runtime seams.
pub struct ClientOptions {
    pub config: Config,
    pub fetch: Function,
    /// Test seam: replaces the retry sleep (`_sleep` option).
    pub sleep: Option<Function>,
    /// Test seam: a fixed jitter sample in `[0, 1)` (`_jitter` option).
    pub jitter: Option<f64>,
}

/// Reads `{ apiSecret, baseURL, timeout, maxRetries, fetch, _sleep, _jitter }`. Timeouts are in
/// milliseconds; environment fallbacks were applied by the Node entry already.
pub fn client(options: &JsValue) -> Result<ClientOptions, Error> {
    let api_secret = match get(options, "apiSecret") {
        value if is_absent(&value) => None,
        value => Some(Secret::new(string(value, "apiSecret")?)),
    };
    let base_url = match get(options, "baseURL") {
        value if is_absent(&value) => DEFAULT_BASE_URL.to_owned(),
        value => string(value, "baseURL")?,
    };
    let fetch = get(options, "fetch").dyn_into::<Function>().map_err(|_| {
        invalid(
            CLIENT,
            "fetch",
            "must be a fetch function (no global fetch found)",
        )
    })?;
    let sleep = match get(options, "_sleep") {
        value if is_absent(&value) => None,
        value => Some(
            value
                .dyn_into::<Function>()
                .map_err(|_| invalid(CLIENT, "_sleep", "must be a function"))?,
        ),
    };
    let jitter = match get(options, "_jitter") {
        value if is_absent(&value) => None,
        value => Some(
            value
                .as_f64()
                .filter(|j| (0.0..1.0).contains(j))
                .ok_or_else(|| invalid(CLIENT, "_jitter", "must be a number in [0, 1)"))?,
        ),
    };
    Ok(ClientOptions {
        config: Config {
            base_url,
            api_secret,
            timeout: timeout(options, CLIENT)?.unwrap_or(DEFAULT_TIMEOUT),
            max_retries: max_retries(options, CLIENT)?.unwrap_or(DEFAULT_MAX_RETRIES),
        },
        fetch,
        sleep,
        jitter,
    })
}

/// The last argument of every method: `{ signal, timeout, maxRetries }`.
pub struct CallOptions {
    pub overrides: RequestOptions,
    pub signal: Option<AbortSignal>,
}

/// Reads a call's options; `endpoint` names the operation in errors.
pub fn call(options: &JsValue, endpoint: &'static str) -> Result<CallOptions, Error> {
    if !is_absent(options) && !options.is_object() {
        return Err(invalid(
            endpoint,
            "options",
            "must be an object { signal, timeout, maxRetries }",
        ));
    }
    let signal = match get(options, "signal") {
        value if is_absent(&value) => None,
        value if get(&value, "addEventListener").is_function() => Some(value.unchecked_into()),
        _ => return Err(invalid(endpoint, "signal", "must be an AbortSignal")),
    };
    Ok(CallOptions {
        overrides: RequestOptions {
            timeout: timeout(options, endpoint)?,
            max_retries: max_retries(options, endpoint)?,
        },
        signal,
    })
}

fn string(value: JsValue, field: &'static str) -> Result<String, Error> {
    value
        .as_string()
        .ok_or_else(|| invalid(CLIENT, field, "must be a string"))
}

/// JS timers fire at once for delays above 2^31 - 1 ms, so a longer timeout could never be honoured.
const MAX_TIMER_MS: f64 = 2_147_483_647.0;

fn timeout(options: &JsValue, endpoint: &'static str) -> Result<Option<Duration>, Error> {
    match get(options, "timeout") {
        value if is_absent(&value) => Ok(None),
        value => value
            .as_f64()
            .filter(|ms| *ms > 0.0 && *ms <= MAX_TIMER_MS)
            .map(|ms| Some(Duration::from_secs_f64(ms / 1000.0)))
            .ok_or_else(|| {
                invalid(
                    endpoint,
                    "timeout",
                    "must be a positive number of milliseconds, at most 2147483647 (what JS timers can wait)",
                )
            }),
    }
}

fn max_retries(options: &JsValue, endpoint: &'static str) -> Result<Option<u32>, Error> {
    match get(options, "maxRetries") {
        value if is_absent(&value) => Ok(None),
        value => value
            .as_f64()
            .filter(|n| n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(n))
            .map(|n| Some(n as u32))
            .ok_or_else(|| invalid(endpoint, "maxRetries", "must be a whole number, 0 or more")),
    }
}

fn invalid(endpoint: &'static str, field: &'static str, reason: &str) -> Error {
    Error::InvalidRequest {
        endpoint,
        field,
        reason: reason.to_owned(),
    }
}
