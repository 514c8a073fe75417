//! Client settings, resolved once for every runtime: a binding hands over what the caller passed
//! (as JSON values, with its own spelling of the names), and this module applies the one rule
//! table — explicit value, unset, environment variable, default, bounds — so Python, Node,
//! browsers and Rust accept, refuse and default the same settings with the same messages.
//!
//! | setting | unset or `None`/`null` | explicit value |
//! | --- | --- | --- |
//! | `api_secret` | `FLOW_API_SECRET`, else none (public calls only) | trimmed; `""` means none, the variable is not read |
//! | `base_url` | `FLOW_BASE_URL`, else production | http(s) with a host, no user info, query or fragment |
//! | `timeout` | 30 s | positive, at most 2³¹−1 ms; seconds in Python, milliseconds in JS |
//! | `max_retries` | 2 | a whole number 0–10 |
//! | `max_response_bytes` | 512 MiB | a whole number, at least 1024 |
//! | `default_headers` | none | names and values of valid headers; `api-secret`, `host`, `content-length` refused; a `null` value removes a header |
//! | `log_level` | `FLOW_LOG`, else off | `debug`, `info`, `warn` or `off` |

use std::borrow::Cow;
use std::time::Duration;

use serde_json::{Map, Value};

use crate::config::{check_max_response_bytes, check_max_retries, check_timeout, CLIENT, DEFAULT_BASE_URL};
use crate::{Config, Error, Secret};

/// Environment variable read for the secret when none is passed.
pub const ENV_API_SECRET: &str = "FLOW_API_SECRET";
/// Environment variable read for the base URL when none is passed.
pub const ENV_BASE_URL: &str = "FLOW_BASE_URL";
/// Environment variable that turns logging on: `debug`, `info` or `warn`.
pub const ENV_LOG: &str = "FLOW_LOG";

/// One client setting: its neutral name, its JS name and the variable it falls back to.
#[derive(Clone, Copy, Debug)]
pub struct Setting {
    /// Neutral (Rust and Python) name.
    pub name: &'static str,
    /// JS name.
    pub js: &'static str,
    /// The environment variable read when it is unset.
    pub env: Option<&'static str>,
}

/// Every client setting, in the order the README's table lists them.
pub const SETTINGS: &[Setting] = &[
    Setting {
        name: "api_secret",
        js: "apiSecret",
        env: Some(ENV_API_SECRET),
    },
    Setting {
        name: "base_url",
        js: "baseURL",
        env: Some(ENV_BASE_URL),
    },
    Setting {
        name: "timeout",
        js: "timeout",
        env: None,
    },
    Setting {
        name: "max_retries",
        js: "maxRetries",
        env: None,
    },
    Setting {
        name: "max_response_bytes",
        js: "maxResponseBytes",
        env: None,
    },
    Setting {
        name: "default_headers",
        js: "defaultHeaders",
        env: None,
    },
    Setting {
        name: "log_level",
        js: "logLevel",
        env: Some(ENV_LOG),
    },
];

/// Every per-call option besides the input.
pub const CALL_OPTIONS: &[Setting] = &[
    Setting {
        name: "timeout",
        js: "timeout",
        env: None,
    },
    Setting {
        name: "max_retries",
        js: "maxRetries",
        env: None,
    },
    Setting {
        name: "extra_headers",
        js: "headers",
        env: None,
    },
];

/// Headers a caller may not set: the secret travels only through its setting (so it is checked
/// and scrubbed), and the host and length are the transport's.
pub const REFUSED_HEADERS: &[&str] = &["api-secret", "host", "content-length"];

/// How much the client logs; every line is redacted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LogLevel {
    /// Nothing (the default).
    #[default]
    Off,
    /// Failures the client gives up on.
    Warn,
    /// Retries and failures.
    Info,
    /// Every attempt and answer.
    Debug,
}

impl LogLevel {
    /// The name as `FLOW_LOG` spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            LogLevel::Off => "off",
            LogLevel::Warn => "warn",
            LogLevel::Info => "info",
            LogLevel::Debug => "debug",
        }
    }

    fn parse(value: &str) -> Option<Self> {
        match value.trim().to_ascii_lowercase().as_str() {
            "off" | "" => Some(LogLevel::Off),
            "warn" | "warning" => Some(LogLevel::Warn),
            "info" => Some(LogLevel::Info),
            "debug" => Some(LogLevel::Debug),
            _ => None,
        }
    }
}

/// The unit a runtime gives timeouts in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeUnit {
    /// Python, like `httpx`.
    Seconds,
    /// JS, like `fetch` and timers.
    Milliseconds,
}

/// Which package sends the requests, for the `User-Agent`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Package {
    /// The `flow-core` crate.
    Rust,
    /// The `flow_api` wheel.
    Python,
    /// The `flow-api` npm package in Node.
    Node,
    /// The `flow` command line.
    Cli,
}

/// `flow-api-python/0.1.0 cpython/3.11`: the package, its version and the runtime.
pub fn user_agent(package: Package, runtime: &str) -> String {
    let name = match package {
        Package::Rust => "flow-api-rust",
        Package::Python => "flow-api-python",
        Package::Node => "flow-api-node",
        Package::Cli => "flow-cli",
    };
    format!("{name}/{} {runtime}", env!("CARGO_PKG_VERSION"))
}

/// How the binding spells setting names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameCase {
    /// `max_retries`.
    Neutral,
    /// `maxRetries`.
    Js,
}

/// Settings as passed, by neutral name; a `null` is the same as leaving the setting out.
#[derive(Clone, Debug, Default)]
pub struct Passed(Map<String, Value>);

impl Passed {
    /// Reads `options` (an object, or `null`): names spelt as `case` says, checked against
    /// `known`; names in `own` belong to the binding and are skipped.
    pub fn read(
        options: Value,
        case: NameCase,
        known: &[Setting],
        own: &[&str],
        endpoint: &'static str,
    ) -> Result<Self, Error> {
        let map = match options {
            Value::Null => Map::new(),
            Value::Object(map) => map,
            _ => return Err(invalid(endpoint, "options", "must be an object of settings")),
        };
        let mut passed = Map::new();
        for (key, value) in map {
            if own.contains(&key.as_str()) {
                continue;
            }
            let setting = known.iter().find(|s| match case {
                NameCase::Neutral => s.name == key,
                NameCase::Js => s.js == key,
            });
            match setting {
                Some(setting) if !value.is_null() => {
                    passed.insert(setting.name.to_owned(), value);
                }
                Some(_) => {}
                None => {
                    let names: Vec<&str> = known
                        .iter()
                        .map(|s| if case == NameCase::Js { s.js } else { s.name })
                        .collect();
                    return Err(invalid(
                        endpoint,
                        key,
                        &format!("is not an option (the options are {})", names.join(", ")),
                    ));
                }
            }
        }
        Ok(Self(passed))
    }

    fn take(&mut self, name: &str) -> Option<Value> {
        self.0.remove(name)
    }

    /// A new client's configuration: every setting resolved by the table above, checked, and
    /// never echoed in an error.
    pub fn resolve(mut self, unit: TimeUnit, env: &dyn Fn(&str) -> Option<String>) -> Result<Config, Error> {
        let env = |name: &str| env(name).filter(|v| !v.trim().is_empty());
        let mut config = Config {
            base_url: env(ENV_BASE_URL).unwrap_or_else(|| DEFAULT_BASE_URL.to_owned()),
            api_secret: env(ENV_API_SECRET).map(Secret::new),
            // An explicit log_level wins, so a bad FLOW_LOG is only an error when it is used.
            log_level: match env(ENV_LOG).filter(|_| !self.0.contains_key("log_level")) {
                Some(value) => LogLevel::parse(&value).ok_or_else(|| Error::MissingConfiguration {
                    endpoint: CLIENT,
                    message: format!("{ENV_LOG} must be debug, info, warn or off"),
                })?,
                None => LogLevel::Off,
            },
            ..Config::default()
        };
        let blank = |value: Option<&Value>| matches!(value, Some(Value::String(s)) if s.trim().is_empty());
        // A blank base URL is unset; a blank secret is "no secret", the variable is not read.
        if blank(self.0.get("base_url")) {
            self.0.remove("base_url");
        }
        if blank(self.0.get("api_secret")) {
            self.0.remove("api_secret");
            config.api_secret = None;
        }
        self.apply(config, unit)
    }

    /// `config` with the passed settings applied on top (no environment): a new client's last
    /// step, and `with_options`. Default headers are merged, the new ones winning.
    pub fn apply(mut self, mut config: Config, unit: TimeUnit) -> Result<Config, Error> {
        let endpoint = CLIENT;
        if let Some(value) = self.take("api_secret") {
            config.api_secret = Some(Secret::new(string(endpoint, "api_secret", value)?));
        }
        if let Some(value) = self.take("base_url") {
            config.base_url = string(endpoint, "base_url", value)?;
        }
        if let Some(value) = self.take("timeout") {
            config.timeout = timeout(endpoint, &value, unit)?;
        }
        if let Some(value) = self.take("max_retries") {
            config.max_retries = max_retries(endpoint, &value)?;
        }
        if let Some(value) = self.take("max_response_bytes") {
            let bytes = whole(&value)
                .ok_or_else(|| invalid(endpoint, "max_response_bytes", "must be a whole number of bytes"))?;
            config.max_response_bytes = check_max_response_bytes(bytes)?;
        }
        if let Some(value) = self.take("default_headers") {
            merge_headers(
                &mut config.default_headers,
                headers(endpoint, "default_headers", value)?,
            );
        }
        if let Some(value) = self.take("log_level") {
            config.log_level = match &value {
                Value::String(s) => LogLevel::parse(s),
                _ => None,
            }
            .ok_or_else(|| {
                invalid(
                    endpoint,
                    "log_level",
                    "must be \"debug\", \"info\", \"warn\" or \"off\"",
                )
            })?;
        }
        config.validate()
    }

    /// A call's overrides, checked under the operation's name.
    pub fn call_options(mut self, endpoint: &'static str, unit: TimeUnit) -> Result<RequestOptions, Error> {
        Ok(RequestOptions {
            timeout: self
                .take("timeout")
                .map(|v| timeout(endpoint, &v, unit))
                .transpose()?,
            max_retries: self
                .take("max_retries")
                .map(|v| max_retries(endpoint, &v))
                .transpose()?,
            extra_headers: self
                .take("extra_headers")
                .map(|v| headers(endpoint, "extra_headers", v))
                .transpose()?
                .unwrap_or_default(),
        })
    }
}

/// Per-call overrides of [`Config`], as every binding method accepts them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestOptions {
    /// Overrides [`Config::timeout`] for this call.
    pub timeout: Option<Duration>,
    /// Overrides [`Config::max_retries`] for this call.
    pub max_retries: Option<u32>,
    /// Headers added to (or, with `None`, removed from) this call's request, after the client's.
    pub extra_headers: Vec<(String, Option<String>)>,
}

/// Adds `new` to `headers` by case-insensitive name: a value replaces, `None` removes.
pub fn merge_headers(headers: &mut Vec<(String, Option<String>)>, new: Vec<(String, Option<String>)>) {
    for (name, value) in new {
        headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
        headers.push((name, value));
    }
}

/// Headers given as an object of names to text (or `null`, to remove one): names must be HTTP
/// tokens, values printable without line breaks, and none may be a refused header.
pub fn headers(
    endpoint: &'static str,
    field: &'static str,
    value: Value,
) -> Result<Vec<(String, Option<String>)>, Error> {
    let Value::Object(map) = value else {
        return Err(invalid(
            endpoint,
            field,
            "must be a mapping of header names to strings",
        ));
    };
    let mut out = Vec::with_capacity(map.len());
    for (name, value) in map {
        let lower = name.to_ascii_lowercase();
        if lower.is_empty() || !lower.bytes().all(is_token) {
            return Err(invalid(
                endpoint,
                field,
                "has a header name that is not a valid HTTP token",
            ));
        }
        if REFUSED_HEADERS.contains(&lower.as_str()) {
            return Err(invalid(
                endpoint,
                field,
                &format!("must not set {lower:?}: the secret is given as api_secret, host and length are set by the client"),
            ));
        }
        let value = match value {
            Value::Null => None,
            Value::String(s)
                if s.bytes()
                    .all(|b| b == b'\t' || (b' '..=b'~').contains(&b) || b >= 0x80) =>
            {
                Some(s)
            }
            Value::String(_) => {
                return Err(invalid(
                    endpoint,
                    field,
                    &format!("header {lower:?} has a control character in its value"),
                ))
            }
            _ => {
                return Err(invalid(
                    endpoint,
                    field,
                    &format!("header {lower:?} must be a string (or null to remove it)"),
                ))
            }
        };
        out.push((lower, value));
    }
    Ok(out)
}

fn is_token(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn string(endpoint: &'static str, field: &'static str, value: Value) -> Result<String, Error> {
    match value {
        Value::String(s) => Ok(s),
        _ => Err(invalid(endpoint, field, "must be a string")),
    }
}

/// A whole number of a JSON value (`2.0` counts; `true`, `2.5` and negatives do not); saturates.
fn whole(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 0.0)
                .map(|f| f.min(u64::MAX as f64) as u64)
        }),
        _ => None,
    }
}

fn max_retries(endpoint: &'static str, value: &Value) -> Result<u32, Error> {
    check_max_retries(endpoint, whole(value).unwrap_or(u64::MAX))
}

/// A timeout in `unit`, to the nanosecond: `2147483647` ms is exactly the core's bound.
fn timeout(endpoint: &'static str, value: &Value, unit: TimeUnit) -> Result<Duration, Error> {
    let amount = match value {
        Value::Number(n) => n.as_f64(),
        _ => None,
    };
    let nanos = amount.map(|a| match unit {
        TimeUnit::Seconds => (a * 1e9).round(),
        TimeUnit::Milliseconds => (a * 1e6).round(),
    });
    let duration = nanos
        .filter(|n| n.is_finite() && *n >= 0.0 && *n < u64::MAX as f64)
        .map_or(Duration::ZERO, |n| Duration::from_nanos(n as u64));
    check_timeout(endpoint, duration)
}

fn invalid(endpoint: &'static str, field: impl Into<Cow<'static, str>>, reason: &str) -> Error {
    Error::InvalidRequest {
        endpoint,
        field: field.into(),
        reason: reason.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn resolve(options: Value, env: &[(&str, &str)]) -> Result<Config, Error> {
        let env: Vec<(String, String)> = env.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect();
        Passed::read(options, NameCase::Js, SETTINGS, &["fetch"], CLIENT)?
            .resolve(TimeUnit::Milliseconds, &|name| {
                env.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
            })
    }

    #[test]
    fn the_rule_table() {
        let env = [
            (ENV_API_SECRET, "from-env"),
            (ENV_BASE_URL, "http://env/api"),
            (ENV_LOG, "info"),
        ];
        let c = resolve(json!({"apiSecret": null, "fetch": 1}), &env).unwrap();
        assert_eq!(c.api_secret.as_ref().map(|s| s.expose()), Some("from-env"));
        assert_eq!(
            (c.base_url.as_str(), c.log_level),
            ("http://env/api", LogLevel::Info)
        );
        let c = resolve(
            json!({"apiSecret": "", "timeout": 1500, "defaultHeaders": {"X-A": "1"}}),
            &env,
        )
        .unwrap();
        assert!(c.api_secret.is_none());
        assert_eq!(c.timeout, Duration::from_millis(1500));
        assert_eq!(c.default_headers, vec![("x-a".to_owned(), Some("1".to_owned()))]);
        let c = resolve(json!({}), &[]).unwrap();
        assert_eq!(
            (c.base_url.as_str(), c.max_retries, c.log_level),
            (DEFAULT_BASE_URL, 2, LogLevel::Off)
        );
    }

    #[test]
    fn refusals_name_the_setting() {
        let field = |v: Value| resolve(v, &[]).unwrap_err().field().map(str::to_owned);
        assert_eq!(field(json!({"maxRetries": true})).as_deref(), Some("max_retries"));
        assert_eq!(field(json!({"maxRetries": 11})).as_deref(), Some("max_retries"));
        assert_eq!(field(json!({"timeout": "5"})).as_deref(), Some("timeout"));
        assert_eq!(
            field(json!({"defaultHeaders": {"api-secret": "x"}})).as_deref(),
            Some("default_headers")
        );
        assert_eq!(
            field(json!({"defaultHeaders": {"x": "a\r\nb"}})).as_deref(),
            Some("default_headers")
        );
        assert_eq!(field(json!({"logLevel": "loud"})).as_deref(), Some("log_level"));
        assert_eq!(field(json!({"max_retries": 1})).as_deref(), Some("max_retries"));
        assert!(resolve(json!({}), &[(ENV_LOG, "loud")]).is_err());
        let explicit = resolve(json!({"logLevel": "warn"}), &[(ENV_LOG, "loud")]).unwrap();
        assert_eq!(explicit.log_level, LogLevel::Warn);
    }
}
