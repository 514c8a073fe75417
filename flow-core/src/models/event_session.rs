use std::fmt;
use std::str::FromStr;

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::lenient::model;

model! {
    /// An event session: a list item, the authenticated info, or the public subset.
    pub struct EventSession {
        /// The session token used in every per-session path.
        "token" => token: String,
        "eventToken" => event_token: String,
        "title" => title: String,
        "description" => description: String,
        /// `YYYY-MM-DD` as sent; see [`EventSession::parsed_date`].
        "date" => date: String,
        /// `HH:MM:SS` (24 h) as sent; see [`EventSession::parsed_time`].
        "time" => time: String,
        /// IANA zone name such as `Asia/Calcutta`.
        "timezone" => timezone: String,
        /// Hours.
        "duration" => duration: f64,
        /// Minutes.
        "earlyAccessPeriod" => early_access_period: i64,
        "published" => published: bool,
        "videoRecord" => video_record: bool,
        "onDemandReplays" => on_demand_replays: bool,
        "accessStatus" => access_status: i64,
        "createDate" => create_date: String,
        "creator" => creator: Person,
        "operators" => operators: Vec<SessionOperator>,
        /// Summary numbers, present when asked for with `simple_analytics`.
        "analytics" => analytics: Map<String, Value>,
        /// Only on the authenticated info.
        "feedbackQuestions" => feedback_questions: Vec<Value>,
    }
}

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

model! {
    /// A person embedded in a session, such as its creator.
    pub struct Person {
        "id" => id: i64,
        "email" => email: String,
        "firstName" => first_name: String,
        "lastName" => last_name: String,
    }
}

model! {
    /// An operator assigned to a session.
    pub struct SessionOperator {
        "id" => id: i64,
        "email" => email: String,
        "firstName" => first_name: String,
        "lastName" => last_name: String,
        /// 5 = presenter, 10 = organizer.
        "role" => role: i64,
        "micEnabled" => mic_enabled: bool,
        "camEnabled" => cam_enabled: bool,
        "screenSharingEnabled" => screen_sharing_enabled: bool,
    }
}

/// Which sessions `events.list` returns; `None` there means all of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
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
