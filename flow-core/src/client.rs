//! The public async Rust client: configuration, the runtime seams, and one method per endpoint.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::config::{ENV_API_SECRET, ENV_BASE_URL};
use crate::driver::{execute, Runtime};
use crate::endpoints::{
    CreateEvent, CreateRegistrant, GetAttendeeChatReport, GetEventSession, GetOperatorChatReport,
    GetPublicEventSession, GetRegistrantsReport, GetSummaryReport, GetSurveyReport, ListEventSessions,
    ListOperators, ListRegistrants, ListRooms, ListSurveys, SsoLoginLink,
};
use crate::models::{
    CreatedEvent, EventSession, NewEvent, Operator, Period, Registrant, Registration, Report, Room,
    SummaryReport, Survey,
};
use crate::transport::{Jitter, RandomJitter, Sleeper, Transport};
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
/// for session in client.list_event_sessions(Some(Period::Past), false).await? {
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
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.config.base_url)
            .field("api_secret", &self.config.api_secret)
            .field("timeout", &self.config.timeout)
            .field("max_retries", &self.config.max_retries)
            .field("max_response_bytes", &self.config.max_response_bytes)
            .finish_non_exhaustive()
    }
}

/// Configures a [`Client`]. Unset values fall back to `FLOW_API_SECRET`, `FLOW_BASE_URL` and the
/// production defaults.
#[derive(Default)]
pub struct ClientBuilder {
    api_secret: Option<Secret>,
    base_url: Option<String>,
    timeout: Option<Duration>,
    max_retries: Option<u32>,
    max_response_bytes: Option<u64>,
    ignore_env: bool,
    transport: Option<Arc<dyn Transport>>,
    sleeper: Option<Arc<dyn Sleeper>>,
    jitter: Option<Arc<dyn Jitter>>,
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

    /// Do not read `FLOW_API_SECRET` / `FLOW_BASE_URL`.
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

    /// Builds the client, checking every setting: the secret is trimmed and refused if it holds a
    /// control character, the base URL must be http(s), retries at most 10. No error echoes a value.
    pub fn build(self) -> Result<Client, Error> {
        let env = |name: &str| {
            if self.ignore_env {
                None
            } else {
                std::env::var(name).ok().filter(|v| !v.trim().is_empty())
            }
        };
        let defaults = Config::default();
        let config = Config {
            base_url: self
                .base_url
                .clone()
                .or_else(|| env(ENV_BASE_URL))
                .unwrap_or(defaults.base_url),
            api_secret: self
                .api_secret
                .clone()
                .or_else(|| env(ENV_API_SECRET).map(Secret::new)),
            timeout: self.timeout.unwrap_or(defaults.timeout),
            max_retries: self.max_retries.unwrap_or(defaults.max_retries),
            max_response_bytes: self.max_response_bytes.unwrap_or(defaults.max_response_bytes),
        }
        .validate()?;
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

    /// The effective configuration (the secret prints redacted).
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Runs any endpoint with the client's settings.
    pub async fn send<E: Endpoint>(&self, endpoint: &E) -> Result<E::Output, Error> {
        self.send_with(endpoint, &RequestOptions::default()).await
    }

    /// Runs any endpoint with per-call overrides of timeout and retries.
    pub async fn send_with<E: Endpoint>(
        &self,
        endpoint: &E,
        options: &RequestOptions,
    ) -> Result<E::Output, Error> {
        let runtime = Runtime {
            transport: self.transport.as_ref(),
            sleeper: self.sleeper.as_ref(),
            jitter: self.jitter.as_ref(),
        };
        let config = self.config.with_options(options, E::NAME)?;
        execute(endpoint, &config, runtime).await
    }

    /// The account's sessions, optionally for one period, optionally with analytics.
    ///
    /// ```no_run
    /// # use flow_core::*;
    /// # async fn run(client: Client) -> Result<(), Error> {
    /// let past = client.list_event_sessions(Some(Period::Past), true).await?;
    /// println!("{} past sessions", past.len());
    /// # Ok(()) }
    /// ```
    pub async fn list_event_sessions(
        &self,
        period: Option<Period>,
        simple_analytics: bool,
    ) -> Result<Vec<EventSession>, Error> {
        self.send(&ListEventSessions {
            period,
            simple_analytics,
        })
        .await
    }

    /// One session with its feedback questions.
    ///
    /// ```no_run
    /// # use flow_core::*;
    /// # async fn run(client: Client) -> Result<(), Error> {
    /// let session = client.event_session("LKo586mmk7g").await?;
    /// println!("{:?} with {:?} feedback questions", session.title, session.feedback_questions);
    /// # Ok(()) }
    /// ```
    pub async fn event_session(&self, session_token: &str) -> Result<EventSession, Error> {
        self.send(&GetEventSession {
            session_token: session_token.to_owned(),
        })
        .await
    }

    /// The public view of a session; works without a secret.
    ///
    /// ```no_run
    /// # use flow_core::*;
    /// # async fn run(client: Client) -> Result<(), Error> {
    /// let public = Client::builder().build()?; // no secret needed
    /// let session = public.public_event_session("T35tT0K3n").await?;
    /// println!("{:?} on {:?}", session.title, session.parsed_date());
    /// # Ok(()) }
    /// ```
    pub async fn public_event_session(&self, session_token: &str) -> Result<EventSession, Error> {
        self.send(&GetPublicEventSession {
            session_token: session_token.to_owned(),
        })
        .await
    }

    /// Creates a session. Never sent twice unless the server provably did not process it.
    ///
    /// ```no_run
    /// # use flow_core::*;
    /// # async fn run(client: Client) -> Result<(), Error> {
    /// let created = client
    ///     .create_event(NewEvent {
    ///         creator_id: 1001,
    ///         title: "Launch".into(),
    ///         description: "Live demo".into(),
    ///         date: "2031-05-04".into(),
    ///         time: "15:30:00".into(),
    ///         timezone: "Europe/Berlin".into(),
    ///         ..NewEvent::default()
    ///     })
    ///     .await?;
    /// println!("{:?}", created.session.and_then(|s| s.token));
    /// # Ok(()) }
    /// ```
    pub async fn create_event(&self, event: NewEvent) -> Result<CreatedEvent, Error> {
        self.send(&CreateEvent(event)).await
    }

    /// Registers an attendee; works without a secret. Registering the same email again returns the
    /// existing registration with `is_new == Some(false)`.
    ///
    /// ```no_run
    /// # use flow_core::*;
    /// # async fn run(client: Client) -> Result<(), Error> {
    /// let registration = client.register("rGt3dC546xs", "ada@example.com", "Ada", "Lovelace").await?;
    /// println!("join at {:?} (new: {:?})", registration.url, registration.is_new);
    /// # Ok(()) }
    /// ```
    pub async fn register(
        &self,
        session_token: &str,
        email: &str,
        first_name: &str,
        last_name: &str,
    ) -> Result<Registration, Error> {
        self.send(&CreateRegistrant {
            session_token: session_token.to_owned(),
            email: email.to_owned(),
            first_name: first_name.to_owned(),
            last_name: last_name.to_owned(),
            redirect: None,
        })
        .await
    }

    /// The registrants of a session, with attendance.
    ///
    /// ```no_run
    /// # use flow_core::*;
    /// # async fn run(client: Client) -> Result<(), Error> {
    /// let registrants = client.registrants("LKo586mmk7g").await?;
    /// let came = registrants.iter().filter(|r| r.attended()).count();
    /// println!("{came} of {} attended", registrants.len());
    /// # Ok(()) }
    /// ```
    pub async fn registrants(&self, session_token: &str) -> Result<Vec<Registrant>, Error> {
        self.send(&ListRegistrants {
            session_token: session_token.to_owned(),
        })
        .await
    }

    /// The account's operators.
    ///
    /// ```no_run
    /// # use flow_core::*;
    /// # async fn run(client: Client) -> Result<(), Error> {
    /// for operator in client.operators().await? {
    ///     println!("{:?} {:?} since {:?}", operator.id, operator.email, operator.created_at());
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn operators(&self) -> Result<Vec<Operator>, Error> {
        self.send(&ListOperators {}).await
    }

    /// The surveys of a session.
    ///
    /// ```no_run
    /// # use flow_core::*;
    /// # async fn run(client: Client) -> Result<(), Error> {
    /// for survey in client.surveys("LKo586mmk7g").await? {
    ///     println!("{:?}: {:?}", survey.id, survey.name);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn surveys(&self, session_token: &str) -> Result<Vec<Survey>, Error> {
        self.send(&ListSurveys {
            session_token: session_token.to_owned(),
        })
        .await
    }

    /// The compiled report: registrants, both chat logs and survey results.
    ///
    /// ```no_run
    /// # use flow_core::*;
    /// # async fn run(client: Client) -> Result<(), Error> {
    /// let summary = client.summary_report("LKo586mmk7g").await?;
    /// println!("{} registrants, {} chat lines", summary.registrants.len(), summary.attendee_chat.len());
    /// # Ok(()) }
    /// ```
    pub async fn summary_report(&self, session_token: &str) -> Result<SummaryReport, Error> {
        self.send(&GetSummaryReport {
            session_token: session_token.to_owned(),
        })
        .await
    }

    /// Registrants as a CSV report.
    ///
    /// ```no_run
    /// # use flow_core::*;
    /// # async fn run(client: Client) -> Result<(), Error> {
    /// let report = client.registrants_report("LKo586mmk7g").await?;
    /// std::fs::write("registrants.csv", report.text()).expect("writable");
    /// # Ok(()) }
    /// ```
    pub async fn registrants_report(&self, session_token: &str) -> Result<Report, Error> {
        self.send(&GetRegistrantsReport {
            session_token: session_token.to_owned(),
        })
        .await
    }

    /// The attendee chat log.
    ///
    /// ```no_run
    /// # use flow_core::*;
    /// # async fn run(client: Client) -> Result<(), Error> {
    /// let chat = client.attendee_chat_report("LKo586mmk7g").await?;
    /// for row in chat.rows() {
    ///     println!("{}", row.iter().collect::<Vec<_>>().join(" | "));
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn attendee_chat_report(&self, session_token: &str) -> Result<Report, Error> {
        self.send(&GetAttendeeChatReport {
            session_token: session_token.to_owned(),
        })
        .await
    }

    /// The operator chat log.
    ///
    /// ```no_run
    /// # use flow_core::*;
    /// # async fn run(client: Client) -> Result<(), Error> {
    /// let chat = client.operator_chat_report("LKo586mmk7g").await?;
    /// println!("{:?}: {} rows", chat.columns(), chat.len());
    /// # Ok(()) }
    /// ```
    pub async fn operator_chat_report(&self, session_token: &str) -> Result<Report, Error> {
        self.send(&GetOperatorChatReport {
            session_token: session_token.to_owned(),
        })
        .await
    }

    /// One survey's responses.
    ///
    /// ```no_run
    /// # use flow_core::*;
    /// # async fn run(client: Client) -> Result<(), Error> {
    /// let answers = client.survey_report("LKo586mmk7g", "801").await?;
    /// println!("{} answers", answers.len());
    /// # Ok(()) }
    /// ```
    pub async fn survey_report(&self, session_token: &str, survey_id: &str) -> Result<Report, Error> {
        self.send(&GetSurveyReport {
            session_token: session_token.to_owned(),
            survey_id: survey_id.to_owned(),
        })
        .await
    }

    /// The SSO rooms of an account.
    ///
    /// ```no_run
    /// # use flow_core::*;
    /// # async fn run(client: Client) -> Result<(), Error> {
    /// for room in client.rooms("acc0untT0k3n").await? {
    ///     println!("{:?} {:?}", room.room_id, room.title);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn rooms(&self, account_token: &str) -> Result<Vec<Room>, Error> {
        self.send(&ListRooms {
            account_token: account_token.to_owned(),
        })
        .await
    }

    /// Registers a member into a room and returns their login link.
    ///
    /// ```no_run
    /// # use flow_core::*;
    /// # async fn run(client: Client) -> Result<(), Error> {
    /// let link = client.sso_login_link("m41nSt4g3", "grace@example.com", "Grace", "Hopper").await?;
    /// println!("send the member to {:?}", link.url);
    /// # Ok(()) }
    /// ```
    pub async fn sso_login_link(
        &self,
        room_id: &str,
        email: &str,
        first_name: &str,
        last_name: &str,
    ) -> Result<Registration, Error> {
        self.send(&SsoLoginLink {
            room_id: room_id.to_owned(),
            email: email.to_owned(),
            first_name: first_name.to_owned(),
            last_name: last_name.to_owned(),
        })
        .await
    }
}
