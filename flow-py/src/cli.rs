//! The wheel's `flow` console script: the command line's own code (`flow-cli`), run with the GIL
//! released, so `pip install` and `cargo install` give the same `flow`.

use std::ffi::OsString;

use pyo3::prelude::*;

/// Runs `flow` with `argv` (the program name first); returns its exit status.
#[pyfunction]
pub fn _cli_main(py: Python<'_>, argv: Vec<OsString>) -> i32 {
    py.detach(|| flow_cli::run(argv))
}
