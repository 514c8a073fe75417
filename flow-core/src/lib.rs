//! The sans-I/O core of the Flow webinar API SDK.
//!
//! Everything that decides behaviour lives here, once, for the Rust crate, the Python wheel and
//! the npm/WebAssembly package alike: the models, one [`Endpoint`] type per operation (pure request
//! building and response parsing), the [`Error`] type, the [`retry`] decision, CSV report parsing,
//! and the single [`driver`] loop, plus the one table every binding follows: the operations
//! ([`for_each_operation!`]), the models ([`for_each_model!`]), the settings ([`settings`]) and
//! the decoding of a call's input ([`input`]). The loop talks to the network only through a [`Transport`] and
//! waits only through a [`Sleeper`], so each runtime plugs in its own (reqwest + tokio behind the
//! `reqwest` feature; JS `fetch` and timers on wasm) and tests plug in fakes.
#![warn(missing_docs)]

mod client;
mod config;
pub mod csv_table;
pub mod driver;
mod endpoint;
pub mod endpoints;
mod error;
mod http;
pub mod input;
pub mod jobs;
mod lenient;
pub mod models;
#[cfg(feature = "reqwest")]
pub mod native;
pub mod operations;
mod redact;
mod resources;
mod response;
pub mod retry;
mod secret;
pub mod settings;
pub mod transport;

pub use client::{Client, ClientBuilder};
pub use config::{
    check_base_url, check_max_response_bytes, check_max_retries, check_timeout, Config, CLIENT,
    DEFAULT_BASE_URL, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, MAX_RETRIES_LIMIT,
    MAX_TIMEOUT,
};
pub use driver::ApiResponse;
pub use endpoint::{Auth, DynEndpoint, Endpoint};
pub use error::{Error, ErrorKind, StatusError};
pub use http::{HttpRequest, HttpResponse, Method, API_SECRET_HEADER};
pub use models::*;
pub use operations::{Operation, Operational, OPERATIONS};
pub use redact::scrub as scrub_secret;
pub use resources::*;
pub use secret::Secret;
pub use settings::{LogLevel, RequestOptions, ENV_API_SECRET, ENV_BASE_URL, ENV_LOG};
pub use transport::{
    BoxFuture, FixedJitter, Jitter, LogFacade, Logger, RandomJitter, Sleeper, Transport, TransportError,
};
