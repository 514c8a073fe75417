//! The jobs users come for, written once over the [`Client`](crate::Client) so the Rust crate,
//! the Python wheel and the npm package run the same code: bulk registration ([`bulk`]) and one
//! report across many sessions ([`collect`]). Both fan out on the `futures` crate's combinators,
//! which run on tokio and on wasm alike, and both send through one [`pacing`] gate, so a 429 or
//! 503 with `Retry-After` slows the whole batch rather than only the request that got it.

pub mod bulk;
pub mod collect;
pub mod journal;
pub mod options;
pub(crate) mod pacing;
pub mod rows;

use serde_json::Value;

use crate::Error;

/// A job as every binding exposes it, in each language's names; the manifest lists this table and
/// the Python stubs, the TypeScript types and the JS resources are held to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Job {
    /// Neutral name, e.g. `registrants.create_many`.
    pub name: &'static str,
    /// The resource it hangs off (`client.registrants`).
    pub resource: &'static str,
    /// The method name in Python and Rust.
    pub method: &'static str,
    /// The method name in JS.
    pub js_method: &'static str,
    /// The positional argument (Python and JS alike).
    pub positional: &'static str,
    /// Python's keyword-only options.
    pub options: &'static [&'static str],
    /// JS's options object keys.
    pub js_options: &'static [&'static str],
}

/// Every job.
pub const JOBS: &[Job] = &[
    Job {
        name: rows::CREATE_MANY,
        resource: "registrants",
        method: "create_many",
        js_method: "createMany",
        positional: "rows",
        options: &["session_token", "concurrency", "journal", "progress"],
        js_options: &["sessionToken", "concurrency", "journal", "onProgress", "signal"],
    },
    Job {
        name: collect::COLLECT,
        resource: "reports",
        method: "collect",
        js_method: "collect",
        positional: "kind",
        options: &["sessions", "period", "survey_id", "concurrency", "progress"],
        js_options: &[
            "sessions",
            "period",
            "surveyId",
            "concurrency",
            "onProgress",
            "signal",
        ],
    },
];

/// Requests a job keeps in flight unless told otherwise.
pub const DEFAULT_CONCURRENCY: usize = 8;

/// The most requests a job keeps in flight: more would only queue behind the server's own limit.
pub const MAX_CONCURRENCY: usize = 64;

/// Checks a job's `concurrency`: a whole number from 1 to [`MAX_CONCURRENCY`]; `null` is the
/// default.
pub fn concurrency(endpoint: &'static str, value: &Value) -> Result<usize, Error> {
    if value.is_null() {
        return Ok(DEFAULT_CONCURRENCY);
    }
    value
        .as_u64()
        .filter(|n| (1..=MAX_CONCURRENCY as u64).contains(n))
        .map(|n| n as usize)
        .ok_or_else(|| Error::InvalidRequest {
            endpoint,
            field: "concurrency".into(),
            reason: format!("must be a whole number from 1 to {MAX_CONCURRENCY} (got {value})"),
        })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn concurrency_is_bounded_and_whole() {
        assert_eq!(concurrency("x", &Value::Null).unwrap(), DEFAULT_CONCURRENCY);
        assert_eq!(concurrency("x", &json!(64)).unwrap(), 64);
        for bad in [
            json!(0),
            json!(65),
            json!(2.5),
            json!(true),
            json!("8"),
            json!(-1),
        ] {
            let error = concurrency("x", &bad).unwrap_err();
            assert_eq!(error.field(), Some("concurrency"), "{bad}");
        }
    }
}
