//! `Flow` and `AsyncFlow`: configuration, the core client behind them, and the two ways a call
//! runs (blocking the calling thread with the GIL released, or as an asyncio coroutine).

use std::sync::mpsc::{sync_channel, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use flow_core::native::ReqwestTransport;
use flow_core::{
    check_max_retries, timeout_from_secs, Client, Config, Endpoint, Error, FixedJitter, RequestOptions,
    Sleeper, Transport, CLIENT,
};
use pyo3::exceptions::{PyRuntimeError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyCFunction, PyDict, PyTuple};

use crate::convert::{later, ready, Finished, Output};
use crate::errors::to_py_err;
use crate::resources::{
    AsyncEvents, AsyncOperators, AsyncRegistrants, AsyncReports, AsyncSso, AsyncSurveys, Events, Operators,
    Registrants, Reports, Sso, Surveys,
};
use crate::runtime;

/// How often a blocking call wakes to let Python handle Ctrl-C.
const SIGNAL_POLL: Duration = Duration::from_millis(50);

const USER_AGENT: &str = concat!("flow-sdk-python/", env!("CARGO_PKG_VERSION"));

/// The runtime seams a caller may replace; `None` means the native one.
#[derive(Clone, Default)]
pub struct Seams {
    pub transport: Option<Arc<dyn Transport>>,
    pub sleeper: Option<Arc<dyn Sleeper>>,
    pub jitter: Option<f64>,
}

/// What `Flow` and `AsyncFlow` share: the resolved configuration and a core client per process.
///
/// The core client holds a connection pool whose sockets belong to the runtime of the process that
/// opened them, so a forked child builds its own client (and leaks, never drops, the inherited one).
pub struct Core {
    config: Config,
    seams: Seams,
    client: Mutex<Option<(u32, Client)>>,
}

/// A Python int as the core's `u64` count: above `u64::MAX` saturates (the core's bound refuses
/// it), below 0 becomes `negative`, a value the core's check refuses with its own words.
fn count(value: i128, negative: u64) -> u64 {
    u64::try_from(value).unwrap_or(if value < 0 { negative } else { u64::MAX })
}

/// `max_retries=` as the core checks it (a negative count is refused like one above the limit).
fn retries(endpoint: &'static str, value: i128) -> Result<u32, Error> {
    check_max_retries(endpoint, count(value, u64::MAX))
}

/// Per-call `timeout=` (seconds) and `max_retries=` as Python passed them. They are checked by the
/// core's validators, under the operation's name, when the call starts.
#[derive(Clone, Copy)]
pub struct CallOptions {
    timeout: Option<f64>,
    max_retries: Option<i128>,
}

impl CallOptions {
    pub fn new(timeout: Option<f64>, max_retries: Option<i128>) -> Self {
        Self { timeout, max_retries }
    }

    /// The overrides as the core takes them.
    fn resolve(self, endpoint: &'static str) -> Result<RequestOptions, Error> {
        Ok(RequestOptions {
            timeout: self
                .timeout
                .map(|seconds| timeout_from_secs(endpoint, seconds))
                .transpose()?,
            max_retries: self.max_retries.map(|n| retries(endpoint, n)).transpose()?,
        })
    }
}

/// The client settings as Python passed them; `None` = the environment, then the core's default.
pub struct Settings {
    pub api_secret: Option<String>,
    pub base_url: Option<String>,
    /// Seconds.
    pub timeout: Option<f64>,
    pub max_retries: Option<i128>,
    pub max_response_bytes: Option<i128>,
}

impl Core {
    /// Resolves the configuration (arguments, then `FLOW_API_SECRET` / `FLOW_BASE_URL`, then the
    /// defaults) once, so a client rebuilt after a fork sees the same settings.
    /// Every value is checked by the core (`ClientBuilder::build` and its public validators), so
    /// bounds and messages are the same in every language, and none echoes the value.
    pub fn new(settings: Settings, seams: Seams) -> Result<Self, Error> {
        let mut builder = Client::builder();
        if let Some(secret) = settings.api_secret {
            builder = builder.api_secret(secret);
        }
        if let Some(base_url) = settings.base_url {
            builder = builder.base_url(base_url);
        }
        if let Some(seconds) = settings.timeout {
            builder = builder.timeout(timeout_from_secs(CLIENT, seconds)?);
        }
        if let Some(n) = settings.max_retries {
            builder = builder.max_retries(retries(CLIENT, n)?);
        }
        if let Some(bytes) = settings.max_response_bytes {
            builder = builder.max_response_bytes(count(bytes, 0));
        }
        let client = Self::finish(builder, &seams)?;
        Ok(Self {
            config: client.config().clone(),
            seams,
            client: Mutex::new(Some((std::process::id(), client))),
        })
    }

    fn finish(builder: flow_core::ClientBuilder, seams: &Seams) -> Result<Client, Error> {
        let transport: Arc<dyn Transport> = match &seams.transport {
            Some(transport) => transport.clone(),
            None => Arc::new(ReqwestTransport::with_user_agent(USER_AGENT)?),
        };
        let mut builder = builder.transport(transport);
        if let Some(sleeper) = &seams.sleeper {
            builder = builder.sleeper(sleeper.clone());
        }
        if let Some(jitter) = seams.jitter {
            builder = builder.jitter(Arc::new(FixedJitter(jitter)));
        }
        builder.build()
    }

    fn rebuild(&self) -> Result<Client, Error> {
        let mut builder = Client::builder()
            .ignore_env()
            .base_url(self.config.base_url.clone())
            .timeout(self.config.timeout)
            .max_retries(self.config.max_retries)
            .max_response_bytes(self.config.max_response_bytes);
        if let Some(secret) = &self.config.api_secret {
            builder = builder.api_secret(secret.clone());
        }
        Self::finish(builder, &self.seams)
    }

    /// The core client of this process. Called with the GIL held (see [`runtime::handle`]).
    pub fn client(&self) -> Result<Client, Error> {
        let pid = std::process::id();
        let mut slot = self
            .client
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match slot.take() {
            Some((owner, client)) if owner == pid => {
                *slot = Some((owner, client.clone()));
                return Ok(client);
            }
            Some((_, inherited)) => std::mem::forget(inherited),
            None => {}
        }
        let client = self.rebuild()?;
        *slot = Some((pid, client.clone()));
        Ok(client)
    }

    /// Drops the pooled connections; a later call opens new ones.
    pub fn close(&self) {
        let mut slot = self
            .client
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((owner, client)) = slot.take() {
            if owner == std::process::id() {
                drop(client);
            } else {
                std::mem::forget(client);
            }
        }
    }

    /// Runs a call to completion on the shared runtime while this thread waits without the GIL,
    /// waking every [`SIGNAL_POLL`] to run Python's signal handlers: Ctrl-C raises
    /// `KeyboardInterrupt` here and cancels the call.
    pub fn call_blocking<'py, E>(
        &self,
        py: Python<'py>,
        endpoint: Result<E, Error>,
        options: CallOptions,
    ) -> PyResult<Bound<'py, PyAny>>
    where
        E: Endpoint + Send + Sync + 'static,
        E::Output: Output,
    {
        let endpoint = endpoint.map_err(|e| to_py_err(py, &e))?;
        let options = options.resolve(E::NAME).map_err(|e| to_py_err(py, &e))?;
        let client = self.client().map_err(|e| to_py_err(py, &e))?;
        let (sender, mut receiver) = sync_channel(1);
        let task = runtime::handle()?.spawn(async move {
            drop(sender.send(client.send_with(&endpoint, &options).await));
        });
        let result = loop {
            let (returned, received) = py.detach(move || {
                let received = receiver.recv_timeout(SIGNAL_POLL);
                (receiver, received)
            });
            receiver = returned;
            match received {
                Ok(result) => break result,
                Err(RecvTimeoutError::Timeout) => {
                    if let Err(interrupt) = py.check_signals() {
                        task.abort();
                        return Err(interrupt);
                    }
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(PyRuntimeError::new_err("the call's task ended without an answer"))
                }
            }
        };
        Finished(result).into_pyobject(py)
    }

    /// A coroutine for a call: when awaited, it raises the argument errors or starts the call on
    /// the shared runtime and awaits it. Cancelling the awaiting task cancels the call.
    pub fn call_async<'py, E>(
        self: &Arc<Self>,
        py: Python<'py>,
        endpoint: Result<E, Error>,
        options: CallOptions,
    ) -> PyResult<Bound<'py, PyAny>>
    where
        E: Endpoint + Send + Sync + 'static,
        E::Output: Output,
    {
        let core = Arc::clone(self);
        let pending = Mutex::new(Some((endpoint, options)));
        let start = PyCFunction::new_closure(
            py,
            Some(c"start"),
            None,
            move |args: &Bound<'_, PyTuple>, _: Option<&Bound<'_, PyDict>>| -> PyResult<Py<PyAny>> {
                let py = args.py();
                let taken = pending
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .take();
                let (endpoint, options) =
                    taken.ok_or_else(|| PyRuntimeError::new_err("this call was already awaited"))?;
                let endpoint = endpoint.map_err(|e| to_py_err(py, &e))?;
                let options = options.resolve(E::NAME).map_err(|e| to_py_err(py, &e))?;
                let client = core.client().map_err(|e| to_py_err(py, &e))?;
                let call = async move { Ok(Finished(client.send_with(&endpoint, &options).await)) };
                Ok(runtime::awaitable(py, call)?.unbind())
            },
        )?;
        later(start.into_any())
    }

    fn repr(&self, py: Python<'_>, class: &str) -> PyResult<String> {
        Ok(format!(
            "{class}(base_url={}, api_secret={}, timeout={:?}, max_retries={}, max_response_bytes={})",
            pyo3::types::PyString::new(py, &self.config.base_url).repr()?,
            if self.config.api_secret.is_some() {
                "'***'"
            } else {
                "None"
            },
            self.config.timeout.as_secs_f64(),
            self.config.max_retries,
            self.config.max_response_bytes
        ))
    }
}

/// Builds the shared state from the constructor arguments of either client.
fn core_from_args(
    py: Python<'_>,
    settings: Settings,
    transport: Option<Py<PyAny>>,
    sleep: Option<Py<PyAny>>,
    jitter: Option<f64>,
) -> PyResult<Arc<Core>> {
    for (name, seam) in [("transport", &transport), ("_sleep", &sleep)] {
        if let Some(seam) = seam {
            if !seam.bind(py).is_callable() {
                return Err(PyTypeError::new_err(format!("{name} must be callable")));
            }
        }
    }
    let seams = Seams {
        transport: transport.map(|t| Arc::new(crate::transport::PyTransport::new(t)) as Arc<dyn Transport>),
        sleeper: sleep.map(|s| Arc::new(crate::transport::PySleeper::new(s)) as Arc<dyn Sleeper>),
        jitter,
    };
    Core::new(settings, seams)
        .map(Arc::new)
        .map_err(|e| to_py_err(py, &e))
}

/// Declares a client class: the constructor, the resource namespaces and the configuration
/// getters are the same for both; only the resource types and the lifecycle methods (`with` vs
/// `async with`) differ, and those are passed in.
macro_rules! client_class {
    (
        $(#[$doc:meta])*
        $name:ident {
            events: $events:ident, registrants: $registrants:ident, operators: $operators:ident,
            surveys: $surveys:ident, reports: $reports:ident, sso: $sso:ident $(,)?
        }
        $($lifecycle:tt)*
    ) => {
        $(#[$doc])*
        #[pyclass(module = "flow_api", frozen)]
        pub struct $name {
            core: Arc<Core>,
        }

        #[pymethods]
        impl $name {
            #[new]
            // Keyword-only, as in openai-python: a base URL and a secret cannot be swapped by
            // position.
            #[pyo3(signature = (
                *, api_secret = None, base_url = None, timeout = 30.0, max_retries = 2,
                max_response_bytes = None, transport = None, _sleep = None, _jitter = None
            ))]
            #[allow(clippy::too_many_arguments)]
            fn new(
                py: Python<'_>,
                api_secret: Option<String>,
                base_url: Option<String>,
                timeout: f64,
                max_retries: i128,
                max_response_bytes: Option<i128>,
                transport: Option<Py<PyAny>>,
                _sleep: Option<Py<PyAny>>,
                _jitter: Option<f64>,
            ) -> PyResult<Self> {
                let settings = Settings {
                    api_secret,
                    base_url,
                    timeout: Some(timeout),
                    max_retries: Some(max_retries),
                    max_response_bytes,
                };
                let core = core_from_args(py, settings, transport, _sleep, _jitter)?;
                Ok(Self { core })
            }

            /// Event sessions: list, get, get_public, create.
            #[getter]
            fn events(&self) -> $events {
                $events(self.core.clone())
            }

            /// Registrations: create (public), list.
            #[getter]
            fn registrants(&self) -> $registrants {
                $registrants(self.core.clone())
            }

            /// The account's operators.
            #[getter]
            fn operators(&self) -> $operators {
                $operators(self.core.clone())
            }

            /// Surveys of a session.
            #[getter]
            fn surveys(&self) -> $surveys {
                $surveys(self.core.clone())
            }

            /// CSV reports.
            #[getter]
            fn reports(&self) -> $reports {
                $reports(self.core.clone())
            }

            /// Single sign-on: rooms and login links.
            #[getter]
            fn sso(&self) -> $sso {
                $sso(self.core.clone())
            }

            /// The API root in use.
            #[getter]
            fn base_url(&self) -> &str {
                &self.core.config.base_url
            }

            /// Default per-attempt timeout, in seconds.
            #[getter]
            fn timeout(&self) -> f64 {
                self.core.config.timeout.as_secs_f64()
            }

            /// Default retry budget.
            #[getter]
            fn max_retries(&self) -> u32 {
                self.core.config.max_retries
            }

            /// The largest response body read, in bytes; a longer answer raises
            /// `APIResponseValidationError` without being read.
            #[getter]
            fn max_response_bytes(&self) -> u64 {
                self.core.config.max_response_bytes
            }

            fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
                self.core.repr(py, stringify!($name))
            }

            $($lifecycle)*
        }
    };
}

client_class! {
    /// The Flow API client. Methods block the calling thread (never an asyncio loop's, so this works
    /// in notebooks) with the GIL released; Ctrl-C interrupts them.
    ///
    /// Every argument is keyword-only. `api_secret` falls back to `FLOW_API_SECRET` and `base_url`
    /// to `FLOW_BASE_URL`, else production; `max_response_bytes=None` is the core's 512 MiB. The
    /// core checks every value at construction. `transport` replaces HTTP with a callable `handler(Request) -> Response`; the
    /// keyword-only `_sleep` (called with each retry delay in seconds instead of waiting) and `_jitter`
    /// (a fixed value in [0, 1)) make retries reproducible in tests.
    Flow {
        events: Events, registrants: Registrants, operators: Operators,
        surveys: Surveys, reports: Reports, sso: Sso,
    }

    /// Releases pooled connections; the client stays usable.
    fn close(&self) {
        self.core.close();
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    #[pyo3(signature = (*_exc_info))]
    fn __exit__(&self, _exc_info: &Bound<'_, PyTuple>) {
        self.core.close();
    }
}

client_class! {
    /// The asyncio Flow API client: the same resources as `Flow`, with awaitable methods. Calls run on
    /// the SDK's own I/O threads, so many can be in flight at once.
    AsyncFlow {
        events: AsyncEvents, registrants: AsyncRegistrants, operators: AsyncOperators,
        surveys: AsyncSurveys, reports: AsyncReports, sso: AsyncSso,
    }

    /// Releases pooled connections (awaitable); the client stays usable.
    fn close<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.core.close();
        ready(py.None().into_bound(py))
    }

    fn __aenter__(slf: Bound<'_, Self>) -> PyResult<Bound<'_, PyAny>> {
        ready(slf.into_any())
    }

    #[pyo3(signature = (*_exc_info))]
    fn __aexit__<'py>(
        &self,
        py: Python<'py>,
        _exc_info: &Bound<'py, PyTuple>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.close(py)
    }
}

/// `Flow` or `AsyncFlow` with these settings (the sandbox's, which name the secret and URL, so the
/// environment never applies).
pub fn client_for(py: Python<'_>, asynchronous: bool, settings: Settings) -> PyResult<Bound<'_, PyAny>> {
    let core = Core::new(settings, Seams::default())
        .map(Arc::new)
        .map_err(|e| to_py_err(py, &e))?;
    if asynchronous {
        Ok(Bound::new(py, AsyncFlow { core })?.into_any())
    } else {
        Ok(Bound::new(py, Flow { core })?.into_any())
    }
}
