//! The core's `log` records, forwarded to Python's `logging` under `flow_api.*`
//! (`logging.getLogger("flow_api").setLevel(logging.DEBUG)` shows each attempt). The core never
//! logs the secret; other crates (HTTP internals) are held at warnings.

use log::LevelFilter;
use pyo3::prelude::*;
use pyo3_log::{Caching, Logger};

/// Installs the bridge once per process. Levels are read from Python on every record (only the
/// logger objects are cached), so a level set after import takes effect.
pub fn install(py: Python<'_>) -> PyResult<()> {
    let logger = Logger::new(py, Caching::Loggers)?
        .set_prefix("flow_api")
        .filter(LevelFilter::Warn)
        .filter_target("flow_core".to_owned(), LevelFilter::Debug);
    // Another copy of this module in the process may have installed it already; one is enough.
    drop(logger.install());
    Ok(())
}
