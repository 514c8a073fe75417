//! The API's entities as Python classes: thin wrappers over the core models, so parsing, leniency
//! and the wire names of `to_dict()` stay the core's.

use flow_core as core;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyType};

use crate::convert::{model_list, Output, ToPy};

/// `Name(field=value, ...)` over the fields that are set, values in Python's own `repr`.
fn repr(py: Python<'_>, name: &str, fields: &[(&str, &dyn ToPy)]) -> PyResult<String> {
    let mut parts = Vec::new();
    for (field, value) in fields {
        let value = value.to_py(py)?;
        if !value.is_none() {
            parts.push(format!("{field}={}", value.repr()?));
        }
    }
    Ok(format!("{name}({})", parts.join(", ")))
}

/// Declares the Python class of a core model: a getter per field, `extra`, `to_dict()` (the
/// core's serialization: wire names, unknown fields kept), `from_dict()`, `==`, pickling and a
/// short `repr` over the `repr` fields.
macro_rules! models {
    ($(
        $(#[$doc:meta])*
        $name:ident($core:ty) {
            repr: [$($repr:ident),*],
            fields: [$($field:ident),* $(,)?],
            $(extra: $extra:ident,)?
            methods: {$($methods:tt)*}
        }
    )*) => {$(
        $(#[$doc])*
        #[pyclass(module = "flow_api", frozen, eq)]
        #[derive(Clone, PartialEq)]
        pub struct $name(pub $core);

        #[pymethods]
        impl $name {
            $(
                #[getter]
                fn $field<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                    self.0.$field.to_py(py)
                }
            )*

            $(
                /// Fields this SDK does not know, as the server sent them.
                #[getter]
                fn $extra<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                    Ok(pythonize::pythonize(py, &self.0.$extra)?)
                }
            )?

            /// The API's own field names and values (unknown fields included), as JSON-ready types.
            fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                Ok(pythonize::pythonize(py, &self.0)?)
            }

            /// Reads a `to_dict()` result (or an API object) back.
            #[classmethod]
            fn from_dict(_cls: &Bound<'_, PyType>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
                Ok(Self(pythonize::depythonize(data)?))
            }

            fn __reduce__<'py>(
                slf: &Bound<'py, Self>,
            ) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyAny>,))> {
                let py = slf.py();
                Ok((slf.get_type().getattr("from_dict")?, (slf.get().to_dict(py)?,)))
            }

            fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
                repr(py, stringify!($name), &[$((stringify!($repr), &self.0.$repr)),*])
            }

            $($methods)*
        }

        impl ToPy for $core {
            fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                Ok(Bound::new(py, $name(self.clone()))?.into_any())
            }
        }

        impl Output for $core {
            fn into_python(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
                Ok(Bound::new(py, $name(self))?.into_any())
            }
        }

        impl Output for Vec<$core> {
            fn into_python(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
                model_list(py, self.into_iter().map($name))
            }
        }
    )*};
}

impl ToPy for Vec<core::SessionOperator> {
    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(PyList::new(py, self.iter().cloned().map(SessionOperator))?.into_any())
    }
}

models! {
    /// An event session: a list item, the authenticated info, or the public subset.
    EventSession(core::EventSession) {
        repr: [token, title, date, time, timezone],
        fields: [
            token, event_token, title, description, date, time, timezone, duration,
            early_access_period, published, video_record, on_demand_replays, access_status,
            create_date, creator, operators, analytics, feedback_questions,
        ],
        extra: extra,
        methods: {}
    }

    /// A person embedded in a session, such as its creator.
    Person(core::Person) {
        repr: [id, email, first_name, last_name],
        fields: [id, email, first_name, last_name],
        extra: extra,
        methods: {}
    }

    /// An operator assigned to a session (role 5 = presenter, 10 = organizer).
    SessionOperator(core::SessionOperator) {
        repr: [id, email, role],
        fields: [
            id, email, first_name, last_name, role, mic_enabled, cam_enabled, screen_sharing_enabled,
        ],
        extra: extra,
        methods: {}
    }

    /// The result of a registration or an SSO login link: the personal join `url`, and `is_new`
    /// (false when that email was already registered).
    Registration(core::Registration) {
        repr: [id, token, is_new, url],
        fields: [url, token, date, time, timezone, is_new, pass_code, id],
        extra: extra,
        methods: {}
    }

    /// A person registered for a session, with attendance when they came.
    Registrant(core::Registrant) {
        repr: [email, first_name, last_name, entry_time, exit_time],
        fields: [
            user_id, event_session_id, token, email, first_name, last_name, phone, location,
            entry_time, exit_time, role, mic_enabled, cam_enabled, screen_sharing_enabled,
        ],
        extra: extra,
        methods: {
            /// Whether the person entered the session (`entry_time` is set).
            #[getter]
            fn attended(&self) -> bool {
                self.0.attended()
            }
        }
    }

    /// A user of the account who can run sessions; `id` is what `events.create` wants.
    Operator(core::Operator) {
        repr: [id, email, first_name, last_name],
        fields: [
            id, user_id, token, account_token, account_service_level, email, first_name, last_name,
            title, company, phone, bio, linkedin_url, twitter_id, avatar_token, avatar_extension,
            permission, created_by, created_date,
        ],
        extra: extra,
        methods: {}
    }

    /// A survey of a session; its `id` fetches the survey's response report.
    Survey(core::Survey) {
        repr: [id, name],
        fields: [id, name, text, anonymous, result_display_option],
        extra: extra,
        methods: {}
    }

    /// A room of the SSO API; `room_id` goes into `sso.login_link`.
    Room(core::Room) {
        repr: [id, room_id, title],
        fields: [id, title, room_id, description, account_token, creator_id, account_id],
        extra: extra,
        methods: {}
    }

    /// The answer to `events.create`: the server's message, and the new session when the server
    /// returned it (the public record does not promise it does).
    CreatedEvent(core::CreatedEvent) {
        repr: [message, session],
        fields: [message, session],
        methods: {}
    }
}
