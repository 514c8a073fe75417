use serde::{Deserialize, Serialize};

/// The body of `events.create` ("a new barebones event").
///
/// Read with the neutral (snake_case) names, as every binding passes them; written with the API's.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all(serialize = "camelCase"), deny_unknown_fields)]
pub struct NewEvent {
    /// A user id from `operators.list`.
    #[serde(rename(serialize = "creatorID"))]
    pub creator_id: i64,
    /// Title shown to attendees.
    pub title: String,
    /// Description shown to attendees.
    pub description: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `HH:MM:SS`, 24 h.
    pub time: String,
    /// IANA zone name, such as `Europe/Berlin`.
    pub timezone: String,
    /// Who runs the session.
    #[serde(default)]
    pub operators: Vec<OperatorAssignment>,
    /// Whether the session is published.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub published: Option<bool>,
    /// Hours.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub duration: Option<f64>,
    /// Minutes.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub early_access_period: Option<i64>,
    /// Whether the session is recorded.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub video_record: Option<bool>,
    /// Whether replays are offered.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub on_demand_replays: Option<bool>,
}

/// One operator of a new event.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all(serialize = "camelCase"), deny_unknown_fields)]
pub struct OperatorAssignment {
    /// A user id from `operators.list`.
    pub id: i64,
    /// 5 = presenter, 10 = organizer.
    pub role: i64,
    /// Microphone allowed.
    #[serde(default)]
    pub mic_enabled: bool,
    /// Camera allowed.
    #[serde(default)]
    pub cam_enabled: bool,
    /// Screen sharing allowed.
    #[serde(default)]
    pub screen_sharing_enabled: bool,
}

impl OperatorAssignment {
    /// Role number of a presenter.
    pub const PRESENTER: i64 = 5;
    /// Role number of an organizer.
    pub const ORGANIZER: i64 = 10;
}
