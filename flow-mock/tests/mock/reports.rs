//! Endpoint 9: CSV reports in both wire forms, quoted correctly and agreeing with the JSON.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::{assert_error, ok_data, parse_csv, Mock};

fn raw_csv(mock: &Mock, kind: &str, token: &str) -> String {
    let response = mock
        .get_secret(&format!("/reports/events/sessions/csv/{kind}/{token}"))
        .send()
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
    response.text().unwrap()
}

#[test]
fn summary_holds_four_csv_reports() {
    let mock = Mock::start();
    let data = ok_data(
        mock.get_secret("/reports/events/sessions/csv/summary/LKo586mmk7g")
            .send()
            .unwrap(),
    );
    let headers = [
        (
            "registrants",
            "User ID,Email,First Name,Last Name,Phone,Location,Entry Time,Exit Time,Role",
        ),
        ("attendeeChat", "Time,Name,Email,Message"),
        ("operatorChat", "Time,Name,Email,Message"),
        ("surveyResults", "Survey ID,Survey,Question,Answer,Responses"),
    ];
    for (key, header) in headers {
        let text = data[key].as_str().unwrap();
        assert_eq!(text.lines().next().unwrap(), header, "{key}");
        assert!(parse_csv(text).len() > 1, "{key}");
    }
    assert_eq!(
        data["registrants"].as_str().unwrap(),
        raw_csv(&mock, "registrants", "LKo586mmk7g")
    );
    assert_eq!(
        data["attendeeChat"].as_str().unwrap(),
        raw_csv(&mock, "attendeeChat", "LKo586mmk7g")
    );
    assert_eq!(
        data["operatorChat"].as_str().unwrap(),
        raw_csv(&mock, "operatorChat", "LKo586mmk7g")
    );
}

#[test]
fn registrants_csv_has_the_same_people_as_the_json_report() {
    let mock = Mock::start();
    mock.register("csv.check@example.com", "LKo586mmk7g");
    let json = ok_data(
        mock.get_secret("/reports/events/sessions/registrants/LKo586mmk7g")
            .send()
            .unwrap(),
    );
    let from_json: BTreeSet<(String, String, String, String)> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let entry = r["entryTime"].as_str().unwrap_or("").to_owned();
            (
                r["userID"].to_string(),
                r["email"].as_str().unwrap().to_owned(),
                r["lastName"].as_str().unwrap().to_owned(),
                entry,
            )
        })
        .collect();
    let rows = parse_csv(&raw_csv(&mock, "registrants", "LKo586mmk7g"));
    let from_csv: BTreeSet<(String, String, String, String)> = rows[1..]
        .iter()
        .map(|r| (r[0].clone(), r[1].clone(), r[3].clone(), r[6].clone()))
        .collect();
    assert_eq!(rows.len() - 1, json.as_array().unwrap().len());
    assert_eq!(from_csv, from_json);
    assert!(rows.iter().any(|r| r[1] == "csv.check@example.com"));
}

#[test]
fn chat_csv_quotes_commas_quotes_newlines_and_unicode() {
    let mock = Mock::start();
    let mut messages = Vec::new();
    for kind in ["attendeeChat", "operatorChat"] {
        let rows = parse_csv(&raw_csv(&mock, kind, "LKo586mmk7g"));
        assert!(rows.iter().all(|r| r.len() == 4), "{kind}");
        messages.extend(rows[1..].iter().map(|r| r[3].clone()));
    }
    let all = messages.join("\u{0}");
    for needle in [",", "\"", "\n", "é", "ü", "日本語", "🎉"] {
        assert!(all.contains(needle), "no {needle:?} in chat");
    }
    let future = parse_csv(&raw_csv(&mock, "attendeeChat", "T35tT0K3n"));
    assert_eq!(future.len(), 1, "a future session has no chat yet");
}

#[test]
fn survey_detail_is_an_enveloped_csv_string() {
    let mock = Mock::start();
    let surveys = ok_data(
        mock.get_secret("/reports/events/sessions/surveys/LKo586mmk7g")
            .send()
            .unwrap(),
    );
    let id = surveys[0]["id"].as_u64().unwrap();
    let data = ok_data(
        mock.get_secret(&format!(
            "/reports/events/sessions/csv/surveyDetail/LKo586mmk7g/{id}"
        ))
        .send()
        .unwrap(),
    );
    let rows = parse_csv(data.as_str().unwrap());
    assert_eq!(rows[0], ["Email", "Question", "Answer"]);
    assert!(rows.len() > 1);
    let other: Value = ok_data(
        mock.get_secret("/reports/events/sessions/surveys/T35tT0K3n")
            .send()
            .unwrap(),
    );
    let foreign = other[0]["id"].as_u64().unwrap();
    for survey in [foreign.to_string(), "999999".to_owned(), "abc".to_owned()] {
        let path = format!("/reports/events/sessions/csv/surveyDetail/LKo586mmk7g/{survey}");
        assert_error(mock.get_secret(&path).send().unwrap(), 404);
    }
}

#[test]
fn unknown_report_kinds_and_sessions_are_404() {
    let mock = Mock::start();
    for path in [
        "/reports/events/sessions/csv/others/LKo586mmk7g",
        "/reports/events/sessions/csv/registrants/nope",
        "/reports/events/sessions/csv/summary/nope",
    ] {
        assert_error(mock.get_secret(path).send().unwrap(), 404);
    }
}
