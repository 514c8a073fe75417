//! The Python seams: `Flow(transport=handler)` sends through a Python callable (users mock the SDK
//! in their own tests with it, and the conformance runner feeds canned answers through the real
//! driver), and `_sleep` / `_jitter` make retry timing observable without waiting.

use std::time::Duration;

use flow_core::{BoxFuture, HttpRequest, HttpResponse, Sleeper, Transport, TransportError};
use pyo3::exceptions::{PyConnectionRefusedError, PyOSError, PyTimeoutError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};

/// The redaction shown instead of the secret header in a `repr`.
const REDACTED: &str = "***";

/// What the SDK asks a transport handler to send.
#[pyclass(module = "flow_api", frozen)]
pub struct Request(HttpRequest);

#[pymethods]
impl Request {
    /// `GET` or `POST`.
    #[getter]
    fn method(&self) -> &'static str {
        self.0.method.as_str()
    }

    /// The absolute URL, path segments percent-encoded, query included.
    #[getter]
    fn url(&self) -> &str {
        &self.0.url
    }

    /// Lower-case header names to values (the secret included: the handler stands in for the wire).
    #[getter]
    fn headers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let headers = PyDict::new(py);
        for (name, value) in &self.0.headers {
            headers.set_item(name, value)?;
        }
        Ok(headers)
    }

    /// The JSON body, for `POST`.
    #[getter]
    fn content<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyBytes>> {
        self.0.body.as_deref().map(|body| PyBytes::new(py, body))
    }

    /// This attempt's timeout in seconds.
    #[getter]
    fn timeout(&self) -> f64 {
        self.0.timeout.as_secs_f64()
    }

    fn __repr__(&self) -> String {
        let secret = self
            .0
            .header(flow_core::API_SECRET_HEADER)
            .filter(|s| !s.is_empty());
        let headers: Vec<String> = self
            .0
            .headers
            .iter()
            .map(|(name, value)| {
                let value = if name.eq_ignore_ascii_case(flow_core::API_SECRET_HEADER) {
                    REDACTED
                } else {
                    value
                };
                format!("{name:?}: {value:?}")
            })
            .collect();
        format!(
            "Request(method={:?}, url={:?}, headers={{{}}})",
            self.0.method.as_str(),
            secret.map_or(std::borrow::Cow::Borrowed(self.0.url.as_str()), |secret| {
                flow_core::scrub_secret(&self.0.url, secret)
            }),
            headers.join(", ")
        )
    }
}

/// What a transport handler answers.
#[pyclass(module = "flow_api", frozen)]
pub struct Response(HttpResponse);

#[pymethods]
impl Response {
    /// `content` is the raw body (`bytes`, or `str` sent as UTF-8); `json` is serialized instead and
    /// sets `content-type: application/json` unless `headers` names one.
    #[new]
    #[pyo3(signature = (status_code = 200, headers = None, content = None, json = None))]
    fn new(
        status_code: u16,
        headers: Option<&Bound<'_, PyAny>>,
        content: Option<&Bound<'_, PyAny>>,
        json: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let mut response = HttpResponse::new(status_code, Vec::new());
        if let Some(headers) = headers {
            let pairs = headers
                .cast::<PyDict>()
                .map_or_else(|_| headers.clone(), |d| d.items().into_any());
            response.headers = pairs.extract()?;
        }
        response.body = match (content, json) {
            (Some(_), Some(_)) => {
                return Err(pyo3::exceptions::PyTypeError::new_err(
                    "pass either content or json, not both",
                ))
            }
            (Some(content), None) => match content.cast::<PyString>() {
                Ok(text) => text.to_cow()?.as_bytes().to_vec(),
                Err(_) => content.extract::<Vec<u8>>()?,
            },
            (None, Some(json)) => {
                if response.header("content-type").is_none() {
                    response
                        .headers
                        .push(("content-type".to_owned(), "application/json".to_owned()));
                }
                let value: serde_json::Value = pythonize::depythonize(json)?;
                serde_json::to_vec(&value).expect("a JSON value always serializes")
            }
            (None, None) => Vec::new(),
        };
        Ok(Self(response))
    }

    /// The HTTP status.
    #[getter]
    fn status_code(&self) -> u16 {
        self.0.status
    }

    /// Header names to values.
    #[getter]
    fn headers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let headers = PyDict::new(py);
        for (name, value) in &self.0.headers {
            headers.set_item(name, value)?;
        }
        Ok(headers)
    }

    /// The raw body.
    #[getter]
    fn content<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.0.body)
    }

    fn __repr__(&self) -> String {
        format!(
            "Response(status_code={}, {} bytes)",
            self.0.status,
            self.0.body.len()
        )
    }
}

/// Sends requests through a Python callable `handler(Request) -> Response`.
pub struct PyTransport {
    handler: Py<PyAny>,
}

impl PyTransport {
    pub fn new(handler: Py<PyAny>) -> Self {
        Self { handler }
    }

    fn call(&self, py: Python<'_>, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        let answer = self
            .handler
            .call1(py, (Request(request.clone()),))
            .map_err(|err| classify(py, &err))?;
        match answer.cast_bound::<Response>(py) {
            Ok(response) => Ok(response.get().0.clone()),
            Err(_) => Err(TransportError::Io(format!(
                "the transport handler returned {}, not a flow_api.Response",
                answer
                    .bind(py)
                    .get_type()
                    .name()
                    .map_or_else(|_| "an object".to_owned(), |n| n.to_string())
            ))),
        }
    }
}

/// Maps the handler's exception the way a socket failure would be read: a refused connection was
/// never sent, a `TimeoutError` is a timeout, and anything else may have reached the server.
fn classify(py: Python<'_>, err: &PyErr) -> TransportError {
    if err.is_instance_of::<PyConnectionRefusedError>(py) {
        TransportError::Connect(err.to_string())
    } else if err.is_instance_of::<PyTimeoutError>(py) {
        TransportError::Timeout
    } else if err.is_instance_of::<PyOSError>(py) {
        TransportError::Io(err.to_string())
    } else {
        TransportError::Io(format!("the transport handler raised {err}"))
    }
}

impl Transport for PyTransport {
    fn send<'a>(&'a self, request: &'a HttpRequest) -> BoxFuture<'a, Result<HttpResponse, TransportError>> {
        Box::pin(async move { Python::attach(|py| self.call(py, request)) })
    }
}

/// Hands every retry delay, in seconds, to a Python callable instead of waiting.
pub struct PySleeper {
    sleep: Py<PyAny>,
}

impl PySleeper {
    pub fn new(sleep: Py<PyAny>) -> Self {
        Self { sleep }
    }
}

impl Sleeper for PySleeper {
    fn sleep(&self, duration: Duration) -> BoxFuture<'_, ()> {
        Box::pin(async move {
            Python::attach(|py| {
                if let Err(err) = self.sleep.call1(py, (duration.as_secs_f64(),)) {
                    err.write_unraisable(py, Some(self.sleep.bind(py)));
                }
            })
        })
    }
}
