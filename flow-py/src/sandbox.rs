//! `Sandbox`: the bundled mock server, in-process on a free loopback port, so a newcomer's first
//! notebook and the quickstart need neither the real service nor a separate binary.

use std::sync::Mutex;

use flow_mock::{MockConfig, MockServer};
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;

use flow_core::CLIENT;
use pyo3::types::PyDict;
use serde_json::{Map, Value};

use crate::client::client_for;
use crate::convert::{json_object, kwargs, OrRaise};

/// A seeded mock of the Flow API. Use it as a context manager (`with Sandbox() as sb:`), or call
/// `close()`. Its data is the same for the same `seed`.
#[pyclass(module = "flow_api", frozen)]
pub struct Sandbox {
    server: Mutex<Option<MockServer>>,
    base_url: String,
    api_secret: String,
}

#[pymethods]
impl Sandbox {
    /// `registrants_per_session` overrides how many registrants each seeded session has;
    /// `bench_registrants > 0` adds the past session `B3nchT0k3n` with that many (for benchmarks);
    /// `api_secret` replaces the secret the sandbox accepts (a distinctive one makes an echo of it
    /// easy to search for).
    #[new]
    #[pyo3(signature = (seed = 42, registrants_per_session = None, bench_registrants = 0, *, api_secret = None))]
    fn new(
        py: Python<'_>,
        seed: u64,
        registrants_per_session: Option<usize>,
        bench_registrants: usize,
        api_secret: Option<String>,
    ) -> PyResult<Self> {
        let defaults = MockConfig::default();
        let config = MockConfig {
            api_secret: api_secret.unwrap_or(defaults.api_secret.clone()),
            seed,
            registrants_per_session: registrants_per_session.unwrap_or(defaults.registrants_per_session),
            bench_registrants,
            ..defaults
        };
        let server = py
            .detach(|| MockServer::start(config, "127.0.0.1", 0))
            .map_err(|e| PyOSError::new_err(format!("could not start the sandbox: {e}")))?;
        Ok(Self {
            base_url: server.base_url(),
            api_secret: server.api_secret().to_owned(),
            server: Mutex::new(Some(server)),
        })
    }

    /// The API root to point a client at, `http://127.0.0.1:<port>/api/v1`.
    #[getter]
    fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The secret the sandbox accepts.
    #[getter]
    fn api_secret(&self) -> &str {
        &self.api_secret
    }

    /// A `Flow` client for this sandbox; `settings` are those of `Flow` but the secret and URL.
    #[pyo3(signature = (**settings))]
    fn client<'py>(
        &self,
        py: Python<'py>,
        settings: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        client_for(py, false, self.settings(py, settings)?)
    }

    /// An `AsyncFlow` client for this sandbox.
    #[pyo3(signature = (**settings))]
    fn async_client<'py>(
        &self,
        py: Python<'py>,
        settings: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        client_for(py, true, self.settings(py, settings)?)
    }

    /// Stops the server (in-flight requests get a few seconds to finish).
    fn close(&self, py: Python<'_>) {
        let server = self.server.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(server) = server {
            py.detach(|| server.shutdown());
        }
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    #[pyo3(signature = (*_exc_info))]
    fn __exit__(&self, py: Python<'_>, _exc_info: &Bound<'_, pyo3::types::PyTuple>) {
        self.close(py);
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let state = if self.server.lock().unwrap_or_else(|p| p.into_inner()).is_some() {
            "running"
        } else {
            "closed"
        };
        let base_url = pyo3::types::PyString::new(py, &self.base_url);
        Ok(format!("Sandbox(base_url={}, {state})", base_url.repr()?))
    }
}

impl Sandbox {
    /// Client settings for this sandbox: its secret and URL are passed explicitly, so the
    /// environment's never apply.
    fn settings(&self, py: Python<'_>, settings: Option<&Bound<'_, PyDict>>) -> PyResult<Map<String, Value>> {
        self.ensure_running()?;
        let mut settings = json_object(CLIENT, kwargs(settings)).or_raise(py)?;
        settings.insert("api_secret".to_owned(), self.api_secret.clone().into());
        settings.insert("base_url".to_owned(), self.base_url.clone().into());
        Ok(settings)
    }

    fn ensure_running(&self) -> PyResult<()> {
        if self.server.lock().unwrap_or_else(|p| p.into_inner()).is_some() {
            Ok(())
        } else {
            Err(PyValueError::new_err("this Sandbox is closed"))
        }
    }
}
