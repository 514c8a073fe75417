//! The benchmark session: generated registrants that agree between JSON and CSV, and a
//! million-row report.

use std::time::Instant;

use flow_mock::{MockConfig, BENCH_TOKEN};
use serde_json::Value;

use crate::{ok_data, parse_csv, Mock};

fn bench_mock(count: usize) -> Mock {
    Mock::with(MockConfig {
        bench_registrants: count,
        ..Default::default()
    })
}

#[test]
fn bench_json_and_csv_agree_and_include_new_registrations() {
    let mock = bench_mock(1000);
    let registrants = format!("/reports/events/sessions/registrants/{BENCH_TOKEN}");
    let first = ok_data(mock.get_secret(&registrants).send().unwrap());
    let existing = first[5]["email"].as_str().unwrap().to_uppercase();
    let again = mock.register(&existing, BENCH_TOKEN);
    assert_eq!(again["isNew"], false);
    assert_eq!(again["token"], first[5]["token"]);
    mock.register("late.comer@example.com", BENCH_TOKEN);

    let json = ok_data(mock.get_secret(&registrants).send().unwrap());
    let json = json.as_array().unwrap();
    assert_eq!(json.len(), 1001);
    assert!(json.iter().any(|r| r["entryTime"].is_null()));
    assert!(json.iter().any(|r| r["entryTime"] == ""));
    let csv_text = mock
        .get_secret(&format!("/reports/events/sessions/csv/registrants/{BENCH_TOKEN}"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    let rows = parse_csv(&csv_text);
    assert_eq!(rows.len(), 1002);
    for (row, item) in rows[1..].iter().zip(json) {
        assert_eq!(row[0], item["userID"].to_string());
        assert_eq!(row[1], item["email"].as_str().unwrap());
        assert_eq!(row[2], item["firstName"].as_str().unwrap());
        assert_eq!(row[6], item["entryTime"].as_str().unwrap_or(""));
        assert_eq!(row[7], item["exitTime"].as_str().unwrap_or(""));
        assert_eq!(row[8], item["role"].to_string());
    }
    let summary = ok_data(
        mock.get_secret(&format!("/reports/events/sessions/csv/summary/{BENCH_TOKEN}"))
            .send()
            .unwrap(),
    );
    assert_eq!(summary["registrants"].as_str().unwrap(), csv_text);
    let session = ok_data(
        mock.get_secret(&format!("/events/sessions/{BENCH_TOKEN}"))
            .send()
            .unwrap(),
    );
    assert_eq!(session["analytics"]["registrants"], 1001);
    let past = ok_data(mock.get_secret("/events/sessions?period=past").send().unwrap());
    assert!(past.as_array().unwrap().iter().any(|s| s["token"] == BENCH_TOKEN));
}

#[test]
fn no_bench_session_by_default() {
    let mock = Mock::start();
    let path = format!("/events/sessions/{BENCH_TOKEN}");
    assert_eq!(mock.get_secret(&path).send().unwrap().status(), 404);
}

#[test]
fn million_row_registrants_report() {
    let mock = bench_mock(1_000_000);
    let started = Instant::now();
    let csv_text = mock
        .get_secret(&format!("/reports/events/sessions/csv/registrants/{BENCH_TOKEN}"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    println!(
        "1,000,000-row registrants CSV: first request took {:?}",
        started.elapsed()
    );
    let mut lines = csv_text.lines();
    assert_eq!(
        lines.next(),
        Some("User ID,Email,First Name,Last Name,Phone,Location,Entry Time,Exit Time,Role")
    );
    assert_eq!(lines.count(), 1_000_000);

    let started = Instant::now();
    let again = mock
        .get_secret(&format!("/reports/events/sessions/csv/registrants/{BENCH_TOKEN}"))
        .send()
        .unwrap()
        .bytes()
        .unwrap();
    println!("cached repeat took {:?}", started.elapsed());
    assert_eq!(again.len(), csv_text.len());

    let started = Instant::now();
    let json_text = mock
        .get_secret(&format!("/reports/events/sessions/registrants/{BENCH_TOKEN}"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    println!(
        "1,000,000-item registrants JSON: first request took {:?}",
        started.elapsed()
    );
    assert!(json_text.starts_with(r#"{"code":200,"data":[{"userID":"#));
    assert!(json_text.ends_with(r#"],"redirectURL":null}"#));
    assert_eq!(json_text.matches(r#"{"userID":"#).count(), 1_000_000);
    let tail = &json_text
        [json_text.rfind(r#"{"userID":"#).unwrap()..json_text.len() - r#"],"redirectURL":null}"#.len()];
    let last: Value = serde_json::from_str(tail).unwrap();
    assert_eq!(last["userID"], 10_999_999);
}
