//! Client configuration shared by every runtime.

use std::time::Duration;

use crate::Secret;

/// The production API root, used when neither the caller nor `FLOW_BASE_URL` names another.
pub const DEFAULT_BASE_URL: &str = "https://prod.flowapp.com/api/v1";
/// Environment variable read for the secret when none is passed.
pub const ENV_API_SECRET: &str = "FLOW_API_SECRET";
/// Environment variable read for the base URL when none is passed.
pub const ENV_BASE_URL: &str = "FLOW_BASE_URL";
/// Default per-attempt timeout.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default number of retries after the first attempt.
pub const DEFAULT_MAX_RETRIES: u32 = 2;

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
}

impl Default for Config {
    fn default() -> Self {
        Self {
            base_url: DEFAULT_BASE_URL.to_owned(),
            api_secret: None,
            timeout: DEFAULT_TIMEOUT,
            max_retries: DEFAULT_MAX_RETRIES,
        }
    }
}

/// Per-call overrides of [`Config`], as every binding method accepts them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RequestOptions {
    /// Overrides [`Config::timeout`] for this call.
    pub timeout: Option<Duration>,
    /// Overrides [`Config::max_retries`] for this call.
    pub max_retries: Option<u32>,
}

impl Config {
    /// This configuration with the per-call overrides applied.
    pub fn with_options(&self, options: &RequestOptions) -> Config {
        Config {
            base_url: self.base_url.clone(),
            api_secret: self.api_secret.clone(),
            timeout: options.timeout.unwrap_or(self.timeout),
            max_retries: options.max_retries.unwrap_or(self.max_retries),
        }
    }
}
