//! Input checks shared by endpoints, so bad input fails before anything is sent.

use crate::endpoint::invalid;
use crate::Error;

/// A plausible email: one `@`, a non-empty local part, a dotted domain, no inner spaces. Surrounding
/// spaces (a pasted address) are allowed: the endpoints send the trimmed value.
pub(crate) fn email(endpoint: &'static str, value: &str) -> Result<(), Error> {
    let value = value.trim();
    let reason = if value.is_empty() {
        Some("must not be empty")
    } else if value.len() > 254 || value.chars().any(char::is_whitespace) {
        Some("must be one address without spaces")
    } else {
        match value.rsplit_once('@') {
            Some((local, domain))
                if !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains('@') =>
            {
                None
            }
            _ => Some("is not an email address (expected name@example.com)"),
        }
    };
    match reason {
        Some(reason) => Err(invalid(endpoint, "email", format!("{value:?} {reason}"))),
        None => Ok(()),
    }
}

/// A value that must have visible text.
pub(crate) fn non_empty(endpoint: &'static str, field: &'static str, value: &str) -> Result<(), Error> {
    if value.trim().is_empty() {
        return Err(invalid(endpoint, field, "must not be empty".to_owned()));
    }
    Ok(())
}
