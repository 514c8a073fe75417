//! What a mock server instance is configured with.

/// Everything that shapes one mock server: its secret and how its seeded data looks.
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
}

impl Default for MockConfig {
    fn default() -> Self {
        Self {
            api_secret: "sandbox-secret".to_owned(),
            seed: 42,
            registrants_per_session: 24,
            bench_registrants: 0,
        }
    }
}
