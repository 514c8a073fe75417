//! Endpoint 6: creating an event.

use serde_json::{json, Value};

use crate::{assert_error, json, ok_data, Mock};

fn valid_event() -> Value {
    json!({
        "creatorID": 1001,
        "title": "Launch, \"v2\" — live",
        "description": "Everything new.",
        "date": "2031-05-04",
        "time": "16:30:00",
        "timezone": "Europe/Berlin",
        "operators": [
            {"id": 1001, "role": 10, "micEnabled": true, "camEnabled": true, "screenSharingEnabled": true},
            {"id": "1003", "role": 5, "micEnabled": 1, "camEnabled": "0", "screenSharingEnabled": false}
        ],
        "duration": 1.5,
        "published": true,
    })
}

#[test]
fn created_event_is_listed_gettable_and_registrable() {
    let mock = Mock::start();
    let (status, body) = json(mock.post_secret("/event", &valid_event()).send().unwrap());
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["code"], 200);
    assert_eq!(body["message"], "Event created");
    let created = &body["data"];
    let token = created["token"].as_str().unwrap();
    assert!(token.chars().all(|c| c.is_ascii_alphanumeric()));
    assert_eq!(created["title"], "Launch, \"v2\" — live");
    assert_eq!(created["duration"], 1.5);
    assert_eq!(created["operators"].as_array().unwrap().len(), 2);
    assert_eq!(created["creator"]["id"], 1001);

    let future = ok_data(mock.get_secret("/events/sessions?period=future").send().unwrap());
    assert!(future.as_array().unwrap().iter().any(|s| s["token"] == token));
    let detail = ok_data(
        mock.get_secret(&format!("/events/sessions/{token}"))
            .send()
            .unwrap(),
    );
    assert_eq!(detail["date"], "2031-05-04");
    assert_eq!(detail["analytics"]["registrants"], 0);
    let public = ok_data(
        mock.get(&format!("/events/sessions/public/{token}"))
            .send()
            .unwrap(),
    );
    assert_eq!(public["time"], "16:30:00");
    let registration = mock.register("first@example.com", token);
    assert_eq!(registration["timezone"], "Europe/Berlin");
    assert_eq!(registration["isNew"], true);
}

#[test]
fn missing_required_fields_are_named() {
    let mock = Mock::start();
    for field in [
        "creatorID",
        "title",
        "description",
        "date",
        "time",
        "timezone",
        "operators",
    ] {
        let mut body = valid_event();
        body.as_object_mut().unwrap().remove(field);
        let error = assert_error(mock.post_secret("/event", &body).send().unwrap(), 400);
        assert!(error["message"].as_str().unwrap().contains(field), "{error}");
        assert!(
            error["localDescription"].as_str().unwrap().contains(field),
            "{error}"
        );
    }
}

#[test]
fn invalid_values_are_rejected() {
    let mock = Mock::start();
    let cases = [
        ("creatorID", json!(999)),
        ("creatorID", json!("abc")),
        ("title", json!("")),
        ("date", json!("2031-13-01")),
        ("date", json!("4 May 2031")),
        ("time", json!("25:00:00")),
        ("time", json!("16:30")),
        ("timezone", json!("Berlin")),
        ("timezone", json!("")),
        ("operators", json!("1001")),
        ("operators", json!([{"id": 4242, "role": 5}])),
        ("operators", json!([{"id": 1001, "role": 7}])),
        ("operators", json!([{"role": 5}])),
        ("duration", json!(-1)),
        ("published", json!("maybe")),
    ];
    for (field, value) in cases {
        let mut body = valid_event();
        body[field] = value.clone();
        let error = assert_error(mock.post_secret("/event", &body).send().unwrap(), 400);
        assert!(
            error["message"].as_str().unwrap().contains(field),
            "{field}={value}: {error}"
        );
    }
    let malformed = reqwest::blocking::Client::new()
        .post(mock.url("/event"))
        .header("api-secret", crate::SECRET)
        .body("{not json")
        .send()
        .unwrap();
    assert_error(malformed, 400);
    let sessions = ok_data(mock.get_secret("/events/sessions").send().unwrap());
    assert_eq!(sessions.as_array().unwrap().len(), 9);
}

#[test]
fn utc_timezone_and_defaults_are_accepted() {
    let mock = Mock::start();
    let body = json!({
        "creatorID": "1002", "title": "Minimal", "description": "", "date": "2020-01-01",
        "time": "00:00:00", "timezone": "UTC", "operators": [],
    });
    let created = ok_data(mock.post_secret("/event", &body).send().unwrap());
    assert_eq!(created["duration"], 1);
    assert_eq!(created["earlyAccessPeriod"], 15);
    let past = ok_data(mock.get_secret("/events/sessions?period=past").send().unwrap());
    assert!(past
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["token"] == created["token"]));
}
