//! What the server was asked and what it answered, so tests can assert on the wire traffic (for
//! instance that a client sent a POST only once). The secret's value is never recorded.

use std::collections::VecDeque;

use serde::Serialize;
use serde_json::Value;

/// The log keeps the most recent requests only, so a long benchmark cannot exhaust memory.
const CAPACITY: usize = 10_000;

#[derive(Debug, Clone, Serialize)]
pub struct LogEntry {
    /// The `x-request-id` the response carried.
    pub id: String,
    pub method: String,
    /// The path as received, still percent-encoded.
    pub path: String,
    /// The raw query string, empty when there was none.
    pub query: String,
    pub has_api_secret: bool,
    pub api_secret_valid: bool,
    /// The body as JSON when it parses, else as text; null when empty.
    pub body: Value,
    /// The HTTP status answered; null when a `reset` fault dropped the connection.
    pub status: Option<u16>,
    /// The fault type applied to this request, if any.
    pub fault: Option<&'static str>,
}

#[derive(Debug, Default)]
pub struct RequestLog {
    entries: VecDeque<LogEntry>,
}

impl RequestLog {
    pub fn record(&mut self, entry: LogEntry) {
        if self.entries.len() == CAPACITY {
            self.entries.pop_front();
        }
        self.entries.push_back(entry);
    }

    pub fn entries(&self) -> impl Iterator<Item = &LogEntry> {
        self.entries.iter()
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }
}

/// How a request body is shown in the log.
pub fn body_value(bytes: &[u8]) -> Value {
    if bytes.is_empty() {
        return Value::Null;
    }
    serde_json::from_slice(bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(bytes).into_owned()))
}
