//! Endpoints 4 and 5: registration (public, validated, idempotent) and the registrant report.

use serde_json::{json, Value};

use crate::{assert_error, json, ok_data, Mock};

fn registrants(mock: &Mock, token: &str) -> Vec<Value> {
    let path = format!("/reports/events/sessions/registrants/{token}");
    match ok_data(mock.get_secret(&path).send().unwrap()) {
        Value::Array(items) => items,
        other => panic!("not a list: {other}"),
    }
}

#[test]
fn registration_returns_a_personal_join_link() {
    let mock = Mock::start();
    let session = ok_data(mock.get("/events/sessions/public/rGt3dC546xs").send().unwrap());
    let data = mock.register("a@b.co", "rGt3dC546xs");
    assert_eq!(data["isNew"], true);
    assert!(data["id"].is_u64());
    let token = data["token"].as_str().unwrap();
    assert_eq!(
        data["url"],
        format!("https://live.flowapp.com/join/rGt3dC546xs/{token}")
    );
    for field in ["date", "time", "timezone"] {
        assert_eq!(data[field], session[field], "{field}");
    }
    assert!(data["passCode"].is_null() || data["passCode"].is_string());
}

#[test]
fn registering_twice_is_idempotent_and_case_insensitive() {
    let mock = Mock::start();
    let before = registrants(&mock, "LKo586mmk7g").len();
    let first = mock.register("Dup.Person@Example.com", "LKo586mmk7g");
    let again = mock.register("dup.person@example.COM", "LKo586mmk7g");
    assert_eq!(first["isNew"], true);
    assert_eq!(again["isNew"], false);
    assert_eq!(first["id"], again["id"]);
    assert_eq!(first["token"], again["token"]);
    let rows = registrants(&mock, "LKo586mmk7g");
    assert_eq!(rows.len(), before + 1);
    let mine: Vec<&Value> = rows
        .iter()
        .filter(|r| {
            r["email"]
                .as_str()
                .unwrap()
                .eq_ignore_ascii_case("dup.person@example.com")
        })
        .collect();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["token"], first["token"]);
    let other_session = mock.register("dup.person@example.com", "T35tT0K3n");
    assert_eq!(other_session["isNew"], true);
}

#[test]
fn seeded_attendees_are_registered_too() {
    let mock = Mock::start();
    let rows = registrants(&mock, "LKo586mmk7g");
    let seeded = rows.iter().find(|r| r["role"] == 1).unwrap();
    let email = seeded["email"].as_str().unwrap().to_uppercase();
    let again = mock.register(&email, "LKo586mmk7g");
    assert_eq!(again["isNew"], false);
    assert_eq!(again["token"], seeded["token"]);
}

#[test]
fn redirect_flag_fills_redirect_url() {
    let mock = Mock::start();
    let body = json!({
        "email": "r@example.com", "firstName": "R", "lastName": "S",
        "eventSessionToken": "T35tT0K3n", "redirect": true,
    });
    let (status, envelope) = json(mock.post("/registrants", &body).send().unwrap());
    assert_eq!(status, 200);
    assert_eq!(envelope["redirectURL"], envelope["data"]["url"]);
}

#[test]
fn registration_is_validated() {
    let mock = Mock::start();
    let client = reqwest::blocking::Client::new();
    let malformed = client
        .post(mock.url("/registrants"))
        .header("content-type", "application/json")
        .body(r#"{"email": "#)
        .send()
        .unwrap();
    assert_error(malformed, 400);
    let valid = json!({
        "email": "ok@example.com", "firstName": "A", "lastName": "B", "eventSessionToken": "rGt3dC546xs",
    });
    for email in ["not-an-email", "a@b", "a b@c.de", "@c.de", "a@@c.de", ""] {
        let mut body = valid.clone();
        body["email"] = json!(email);
        let error = assert_error(mock.post("/registrants", &body).send().unwrap(), 400);
        assert_eq!(error["message"], "Invalid email", "{email}");
    }
    for field in ["firstName", "lastName", "eventSessionToken", "email"] {
        let mut blank = valid.clone();
        blank[field] = json!("  ");
        assert_error(mock.post("/registrants", &blank).send().unwrap(), 400);
        let mut missing = valid.clone();
        missing.as_object_mut().unwrap().remove(field);
        let error = assert_error(mock.post("/registrants", &missing).send().unwrap(), 400);
        assert!(error["message"].as_str().unwrap().contains(field), "{error}");
    }
    let mut unknown = valid.clone();
    unknown["eventSessionToken"] = json!("nope");
    assert_error(mock.post("/registrants", &unknown).send().unwrap(), 404);
    let store = mock.control(reqwest::Method::GET, "/__mock/store");
    let registered = store["registrations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["email"] == "ok@example.com")
        .count();
    assert_eq!(registered, 0);
}

#[test]
fn registrant_report_has_the_documented_fields() {
    let mock = Mock::start();
    mock.register("new.person@example.com", "LKo586mmk7g");
    let rows = registrants(&mock, "LKo586mmk7g");
    assert_eq!(rows.len(), 25);
    let session = ok_data(mock.get_secret("/events/sessions/LKo586mmk7g").send().unwrap());
    assert_eq!(session["analytics"]["registrants"], 25);
    for r in &rows {
        for field in [
            "userID",
            "eventSessionID",
            "token",
            "email",
            "firstName",
            "lastName",
            "phone",
            "location",
            "entryTime",
            "exitTime",
            "role",
            "micEnabled",
            "camEnabled",
            "screenSharingEnabled",
        ] {
            assert!(r.get(field).is_some(), "{field} missing in {r}");
        }
        for flag in ["micEnabled", "camEnabled", "screenSharingEnabled"] {
            assert!(r[flag] == 0 || r[flag] == 1, "{r}");
        }
    }
    assert!(rows.iter().any(|r| r["entryTime"].is_null()));
    assert!(rows.iter().any(|r| r["entryTime"] == ""));
    assert!(rows
        .iter()
        .any(|r| r["entryTime"].as_str().is_some_and(|t| t.len() == 19)));
    assert!(rows.iter().any(|r| r["email"] == "new.person@example.com"));
    let unknown = mock
        .get_secret("/reports/events/sessions/registrants/nope")
        .send()
        .unwrap();
    assert_error(unknown, 404);
}

#[test]
fn registrants_per_session_is_configurable() {
    let mock = Mock::with(flow_mock::MockConfig {
        registrants_per_session: 3,
        ..Default::default()
    });
    assert_eq!(registrants(&mock, "T35tT0K3n").len(), 3);
}
