//! The Rust client's own options: default headers and the user agent on the wire, `with_options`
//! sharing the transport, refused headers, the request id of a success, and log lines through a
//! `Logger` with the secret scrubbed.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use flow_core::endpoints::{CreateRegistrant, ListOperators};
use flow_core::{
    BoxFuture, Client, HttpRequest, HttpResponse, LogLevel, Logger, RequestOptions, Sleeper, Transport,
    TransportError,
};

const SECRET: &str = "sk-options-5e1d";

#[derive(Default)]
struct Recorder {
    requests: Mutex<Vec<HttpRequest>>,
}

impl Transport for Recorder {
    fn send<'a>(&'a self, request: &'a HttpRequest) -> BoxFuture<'a, Result<HttpResponse, TransportError>> {
        self.requests.lock().unwrap().push(request.clone());
        let body = r#"{"code": 200, "data": [], "redirectURL": null}"#;
        let response = HttpResponse::new(200, body).with_header("X-Request-Id", format!("req-{SECRET}"));
        Box::pin(async move { Ok(response) })
    }
}

struct NoSleep;

impl Sleeper for NoSleep {
    fn sleep(&self, _: Duration) -> BoxFuture<'_, ()> {
        Box::pin(async {})
    }
}

#[derive(Default)]
struct Lines(Mutex<Vec<(LogLevel, String)>>);

impl Logger for Lines {
    fn log(&self, level: LogLevel, line: &str) {
        self.0.lock().unwrap().push((level, line.to_owned()));
    }
}

fn client(transport: &Arc<Recorder>, lines: &Arc<Lines>) -> Client {
    Client::builder()
        .ignore_env()
        .api_secret(SECRET)
        .base_url("https://flow.test/api/v1")
        .default_header("X-Team", "ops")
        .log_level(LogLevel::Debug)
        .transport(transport.clone())
        .sleeper(Arc::new(NoSleep))
        .logger(lines.clone())
        .build()
        .unwrap()
}

#[tokio::test]
async fn headers_request_ids_and_shared_transport() {
    let transport = Arc::new(Recorder::default());
    let lines = Arc::new(Lines::default());
    let client = client(&transport, &lines);
    let answer = client
        .send_with_response(&ListOperators {}, &RequestOptions::default())
        .await
        .unwrap();
    assert_eq!(answer.request_id.as_deref(), Some("req-***"));
    assert_eq!(answer.status, 200);

    let quiet = client
        .with_options(&RequestOptions {
            extra_headers: vec![("x-team".into(), None), ("x-call".into(), Some("1".into()))],
            ..RequestOptions::default()
        })
        .unwrap();
    quiet.operators().list().await.unwrap();

    let requests = transport.requests.lock().unwrap();
    assert_eq!(requests.len(), 2, "with_options shares the transport");
    assert_eq!(requests[0].header("x-team"), Some("ops"));
    assert!(requests[0]
        .header("user-agent")
        .is_some_and(|ua| ua.starts_with("flow-api-rust/")));
    assert_eq!(requests[1].header("x-team"), None);
    assert_eq!(requests[1].header("x-call"), Some("1"));

    let lines = lines.0.lock().unwrap();
    assert!(lines
        .iter()
        .any(|(level, line)| *level == LogLevel::Debug && line.contains("operators.list")));
    assert!(lines.iter().all(|(_, line)| !line.contains(SECRET)));
}

#[tokio::test]
async fn refused_headers_and_quiet_by_default() {
    let refused = Client::builder()
        .ignore_env()
        .default_header("Api-Secret", "x")
        .transport(Arc::new(Recorder::default()))
        .sleeper(Arc::new(NoSleep))
        .build()
        .unwrap_err();
    assert_eq!(refused.field(), Some("default_headers"));

    let transport = Arc::new(Recorder::default());
    let lines = Arc::new(Lines::default());
    let client = Client::builder()
        .ignore_env()
        .transport(transport.clone())
        .sleeper(Arc::new(NoSleep))
        .logger(lines.clone())
        .build()
        .unwrap();
    let bad = client
        .registrants()
        .create(CreateRegistrant::new("T35tT0K3n", "not-an-email", "A", "B"))
        .await
        .unwrap_err();
    assert_eq!(bad.field(), Some("email"));
    assert!(
        lines.0.lock().unwrap().is_empty(),
        "no log lines unless a level is set"
    );
    assert!(transport.requests.lock().unwrap().is_empty());
}
