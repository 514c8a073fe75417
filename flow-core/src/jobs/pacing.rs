//! One pause shared by every request of a job: when any request is answered 429 or 503 with a
//! usable `Retry-After`, every request the job sends next waits that long too, so the batch backs
//! off together instead of each row hammering the server until its own retry budget runs out.

use std::sync::{Arc, Mutex};

use futures_util::future::{FutureExt, Shared};

use crate::retry::{retry_after, RetryAfter, RetryPolicy};
use crate::transport::{BoxFuture, Sleeper, Transport, TransportError};
use crate::{HttpRequest, HttpResponse};

type Pause = Shared<BoxFuture<'static, ()>>;

/// A transport that holds every request while a server-requested pause runs.
pub(crate) struct PacedTransport {
    inner: Arc<dyn Transport>,
    sleeper: Arc<dyn Sleeper>,
    pause: Mutex<Option<Pause>>,
}

impl PacedTransport {
    pub(crate) fn new(inner: Arc<dyn Transport>, sleeper: Arc<dyn Sleeper>) -> Self {
        Self {
            inner,
            sleeper,
            pause: Mutex::new(None),
        }
    }

    fn current(&self) -> Option<Pause> {
        self.pause.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Starts a pause unless one is already running (without a clock, a later end cannot be
    /// compared with the running one; the row that asked retries after its own delay anyway).
    fn hold(&self, response: &HttpResponse) {
        if !matches!(response.status, 429 | 503) {
            return;
        }
        let RetryAfter::Delay(delay) = retry_after(response) else {
            return;
        };
        let delay = delay.min(RetryPolicy::new(0).retry_after_cap);
        let mut slot = self.pause.lock().unwrap_or_else(|p| p.into_inner());
        if slot.as_ref().is_some_and(|running| running.peek().is_none()) {
            return;
        }
        let sleeper = Arc::clone(&self.sleeper);
        let pause: BoxFuture<'static, ()> = Box::pin(async move { sleeper.sleep(delay).await });
        *slot = Some(pause.shared());
    }
}

impl Transport for PacedTransport {
    fn send<'a>(&'a self, request: &'a HttpRequest) -> BoxFuture<'a, Result<HttpResponse, TransportError>> {
        Box::pin(async move {
            if let Some(pause) = self.current() {
                pause.await;
            }
            let sent = self.inner.send(request).await;
            if let Ok(response) = &sent {
                self.hold(response);
            }
            sent
        })
    }
}
