//! The public async Rust client: configuration, the runtime seams and the ways to send a call.
//! The per-operation methods (`client.registrants().list(..)`) come from the operation table, in
//! `resources.rs`.

use std::any::Any;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::driver::{execute, ApiResponse, Runtime};
use crate::endpoint::DynEndpoint;
use crate::settings::{merge_headers, user_agent, LogLevel, Package, Passed, TimeUnit};
use crate::transport::{BoxFuture, Jitter, LogFacade, Logger, RandomJitter, Sleeper, Transport};
use crate::{Config, Endpoint, Error, RequestOptions, Secret};

/// A Flow API client. Cheap to clone; clones share the connection pool.
///
/// ```no_run
/// # async fn run() -> Result<(), flow_core::Error> {
/// use flow_core::{Client, Period};
///
/// let client = Client::builder()
///     .api_secret("my-secret")
///     .base_url("http://127.0.0.1:8080/api/v1")
///     .build()?;
/// for session in client.events().list(Period::Past).await? {
///     println!("{:?} {:?}", session.token, session.title);
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    config: Config,
    transport: Arc<dyn Transport>,
    sleeper: Arc<dyn Sleeper>,
    jitter: Arc<dyn Jitter>,
    logger: Arc<dyn Logger>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.config.base_url)
            .field("api_secret", &self.config.api_secret)
            .field("timeout", &self.config.timeout)
            .field("max_retries", &self.config.max_retries)
            .field("max_response_bytes", &self.config.max_response_bytes)
            .field("log_level", &self.config.log_level)
            .finish_non_exhaustive()
    }
}

/// Configures a [`Client`]. Unset values fall back to `FLOW_API_SECRET`, `FLOW_BASE_URL`,
/// `FLOW_LOG` and the defaults, by the rules in `settings.rs`.
#[derive(Default)]
pub struct ClientBuilder {
    api_secret: Option<Secret>,
    base_url: Option<String>,
    timeout: Option<Duration>,
    max_retries: Option<u32>,
    max_response_bytes: Option<u64>,
    default_headers: Vec<(String, Option<String>)>,
    log_level: Option<LogLevel>,
    ignore_env: bool,
    config: Option<Config>,
    transport: Option<Arc<dyn Transport>>,
    sleeper: Option<Arc<dyn Sleeper>>,
    jitter: Option<Arc<dyn Jitter>>,
    logger: Option<Arc<dyn Logger>>,
}

impl ClientBuilder {
    /// The account secret (otherwise `FLOW_API_SECRET`; without either, only public calls work).
    pub fn api_secret(mut self, secret: impl Into<Secret>) -> Self {
        self.api_secret = Some(secret.into());
        self
    }

    /// The API root, e.g. a local `flow-mock` (otherwise `FLOW_BASE_URL`, else production).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Per-attempt timeout (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Retries after the first attempt (default 2, at most 10).
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = Some(max_retries);
        self
    }

    /// The largest response body read (default 512 MiB); a longer answer fails unread.
    pub fn max_response_bytes(mut self, max_response_bytes: u64) -> Self {
        self.max_response_bytes = Some(max_response_bytes);
        self
    }

    /// A header sent with every request (checked at `build`; `api-secret`, `host` and
    /// `content-length` are refused).
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_headers.push((name.into(), Some(value.into())));
        self
    }

    /// What the client logs through the `log` crate (target `flow_api`); otherwise `FLOW_LOG`, else
    /// nothing.
    pub fn log_level(mut self, level: LogLevel) -> Self {
        self.log_level = Some(level);
        self
    }

    /// A configuration a binding resolved already (`Passed::resolve`); the other settings and the
    /// environment are then not consulted.
    pub fn config(mut self, config: Config) -> Self {
        self.config = Some(config);
        self
    }

    /// Do not read `FLOW_API_SECRET`, `FLOW_BASE_URL` or `FLOW_LOG`.
    pub fn ignore_env(mut self) -> Self {
        self.ignore_env = true;
        self
    }

    /// Sends requests through `transport` instead of the default HTTP client (tests, proxies, wasm).
    pub fn transport(mut self, transport: Arc<dyn Transport>) -> Self {
        self.transport = Some(transport);
        self
    }

    /// Waits between retries with `sleeper` instead of the default timer.
    pub fn sleeper(mut self, sleeper: Arc<dyn Sleeper>) -> Self {
        self.sleeper = Some(sleeper);
        self
    }

    /// Draws retry jitter from `jitter` (tests fix it).
    pub fn jitter(mut self, jitter: Arc<dyn Jitter>) -> Self {
        self.jitter = Some(jitter);
        self
    }

    /// Sends log lines to `logger` instead of the `log` crate.
    pub fn logger(mut self, logger: Arc<dyn Logger>) -> Self {
        self.logger = Some(logger);
        self
    }

    /// Builds the client, checking every setting: the secret is trimmed and refused if it holds a
    /// control character, the base URL must be http(s), retries at most 10. No error echoes a value.
    pub fn build(self) -> Result<Client, Error> {
        let config = match self.config {
            Some(config) => config.validate()?,
            None => {
                let ignore_env = self.ignore_env;
                let env = |name: &str| {
                    if ignore_env {
                        None
                    } else {
                        std::env::var(name).ok()
                    }
                };
                let mut config = Passed::default().resolve(TimeUnit::Seconds, &env)?;
                config.user_agent = Some(user_agent(Package::Rust, "rust"));
                if let Some(secret) = self.api_secret {
                    config.api_secret = Some(secret);
                }
                if let Some(base_url) = self.base_url {
                    config.base_url = base_url;
                }
                config.timeout = self.timeout.unwrap_or(config.timeout);
                config.max_retries = self.max_retries.unwrap_or(config.max_retries);
                config.max_response_bytes = self.max_response_bytes.unwrap_or(config.max_response_bytes);
                config.log_level = self.log_level.unwrap_or(config.log_level);
                // Inserted one by one: collecting into a map would add a sort to the wasm package.
                let mut headers = serde_json::Map::new();
                for (name, value) in self.default_headers {
                    headers.insert(
                        name,
                        value.map_or(serde_json::Value::Null, serde_json::Value::String),
                    );
                }
                merge_headers(
                    &mut config.default_headers,
                    crate::settings::headers(
                        crate::CLIENT,
                        "default_headers",
                        serde_json::Value::Object(headers),
                    )?,
                );
                config.validate()?
            }
        };
        let transport = match self.transport {
            Some(transport) => transport,
            None => default_transport()?,
        };
        let sleeper = match self.sleeper {
            Some(sleeper) => sleeper,
            None => default_sleeper()?,
        };
        Ok(Client {
            config,
            transport,
            sleeper,
            jitter: self.jitter.unwrap_or_else(|| Arc::new(RandomJitter)),
            logger: self.logger.unwrap_or_else(|| Arc::new(LogFacade)),
        })
    }
}

#[cfg(feature = "reqwest")]
fn default_transport() -> Result<Arc<dyn Transport>, Error> {
    Ok(Arc::new(crate::native::ReqwestTransport::new()?))
}

#[cfg(not(feature = "reqwest"))]
fn default_transport() -> Result<Arc<dyn Transport>, Error> {
    Err(Error::MissingConfiguration {
        endpoint: "client",
        message: "no HTTP transport: enable flow-core's `reqwest` feature or pass ClientBuilder::transport"
            .to_owned(),
    })
}

#[cfg(feature = "reqwest")]
fn default_sleeper() -> Result<Arc<dyn Sleeper>, Error> {
    Ok(Arc::new(crate::native::TokioSleeper))
}

#[cfg(not(feature = "reqwest"))]
fn default_sleeper() -> Result<Arc<dyn Sleeper>, Error> {
    Err(Error::MissingConfiguration {
        endpoint: "client",
        message: "no timer: enable flow-core's `reqwest` feature or pass ClientBuilder::sleeper".to_owned(),
    })
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// This client with one pause shared by all its requests: a 429 or 503 with `Retry-After`
    /// holds back every request a job sends next (see `jobs`).
    // On wasm32 the transport holds JS values and is neither `Send` nor `Sync`; there is one thread.
    #[allow(clippy::arc_with_non_send_sync)]
    pub(crate) fn paced(&self) -> Client {
        Client {
            transport: Arc::new(crate::jobs::pacing::PacedTransport::new(
                Arc::clone(&self.transport),
                Arc::clone(&self.sleeper),
            )),
            ..self.clone()
        }
    }

    /// The effective configuration (the secret prints redacted).
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Runs any endpoint with the client's settings.
    pub async fn send<E: Endpoint>(&self, endpoint: &E) -> Result<E::Output, Error> {
        self.send_with(endpoint, &RequestOptions::default()).await
    }

    /// Runs any endpoint with per-call overrides of timeout, retries and headers.
    pub async fn send_with<E: Endpoint>(
        &self,
        endpoint: &E,
        options: &RequestOptions,
    ) -> Result<E::Output, Error> {
        self.send_with_response(endpoint, options).await.map(|r| r.data)
    }

    /// Runs any endpoint and returns the result with the answer's status, headers and request id.
    ///
    /// ```no_run
    /// # use flow_core::*;
    /// # async fn run(client: Client) -> Result<(), Error> {
    /// let answer = client
    ///     .send_with_response(&endpoints::ListRegistrants { session_token: "LKo586mmk7g".into() }, &RequestOptions::default())
    ///     .await?;
    /// println!("{} registrants, request {:?}", answer.data.len(), answer.request_id);
    /// # Ok(()) }
    /// ```
    pub async fn send_with_response<E: Endpoint>(
        &self,
        endpoint: &E,
        options: &RequestOptions,
    ) -> Result<ApiResponse<E::Output>, Error> {
        let answer = self.send_dyn(endpoint, options).await?;
        Ok(answer.map(|data| *data.downcast().expect("an endpoint's boxed result is its Output")))
    }

    /// [`Client::send_with_response`] for an endpoint chosen at run time, the result boxed as the
    /// endpoint's `Output`. Every call runs through here: one function for every endpoint. The
    /// future is boxed so that its body is compiled once, here: the body of an `async fn` is
    /// compiled again in each crate that awaits it (the wasm package had two copies).
    pub fn send_dyn<'a>(
        &'a self,
        endpoint: &'a dyn DynEndpoint,
        options: &'a RequestOptions,
    ) -> BoxFuture<'a, Result<ApiResponse<Box<dyn Any>>, Error>> {
        Box::pin(async move {
            let config = self.config.with_options(options, endpoint.name())?;
            let runtime = Runtime {
                transport: self.transport.as_ref(),
                sleeper: self.sleeper.as_ref(),
                jitter: self.jitter.as_ref(),
                logger: self.logger.as_ref(),
            };
            execute(endpoint, &config, runtime).await
        })
    }

    /// A client whose every call has these options (timeout, retries, headers added to the
    /// defaults), sharing this one's connection pool.
    pub fn with_options(&self, options: &RequestOptions) -> Result<Client, Error> {
        Ok(Client {
            config: self.config.with_options(options, crate::CLIENT)?,
            ..self.clone()
        })
    }

    /// A client with `settings` (as a binding passed them) applied on top of this one's,
    /// sharing its connection pool; the environment is not read again.
    pub fn with_settings(&self, settings: Passed, unit: TimeUnit) -> Result<Client, Error> {
        Ok(Client {
            config: settings.apply(self.config.clone(), unit)?,
            ..self.clone()
        })
    }
}
