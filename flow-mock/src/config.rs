//! What a mock server instance is configured with.

use std::time::Duration;

/// Everything that shapes one mock server: its secret, how its seeded data looks, and the limits
/// that keep a misbehaving client from tying it up.
///
/// The same seed always yields the same sessions, people, chats and surveys (only the dates move,
/// relative to today, so `past`/`current`/`future` stay true on any day).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MockConfig {
    /// The value the `api-secret` header must carry on secret endpoints.
    pub api_secret: String,
    /// Seed of the data generator.
    pub seed: u64,
    /// How many registrants each ordinary seeded session gets.
    pub registrants_per_session: usize,
    /// When non-zero, an extra past session `B3nchT0k3n` with this many registrants (for benchmarks).
    pub bench_registrants: usize,
    /// Whether that session's registrants CSV carries 14 columns (the list's other five fields
    /// after the usual nine), the shape of the report issue 11 measured.
    pub bench_wide_csv: bool,
    /// How long a request body may take to arrive in full; a slower one gets 408 and the
    /// connection is closed, so a client trickling its body cannot hold a handler open.
    pub body_timeout: Duration,
    /// Roughly how many bytes the request log may hold (path, query and recorded body of each
    /// entry plus a fixed overhead); the oldest entries are dropped first.
    pub request_log_bytes: usize,
}

impl Default for MockConfig {
    fn default() -> Self {
        Self {
            api_secret: "sandbox-secret".to_owned(),
            seed: 42,
            registrants_per_session: 24,
            bench_registrants: 0,
            bench_wide_csv: false,
            body_timeout: Duration::from_secs(10),
            request_log_bytes: 64 * 1024 * 1024,
        }
    }
}
