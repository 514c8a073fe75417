//! The faults that answer with a hostile body or pace: redirects, huge, slow and verbatim bodies.

use std::io::Read;
use std::time::{Duration, Instant};

use reqwest::blocking::Client;
use reqwest::redirect::Policy;
use serde_json::{json, Value};

use crate::{json, ok_data, Mock, SECRET};

const USERS: &str = "/api/v1/users";

fn rule(path: &str, fault: Value) -> Value {
    json!({"path": path, "fault": fault})
}

fn no_redirects() -> Client {
    Client::builder().redirect(Policy::none()).build().unwrap()
}

#[test]
fn redirect_answers_3xx_with_location_and_no_body() {
    let mock = Mock::start();
    let client = no_redirects();
    for status in [301, 302, 303, 307, 308] {
        mock.fault(rule(
            USERS,
            json!({"type": "redirect", "status": status, "location": "http://127.0.0.1:9/steal"}),
        ));
        let response = client
            .get(mock.url("/users"))
            .header("api-secret", SECRET)
            .send()
            .unwrap();
        assert_eq!(response.status(), status);
        assert_eq!(response.headers()["location"], "http://127.0.0.1:9/steal");
        assert_eq!(response.text().unwrap(), "");
    }
    mock.fault(rule(USERS, json!({"type": "redirect", "location": "/elsewhere"})));
    let response = client.get(mock.url("/users")).send().unwrap();
    assert_eq!(response.status(), 302);
    let log = mock.requests();
    assert!(
        log.iter()
            .all(|e| e["fault"] == "redirect" && e["processed"] == false),
        "{log:?}"
    );
}

#[test]
fn processed_redirect_keeps_the_registration() {
    let mock = Mock::start();
    mock.fault(json!({
        "method": "POST", "path": "/api/v1/registrants",
        "fault": {"type": "redirect", "status": 303, "location": "http://127.0.0.1:9/steal", "process": true},
    }));
    let body = json!({
        "email": "redirected@example.com", "firstName": "R", "lastName": "D",
        "eventSessionToken": "rGt3dC546xs",
    });
    let response = no_redirects()
        .post(mock.url("/registrants"))
        .json(&body)
        .send()
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(mock.requests()[0]["processed"], true);
    assert_eq!(
        mock.register("redirected@example.com", "rGt3dC546xs")["isNew"],
        false
    );
}

#[test]
fn huge_body_declared_streams_far_more_than_memory() {
    let mock = Mock::start();
    let bytes: u64 = 64 * 1024 * 1024 * 1024;
    mock.fault(rule(
        USERS,
        json!({"type": "huge_body", "bytes": bytes, "declare": true}),
    ));
    let mut response = mock.get_secret("/users").send().unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-length"], bytes.to_string().as_str());
    assert_eq!(response.headers()["content-type"], "application/json");
    let mut head = vec![0; 8 * 1024 * 1024];
    response.read_exact(&mut head).unwrap();
    assert_eq!(head[0], b'[');
    assert!(head[1..].iter().all(|&b| b == b' '));
    assert_eq!(mock.requests()[0]["fault"], "huge_body");
}

#[test]
fn huge_body_undeclared_is_chunked_and_complete() {
    let mock = Mock::start();
    let bytes = 3 * 64 * 1024 + 5;
    mock.fault(rule(
        USERS,
        json!({"type": "huge_body", "bytes": bytes, "declare": false, "content_type": "text/plain"}),
    ));
    let response = mock.get_secret("/users").send().unwrap();
    assert_eq!(response.headers()["transfer-encoding"], "chunked");
    assert!(!response.headers().contains_key("content-length"));
    assert_eq!(response.headers()["content-type"], "text/plain");
    let body = response.bytes().unwrap();
    assert_eq!(body.len(), bytes);
    assert!(body.iter().all(|&b| b == b'a'));

    mock.fault(rule(USERS, json!({"type": "huge_body", "bytes": 0})));
    let response = mock.get_secret("/users").send().unwrap();
    assert_eq!(response.bytes().unwrap().len(), 0);
}

#[test]
fn slow_body_paces_the_real_answer() {
    let mock = Mock::start();
    let normal = mock
        .get("/events/sessions/public/T35tT0K3n")
        .send()
        .unwrap()
        .text()
        .unwrap();
    let step = normal.len() / 3 + 1;
    mock.fault(rule(
        "/api/v1/events",
        json!({"type": "slow_body", "bytes_per_interval": step, "interval_ms": 200}),
    ));
    let started = Instant::now();
    let mut response = mock.get("/events/sessions/public/T35tT0K3n").send().unwrap();
    assert_eq!(
        response.headers()["content-length"],
        normal.len().to_string().as_str()
    );
    let mut pieces = Vec::new();
    let mut buffer = vec![0; 64 * 1024];
    loop {
        let read = response.read(&mut buffer).unwrap();
        if read == 0 {
            break;
        }
        pieces.push(buffer[..read].to_vec());
    }
    assert!(
        started.elapsed() >= Duration::from_millis(400),
        "three pieces, two waits"
    );
    assert!(
        pieces.iter().all(|p| p.len() <= step),
        "no read got more than one piece"
    );
    assert_eq!(String::from_utf8(pieces.concat()).unwrap(), normal);
    assert_eq!(mock.requests()[1]["processed"], true);
}

#[test]
fn slow_body_outlasts_a_client_timeout() {
    let mock = Mock::start();
    mock.fault(rule(
        USERS,
        json!({"type": "slow_body", "bytes_per_interval": 1, "interval_ms": 100}),
    ));
    let client = Client::builder()
        .timeout(Duration::from_millis(500))
        .build()
        .unwrap();
    let started = Instant::now();
    let result = client
        .get(mock.url("/users"))
        .header("api-secret", SECRET)
        .send()
        .and_then(|r| r.bytes());
    let error = result.unwrap_err();
    assert!(error.is_timeout(), "{error}");
    assert!(started.elapsed() < Duration::from_secs(3));
    let log = mock.requests();
    assert_eq!(
        (log[0]["fault"].clone(), log[0]["processed"].clone()),
        (json!("slow_body"), json!(true))
    );
}

#[test]
fn slow_body_sends_its_own_body() {
    let mock = Mock::start();
    mock.fault(rule(
        USERS,
        json!({"type": "slow_body", "bytes_per_interval": 4, "interval_ms": 100, "body": {"ok": true}}),
    ));
    let started = Instant::now();
    let (status, body) = json(mock.get_secret("/users").send().unwrap());
    assert_eq!((status, body), (200, json!({"ok": true})));
    assert!(
        started.elapsed() >= Duration::from_millis(200),
        "11 bytes in 3 pieces"
    );
    assert_eq!(mock.requests()[0]["processed"], false);

    mock.fault(rule(
        USERS,
        json!({"type": "slow_body", "bytes_per_interval": 64, "interval_ms": 10, "body": "plain"}),
    ));
    let response = mock.get_secret("/users").send().unwrap();
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    assert_eq!(response.text().unwrap(), "plain");
}

#[test]
fn body_fault_sends_text_verbatim_with_its_headers() {
    let mock = Mock::start();
    let csv = "\u{feff}User ID,Name\r\n1,\"two\nlines\"\r\n2,\"=HYPERLINK(\"\"http://x\"\")\"\r\n";
    mock.fault(rule(
        "/api/v1/reports",
        json!({
            "type": "body", "content_type": "text/csv", "body": csv,
            "headers": {"x-request-id": "req_hostile", "x-extra": "1"},
        }),
    ));
    let response = mock
        .get_secret("/reports/events/sessions/csv/summary/LKo586mmk7g")
        .send()
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/csv");
    assert_eq!(response.headers()["x-request-id"], "req_hostile");
    assert_eq!(response.headers()["x-extra"], "1");
    assert_eq!(response.bytes().unwrap().as_ref(), csv.as_bytes());
    let log = mock.requests();
    assert_eq!(log[0]["fault"], "body");
    assert_ne!(log[0]["id"], "req_hostile");
}

#[test]
fn body_fault_sends_base64_bytes_verbatim() {
    let mock = Mock::start();
    // "Café;Zoë\r\n" in Windows-1252: not UTF-8.
    let raw: &[u8] = b"Caf\xe9;Zo\xeb\r\n";
    mock.fault(rule(
        USERS,
        json!({"type": "body", "status": 503, "content_type": "text/csv; charset=windows-1252", "body_base64": "Q2Fm6Ttab+sNCg=="}),
    ));
    let pending = mock.control(reqwest::Method::GET, "/__mock/faults");
    assert_eq!(pending[0]["fault"]["body_base64"], "Q2Fm6Ttab+sNCg==");
    let response = mock.get_secret("/users").send().unwrap();
    assert_eq!(response.status(), 503);
    assert_eq!(response.bytes().unwrap().as_ref(), raw);
    ok_data(mock.get_secret("/users").send().unwrap());
}
