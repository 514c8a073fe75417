//! The jobs end to end: bulk registration and collect through the real client and reqwest
//! transport against an in-process flow-mock, with the mock's rate faults.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use flow_core::jobs::bulk::{create_many, BulkOptions, BulkResult, Progress, RowStatus};
use flow_core::jobs::collect::{CollectOptions, ReportKind, SessionRef};
use flow_core::jobs::journal::FileJournal;
use flow_core::jobs::rows::CsvRows;
use flow_core::{BoxFuture, Client, ErrorKind, FixedJitter, Period, Sleeper};
use flow_mock::{MockConfig, MockServer};
use futures_util::stream;
use serde_json::{json, Value};

/// Returns at once, so retries and pauses take no wall time.
#[derive(Default)]
struct InstantSleeper(Mutex<Vec<Duration>>);

impl Sleeper for InstantSleeper {
    fn sleep(&self, duration: Duration) -> BoxFuture<'_, ()> {
        self.0.lock().unwrap().push(duration);
        Box::pin(async {})
    }
}

struct Fixture {
    server: MockServer,
    http: reqwest::Client,
    dir: std::path::PathBuf,
}

impl Fixture {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("flow-jobs-{name}-{}", std::process::id()));
        drop(std::fs::remove_dir_all(&dir));
        std::fs::create_dir_all(&dir).unwrap();
        Self {
            server: MockServer::start(MockConfig::default(), "127.0.0.1", 0).expect("mock starts"),
            http: reqwest::Client::new(),
            dir,
        }
    }

    fn client(&self, timeout: Duration) -> Client {
        Client::builder()
            .ignore_env()
            .base_url(self.server.base_url())
            .api_secret(self.server.api_secret())
            .timeout(timeout)
            .sleeper(Arc::new(InstantSleeper::default()))
            .jitter(Arc::new(FixedJitter(0.0)))
            .build()
            .unwrap()
    }

    fn control(&self, path: &str) -> String {
        format!("http://{}/__mock/{path}", self.server.addr())
    }

    async fn fault(&self, fault: Value) {
        let response = self
            .http
            .post(self.control("faults"))
            .header("content-type", "application/json")
            .body(fault.to_string())
            .send()
            .await
            .unwrap();
        assert!(
            response.status().is_success(),
            "fault accepted: {}",
            response.status()
        );
    }

    async fn clear_faults(&self) {
        self.http.delete(self.control("faults")).send().await.unwrap();
    }

    async fn get(&self, path: &str) -> Value {
        let body = self
            .http
            .get(self.control(path))
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        serde_json::from_slice(&body).unwrap()
    }

    /// How many times the store holds each (session, email) of `emails`.
    async fn stored(&self) -> HashMap<(String, String), usize> {
        let mut counts = HashMap::new();
        for r in self.get("store").await["registrations"].as_array().unwrap() {
            let key = (
                r["session_token"].as_str().unwrap().to_owned(),
                r["email"].as_str().unwrap().to_ascii_lowercase(),
            );
            *counts.entry(key).or_insert(0) += 1;
        }
        counts
    }

    /// How many registration requests the server's handler ran, per (session, email).
    async fn processed(&self) -> HashMap<(String, String), usize> {
        let mut counts = HashMap::new();
        for entry in self.get("requests").await.as_array().unwrap() {
            if entry["method"] == "POST"
                && entry["path"] == "/api/v1/registrants"
                && entry["processed"] == true
            {
                let body = &entry["body"];
                let key = (
                    body["eventSessionToken"].as_str().unwrap().to_owned(),
                    body["email"].as_str().unwrap().to_ascii_lowercase(),
                );
                *counts.entry(key).or_insert(0) += 1;
            }
        }
        counts
    }

    async fn sessions(&self, client: &Client, n: usize) -> Vec<String> {
        let mut tokens = Vec::new();
        for period in [Period::Future, Period::Current, Period::Past] {
            for session in client.events().list(period).await.unwrap() {
                tokens.extend(session.token);
            }
        }
        assert!(tokens.len() >= n, "the mock seeds at least {n} sessions");
        tokens.truncate(n);
        tokens
    }
}

fn people(sessions: &[String], n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| {
            json!({
                "email": format!("person{i}@bulk.example"),
                "first_name": format!("First{i}"),
                "last_name": "Bulk",
                "session_token": sessions[i % sessions.len()],
            })
        })
        .collect()
}

/// A fifth of all registrations faulted, every way the issue lists: the server refusing before
/// processing (503 + Retry-After, 429, a reset), and the outcome lost after processing (a reset,
/// a delay past the timeout) or unknown (500).
fn twenty_percent_faults(seed: u64) -> Value {
    json!({
        "method": "POST", "path": "/api/v1/registrants", "rate": 0.2, "seed": seed,
        "faults": [
            {"type": "status", "status": 503, "retry_after": "0"},
            {"type": "status", "status": 429},
            {"type": "reset"},
            {"type": "reset", "process": true},
            {"type": "delay", "ms": 400, "process": true},
            {"type": "status", "status": 500},
        ],
    })
}

fn count(result: &BulkResult, status: RowStatus) -> usize {
    result.rows.iter().filter(|r| r.status == status).count()
}

async fn assert_everyone_once(f: &Fixture, rows: &[Value], result: &BulkResult) {
    assert_eq!(result.rows.len(), rows.len());
    assert!(
        result.rows.iter().all(|r| r.status.is_registered()),
        "every row created or existing: {:?}",
        result.counts
    );
    assert!(
        result.rows.iter().enumerate().all(|(i, r)| r.index == i as u64),
        "input order"
    );
    let stored = f.stored().await;
    for row in rows {
        let key = (
            row["session_token"].as_str().unwrap().to_owned(),
            row["email"].as_str().unwrap().to_owned(),
        );
        assert_eq!(stored.get(&key), Some(&1), "{key:?} stored exactly once");
    }
    let twice: Vec<_> = f.processed().await.into_iter().filter(|(_, n)| *n > 1).collect();
    assert!(twice.is_empty(), "processed more than once: {twice:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_rows_with_a_fifth_faulted_then_a_rerun_register_everyone_once() {
    let f = Fixture::new("faulted");
    let client = f.client(Duration::from_millis(200));
    let sessions = f.sessions(&client, 5).await;
    let rows = people(&sessions, 10_000);
    let journal = f.dir.join("journal.jsonl");
    f.fault(twenty_percent_faults(7)).await;

    let options = || BulkOptions::default().journal(Arc::new(FileJournal::open(&journal).unwrap()));
    let first = client.registrants().create_many(&rows, &options()).await.unwrap();
    assert_eq!(first.rows.len(), 10_000);
    let unsettled = count(&first, RowStatus::Unknown) + count(&first, RowStatus::Failed);
    assert!(
        unsettled > 100,
        "the faults left rows to settle: {:?}",
        first.counts
    );
    assert!(count(&first, RowStatus::Created) > 7_000, "{:?}", first.counts);
    // Nothing whose outcome was unknown was sent twice in the run.
    let twice: Vec<_> = f.processed().await.into_iter().filter(|(_, n)| *n > 1).collect();
    assert!(
        twice.is_empty(),
        "processed more than once in the first run: {twice:?}"
    );

    f.clear_faults().await;
    // A request can still be on its way through the server when the run stops (the delay fault
    // processes after its 400 ms); no read can see it yet, so a rerun waits until it is through.
    tokio::time::sleep(Duration::from_secs(1)).await;
    // The rerun's reads of 2,000 registrants per session need more than the faulted run's 200 ms.
    let client = f.client(Duration::from_secs(10));
    let rerun = client.registrants().create_many(&rows, &options()).await.unwrap();
    assert_everyone_once(&f, &rows, &rerun).await;
    assert_eq!(rerun.counts.created + rerun.counts.existing, 10_000);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_dropped_midway_leaves_a_journal_a_rerun_completes() {
    let f = Fixture::new("dropped");
    let client = f.client(Duration::from_millis(200));
    let sessions = f.sessions(&client, 5).await;
    let rows = people(&sessions, 10_000);
    let journal = f.dir.join("journal.jsonl");
    f.fault(twenty_percent_faults(11)).await;

    let done = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(tokio::sync::Notify::new());
    let (seen, wake) = (Arc::clone(&done), Arc::clone(&stop));
    let options = BulkOptions::default()
        .concurrency(16)
        .journal(Arc::new(FileJournal::open(&journal).unwrap()))
        .progress(move |p: &Progress| {
            seen.store(p.done, Ordering::SeqCst);
            if p.done == 3_000 {
                wake.notify_one();
            }
        });
    let registrants = client.registrants();
    tokio::select! {
        _ = registrants.create_many(&rows, &options) => panic!("the run should be dropped first"),
        () = stop.notified() => {}
    }
    let at_drop = done.load(Ordering::SeqCst);
    assert!((3_000..10_000).contains(&at_drop), "dropped midway, at {at_drop}");

    f.clear_faults().await;
    // A request can still be on its way through the server when the run stops (the delay fault
    // processes after its 400 ms); no read can see it yet, so a rerun waits until it is through.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let client = f.client(Duration::from_secs(10));
    let options = BulkOptions::default().journal(Arc::new(FileJournal::open(&journal).unwrap()));
    let rerun = client.registrants().create_many(&rows, &options).await.unwrap();
    assert_everyone_once(&f, &rows, &rerun).await;
}

#[tokio::test]
async fn each_status_is_reported_and_an_unknown_row_is_not_resent() {
    let f = Fixture::new("statuses");
    let client = f.client(Duration::from_millis(300));
    let token = "T35tT0K3n";
    let existing = client.registrants().list(token).await.unwrap()[0]
        .email
        .clone()
        .unwrap();
    let row = |email: &str| json!({"email": email, "firstName": "A", "lastName": "B"});
    let rows = vec![
        row("new@x.example"),                                                // created
        row(&existing.to_uppercase()),                                       // existing (case ignored)
        row("NEW@x.example"),                                                // duplicate of row 0
        json!({"email": "no-at-sign", "first_name": "A", "last_name": "B"}), // invalid
        json!({"email": "c@x.example", "first_name": "A"}),                  // invalid: no last name
        json!(["not", "an", "object"]),                                      // invalid
        row("refused@x.example"),                                            // failed (422)
        row("slow@x.example"), // unknown (timeout after processing)
    ];
    let options = BulkOptions::default().session_token(token).concurrency(1);
    // Fault the 3rd and 4th POSTs (rows 6 and 7: rows 0 and 1 are the only earlier sends).
    f.fault(json!({"method": "POST", "path": "/api/v1/registrants", "count": 1, "fault": {"type": "delay", "ms": 0}})).await;
    f.fault(json!({"method": "POST", "path": "/api/v1/registrants", "count": 1, "fault": {"type": "delay", "ms": 0}})).await;
    f.fault(json!({"method": "POST", "path": "/api/v1/registrants", "count": 1, "fault": {"type": "status", "status": 422}})).await;
    f.fault(json!({"method": "POST", "path": "/api/v1/registrants", "count": 1, "fault": {"type": "delay", "ms": 600, "process": true}})).await;
    let result = client.registrants().create_many(&rows, &options).await.unwrap();
    let statuses: Vec<&str> = result.rows.iter().map(|r| r.status.as_str()).collect();
    assert_eq!(
        statuses,
        [
            "created",
            "existing",
            "duplicate",
            "invalid",
            "invalid",
            "invalid",
            "failed",
            "unknown"
        ]
    );
    assert_eq!(result.rows[3].error.as_ref().unwrap().field(), Some("email"));
    assert_eq!(result.rows[4].error.as_ref().unwrap().field(), Some("last_name"));
    assert_eq!(result.rows[5].error.as_ref().unwrap().field(), Some("row"));
    assert_eq!(
        result.rows[6].error.as_ref().unwrap().kind(),
        ErrorKind::UnprocessableEntity
    );
    assert_eq!(result.rows[7].error.as_ref().unwrap().kind(), ErrorKind::Timeout);
    assert!(result.rows[0].registration.as_ref().unwrap().url.is_some());
    assert_eq!((result.counts.invalid, result.counts.unknown), (3, 1));
    tokio::time::sleep(Duration::from_millis(400)).await;
    let sent = f
        .get("requests")
        .await
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["method"] == "POST" && e["body"]["email"] == "slow@x.example")
        .count();
    assert_eq!(sent, 1, "the unknown row was sent once");
}

#[tokio::test]
async fn rows_stream_from_a_csv_file_and_bad_options_send_nothing() {
    let f = Fixture::new("csv");
    let client = f.client(Duration::from_secs(5));
    let path = f.dir.join("people.csv");
    std::fs::write(
        &path,
        "Email,First Name,Last Name,Company\nann@csv.example,Ann,One,X\nbob@csv.example,Bob,Two,Y\n",
    )
    .unwrap();
    let rows = stream::iter(CsvRows::open(&path).unwrap());
    let options = BulkOptions::default().session_token("T35tT0K3n");
    let result = create_many(&client, rows, &options).await.unwrap();
    assert_eq!(result.counts.created, 2);

    let before = f.get("requests").await.as_array().unwrap().len();
    for options in [
        BulkOptions::default().session_token("T35tT0K3n").concurrency(0),
        BulkOptions::default().session_token("T35tT0K3n").concurrency(65),
        BulkOptions::default().session_token(".."),
    ] {
        let error = client
            .registrants()
            .create_many([json!({})], &options)
            .await
            .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidRequest, "{error}");
    }
    let foreign = f.dir.join("not-a-journal.csv");
    std::fs::write(&foreign, "email\n").unwrap();
    let options = BulkOptions::default().journal(Arc::new(FileJournal::open(&foreign).unwrap()));
    let error = client
        .registrants()
        .create_many([json!({})], &options)
        .await
        .unwrap_err();
    assert_eq!(error.field(), Some("journal"));
    assert_eq!(
        std::fs::read_to_string(&foreign).unwrap(),
        "email\n",
        "a foreign file is not written"
    );
    assert_eq!(
        f.get("requests").await.as_array().unwrap().len(),
        before,
        "nothing sent"
    );
}

#[tokio::test]
async fn collect_joins_every_past_session_and_lists_the_one_that_failed() {
    let f = Fixture::new("collect");
    let client = f.client(Duration::from_secs(5));
    let past = client.events().list(Period::Past).await.unwrap();
    assert!(past.len() >= 2);
    let broken = past[1].token.clone().unwrap();
    f.fault(json!({
        "path": format!("/api/v1/reports/events/sessions/csv/registrants/{broken}"),
        "count": 10, "fault": {"type": "status", "status": 404},
    }))
    .await;
    let progress = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&progress);
    let options = CollectOptions {
        progress: Some(Arc::new(move |p: &Progress| {
            seen.lock().unwrap().push((p.done, p.counts.failed))
        })),
        ..CollectOptions::period(Period::Past)
    };
    let collected = client
        .reports()
        .collect(ReportKind::Registrants, &options)
        .await
        .unwrap();
    assert_eq!(collected.failures.len(), 1);
    assert_eq!(collected.failures[0].0, broken);
    assert_eq!(collected.failures[0].1.kind(), ErrorKind::NotFound);
    let report = &collected.report;
    assert_eq!(&report.columns()[..2], ["Session Token", "Session Title"]);
    let tokens: std::collections::BTreeSet<&str> = report.rows().map(|r| r.get(0).unwrap()).collect();
    assert_eq!(
        tokens.len(),
        past.len() - 1,
        "every other session is in the table"
    );
    assert!(!tokens.contains(broken.as_str()));
    let first = report.row(0).unwrap();
    assert_eq!(
        Some(first.get(1).unwrap()),
        past.iter()
            .find(|s| s.token.as_deref() == first.get(0))
            .and_then(|s| s.title.as_deref())
    );
    assert_eq!(progress.lock().unwrap().last(), Some(&(past.len() as u64, 1)));

    // Bare tokens: the titles are read too.
    let token = past[0].token.clone().unwrap();
    let options = CollectOptions::sessions([SessionRef::from(token.as_str())]);
    let collected = client
        .reports()
        .collect(ReportKind::AttendeeChat, &options)
        .await
        .unwrap();
    assert!(collected.failures.is_empty());
    assert!(collected
        .report
        .rows()
        .all(|r| r.get(1) == past[0].title.as_deref()));

    for (kind, options) in [
        (ReportKind::Survey, CollectOptions::period(Period::Past)),
        (
            ReportKind::Registrants,
            CollectOptions {
                survey_id: Some("1".into()),
                ..CollectOptions::period(Period::Past)
            },
        ),
        (ReportKind::Registrants, CollectOptions::default()),
        (
            ReportKind::Registrants,
            CollectOptions {
                period: Some(Period::Past),
                ..CollectOptions::sessions(["x"])
            },
        ),
        (ReportKind::Registrants, CollectOptions::sessions([".."])),
    ] {
        let error = client.reports().collect(kind, &options).await.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidRequest, "{error}");
    }
}

/// The jobs' futures are `Send`, so a Rust caller can spawn them on a multi-threaded runtime.
#[test]
fn job_futures_can_be_spawned() {
    fn spawnable<T: Send>(_: &T) {}
    let client = Client::builder().ignore_env().build().unwrap();
    let options = BulkOptions::default();
    spawnable(&client.registrants().create_many([json!({})], &options));
    spawnable(&create_many(&client, stream::iter([Ok(json!({}))]), &options));
    let options = CollectOptions::period(Period::Past);
    spawnable(&client.reports().collect(ReportKind::Registrants, &options));
}
