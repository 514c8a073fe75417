//! The resource namespaces (`client.events`, `client.reports`, ...), generated from the core's
//! operation table ([`flow_core::for_each_operation!`]), blocking (`Events`) and awaitable
//! (`AsyncEvents`). Every method takes `(*args, timeout=None, max_retries=None, extra_headers=None,
//! **kwargs)`: the arguments go to the core as JSON ([`flow_core::input::decode_call`]), so a bad
//! input gets the same error in every runtime; `__text_signature__` names the table's inputs.

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
        py_resources!(@class call_blocking $($(#[doc = $rdoc])* $sync {$($(#[doc = $doc])* $method $form $endpoint;)*})*);
        py_resources!(@class call_async $($(#[doc = $rdoc])* $asynchronous {$($(#[doc = $doc])* $method $form $endpoint;)*})*);

        /// Adds every resource class to the module.
        pub fn add(module: &Bound<'_, PyModule>) -> PyResult<()> {
            $(module.add_class::<$sync>()?; module.add_class::<$asynchronous>()?;)*
            Ok(())
        }
    };
    (@class $call:ident $(
        $(#[doc = $rdoc:literal])* $class:ident {$($(#[doc = $doc:literal])* $method:ident $form:tt $endpoint:ident;)*}
    )*) => {$(
        $(#[doc = $rdoc])*
        #[pyclass(module = "flow_api", frozen)]
        pub struct $class(pub(crate) Arc<ClientState>);

        #[pymethods]
        impl $class {$(
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
        )*}
    )*};
}

flow_core::for_each_operation!(py_resources);
