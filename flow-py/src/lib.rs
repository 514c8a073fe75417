//! `flow_api._native`: the Flow SDK's Rust core as a Python extension module.
//!
//! Everything that decides behaviour (settings, input decoding, requests, retries, parsing, error
//! messages, logging levels) is `flow-core`'s, and the classes follow its tables: the resources
//! and clients its operation table, the models its model table. This crate only converts
//! arguments in and results and errors out, runs calls on a tokio runtime, and adds what only
//! Python needs (pickling, DataFrames, notebook display).

mod bulk;
mod cli;
mod client;
mod collect;
mod convert;
mod errors;
mod jobs;
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
    client::init_runtime(module.py())?;
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    module.add_class::<client::Flow>()?;
    module.add_class::<client::AsyncFlow>()?;
    module.add_class::<sandbox::Sandbox>()?;
    module.add_class::<transport::Request>()?;
    module.add_class::<transport::Response>()?;
    module.add_class::<report::Report>()?;
    module.add_class::<report::ReportRows>()?;
    module.add_function(wrap_pyfunction!(cli::_cli_main, module)?)?;
    models::add(module)?;
    resources::add(module)?;
    errors::register(module)
}
