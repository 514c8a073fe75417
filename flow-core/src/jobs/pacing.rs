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

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;
    use crate::{Config, Endpoint};

    /// Answers the first request 429 with `Retry-After: 5`, every other one 200.
    #[derive(Default)]
    struct Limited(AtomicUsize);

    impl Transport for Limited {
        fn send<'a>(&'a self, _: &'a HttpRequest) -> BoxFuture<'a, Result<HttpResponse, TransportError>> {
            let first = self.0.fetch_add(1, Ordering::SeqCst) == 0;
            let mut response = HttpResponse {
                status: if first { 429 } else { 200 },
                ..HttpResponse::default()
            };
            if first {
                response.headers.push(("retry-after".to_owned(), "5".to_owned()));
            }
            Box::pin(async move { Ok(response) })
        }
    }

    /// A sleep that ends only when the test opens the gate, recording what was asked.
    struct Gate(Mutex<Vec<Duration>>, tokio::sync::watch::Receiver<bool>);

    impl Sleeper for Gate {
        fn sleep(&self, duration: Duration) -> BoxFuture<'_, ()> {
            self.0.lock().unwrap().push(duration);
            let mut open = self.1.clone();
            Box::pin(async move {
                drop(open.wait_for(|open| *open).await);
            })
        }
    }

    #[tokio::test]
    async fn a_retry_after_holds_every_later_request_until_the_pause_ends() {
        let (open, opened) = tokio::sync::watch::channel(false);
        let gate = Arc::new(Gate(Mutex::default(), opened));
        let inner = Arc::new(Limited::default());
        let paced = PacedTransport::new(inner.clone(), gate.clone());
        let request = crate::endpoints::GetPublicEventSession {
            session_token: "T".into(),
        }
        .build(&Config::default())
        .unwrap();
        assert_eq!(paced.send(&request).await.unwrap().status, 429);
        let mut second = paced.send(&request);
        let held = tokio::time::timeout(Duration::from_millis(50), &mut second).await;
        assert!(held.is_err(), "held while the pause runs");
        assert_eq!(*gate.0.lock().unwrap(), [Duration::from_secs(5)]);
        assert_eq!(inner.0.load(Ordering::SeqCst), 1, "not sent yet");
        open.send(true).unwrap();
        assert_eq!(second.await.unwrap().status, 200);
        assert_eq!(inner.0.load(Ordering::SeqCst), 2);
    }
}
