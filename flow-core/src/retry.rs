//! When to try again: a pure decision, so every runtime retries alike and tests need no clock.

use std::time::Duration;

use crate::http::HttpResponse;

/// What happened on one attempt.
#[derive(Clone, Copy, Debug)]
pub enum Outcome<'a> {
    /// The connection could not be made: the server never saw the request.
    NotSent,
    /// The connection broke after sending: the server may have processed it.
    SentNoAnswer,
    /// The attempt timed out: the server may have processed it.
    TimedOut,
    /// The server answered.
    Answered(&'a HttpResponse),
    /// Nothing a retry could change (an answer over the size bound).
    Final,
}

/// The policy's verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Sleep this long, then send again.
    RetryAfter(Duration),
    /// Surface the outcome.
    Stop,
}

/// Exponential backoff with jitter, `Retry-After` support and a hard line on repeating writes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RetryPolicy {
    /// Retries allowed after the first attempt.
    pub max_retries: u32,
    /// Backoff before the first retry.
    pub initial_backoff: Duration,
    /// Backoff never exceeds this.
    pub max_backoff: Duration,
    /// A `Retry-After` longer than this stops retrying and surfaces the error.
    pub retry_after_cap: Duration,
    /// Share of the backoff that jitter may remove (0.25: sleep between 75 % and 100 %).
    pub jitter_fraction: f64,
}

impl RetryPolicy {
    /// The SDK's policy with the given retry budget: 0.5 s doubling to 8 s, `Retry-After` up to 60 s.
    pub fn new(max_retries: u32) -> Self {
        Self {
            max_retries,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            retry_after_cap: Duration::from_secs(60),
            jitter_fraction: 0.25,
        }
    }

    /// Decides after an attempt. `retries_done` counts the retries already made (0 after the
    /// first attempt); `idempotent` says whether repeating the request is harmless (reads); `jitter`
    /// is a sample in `[0, 1)`.
    ///
    /// A request that is not idempotent (a registration, an event creation) is repeated only when
    /// the server provably did not process it: the connection was never made, or the server said
    /// 429/503 with `Retry-After`.
    pub fn decide(&self, retries_done: u32, idempotent: bool, outcome: Outcome<'_>, jitter: f64) -> Decision {
        if retries_done >= self.max_retries {
            return Decision::Stop;
        }
        let backoff = self.backoff(retries_done, jitter);
        match outcome {
            Outcome::NotSent => Decision::RetryAfter(backoff),
            Outcome::SentNoAnswer | Outcome::TimedOut if idempotent => Decision::RetryAfter(backoff),
            Outcome::SentNoAnswer | Outcome::TimedOut => Decision::Stop,
            Outcome::Answered(response) => self.decide_status(response, idempotent, backoff),
            Outcome::Final => Decision::Stop,
        }
    }

    fn decide_status(&self, response: &HttpResponse, idempotent: bool, backoff: Duration) -> Decision {
        let status = response.status;
        let retry_after = retry_after(response);
        let retryable = if idempotent {
            matches!(status, 408 | 429) || status >= 500
        } else {
            matches!(status, 429 | 503) && retry_after != RetryAfter::Absent
        };
        if !retryable {
            return Decision::Stop;
        }
        match retry_after {
            RetryAfter::Delay(d) if d > self.retry_after_cap => Decision::Stop,
            RetryAfter::Delay(d) => Decision::RetryAfter(d),
            RetryAfter::Unusable | RetryAfter::Absent => Decision::RetryAfter(backoff),
        }
    }

    /// The jittered exponential backoff before retry number `retries_done + 1`. Never panics,
    /// whatever the policy's fields hold: the jitter share is clamped to `[0, 1]`.
    pub fn backoff(&self, retries_done: u32, jitter: f64) -> Duration {
        let factor = 2u32.saturating_pow(retries_done.min(16));
        let base = self.initial_backoff.saturating_mul(factor).min(self.max_backoff);
        let unit = |x: f64| if x.is_finite() { x.clamp(0.0, 1.0) } else { 0.0 };
        let keep = 1.0 - unit(self.jitter_fraction) * unit(jitter);
        Duration::try_from_secs_f64(base.as_secs_f64() * keep).map_or(base, |d| d.min(base))
    }
}

/// What a response's `Retry-After` (or `retry-after-ms`) says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryAfter {
    /// No such header.
    Absent,
    /// Present but not usable (garbage, or an HTTP date without a `Date` header to measure from).
    Unusable,
    /// Wait this long.
    Delay(Duration),
}

/// A delay in seconds; one too large for a `Duration` saturates, so the cap turns it into a stop.
fn seconds(secs: f64) -> Duration {
    Duration::try_from_secs_f64(secs).unwrap_or(Duration::MAX)
}

/// Reads `retry-after-ms`, then `Retry-After` as seconds or as an HTTP date. A date is measured
/// against the response's own `Date` header, so no local clock is consulted.
pub fn retry_after(response: &HttpResponse) -> RetryAfter {
    if let Some(ms) = response.header("retry-after-ms") {
        if let Ok(ms) = ms.trim().parse::<f64>() {
            if ms.is_finite() && ms >= 0.0 {
                return RetryAfter::Delay(seconds(ms / 1000.0));
            }
        }
    }
    let Some(value) = response.header("retry-after") else {
        return RetryAfter::Absent;
    };
    let value = value.trim();
    if let Ok(secs) = value.parse::<f64>() {
        return if secs.is_finite() && secs >= 0.0 {
            RetryAfter::Delay(seconds(secs))
        } else {
            RetryAfter::Unusable
        };
    }
    let (Ok(at), Some(Ok(now))) = (
        httpdate::parse_http_date(value),
        response.header("date").map(httpdate::parse_http_date),
    ) else {
        return RetryAfter::Unusable;
    };
    RetryAfter::Delay(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answered(status: u16, headers: &[(&str, &str)]) -> HttpResponse {
        headers
            .iter()
            .fold(HttpResponse::new(status, ""), |r, (k, v)| r.with_header(*k, *v))
    }

    #[test]
    fn backoff_doubles_to_the_cap_and_jitter_only_shortens() {
        let p = RetryPolicy::new(10);
        let ms: Vec<u128> = (0..6).map(|n| p.backoff(n, 0.0).as_millis()).collect();
        assert_eq!(ms, [500, 1000, 2000, 4000, 8000, 8000]);
        assert_eq!(p.backoff(0, 1.0).as_millis(), 375);
        let odd = RetryPolicy {
            jitter_fraction: f64::NAN,
            initial_backoff: Duration::MAX,
            max_backoff: Duration::MAX,
            ..p
        };
        assert_eq!(odd.backoff(0, 0.0), Duration::MAX);
        let wide = RetryPolicy {
            jitter_fraction: 2.0,
            ..p
        };
        assert_eq!(wide.backoff(0, 0.9).as_millis(), 50);
    }

    #[test]
    fn reads_retry_on_server_errors_and_honour_retry_after() {
        let p = RetryPolicy::new(2);
        let r = answered(503, &[]);
        assert_eq!(
            p.decide(0, true, Outcome::Answered(&r), 0.0),
            Decision::RetryAfter(Duration::from_millis(500))
        );
        let r = answered(429, &[("Retry-After", "3")]);
        assert_eq!(
            p.decide(1, true, Outcome::Answered(&r), 0.0),
            Decision::RetryAfter(Duration::from_secs(3))
        );
        assert_eq!(p.decide(2, true, Outcome::Answered(&r), 0.0), Decision::Stop);
        let r = answered(429, &[("Retry-After", "61")]);
        assert_eq!(p.decide(0, true, Outcome::Answered(&r), 0.0), Decision::Stop);
        for huge in [("Retry-After", "1e30"), ("retry-after-ms", "1e300")] {
            let r = answered(503, &[huge]);
            assert_eq!(p.decide(0, true, Outcome::Answered(&r), 0.0), Decision::Stop);
        }
        assert_eq!(p.backoff(0, f64::NAN), Duration::from_millis(500));
        let r = answered(404, &[]);
        assert_eq!(p.decide(0, true, Outcome::Answered(&r), 0.0), Decision::Stop);
    }

    #[test]
    fn writes_repeat_only_when_provably_unprocessed() {
        let p = RetryPolicy::new(2);
        assert!(matches!(
            p.decide(0, false, Outcome::NotSent, 0.0),
            Decision::RetryAfter(_)
        ));
        assert_eq!(p.decide(0, false, Outcome::SentNoAnswer, 0.0), Decision::Stop);
        assert_eq!(p.decide(0, false, Outcome::TimedOut, 0.0), Decision::Stop);
        assert_eq!(
            p.decide(0, false, Outcome::Answered(&answered(500, &[])), 0.0),
            Decision::Stop
        );
        assert_eq!(
            p.decide(0, false, Outcome::Answered(&answered(429, &[])), 0.0),
            Decision::Stop
        );
        let r = answered(503, &[("retry-after", "2")]);
        assert_eq!(
            p.decide(0, false, Outcome::Answered(&r), 0.0),
            Decision::RetryAfter(Duration::from_secs(2))
        );
    }

    #[test]
    fn http_date_is_measured_against_the_response_date() {
        let r = answered(
            429,
            &[
                ("Date", "Wed, 21 Oct 2026 07:28:00 GMT"),
                ("Retry-After", "Wed, 21 Oct 2026 07:28:05 GMT"),
            ],
        );
        assert_eq!(retry_after(&r), RetryAfter::Delay(Duration::from_secs(5)));
        let r = answered(429, &[("Retry-After", "Wed, 21 Oct 2026 07:28:05 GMT")]);
        assert_eq!(retry_after(&r), RetryAfter::Unusable);
    }
}
