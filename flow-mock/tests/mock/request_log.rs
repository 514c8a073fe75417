//! The request log's bounds, and whether each entry's request reached the real handler.

use flow_mock::MockConfig;
use serde_json::{json, Value};

use crate::{assert_error, ok_data, Mock};

const REGISTRANTS: &str = "/api/v1/registrants";

fn registration(email: &str) -> Value {
    json!({"email": email, "firstName": "P", "lastName": "Q", "eventSessionToken": "rGt3dC546xs"})
}

#[test]
fn long_bodies_are_recorded_cut_short_and_marked() {
    let mock = Mock::start();
    let long = "x".repeat(100 * 1024);
    mock.post_text("/registrants", &long);
    mock.post_text("/registrants", "short");
    let log = mock.requests();
    let recorded = log[0]["body"].as_str().unwrap();
    assert_eq!(recorded.len(), 64 * 1024);
    assert!(long.starts_with(recorded));
    assert_eq!(log[0]["body_truncated"], true);
    assert_eq!(log[1]["body"], "short");
    assert_eq!(log[1]["body_truncated"], false);
}

#[test]
fn the_log_drops_its_oldest_entries_past_its_byte_budget() {
    let mock = Mock::with(MockConfig {
        request_log_bytes: 256 * 1024,
        ..MockConfig::default()
    });
    let body = "y".repeat(60 * 1024);
    for n in 0..10 {
        mock.post_text(&format!("/registrants?n={n}"), &body);
    }
    let queries: Vec<Value> = mock.requests().iter().map(|e| e["query"].clone()).collect();
    assert_eq!(queries, ["n=6", "n=7", "n=8", "n=9"]);

    mock.get_secret("/users").send().unwrap();
    mock.post_text("/registrants?n=10", &body);
    let kept: Vec<Value> = mock.requests().iter().map(|e| e["query"].clone()).collect();
    assert_eq!(
        kept,
        ["n=7", "n=8", "n=9", "", "n=10"],
        "a small entry fits beside four big ones"
    );
}

#[test]
fn processed_says_whether_the_handler_ran() {
    let mock = Mock::start();
    ok_data(mock.get_secret("/users").send().unwrap());
    mock.fault(json!({"path": REGISTRANTS, "fault": {"type": "status", "status": 503}}));
    assert_error(
        mock.post("/registrants", &registration("a@example.com"))
            .send()
            .unwrap(),
        503,
    );
    mock.fault(json!({"path": REGISTRANTS, "fault": {"type": "status", "status": 503, "process": true}}));
    assert_error(
        mock.post("/registrants", &registration("b@example.com"))
            .send()
            .unwrap(),
        503,
    );
    mock.fault(json!({"path": "/api/v1/users", "fault": {"type": "delay", "ms": 1}}));
    ok_data(mock.get_secret("/users").send().unwrap());

    let log = mock.requests();
    let seen: Vec<(Value, Value)> = log
        .iter()
        .map(|e| (e["fault"].clone(), e["processed"].clone()))
        .collect();
    assert_eq!(
        seen,
        [
            (Value::Null, json!(true)),
            (json!("status"), json!(false)),
            (json!("status"), json!(true)),
            (json!("delay"), json!(true)),
        ]
    );
    assert_eq!(mock.register("a@example.com", "rGt3dC546xs")["isNew"], true);
    assert_eq!(mock.register("b@example.com", "rGt3dC546xs")["isNew"], false);
}
