//! Between Python and the core: Python arguments to JSON values the core decodes and checks, and
//! the core's results to Python objects.

use std::sync::Arc;

use flow_core::Error;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyFloat, PyList};
use pyo3::IntoPyObjectExt;
use serde_json::{Map, Value};

use crate::errors::to_py_err;

/// The request id of the answer a result came from, shared by every object made from it.
pub type RequestId = Option<Arc<str>>;

/// A Python argument as JSON, for the core to decode and check. Only what has no JSON form is
/// refused here (NaN or an infinity, an int beyond 64 bits, an object), naming the argument.
pub fn json(endpoint: &'static str, name: &str, value: &Bound<'_, PyAny>) -> Result<Value, Error> {
    let finite = value.cast::<PyFloat>().map_or(true, |f| f.value().is_finite());
    let reason = match pythonize::depythonize::<Value>(value) {
        Ok(json) if finite => return Ok(json),
        Ok(_) => "must be a finite number".to_owned(),
        Err(e) => format!("cannot be sent as JSON ({e})"),
    };
    Err(Error::InvalidRequest {
        endpoint,
        field: name.to_owned().into(),
        reason,
    })
}

/// Named arguments (`**kwargs`, or a constructor's keywords) as a JSON object; `None` values are
/// kept as `null`, which the core reads as "not given".
pub fn json_object<'py>(
    endpoint: &'static str,
    pairs: impl IntoIterator<Item = (String, Option<Bound<'py, PyAny>>)>,
) -> Result<Map<String, Value>, Error> {
    let mut map = Map::new();
    for (name, value) in pairs {
        if let Some(value) = value {
            map.insert(name.clone(), json(endpoint, &name, &value)?);
        }
    }
    Ok(map)
}

/// The items of a `**kwargs` dict, for [`json_object`].
pub fn kwargs<'py>(dict: Option<&Bound<'py, PyDict>>) -> Vec<(String, Option<Bound<'py, PyAny>>)> {
    dict.map(|d| d.iter().map(|(k, v)| (k.to_string(), Some(v))).collect())
        .unwrap_or_default()
}

/// A core `Result` as a Python one.
pub trait OrRaise<T> {
    /// The value, or the core error as its Python exception.
    fn or_raise(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> OrRaise<T> for Result<T, Error> {
    fn or_raise(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| to_py_err(py, &e))
    }
}

/// A model field as a Python value; nested models carry the request id of the answer.
pub trait ToPy {
    /// The Python value.
    fn to_py<'py>(&self, py: Python<'py>, id: &RequestId) -> PyResult<Bound<'py, PyAny>>;
}

impl<T: ToPy> ToPy for Option<T> {
    fn to_py<'py>(&self, py: Python<'py>, id: &RequestId) -> PyResult<Bound<'py, PyAny>> {
        match self {
            Some(value) => value.to_py(py, id),
            None => Ok(py.None().into_bound(py)),
        }
    }
}

impl<T: ToPy> ToPy for Vec<T> {
    fn to_py<'py>(&self, py: Python<'py>, id: &RequestId) -> PyResult<Bound<'py, PyAny>> {
        let items = self.iter().map(|item| item.to_py(py, id));
        Ok(PyList::new(py, items.collect::<PyResult<Vec<_>>>()?)?.into_any())
    }
}

macro_rules! plain_to_py {
    ($($ty:ty),*) => {$(
        impl ToPy for $ty {
            fn to_py<'py>(&self, py: Python<'py>, _: &RequestId) -> PyResult<Bound<'py, PyAny>> {
                self.into_bound_py_any(py)
            }
        }
    )*};
}
plain_to_py!(String, i64, f64, bool);

macro_rules! json_to_py {
    ($($ty:ty),*) => {$(
        impl ToPy for $ty {
            fn to_py<'py>(&self, py: Python<'py>, _: &RequestId) -> PyResult<Bound<'py, PyAny>> {
                Ok(pythonize::pythonize(py, self)?)
            }
        }
    )*};
}
json_to_py!(Value, Map<String, Value>);

/// What an endpoint returns, as Python sees it.
pub trait Output: Send + 'static {
    /// The Python value, carrying the answer's request id.
    fn into_python(self, py: Python<'_>, id: RequestId) -> PyResult<Bound<'_, PyAny>>;
}

/// A finished call: its result and request id, converted once the GIL is held.
pub struct Finished<O>(pub Result<(O, Option<String>), Error>);

impl<'py, O: Output> IntoPyObject<'py> for Finished<O> {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let (output, id) = self.0.or_raise(py)?;
        output.into_python(py, id.map(Arc::from))
    }
}

static SUPPORT: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// A helper of `flow_api._support`, the package's Python side.
pub fn support<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    let module = SUPPORT.get_or_try_init(py, || py.import("flow_api._support").map(Bound::unbind))?;
    module.bind(py).getattr(name)
}

/// A `flow_api.ModelList` (a `list` that renders as a table in notebooks and converts to
/// DataFrames) of `items`, whose model's fields (in the table's order) are `model`'s.
pub fn model_list<'py, M, T, I>(py: Python<'py>, items: I, id: RequestId) -> PyResult<Bound<'py, PyAny>>
where
    M: flow_core::models::Model,
    I: IntoIterator<Item = T>,
    T: IntoPyObject<'py>,
{
    let columns: Vec<&str> = M::FIELDS.iter().map(|field| field.wire).collect();
    support(py, "ModelList")?.call1((PyList::new(py, items)?, id.as_deref(), columns))
}

/// A coroutine that calls `start()` when first awaited and awaits what it returns.
pub fn later<'py>(start: Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    support(start.py(), "_later")?.call1((start,))
}

/// A coroutine that returns `value`.
pub fn ready<'py>(value: Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    support(value.py(), "_ready")?.call1((value,))
}
