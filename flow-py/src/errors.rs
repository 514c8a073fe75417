//! The exception hierarchy, and the table from core error kinds to it.
//!
//! Messages are the core's (`str(exc)`); the facts travel as attributes. Every attribute is stored in
//! the instance `__dict__`, which `BaseException.__reduce__` carries along, so exceptions pickle
//! without custom code. The core has already scrubbed the secret from every text.

use flow_core::{Error, ErrorKind};
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple, PyType};

create_exception!(
    flow_api,
    FlowError,
    PyException,
    "Base class of every error the Flow SDK raises. `kind` names the neutral error kind; calls made without a needed setting (the API secret) raise this class itself. `may_have_been_processed` is False only when the server provably did not act on the request: when True after a write, check with registrants.list (or events.list) before sending it again."
);
create_exception!(
    flow_api,
    APIError,
    FlowError,
    "A call reached (or tried to reach) the Flow API and failed."
);
create_exception!(
    flow_api,
    APIStatusError,
    APIError,
    "The server answered with an error status, or a 2xx whose envelope `code` is not 200."
);
create_exception!(flow_api, BadRequestError, APIStatusError, "HTTP 400.");
create_exception!(
    flow_api,
    AuthenticationError,
    APIStatusError,
    "HTTP 401: check the api-secret."
);
create_exception!(flow_api, PermissionDeniedError, APIStatusError, "HTTP 403.");
create_exception!(flow_api, NotFoundError, APIStatusError, "HTTP 404.");
create_exception!(flow_api, ConflictError, APIStatusError, "HTTP 409.");
create_exception!(flow_api, UnprocessableEntityError, APIStatusError, "HTTP 422.");
create_exception!(
    flow_api,
    RateLimitError,
    APIStatusError,
    "HTTP 429, after the retries the SDK could safely make."
);
create_exception!(
    flow_api,
    InternalServerError,
    APIStatusError,
    "HTTP 500 and above."
);
create_exception!(
    flow_api,
    APIConnectionError,
    APIError,
    "The connection failed; str(exc) says whether the request may have been sent."
);
create_exception!(
    flow_api,
    APITimeoutError,
    APIConnectionError,
    "An attempt exceeded its timeout."
);
create_exception!(
    flow_api,
    APIResponseValidationError,
    APIError,
    "The server answered, but not with what the endpoint returns (HTML, truncated JSON, wrong shape)."
);

/// `InvalidRequestError(FlowError, ValueError)`: two bases, which `create_exception!` cannot express.
static INVALID_REQUEST: PyOnceLock<Py<PyType>> = PyOnceLock::new();

fn invalid_request_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    INVALID_REQUEST
        .get_or_try_init(py, || {
            let bases = PyTuple::new(
                py,
                [
                    py.get_type::<FlowError>().into_any(),
                    py.get_type::<PyValueError>().into_any(),
                ],
            )?;
            let namespace = PyDict::new(py);
            namespace.set_item("__module__", "flow_api")?;
            namespace.set_item(
                "__doc__",
                "Bad input, refused before anything was sent (a bad email, an empty token, a name containing the SSO separator). `field` names the argument.",
            )?;
            namespace.set_item("field", py.None())?;
            let class = py
                .get_type::<PyType>()
                .call1(("InvalidRequestError", bases, namespace))?;
            Ok(class.cast_into::<PyType>()?.unbind())
        })
        .map(|class| class.bind(py))
}

/// Attributes every error carries; class-level `None` defaults keep them readable on exceptions a
/// user constructs by hand (in their own tests, say).
const ATTRIBUTES: [&str; 6] = ["kind", "endpoint", "status_code", "message", "body", "request_id"];

/// Whether the server may have acted on the request (`Error::may_have_been_processed`). On an
/// exception built by hand nothing is known, so the class default is the cautious `True`.
const MAY_HAVE_BEEN_PROCESSED: &str = "may_have_been_processed";

/// Adds the exception classes to the module.
pub fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = module.py();
    let base = py.get_type::<FlowError>();
    for name in ATTRIBUTES {
        base.setattr(name, py.None())?;
    }
    base.setattr(MAY_HAVE_BEEN_PROCESSED, true)?;
    module.add("FlowError", base)?;
    module.add("APIError", py.get_type::<APIError>())?;
    module.add("APIStatusError", py.get_type::<APIStatusError>())?;
    module.add("BadRequestError", py.get_type::<BadRequestError>())?;
    module.add("AuthenticationError", py.get_type::<AuthenticationError>())?;
    module.add("PermissionDeniedError", py.get_type::<PermissionDeniedError>())?;
    module.add("NotFoundError", py.get_type::<NotFoundError>())?;
    module.add("ConflictError", py.get_type::<ConflictError>())?;
    module.add(
        "UnprocessableEntityError",
        py.get_type::<UnprocessableEntityError>(),
    )?;
    module.add("RateLimitError", py.get_type::<RateLimitError>())?;
    module.add("InternalServerError", py.get_type::<InternalServerError>())?;
    module.add("APIConnectionError", py.get_type::<APIConnectionError>())?;
    module.add("APITimeoutError", py.get_type::<APITimeoutError>())?;
    module.add(
        "APIResponseValidationError",
        py.get_type::<APIResponseValidationError>(),
    )?;
    module.add("InvalidRequestError", invalid_request_type(py)?)?;
    Ok(())
}

fn class_for(py: Python<'_>, kind: ErrorKind) -> PyResult<Bound<'_, PyType>> {
    Ok(match kind {
        ErrorKind::BadRequest => py.get_type::<BadRequestError>(),
        ErrorKind::Authentication => py.get_type::<AuthenticationError>(),
        ErrorKind::PermissionDenied => py.get_type::<PermissionDeniedError>(),
        ErrorKind::NotFound => py.get_type::<NotFoundError>(),
        ErrorKind::Conflict => py.get_type::<ConflictError>(),
        ErrorKind::UnprocessableEntity => py.get_type::<UnprocessableEntityError>(),
        ErrorKind::RateLimit => py.get_type::<RateLimitError>(),
        ErrorKind::InternalServer => py.get_type::<InternalServerError>(),
        ErrorKind::ApiStatus => py.get_type::<APIStatusError>(),
        ErrorKind::Connection => py.get_type::<APIConnectionError>(),
        ErrorKind::Timeout => py.get_type::<APITimeoutError>(),
        ErrorKind::ResponseValidation => py.get_type::<APIResponseValidationError>(),
        ErrorKind::InvalidRequest => invalid_request_type(py)?.clone(),
        ErrorKind::MissingConfiguration | ErrorKind::Aborted => py.get_type::<FlowError>(),
    })
}

fn build(py: Python<'_>, error: &Error) -> PyResult<PyErr> {
    let exc = class_for(py, error.kind())?.call1((error.to_string(),))?;
    exc.setattr("kind", error.kind().as_str())?;
    exc.setattr("endpoint", error.endpoint())?;
    exc.setattr("status_code", error.status())?;
    exc.setattr("message", error.server_message())?;
    exc.setattr("body", error.body())?;
    exc.setattr("request_id", error.request_id())?;
    exc.setattr(MAY_HAVE_BEEN_PROCESSED, error.may_have_been_processed())?;
    if let Some(field) = error.field() {
        exc.setattr("field", field)?;
    }
    Ok(PyErr::from_value(exc))
}

/// The Python exception for a core error.
pub fn to_py_err(py: Python<'_>, error: &Error) -> PyErr {
    build(py, error).unwrap_or_else(|failed| failed)
}

/// An [`Error::InvalidRequest`] raised by the binding's own argument conversion.
pub fn invalid(endpoint: &'static str, field: &'static str, reason: impl Into<String>) -> Error {
    Error::InvalidRequest {
        endpoint,
        field,
        reason: reason.into(),
    }
}
