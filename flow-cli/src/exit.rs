//! What the exit status means, and how a failure is told on stderr.

use flow_core::{Error, ErrorKind};

/// Success.
pub const OK: i32 = 0;
/// The API refused or failed the request.
pub const API: i32 = 1;
/// A usage or input error: nothing was sent.
pub const USAGE: i32 = 2;
/// `registrants import` finished with rows that are not registered.
pub const INCOMPLETE: i32 = 3;
/// Interrupted by Ctrl-C.
pub const INTERRUPTED: i32 = 130;

/// Prints `error` (its kind, then its message, which names the status and request id) and
/// returns its exit code.
pub fn report(error: &Error) -> i32 {
    let mut line = format!("flow: {}: {error}", error.kind());
    if let Some(id) = error.request_id().filter(|id| !line.contains(id)) {
        line.push_str(&format!(" [request id {id}]"));
    }
    eprintln!("{line}");
    if error.kind() == ErrorKind::MissingConfiguration {
        eprintln!("flow: set FLOW_API_SECRET, or pass --api-secret-file PATH");
    }
    code(error)
}

/// The exit code for an error.
pub fn code(error: &Error) -> i32 {
    match error.kind() {
        ErrorKind::InvalidRequest | ErrorKind::MissingConfiguration => USAGE,
        ErrorKind::Aborted => INTERRUPTED,
        _ => API,
    }
}

/// Prints an input problem found before anything was sent; returns [`USAGE`].
pub fn usage(message: &str) -> i32 {
    eprintln!("flow: {message}");
    USAGE
}
