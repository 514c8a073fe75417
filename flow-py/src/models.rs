//! The API's entities as Python classes, generated from the core's model table
//! ([`flow_core::for_each_model!`]): a getter per field, so parsing, leniency and the wire names of
//! `to_dict()` stay the core's.

use flow_core as core;
use pyo3::prelude::*;
use pyo3::types::PyType;

use crate::convert::{model_list, Output, RequestId, ToPy};

/// `Name(field=value, ...)` over the summary fields that are set, values in Python's own `repr`.
fn repr(name: &str, fields: &[(&str, Bound<'_, PyAny>)]) -> PyResult<String> {
    let mut parts = Vec::new();
    for (field, value) in fields {
        if !value.is_none() {
            parts.push(format!("{field}={}", value.repr()?));
        }
    }
    Ok(format!("{name}({})", parts.join(", ")))
}

/// Methods a model has besides its fields: passes them on to `$then!` after the model's tokens.
macro_rules! model_extras {
    (Registrant => $then:ident { $($model:tt)* }) => {
        $then! { $($model)* {
            /// Whether the person entered the session (`entry_time` is set).
            #[getter]
            fn attended(&self) -> bool {
                self.0.attended()
            }
        } }
    };
    ($other:ident => $then:ident { $($model:tt)* }) => {
        $then! { $($model)* {} }
    };
}

/// One Python class over a core model: its fields, `extra`, `_request_id`, `to_dict()` (the
/// core's serialization), `from_dict()`, `==` (on the data), pickling and a short `repr`.
macro_rules! py_model {
    (
        $(#[$meta:meta])* $name:ident [$($summary:ident),*]
        {$($(#[$fmeta:meta])* $field:ident),*} {$($extra:tt)*}
    ) => {
        $(#[$meta])*
        #[pyclass(module = "flow_api", frozen, eq)]
        #[derive(Clone)]
        pub struct $name(pub core::$name, pub RequestId);

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.0 == other.0
            }
        }

        #[pymethods]
        impl $name {
            $(
                $(#[$fmeta])*
                #[getter]
                fn $field<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                    self.0.$field.to_py(py, &self.1)
                }
            )*

            /// Fields this SDK does not know, as the server sent them.
            #[getter]
            fn extra<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                self.0.extra.to_py(py, &None)
            }

            /// The request id of the answer this came from (`None` if the server sent none, or
            /// after unpickling).
            #[getter]
            fn _request_id(&self) -> Option<&str> {
                self.1.as_deref()
            }

            /// The API's own field names and values (unknown fields included), as JSON-ready types.
            fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                Ok(pythonize::pythonize(py, &self.0)?)
            }

            /// Reads a `to_dict()` result (or an API object) back.
            #[classmethod]
            fn from_dict(_cls: &Bound<'_, PyType>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
                Ok(Self(pythonize::depythonize(data)?, None))
            }

            fn __reduce__<'py>(
                slf: &Bound<'py, Self>,
            ) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyAny>,))> {
                Ok((slf.get_type().getattr("from_dict")?, (slf.get().to_dict(slf.py())?,)))
            }

            fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
                repr(stringify!($name), &[$((stringify!($summary), self.0.$summary.to_py(py, &None)?)),*])
            }

            $($extra)*
        }

        impl ToPy for core::$name {
            fn to_py<'py>(&self, py: Python<'py>, id: &RequestId) -> PyResult<Bound<'py, PyAny>> {
                Ok(Bound::new(py, $name(self.clone(), id.clone()))?.into_any())
            }
        }

        impl Output for core::$name {
            fn into_python(self, py: Python<'_>, id: RequestId) -> PyResult<Bound<'_, PyAny>> {
                Ok(untracked(Bound::new(py, $name(self, id))?))
            }
        }

        impl Output for Vec<core::$name> {
            fn into_python(self, py: Python<'_>, id: RequestId) -> PyResult<Bound<'_, PyAny>> {
                let items = self
                    .into_iter()
                    .map(|model| Bound::new(py, $name(model, id.clone())).map(untracked))
                    .collect::<PyResult<Vec<_>>>()?;
                model_list::<core::$name, _, _>(py, items, id.clone())
            }
        }
    };
}

/// A model object, left out of Python's cycle collector. It holds no Python object (only the core's
/// model and the request id), so it can be in no cycle; tracked, the collector's passes over
/// 100,000 of them took about a third of reading a 100,000-item list.
fn untracked<T: pyo3::PyClass>(object: Bound<'_, T>) -> Bound<'_, PyAny> {
    // SAFETY: a live object of a GC type; untracking an object is always allowed, and its
    // deallocation untracks only what is still tracked.
    unsafe { pyo3::ffi::PyObject_GC_UnTrack(object.as_ptr().cast()) };
    object.into_any()
}

macro_rules! py_models {
    ($(
        $(#[$meta:meta])* $name:ident [$($summary:ident),*] {
            $($(#[$fmeta:meta])* $wire:literal => $field:ident : $ty:ty),* $(,)?
        }
    )*) => {
        $(model_extras!($name => py_model {
            $(#[$meta])* $name [$($summary),*] {$($(#[$fmeta])* $field),*}
        });)*

        /// Adds every model class to the module.
        pub fn add(module: &Bound<'_, PyModule>) -> PyResult<()> {
            $(module.add_class::<$name>()?;)*
            Ok(())
        }
    };
}

flow_core::for_each_model!(py_models);
