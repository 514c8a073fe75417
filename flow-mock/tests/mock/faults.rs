//! Faults on demand, each observed through a real HTTP client.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::{assert_error, json, ok_data, Mock};

const USERS: &str = "/api/v1/users";

fn rule(path: &str, fault: Value) -> Value {
    json!({"path": path, "fault": fault})
}

#[test]
fn status_fault_sends_status_retry_after_and_envelope() {
    let mock = Mock::start();
    mock.fault(rule(
        USERS,
        json!({"type": "status", "status": 429, "retry_after": "3"}),
    ));
    let response = mock.get_secret("/users").send().unwrap();
    assert_eq!(response.headers()["retry-after"], "3");
    assert_error(response, 429);
    ok_data(mock.get_secret("/users").send().unwrap());

    mock.fault(rule(
        USERS,
        json!({"type": "status", "status": 503, "body": {"oops": true}}),
    ));
    let (status, body) = json(mock.get_secret("/users").send().unwrap());
    assert_eq!((status, body), (503, json!({"oops": true})));
}

#[test]
fn reset_drops_the_connection() {
    let mock = Mock::start();
    mock.fault(rule(USERS, json!({"type": "reset"})));
    let error = mock.get_secret("/users").send().unwrap_err();
    assert!(!error.is_status(), "{error}");
    ok_data(mock.get_secret("/users").send().unwrap());
    let log = mock.requests();
    assert_eq!(log[0]["fault"], "reset");
    assert!(log[0]["status"].is_null());
    assert_eq!(log[1]["status"], 200);
}

#[test]
fn processed_reset_keeps_the_registration() {
    let mock = Mock::start();
    mock.fault(json!({
        "method": "POST", "path": "/api/v1/registrants",
        "fault": {"type": "reset", "process": true},
    }));
    let body = json!({
        "email": "lost.reply@example.com", "firstName": "L", "lastName": "R",
        "eventSessionToken": "rGt3dC546xs",
    });
    assert!(mock.post("/registrants", &body).send().is_err());
    let again = ok_data(mock.post("/registrants", &body).send().unwrap());
    assert_eq!(again["isNew"], false);
    let store = mock.control(reqwest::Method::GET, "/__mock/store");
    let count = store["registrations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["email"] == "lost.reply@example.com")
        .count();
    assert_eq!(count, 1);
}

#[test]
fn unprocessed_fault_skips_the_handler() {
    let mock = Mock::start();
    mock.fault(json!({
        "path": "/api/v1/registrants",
        "fault": {"type": "status", "status": 500},
    }));
    let body = json!({
        "email": "skipped@example.com", "firstName": "S", "lastName": "K",
        "eventSessionToken": "rGt3dC546xs",
    });
    assert_error(mock.post("/registrants", &body).send().unwrap(), 500);
    let data = mock.register("skipped@example.com", "rGt3dC546xs");
    assert_eq!(data["isNew"], true, "the faulted attempt stored nothing");
}

#[test]
fn truncate_sends_half_the_announced_body() {
    let mock = Mock::start();
    mock.fault(rule(USERS, json!({"type": "truncate"})));
    let response = mock.get_secret("/users").send().unwrap();
    assert_eq!(response.status(), 200);
    let announced: usize = response.headers()["content-length"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(announced > 0);
    assert!(response.bytes().is_err());
}

#[test]
fn delay_waits_then_answers_normally() {
    let mock = Mock::start();
    mock.fault(rule(USERS, json!({"type": "delay", "ms": 300})));
    let started = Instant::now();
    let users = ok_data(mock.get_secret("/users").send().unwrap());
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(users.as_array().unwrap().len(), 5);
}

#[test]
fn invalid_json_html_and_envelope_code() {
    let mock = Mock::start();
    mock.fault(rule(USERS, json!({"type": "invalid_json"})));
    let response = mock.get_secret("/users").send().unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(response.text().unwrap(), r#"{"code":200,"data":[{"tok"#);

    mock.fault(rule(USERS, json!({"type": "html"})));
    let response = mock.get_secret("/users").send().unwrap();
    assert_eq!(response.status(), 502);
    assert_eq!(response.headers()["content-type"], "text/html");
    assert!(response.text().unwrap().contains("<h1>502 Bad Gateway</h1>"));

    mock.fault(rule(USERS, json!({"type": "html", "status": 504})));
    assert_eq!(mock.get_secret("/users").send().unwrap().status(), 504);

    mock.fault(rule(
        USERS,
        json!({"type": "envelope_code", "code": 403, "message": "Plan limit"}),
    ));
    let (status, body) = json(mock.get_secret("/users").send().unwrap());
    assert_eq!(status, 200);
    assert_eq!(body, json!({"code": 403, "message": "Plan limit", "data": null}));
}

#[test]
fn faults_match_method_path_prefix_and_count() {
    let mock = Mock::start();
    mock.fault(json!({
        "method": "POST", "path": "/api/v1/", "count": 2,
        "fault": {"type": "status", "status": 500},
    }));
    ok_data(mock.get_secret("/users").send().unwrap());
    let body = json!({"email": "c@example.com", "firstName": "C", "lastName": "D", "eventSessionToken": "T35tT0K3n"});
    assert_error(mock.post("/registrants", &body).send().unwrap(), 500);
    let pending = mock.control(reqwest::Method::GET, "/__mock/faults");
    assert_eq!(pending[0]["count"], 1);
    assert_error(mock.post("/registrants", &body).send().unwrap(), 500);
    assert_eq!(mock.control(reqwest::Method::GET, "/__mock/faults"), json!([]));
    ok_data(mock.post("/registrants", &body).send().unwrap());

    mock.fault(rule("/api/v1/events", json!({"type": "status", "status": 500})));
    mock.fault(rule(USERS, json!({"type": "status", "status": 502})));
    assert_eq!(
        mock.control(reqwest::Method::GET, "/__mock/faults")
            .as_array()
            .unwrap()
            .len(),
        2
    );
    mock.control(reqwest::Method::DELETE, "/__mock/faults");
    ok_data(mock.get_secret("/users").send().unwrap());
}

#[test]
fn faults_do_not_touch_the_control_surface() {
    let mock = Mock::start();
    mock.fault(rule("/", json!({"type": "status", "status": 500})));
    assert_eq!(mock.requests(), Vec::<Value>::new());
    assert_error(mock.get_secret("/users").send().unwrap(), 500);
}

#[test]
fn invalid_fault_rules_are_rejected_with_the_reason() {
    let client = reqwest::blocking::Client::new();
    let mock = Mock::start();
    let body = |extra: Value| {
        let mut fault = json!({"type": "body", "content_type": "text/csv", "body": "a"});
        fault
            .as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        json!({"path": "/", "fault": fault})
    };
    let rate = |rule: Value| {
        let mut full = json!({"path": "/"});
        full.as_object_mut()
            .unwrap()
            .extend(rule.as_object().unwrap().clone());
        full
    };
    let reset = json!([{"type": "reset"}]);
    for (bad, reason) in [
        (
            json!({"path": "/", "fault": {"type": "explode"}}),
            "unknown variant `explode`",
        ),
        (
            json!({"path": "/", "fault": {"type": "status", "status": 42}}),
            "invalid status 42",
        ),
        (
            json!({"path": "/", "fault": {"type": "status"}}),
            "missing field `status`",
        ),
        (
            json!({"path": "/", "count": 0, "fault": {"type": "reset"}}),
            "count must be at least 1",
        ),
        (
            json!({"path": "/", "fault": {"type": "delay", "ms": 100000000}}),
            "delay is limited",
        ),
        (
            json!({"path": "/", "fault": {"type": "redirect", "status": 200, "location": "/x"}}),
            "not 200",
        ),
        (
            json!({"path": "/", "fault": {"type": "redirect", "status": 304, "location": "/x"}}),
            "not 304",
        ),
        (
            json!({"path": "/", "fault": {"type": "redirect", "location": "bad\nvalue"}}),
            "location is not a valid header value",
        ),
        (
            json!({"path": "/", "fault": {"type": "redirect"}}),
            "missing field `location`",
        ),
        (
            json!({"path": "/", "fault": {"type": "huge_body", "bytes": 68_719_476_737_u64}}),
            "huge_body is limited",
        ),
        (
            json!({"path": "/", "fault": {"type": "huge_body", "bytes": -1}}),
            "expected u64",
        ),
        (
            json!({"path": "/", "fault": {"type": "slow_body", "bytes_per_interval": 0, "interval_ms": 10}}),
            "must be at least 1",
        ),
        (
            json!({"path": "/", "fault": {"type": "slow_body", "bytes_per_interval": 1, "interval_ms": 0}}),
            "must be at least 1",
        ),
        (
            json!({"path": "/", "fault": {"type": "slow_body", "bytes_per_interval": 1, "interval_ms": 700000}}),
            "interval_ms is limited",
        ),
        (
            json!({"path": "/", "fault": {"type": "body", "content_type": "text/csv"}}),
            "exactly one of body and body_base64",
        ),
        (
            body(json!({"body_base64": "YQ=="})),
            "exactly one of body and body_base64",
        ),
        (
            json!({"path": "/", "fault": {"type": "body", "content_type": "text/csv", "body_base64": "not base64!"}}),
            "body_base64 is not base64",
        ),
        (
            json!({"path": "/", "fault": {"type": "body", "body": "a"}}),
            "missing field `content_type`",
        ),
        (body(json!({"status": 101})), "not 101"),
        (
            body(json!({"headers": {"bad name": "v"}})),
            "not a valid header name",
        ),
        (
            body(json!({"headers": {"Content-Length": "9"}})),
            "set by the server",
        ),
        (rate(json!({"rate": 1.5, "faults": reset})), "between 0 and 1"),
        (rate(json!({"rate": -0.1, "faults": reset})), "between 0 and 1"),
        (rate(json!({"rate": 0.5, "faults": []})), "at least one fault"),
        (rate(json!({"rate": 0.5})), "a rate rule needs faults"),
        (rate(json!({"faults": reset})), "faults need a rate"),
        (
            rate(json!({"rate": 0.5, "faults": [{"type": "status", "status": 42}]})),
            "invalid status 42",
        ),
        (
            rate(json!({"rate": 0.5, "count": 0, "faults": reset})),
            "count must be at least 1",
        ),
        (
            rate(json!({"rate": 0.5, "faults": reset, "fault": {"type": "reset"}})),
            "not both",
        ),
        (
            rate(json!({"seed": 3, "fault": {"type": "reset"}})),
            "seed belongs to a rate rule",
        ),
        (json!({"path": "/"}), "a rule needs fault, or rate and faults"),
    ] {
        let response = client
            .post(mock.root("/__mock/faults"))
            .json(&bad)
            .send()
            .unwrap();
        let error = assert_error(response, 400);
        let said = error["localDescription"].as_str().unwrap();
        assert!(said.contains(reason), "{bad}: {said}");
    }
    assert_eq!(mock.control(reqwest::Method::GET, "/__mock/faults"), json!([]));
}
