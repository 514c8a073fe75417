//! The one request loop every runtime runs: build, send, decide, sleep, repeat, parse.

use crate::redact::scrub;
use crate::retry::{Decision, Outcome, RetryPolicy};
use crate::settings::LogLevel;
use crate::transport::{Jitter, Logger, Sleeper, Transport, TransportError};
use crate::{Config, Endpoint, Error, HttpRequest, HttpResponse};

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
pub async fn execute<E: Endpoint>(
    endpoint: &E,
    config: &Config,
    runtime: Runtime<'_>,
) -> Result<ApiResponse<E::Output>, Error> {
    let secret = config.api_secret.as_ref().map(|s| s.expose());
    let log = |level: LogLevel, line: &dyn Fn() -> String| {
        if level <= config.log_level {
            runtime.logger.log(level, &redacted(&line(), secret));
        }
    };
    let result = attempts(endpoint, config, runtime, &log)
        .await
        .map_err(|e| e.redact(secret));
    if let Err(error) = &result {
        log(LogLevel::Warn, &|| error.to_string());
    }
    result
}

// `log` is generic, not `&dyn Fn`: a trait object is not `Sync`, and the future must stay `Send`
// on native targets (a binding spawns it on a multi-threaded runtime).
async fn attempts<E: Endpoint, L: Fn(LogLevel, &dyn Fn() -> String)>(
    endpoint: &E,
    config: &Config,
    runtime: Runtime<'_>,
    log: &L,
) -> Result<ApiResponse<E::Output>, Error> {
    let secret = config.api_secret.as_ref().map(|s| s.expose());
    let request = endpoint.build(config)?;
    let policy = RetryPolicy::new(config.max_retries);
    let mut retries = 0;
    loop {
        log(LogLevel::Debug, &|| {
            format!(
                "{}: {} {} (attempt {})",
                E::NAME,
                request.method,
                request.path_and_query(),
                retries + 1
            )
        });
        let sent = match runtime.transport.send(&request).await {
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
            Err(TransportError::Aborted) => return Err(Error::Aborted { endpoint: E::NAME }),
            // The same answer would be as large again.
            Err(TransportError::TooLarge(_)) => Outcome::Final,
        };
        match policy.decide(retries, E::IDEMPOTENT, outcome, runtime.jitter.sample()) {
            Decision::RetryAfter(delay) => {
                log(LogLevel::Info, &|| {
                    format!("{}: {}; retrying in {:?}", E::NAME, describe(&sent), delay)
                });
                runtime.sleeper.sleep(delay).await;
                retries += 1;
            }
            Decision::Stop => {
                return match sent {
                    Ok(response) => {
                        log(LogLevel::Debug, &|| {
                            format!("{}: HTTP {}", E::NAME, response.status)
                        });
                        let status = response.status;
                        let headers: Vec<(String, String)> = response
                            .headers
                            .iter()
                            .map(|(k, v)| (k.to_ascii_lowercase(), redacted(v, secret)))
                            .collect();
                        let request_id = response.request_id().map(|id| redacted(id, secret));
                        Ok(ApiResponse {
                            data: endpoint.parse(response)?,
                            status,
                            headers,
                            request_id,
                        })
                    }
                    Err(error) => Err(transport_error(E::NAME, error, &request)),
                };
            }
        }
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
