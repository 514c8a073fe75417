//! The one request loop every runtime runs: build, send, decide, sleep, repeat, parse.

use std::time::Duration;

use crate::retry::{Decision, Outcome, RetryPolicy};
use crate::transport::{Jitter, Sleeper, Transport, TransportError};
use crate::{Config, Endpoint, Error};

/// The runtime pieces a call runs on.
#[derive(Clone, Copy)]
pub struct Runtime<'a> {
    /// Sends requests.
    pub transport: &'a dyn Transport,
    /// Waits between attempts.
    pub sleeper: &'a dyn Sleeper,
    /// Spreads retries out.
    pub jitter: &'a dyn Jitter,
}

/// Runs one call to completion. Input is validated before anything is sent; failures are retried
/// only as [`RetryPolicy::decide`] allows; the secret is scrubbed from any error text.
pub async fn execute<E: Endpoint>(
    endpoint: &E,
    config: &Config,
    runtime: Runtime<'_>,
) -> Result<E::Output, Error> {
    let request = endpoint.build(config)?;
    let secret = config.api_secret.as_ref().map_or("", |s| s.expose());
    let policy = RetryPolicy::new(config.max_retries);
    let mut retries = 0;
    loop {
        log::debug!(
            "{}: {} {} (attempt {})",
            E::NAME,
            request.method,
            request.path_and_query(),
            retries + 1
        );
        let sent = runtime.transport.send(&request).await;
        let outcome = match &sent {
            Ok(response) => Outcome::Answered(response),
            Err(TransportError::Connect(_)) => Outcome::NotSent,
            Err(TransportError::Io(_)) => Outcome::SentNoAnswer,
            Err(TransportError::Timeout) => Outcome::TimedOut,
            Err(TransportError::Aborted) => return Err(Error::Aborted { endpoint: E::NAME }),
        };
        match policy.decide(retries, E::IDEMPOTENT, outcome, runtime.jitter.sample()) {
            Decision::RetryAfter(delay) => {
                log::info!("{}: {} ; retrying in {:?}", E::NAME, describe(&sent), delay);
                runtime.sleeper.sleep(delay).await;
                retries += 1;
            }
            Decision::Stop => {
                let result = match sent {
                    Ok(response) => {
                        log::debug!("{}: HTTP {}", E::NAME, response.status);
                        endpoint.parse(&response)
                    }
                    Err(error) => Err(transport_error(E::NAME, error, request.timeout)),
                };
                return result.map_err(|e| e.redact(secret));
            }
        }
    }
}

fn describe(sent: &Result<crate::HttpResponse, TransportError>) -> String {
    match sent {
        Ok(response) => format!("HTTP {}", response.status),
        Err(error) => format!("{error:?}"),
    }
}

fn transport_error(endpoint: &'static str, error: TransportError, timeout: Duration) -> Error {
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
        TransportError::Timeout => Error::Timeout { endpoint, timeout },
        TransportError::Aborted => Error::Aborted { endpoint },
    }
}
