//! The resource namespaces (`client.events`, `client.reports`, ...), generated from the core's
//! operation table ([`flow_core::for_each_operation!`]), blocking (`Events`) and awaitable
//! (`AsyncEvents`). Every method takes `(*args, timeout=None, max_retries=None, extra_headers=None,
//! **kwargs)`: the arguments go to the core as JSON ([`flow_core::input::decode_call`]), so a bad
//! input gets the same error in every runtime; `__text_signature__` names the table's inputs.

use std::path::PathBuf;
use std::sync::Arc;

use flow_core::endpoints::*;
use flow_core::input::{decode_call, KeyCase};
use flow_core::operations::Operational;
use flow_core::settings::{NameCase, Passed, TimeUnit, CALL_OPTIONS};
use flow_core::{Error, RequestOptions};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use serde_json::Value;

use crate::client::ClientState;
use crate::convert::{json, json_object, kwargs};

/// A call's input and options, as the core decodes them.
pub type Call<E> = Result<(E, RequestOptions), Error>;

fn decode<E: Operational>(
    args: &Bound<'_, PyTuple>,
    named: Option<&Bound<'_, PyDict>>,
    options: [(&str, Option<&Bound<'_, PyAny>>); 3],
) -> Call<E> {
    let mut inputs = E::OPERATION.inputs();
    let positional = args
        .iter()
        .map(|value| json(E::NAME, inputs.next().unwrap_or("input"), &value))
        .collect::<Result<_, _>>()?;
    let endpoint = decode_call::<E>(positional, json_object(E::NAME, kwargs(named))?, KeyCase::Snake)?;
    let options = options.map(|(name, value)| (name.to_owned(), value.cloned()));
    let options = Value::Object(json_object(E::NAME, options)?);
    let options = Passed::read(options, NameCase::Neutral, CALL_OPTIONS, &[], E::NAME)?;
    Ok((endpoint, options.call_options(E::NAME, TimeUnit::Seconds)?))
}

/// The Python parameter list of a method, for its `__text_signature__`.
macro_rules! py_params {
    (($($arg:ident),*)) => { concat!($(stringify!($arg), ", ",)*) };
    ({$($req:ident),* $(; $($opt:ident),*)?}) => {
        concat!($(stringify!($req), ", ",)* $($(stringify!($opt), "=None, ",)*)?)
    };
}

macro_rules! py_resources {
    ($(
        $(#[doc = $rdoc:literal])*
        $resource:ident: $sync:ident / $asynchronous:ident {$(
            $(#[doc = $doc:literal])*
            fn $method:ident / $js:ident $form:tt = $endpoint:ident;
        )*}
    )*) => {
        $(
            resource_extras!($sync true py_resource {
                call_blocking $(#[doc = $rdoc])* $sync {$($(#[doc = $doc])* $method $form $endpoint;)*}
            });
            resource_extras!($asynchronous false py_resource {
                call_async $(#[doc = $rdoc])* $asynchronous {$($(#[doc = $doc])* $method $form $endpoint;)*}
            });
        )*

        /// Adds every resource class to the module.
        pub fn add(module: &Bound<'_, PyModule>) -> PyResult<()> {
            $(module.add_class::<$sync>()?; module.add_class::<$asynchronous>()?;)*
            Ok(())
        }
    };
}

/// One resource class: a method per operation of the table, then the `extra` methods (its jobs).
macro_rules! py_resource {
    (
        $call:ident $(#[doc = $rdoc:literal])* $class:ident
        {$($(#[doc = $doc:literal])* $method:ident $form:tt $endpoint:ident;)*} {$($extra:tt)*}
    ) => {
        $(#[doc = $rdoc])*
        #[pyclass(module = "flow_api", frozen)]
        pub struct $class(pub(crate) Arc<ClientState>);

        #[pymethods]
        impl $class {
            $(
                #[doc = concat!(
                    stringify!($method), "($self, ", py_params!($form),
                    "*, timeout=None, max_retries=None, extra_headers=None)\n--\n"
                )]
                $(#[doc = $doc])*
                #[pyo3(
                    signature = (*args, timeout = None, max_retries = None, extra_headers = None, **kwargs),
                    text_signature = None
                )]
                fn $method<'py>(
                    &self,
                    args: &Bound<'py, PyTuple>,
                    timeout: Option<&Bound<'py, PyAny>>,
                    max_retries: Option<&Bound<'py, PyAny>>,
                    extra_headers: Option<&Bound<'py, PyAny>>,
                    kwargs: Option<&Bound<'py, PyDict>>,
                ) -> PyResult<Bound<'py, PyAny>> {
                    let options = [("timeout", timeout), ("max_retries", max_retries), ("extra_headers", extra_headers)];
                    self.0.$call::<$endpoint>(args.py(), decode(args, kwargs, options))
                }
            )*
            $($extra)*
        }
    };
}

/// The jobs (`flow_core::jobs::JOBS`) of a resource, passed on to `$then!` as its extra methods;
/// `$blocking` says whether they wait (`Flow`) or return a coroutine (`AsyncFlow`).
macro_rules! resource_extras {
    (Registrants $blocking:literal $then:ident {$($class:tt)*}) => { job_methods!(create_many $blocking $then {$($class)*}); };
    (AsyncRegistrants $blocking:literal $then:ident {$($class:tt)*}) => { job_methods!(create_many $blocking $then {$($class)*}); };
    (Reports $blocking:literal $then:ident {$($class:tt)*}) => { job_methods!(collect $blocking $then {$($class)*}); };
    (AsyncReports $blocking:literal $then:ident {$($class:tt)*}) => { job_methods!(collect $blocking $then {$($class)*}); };
    ($other:ident $blocking:literal $then:ident {$($class:tt)*}) => { $then! { $($class)* {} } };
}

macro_rules! job_methods {
    (create_many $blocking:literal $then:ident {$($class:tt)*}) => { $then! { $($class)* {
        /// Registers every row, concurrently (`concurrency`, default 8, at most 64) and never
        /// anyone twice: one `RowResult` per input row, in input order, in a `BulkResult`.
        ///
        /// `rows`: mappings (keys `email`, `first_name`/`firstName`, `last_name`/`lastName`,
        /// optional `session_token`, else the `session_token` argument), a pandas or polars
        /// DataFrame, or the path of a CSV file with a header; read as a stream. `journal`: a
        /// file recording every row, so a rerun after a failure or an interruption sends only
        /// what is not done (and reads the session before resending a row whose outcome was
        /// unknown). `progress`: `True` for a bar (tqdm when installed), or a callable
        /// `(done, total)` called from the SDK's I/O thread. Ctrl-C or cancelling the task stops
        /// the job promptly; the journal keeps what was done.
        #[pyo3(signature = (rows, *, session_token = None, concurrency = None, journal = None, progress = None))]
        fn create_many<'py>(
            &self,
            py: Python<'py>,
            rows: Py<PyAny>,
            session_token: Option<Py<PyAny>>,
            concurrency: Option<Py<PyAny>>,
            journal: Option<PathBuf>,
            progress: Option<Py<PyAny>>,
        ) -> PyResult<Bound<'py, PyAny>> {
            crate::bulk::create_many(py, &self.0, $blocking, rows, session_token, concurrency, journal, progress)
        }
    } } };
    (collect $blocking:literal $then:ident {$($class:tt)*}) => { $then! { $($class)* {
        /// One report of `kind` (`"registrants"`, `"attendee_chat"`, `"operator_chat"` or
        /// `"survey"` with `survey_id`) across many sessions: `sessions` (tokens or
        /// `EventSession`s) or every session of `period`, fetched `concurrency` at a time
        /// (default 8). The `Report` starts with the columns `Session Token` and `Session Title`,
        /// then the union of the sessions' columns; `.failures` maps each session that could not
        /// be read to its error. `progress` as for `registrants.create_many`, per session.
        #[pyo3(signature = (kind, *, sessions = None, period = None, survey_id = None, concurrency = None, progress = None))]
        #[allow(clippy::too_many_arguments)]
        fn collect<'py>(
            &self,
            py: Python<'py>,
            kind: Py<PyAny>,
            sessions: Option<Py<PyAny>>,
            period: Option<Py<PyAny>>,
            survey_id: Option<Py<PyAny>>,
            concurrency: Option<Py<PyAny>>,
            progress: Option<Py<PyAny>>,
        ) -> PyResult<Bound<'py, PyAny>> {
            crate::collect::collect(py, &self.0, $blocking, kind, sessions, period, survey_id, concurrency, progress)
        }
    } } };
}

flow_core::for_each_operation!(py_resources);
