//! Runs every conformance vector in `tests/conformance/` (format: that folder's README) through the
//! real `Client`, driver, retry policy and parsers, with a fake transport that serves the vector's
//! canned responses, a sleeper that records instead of waiting, and the vector's fixed jitter.
//! One test for all vectors, so a run reports every failure at once.

mod support;

use support::dispatch;

use std::collections::{BTreeMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use flow_core::settings::{NameCase, Passed, TimeUnit, CALL_OPTIONS, SETTINGS};
use flow_core::{
    BoxFuture, Client, Error, FixedJitter, HttpRequest, HttpResponse, RequestOptions, Sleeper, Transport,
    TransportError, CLIENT,
};
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

/// A runner that finds fewer vectors than this is looking in the wrong place.
const MIN_VECTORS: usize = 70;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Vector {
    name: String,
    operation: String,
    input: Value,
    config: VectorConfig,
    call_options: Option<CallOptions>,
    expect_request: Option<ExpectRequest>,
    #[serde(default)]
    responses: Vec<Canned>,
    #[serde(default, deserialize_with = "present")]
    expect_result: Option<Value>,
    expect_error: Option<ExpectError>,
    #[serde(default, deserialize_with = "present")]
    expect_request_id: Option<Value>,
    expect_attempts: Option<usize>,
    #[serde(default)]
    expect_sleeps_ms: Vec<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VectorConfig {
    /// Required, `null` for none: no vector silently inherits a secret.
    #[serde(deserialize_with = "Option::deserialize")]
    api_secret: Option<String>,
    base_url: String,
    #[serde(default = "default_max_retries")]
    max_retries: u32,
    #[serde(default = "default_timeout_ms")]
    timeout_ms: u64,
    #[serde(default)]
    jitter: f64,
    max_response_bytes: Option<u64>,
    default_headers: Option<Value>,
}

/// The per-call options every method takes.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CallOptions {
    timeout_ms: Option<f64>,
    max_retries: Option<Value>,
    extra_headers: Option<Value>,
}

fn default_max_retries() -> u32 {
    2
}

fn default_timeout_ms() -> u64 {
    30_000
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectRequest {
    method: String,
    path: String,
    #[serde(default)]
    query: BTreeMap<String, String>,
    #[serde(default)]
    headers_present: BTreeMap<String, String>,
    #[serde(default)]
    headers_absent: Vec<String>,
    #[serde(default, deserialize_with = "present")]
    body_json: Option<Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Canned {
    error: Option<String>,
    status: Option<u16>,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    #[serde(default, deserialize_with = "present")]
    body_json: Option<Value>,
    body_text: Option<String>,
    body_base64: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectError {
    kind: String,
    status: Option<u16>,
    message: Option<String>,
    request_id: Option<String>,
    field: Option<String>,
    may_have_been_processed: Option<bool>,
    body_contains: Option<String>,
}

/// Keeps an explicit JSON `null` as `Some(Value::Null)`: "present and null" differs from "absent".
fn present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(deserializer).map(Some)
}

impl Canned {
    fn to_answer(&self) -> Result<Result<HttpResponse, TransportError>, String> {
        if let Some(error) = &self.error {
            let has_more = self.status.is_some()
                || !self.headers.is_empty()
                || self.body_json.is_some()
                || self.body_text.is_some()
                || self.body_base64.is_some();
            if has_more {
                return Err("a response with `error` must have no other field".to_owned());
            }
            return match error.as_str() {
                "connect" => Ok(Err(TransportError::Connect("connection refused".to_owned()))),
                "io" => Ok(Err(TransportError::Io("connection reset by peer".to_owned()))),
                "timeout" => Ok(Err(TransportError::Timeout)),
                other => Err(format!("unknown response error {other:?}")),
            };
        }
        let status = self.status.ok_or("a response needs `status` or `error`")?;
        let bodies = [
            self.body_json.is_some(),
            self.body_text.is_some(),
            self.body_base64.is_some(),
        ];
        if bodies.iter().filter(|b| **b).count() > 1 {
            return Err("a response has at most one of body_json, body_text, body_base64".to_owned());
        }
        let mut response = HttpResponse::new(status, Vec::new());
        for (name, value) in &self.headers {
            response = response.with_header(name, value);
        }
        if let Some(json) = &self.body_json {
            response.body = serde_json::to_vec(json).map_err(|e| e.to_string())?;
            if response.header("content-type").is_none() {
                response = response.with_header("content-type", "application/json");
            }
        } else if let Some(text) = &self.body_text {
            response.body = text.as_bytes().to_vec();
        } else if let Some(b64) = &self.body_base64 {
            response.body = base64::engine::general_purpose::STANDARD
                .decode(b64)
                .map_err(|e| format!("body_base64: {e}"))?;
        }
        Ok(Ok(response))
    }
}

/// Serves canned answers in order and records every request it is asked to send.
struct FakeTransport {
    answers: Mutex<VecDeque<Result<HttpResponse, TransportError>>>,
    requests: Mutex<Vec<HttpRequest>>,
}

impl Transport for FakeTransport {
    fn send<'a>(&'a self, request: &'a HttpRequest) -> BoxFuture<'a, Result<HttpResponse, TransportError>> {
        self.requests.lock().unwrap().push(request.clone());
        // Past the last canned answer the call is aborted, so the driver stops at once; the extra
        // request is still counted and fails the vector.
        let answer = self
            .answers
            .lock()
            .unwrap()
            .pop_front()
            .unwrap_or(Err(TransportError::Aborted));
        Box::pin(async move { answer })
    }
}

#[derive(Default)]
struct RecordingSleeper {
    sleeps: Mutex<Vec<Duration>>,
}

impl Sleeper for RecordingSleeper {
    fn sleep(&self, duration: Duration) -> BoxFuture<'_, ()> {
        self.sleeps.lock().unwrap().push(duration);
        Box::pin(async {})
    }
}

/// Whole milliseconds, half up, as the README specifies.
fn rounded_ms(duration: Duration) -> u128 {
    (duration.as_nanos() + 500_000) / 1_000_000
}

/// Runs one vector; returns every mismatch found.
async fn run(vector: Vector) -> Vec<String> {
    let mut failures = Vec::new();
    let answers = vector
        .responses
        .iter()
        .enumerate()
        .map(|(i, canned)| canned.to_answer().map_err(|e| format!("responses[{i}]: {e}")))
        .collect::<Result<VecDeque<_>, _>>();
    let answers = match answers {
        Ok(answers) => answers,
        Err(e) => return vec![e],
    };
    let canned = answers.len();
    let expected_attempts = vector.expect_attempts.unwrap_or(canned);
    if expected_attempts > 0 && vector.expect_request.is_none() {
        return vec!["a vector that sends must have `expect_request`".to_owned()];
    }
    let transport = Arc::new(FakeTransport {
        answers: Mutex::new(answers),
        requests: Mutex::new(Vec::new()),
    });
    let sleeper = Arc::new(RecordingSleeper::default());
    let config = &vector.config;
    let outcome = match client(config, transport.clone(), sleeper.clone()) {
        Ok(client) => {
            let options = match call_options(&vector) {
                Ok(options) => options,
                Err(e) => return vec![e],
            };
            match options {
                Ok(options) => match dispatch(&client, &vector.operation, vector.input, &options).await {
                    Ok(outcome) => outcome,
                    Err(e) => return vec![e],
                },
                Err(error) => Err(error),
            }
        }
        Err(error) => Err(error),
    };
    if let (Some(expected), Ok(answer)) = (&vector.expect_request_id, &outcome) {
        let got = answer.request_id.clone().map_or(Value::Null, Value::String);
        if &got != expected {
            failures.push(format!(
                "request id of the result: expected {expected}, got {got}"
            ));
        }
    }
    let outcome = outcome.map(|answer| answer.data);

    match (&vector.expect_result, &vector.expect_error, &outcome) {
        (Some(_), Some(_), _) | (None, None, _) => {
            failures.push("exactly one of expect_result and expect_error is required".to_owned())
        }
        (Some(expected), None, Ok(actual)) => diff("result", expected, actual, &mut failures),
        (Some(_), None, Err(error)) => {
            failures.push(format!("expected a result, got error {}: {error}", error.kind()))
        }
        (None, Some(_), Ok(actual)) => failures.push(format!("expected an error, got result {actual}")),
        (None, Some(expected), Err(error)) => check_error(expected, error, &mut failures),
    }
    if let (Some(secret), Err(error)) = (&config.api_secret, &outcome) {
        let shown = format!(
            "{error} {error:?} {} {} {}",
            error.body().unwrap_or(""),
            error.server_message().unwrap_or(""),
            error.request_id().unwrap_or("")
        );
        let secret = secret.trim();
        if !secret.is_empty()
            && secret_forms(secret)
                .iter()
                .any(|form| shown.contains(form.as_str()))
        {
            failures.push(
                "the error's texts contain the api_secret (plain, escaped or percent-encoded)".to_owned(),
            );
        }
    }

    let requests = transport.requests.lock().unwrap();
    if requests.len() != expected_attempts {
        failures.push(format!(
            "attempts: expected {expected_attempts}, got {}",
            requests.len()
        ));
    }
    if requests.len() > canned {
        failures.push(format!(
            "the transport was called {} times but the vector has {canned} responses",
            requests.len()
        ));
    }
    let left = transport.answers.lock().unwrap().len();
    if left > 0 {
        failures.push(format!("{left} canned responses were never consumed"));
    }
    if let Some(expect) = &vector.expect_request {
        for (i, request) in requests.iter().enumerate() {
            check_request(expect, request, &format!("request[{i}]"), &mut failures);
        }
    }
    let sleeps: Vec<u128> = sleeper
        .sleeps
        .lock()
        .unwrap()
        .iter()
        .map(|d| rounded_ms(*d))
        .collect();
    let expected_sleeps: Vec<u128> = vector.expect_sleeps_ms.iter().map(|ms| u128::from(*ms)).collect();
    if sleeps != expected_sleeps {
        failures.push(format!("sleeps_ms: expected {expected_sleeps:?}, got {sleeps:?}"));
    }
    failures
}

/// The vector's client, its settings resolved by the core as every binding's are (no environment).
fn client(
    config: &VectorConfig,
    transport: Arc<FakeTransport>,
    sleeper: Arc<RecordingSleeper>,
) -> Result<Client, Error> {
    let settings = serde_json::json!({
        "api_secret": config.api_secret,
        "base_url": config.base_url,
        "timeout": config.timeout_ms as f64 / 1000.0,
        "max_retries": config.max_retries,
        "max_response_bytes": config.max_response_bytes,
        "default_headers": config.default_headers,
    });
    let jitter = Arc::new(FixedJitter(config.jitter));
    let config = Passed::read(settings, NameCase::Neutral, SETTINGS, &[], CLIENT)?
        .resolve(TimeUnit::Seconds, &|_| None)?;
    Client::builder()
        .config(config)
        .transport(transport)
        .sleeper(sleeper)
        .jitter(jitter)
        .build()
}

/// The vector's per-call options, checked by the core under the operation's name.
fn call_options(vector: &Vector) -> Result<Result<RequestOptions, Error>, String> {
    let Some(options) = &vector.call_options else {
        return Ok(Ok(RequestOptions::default()));
    };
    let endpoint = flow_core::operations::operation(&vector.operation)
        .ok_or_else(|| format!("unknown operation {:?}", vector.operation))?
        .name;
    let passed = serde_json::json!({
        "timeout": options.timeout_ms.map(|ms| ms / 1000.0),
        "max_retries": options.max_retries,
        "extra_headers": options.extra_headers,
    });
    Ok(
        Passed::read(passed, NameCase::Neutral, CALL_OPTIONS, &[], endpoint)
            .and_then(|p| p.call_options(endpoint, TimeUnit::Seconds)),
    )
}

/// The secret as a server might echo it: plain, JSON-escaped, percent-encoded.
fn secret_forms(secret: &str) -> Vec<String> {
    let json_escaped: String = secret.chars().map(|c| format!("\\u{:04x}", c as u32)).collect();
    let percent: String = secret.bytes().map(|b| format!("%{b:02X}")).collect();
    vec![secret.to_owned(), json_escaped, percent]
}

fn check_error(expected: &ExpectError, error: &Error, failures: &mut Vec<String>) {
    let mut mismatch = |what: &str, want: Option<String>, got: Option<String>| {
        if want.is_some() && want != got {
            failures.push(format!("error {what}: expected {want:?}, got {got:?} ({error})"));
        }
    };
    let text = |s: Option<&str>| s.map(str::to_owned);
    mismatch(
        "kind",
        Some(expected.kind.clone()),
        text(Some(error.kind().as_str())),
    );
    mismatch(
        "status",
        expected.status.map(|s| s.to_string()),
        error.status().map(|s| s.to_string()),
    );
    mismatch("message", expected.message.clone(), text(error.server_message()));
    mismatch(
        "request_id",
        expected.request_id.clone(),
        text(error.request_id()),
    );
    mismatch("field", expected.field.clone(), text(error.field()));
    mismatch(
        "may_have_been_processed",
        expected.may_have_been_processed.map(|b| b.to_string()),
        Some(error.may_have_been_processed().to_string()),
    );
    if let Some(part) = &expected.body_contains {
        if !error.body().unwrap_or("").contains(part.as_str()) {
            failures.push(format!(
                "error body: expected it to contain {part:?}, got {:?}",
                error.body()
            ));
        }
    }
}

fn check_request(expect: &ExpectRequest, request: &HttpRequest, at: &str, failures: &mut Vec<String>) {
    if request.method.as_str() != expect.method {
        failures.push(format!(
            "{at} method: expected {}, got {}",
            expect.method, request.method
        ));
    }
    let (path, query) = match request.path_and_query().split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (request.path_and_query(), None),
    };
    if path != expect.path {
        failures.push(format!("{at} path: expected {}, got {path}", expect.path));
    }
    let mut pairs = BTreeMap::new();
    for pair in query.into_iter().flat_map(|q| q.split('&')) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let decode = |s: &str| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8_lossy()
                .into_owned()
        };
        if pairs.insert(decode(key), decode(value)).is_some() {
            failures.push(format!("{at} query: parameter {key:?} appears twice"));
        }
    }
    if pairs != expect.query {
        failures.push(format!("{at} query: expected {:?}, got {pairs:?}", expect.query));
    }
    for (name, value) in &expect.headers_present {
        let got = request.header(name);
        if got != Some(value.as_str()) {
            // A secret header's value is never printed.
            let (want, got) = if name.eq_ignore_ascii_case(flow_core::API_SECRET_HEADER) {
                (
                    "the configured secret".to_owned(),
                    got.map(|_| "another value".to_owned()),
                )
            } else {
                (format!("{value:?}"), got.map(|v| format!("{v:?}")))
            };
            failures.push(format!("{at} header {name}: expected {want}, got {got:?}"));
        }
    }
    for name in &expect.headers_absent {
        if request.header(name).is_some() {
            failures.push(format!("{at} header {name}: must be absent but was sent"));
        }
    }
    match (&expect.body_json, &request.body) {
        (None, None) => {}
        (None, Some(body)) => failures.push(format!(
            "{at} body: expected none, got {}",
            String::from_utf8_lossy(body)
        )),
        (Some(_), None) => failures.push(format!("{at} body: expected JSON, got none")),
        (Some(expected), Some(body)) => match serde_json::from_slice::<Value>(body) {
            Ok(actual) => diff(&format!("{at} body"), expected, &actual, failures),
            Err(e) => failures.push(format!("{at} body is not JSON: {e}")),
        },
    }
}

/// Structural comparison: objects by exact key set, arrays by length and order, numbers by value
/// (`2 == 2.0`), everything else by equality. Each difference is reported with its JSON path.
fn diff(path: &str, expected: &Value, actual: &Value, failures: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(want), Value::Object(got)) => diff_objects(path, want, got, failures),
        (Value::Array(want), Value::Array(got)) => {
            if want.len() != got.len() {
                failures.push(format!(
                    "{path}: expected {} items, got {}: {actual}",
                    want.len(),
                    got.len()
                ));
                return;
            }
            for (i, (w, g)) in want.iter().zip(got).enumerate() {
                diff(&format!("{path}[{i}]"), w, g, failures);
            }
        }
        (Value::Number(want), Value::Number(got)) => {
            let same = match (want.as_i64(), got.as_i64()) {
                (Some(w), Some(g)) => w == g,
                _ => want.as_f64() == got.as_f64(),
            };
            if !same {
                failures.push(format!("{path}: expected {want}, got {got}"));
            }
        }
        _ if expected == actual => {}
        _ => failures.push(format!("{path}: expected {expected}, got {actual}")),
    }
}

fn diff_objects(path: &str, want: &Map<String, Value>, got: &Map<String, Value>, failures: &mut Vec<String>) {
    for (key, w) in want {
        match got.get(key) {
            Some(g) => diff(&format!("{path}.{key}"), w, g, failures),
            None => failures.push(format!("{path}.{key}: expected {w}, got nothing")),
        }
    }
    for (key, g) in got {
        if !want.contains_key(key) {
            failures.push(format!("{path}.{key}: unexpected {g}"));
        }
    }
}

fn vector_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
}

/// Where this runner leaves its counts for `scripts/conformance-summary.sh`.
fn counts_file() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/conformance/rust.json")
}

#[tokio::test]
async fn conformance_vectors() {
    // Gone until this run writes it: a run that dies on the way leaves no counts.
    let _ = std::fs::remove_file(counts_file());
    let files = vector_files();
    let mut names = BTreeMap::new();
    let mut failed = Vec::new();
    for file in &files {
        let label = file.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{label}: {e}"));
        let failures = match serde_json::from_str::<Vector>(&text) {
            Ok(vector) => match names.insert(vector.name.clone(), label.clone()) {
                Some(first) => vec![format!("the name {:?} is also used by {first}", vector.name)],
                None => run(vector).await,
            },
            Err(e) => vec![format!("not a valid vector: {e}")],
        };
        if !failures.is_empty() {
            failed.push(format!("{label}\n  {}", failures.join("\n  ")));
        }
    }
    println!(
        "conformance: {} vectors, {} passed, {} failed",
        files.len(),
        files.len() - failed.len(),
        failed.len()
    );
    let counts = serde_json::json!({
        "runtime": "rust",
        "vectors": files.len(),
        "passed": files.len() - failed.len(),
        "failed": failed.len(),
    });
    let path = counts_file();
    std::fs::create_dir_all(path.parent().unwrap()).expect("target/conformance can be created");
    std::fs::write(&path, format!("{counts}\n")).expect("target/conformance/rust.json is written");
    assert!(
        failed.is_empty(),
        "{} of {} vectors failed:\n{}",
        failed.len(),
        files.len(),
        failed.join("\n")
    );
    assert!(
        files.len() >= MIN_VECTORS,
        "only {} vectors found, expected at least {MIN_VECTORS}",
        files.len()
    );
}
