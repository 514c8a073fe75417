//! Endpoints 10 and 11: SSO rooms and the one-request room registration.

use serde_json::Value;

use crate::{assert_error, ok_data, Mock};

#[test]
fn room_lookup_works_with_or_without_the_secret() {
    let mock = Mock::start();
    let rooms = ok_data(mock.get("/rooms/lookup/acc0untT0k3n").send().unwrap());
    let rooms = rooms.as_array().unwrap();
    assert_eq!(rooms.len(), 3);
    for room in rooms {
        for field in [
            "id",
            "title",
            "room_id",
            "description",
            "account_token",
            "creator_id",
            "account_id",
        ] {
            assert!(room.get(field).is_some(), "{field}");
        }
    }
    let with_secret = ok_data(mock.get_secret("/rooms/lookup/acc0untT0k3n").send().unwrap());
    assert_eq!(with_secret.as_array().unwrap().len(), 3);
    let wrong = mock
        .get("/rooms/lookup/acc0untT0k3n")
        .header("api-secret", "wrong")
        .send()
        .unwrap();
    assert_error(wrong, 401);
    assert_error(mock.get("/rooms/lookup/someoneElse").send().unwrap(), 404);
}

#[test]
fn room_registration_splits_on_the_separator_after_decoding() {
    let mock = Mock::start();
    let path = "/rooms/register/m41nSt4g3/jo%40example.com*_*J%C3%BCrgen*_*M%C3%BCller%20Smith";
    let first = ok_data(mock.get_secret(path).send().unwrap());
    assert_eq!(first["isNew"], true);
    let token = first["token"].as_str().unwrap();
    assert_eq!(
        first["url"],
        format!("https://live.flowapp.com/join/rGt3dC546xs/{token}")
    );
    for field in ["date", "time", "timezone", "passCode", "id"] {
        assert!(first.get(field).is_some(), "{field}");
    }
    let by_numeric_id = ok_data(
        mock.get_secret("/rooms/register/301/JO%40example.com*_*J*_*M")
            .send()
            .unwrap(),
    );
    assert_eq!(by_numeric_id["isNew"], false);
    assert_eq!(by_numeric_id["id"], first["id"]);

    let report = ok_data(
        mock.get_secret("/reports/events/sessions/registrants/rGt3dC546xs")
            .send()
            .unwrap(),
    );
    let row = report
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["email"] == "jo@example.com")
        .unwrap();
    assert_eq!(row["firstName"], "Jürgen");
    assert_eq!(row["lastName"], "Müller Smith");
    let store = mock.control(reqwest::Method::GET, "/__mock/store");
    let stored: Vec<&Value> = store["registrations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["email"] == "jo@example.com")
        .collect();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0]["source"], "sso");
}

#[test]
fn encoded_slash_stays_inside_its_segment() {
    let mock = Mock::start();
    let data = ok_data(
        mock.get_secret("/rooms/register/pr0dL4b/a%2Fb%40example.com*_*A%2FB*_*C")
            .send()
            .unwrap(),
    );
    assert_eq!(data["isNew"], true);
    assert!(data["url"].as_str().unwrap().contains("/join/T35tT0K3n/"));
    let log = mock.requests();
    assert_eq!(
        log.last().unwrap()["path"],
        "/api/v1/rooms/register/pr0dL4b/a%2Fb%40example.com*_*A%2FB*_*C"
    );
}

#[test]
fn malformed_room_registrations_are_refused() {
    let mock = Mock::start();
    for member in [
        "jo%40example.com*_*Jo",
        "jo%40example.com*_*J%2A_%2Ao*_*M",
        "jo%40example.com*_**_*M",
        "not-an-email*_*J*_*M",
        "jo%40example.com*_*J*_*M*_*X",
    ] {
        let path = format!("/rooms/register/m41nSt4g3/{member}");
        assert_error(mock.get_secret(&path).send().unwrap(), 400);
    }
    let unknown = mock
        .get_secret("/rooms/register/nope/jo%40example.com*_*J*_*M")
        .send()
        .unwrap();
    assert_error(unknown, 404);
    let unauthenticated = mock
        .get("/rooms/register/m41nSt4g3/jo%40example.com*_*J*_*M")
        .send()
        .unwrap();
    assert_error(unauthenticated, 401);
}
