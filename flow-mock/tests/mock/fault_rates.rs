//! The rate form of a fault rule: each matching request faulted with some probability, the fault
//! picked by a seeded generator.

use reqwest::Method;
use serde_json::{json, Value};

use crate::Mock;

/// The statuses of `n` calls to `/users`.
fn statuses(mock: &Mock, n: usize) -> Vec<u16> {
    (0..n)
        .map(|_| mock.get_secret("/users").send().unwrap().status().as_u16())
        .collect()
}

fn soak(rate: f64, seed: u64) -> Value {
    json!({
        "path": "/api/v1/users", "rate": rate, "seed": seed,
        "faults": [{"type": "status", "status": 500}, {"type": "status", "status": 503}],
    })
}

#[test]
fn same_seed_same_faults_in_the_same_order() {
    let mock = Mock::start();
    mock.fault(soak(0.5, 7));
    let first = statuses(&mock, 60);
    mock.control(Method::POST, "/__mock/reset");
    mock.fault(soak(0.5, 7));
    assert_eq!(statuses(&mock, 60), first);
    mock.control(Method::POST, "/__mock/reset");
    mock.fault(soak(0.5, 8));
    assert_ne!(statuses(&mock, 60), first);

    let count = |status| first.iter().filter(|&&s| s == status).count();
    assert!((15..=45).contains(&(count(500) + count(503))), "{first:?}");
    assert!(count(500) > 0 && count(503) > 0 && count(200) > 0, "{first:?}");
    let names: Vec<Value> = mock.requests().iter().map(|e| e["fault"].clone()).collect();
    assert!(names.iter().all(|n| n.is_null() || n == "status"), "{names:?}");
}

#[test]
fn rate_zero_never_and_one_always() {
    let mock = Mock::start();
    mock.fault(soak(0.0, 1));
    assert!(statuses(&mock, 20).iter().all(|&s| s == 200));
    mock.control(Method::DELETE, "/__mock/faults");
    mock.fault(soak(1.0, 1));
    assert!(statuses(&mock, 20).iter().all(|&s| s == 500 || s == 503));
}

#[test]
fn count_limits_how_many_requests_a_rate_rule_looks_at() {
    let mock = Mock::start();
    let mut rule = soak(1.0, 3);
    rule["count"] = json!(5);
    mock.fault(rule);
    statuses(&mock, 2);
    let pending = mock.control(Method::GET, "/__mock/faults");
    assert_eq!(pending[0]["count"], 3);
    assert_eq!(pending[0]["rate"], 1.0);
    assert_eq!(pending[0]["seed"], 3);
    assert_eq!(pending[0]["faults"].as_array().unwrap().len(), 2);
    let rest = statuses(&mock, 4);
    assert!(rest[..3].iter().all(|&s| s != 200), "{rest:?}");
    assert_eq!(rest[3], 200);
    assert_eq!(mock.control(Method::GET, "/__mock/faults"), json!([]));
}

#[test]
fn a_miss_leaves_the_request_to_later_rules() {
    let mock = Mock::start();
    mock.fault(soak(0.0, 1));
    mock.fault(json!({"path": "/api/v1/users", "fault": {"type": "status", "status": 429}}));
    assert_eq!(statuses(&mock, 2), [429, 200]);
    assert_eq!(
        mock.control(Method::GET, "/__mock/faults")
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn a_rate_rule_matches_by_method_and_path() {
    let mock = Mock::start();
    mock.fault(json!({
        "method": "POST", "path": "/api/v1/users", "rate": 1.0,
        "faults": [{"type": "reset"}],
    }));
    assert_eq!(statuses(&mock, 3), [200, 200, 200]);
    assert!(mock
        .get("/events/sessions/public/T35tT0K3n")
        .send()
        .unwrap()
        .status()
        .is_success());
}
