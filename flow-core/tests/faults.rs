//! The fault matrix in Rust: every case of `tests/faults/cases.json` (format in that folder's
//! README) through the public `Client` with its real reqwest transport and tokio sleeper, against
//! an in-process flow-mock over loopback sockets. The mock misbehaves as each case's `faults` say;
//! the runner checks the outcome, the attempts the mock logged, that no write was processed twice,
//! and that the secret shows in no error text or log line. One test for all cases, so a run reports
//! every failure at once; `target/faults/rust.json` keeps the counts for `scripts/faults-summary.sh`.

mod support;

use support::dispatch;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use flow_core::{Client, LogLevel, RequestOptions};
use flow_mock::{MockConfig, MockServer};
use serde::Deserialize;
use serde_json::{Map, Value};

/// A runner that finds fewer cases than this is reading the wrong file.
const MIN_CASES: usize = 24;
/// The mock's and the client's secret: distinctive, so any echo of it is found.
const SECRET: &str = "fault-matrix-s3cret-7c1e";
const DEFAULT_MAX_RETRIES: u32 = 2;
const DEFAULT_TIMEOUT_MS: u64 = 10_000;
/// The operations that must not run twice on the server.
const WRITES: [&str; 3] = ["registrants.create", "events.create", "sso.login_link"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    operation: String,
    input: Map<String, Value>,
    #[serde(default)]
    client: ClientOptions,
    faults: Vec<Value>,
    expect: Expect,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClientOptions {
    max_retries: Option<u32>,
    timeout_ms: Option<u64>,
    max_response_bytes: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    result: Option<String>,
    columns: Option<Vec<String>>,
    rows: Option<Vec<Vec<String>>>,
    error: Option<String>,
    status: Option<u16>,
    may_have_been_processed: Option<bool>,
    message: Option<String>,
    request_id: Option<String>,
    attempts: usize,
    processed_at_most: Option<usize>,
    min_elapsed_ms: Option<u64>,
    max_elapsed_ms: Option<u64>,
}

/// The input keys each operation takes (neutral names, as in tests/conformance).
fn input_keys(operation: &str) -> Option<&'static [&'static str]> {
    Some(match operation {
        "events.list" => &["period", "simple_analytics"],
        "events.get" | "events.get_public" => &["session_token"],
        "events.create" => &[
            "creator_id",
            "title",
            "description",
            "date",
            "time",
            "timezone",
            "operators",
            "published",
            "duration",
            "early_access_period",
            "video_record",
            "on_demand_replays",
        ],
        "registrants.create" => &["session_token", "email", "first_name", "last_name", "redirect"],
        "registrants.list"
        | "surveys.list"
        | "reports.summary"
        | "reports.registrants"
        | "reports.attendee_chat"
        | "reports.operator_chat" => &["session_token"],
        "reports.survey" => &["session_token", "survey_id"],
        "operators.list" => &[],
        "sso.rooms" => &["account_token"],
        "sso.login_link" => &["room_id", "email", "first_name", "last_name"],
        _ => return None,
    })
}

/// Everything about a case that can be wrong before it runs.
fn validate(case: &Case) -> Result<(), String> {
    let allowed = input_keys(&case.operation).ok_or(format!("unknown operation {:?}", case.operation))?;
    if let Some(key) = case.input.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(format!("unknown key input.{key} for {}", case.operation));
    }
    let e = &case.expect;
    match (&e.result, &e.error) {
        (Some(result), None) => {
            if result != "ok" {
                return Err(format!("expect.result must be \"ok\", not {result:?}"));
            }
            if e.status.is_some()
                || e.may_have_been_processed.is_some()
                || e.message.is_some()
                || e.request_id.is_some()
            {
                return Err(
                    "status, may_have_been_processed, message and request_id belong to an expected error"
                        .to_owned(),
                );
            }
        }
        (None, Some(_)) => {
            if e.columns.is_some() || e.rows.is_some() {
                return Err("columns and rows belong to an expected result".to_owned());
            }
        }
        _ => return Err("expect needs exactly one of result and error".to_owned()),
    }
    if WRITES.contains(&case.operation.as_str()) && e.processed_at_most.is_none() {
        return Err(format!(
            "{} is a write: expect.processed_at_most is required",
            case.operation
        ));
    }
    if case.faults.iter().any(|f| !f.is_object()) {
        return Err("every fault rule is an object".to_owned());
    }
    Ok(())
}

/// Replaces `{"$repeat": s, "times": n}` by `s` n times and `{"$join": [...]}` by its parts
/// concatenated, anywhere in a fault rule (bodies too big to write out).
fn expand(value: &Value) -> Result<Value, String> {
    match value {
        Value::Object(object) if object.contains_key("$repeat") => {
            let keys: BTreeSet<&str> = object.keys().map(String::as_str).collect();
            if keys != BTreeSet::from(["$repeat", "times"]) {
                return Err(format!("$repeat takes exactly $repeat and times, got {keys:?}"));
            }
            let text = object["$repeat"].as_str().ok_or("$repeat must be a string")?;
            let times = object["times"].as_u64().ok_or("times must be a whole number")?;
            Ok(Value::String(text.repeat(times as usize)))
        }
        Value::Object(object) if object.contains_key("$join") => {
            if object.len() != 1 {
                return Err("$join takes no other key".to_owned());
            }
            let parts = object["$join"].as_array().ok_or("$join must be an array")?;
            let mut text = String::new();
            for part in parts {
                match expand(part)? {
                    Value::String(s) => text.push_str(&s),
                    other => return Err(format!("a $join part must be text, got {other}")),
                }
            }
            Ok(Value::String(text))
        }
        Value::Object(object) => object
            .iter()
            .map(|(k, v)| Ok((k.clone(), expand(v)?)))
            .collect::<Result<Map<_, _>, String>>()
            .map(Value::Object),
        Value::Array(items) => items
            .iter()
            .map(expand)
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        other => Ok(other.clone()),
    }
}

/// Every object key sent must come back in the mock's echo of the rule, or the mock ignored it
/// (a misspelt `proces` would silently run a different case).
fn keys_echoed(sent: &Value, echo: &Value, path: &str, missing: &mut Vec<String>) {
    if let (Value::Object(sent), Value::Object(echo)) = (sent, echo) {
        for (key, value) in sent {
            match echo.get(key) {
                Some(back) => keys_echoed(value, back, &format!("{path}.{key}"), missing),
                None => missing.push(format!("{path}.{key}")),
            }
        }
    }
}

/// The secret as a server might echo it: plain, `\uXXXX`-escaped, `%XX`-encoded (either case).
fn secret_forms() -> Vec<String> {
    let escaped: String = SECRET.chars().map(|c| format!("\\u{:04x}", c as u32)).collect();
    let percent: String = SECRET.bytes().map(|b| format!("%{b:02X}")).collect();
    vec![
        SECRET.to_owned(),
        escaped.clone(),
        escaped.to_uppercase().replace("\\U", "\\u"),
        percent.clone(),
        percent.to_lowercase(),
    ]
}

/// Records the core's log lines (flow_core at debug, anything else at warn and above), so they
/// can be searched for the secret.
struct CapturingLogger;

static LOG_LINES: Mutex<Vec<String>> = Mutex::new(Vec::new());

impl log::Log for CapturingLogger {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.level() <= log::Level::Warn
            || ((metadata.target().starts_with("flow_core") || metadata.target() == "flow_api")
                && metadata.level() <= log::Level::Debug)
    }

    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            let line = format!("{} {}: {}", record.level(), record.target(), record.args());
            LOG_LINES.lock().unwrap().push(line);
        }
    }

    fn flush(&self) {}
}

struct Mock {
    server: MockServer,
    http: reqwest::Client,
}

impl Mock {
    fn start() -> Self {
        let config = MockConfig {
            api_secret: SECRET.to_owned(),
            ..MockConfig::default()
        };
        Self {
            server: MockServer::start(config, "127.0.0.1", 0).expect("flow-mock starts"),
            http: reqwest::Client::new(),
        }
    }

    async fn control(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, String> {
        let url = format!("http://{}/__mock/{path}", self.server.addr());
        let mut request = self.http.request(method.clone(), &url);
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body.to_string());
        }
        let response = request.send().await.map_err(|e| format!("{method} {url}: {e}"))?;
        let status = response.status();
        let text = response
            .text()
            .await
            .map_err(|e| format!("{method} {url}: {e}"))?;
        if !status.is_success() {
            return Err(format!("{method} /__mock/{path}: HTTP {status}: {text}"));
        }
        serde_json::from_str(&text).map_err(|e| format!("{method} /__mock/{path}: {e}"))
    }
}

/// Runs one case; returns every mismatch found.
async fn run(mock: &Mock, case: &Case) -> Result<Vec<String>, String> {
    validate(case)?;
    let mut problems = Vec::new();
    mock.control(reqwest::Method::POST, "reset", None).await?;
    for (i, rule) in case.faults.iter().enumerate() {
        let rule = expand(rule).map_err(|e| format!("faults[{i}]: {e}"))?;
        let echo = mock.control(reqwest::Method::POST, "faults", Some(&rule)).await?;
        let mut missing = Vec::new();
        keys_echoed(&rule, &echo, &format!("faults[{i}]"), &mut missing);
        if !missing.is_empty() {
            return Err(format!("the mock ignored {}", missing.join(", ")));
        }
    }
    let options = &case.client;
    let mut builder = Client::builder()
        .ignore_env()
        .base_url(mock.server.base_url())
        .api_secret(SECRET)
        .log_level(LogLevel::Debug)
        .max_retries(options.max_retries.unwrap_or(DEFAULT_MAX_RETRIES))
        .timeout(Duration::from_millis(
            options.timeout_ms.unwrap_or(DEFAULT_TIMEOUT_MS),
        ));
    if let Some(bytes) = options.max_response_bytes {
        builder = builder.max_response_bytes(bytes);
    }
    let client = builder
        .build()
        .map_err(|e| format!("the client cannot be built: {e}"))?;
    LOG_LINES.lock().unwrap().clear();
    let started = Instant::now();
    let outcome = dispatch(
        &client,
        &case.operation,
        Value::Object(case.input.clone()),
        &RequestOptions::default(),
    )
    .await?
    .map(|answer| answer.data);
    let elapsed_ms = started.elapsed().as_millis() as u64;

    let e = &case.expect;
    match (&outcome, &e.error) {
        (Ok(value), None) => {
            if let Some(columns) = &e.columns {
                if value.get("columns") != Some(&serde_json::json!(columns)) {
                    problems.push(format!("columns: expected {columns:?}, got {}", value["columns"]));
                }
            }
            if let Some(rows) = &e.rows {
                if value.get("rows") != Some(&serde_json::json!(rows)) {
                    problems.push(format!("rows: expected {rows:?}, got {}", value["rows"]));
                }
            }
        }
        (Ok(_), Some(kind)) => problems.push(format!("expected a {kind} error, got a result")),
        (Err(error), None) => {
            problems.push(format!("expected a result, got {} error: {error}", error.kind()))
        }
        (Err(error), Some(kind)) => {
            if error.kind().as_str() != kind {
                problems.push(format!("kind: expected {kind}, got {} ({error})", error.kind()));
            }
            if e.status.is_some() && error.status() != e.status {
                problems.push(format!(
                    "status: expected {:?}, got {:?}",
                    e.status,
                    error.status()
                ));
            }
            if let Some(want) = e.may_have_been_processed {
                if error.may_have_been_processed() != want {
                    problems.push(format!(
                        "may_have_been_processed: expected {want}, got {}",
                        error.may_have_been_processed()
                    ));
                }
            }
            if e.message.is_some() && error.server_message() != e.message.as_deref() {
                problems.push(format!(
                    "message: expected {:?}, got {:?}",
                    e.message,
                    error.server_message()
                ));
            }
            if e.request_id.is_some() && error.request_id() != e.request_id.as_deref() {
                problems.push(format!(
                    "request_id: expected {:?}, got {:?}",
                    e.request_id,
                    error.request_id()
                ));
            }
        }
    }

    if e.min_elapsed_ms.is_some_and(|ms| elapsed_ms < ms)
        || e.max_elapsed_ms.is_some_and(|ms| elapsed_ms > ms)
    {
        problems.push(format!(
            "the call took {elapsed_ms} ms, expected {} to {} ms",
            e.min_elapsed_ms.unwrap_or(0),
            e.max_elapsed_ms.map_or("any".to_owned(), |ms| ms.to_string())
        ));
    }

    let mut shown = LOG_LINES.lock().unwrap().join("\n");
    if let Err(error) = &outcome {
        shown.push_str(&format!(
            "\n{error}\n{error:?}\n{}\n{}\n{}",
            error.body().unwrap_or(""),
            error.server_message().unwrap_or(""),
            error.request_id().unwrap_or("")
        ));
    }
    if secret_forms().iter().any(|form| shown.contains(form.as_str())) {
        problems.push(
            "the secret (plain, \\u-escaped or %-encoded) shows in an error text or log line".to_owned(),
        );
    }

    let log = mock.control(reqwest::Method::GET, "requests", None).await?;
    let entries = log.as_array().ok_or("the request log is not a list")?;
    if entries.len() != e.attempts {
        let seen: Vec<String> = entries
            .iter()
            .map(|r| {
                let text = |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_owned);
                format!(
                    "{} {} -> {} ({})",
                    text(&r["method"]),
                    text(&r["path"]),
                    r["status"],
                    text(&r["fault"])
                )
            })
            .collect();
        problems.push(format!(
            "attempts: expected {}, the mock logged {}: {seen:?}",
            e.attempts,
            entries.len()
        ));
    }
    if let Some(most) = e.processed_at_most {
        let processed = entries.iter().filter(|r| r["processed"] == true).count();
        if processed > most {
            problems.push(format!("processed {processed} times, at most {most} allowed"));
        }
    }
    Ok(problems)
}

fn cases_file() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/faults/cases.json")
}

fn write_counts(cases: usize, passed: usize, failed: usize) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/faults");
    std::fs::create_dir_all(&dir).expect("target/faults can be created");
    let counts = serde_json::json!({"cases": cases, "passed": passed, "failed": failed});
    std::fs::write(dir.join("rust.json"), format!("{counts}\n")).expect("target/faults/rust.json is written");
}

#[tokio::test]
async fn fault_matrix() {
    static LOGGER: CapturingLogger = CapturingLogger;
    log::set_logger(&LOGGER).expect("no other logger in this test binary");
    log::set_max_level(log::LevelFilter::Debug);
    let started = Instant::now();
    let text = std::fs::read_to_string(cases_file()).expect("tests/faults/cases.json is readable");
    let raw: Vec<Value> = serde_json::from_str(&text).expect("cases.json is a JSON list");
    let mock = Mock::start();
    let mut names = BTreeSet::new();
    let mut failed = Vec::new();
    for (i, raw) in raw.iter().enumerate() {
        let label = raw["name"].as_str().map_or(format!("cases[{i}]"), str::to_owned);
        let case_started = Instant::now();
        let problems = match serde_json::from_value::<Case>(raw.clone()) {
            Err(e) => vec![format!("not a valid case: {e}")],
            Ok(case) if !names.insert(case.name.clone()) => vec!["the name is used twice".to_owned()],
            Ok(case) => run(&mock, &case)
                .await
                .unwrap_or_else(|e| vec![format!("cannot run: {e}")]),
        };
        let ms = case_started.elapsed().as_millis();
        if problems.is_empty() {
            println!("  ok     {label} ({ms} ms)");
        } else {
            println!("  FAILED {label} ({ms} ms)");
            failed.push(format!("{label}\n    {}", problems.join("\n    ")));
        }
    }
    let (cases, failures) = (raw.len(), failed.len());
    write_counts(cases, cases - failures, failures);
    println!(
        "faults[rust]: {cases} cases, {} passed, {failures} failed ({:.1} s)",
        cases - failures,
        started.elapsed().as_secs_f64()
    );
    assert!(
        failed.is_empty(),
        "{failures} of {cases} fault cases failed:\n{}",
        failed.join("\n")
    );
    assert!(
        cases >= MIN_CASES,
        "only {cases} cases in cases.json, expected at least {MIN_CASES}"
    );
}
