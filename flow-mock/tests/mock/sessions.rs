//! Endpoints 1–3 and 7, auth, routing and CORS.

use std::collections::HashSet;

use serde_json::Value;

use crate::{assert_error, ok_data, Mock, SECRET};

fn tokens(items: &Value) -> Vec<String> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["token"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn secret_endpoints_reject_missing_or_wrong_secret() {
    let mock = Mock::start();
    for path in [
        "/events/sessions",
        "/events/sessions/LKo586mmk7g",
        "/reports/events/sessions/registrants/LKo586mmk7g",
        "/users",
        "/reports/events/sessions/surveys/LKo586mmk7g",
        "/reports/events/sessions/csv/summary/LKo586mmk7g",
        "/reports/events/sessions/csv/registrants/LKo586mmk7g",
    ] {
        let body = assert_error(mock.get(path).send().unwrap(), 401);
        assert_eq!(body["message"], "Missing api-secret header", "{path}");
        let wrong = mock.get(path).header("api-secret", "nope").send().unwrap();
        assert_eq!(assert_error(wrong, 401)["message"], "Invalid api-secret");
    }
    let create = mock.post("/event", &serde_json::json!({})).send().unwrap();
    assert_error(create, 401);
}

#[test]
fn lists_sessions_by_period_relative_to_today() {
    let mock = Mock::start();
    let today = chrono::Utc::now().date_naive().format("%Y-%m-%d").to_string();
    let all = ok_data(mock.get_secret("/events/sessions").send().unwrap());
    assert!(all.as_array().unwrap().len() >= 9);
    for (period, doc_token) in [
        ("past", "LKo586mmk7g"),
        ("current", "rGt3dC546xs"),
        ("future", "T35tT0K3n"),
    ] {
        let items = ok_data(
            mock.get_secret(&format!("/events/sessions?period={period}"))
                .send()
                .unwrap(),
        );
        let found = tokens(&items);
        assert!(found.len() >= 3, "{period}: {found:?}");
        assert!(found.contains(&doc_token.to_owned()), "{period}: {found:?}");
        for item in items.as_array().unwrap() {
            let date = item["date"].as_str().unwrap();
            let expected = match date.cmp(today.as_str()) {
                std::cmp::Ordering::Less => "past",
                std::cmp::Ordering::Equal => "current",
                std::cmp::Ordering::Greater => "future",
            };
            assert_eq!(expected, period, "{item}");
            assert!(item.get("analytics").is_none());
        }
    }
}

#[test]
fn invalid_period_is_400() {
    let mock = Mock::start();
    let response = mock
        .get_secret("/events/sessions?period=yesterday")
        .send()
        .unwrap();
    assert_error(response, 400);
}

#[test]
fn session_items_have_the_documented_fields_and_sloppy_flags() {
    let mock = Mock::start();
    let items = ok_data(
        mock.get_secret("/events/sessions?simple_analytics=1")
            .send()
            .unwrap(),
    );
    let mut flag_forms = HashSet::new();
    for item in items.as_array().unwrap() {
        for field in [
            "token",
            "eventToken",
            "title",
            "description",
            "date",
            "time",
            "timezone",
            "duration",
            "earlyAccessPeriod",
            "published",
            "videoRecord",
            "onDemandReplays",
            "accessStatus",
            "createDate",
            "creator",
            "operators",
            "analytics",
            "language",
        ] {
            assert!(item.get(field).is_some(), "{field} missing in {item}");
        }
        assert_eq!(item["time"].as_str().unwrap().len(), 8);
        assert!(item["timezone"].as_str().unwrap().contains('/') || item["timezone"] == "UTC");
        assert!(item["duration"].is_number());
        assert!(item["analytics"]["registrants"].is_number());
        assert!(item["analytics"]["averageMinutes"].is_number());
        assert!(item["creator"]["email"].is_string());
        for op in item["operators"].as_array().unwrap() {
            assert!([5, 10].contains(&op["role"].as_u64().unwrap()), "{op}");
        }
        for flag in ["published", "videoRecord", "onDemandReplays"] {
            flag_forms.insert(match &item[flag] {
                Value::Bool(_) => "bool",
                Value::Number(_) => "number",
                Value::String(_) => "string",
                other => panic!("unexpected flag {other}"),
            });
        }
    }
    assert_eq!(flag_forms.len(), 3, "{flag_forms:?}");
    let durations: Vec<f64> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["duration"].as_f64().unwrap())
        .collect();
    assert!(durations.iter().any(|d| d.fract() != 0.0), "{durations:?}");
}

#[test]
fn public_info_needs_no_secret_and_hides_unpublished() {
    let mock = Mock::start();
    let data = ok_data(mock.get("/events/sessions/public/LKo586mmk7g").send().unwrap());
    assert_eq!(data["token"], "LKo586mmk7g");
    let keys: HashSet<&str> = data.as_object().unwrap().keys().map(String::as_str).collect();
    let expected: HashSet<&str> = [
        "token",
        "title",
        "description",
        "date",
        "time",
        "timezone",
        "duration",
        "earlyAccessPeriod",
        "published",
    ]
    .into();
    assert_eq!(keys, expected);
    assert_error(mock.get("/events/sessions/public/nope").send().unwrap(), 404);

    let all = ok_data(mock.get_secret("/events/sessions").send().unwrap());
    let unpublished: Vec<&Value> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| {
            matches!(&s["published"], Value::Bool(false)) || s["published"] == 0 || s["published"] == "0"
        })
        .collect();
    assert!(!unpublished.is_empty());
    for s in unpublished {
        let path = format!("/events/sessions/public/{}", s["token"].as_str().unwrap());
        assert_error(mock.get(&path).send().unwrap(), 404);
    }
}

#[test]
fn session_detail_adds_analytics_and_feedback_questions() {
    let mock = Mock::start();
    let data = ok_data(mock.get_secret("/events/sessions/T35tT0K3n").send().unwrap());
    assert_eq!(data["token"], "T35tT0K3n");
    assert!(data["feedbackQuestions"].as_array().unwrap().len() >= 2);
    assert!(data["analytics"].is_object());
    assert!(data["operators"].is_array());
    assert_error(mock.get_secret("/events/sessions/nope").send().unwrap(), 404);
}

#[test]
fn users_list_operators_with_some_string_ids() {
    let mock = Mock::start();
    let users = ok_data(mock.get_secret("/users").send().unwrap());
    let users = users.as_array().unwrap();
    assert_eq!(users.len(), 5);
    assert!(users.iter().any(|u| u["userID"].is_string()));
    assert!(users.iter().any(|u| u["userID"].is_number()));
    for u in users {
        assert!(u["id"].is_number());
        assert_eq!(u["accountToken"], "acc0untT0k3n");
        assert!(u["createdDate"].as_i64().unwrap() > 1_500_000_000);
        for field in [
            "token",
            "email",
            "firstName",
            "lastName",
            "permission",
            "avatarToken",
            "linkedinUrl",
        ] {
            assert!(u.get(field).is_some(), "{field}");
        }
    }
}

#[test]
fn surveys_list_one_to_three_per_session() {
    let mock = Mock::start();
    for token in ["LKo586mmk7g", "rGt3dC546xs", "T35tT0K3n"] {
        let path = format!("/reports/events/sessions/surveys/{token}");
        let surveys = ok_data(mock.get_secret(&path).send().unwrap());
        let surveys = surveys.as_array().unwrap();
        assert!((1..=3).contains(&surveys.len()));
        for s in surveys {
            assert!(s["id"].is_number() && s["name"].is_string() && s["text"].is_string());
            assert!(s["anonymous"].is_boolean() && s["resultDisplayOption"].is_number());
        }
    }
    let unknown = mock
        .get_secret("/reports/events/sessions/surveys/nope")
        .send()
        .unwrap();
    assert_error(unknown, 404);
}

#[test]
fn unknown_routes_and_methods_get_enveloped_errors() {
    let mock = Mock::start();
    assert_error(mock.get_secret("/nope").send().unwrap(), 404);
    assert_error(mock.get_secret("/events").send().unwrap(), 404);
    let response = reqwest::blocking::Client::new()
        .delete(mock.url("/users"))
        .header("api-secret", SECRET)
        .send()
        .unwrap();
    assert_error(response, 405);
    let outside = reqwest::blocking::get(mock.root("/elsewhere")).unwrap();
    assert_error(outside, 404);
}

#[test]
fn hostile_tokens_never_reach_another_route() {
    let mock = Mock::start();
    for path in [
        "/reports/events/sessions/registrants/..%2Fusers",
        "/reports/events/sessions/registrants/..%2F..%2Fusers",
        "/events/sessions/..%2Fusers",
        "/events/sessions/public/LKo586mmk7g%3Fx%3D1",
        "/events/sessions/%23frag",
        "/reports/events/sessions/csv/registrants/..%2F..%2Fusers",
    ] {
        let body = assert_error(mock.get_secret(path).send().unwrap(), 404);
        assert_eq!(body["message"], "Session not found", "{path}");
    }
    let invalid_utf8 = mock.get_secret("/events/sessions/%FF%FE").send().unwrap();
    assert_error(invalid_utf8, 400);
    let log = mock.requests();
    assert_eq!(
        log[0]["path"],
        "/api/v1/reports/events/sessions/registrants/..%2Fusers"
    );
}

#[test]
fn every_response_has_a_monotonic_request_id() {
    let mock = Mock::start();
    let ids: Vec<u64> = (0..3)
        .map(|_| {
            let response = mock.get("/events/sessions/public/LKo586mmk7g").send().unwrap();
            let id = response.headers()["x-request-id"].to_str().unwrap().to_owned();
            id.strip_prefix("req_").unwrap().parse().unwrap()
        })
        .collect();
    assert!(ids.windows(2).all(|w| w[1] > w[0]), "{ids:?}");
    let error = mock.get("/users").send().unwrap();
    assert!(error.headers().contains_key("x-request-id"));
}

#[test]
fn cors_allows_browser_pages_on_other_ports() {
    let mock = Mock::start();
    let client = reqwest::blocking::Client::new();
    let preflight = client
        .request(reqwest::Method::OPTIONS, mock.url("/registrants"))
        .header("Origin", "http://localhost:5173")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type,api-secret")
        .send()
        .unwrap();
    assert!(preflight.status().is_success());
    let headers = preflight.headers();
    assert_eq!(headers["access-control-allow-origin"], "*");
    let allowed = headers["access-control-allow-headers"].to_str().unwrap();
    assert!(allowed.contains("api-secret") && allowed.contains("content-type"));
    let response = client
        .get(mock.url("/events/sessions/public/T35tT0K3n"))
        .header("Origin", "http://localhost:5173")
        .send()
        .unwrap();
    let exposed = response.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap();
    assert!(exposed.contains("x-request-id") && exposed.contains("retry-after"));
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
}
