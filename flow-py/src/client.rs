//! `Flow` and `AsyncFlow`: the configuration the core resolved, the core client behind them, and
//! the two ways a call runs (blocking the calling thread with the GIL released, or as an asyncio
//! coroutine).

use std::future::Future;
use std::sync::mpsc::{sync_channel, RecvTimeoutError};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use flow_core::operations::Operational;
use flow_core::settings::{user_agent, NameCase, Package, Passed, TimeUnit, SETTINGS};
use flow_core::{Client, Config, Error, FixedJitter, Sleeper, Transport, CLIENT};
use pyo3::exceptions::{PyRuntimeError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyCFunction, PyDict, PyString, PyTuple};
use serde_json::{Map, Value};

use crate::convert::{json_object, kwargs, later, ready, Finished, OrRaise, Output};
use crate::resources::*;
use crate::transport::{PySleeper, PyTransport};
use crate::{logging, runtime};

/// How often a blocking call wakes to let Python handle Ctrl-C.
const SIGNAL_POLL: Duration = Duration::from_millis(50);

/// `cpython/3.11`, for the `User-Agent`; read once when the module is imported.
static RUNTIME: OnceLock<String> = OnceLock::new();

/// Reads the interpreter's name and version.
pub fn init_runtime(py: Python<'_>) -> PyResult<()> {
    let sys = py.import("sys")?;
    let name: String = sys.getattr("implementation")?.getattr("name")?.extract()?;
    let version = sys.getattr("version_info")?;
    let (major, minor): (u32, u32) = (version.get_item(0)?.extract()?, version.get_item(1)?.extract()?);
    drop(RUNTIME.set(format!("{name}/{major}.{minor}")));
    Ok(())
}

/// The runtime seams a caller may replace; `None` means the native one.
#[derive(Clone, Default)]
pub struct Seams {
    transport: Option<Arc<dyn Transport>>,
    sleeper: Option<Arc<dyn Sleeper>>,
    jitter: Option<f64>,
}

/// What a `Flow` or `AsyncFlow` holds: the resolved configuration and the core client of this
/// process. The client's connection pool belongs to the runtime of the process that opened it, so
/// a forked child builds its own (and leaks, never drops, the inherited one).
pub struct ClientState {
    config: Config,
    seams: Seams,
    client: Mutex<Option<(u32, Client)>>,
}

impl ClientState {
    /// Resolves the settings as passed (by the core's one table: explicit value, environment,
    /// default, bounds), once, so a client rebuilt after a fork sees the same configuration.
    pub fn new(py: Python<'_>, settings: Map<String, Value>, seams: Seams) -> PyResult<Self> {
        Self::resolved(py, settings, seams, false)
    }

    /// A client rebuilt from a pickle, which never holds the secret: the core words a missing
    /// secret as missing on the worker.
    pub fn unpickled(py: Python<'_>, settings: Map<String, Value>) -> PyResult<Self> {
        Self::resolved(py, settings, Seams::default(), true)
    }

    fn resolved(
        py: Python<'_>,
        settings: Map<String, Value>,
        seams: Seams,
        withheld: bool,
    ) -> PyResult<Self> {
        let env = |name: &str| std::env::var(name).ok();
        let mut config = Passed::read(Value::Object(settings), NameCase::Neutral, SETTINGS, &[], CLIENT)
            .and_then(|passed| passed.resolve(TimeUnit::Seconds, &env))
            .or_raise(py)?;
        let runtime = RUNTIME.get().map_or("python", String::as_str);
        config.user_agent = Some(user_agent(Package::Python, runtime));
        config.secret_withheld = withheld;
        Self::with_client(py, Self::build(config, &seams), seams)
    }

    fn with_client(py: Python<'_>, client: Result<Client, Error>, seams: Seams) -> PyResult<Self> {
        let client = client.or_raise(py)?;
        logging::enable(py, client.config().log_level)?;
        Ok(Self {
            config: client.config().clone(),
            seams,
            client: Mutex::new(Some((std::process::id(), client))),
        })
    }

    fn build(config: Config, seams: &Seams) -> Result<Client, Error> {
        let mut builder = Client::builder()
            .config(config)
            .logger(Arc::new(logging::PyLogger));
        if let Some(transport) = &seams.transport {
            builder = builder.transport(transport.clone());
        }
        if let Some(sleeper) = &seams.sleeper {
            builder = builder.sleeper(sleeper.clone());
        }
        if let Some(jitter) = seams.jitter {
            builder = builder.jitter(Arc::new(FixedJitter(jitter)));
        }
        builder.build()
    }

    /// This client's settings with `settings` on top (the environment is not read again), sharing
    /// its connection pool.
    fn with_settings(&self, py: Python<'_>, settings: Map<String, Value>) -> PyResult<Self> {
        let passed = Passed::read(Value::Object(settings), NameCase::Neutral, SETTINGS, &[], CLIENT);
        let client = passed.and_then(|passed| self.client()?.with_settings(passed, TimeUnit::Seconds));
        let state = Self::with_client(py, client, self.seams.clone())?;
        Ok(Self { ..state })
    }

    /// The core client of this process. Called with the GIL held (see [`runtime::handle`]).
    fn client(&self) -> Result<Client, Error> {
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
        let client = Self::build(self.config.clone(), &self.seams)?;
        *slot = Some((pid, client.clone()));
        Ok(client)
    }

    /// Drops the pooled connections; a later call opens new ones.
    fn close(&self) {
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

    /// Runs a call to completion on the shared runtime while this thread waits without the GIL
    /// (see [`block_on`]).
    pub fn call_blocking<'py, E>(&self, py: Python<'py>, call: Call<E>) -> PyResult<Bound<'py, PyAny>>
    where
        E: Operational + Send + Sync + 'static,
        E::Output: Output,
    {
        let (endpoint, options) = call.or_raise(py)?;
        let client = self.client().or_raise(py)?;
        let result = block_on(py, async move {
            let answer = client.send_with_response(&endpoint, &options).await;
            answer.map(|a| (a.data, a.request_id))
        })?;
        Finished(result).into_pyobject(py)
    }

    /// A coroutine for a call: when awaited, it raises the argument errors or starts the call on
    /// the shared runtime and awaits it. Cancelling the awaiting task cancels the call.
    pub fn call_async<'py, E>(self: &Arc<Self>, py: Python<'py>, call: Call<E>) -> PyResult<Bound<'py, PyAny>>
    where
        E: Operational + Send + Sync + 'static,
        E::Output: Output,
    {
        let state = Arc::clone(self);
        deferred(py, move |py| {
            let (endpoint, options) = call.or_raise(py)?;
            let client = state.client().or_raise(py)?;
            let call = async move {
                let answer = client.send_with_response(&endpoint, &options).await;
                Ok(Finished(answer.map(|a| (a.data, a.request_id))))
            };
            runtime::awaitable(py, call)
        })
    }

    /// The core client, for a job.
    pub fn job_client(&self, py: Python<'_>) -> PyResult<Client> {
        self.client().or_raise(py)
    }

    /// The settings a pickle carries: everything but the secret (and the Python seams, which
    /// refuse to be pickled), so the unpickled client reads `FLOW_API_SECRET` where it runs.
    fn pickled_settings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let seams = &self.seams;
        if seams.transport.is_some() || seams.sleeper.is_some() || seams.jitter.is_some() {
            return Err(PyTypeError::new_err(
                "a client with a transport, _sleep or _jitter cannot be pickled",
            ));
        }
        let config = &self.config;
        let headers = PyDict::new(py);
        for (name, value) in &config.default_headers {
            headers.set_item(name, value)?;
        }
        let settings = PyDict::new(py);
        settings.set_item("base_url", &config.base_url)?;
        settings.set_item("timeout", config.timeout.as_secs_f64())?;
        settings.set_item("max_retries", config.max_retries)?;
        settings.set_item("max_response_bytes", config.max_response_bytes)?;
        settings.set_item("default_headers", headers)?;
        settings.set_item("log_level", config.log_level.as_str())?;
        Ok(settings)
    }

    fn repr(&self, py: Python<'_>, class: &str) -> PyResult<String> {
        let config = &self.config;
        Ok(format!(
            "{class}(base_url={}, api_secret={}, timeout={:?}, max_retries={}, max_response_bytes={})",
            PyString::new(py, &config.base_url).repr()?,
            if config.api_secret.is_some() {
                "'***'"
            } else {
                "None"
            },
            config.timeout.as_secs_f64(),
            config.max_retries,
            config.max_response_bytes
        ))
    }
}

/// Runs `work` on the shared runtime while this thread waits without the GIL, waking every
/// [`SIGNAL_POLL`] to run Python's signal handlers: Ctrl-C raises `KeyboardInterrupt` here and
/// cancels `work`, and returns once it has stopped (a job writes no journal line after that).
pub fn block_on<T, F>(py: Python<'_>, work: F) -> PyResult<T>
where
    F: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let (sender, mut receiver) = sync_channel(1);
    let task = runtime::handle()?.spawn(async move {
        drop(sender.send(work.await));
    });
    let mut interrupted = None;
    loop {
        let (returned, received) = py.detach(move || {
            let received = receiver.recv_timeout(SIGNAL_POLL);
            (receiver, received)
        });
        receiver = returned;
        match (received, interrupted.take()) {
            (Ok(result), None) => return Ok(result),
            (Err(RecvTimeoutError::Timeout), None) => {
                if let Err(interrupt) = py.check_signals() {
                    task.abort();
                    interrupted = Some(interrupt);
                }
            }
            (Err(RecvTimeoutError::Disconnected), None) => {
                return Err(PyRuntimeError::new_err("the call's task ended without an answer"))
            }
            // Aborted: wait for the task to be gone; a second Ctrl-C stops waiting.
            (Err(RecvTimeoutError::Timeout), Some(interrupt)) => match py.check_signals() {
                Ok(()) => interrupted = Some(interrupt),
                Err(_) => return Err(interrupt),
            },
            (_, Some(interrupt)) => return Err(interrupt),
        }
    }
}

/// A coroutine that runs `start` when first awaited (raising its argument errors then, as every
/// `AsyncFlow` method does) and awaits the awaitable it returns.
pub fn deferred<'py, F>(py: Python<'py>, start: F) -> PyResult<Bound<'py, PyAny>>
where
    F: for<'a> FnOnce(Python<'a>) -> PyResult<Bound<'a, PyAny>> + Send + 'static,
{
    let pending = Mutex::new(Some(start));
    let start = PyCFunction::new_closure(
        py,
        Some(c"start"),
        None,
        move |args: &Bound<'_, PyTuple>, _: Option<&Bound<'_, PyDict>>| -> PyResult<Py<PyAny>> {
            let taken = pending.lock().unwrap_or_else(|p| p.into_inner()).take();
            let start = taken.ok_or_else(|| PyRuntimeError::new_err("this call was already awaited"))?;
            Ok(start(args.py())?.unbind())
        },
    )?;
    later(start.into_any())
}

/// The Python seams of a constructor, checked to be callable.
fn seams(
    py: Python<'_>,
    transport: Option<Py<PyAny>>,
    sleep: Option<Py<PyAny>>,
    jitter: Option<f64>,
) -> PyResult<Seams> {
    for (name, seam) in [("transport", &transport), ("_sleep", &sleep)] {
        if seam.as_ref().is_some_and(|seam| !seam.bind(py).is_callable()) {
            return Err(PyTypeError::new_err(format!("{name} must be callable")));
        }
    }
    Ok(Seams {
        transport: transport.map(|t| Arc::new(PyTransport::new(t)) as Arc<dyn Transport>),
        sleeper: sleep.map(|s| Arc::new(PySleeper::new(s)) as Arc<dyn Sleeper>),
        jitter,
    })
}

/// Declares `Flow` and `AsyncFlow` from the operation table: the same constructor, settings,
/// `with_options` and one getter per resource; the lifecycle methods (`with` or `async with`)
/// are passed in.
macro_rules! py_client {
    (
        $(#[doc = $doc:literal])* $name:ident
        [$($(#[doc = $rdoc:literal])* $resource:ident: $class:ident),*] {$($lifecycle:tt)*}
    ) => {
        $(#[doc = $doc])*
        #[pyclass(module = "flow_api", frozen)]
        pub struct $name {
            pub(crate) state: Arc<ClientState>,
        }

        #[pymethods]
        impl $name {
            /// The settings are the core's (`flow_core::settings::SETTINGS`), checked by it: a name
            /// it does not know is refused like a bad value, naming it.
            #[new]
            #[pyo3(
                signature = (*, transport = None, _sleep = None, _jitter = None, **settings),
                text_signature = "(*, api_secret=None, base_url=None, timeout=None, max_retries=None, default_headers=None, max_response_bytes=None, log_level=None, transport=None, _sleep=None, _jitter=None)"
            )]
            fn new(
                py: Python<'_>,
                transport: Option<Py<PyAny>>,
                _sleep: Option<Py<PyAny>>,
                _jitter: Option<f64>,
                settings: Option<&Bound<'_, PyDict>>,
            ) -> PyResult<Self> {
                let settings = json_object(CLIENT, kwargs(settings)).or_raise(py)?;
                let state = ClientState::new(py, settings, seams(py, transport, _sleep, _jitter)?)?;
                Ok(Self { state: Arc::new(state) })
            }

            /// A client of the same class with these settings on top of this one's (the
            /// environment is not read again), sharing its connection pool.
            #[pyo3(signature = (**settings))]
            fn with_options(&self, py: Python<'_>, settings: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
                let settings = json_object(CLIENT, kwargs(settings)).or_raise(py)?;
                Ok(Self { state: Arc::new(self.state.with_settings(py, settings)?) })
            }

            $(
                $(#[doc = $rdoc])*
                #[getter]
                fn $resource(&self) -> $class {
                    $class(self.state.clone())
                }
            )*

            /// The API root in use.
            #[getter]
            fn base_url(&self) -> &str {
                &self.state.config.base_url
            }

            /// Default per-attempt timeout, in seconds.
            #[getter]
            fn timeout(&self) -> f64 {
                self.state.config.timeout.as_secs_f64()
            }

            /// Default retry budget.
            #[getter]
            fn max_retries(&self) -> u32 {
                self.state.config.max_retries
            }

            /// The largest response body read, in bytes; a longer answer raises
            /// `APIResponseValidationError` without being read.
            #[getter]
            fn max_response_bytes(&self) -> u64 {
                self.state.config.max_response_bytes
            }

            fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
                self.state.repr(py, stringify!($name))
            }

            /// Pickles without the secret (for Dask, Ray, multiprocessing): the unpickled
            /// client reads `FLOW_API_SECRET` in the process it lands in.
            fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyDict>,))> {
                let settings = slf.get().state.pickled_settings(slf.py())?;
                Ok((slf.get_type().getattr("_unpickle")?, (settings,)))
            }

            /// Rebuilds a pickled client: the settings `__reduce__` wrote, the secret from this
            /// process's environment.
            #[staticmethod]
            fn _unpickle(py: Python<'_>, settings: &Bound<'_, PyDict>) -> PyResult<Self> {
                let settings = json_object(CLIENT, kwargs(Some(settings))).or_raise(py)?;
                Ok(Self { state: Arc::new(ClientState::unpickled(py, settings)?) })
            }

            $($lifecycle)*
        }
    };
}

macro_rules! py_clients {
    ($(
        $(#[doc = $rdoc:literal])* $resource:ident: $sync:ident / $asynchronous:ident {$($methods:tt)*}
    )*) => {
        py_client! {
            /// The Flow API client. Methods block the calling thread (never an asyncio loop's, so
            /// this works in notebooks) with the GIL released; Ctrl-C interrupts them.
            ///
            /// Every argument is keyword-only; `None` leaves a setting to the environment
            /// (`FLOW_API_SECRET`, `FLOW_BASE_URL`, `FLOW_LOG`) or the core's default, and the core
            /// checks every value. `transport` replaces HTTP with a callable
            /// `handler(Request) -> Response`; the keyword-only `_sleep` (called with each retry
            /// delay in seconds instead of waiting) and `_jitter` (a fixed value in [0, 1)) make
            /// retries reproducible in tests.
            Flow [$($(#[doc = $rdoc])* $resource: $sync),*] {
                /// Releases pooled connections; the client stays usable.
                fn close(&self) {
                    self.state.close();
                }

                fn __enter__(slf: Py<Self>) -> Py<Self> {
                    slf
                }

                #[pyo3(signature = (*_exc_info))]
                fn __exit__(&self, _exc_info: &Bound<'_, PyTuple>) {
                    self.state.close();
                }
            }
        }

        py_client! {
            /// The asyncio Flow API client: the same settings and resources as `Flow`, with
            /// awaitable methods. Calls run on the SDK's own I/O threads, so many can be in flight.
            AsyncFlow [$($(#[doc = $rdoc])* $resource: $asynchronous),*] {
                /// Releases pooled connections (awaitable); the client stays usable.
                fn close<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                    self.state.close();
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
        }
    };
}

flow_core::for_each_operation!(py_clients);

/// `Flow` or `AsyncFlow` with these settings (the sandbox's).
pub fn client_for(
    py: Python<'_>,
    asynchronous: bool,
    settings: Map<String, Value>,
) -> PyResult<Bound<'_, PyAny>> {
    let state = Arc::new(ClientState::new(py, settings, Seams::default())?);
    if asynchronous {
        Ok(Bound::new(py, AsyncFlow { state })?.into_any())
    } else {
        Ok(Bound::new(py, Flow { state })?.into_any())
    }
}
