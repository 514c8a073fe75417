//! Client and per-call options as the JS layer hands them over. This file only turns JS values
//! into the core's types; whether a value is acceptable (secret, base URL, timeout, retries,
//! response bound) is the core's decision, with the core's messages and field names, so the three
//! runtimes accept and refuse the same settings.

use std::time::Duration;

use flow_core::{
    check_max_retries, check_timeout, Config, Error, RequestOptions, Secret, DEFAULT_BASE_URL,
    DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT,
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

/// Reads `{ apiSecret, baseURL, timeout, maxRetries, maxResponseBytes, fetch, _sleep, _jitter }`
/// and checks the result with [`Config::validate`]. Timeouts are in milliseconds; environment
/// fallbacks were applied by the Node entry already. Fields in errors are the core's neutral
/// names (`api_secret`, `base_url`, `max_retries`, ...), as every runtime reports them.
pub fn client(options: &JsValue) -> Result<ClientOptions, Error> {
    let api_secret = match get(options, "apiSecret") {
        value if is_absent(&value) => None,
        value => Some(Secret::new(string(value, "api_secret")?)),
    };
    let base_url = match get(options, "baseURL") {
        value if is_absent(&value) => DEFAULT_BASE_URL.to_owned(),
        value => string(value, "base_url")?,
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
    let config = Config {
        base_url,
        api_secret,
        timeout: timeout(options, CLIENT)?.unwrap_or(DEFAULT_TIMEOUT),
        max_retries: max_retries(options, CLIENT)?.unwrap_or(DEFAULT_MAX_RETRIES),
        max_response_bytes: max_response_bytes(options)?.unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
    }
    .validate()?;
    Ok(ClientOptions {
        config,
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

/// Reads a call's options; `endpoint` names the operation in errors. The overrides are checked
/// again by [`Config::with_options`].
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

/// A whole number of a JS value, when it is one (`-0` counts as `0`); saturates above `u64::MAX`.
fn whole(value: &JsValue) -> Option<u64> {
    value
        .as_f64()
        .filter(|n| n.fract() == 0.0 && *n >= 0.0)
        .map(|n| n as u64)
}

/// Milliseconds as a [`Duration`], to the nanosecond: `2147483647` is exactly
/// [`flow_core::MAX_TIMEOUT`], so the core's bound is the JS bound.
fn from_millis(ms: f64) -> Option<Duration> {
    let nanos = (ms * 1e6).round();
    (nanos.is_finite() && nanos >= 0.0 && nanos < u64::MAX as f64).then(|| Duration::from_nanos(nanos as u64))
}

/// `timeout` in milliseconds, checked by the core. A value that is no duration at all (a string,
/// NaN, a negative number) gets the core's message for a timeout out of range.
fn timeout(options: &JsValue, endpoint: &'static str) -> Result<Option<Duration>, Error> {
    let value = get(options, "timeout");
    if is_absent(&value) {
        return Ok(None);
    }
    let duration = value.as_f64().and_then(from_millis).unwrap_or(Duration::ZERO);
    check_timeout(endpoint, duration).map(Some)
}

/// `maxRetries`, checked by the core (field `max_retries`). A value that is not a whole number
/// gets the core's message for a count out of range.
fn max_retries(options: &JsValue, endpoint: &'static str) -> Result<Option<u32>, Error> {
    let value = get(options, "maxRetries");
    if is_absent(&value) {
        return Ok(None);
    }
    check_max_retries(endpoint, whole(&value).unwrap_or(u64::MAX)).map(Some)
}

/// `maxResponseBytes`; its range is checked by [`Config::validate`].
fn max_response_bytes(options: &JsValue) -> Result<Option<u64>, Error> {
    let value = get(options, "maxResponseBytes");
    if is_absent(&value) {
        return Ok(None);
    }
    whole(&value)
        .map(Some)
        .ok_or_else(|| invalid(CLIENT, "max_response_bytes", "must be a whole number of bytes"))
}

fn invalid(endpoint: &'static str, field: &'static str, reason: &str) -> Error {
    Error::InvalidRequest {
        endpoint,
        field,
        reason: reason.to_owned(),
    }
}
