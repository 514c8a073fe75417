//! A local, stateful mock of the Flow webinar REST API (`/api/v1`), faithful to the contract in
//! `flow-api.md`: the JSON envelope, `api-secret` auth, validation, idempotent registration, CSV
//! reports, SSO rooms, and the deliberate sloppiness of the real wire format. A control surface
//! under `/__mock` injects faults, exposes the request log and the store, and resets state.
//!
//! Seeded data (same for the same seed; dates relative to today):
//! - sessions `LKo586mmk7g` (past), `rGt3dC546xs` (today), `T35tT0K3n` (future) and six others;
//! - account token [`ACCOUNT_TOKEN`] (`acc0untT0k3n`) with rooms `m41nSt4g3` (301),
//!   `pr0dL4b` (302), `c0mmL0ung3` (303); users 1001–1005;
//! - with `bench_registrants > 0`, the past session [`BENCH_TOKEN`] (`B3nchT0k3n`).
//!
//! Control surface (no auth, no CORS, plain JSON; errors use the Flow envelope):
//! - `POST /__mock/faults` `{"method": "POST"|null, "path": "/api/v1/registrants", "count": 1,
//!   "fault": {"type": ..., "process": false, ...}}` with types `status` (`status`, `retry_after`,
//!   `body`), `reset`, `truncate`, `delay` (`ms`), `invalid_json`, `html` (`status`, default 502),
//!   `envelope_code` (`code`, `message`), `redirect` (`status` 301/302/303/307/308, default 302,
//!   `location`), `huge_body` (`bytes` up to 64 GiB, `declare` = send `Content-Length`, default
//!   true, `content_type`, default JSON), `slow_body` (`bytes_per_interval`, `interval_ms`, optional
//!   `body`), `body` (`status`, default 200, `content_type`, `body` text or `body_base64`,
//!   `headers`); or the rate form `{"method", "path", "rate": 0.2, "seed": 7, "faults": [...],
//!   "count": N}` (count optional). `GET` lists pending rules, `DELETE` clears them;
//! - `GET`/`DELETE /__mock/requests`: the request log (bounded in entries and bytes; each entry
//!   says whether the real handler ran, `processed`); `GET /__mock/store`; `POST /__mock/reset`.
//!
//! A request body must arrive within [`MockConfig::body_timeout`], else the answer is 408.

mod auth;
mod bench;
mod config;
mod control;
mod csv_reports;
mod data;
mod envelope;
mod extract;
mod faults;
mod middleware;
mod request_log;
mod routes;
mod server;
mod state;
mod store;
mod validate;
mod wire;

pub use config::MockConfig;
pub use data::BENCH_TOKEN;
pub use server::{router, serve, MockServer};
pub use store::ACCOUNT_TOKEN;
