//! The account's API secret, wrapped so that it cannot leak through formatting.

use std::fmt;

use crate::Error;

/// The longest secret accepted; redaction scans for every encoding of it, so it stays bounded.
pub const MAX_SECRET_LEN: usize = 1024;

/// The `api-secret` that manages a whole Flow account.
///
/// `Debug` and `Display` print a redaction, so the value never reaches a log line, an error message
/// or a binding's `repr`. The only way to read it is [`Secret::expose`], which the request builder
/// calls when it sets the header.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// Checks a secret as every runtime takes it: surrounding whitespace (a trailing newline from a
    /// file) is trimmed, and blank means no secret. A control character inside, or a value longer
    /// than [`MAX_SECRET_LEN`], is refused without echoing the value: it could never be sent as a
    /// header, and the error must not print the secret.
    pub fn parse(value: &str) -> Result<Option<Secret>, Error> {
        let value = value.trim();
        let refuse = |reason: &str| {
            Error::MissingConfiguration {
            endpoint: crate::config::CLIENT,
            message: format!(
                "the API secret {reason} (its value is not shown); copy it again from Flow's account settings into api_secret (apiSecret in JS) or FLOW_API_SECRET"
            ),
        }
        };
        if value.is_empty() {
            Ok(None)
        } else if value.chars().any(char::is_control) {
            Err(refuse("contains a control character"))
        } else if value.len() > MAX_SECRET_LEN {
            Err(refuse("is longer than 1024 characters"))
        } else {
            Ok(Some(Secret(value.to_owned())))
        }
    }

    /// The raw value; call only to put it on the wire.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(\"***\")")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self::new(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formatting_never_shows_the_value() {
        let s = Secret::new("hunter2-very-secret");
        assert!(!format!("{s:?}").contains("hunter2"));
        assert!(!format!("{s}").contains("hunter2"));
        assert_eq!(s.expose(), "hunter2-very-secret");
    }

    #[test]
    fn parse_trims_and_refuses_control_characters_without_echo() {
        assert_eq!(Secret::parse(" k3y\n").unwrap().unwrap().expose(), "k3y");
        assert!(Secret::parse(" \t\n").unwrap().is_none());
        let e = Secret::parse("ab\ncd-s3cret").unwrap_err().to_string();
        assert!(!e.contains("s3cret"), "{e}");
    }
}
