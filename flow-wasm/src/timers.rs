//! Time on JS timers: per-attempt deadlines, retry sleeps, and jitter from `Math.random`.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use flow_core::{BoxFuture, Jitter, Sleeper, MAX_TIMEOUT};
use js_sys::{Function, Promise};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use crate::js::{clear_timeout, set_timeout};

/// Completes after a delay. Dropping it clears the timer, so an abandoned deadline or sleep never
/// keeps a Node process alive.
pub struct Timer {
    handle: JsValue,
    fired: JsFuture,
}

impl Timer {
    /// Starts a timer for `duration`, at most [`MAX_TIMEOUT`] (the longest delay `setTimeout`
    /// honours; a larger one would fire at once). Timeouts are checked against it already.
    pub fn after(duration: Duration) -> Self {
        // Nanoseconds / 1e6 is exact at the bound (2147483647), where seconds * 1000 could round above it.
        let ms = duration.min(MAX_TIMEOUT).as_nanos() as f64 / 1e6;
        let mut handle = JsValue::UNDEFINED;
        // The executor runs synchronously, so `handle` is set when `new` returns.
        let promise = Promise::new(&mut |resolve, _reject| handle = set_timeout(&resolve, ms));
        Self {
            handle,
            fired: JsFuture::from(promise),
        }
    }
}

impl Future for Timer {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        Pin::new(&mut self.fired).poll(cx).map(|_| ())
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        clear_timeout(&self.handle);
    }
}

/// Sleeps between retries on `setTimeout`, or through a replacement function (the test seam that
/// records sleeps instead of waiting: it receives milliseconds and may return a promise).
pub struct JsSleeper {
    replacement: Option<Function>,
}

impl JsSleeper {
    /// A sleeper on real timers, or on `replacement` when given.
    pub fn new(replacement: Option<Function>) -> Self {
        Self { replacement }
    }
}

impl Sleeper for JsSleeper {
    fn sleep(&self, duration: Duration) -> BoxFuture<'_, ()> {
        let Some(replacement) = &self.replacement else {
            return Box::pin(Timer::after(duration));
        };
        let ms = JsValue::from_f64(duration.as_secs_f64() * 1000.0);
        let returned = replacement.call1(&JsValue::UNDEFINED, &ms);
        Box::pin(async move {
            // A replacement that throws or rejects ends the wait early; the retry goes ahead.
            if let Ok(value) = returned {
                let _ = JsFuture::from(Promise::resolve(&value)).await;
            }
        })
    }
}

/// Jitter from `Math.random`, so separate pages and processes spread their retries.
pub struct MathRandomJitter;

impl Jitter for MathRandomJitter {
    fn sample(&self) -> f64 {
        js_sys::Math::random()
    }
}
