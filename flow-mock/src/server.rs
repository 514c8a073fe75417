//! Running the mock: the router for async callers, and [`MockServer`] for everyone else (plain
//! tests, the Python wheel's sandbox), which owns its own runtime on a background thread.

use std::future::IntoFuture;
use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use axum::extract::OriginalUri;
use axum::http::header::{CONTENT_TYPE, RETRY_AFTER};
use axum::http::{HeaderName, Method, StatusCode};
use axum::middleware::from_fn_with_state;
use axum::Router;
use tokio::sync::watch;
use tower_http::cors::{Any, CorsLayer};

use crate::auth;
use crate::config::MockConfig;
use crate::control;
use crate::envelope::ApiError;
use crate::middleware;
use crate::routes;
use crate::state::AppState;

/// How long a graceful shutdown waits for in-flight requests (say, a long `delay` fault).
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// The whole mock as an axum router: `/api/v1/...` (and any other path, answered 404) with CORS,
/// request log and faults; `/__mock/...` without.
pub fn router(config: MockConfig) -> Router {
    let state = Arc::new(AppState::new(config));
    let api = Router::new()
        .nest("/api/v1", routes::api())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(from_fn_with_state(state.clone(), middleware::intercept))
        .layer(cors());
    let control = control::routes()
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed);
    Router::new()
        .nest(control::PREFIX, control)
        .merge(api)
        .layer(from_fn_with_state(state.clone(), middleware::request_id))
        .with_state(state)
}

/// Serves the mock on `listener` until the task is dropped.
pub async fn serve(config: MockConfig, listener: tokio::net::TcpListener) -> io::Result<()> {
    axum::serve(listener, router(config)).await
}

/// Browser pages on another localhost port may call the API and read the headers a retrying client
/// needs. `/__mock` is left out, or any web page could reset the mock or read its log.
fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::POST, Method::DELETE, Method::OPTIONS])
        .allow_headers([HeaderName::from_static(auth::HEADER), CONTENT_TYPE])
        .expose_headers([HeaderName::from_static("x-request-id"), RETRY_AFTER])
        .max_age(Duration::from_secs(600))
}

/// The full path, not what is left of it inside a nested router.
async fn not_found(OriginalUri(uri): OriginalUri) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "Not found",
        format!("No endpoint at {}.", uri.path()),
    )
}

async fn method_not_allowed(method: Method, OriginalUri(uri): OriginalUri) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "Method not allowed",
        format!("{method} is not supported on {}.", uri.path()),
    )
}

/// A mock server running on a background thread with its own tokio runtime; stopped gracefully by
/// [`MockServer::shutdown`] or on drop.
#[derive(Debug)]
pub struct MockServer {
    addr: SocketAddr,
    api_secret: String,
    stop: watch::Sender<bool>,
    thread: Option<JoinHandle<io::Result<()>>>,
}

impl MockServer {
    /// Binds `host:port` (port 0 picks a free port) before returning, so the server accepts
    /// connections as soon as this returns.
    pub fn start(config: MockConfig, host: &str, port: u16) -> io::Result<MockServer> {
        let listener = std::net::TcpListener::bind((host, port))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("flow-mock")
            .enable_all()
            .build()?;
        let api_secret = config.api_secret.clone();
        let (stop, stopped) = watch::channel(false);
        let thread = std::thread::Builder::new()
            .name("flow-mock".to_owned())
            .spawn(move || runtime.block_on(run(config, listener, stopped)))?;
        Ok(MockServer {
            addr,
            api_secret,
            stop,
            thread: Some(thread),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:<port>/api/v1` (a wildcard bind is reached through loopback).
    pub fn base_url(&self) -> String {
        let mut addr = self.addr;
        if addr.ip().is_unspecified() {
            addr.set_ip(IpAddr::V4(Ipv4Addr::LOCALHOST));
        }
        format!("http://{addr}/api/v1")
    }

    pub fn api_secret(&self) -> &str {
        &self.api_secret
    }

    /// Stops accepting, lets in-flight requests finish (for a few seconds at most), joins the thread.
    pub fn shutdown(self) {
        drop(self);
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.stop.send_replace(true);
        if let Some(thread) = self.thread.take() {
            drop(thread.join());
        }
    }
}

async fn run(
    config: MockConfig,
    listener: std::net::TcpListener,
    stopped: watch::Receiver<bool>,
) -> io::Result<()> {
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let mut graceful = stopped.clone();
    let mut forced = stopped;
    let server = axum::serve(listener, router(config)).with_graceful_shutdown(async move {
        drop(graceful.wait_for(|stop| *stop).await);
    });
    tokio::select! {
        result = server.into_future() => result,
        _ = async {
            drop(forced.wait_for(|stop| *stop).await);
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        } => Ok(()),
    }
}
