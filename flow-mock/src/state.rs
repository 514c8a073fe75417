//! What every handler shares: configuration, the account's store, pending faults, the request log
//! and the benchmark cache.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use chrono::NaiveDate;

use crate::bench::Bench;
use crate::config::MockConfig;
use crate::data::{self, BENCH_TOKEN};
use crate::faults::FaultQueue;
use crate::request_log::RequestLog;
use crate::store::{Analytics, Session, Store};

#[derive(Debug)]
pub struct AppState {
    pub config: MockConfig,
    pub bench: Option<Bench>,
    store: Mutex<Store>,
    faults: Mutex<FaultQueue>,
    log: Mutex<RequestLog>,
    requests: AtomicU64,
}

/// Today's date in UTC, which decides whether a session is past, current or future.
pub fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

/// Locks without ever panicking: a handler that panicked cannot leave the data half-written,
/// because every mutation is a single push or replace.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl AppState {
    pub fn new(config: MockConfig) -> Self {
        let store = data::seed(&config, today());
        let log = RequestLog::new(config.request_log_bytes);
        Self {
            bench: (config.bench_registrants > 0)
                .then(|| Bench::new(config.bench_registrants, config.bench_wide_csv)),
            config,
            store: Mutex::new(store),
            faults: Mutex::new(FaultQueue::default()),
            log: Mutex::new(log),
            requests: AtomicU64::new(0),
        }
    }

    pub fn store(&self) -> MutexGuard<'_, Store> {
        lock(&self.store)
    }

    pub fn faults(&self) -> MutexGuard<'_, FaultQueue> {
        lock(&self.faults)
    }

    pub fn log(&self) -> MutexGuard<'_, RequestLog> {
        lock(&self.log)
    }

    /// `req_1`, `req_2`, ... for the life of the server (a reset does not restart it).
    pub fn next_request_id(&self) -> String {
        format!("req_{}", self.requests.fetch_add(1, Ordering::Relaxed) + 1)
    }

    /// Back to the seeded state, with no pending faults and an empty log.
    pub fn reset(&self) {
        *self.store() = data::seed(&self.config, today());
        self.faults().clear();
        self.log().clear();
    }

    /// A session's figures, including the generated benchmark registrants.
    pub fn analytics(&self, store: &Store, session: &Session) -> Analytics {
        let stored = store.analytics(&session.token);
        match &self.bench {
            Some(bench) if session.token == BENCH_TOKEN => stored + bench.analytics(),
            _ => stored,
        }
    }
}
