//! `retry_after` and `RetryPolicy::decide` on arbitrary `Retry-After`, `retry-after-ms` and
//! `Date` values: never panic, and every decision respects the policy's limits.
#![no_main]

use std::time::{Duration, UNIX_EPOCH};

use arbitrary::Arbitrary;
use flow_core::retry::{retry_after, Decision, Outcome, RetryAfter, RetryPolicy};
use flow_core::HttpResponse;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum Value {
    Raw(String),
    Seconds(f64),
    Integer(u64),
    /// An IMF-fixdate, `secs` after the epoch, so the date branch is reached often.
    HttpDate(u32),
    /// Padded with whitespace, as proxies sometimes send it.
    Padded(Box<Value>),
}

impl Value {
    fn render(&self) -> String {
        match self {
            Value::Raw(s) => s.clone(),
            Value::Seconds(f) => f.to_string(),
            Value::Integer(n) => n.to_string(),
            Value::HttpDate(secs) => {
                httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(u64::from(*secs)))
            }
            Value::Padded(v) => format!("  {} \t", v.render()),
        }
    }
}

#[derive(Arbitrary, Clone, Copy, Debug)]
enum Kind {
    NotSent,
    SentNoAnswer,
    TimedOut,
    Answered,
}

#[derive(Arbitrary, Debug)]
struct Input {
    status: u16,
    retry_after: Option<Value>,
    retry_after_ms: Option<Value>,
    date: Option<Value>,
    upper_case: bool,
    max_retries: u8,
    retries_done: u8,
    idempotent: bool,
    kind: Kind,
    jitter: f64,
}

fn base_backoff(retries_done: u32) -> Duration {
    if retries_done >= 4 {
        Duration::from_secs(8)
    } else {
        Duration::from_millis(500 << retries_done)
    }
}

fuzz_target!(|input: Input| {
    let name = |n: &str| {
        if input.upper_case {
            n.to_ascii_uppercase()
        } else {
            n.to_owned()
        }
    };
    let mut response = HttpResponse::new(input.status, "");
    for (header, value) in [
        ("retry-after", &input.retry_after),
        ("retry-after-ms", &input.retry_after_ms),
        ("date", &input.date),
    ] {
        if let Some(value) = value {
            response = response.with_header(name(header), value.render());
        }
    }

    let hint = retry_after(&response);
    if input.retry_after.is_none() && input.retry_after_ms.is_none() {
        assert_eq!(hint, RetryAfter::Absent);
    }
    if let (Some(Value::HttpDate(at)), Some(Value::HttpDate(now)), None) =
        (&input.retry_after, &input.date, &input.retry_after_ms)
    {
        let expected = Duration::from_secs(u64::from(at.saturating_sub(*now)));
        assert_eq!(hint, RetryAfter::Delay(expected));
    }

    let policy = RetryPolicy::new(u32::from(input.max_retries));
    let retries_done = u32::from(input.retries_done);
    let backoff = policy.backoff(retries_done, input.jitter);
    let base = base_backoff(retries_done);
    assert!(
        backoff <= base && backoff <= policy.max_backoff,
        "{backoff:?} above {base:?}"
    );
    assert!(
        backoff >= base.mul_f64(0.75),
        "{backoff:?} below 75 % of {base:?}"
    );

    let outcome = match input.kind {
        Kind::NotSent => Outcome::NotSent,
        Kind::SentNoAnswer => Outcome::SentNoAnswer,
        Kind::TimedOut => Outcome::TimedOut,
        Kind::Answered => Outcome::Answered(&response),
    };
    let decision = policy.decide(retries_done, input.idempotent, outcome, input.jitter);
    if retries_done >= policy.max_retries {
        assert_eq!(decision, Decision::Stop);
    }
    if let Decision::RetryAfter(delay) = decision {
        assert!(delay <= policy.retry_after_cap, "{delay:?} above the cap");
        match (input.kind, hint) {
            (Kind::Answered, RetryAfter::Delay(hinted)) => assert_eq!(delay, hinted),
            _ => assert_eq!(delay, backoff),
        }
        if !input.idempotent {
            // A write is repeated only when the server provably did not process it.
            match input.kind {
                Kind::NotSent => {}
                Kind::Answered => {
                    assert!(matches!(input.status, 429 | 503) && hint != RetryAfter::Absent)
                }
                Kind::SentNoAnswer | Kind::TimedOut => panic!("a write was repeated after sending"),
            }
        }
    }
    if let (Kind::Answered, RetryAfter::Delay(hinted)) = (input.kind, hint) {
        if hinted > policy.retry_after_cap {
            assert_eq!(decision, Decision::Stop);
        }
    }
});
