//! The benchmark session's registrants. They are never stored as records: row `i` is a pure
//! function of `i`, and the JSON and CSV reports are written straight into one preallocated buffer
//! the first time they are asked for, then cached, so a million rows cost well under a second once.
//!
//! The ordinary registrants CSV has 9 columns; with `bench_wide_csv` the benchmark session's CSV
//! also carries the list's other five fields, the 14 columns of the report issue 11 measured.

use std::sync::OnceLock;

use axum::body::Bytes;

use crate::csv_reports::REGISTRANTS_HEADER;
use crate::store::{Analytics, Session, ATTENDEE_ROLE};

const FIRST: [(&str, &str); 8] = [
    ("Ada", "ada"),
    ("Grace", "grace"),
    ("Alan", "alan"),
    ("Edsger", "edsger"),
    ("Barbara", "barbara"),
    ("Donald", "donald"),
    ("Frances", "frances"),
    ("Ken", "ken"),
];
const LAST: [(&str, &str); 8] = [
    ("Lovelace", "lovelace"),
    ("Hopper", "hopper"),
    ("Turing", "turing"),
    ("Dijkstra", "dijkstra"),
    ("Liskov", "liskov"),
    ("Knuth", "knuth"),
    ("Allen", "allen"),
    ("Thompson", "thompson"),
];
const LOCATIONS: [&str; 5] = ["Berlin", "Austin", "Lyon", "Pune", "Osaka"];
const PHONES: [&str; 4] = ["", "+1 555 0100", "", "+49 30 5550100"];
const DOMAIN: &str = "@bench.example";
const USER_BASE: u64 = 10_000_000;
const REGISTRATION_BASE: u64 = 30_000_000;
const SECONDS_PER_DAY: u32 = 86_400;

/// The registrant-list fields the ordinary CSV leaves out, added after its columns when wide.
pub const WIDE_COLUMNS: [&str; 5] = [
    "Event Session ID",
    "Token",
    "Mic Enabled",
    "Cam Enabled",
    "Screen Sharing Enabled",
];

/// The generated part of the benchmark session; registrations added later live in the store.
#[derive(Debug)]
pub struct Bench {
    count: usize,
    wide: bool,
    json_rows: OnceLock<Bytes>,
    csv: OnceLock<Bytes>,
}

impl Bench {
    pub fn new(count: usize, wide: bool) -> Self {
        Self {
            count,
            wide,
            json_rows: OnceLock::new(),
            csv: OnceLock::new(),
        }
    }

    pub fn analytics(&self) -> Analytics {
        let mut figures = Analytics {
            registrants: self.count,
            ..Analytics::default()
        };
        for i in (0..self.count).filter(|&i| attended(i)) {
            figures.attendees += 1;
            figures.attended_minutes += i64::from(minutes(i));
        }
        figures
    }

    /// The registrant items as JSON, comma-separated, without the surrounding brackets.
    pub fn json_rows(&self, session: &Session) -> Bytes {
        self.json_rows
            .get_or_init(|| {
                let clock = Clock::of(session);
                let mut buf = Vec::with_capacity(self.count * 340);
                for i in 0..self.count {
                    if i > 0 {
                        buf.push(b',');
                    }
                    push_json_row(&mut buf, i, session.id, &clock);
                }
                Bytes::from(buf)
            })
            .clone()
    }

    /// The registrants CSV: header line and every generated row. Registrations added later are
    /// appended by the route in the ordinary 9-column form, even when wide.
    pub fn csv(&self, session: &Session) -> Bytes {
        self.csv
            .get_or_init(|| {
                let clock = Clock::of(session);
                let wide = self.wide.then_some(session.id);
                let mut buf = Vec::with_capacity(self.count * 160 + 256);
                buf.extend_from_slice(REGISTRANTS_HEADER.join(",").as_bytes());
                if wide.is_some() {
                    buf.push(b',');
                    buf.extend_from_slice(WIDE_COLUMNS.join(",").as_bytes());
                }
                buf.push(b'\n');
                for i in 0..self.count {
                    push_csv_row(&mut buf, i, &clock, wide);
                }
                Bytes::from(buf)
            })
            .clone()
    }

    /// The registration id and token of the generated registrant with this email, if any.
    pub fn find(&self, email: &str) -> Option<(u64, String)> {
        let email = email.to_ascii_lowercase();
        let local = email.strip_suffix(DOMAIN)?;
        let (_, index) = local.rsplit_once('.')?;
        let i: usize = index.parse().ok()?;
        if i >= self.count || email_of(i) != email {
            return None;
        }
        Some((REGISTRATION_BASE + i as u64, token_of(i)))
    }
}

/// The session's date and start, preformatted once for every row.
struct Clock {
    date: String,
    start: u32,
}

impl Clock {
    fn of(session: &Session) -> Self {
        use chrono::Timelike;
        Self {
            date: session.date.format("%Y-%m-%d ").to_string(),
            start: session.time.num_seconds_from_midnight(),
        }
    }

    fn push(&self, buf: &mut Vec<u8>, seconds: u32) {
        let seconds = seconds.min(SECONDS_PER_DAY - 1);
        buf.extend_from_slice(self.date.as_bytes());
        push_two(buf, seconds / 3600);
        buf.push(b':');
        push_two(buf, seconds / 60 % 60);
        buf.push(b':');
        push_two(buf, seconds % 60);
    }

    fn entry(&self, i: usize) -> u32 {
        self.start + (i % 1800) as u32
    }

    fn exit(&self, i: usize) -> u32 {
        self.entry(i) + minutes(i) * 60
    }
}

fn attended(i: usize) -> bool {
    i % 4 != 0
}

fn minutes(i: usize) -> u32 {
    20 + (i % 41) as u32
}

fn first(i: usize) -> (&'static str, &'static str) {
    FIRST[i % FIRST.len()]
}

fn last(i: usize) -> (&'static str, &'static str) {
    LAST[i / FIRST.len() % LAST.len()]
}

fn email_of(i: usize) -> String {
    let mut buf = Vec::new();
    push_email(&mut buf, i);
    String::from_utf8_lossy(&buf).into_owned()
}

fn token_of(i: usize) -> String {
    let mut buf = Vec::new();
    push_token(&mut buf, i);
    String::from_utf8_lossy(&buf).into_owned()
}

fn push_email(buf: &mut Vec<u8>, i: usize) {
    buf.extend_from_slice(first(i).1.as_bytes());
    buf.push(b'.');
    buf.extend_from_slice(last(i).1.as_bytes());
    buf.push(b'.');
    push_u64(buf, i as u64);
    buf.extend_from_slice(DOMAIN.as_bytes());
}

fn push_token(buf: &mut Vec<u8>, i: usize) {
    buf.extend_from_slice(b"bn");
    let mut width = 1;
    let mut rest = i / 10;
    while rest > 0 {
        width += 1;
        rest /= 10;
    }
    buf.extend(std::iter::repeat_n(b'0', 8usize.saturating_sub(width)));
    push_u64(buf, i as u64);
}

fn push_json_row(buf: &mut Vec<u8>, i: usize, session_id: u64, clock: &Clock) {
    buf.extend_from_slice(b"{\"userID\":");
    push_u64(buf, USER_BASE + i as u64);
    buf.extend_from_slice(b",\"eventSessionID\":");
    push_u64(buf, session_id);
    buf.extend_from_slice(b",\"token\":\"");
    push_token(buf, i);
    buf.extend_from_slice(b"\",\"email\":\"");
    push_email(buf, i);
    buf.extend_from_slice(b"\",\"firstName\":\"");
    buf.extend_from_slice(first(i).0.as_bytes());
    buf.extend_from_slice(b"\",\"lastName\":\"");
    buf.extend_from_slice(last(i).0.as_bytes());
    buf.extend_from_slice(b"\",\"phone\":\"");
    buf.extend_from_slice(PHONES[i % PHONES.len()].as_bytes());
    buf.extend_from_slice(b"\",\"location\":\"");
    buf.extend_from_slice(LOCATIONS[i % LOCATIONS.len()].as_bytes());
    buf.extend_from_slice(b"\",\"entryTime\":");
    push_json_time(buf, i, clock, clock.entry(i));
    buf.extend_from_slice(b",\"exitTime\":");
    push_json_time(buf, i, clock, clock.exit(i));
    buf.extend_from_slice(b",\"role\":");
    push_u64(buf, u64::from(ATTENDEE_ROLE));
    buf.extend_from_slice(b",\"micEnabled\":0,\"camEnabled\":0,\"screenSharingEnabled\":0}");
}

/// A time string, or for people who never attended `""` (every other one) or `null`.
fn push_json_time(buf: &mut Vec<u8>, i: usize, clock: &Clock, seconds: u32) {
    if attended(i) {
        buf.push(b'"');
        clock.push(buf, seconds);
        buf.push(b'"');
    } else if i % 8 == 0 {
        buf.extend_from_slice(b"\"\"");
    } else {
        buf.extend_from_slice(b"null");
    }
}

/// One CSV row, with the `WIDE_COLUMNS` when given the session id; no generated field contains a
/// comma, quote or line break, so none needs quoting.
fn push_csv_row(buf: &mut Vec<u8>, i: usize, clock: &Clock, wide: Option<u64>) {
    push_u64(buf, USER_BASE + i as u64);
    buf.push(b',');
    push_email(buf, i);
    buf.push(b',');
    buf.extend_from_slice(first(i).0.as_bytes());
    buf.push(b',');
    buf.extend_from_slice(last(i).0.as_bytes());
    buf.push(b',');
    buf.extend_from_slice(PHONES[i % PHONES.len()].as_bytes());
    buf.push(b',');
    buf.extend_from_slice(LOCATIONS[i % LOCATIONS.len()].as_bytes());
    buf.push(b',');
    if attended(i) {
        clock.push(buf, clock.entry(i));
        buf.push(b',');
        clock.push(buf, clock.exit(i));
    } else {
        buf.push(b',');
    }
    buf.push(b',');
    push_u64(buf, u64::from(ATTENDEE_ROLE));
    if let Some(session_id) = wide {
        buf.push(b',');
        push_u64(buf, session_id);
        buf.push(b',');
        push_token(buf, i);
        buf.extend_from_slice(b",0,0,0");
    }
    buf.push(b'\n');
}

fn push_two(buf: &mut Vec<u8>, value: u32) {
    buf.push(b'0' + (value / 10 % 10) as u8);
    buf.push(b'0' + (value % 10) as u8);
}

fn push_u64(buf: &mut Vec<u8>, mut value: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    buf.extend_from_slice(&digits[at..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::MockConfig;
    use crate::data::{self, BENCH_TOKEN};

    fn csv(wide: bool) -> (String, u64) {
        let config = MockConfig {
            bench_registrants: 3,
            ..MockConfig::default()
        };
        let store = data::seed(&config, chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
        let session = store.session(BENCH_TOKEN).unwrap();
        let bytes = Bench::new(3, wide).csv(session);
        (String::from_utf8(bytes.to_vec()).unwrap(), session.id)
    }

    #[test]
    fn wide_csv_adds_the_list_fields_after_the_ordinary_columns() {
        let (narrow, _) = csv(false);
        let (wide, session_id) = csv(true);
        assert_eq!(narrow.lines().count(), 4);
        assert_eq!(wide.lines().count(), 4);
        for (narrow, wide) in narrow.lines().zip(wide.lines()) {
            assert_eq!(narrow.split(',').count(), 9);
            assert_eq!(wide.split(',').count(), 14);
            assert!(wide.starts_with(&format!("{narrow},")));
        }
        assert!(wide.lines().next().unwrap().ends_with(&WIDE_COLUMNS.join(",")));
        assert!(wide.ends_with(&format!(",{session_id},{},0,0,0\n", token_of(2))));
    }
}
