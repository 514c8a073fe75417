//! Log lines to Python's `logging`. The core decides which lines a client writes (its `log_level`,
//! from `FLOW_LOG` or the `log_level` setting) and redacts them; they go to the `flow_api` logger.

use flow_core::settings::LogLevel;
use flow_core::Logger;
use pyo3::prelude::*;

use crate::convert::support;

/// Python's number for a level; `None` for off.
fn python_level(level: LogLevel) -> Option<u8> {
    match level {
        LogLevel::Off => None,
        LogLevel::Warn => Some(30),
        LogLevel::Info => Some(20),
        LogLevel::Debug => Some(10),
    }
}

/// Writes the core's lines to `logging.getLogger("flow_api")`.
pub struct PyLogger;

impl Logger for PyLogger {
    fn log(&self, level: LogLevel, line: &str) {
        let Some(level) = python_level(level) else { return };
        Python::attach(|py| {
            let logger = support(py, "_logger");
            if let Err(err) = logger.and_then(|logger| logger.call_method1("log", (level, line))) {
                err.write_unraisable(py, None);
            }
        });
    }
}

/// When a client logs, the `flow_api` logger gets a stderr handler (once, if it has none) and the
/// level, as openai-python does for `OPENAI_LOG`.
pub fn enable(py: Python<'_>, level: LogLevel) -> PyResult<()> {
    match python_level(level) {
        Some(level) => support(py, "_enable_logging")?.call1((level,)).map(drop),
        None => Ok(()),
    }
}
