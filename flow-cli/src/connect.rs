//! The client the command line's global options describe, resolved by the core's one settings
//! table (so bounds, defaults, env fallbacks and messages are the SDK's), logging redacted lines
//! to stderr.

use std::sync::Arc;

use flow_core::settings::{user_agent, LogLevel, NameCase, Package, Passed, TimeUnit, SETTINGS};
use flow_core::{Client, Error, Logger, CLIENT};
use serde_json::{Map, Value};

use crate::args::Global;

/// Writes the core's (already redacted) log lines to stderr.
struct StderrLogger;

impl Logger for StderrLogger {
    fn log(&self, level: LogLevel, line: &str) {
        eprintln!("flow [{}] {line}", level.as_str());
    }
}

/// The client for `global`. The secret comes from `--api-secret-file` or `FLOW_API_SECRET`.
pub fn client(global: &Global) -> Result<Client, Error> {
    let mut settings = Map::new();
    if let Some(url) = &global.base_url {
        settings.insert("base_url".into(), Value::from(url.as_str()));
    }
    if let Some(path) = &global.api_secret_file {
        let secret = std::fs::read_to_string(path).map_err(|e| Error::InvalidRequest {
            endpoint: CLIENT,
            field: "api_secret_file".into(),
            reason: format!("could not be read ({}): {e}", path.display()),
        })?;
        settings.insert("api_secret".into(), Value::from(secret.trim()));
    }
    if let Some(timeout) = global.timeout {
        settings.insert("timeout".into(), Value::from(timeout));
    }
    if let Some(retries) = global.max_retries {
        settings.insert("max_retries".into(), Value::from(retries));
    }
    let level = match global.verbose {
        0 => None,
        1 => Some("info"),
        _ => Some("debug"),
    };
    if let Some(level) = level {
        settings.insert("log_level".into(), Value::from(level));
    }
    let env = |name: &str| std::env::var(name).ok();
    let mut config = Passed::read(Value::Object(settings), NameCase::Neutral, SETTINGS, &[], CLIENT)?
        .resolve(TimeUnit::Seconds, &env)?;
    config.user_agent = Some(user_agent(Package::Cli, std::env::consts::OS));
    Client::builder()
        .config(config)
        .logger(Arc::new(StderrLogger))
        .build()
}
