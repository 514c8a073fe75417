//! The one request loop every runtime runs: build, send, decide, sleep, repeat, parse.

use crate::redact::scrub;
use crate::retry::{Decision, Outcome, RetryPolicy};
use crate::settings::LogLevel;
use crate::transport::{Jitter, Logger, Sleeper, Transport, TransportError};
use std::any::Any;

use crate::endpoint::DynEndpoint;
use crate::{Config, Error, HttpRequest, HttpResponse};

/// A successful call's result with what its answer said about itself (openai's `withResponse`).
#[derive(Clone, Debug, PartialEq)]
pub struct ApiResponse<T> {
    /// The parsed result.
    pub data: T,
    /// The HTTP status of the answer.
    pub status: u16,
    /// The answer's headers, names lower-cased, the secret scrubbed from every value.
    pub headers: Vec<(String, String)>,
    /// The request id header (`x-request-id` and the like), when the server sent one.
    pub request_id: Option<String>,
}

/// The runtime pieces a call runs on.
#[derive(Clone, Copy)]
pub struct Runtime<'a> {
    /// Sends requests.
    pub transport: &'a dyn Transport,
    /// Waits between attempts.
    pub sleeper: &'a dyn Sleeper,
    /// Spreads retries out.
    pub jitter: &'a dyn Jitter,
    /// Receives the log lines the client's `log_level` lets through.
    pub logger: &'a dyn Logger,
}

/// Runs one call to completion. Input is validated before anything is sent; failures are retried
/// only as [`RetryPolicy::decide`] allows; the secret is scrubbed from any error text and log line.
///
/// The endpoint is a trait object and its result comes back boxed, so this is one function for
/// every endpoint and each endpoint adds only its own `build` and `parse` to a binary (the wasm
/// package carried a copy of the whole call per operation); [`Client::send`](crate::Client::send)
/// unboxes the result as the endpoint's `Output`.
pub async fn execute(
    endpoint: &dyn DynEndpoint,
    config: &Config,
    runtime: Runtime<'_>,
) -> Result<ApiResponse<Box<dyn Any>>, Error> {
    let call = Call {
        name: endpoint.name(),
        idempotent: endpoint.idempotent(),
    };
    let answer = match endpoint.build_request(config) {
        Ok(request) => exchange(call, &request, config, runtime).await,
        Err(error) => Err(error),
    };
    let parsed = answer.and_then(|answer| {
        Ok(ApiResponse {
            data: endpoint.parse_boxed(answer.data)?,
            status: answer.status,
            headers: answer.headers,
            request_id: answer.request_id,
        })
    });
    parsed.map_err(|error| failed(error, config, runtime.logger))
}

impl<T> ApiResponse<T> {
    /// The same answer with its data turned into `U` by `f`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ApiResponse<U> {
        ApiResponse {
            data: f(self.data),
            status: self.status,
            headers: self.headers,
            request_id: self.request_id,
        }
    }
}

/// What the loop needs to know of an endpoint besides its request.
#[derive(Clone, Copy)]
struct Call {
    name: &'static str,
    idempotent: bool,
}

/// Sends `request` until the retry policy stops, and returns the answer it stopped at (headers
/// scrubbed, body not yet read) or the transport's failure as an error.
async fn exchange(
    call: Call,
    request: &HttpRequest,
    config: &Config,
    runtime: Runtime<'_>,
) -> Result<ApiResponse<HttpResponse>, Error> {
    let secret = config.api_secret.as_ref().map(|s| s.expose());
    let log = |level: LogLevel, line: &dyn Fn() -> String| log(config, runtime.logger, level, line);
    let policy = RetryPolicy::new(config.max_retries);
    let mut retries = 0;
    loop {
        log(LogLevel::Debug, &|| {
            format!(
                "{}: {} {} (attempt {})",
                call.name,
                request.method,
                request.path_and_query(),
                retries + 1
            )
        });
        let sent = match runtime.transport.send(request).await {
            // Every transport should stop at the bound; this holds it for those that cannot.
            Ok(response) if response.body.len() as u64 > request.max_response_bytes => {
                Err(TransportError::TooLarge(HttpResponse {
                    body: Vec::new(),
                    ..response
                }))
            }
            sent => sent,
        };
        let outcome = match &sent {
            Ok(response) => Outcome::Answered(response),
            Err(TransportError::Connect(_)) => Outcome::NotSent,
            Err(TransportError::Io(_)) => Outcome::SentNoAnswer,
            Err(TransportError::Timeout) => Outcome::TimedOut,
            Err(TransportError::Aborted) => return Err(Error::Aborted { endpoint: call.name }),
            // The same answer would be as large again.
            Err(TransportError::TooLarge(_)) => Outcome::Final,
        };
        match policy.decide(retries, call.idempotent, outcome, runtime.jitter.sample()) {
            Decision::RetryAfter(delay) => {
                log(LogLevel::Info, &|| {
                    format!("{}: {}; retrying in {:?}", call.name, describe(&sent), delay)
                });
                runtime.sleeper.sleep(delay).await;
                retries += 1;
            }
            Decision::Stop => {
                return match sent {
                    Ok(response) => {
                        log(LogLevel::Debug, &|| {
                            format!("{}: HTTP {}", call.name, response.status)
                        });
                        let headers = response
                            .headers
                            .iter()
                            .map(|(k, v)| (k.to_ascii_lowercase(), redacted(v, secret)))
                            .collect();
                        let request_id = response.request_id().map(|id| redacted(id, secret));
                        Ok(ApiResponse {
                            status: response.status,
                            data: response,
                            headers,
                            request_id,
                        })
                    }
                    Err(error) => Err(transport_error(call.name, error, request)),
                };
            }
        }
    }
}

/// A failed call's error with the secret scrubbed from it, logged as a warning.
fn failed(error: Error, config: &Config, logger: &dyn Logger) -> Error {
    let error = error.redact(config.api_secret.as_ref().map(|s| s.expose()));
    log(config, logger, LogLevel::Warn, &|| error.to_string());
    error
}

/// Writes `line` when the client's `log_level` lets `level` through, the secret scrubbed from it.
fn log(config: &Config, logger: &dyn Logger, level: LogLevel, line: &dyn Fn() -> String) {
    if level <= config.log_level {
        let secret = config.api_secret.as_ref().map(|s| s.expose());
        logger.log(level, &redacted(&line(), secret));
    }
}

fn redacted(text: &str, secret: Option<&str>) -> String {
    match secret {
        Some(secret) => scrub(text, secret).into_owned(),
        None => text.to_owned(),
    }
}

fn describe(sent: &Result<HttpResponse, TransportError>) -> String {
    match sent {
        Ok(response) => format!("HTTP {}", response.status),
        Err(TransportError::Connect(message)) => format!("could not connect ({message})"),
        Err(TransportError::Io(message)) => format!("connection broke ({message})"),
        Err(TransportError::Timeout) => "timed out".to_owned(),
        Err(TransportError::Aborted) => "aborted".to_owned(),
        Err(TransportError::TooLarge(response)) => format!("HTTP {}, body too large", response.status),
    }
}

fn transport_error(endpoint: &'static str, error: TransportError, request: &HttpRequest) -> Error {
    match error {
        TransportError::Connect(message) => Error::Connection {
            endpoint,
            message,
            sent: false,
        },
        TransportError::Io(message) => Error::Connection {
            endpoint,
            message,
            sent: true,
        },
        TransportError::Timeout => Error::Timeout {
            endpoint,
            timeout: request.timeout,
        },
        TransportError::Aborted => Error::Aborted { endpoint },
        TransportError::TooLarge(response) => Error::ResponseTooLarge {
            endpoint,
            status: response.status,
            limit: request.max_response_bytes,
            request_id: response.request_id().map(str::to_owned),
        },
    }
}
