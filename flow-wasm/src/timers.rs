//! Time on JS timers: per-attempt deadlines, retry sleeps, and jitter from `Math.random`.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use flow_core::{BoxFuture, Jitter, Sleeper};
use js_sys::{Function, Promise};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use crate::js::{clear_timeout, set_timeout};

/// The longest delay `setTimeout` honours; larger values would fire at once.
const MAX_TIMER_MS: f64 = 2_147_483_647.0;

/// Completes after a delay. Dropping it clears the timer, so an abandoned deadline or sleep never
/// keeps a Node process alive.
pub struct Timer {
    handle: JsValue,
    fired: JsFuture,
}

impl Timer {
    /// Starts a timer for `duration`.
    pub fn after(duration: Duration) -> Self {
        let ms = (duration.as_secs_f64() * 1000.0).min(MAX_TIMER_MS);
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
