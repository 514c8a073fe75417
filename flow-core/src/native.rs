//! The native runtime: reqwest for HTTP and tokio for sleeping. Behind the `reqwest` feature so the
//! core stays free of sockets and runtimes.

use std::time::Duration;

use crate::http::{HttpRequest, HttpResponse, Method};
use crate::transport::{BoxFuture, Sleeper, Transport, TransportError};
use crate::Error;

/// HTTP over reqwest, with a shared connection pool.
#[derive(Clone, Debug)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

impl ReqwestTransport {
    /// A transport with its own connection pool. The `User-Agent` is a request header the
    /// endpoint builds from the client's settings. Redirects are never followed: reqwest strips
    /// only `Authorization` and `Cookie` on a cross-host hop, so the `api-secret` header would go
    /// to whatever host a `Location` names, and a write would be sent to the next hop without
    /// knowing whether the first processed it.
    ///
    /// TLS is rustls with the ring provider, installed as the process default unless the
    /// program installed another first.
    pub fn new() -> Result<Self, Error> {
        // Err only when a provider is installed already, which reqwest then uses.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::MissingConfiguration {
                endpoint: "client",
                message: format!("could not set up the HTTP client: {e}"),
            })?;
        Ok(Self { client })
    }

    /// Wraps an existing reqwest client (proxies, custom TLS roots). Build it with
    /// `redirect(Policy::none())`: a client that follows redirects can carry the secret away.
    pub fn from_client(client: reqwest::Client) -> Self {
        Self { client }
    }
}

/// With redirects off there is one hop, so a connect error proves nothing was sent; a request
/// that could not even be built never left either.
fn classify(error: &reqwest::Error) -> TransportError {
    if error.is_timeout() {
        TransportError::Timeout
    } else if error.is_connect() || error.is_builder() {
        TransportError::Connect(root_cause(error))
    } else {
        TransportError::Io(root_cause(error))
    }
}

fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        message = format!("{message}: {inner}");
        source = inner.source();
    }
    message
}

impl Transport for ReqwestTransport {
    fn send<'a>(&'a self, request: &'a HttpRequest) -> BoxFuture<'a, Result<HttpResponse, TransportError>> {
        Box::pin(async move {
            let method = match request.method {
                Method::Get => reqwest::Method::GET,
                Method::Post => reqwest::Method::POST,
            };
            let mut builder = self.client.request(method, &request.url).timeout(request.timeout);
            for (name, value) in &request.headers {
                builder = builder.header(name, value);
            }
            if let Some(body) = &request.body {
                builder = builder.body(body.clone());
            }
            let mut response = builder.send().await.map_err(|e| classify(&e))?;
            let head = HttpResponse {
                status: response.status().as_u16(),
                headers: response
                    .headers()
                    .iter()
                    .map(|(k, v)| {
                        (
                            k.as_str().to_owned(),
                            String::from_utf8_lossy(v.as_bytes()).into_owned(),
                        )
                    })
                    .collect(),
                body: Vec::new(),
            };
            let limit = request.max_response_bytes;
            let declared = response.content_length();
            if declared.is_some_and(|n| n > limit) {
                return Err(TransportError::TooLarge(head));
            }
            // One copy, chunk by chunk into a buffer sized from Content-Length (bounded by the
            // limit), stopping as soon as the total passes the limit.
            let capacity = declared.unwrap_or(0).min(limit).min(64 << 20);
            let mut body = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
            while let Some(chunk) = response.chunk().await.map_err(|e| classify(&e))? {
                if (body.len() + chunk.len()) as u64 > limit {
                    return Err(TransportError::TooLarge(head));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(HttpResponse { body, ..head })
        })
    }
}

/// Sleeps on the tokio timer.
#[derive(Clone, Copy, Debug, Default)]
pub struct TokioSleeper;

impl Sleeper for TokioSleeper {
    fn sleep(&self, duration: Duration) -> BoxFuture<'_, ()> {
        Box::pin(tokio::time::sleep(duration))
    }
}
