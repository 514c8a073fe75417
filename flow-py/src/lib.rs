//! `flow_api._native`: the Flow SDK's Rust core as a Python extension module.
//!
//! Everything that decides behaviour (requests, retries, parsing, validation, error messages) is
//! `flow-core`'s; this crate only converts arguments in and results and errors out, runs calls on
//! a tokio runtime, and adds what only Python needs (pickling, DataFrames, notebook display).

mod client;
mod convert;
mod errors;
mod html;
mod logging;
mod models;
mod report;
mod resources;
mod runtime;
mod sandbox;
mod transport;

use pyo3::prelude::*;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[pymodule]
fn _native(module: &Bound<'_, PyModule>) -> PyResult<()> {
    logging::install(module.py())?;
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    module.add_class::<client::Flow>()?;
    module.add_class::<client::AsyncFlow>()?;
    module.add_class::<sandbox::Sandbox>()?;
    module.add_class::<transport::Request>()?;
    module.add_class::<transport::Response>()?;
    module.add_class::<models::EventSession>()?;
    module.add_class::<models::Person>()?;
    module.add_class::<models::SessionOperator>()?;
    module.add_class::<models::Registration>()?;
    module.add_class::<models::Registrant>()?;
    module.add_class::<models::Operator>()?;
    module.add_class::<models::Survey>()?;
    module.add_class::<models::Room>()?;
    module.add_class::<models::CreatedEvent>()?;
    module.add_class::<report::Report>()?;
    module.add_class::<report::ReportRows>()?;
    module.add_class::<report::SummaryReport>()?;
    module.add_class::<resources::Events>()?;
    module.add_class::<resources::AsyncEvents>()?;
    module.add_class::<resources::Registrants>()?;
    module.add_class::<resources::AsyncRegistrants>()?;
    module.add_class::<resources::Operators>()?;
    module.add_class::<resources::AsyncOperators>()?;
    module.add_class::<resources::Surveys>()?;
    module.add_class::<resources::AsyncSurveys>()?;
    module.add_class::<resources::Reports>()?;
    module.add_class::<resources::AsyncReports>()?;
    module.add_class::<resources::Sso>()?;
    module.add_class::<resources::AsyncSso>()?;
    module.add_function(wrap_pyfunction!(html::_html_table, module)?)?;
    errors::register(module)
}
