use std::fmt;
use std::str::FromStr;

use super::EventSession;
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

impl EventSession {
    /// The date, when it is a valid `YYYY-MM-DD`.
    pub fn parsed_date(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(self.date.as_deref()?.trim(), "%Y-%m-%d").ok()
    }

    /// The start time, when it is a valid `HH:MM:SS` or `HH:MM`.
    pub fn parsed_time(&self) -> Option<NaiveTime> {
        let time = self.time.as_deref()?.trim();
        NaiveTime::parse_from_str(time, "%H:%M:%S")
            .or_else(|_| NaiveTime::parse_from_str(time, "%H:%M"))
            .ok()
    }
}

/// Which sessions `events.list` returns; `None` there means all of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", try_from = "String")]
pub enum Period {
    /// Happening today.
    Current,
    /// Already over.
    Past,
    /// Still to come.
    Future,
}

impl Period {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Current => "current",
            Period::Past => "past",
            Period::Future => "future",
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Period {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "current" => Ok(Period::Current),
            "past" => Ok(Period::Past),
            "future" => Ok(Period::Future),
            other => Err(format!(
                "{other:?} is not a period; use \"current\", \"past\" or \"future\""
            )),
        }
    }
}

impl TryFrom<String> for Period {
    type Error = String;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}
