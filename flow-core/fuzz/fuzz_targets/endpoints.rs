//! Every endpoint's `parse` on an arbitrary status, headers and body: never panics, errors
//! display, non-2xx answers are always errors, and reports keep their invariants.
#![no_main]

use std::fmt::Debug;

use flow_core::endpoints::*;
use flow_core::{Endpoint, Error, HttpResponse, NewEvent, Report, SummaryReport};
use flow_core_fuzz::{check_report, response_from_bytes};
use libfuzzer_sys::fuzz_target;

fn run<E: Endpoint>(endpoint: &E, response: &HttpResponse) -> Option<E::Output>
where
    E::Output: Debug,
{
    match endpoint.parse(response.clone()) {
        Ok(output) => {
            assert!(
                response.is_success(),
                "{} accepted HTTP {}",
                E::NAME,
                response.status
            );
            // Debug prints a report's whole text and storage: only for small answers.
            if response.body.len() <= 1024 {
                let _ = format!("{output:?}");
            }
            Some(output)
        }
        Err(err) => {
            check_error(&err, response);
            None
        }
    }
}

fn check_error(err: &Error, response: &HttpResponse) {
    assert!(!err.to_string().is_empty());
    let _ = format!("{err:?}");
    let _ = (
        err.kind().as_str(),
        err.endpoint(),
        err.server_message(),
        err.field(),
        err.status(),
    );
    if let Some(id) = err.request_id() {
        assert_eq!(Some(id), response.request_id());
    }
    for secret in [None, Some(SECRET)] {
        let redacted = err.clone().redact(secret);
        if let Some(body) = redacted.body() {
            assert!(body.len() <= 512, "redacted body excerpt of {} bytes", body.len());
        }
        let shown = redacted.to_string();
        if secret.is_some() {
            for text in [
                Some(shown.as_str()),
                redacted.body(),
                redacted.server_message(),
                redacted.request_id(),
            ]
            .into_iter()
            .flatten()
            {
                assert!(
                    !unescape(text).contains(SECRET),
                    "an encoded secret survived redaction: {text:?}"
                );
            }
            assert!(!shown.contains(SECRET), "the secret survived redaction: {shown}");
            assert!(
                !format!("{redacted:?}").contains(SECRET),
                "the secret survived in Debug"
            );
        }
    }
}

/// Undoes the encodings `redact` promises to see through, in any mix: `%XX` bytes, JSON
/// `\uXXXX` units and the short escapes `\/`, `\\`, `\"`.
fn unescape(text: &str) -> String {
    let bytes = text.as_bytes();
    let hex = |digits: &[u8]| -> Option<u32> {
        digits
            .iter()
            .try_fold(0, |n, d| Some(n * 16 + char::from(*d).to_digit(16)?))
    };
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            if let Some(b) = bytes.get(i + 1..i + 3).and_then(hex) {
                out.push(b as u8);
                i += 3;
                continue;
            }
        }
        if bytes[i] == b'\\' {
            match bytes.get(i + 1) {
                Some(b'/' | b'\\' | b'"') => {
                    out.push(bytes[i + 1]);
                    i += 2;
                    continue;
                }
                Some(b'u') => {
                    if let Some(c) = bytes.get(i + 2..i + 6).and_then(hex).and_then(char::from_u32) {
                        out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                        i += 6;
                        continue;
                    }
                }
                _ => {}
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What `redact` must scrub; the dictionary (`dict/endpoints.dict`) carries it and its encodings.
const SECRET: &str = "sk-fz-7f3a";

fn report(output: Option<Report>) {
    if let Some(report) = output {
        check_report(&report);
    }
}

fn summary(output: Option<SummaryReport>) {
    if let Some(s) = output {
        for r in [
            &s.registrants,
            &s.attendee_chat,
            &s.operator_chat,
            &s.survey_results,
        ] {
            check_report(r);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let response = response_from_bytes(data);
    let token = || "tok".to_owned();

    if let Some(sessions) = run(&ListEventSessions::default(), &response) {
        for s in &sessions {
            let _ = (s.parsed_date(), s.parsed_time());
        }
    }
    for s in [
        run(
            &GetEventSession {
                session_token: token(),
            },
            &response,
        ),
        run(
            &GetPublicEventSession {
                session_token: token(),
            },
            &response,
        ),
    ]
    .into_iter()
    .flatten()
    {
        let _ = (s.parsed_date(), s.parsed_time());
    }
    run(&CreateEvent(NewEvent::default()), &response);
    run(
        &CreateRegistrant {
            session_token: token(),
            email: "a@b.test".to_owned(),
            first_name: "A".to_owned(),
            last_name: "B".to_owned(),
            redirect: None,
        },
        &response,
    );
    if let Some(registrants) = run(
        &ListRegistrants {
            session_token: token(),
        },
        &response,
    ) {
        for r in &registrants {
            let _ = r.attended();
        }
    }
    if let Some(operators) = run(&ListOperators {}, &response) {
        for o in &operators {
            let _ = o.created_at();
        }
    }
    run(
        &ListSurveys {
            session_token: token(),
        },
        &response,
    );
    summary(run(
        &GetSummaryReport {
            session_token: token(),
        },
        &response,
    ));
    report(run(
        &GetRegistrantsReport {
            session_token: token(),
        },
        &response,
    ));
    report(run(
        &GetAttendeeChatReport {
            session_token: token(),
        },
        &response,
    ));
    report(run(
        &GetOperatorChatReport {
            session_token: token(),
        },
        &response,
    ));
    report(run(
        &GetSurveyReport {
            session_token: token(),
            survey_id: "7".to_owned(),
        },
        &response,
    ));
    run(
        &ListRooms {
            account_token: token(),
        },
        &response,
    );
    run(
        &SsoLoginLink {
            room_id: "1".to_owned(),
            email: "a@b.test".to_owned(),
            first_name: "A".to_owned(),
            last_name: "B".to_owned(),
        },
        &response,
    );
});
