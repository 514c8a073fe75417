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

/// Declares each class (name, base, the core kinds it stands for, doc), adds them to the module
/// and maps kinds to them; a kind not listed raises `FlowError`.
macro_rules! exceptions {
    ($($name:ident($base:ty) [$($kind:ident)?] $doc:literal;)*) => {
        $(create_exception!(flow_api, $name, $base, $doc);)*

        fn add_classes(module: &Bound<'_, PyModule>) -> PyResult<()> {
            $(module.add(stringify!($name), module.py().get_type::<$name>())?;)*
            Ok(())
        }

        fn class_for(py: Python<'_>, kind: ErrorKind) -> PyResult<Bound<'_, PyType>> {
            Ok(match kind {
                $($(ErrorKind::$kind => py.get_type::<$name>(),)?)*
                ErrorKind::InvalidRequest => invalid_request_type(py)?.clone(),
                _ => py.get_type::<FlowError>(),
            })
        }
    };
}

exceptions! {
    FlowError(PyException) [] "Base class of every error the Flow SDK raises. `kind` names the neutral error kind; calls made without a needed setting (the API secret) raise this class itself. `may_have_been_processed` is False only when the server provably did not act on the request: when True after a write, check with registrants.list (or events.list) before sending it again.";
    APIError(FlowError) [] "A call reached (or tried to reach) the Flow API and failed.";
    APIStatusError(APIError) [ApiStatus] "The server answered with an error status, or a 2xx whose envelope `code` is not 200.";
    BadRequestError(APIStatusError) [BadRequest] "HTTP 400.";
    AuthenticationError(APIStatusError) [Authentication] "HTTP 401: check the api-secret.";
    PermissionDeniedError(APIStatusError) [PermissionDenied] "HTTP 403.";
    NotFoundError(APIStatusError) [NotFound] "HTTP 404.";
    ConflictError(APIStatusError) [Conflict] "HTTP 409.";
    UnprocessableEntityError(APIStatusError) [UnprocessableEntity] "HTTP 422.";
    RateLimitError(APIStatusError) [RateLimit] "HTTP 429, after the retries the SDK could safely make.";
    InternalServerError(APIStatusError) [InternalServer] "HTTP 500 and above.";
    APIConnectionError(APIError) [Connection] "The connection failed; str(exc) says whether the request may have been sent.";
    APITimeoutError(APIConnectionError) [Timeout] "An attempt exceeded its timeout.";
    APIResponseValidationError(APIError) [ResponseValidation] "The server answered, but not with what the endpoint returns (HTML, truncated JSON, wrong shape).";
}

/// `InvalidRequestError(FlowError, ValueError)`: two bases, which `create_exception!` cannot express.
static INVALID_REQUEST: PyOnceLock<Py<PyType>> = PyOnceLock::new();

fn invalid_request_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    INVALID_REQUEST
        .get_or_try_init(py, || {
            let bases = (py.get_type::<FlowError>(), py.get_type::<PyValueError>());
            let namespace = PyDict::new(py);
            namespace.set_item("__module__", "flow_api")?;
            namespace.set_item(
                "__doc__",
                "Bad input, refused before anything was sent (a bad email, an empty token, a name containing the SSO separator, an argument the method does not take). `field` names the argument.",
            )?;
            namespace.set_item("field", py.None())?;
            let class = py
                .get_type::<PyType>()
                .call1(("InvalidRequestError", PyTuple::new(py, [bases.0, bases.1])?, namespace))?;
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
    add_classes(module)?;
    module.add("InvalidRequestError", invalid_request_type(py)?)
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
