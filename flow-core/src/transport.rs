//! The seams a runtime plugs in: how bytes travel, how time passes, where jitter comes from.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use crate::http::{HttpRequest, HttpResponse};
use crate::settings::LogLevel;

/// `Send + Sync` on native targets, nothing on wasm32, where JS futures are not `Send`.
#[cfg(not(target_arch = "wasm32"))]
pub trait MaybeSendSync: Send + Sync {}
#[cfg(not(target_arch = "wasm32"))]
impl<T: Send + Sync + ?Sized> MaybeSendSync for T {}
/// `Send + Sync` on native targets, nothing on wasm32, where JS futures are not `Send`.
#[cfg(target_arch = "wasm32")]
pub trait MaybeSendSync {}
#[cfg(target_arch = "wasm32")]
impl<T: ?Sized> MaybeSendSync for T {}

/// A boxed future, `Send` on native targets only.
#[cfg(not(target_arch = "wasm32"))]
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;
/// A boxed future, `Send` on native targets only.
#[cfg(target_arch = "wasm32")]
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// How an attempt failed without an HTTP answer. The distinction matters for retries: only
/// [`TransportError::Connect`] proves the server never saw the request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransportError {
    /// Connecting failed (refused, DNS, TLS handshake): the request never left.
    Connect(String),
    /// The connection broke after the request may have been sent.
    Io(String),
    /// The attempt's timeout elapsed.
    Timeout,
    /// The caller cancelled.
    Aborted,
    /// The answer's body is longer than [`HttpRequest::max_response_bytes`]; it was not read
    /// (or reading stopped at the bound). Carries the status and headers, with an empty body.
    TooLarge(HttpResponse),
}

/// Sends one request and returns the full response. Implementations enforce
/// [`HttpRequest::timeout`] and [`HttpRequest::max_response_bytes`], never follow redirects (the
/// secret header would travel with them), and never retry: the driver owns retries.
///
/// [`TransportError::Connect`] must mean the request provably never left (DNS, TCP connect, TLS
/// handshake): a write is sent again after it. Anything that may have happened after the first
/// byte was written is [`TransportError::Io`].
pub trait Transport: MaybeSendSync {
    /// Sends the request.
    fn send<'a>(&'a self, request: &'a HttpRequest) -> BoxFuture<'a, Result<HttpResponse, TransportError>>;
}

/// Waits between attempts; tests inject one that records instead of waiting.
pub trait Sleeper: MaybeSendSync {
    /// Completes after `duration`.
    fn sleep(&self, duration: Duration) -> BoxFuture<'_, ()>;
}

/// A source of jitter in `[0, 1)`, injectable so retry sleeps are reproducible in tests.
pub trait Jitter: MaybeSendSync {
    /// The next jitter sample.
    fn sample(&self) -> f64;
}

/// Jitter from a fast non-cryptographic generator.
#[derive(Clone, Copy, Debug, Default)]
pub struct RandomJitter;

impl Jitter for RandomJitter {
    fn sample(&self) -> f64 {
        fastrand::f64()
    }
}

/// The same jitter every time (conformance vectors use 0).
#[derive(Clone, Copy, Debug, Default)]
pub struct FixedJitter(pub f64);

impl Jitter for FixedJitter {
    fn sample(&self) -> f64 {
        self.0
    }
}

/// Where a client's log lines go; the driver calls it only for levels the client's `log_level`
/// lets through, with every line already redacted.
pub trait Logger: MaybeSendSync {
    /// Writes one line.
    fn log(&self, level: LogLevel, line: &str);
}

/// Log lines through the `log` crate, target `flow_api` (the Rust default).
#[derive(Clone, Copy, Debug, Default)]
pub struct LogFacade;

impl Logger for LogFacade {
    fn log(&self, level: LogLevel, line: &str) {
        let level = match level {
            LogLevel::Off => return,
            LogLevel::Warn => log::Level::Warn,
            LogLevel::Info => log::Level::Info,
            LogLevel::Debug => log::Level::Debug,
        };
        log::log!(target: "flow_api", level, "{line}");
    }
}
