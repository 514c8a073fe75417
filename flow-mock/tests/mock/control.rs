//! The `/__mock` control surface, and running the server in the ways callers need.

use reqwest::Method;
use serde_json::{json, Value};

use crate::{ok_data, Mock, SECRET};

#[test]
fn request_log_records_traffic_without_the_secret() {
    let mock = Mock::start();
    mock.get_secret("/events/sessions?period=past&simple_analytics=1")
        .send()
        .unwrap();
    mock.get("/users").header("api-secret", "wrong").send().unwrap();
    mock.register("log@example.com", "T35tT0K3n");
    mock.get("/events/sessions/public/T35T%20x").send().unwrap();
    let log = mock.requests();
    assert_eq!(log.len(), 4);
    assert_eq!(log[0]["method"], "GET");
    assert_eq!(log[0]["path"], "/api/v1/events/sessions");
    assert_eq!(log[0]["query"], "period=past&simple_analytics=1");
    assert_eq!(log[0]["has_api_secret"], true);
    assert_eq!(log[0]["api_secret_valid"], true);
    assert_eq!(log[0]["status"], 200);
    assert!(log[0]["fault"].is_null());
    assert!(log[0]["id"].as_str().unwrap().starts_with("req_"));
    assert_eq!(
        (
            log[1]["has_api_secret"].clone(),
            log[1]["api_secret_valid"].clone()
        ),
        (json!(true), json!(false))
    );
    assert_eq!(log[1]["status"], 401);
    assert_eq!(log[2]["method"], "POST");
    assert_eq!(log[2]["body"]["email"], "log@example.com");
    assert_eq!(log[2]["has_api_secret"], false);
    assert_eq!(log[3]["path"], "/api/v1/events/sessions/public/T35T%20x");
    assert_eq!(log[3]["status"], 404);
    let text = serde_json::to_string(&log).unwrap();
    assert!(!text.contains(SECRET));

    mock.control(Method::DELETE, "/__mock/requests");
    assert_eq!(mock.requests(), Vec::<Value>::new());
}

#[test]
fn store_shows_sessions_registrations_users_and_rooms() {
    let mock = Mock::start();
    mock.register("store@example.com", "rGt3dC546xs");
    let store = mock.control(Method::GET, "/__mock/store");
    assert_eq!(store["account_token"], "acc0untT0k3n");
    assert_eq!(store["sessions"].as_array().unwrap().len(), 9);
    assert_eq!(store["users"].as_array().unwrap().len(), 5);
    assert_eq!(store["rooms"].as_array().unwrap().len(), 3);
    let registrations = store["registrations"].as_array().unwrap();
    assert_eq!(registrations.len(), 9 * 24 + 1);
    let mine = registrations
        .iter()
        .find(|r| r["email"] == "store@example.com")
        .unwrap();
    assert_eq!(mine["session_token"], "rGt3dC546xs");
    assert_eq!(mine["source"], "registrants");
    for field in ["id", "firstName", "lastName", "token"] {
        assert!(mine.get(field).is_some(), "{field}");
    }
}

#[test]
fn reset_restores_the_seed_and_clears_faults_and_log() {
    let mock = Mock::start();
    let seeded = mock.control(Method::GET, "/__mock/store");
    mock.register("gone@example.com", "rGt3dC546xs");
    let event = json!({
        "creatorID": 1001, "title": "Temp", "description": "", "date": "2030-01-01",
        "time": "10:00:00", "timezone": "UTC", "operators": [],
    });
    ok_data(mock.post_secret("/event", &event).send().unwrap());
    mock.fault(json!({"path": "/", "fault": {"type": "reset"}}));
    mock.control(Method::POST, "/__mock/reset");
    assert_eq!(mock.control(Method::GET, "/__mock/store"), seeded);
    assert_eq!(mock.control(Method::GET, "/__mock/faults"), json!([]));
    assert_eq!(mock.requests(), Vec::<Value>::new());
    assert_eq!(mock.register("gone@example.com", "rGt3dC546xs")["isNew"], true);
}

#[test]
fn same_seed_same_data_other_seed_other_data() {
    let a = Mock::start().control(Method::GET, "/__mock/store");
    let b = Mock::start().control(Method::GET, "/__mock/store");
    assert_eq!(a, b);
    let other = Mock::with(flow_mock::MockConfig {
        seed: 7,
        ..Default::default()
    })
    .control(Method::GET, "/__mock/store");
    assert_ne!(a["registrations"], other["registrations"]);
    assert_eq!(other["sessions"][0]["token"], "LKo586mmk7g");
}

#[test]
fn custom_secret_is_enforced() {
    let mock = Mock::with(flow_mock::MockConfig {
        api_secret: "s3cr3t".to_owned(),
        ..Default::default()
    });
    assert_eq!(mock.server.api_secret(), "s3cr3t");
    assert_eq!(mock.get_secret("/users").send().unwrap().status(), 401);
    let users = ok_data(mock.get("/users").header("api-secret", "s3cr3t").send().unwrap());
    assert_eq!(users.as_array().unwrap().len(), 5);
}

#[test]
fn base_url_and_shutdown() {
    let server = flow_mock::MockServer::start(Default::default(), "127.0.0.1", 0).unwrap();
    let base = server.base_url();
    assert_eq!(base, format!("http://127.0.0.1:{}/api/v1", server.addr().port()));
    let url = format!("{base}/events/sessions/public/rGt3dC546xs");
    assert_eq!(reqwest::blocking::get(&url).unwrap().status(), 200);
    server.shutdown();
    assert!(reqwest::blocking::get(&url).is_err());
}

#[test]
fn serve_runs_inside_an_existing_runtime() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    runtime.spawn(flow_mock::serve(Default::default(), listener));
    let url = format!("http://{addr}/api/v1/events/sessions/public/T35tT0K3n");
    let data = ok_data(reqwest::blocking::get(url).unwrap());
    assert_eq!(data["token"], "T35tT0K3n");
}

#[test]
fn control_surface_answers_web_pages_without_cors() {
    let mock = Mock::start();
    let client = reqwest::blocking::Client::new();
    for path in ["/__mock/requests", "/__mock/reset", "/__mock/nope"] {
        let preflight = client
            .request(Method::OPTIONS, mock.root(path))
            .header("Origin", "http://evil.example")
            .header("Access-Control-Request-Method", "POST")
            .send()
            .unwrap();
        let headers = preflight.headers();
        assert!(
            !headers
                .keys()
                .any(|name| name.as_str().starts_with("access-control-")),
            "{path}: {headers:?}"
        );
    }
    let read = client
        .get(mock.root("/__mock/requests"))
        .header("Origin", "http://evil.example")
        .send()
        .unwrap();
    assert_eq!(read.status(), 200);
    assert!(!read.headers().contains_key("access-control-allow-origin"));

    let api = client
        .get(mock.url("/users"))
        .header("Origin", "http://localhost:5173")
        .send()
        .unwrap();
    assert_eq!(api.headers()["access-control-allow-origin"], "*");
    let unknown = client.get(mock.root("/__mock/nope")).send().unwrap();
    assert_error_at(unknown, "/__mock/nope");
    assert_eq!(mock.requests().len(), 1, "only the API call is logged");
}

/// A 404 that names the full path it was asked for.
fn assert_error_at(response: reqwest::blocking::Response, path: &str) {
    let body = crate::assert_error(response, 404);
    assert!(
        body["localDescription"].as_str().unwrap().contains(path),
        "{body}"
    );
}
