//! Rust values to Python objects: model fields, and what each endpoint returns.

use flow_core::Error;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyList;
use pyo3::IntoPyObjectExt;
use serde_json::{Map, Value};

use crate::errors::to_py_err;

/// A model field as a Python value.
pub trait ToPy {
    /// The Python value.
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>>;
}

impl<T: ToPy> ToPy for Option<T> {
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match self {
            Some(value) => value.to_py(py),
            None => Ok(py.None().into_bound(py)),
        }
    }
}

macro_rules! plain_to_py {
    ($($ty:ty),*) => {$(
        impl ToPy for $ty {
            fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                self.into_bound_py_any(py)
            }
        }
    )*};
}
plain_to_py!(String, i64, f64, bool);

macro_rules! json_to_py {
    ($($ty:ty),*) => {$(
        impl ToPy for $ty {
            fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                Ok(pythonize::pythonize(py, self)?)
            }
        }
    )*};
}
json_to_py!(Value, Map<String, Value>, Vec<Value>);

/// What an endpoint returns, as Python sees it.
pub trait Output: Send + 'static {
    /// The Python value.
    fn into_python(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>>;
}

/// A finished call; converted to Python (or to the exception) once the GIL is held.
pub struct Finished<O>(pub Result<O, Error>);

impl<'py, O: Output> IntoPyObject<'py> for Finished<O> {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match self.0 {
            Ok(output) => output.into_python(py),
            Err(error) => Err(to_py_err(py, &error)),
        }
    }
}

static MODEL_LIST: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static LATER: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static READY: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// A `flow_api.ModelList` (a `list` that renders as a table in notebooks) of `items`.
pub fn model_list<'py, T, I>(py: Python<'py>, items: I) -> PyResult<Bound<'py, PyAny>>
where
    I: IntoIterator<Item = T>,
    T: IntoPyObject<'py>,
{
    let list = PyList::new(py, items)?;
    MODEL_LIST
        .import(py, "flow_api._support", "ModelList")?
        .call1((list,))
}

/// A coroutine that calls `start()` when first awaited and awaits what it returns.
pub fn later<'py>(start: Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let py = start.py();
    LATER.import(py, "flow_api._support", "_later")?.call1((start,))
}

/// A coroutine that returns `value`.
pub fn ready<'py>(value: Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let py = value.py();
    READY.import(py, "flow_api._support", "_ready")?.call1((value,))
}
