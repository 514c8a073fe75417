//! Client configuration shared by every runtime, and the one place its values are checked.

use std::time::Duration;

use crate::settings::{merge_headers, LogLevel, RequestOptions};
use crate::{Error, Secret};

/// The production API root, used when neither the caller nor `FLOW_BASE_URL` names another.
pub const DEFAULT_BASE_URL: &str = "https://prod.flowapp.com/api/v1";
/// Default per-attempt timeout.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The longest timeout accepted: 2^31 − 1 ms, what JS timers can wait, so every runtime agrees.
pub const MAX_TIMEOUT: Duration = Duration::from_millis(2_147_483_647);
/// Default number of retries after the first attempt.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// The most retries accepted: more only hammers a failing server for minutes.
pub const MAX_RETRIES_LIMIT: u32 = 10;
/// Default bound on one response body (512 MiB): a hostile or broken server cannot exhaust memory.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 512 * 1024 * 1024;

/// Operation name in errors about the client's own settings.
pub const CLIENT: &str = "client";

/// Everything a request needs besides its own arguments.
#[derive(Clone, Debug)]
pub struct Config {
    /// API root such as `https://prod.flowapp.com/api/v1`; a trailing `/` is ignored.
    pub base_url: String,
    /// The account secret; `None` allows only the public endpoints.
    pub api_secret: Option<Secret>,
    /// Per-attempt timeout, enforced by the transport.
    pub timeout: Duration,
    /// Retries after the first attempt, for failures the retry policy deems safe to repeat.
    pub max_retries: u32,
    /// The largest response body read; a longer one fails with nothing more buffered.
    pub max_response_bytes: u64,
    /// Headers sent with every request, after the SDK's own (`None` removes one of those).
    pub default_headers: Vec<(String, Option<String>)>,
    /// What the client logs.
    pub log_level: LogLevel,
    /// The `User-Agent` sent, naming the package and runtime; `None` sends none (browsers set
    /// their own).
    pub user_agent: Option<String>,
    /// The client was rebuilt from a copy that never holds the secret (a Python pickle sent to a
    /// worker), so a missing secret is explained as missing on that worker.
    pub secret_withheld: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            base_url: DEFAULT_BASE_URL.to_owned(),
            api_secret: None,
            timeout: DEFAULT_TIMEOUT,
            max_retries: DEFAULT_MAX_RETRIES,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            default_headers: Vec::new(),
            log_level: LogLevel::Off,
            user_agent: None,
            secret_withheld: false,
        }
    }
}

impl Config {
    /// This configuration with the per-call overrides applied, after checking them.
    pub fn with_options(&self, options: &RequestOptions, endpoint: &'static str) -> Result<Config, Error> {
        let mut default_headers = self.default_headers.clone();
        merge_headers(&mut default_headers, options.extra_headers.clone());
        Ok(Config {
            base_url: self.base_url.clone(),
            api_secret: self.api_secret.clone(),
            timeout: options
                .timeout
                .map(|t| check_timeout(endpoint, t))
                .transpose()?
                .unwrap_or(self.timeout),
            max_retries: options
                .max_retries
                .map(|n| check_max_retries(endpoint, u64::from(n)))
                .transpose()?
                .unwrap_or(self.max_retries),
            max_response_bytes: self.max_response_bytes,
            default_headers,
            log_level: self.log_level,
            secret_withheld: self.secret_withheld,
            user_agent: self.user_agent.clone(),
        })
    }

    /// Checks every value, as a client does at construction.
    pub fn validate(mut self) -> Result<Config, Error> {
        self.base_url = check_base_url(&self.base_url)?;
        self.timeout = check_timeout(CLIENT, self.timeout)?;
        self.max_retries = check_max_retries(CLIENT, u64::from(self.max_retries))?;
        self.max_response_bytes = check_max_response_bytes(self.max_response_bytes)?;
        self.api_secret = self
            .api_secret
            .map(|s| Secret::parse(s.expose()))
            .transpose()?
            .flatten();
        Ok(self)
    }
}

fn invalid(endpoint: &'static str, field: &'static str, reason: &str) -> Error {
    Error::InvalidRequest {
        endpoint,
        field: field.into(),
        reason: reason.to_owned(),
    }
}

/// A timeout must be positive and at most [`MAX_TIMEOUT`].
pub fn check_timeout(endpoint: &'static str, timeout: Duration) -> Result<Duration, Error> {
    if timeout.is_zero() || timeout > MAX_TIMEOUT {
        return Err(invalid(
            endpoint,
            "timeout",
            "must be positive and at most 2147483647 ms (about 24.8 days)",
        ));
    }
    Ok(timeout)
}

/// Retries must be between 0 and [`MAX_RETRIES_LIMIT`].
pub fn check_max_retries(endpoint: &'static str, retries: u64) -> Result<u32, Error> {
    u32::try_from(retries)
        .ok()
        .filter(|n| *n <= MAX_RETRIES_LIMIT)
        .ok_or_else(|| invalid(endpoint, "max_retries", "must be a whole number from 0 to 10"))
}

/// A response bound must be at least 1 KiB (smaller cannot hold an error answer).
pub fn check_max_response_bytes(bytes: u64) -> Result<u64, Error> {
    if bytes < 1024 {
        return Err(invalid(
            CLIENT,
            "max_response_bytes",
            "must be at least 1024 bytes",
        ));
    }
    Ok(bytes)
}

/// The base URL, checked without ever echoing it (a secret passed in its place must not be printed):
/// `http://` or `https://`, a host, no spaces or control characters, no user info, query or fragment.
/// A trailing `/` is dropped.
pub fn check_base_url(value: &str) -> Result<String, Error> {
    const HOW: &str =
        "pass base_url (baseURL in JS) or set FLOW_BASE_URL, e.g. https://prod.flowapp.com/api/v1";
    let refuse = |what: &str| Error::MissingConfiguration {
        endpoint: CLIENT,
        message: format!("the base URL {what} (its value is not shown, in case it is a secret); {HOW}"),
    };
    let value = value.trim();
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"))
        .ok_or_else(|| refuse("is not an http(s) URL"))?;
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(refuse("contains spaces or control characters"));
    }
    let authority = rest.split('/').next().unwrap_or("");
    if authority.is_empty() || authority.starts_with(':') {
        return Err(refuse("has no host"));
    }
    if authority.contains('@') || value.contains(['?', '#']) {
        return Err(refuse("must not carry user info, a query or a fragment"));
    }
    Ok(value.trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_is_checked_without_echo() {
        assert_eq!(
            check_base_url(" http://h:1/api/v1/ ").unwrap(),
            "http://h:1/api/v1"
        );
        for bad in [
            "s3cr3t-value",
            "ftp://h",
            "http://",
            "http://u:p@h",
            "http://h/?a",
            "http://h /x",
        ] {
            let e = check_base_url(bad).unwrap_err().to_string();
            assert!(!e.contains(bad), "{e}");
        }
    }

    #[test]
    fn bounds() {
        assert!(check_max_retries("c", 10).is_ok());
        assert!(check_max_retries("c", 11).is_err());
        assert!(check_max_retries("c", 1 << 32).is_err());
        assert!(check_timeout("c", Duration::ZERO).is_err());
        assert!(check_timeout("c", MAX_TIMEOUT).is_ok());
    }
}
