//! The benchmark session's registrants. They are never stored as records: row `i` is a pure
//! function of `i`, and the JSON and CSV reports are written straight into one preallocated buffer
//! the first time they are asked for, then cached, so a million rows cost well under a second once.

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

/// The generated part of the benchmark session; registrations added later live in the store.
#[derive(Debug)]
pub struct Bench {
    count: usize,
    json_rows: OnceLock<Bytes>,
    csv: OnceLock<Bytes>,
}

impl Bench {
    pub fn new(count: usize) -> Self {
        Self {
            count,
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

    /// The registrants CSV: header line and every generated row.
    pub fn csv(&self, session: &Session) -> Bytes {
        self.csv
            .get_or_init(|| {
                let clock = Clock::of(session);
                let mut buf = Vec::with_capacity(self.count * 130 + 128);
                buf.extend_from_slice(REGISTRANTS_HEADER.join(",").as_bytes());
                buf.push(b'\n');
                for i in 0..self.count {
                    push_csv_row(&mut buf, i, &clock);
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

/// One CSV row; no generated field contains a comma, quote or line break, so none needs quoting.
fn push_csv_row(buf: &mut Vec<u8>, i: usize, clock: &Clock) {
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
