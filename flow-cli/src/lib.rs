//! The `flow` command line over flow-core: one implementation, run by the `flow` binary
//! (`cargo install --path flow-cli`) and by the Python wheel's `flow` console script alike.
//!
//! Exit codes: [`exit::OK`] 0, [`exit::API`] 1 (the API refused or failed), [`exit::USAGE`] 2
//! (usage or input error; nothing was sent), [`exit::INCOMPLETE`] 3 (an import finished with rows
//! not registered), [`exit::INTERRUPTED`] 130 (Ctrl-C).

mod args;
mod commands;
mod connect;
pub mod exit;
mod import;
mod mock;
mod output;

use std::ffi::OsString;

use clap::Parser;

pub use args::Cli;

/// Parses `args` (the program name first) and runs the command; returns the exit code.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            drop(error.print());
            return if error.use_stderr() { exit::USAGE } else { exit::OK };
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("flow: could not start: {error}");
            return exit::API;
        }
    };
    let hint = match &cli.command {
        args::Command::Registrants(args::Registrants::Import { journal, .. }) => {
            format!("; {}", import::rerun_hint(journal.as_deref()))
        }
        _ => String::new(),
    };
    runtime.block_on(async {
        // Biased, Ctrl-C first: its handler is installed when first polled, which must happen
        // before the command prints anything a caller may react to with a SIGINT.
        tokio::select! {
            biased;
            _ = tokio::signal::ctrl_c() => {
                eprintln!("flow: interrupted{hint}");
                exit::INTERRUPTED
            }
            code = commands::run(cli) => code,
        }
    })
}
