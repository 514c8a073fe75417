//! What the server was asked and what it answered, so tests can assert on the wire traffic (for
//! instance that a client sent a POST only once). The secret's value is never recorded.

use std::collections::VecDeque;

use serde::{Serialize, Serializer};
use serde_json::Value;

/// The log keeps the most recent requests only, so a long benchmark cannot exhaust memory; it is
/// bounded in bytes too ([`crate::MockConfig::request_log_bytes`]), because a few large bodies
/// weigh more than thousands of small requests. Large enough that a bulk registration of 10,000
/// rows with retries and reconciling reads is logged whole, so tests can prove nobody was
/// registered twice.
const CAPACITY: usize = 200_000;

/// How much of each request body is recorded; the rest is dropped and the entry marked.
pub const MAX_RECORDED_BODY: usize = 64 * 1024;

#[derive(Debug, Clone, Serialize)]
pub struct LogEntry {
    /// The `x-request-id` the server assigned (the response carries it unless a `body` fault set
    /// its own).
    pub id: String,
    pub method: String,
    /// The path as received, still percent-encoded.
    pub path: String,
    /// The raw query string, empty when there was none.
    pub query: String,
    pub has_api_secret: bool,
    pub api_secret_valid: bool,
    /// The body as JSON when it parses, else as text; null when empty. Only its first
    /// [`MAX_RECORDED_BODY`] bytes are kept, so it is parsed only when the log is read.
    #[serde(serialize_with = "body_as_json")]
    pub body: Vec<u8>,
    /// Whether the body was longer than what was recorded.
    pub body_truncated: bool,
    /// The HTTP status answered; null when a `reset` fault dropped the connection.
    pub status: Option<u16>,
    /// The fault type applied to this request, if any.
    pub fault: Option<&'static str>,
    /// Whether the real handler ran (and so whatever it stores was stored), whatever the client
    /// was finally sent.
    pub processed: bool,
}

impl LogEntry {
    /// What this entry costs the log, estimated from its variable-sized parts.
    fn weight(&self) -> usize {
        size_of::<LogEntry>()
            + self.id.len()
            + self.method.len()
            + self.path.len()
            + self.query.len()
            + self.body.len()
    }
}

/// The first [`MAX_RECORDED_BODY`] bytes of a request body, copied (so the log never keeps the
/// connection's buffers alive), and whether anything was left out.
pub fn recorded_body(bytes: &[u8]) -> (Vec<u8>, bool) {
    let kept = bytes.len().min(MAX_RECORDED_BODY);
    (bytes[..kept].to_vec(), kept < bytes.len())
}

fn body_as_json<S: Serializer>(body: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
    if body.is_empty() {
        return serializer.serialize_none();
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(value) => value.serialize(serializer),
        Err(_) => serializer.serialize_str(&String::from_utf8_lossy(body)),
    }
}

#[derive(Debug)]
pub struct RequestLog {
    entries: VecDeque<LogEntry>,
    /// Sum of the entries' weights.
    bytes: usize,
    max_bytes: usize,
}

impl RequestLog {
    pub fn new(max_bytes: usize) -> Self {
        Self {
            entries: VecDeque::new(),
            bytes: 0,
            max_bytes,
        }
    }

    /// Appends `entry`, first dropping the oldest entries it would not fit beside.
    pub fn record(&mut self, entry: LogEntry) {
        let weight = entry.weight();
        while self.entries.len() == CAPACITY || self.bytes + weight > self.max_bytes {
            let Some(oldest) = self.entries.pop_front() else {
                break;
            };
            self.bytes -= oldest.weight();
        }
        self.bytes += weight;
        self.entries.push_back(entry);
    }

    pub fn entries(&self) -> impl Iterator<Item = &LogEntry> {
        self.entries.iter()
    }

    pub fn clear(&mut self) {
        self.entries.clear();
        self.bytes = 0;
    }
}
