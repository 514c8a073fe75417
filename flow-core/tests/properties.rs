//! Property tests of the pure core on stable Rust: response parsing never panics, CSV reports
//! round-trip and stay rectangular, and retry decisions stay within the policy's limits.
//! (The libFuzzer targets in `flow-core/fuzz` explore the same ground far longer; see its README.)

use std::collections::HashSet;
use std::time::Duration;

use flow_core::csv_table::{decode_text, parse_csv};
use flow_core::endpoints::*;
use flow_core::retry::{retry_after, Decision, Outcome, RetryAfter, RetryPolicy};
use flow_core::{Endpoint, HttpResponse, NewEvent, Report};
use proptest::prelude::*;

fn config() -> ProptestConfig {
    ProptestConfig::with_cases(256)
}

// ---------------------------------------------------------------------------------------------
// Generators

const HEADER_NAMES: &[&str] = &[
    "content-type",
    "Content-Type",
    "retry-after",
    "retry-after-ms",
    "x-request-id",
    "request-id",
    "cf-ray",
    "date",
];

fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        3 => prop::sample::select(vec![200u16, 201, 204, 299, 301, 400, 401, 403, 404, 409, 418, 422, 429, 500, 503]),
        1 => any::<u16>(),
    ]
}

fn header_value() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "application/json",
            "text/csv; charset=utf-8",
            "text/html",
            "application/problem+json",
            "3",
            "-1",
            "1e30",
            "NaN",
            "Wed, 21 Oct 2026 07:28:00 GMT",
            "req-123",
        ])
        .prop_map(str::to_owned),
        any::<String>(),
    ]
}

/// Text that looks like CSV: commas, quotes, CR/LF, blanks and non-ASCII in short runs.
fn csvish_text() -> impl Strategy<Value = String> {
    "[a-c,\"\r\n \té東\u{feff}]{0,60}"
}

/// JSON-ish bodies that reach past the envelope check into `data` decoding.
fn jsonish_body() -> impl Strategy<Value = Vec<u8>> {
    let scalar = prop_oneof![
        Just("null".to_owned()),
        Just("true".to_owned()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|f| format!("{f:?}")),
        csvish_text().prop_map(|s| serde_json::to_string(&s).unwrap()),
        Just("[]".to_owned()),
        Just("{}".to_owned()),
        Just(r#"[{"id": "7", "token": 5, "createdDate": 1e300, "date": "2026-13-40"}]"#.to_owned()),
        Just(r#"{"registrants": "a,b\n1,2", "attendeeChat": null, "surveyResults": 3}"#.to_owned()),
    ];
    (
        prop::option::of(prop_oneof![
            Just("200".to_owned()),
            Just("\"200\"".to_owned()),
            any::<i32>().prop_map(|n| n.to_string()),
            Just("\"x\"".to_owned()),
        ]),
        prop::option::of(scalar),
        prop::option::of(csvish_text()),
        any::<bool>(),
    )
        .prop_map(|(code, data, message, bare)| {
            if bare {
                return format!("[{}]", data.unwrap_or_default()).into_bytes();
            }
            let mut members = Vec::new();
            if let Some(code) = code {
                members.push(format!("\"code\": {code}"));
            }
            if let Some(data) = data {
                members.push(format!("\"data\": {data}"));
            }
            if let Some(message) = message {
                members.push(format!(
                    "\"message\": {}",
                    serde_json::to_string(&message).unwrap()
                ));
            }
            format!("{{{}}}", members.join(", ")).into_bytes()
        })
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        2 => jsonish_body(),
        1 => csvish_text().prop_map(String::into_bytes),
        1 => prop::collection::vec(any::<u8>(), 0..200),
        1 => Just(b"<html><title> Bad gateway </title></html>".to_vec()),
    ]
}

fn response() -> impl Strategy<Value = HttpResponse> {
    (
        status(),
        prop::collection::vec((prop::sample::select(HEADER_NAMES), header_value()), 0..4),
        body(),
    )
        .prop_map(|(status, headers, body)| HttpResponse {
            status,
            headers: headers.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
            body,
        })
}

// ---------------------------------------------------------------------------------------------
// Checks

/// What every parsed report promises: rectangular rows, unique non-blank names, a consistent length.
fn check_report(report: &Report) -> Result<(), TestCaseError> {
    let width = report.columns().len();
    let names: HashSet<&String> = report.columns().iter().collect();
    prop_assert_eq!(
        names.len(),
        width,
        "duplicate column names in {:?}",
        report.columns()
    );
    prop_assert!(report.columns().iter().all(|c| !c.is_empty()));
    prop_assert_eq!(report.rows().count(), report.len());
    for row in report.rows() {
        prop_assert_eq!(row.len(), width);
        prop_assert_eq!(row.iter().count(), width);
    }
    Ok(())
}

fn parse_one<E: Endpoint>(endpoint: E, response: &HttpResponse) -> Result<Option<E::Output>, TestCaseError> {
    match endpoint.parse(response.clone()) {
        Ok(output) => {
            prop_assert!(
                response.is_success(),
                "{} accepted HTTP {}",
                E::NAME,
                response.status
            );
            Ok(Some(output))
        }
        Err(err) => {
            prop_assert!(!err.to_string().is_empty());
            let _ = (
                err.kind(),
                err.status(),
                err.body(),
                err.request_id(),
                format!("{err:?}"),
            );
            Ok(None)
        }
    }
}

fn token() -> String {
    "tok".to_owned()
}

// ---------------------------------------------------------------------------------------------
// Properties

proptest! {
    #![proptest_config(config())]

    #[test]
    fn every_endpoint_parses_any_answer_without_panicking(response in response()) {
        parse_one(ListEventSessions::default(), &response)?;
        parse_one(GetEventSession { session_token: token() }, &response)?;
        parse_one(GetPublicEventSession { session_token: token() }, &response)?;
        parse_one(CreateEvent(NewEvent::default()), &response)?;
        parse_one(
            CreateRegistrant {
                session_token: token(),
                email: "a@b.test".to_owned(),
                first_name: "A".to_owned(),
                last_name: "B".to_owned(),
                redirect: None,
            },
            &response,
        )?;
        parse_one(ListRegistrants { session_token: token() }, &response)?;
        parse_one(ListOperators {}, &response)?;
        parse_one(ListSurveys { session_token: token() }, &response)?;
        if let Some(s) = parse_one(GetSummaryReport { session_token: token() }, &response)? {
            for r in [&s.registrants, &s.attendee_chat, &s.operator_chat, &s.survey_results] {
                check_report(r)?;
            }
        }
        for r in [
            parse_one(GetRegistrantsReport { session_token: token() }, &response)?,
            parse_one(GetAttendeeChatReport { session_token: token() }, &response)?,
            parse_one(GetOperatorChatReport { session_token: token() }, &response)?,
            parse_one(GetSurveyReport { session_token: token(), survey_id: "7".to_owned() }, &response)?,
        ]
        .iter()
        .flatten()
        {
            check_report(r)?;
        }
        parse_one(ListRooms { account_token: token() }, &response)?;
        parse_one(
            SsoLoginLink {
                room_id: "1".to_owned(),
                email: "a@b.test".to_owned(),
                first_name: "A".to_owned(),
                last_name: "B".to_owned(),
            },
            &response,
        )?;
    }

    #[test]
    fn csv_written_by_the_csv_crate_round_trips(
        (columns, rows) in prop::collection::hash_set(column_name(), 1..=8)
        .prop_map(|names| names.into_iter().collect::<Vec<String>>())
        .prop_flat_map(|columns| {
            let width = columns.len();
            (Just(columns), prop::collection::vec(prop::collection::vec(field(), width), 0..=20))
        }),
        bom in any::<bool>(),
    ) {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(&columns).unwrap();
        for row in &rows {
            writer.write_record(row).unwrap();
        }
        let mut bytes = writer.into_inner().unwrap();
        if bom {
            bytes.splice(0..0, *b"\xEF\xBB\xBF");
        }
        let report = parse_csv(decode_text(bytes.as_slice())).map_err(TestCaseError::fail)?;
        check_report(&report)?;
        prop_assert_eq!(report.columns(), &columns[..]);
        let parsed: Vec<Vec<String>> =
            report.rows().map(|row| row.iter().map(str::to_owned).collect()).collect();
        prop_assert_eq!(parsed, rows);
    }

    #[test]
    fn parse_csv_on_any_text_is_rectangular_with_unique_names(text in prop_oneof![
        csvish_text(),
        any::<String>(),
        prop::collection::vec(any::<u8>(), 0..200).prop_map(decode_text),
    ]) {
        if let Ok(report) = parse_csv(text) {
            check_report(&report)?;
        }
    }

    #[test]
    fn retry_after_and_decide_never_panic_and_respect_the_cap(
        status in status(),
        headers in prop::collection::vec(
            (prop::sample::select(vec!["retry-after", "Retry-After", "retry-after-ms", "date"]), header_value()),
            0..4,
        ),
        max_retries in 0u32..6,
        retries_done in 0u32..8,
        idempotent in any::<bool>(),
        kind in 0u8..4,
        jitter in any::<f64>(),
    ) {
        let response = headers
            .into_iter()
            .fold(HttpResponse::new(status, ""), |r, (k, v)| r.with_header(k, v));
        let hint = retry_after(&response);
        let outcome = match kind {
            0 => Outcome::NotSent,
            1 => Outcome::SentNoAnswer,
            2 => Outcome::TimedOut,
            _ => Outcome::Answered(&response),
        };
        let policy = RetryPolicy::new(max_retries);
        let decision = policy.decide(retries_done, idempotent, outcome, jitter);
        if retries_done >= max_retries {
            prop_assert_eq!(decision, Decision::Stop);
        }
        if let Decision::RetryAfter(delay) = decision {
            prop_assert!(delay <= policy.retry_after_cap);
            if let (Outcome::Answered(_), RetryAfter::Delay(hinted)) = (outcome, hint) {
                prop_assert_eq!(delay, hinted);
            } else {
                prop_assert!(delay <= policy.max_backoff);
            }
            if !idempotent {
                prop_assert!(!matches!(outcome, Outcome::SentNoAnswer | Outcome::TimedOut));
            }
        }
        if let (Outcome::Answered(_), RetryAfter::Delay(hinted)) = (outcome, hint) {
            if hinted > policy.retry_after_cap {
                prop_assert_eq!(decision, Decision::Stop);
            }
        }
    }

    #[test]
    fn backoff_is_between_three_quarters_and_all_of_the_base(
        retries_done in any::<u32>(),
        jitter in prop_oneof![3 => 0.0f64..1.0, 1 => any::<f64>()],
    ) {
        let policy = RetryPolicy::new(3);
        let base = if retries_done >= 4 {
            Duration::from_secs(8)
        } else {
            Duration::from_millis(500 << retries_done)
        };
        let backoff = policy.backoff(retries_done, jitter);
        prop_assert!(backoff <= base && backoff <= policy.max_backoff, "{:?} above {:?}", backoff, base);
        prop_assert!(backoff >= base.mul_f64(0.75), "{:?} below 75 % of {:?}", backoff, base);
    }
}

/// A CSV field: anything, weighted toward the characters that need quoting.
fn field() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-z ,\"\r\n\té東🙂]{0,10}",
        1 => "(?s).{0,12}",
    ]
}

/// A header name the parser keeps as written: not blank, no surrounding whitespace (it trims
/// names), and no leading byte-order mark (it strips one from the text).
fn column_name() -> impl Strategy<Value = String> {
    field()
        .prop_map(|name| name.trim().trim_start_matches('\u{feff}').trim().to_owned())
        .prop_filter("a non-blank name", |name| !name.is_empty())
}
