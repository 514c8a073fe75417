//! Cancellation: the caller's `AbortSignal` as a future, and a race that drops the loser.

use std::future::{poll_fn, Future};
use std::pin::{pin, Pin};
use std::task::{Context, Poll};

use flow_core::Error;
use js_sys::{Function, Promise};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::js::{get, is_absent, AbortController, AbortSignal};

/// Runs `work` unless the caller's `signal` (if any) fires first: then `work` is dropped, which
/// aborts its fetches and ends a retry sleep at once, and the call fails with `Aborted`.
pub async fn cancellable<T>(
    endpoint: &'static str,
    signal: JsValue,
    work: impl Future<Output = Result<T, Error>>,
) -> Result<T, Error> {
    if is_absent(&signal) {
        return work.await;
    }
    if !get(&signal, "addEventListener").is_function() {
        return Err(crate::invalid(endpoint, "signal", "must be an AbortSignal"));
    }
    let signal: AbortSignal = signal.unchecked_into();
    let aborted = Error::Aborted { endpoint };
    if signal.aborted() {
        return Err(aborted);
    }
    let abort = AbortWait::new(signal).map_err(|_| aborted.clone())?;
    match race(work, abort).await {
        Either::Main(result) => result,
        Either::Interrupt(()) => Err(aborted),
    }
}

/// Which side of a [`race`] finished first.
pub enum Either<A, B> {
    /// The main future.
    Main(A),
    /// The interrupting one (a deadline or an abort).
    Interrupt(B),
}

/// Runs `main` until `interrupt` completes, whichever is first; the other one is dropped, which
/// cancels it (timers are cleared, fetches aborted). `interrupt` is polled first so an abort that
/// already happened wins.
pub async fn race<A: Future, B: Future>(main: A, interrupt: B) -> Either<A::Output, B::Output> {
    let mut main = pin!(main);
    let mut interrupt = pin!(interrupt);
    poll_fn(|cx| {
        if let Poll::Ready(value) = interrupt.as_mut().poll(cx) {
            return Poll::Ready(Either::Interrupt(value));
        }
        main.as_mut().poll(cx).map(Either::Main)
    })
    .await
}

/// Completes when the signal fires `abort`. Dropping it removes the listener, so a signal reused
/// for many calls does not collect listeners.
pub struct AbortWait {
    signal: AbortSignal,
    listener: Function,
    fired: JsFuture,
}

impl AbortWait {
    /// Listens on `signal`; the caller checks `signal.aborted` first, since a past abort does not
    /// fire again.
    pub fn new(signal: AbortSignal) -> Result<Self, JsValue> {
        let mut listener = JsValue::UNDEFINED;
        // The executor runs synchronously, so `listener` is the promise's resolve function.
        let promise = Promise::new(&mut |resolve, _reject| listener = resolve.into());
        let listener: Function = listener.unchecked_into();
        signal.add_event_listener("abort", &listener)?;
        Ok(Self {
            signal,
            listener,
            fired: JsFuture::from(promise),
        })
    }
}

impl Future for AbortWait {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        Pin::new(&mut self.fired).poll(cx).map(|_| ())
    }
}

impl Drop for AbortWait {
    fn drop(&mut self) {
        let _ = self.signal.remove_event_listener("abort", &self.listener);
    }
}

/// One attempt's `AbortController`: aborts the fetch when dropped before [`AbortOnDrop::finish`],
/// that is when the attempt timed out or the whole call was cancelled.
pub struct AbortOnDrop {
    controller: AbortController,
    finished: bool,
}

impl AbortOnDrop {
    /// A fresh controller.
    pub fn new() -> Self {
        Self {
            controller: AbortController::new(),
            finished: false,
        }
    }

    /// The signal to hand to `fetch`.
    pub fn signal(&self) -> AbortSignal {
        self.controller.signal()
    }

    /// The attempt completed; nothing to abort.
    pub fn finish(mut self) {
        self.finished = true;
    }
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if !self.finished {
            self.controller.abort();
        }
    }
}
