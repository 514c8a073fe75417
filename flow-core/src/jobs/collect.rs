//! One report across many sessions: each session's CSV report fetched concurrently and joined
//! into one table, whose first two columns say which session a row came from. A session that
//! fails is listed in `failures`; it does not lose the others.

use std::collections::{HashMap, HashSet};
use std::pin::pin;
use std::sync::Arc;

use futures_util::future::{ready, try_join, Either};
use futures_util::stream::{self, StreamExt};
use serde_json::Value;

use super::bulk::{Progress, ProgressSink};
use super::DEFAULT_CONCURRENCY;
use crate::endpoints::{GetAttendeeChatReport, GetOperatorChatReport, GetRegistrantsReport, GetSurveyReport};
use crate::models::ColumnData;
use crate::transport::BoxFuture;
use crate::{Client, Endpoint, Error, EventSession, Period, Report};

/// The operation name `collect` errors carry.
pub const COLLECT: &str = "reports.collect";

/// The first two columns of a collected report.
pub const SESSION_COLUMNS: [&str; 2] = ["Session Token", "Session Title"];

/// Which per-session report to collect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReportKind {
    /// `reports.registrants`.
    Registrants,
    /// `reports.attendee_chat`.
    AttendeeChat,
    /// `reports.operator_chat`.
    OperatorChat,
    /// `reports.survey` (needs a survey id).
    Survey,
}

impl ReportKind {
    /// Every kind.
    pub const ALL: [ReportKind; 4] = [
        ReportKind::Registrants,
        ReportKind::AttendeeChat,
        ReportKind::OperatorChat,
        ReportKind::Survey,
    ];

    /// The neutral name: `registrants`, `attendee_chat`, `operator_chat`, `survey`.
    pub fn as_str(self) -> &'static str {
        match self {
            ReportKind::Registrants => "registrants",
            ReportKind::AttendeeChat => "attendee_chat",
            ReportKind::OperatorChat => "operator_chat",
            ReportKind::Survey => "survey",
        }
    }

    /// Reads a kind written in any case style (`attendee_chat`, `attendeeChat`, `attendee-chat`).
    pub fn parse(text: &str) -> Result<Self, Error> {
        let squashed: String = text
            .chars()
            .filter(|c| !matches!(c, '_' | '-'))
            .map(|c| c.to_ascii_lowercase())
            .collect();
        Self::ALL
            .into_iter()
            .find(|kind| kind.as_str().replace('_', "") == squashed)
            .ok_or_else(|| Error::InvalidRequest {
                endpoint: COLLECT,
                field: "kind".into(),
                reason: format!("must be registrants, attendee_chat, operator_chat or survey (got {text:?})"),
            })
    }
}

/// A session to collect: its token, and its title when the caller has it (otherwise it is read
/// with `events.get`, alongside the report).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionRef {
    /// The session token.
    pub token: String,
    /// The session's title, if known.
    pub title: Option<String>,
}

impl From<&str> for SessionRef {
    fn from(token: &str) -> Self {
        Self {
            token: token.to_owned(),
            title: None,
        }
    }
}

impl From<&EventSession> for SessionRef {
    fn from(session: &EventSession) -> Self {
        Self {
            token: session.token.clone().unwrap_or_default(),
            title: Some(session.title.clone().unwrap_or_default()),
        }
    }
}

/// Which sessions to collect, and how.
#[derive(Clone)]
pub struct CollectOptions {
    /// These sessions (give this or `period`).
    pub sessions: Option<Vec<SessionRef>>,
    /// The sessions `events.list` returns for this period (give this or `sessions`).
    pub period: Option<Period>,
    /// For [`ReportKind::Survey`]: the survey.
    pub survey_id: Option<String>,
    /// Reports in flight at once (1 to 64, default 8).
    pub concurrency: usize,
    /// Told after every finished session (`counts.failed` counts the failed ones).
    pub progress: Option<Arc<dyn ProgressSink>>,
}

impl Default for CollectOptions {
    fn default() -> Self {
        Self {
            sessions: None,
            period: None,
            survey_id: None,
            concurrency: DEFAULT_CONCURRENCY,
            progress: None,
        }
    }
}

impl CollectOptions {
    /// The sessions of `period`.
    pub fn period(period: Period) -> Self {
        Self {
            period: Some(period),
            ..Self::default()
        }
    }

    /// These sessions.
    pub fn sessions<T: Into<SessionRef>>(sessions: impl IntoIterator<Item = T>) -> Self {
        Self {
            sessions: Some(sessions.into_iter().map(Into::into).collect()),
            ..Self::default()
        }
    }
}

/// The joined report, and the sessions that could not be read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CollectedReport {
    /// `Session Token`, `Session Title`, then every session's columns in first-seen order.
    pub report: Report,
    /// Session token and error, in session order, for each session that failed.
    pub failures: Vec<(String, Error)>,
}

fn invalid(field: &'static str, reason: &str) -> Error {
    Error::InvalidRequest {
        endpoint: COLLECT,
        field: field.into(),
        reason: reason.to_owned(),
    }
}

/// Collects `kind` over the sessions `options` name. Bad options are refused before anything is
/// sent; a failing `events.list` (for `period`) fails the call; a failing session goes to
/// `failures`.
pub async fn collect(
    client: &Client,
    kind: ReportKind,
    options: &CollectOptions,
) -> Result<CollectedReport, Error> {
    let concurrency = super::concurrency(COLLECT, &Value::from(options.concurrency))?;
    let survey_id = match (kind, options.survey_id.as_deref().map(str::trim)) {
        (ReportKind::Survey, Some(id)) if !id.is_empty() => Some(id),
        (ReportKind::Survey, _) => return Err(invalid("survey_id", "is required for survey reports")),
        (_, Some(_)) => return Err(invalid("survey_id", "is only for survey reports")),
        (_, None) => None,
    };
    let client = client.paced();
    let sessions = match (&options.sessions, options.period) {
        (Some(sessions), None) => {
            for session in sessions {
                fetch(&client, kind, session, survey_id).check()?;
            }
            sessions.clone()
        }
        (None, Some(period)) => client
            .events()
            .list(period)
            .await?
            .iter()
            .filter(|session| session.token.is_some())
            .map(SessionRef::from)
            .collect(),
        _ => return Err(invalid("sessions", "give either sessions or period, not both")),
    };
    let mut unique = HashSet::new();
    let sessions: Vec<SessionRef> = sessions
        .into_iter()
        .filter(|s| unique.insert(s.token.clone()))
        .collect();
    let mut progress = Progress {
        total: Some(sessions.len() as u64),
        ..Progress::default()
    };
    let mut fetched = pin!(stream::iter(0..sessions.len())
        .map(|index| fetch_task(&client, kind, index, &sessions[index], survey_id))
        .buffer_unordered(concurrency));
    let mut parts: Vec<Option<Result<(String, Report), Error>>> = vec![None; sessions.len()];
    while let Some((index, part)) = fetched.next().await {
        if let Err(Error::Aborted { .. }) = part {
            return part.map(|_| CollectedReport::default());
        }
        progress.done += 1;
        if part.is_err() {
            progress.counts.failed += 1;
        }
        if let Some(sink) = &options.progress {
            sink.report(&progress);
        }
        parts[index] = Some(part);
    }
    let mut failures = Vec::new();
    let mut reports = Vec::new();
    for (session, part) in sessions.iter().zip(parts.into_iter().flatten()) {
        match part {
            Ok((title, report)) => reports.push((session.token.as_str(), title, report)),
            Err(error) => failures.push((session.token.clone(), error)),
        }
    }
    Ok(CollectedReport {
        report: join(&reports),
        failures,
    })
}

/// A session's title and report.
type TitledReport = (String, Report);

/// One session's fetch, boxed: a named, type-erased future keeps `collect`'s future `Send`
/// (closures returning `async` blocks that borrow would not be, rustc#64552).
fn fetch_task<'a>(
    client: &'a Client,
    kind: ReportKind,
    index: usize,
    session: &'a SessionRef,
    survey_id: Option<&'a str>,
) -> BoxFuture<'a, (usize, Result<TitledReport, Error>)> {
    Box::pin(async move { (index, fetch(client, kind, session, survey_id).run().await) })
}

/// One session's fetch: its report, and its title unless known.
struct Fetch<'a> {
    client: &'a Client,
    kind: ReportKind,
    session: &'a SessionRef,
    survey_id: Option<&'a str>,
}

fn fetch<'a>(
    client: &'a Client,
    kind: ReportKind,
    session: &'a SessionRef,
    survey_id: Option<&'a str>,
) -> Fetch<'a> {
    Fetch {
        client,
        kind,
        session,
        survey_id,
    }
}

impl Fetch<'_> {
    /// Refuses a token the report request could not be built from, before anything is sent.
    fn check(&self) -> Result<(), Error> {
        let token = self.session.token.clone();
        let built = match self.kind {
            ReportKind::Survey => GetSurveyReport {
                session_token: token,
                survey_id: self.survey_id.unwrap_or_default().to_owned(),
            }
            .path(),
            _ => GetRegistrantsReport { session_token: token }.path(),
        };
        built.map(drop).map_err(|e| match e {
            Error::InvalidRequest { field, reason, .. } => Error::InvalidRequest {
                endpoint: COLLECT,
                field: if field == "session_token" {
                    "sessions".into()
                } else {
                    field
                },
                reason,
            },
            other => other,
        })
    }

    async fn run(self) -> Result<(String, Report), Error> {
        let session_token = self.session.token.clone();
        let title = match &self.session.title {
            Some(title) => Either::Left(ready(Ok(title.clone()))),
            None => Either::Right(async {
                let session = self.client.events().get(&self.session.token).await?;
                Ok(session.title.unwrap_or_default())
            }),
        };
        let client = self.client;
        let report = async move {
            match self.kind {
                ReportKind::Registrants => client.send(&GetRegistrantsReport { session_token }).await,
                ReportKind::AttendeeChat => client.send(&GetAttendeeChatReport { session_token }).await,
                ReportKind::OperatorChat => client.send(&GetOperatorChatReport { session_token }).await,
                ReportKind::Survey => {
                    let survey_id = self.survey_id.unwrap_or_default().to_owned();
                    client
                        .send(&GetSurveyReport {
                            session_token,
                            survey_id,
                        })
                        .await
                }
            }
        };
        try_join(title, report).await
    }
}

/// Joins the sessions' reports: the two session columns, then the union of their columns in
/// first-seen order; a column a session lacks is empty in its rows. Built by column, as parsed
/// reports are, with the CSV text written from the result.
fn join(reports: &[(&str, String, Report)]) -> Report {
    let mut columns: Vec<String> = SESSION_COLUMNS.iter().map(|c| (*c).to_owned()).collect();
    let mut positions: HashMap<String, usize> = columns.iter().cloned().zip(0..).collect();
    let mut data = vec![ColumnData::default(), ColumnData::default()];
    let mut len = 0;
    for (token, title, report) in reports {
        let targets: Vec<usize> = report
            .columns()
            .iter()
            .map(|name| {
                let name = if SESSION_COLUMNS.contains(&name.as_str()) {
                    format!("{name} (report)")
                } else {
                    name.clone()
                };
                *positions.entry(name.clone()).or_insert_with(|| {
                    columns.push(name);
                    data.push(ColumnData::default());
                    columns.len() - 1
                })
            })
            .collect();
        for row in 0..report.len() {
            data[0].push(len, token);
            data[1].push(len, title);
            for (source, &target) in targets.iter().enumerate() {
                data[target].push(len, report.data[source].get(row));
            }
            len += 1;
        }
    }
    let text = crate::csv_table::write_csv(&columns, len, |column, row| data[column].get(row));
    Report {
        columns,
        data,
        len,
        text,
    }
}

impl crate::Reports<'_> {
    /// One report of `kind` across many sessions (see [`collect`]).
    ///
    /// ```no_run
    /// # async fn run(client: flow_core::Client) -> Result<(), flow_core::Error> {
    /// use flow_core::jobs::collect::{CollectOptions, ReportKind};
    /// use flow_core::Period;
    ///
    /// let collected = client
    ///     .reports()
    ///     .collect(ReportKind::Registrants, &CollectOptions::period(Period::Past))
    ///     .await?;
    /// println!("{} rows, {} sessions failed", collected.report.len(), collected.failures.len());
    /// # Ok(()) }
    /// ```
    pub async fn collect(
        &self,
        kind: ReportKind,
        options: &CollectOptions,
    ) -> Result<CollectedReport, Error> {
        collect(self.0, kind, options).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csv_table::parse_csv;

    #[test]
    fn kinds_parse_in_every_case_style() {
        for (text, kind) in [
            ("attendee_chat", ReportKind::AttendeeChat),
            ("attendeeChat", ReportKind::AttendeeChat),
            ("operator-chat", ReportKind::OperatorChat),
            ("Registrants", ReportKind::Registrants),
            ("survey", ReportKind::Survey),
        ] {
            assert_eq!(ReportKind::parse(text).unwrap(), kind);
        }
        assert_eq!(ReportKind::parse("summary").unwrap_err().field(), Some("kind"));
    }

    #[test]
    fn join_unions_columns_in_first_seen_order_and_leaves_gaps_empty() {
        let a = parse_csv("Email,Name\na@x.co,Ada\n".to_owned()).unwrap();
        let b = parse_csv("Name,Phone,Session Token\nBob,\"1,2\",zzz\n".to_owned()).unwrap();
        let joined = join(&[("T1", "One".to_owned(), a), ("T2", "Two \"2\"".to_owned(), b)]);
        assert_eq!(
            joined.columns(),
            [
                "Session Token",
                "Session Title",
                "Email",
                "Name",
                "Phone",
                "Session Token (report)"
            ]
        );
        let rows: Vec<Vec<String>> = joined
            .rows()
            .map(|row| {
                (0..joined.columns().len())
                    .map(|c| row.get(c).unwrap_or_default().to_owned())
                    .collect()
            })
            .collect();
        assert_eq!(rows[0], ["T1", "One", "a@x.co", "Ada", "", ""]);
        assert_eq!(rows[1], ["T2", "Two \"2\"", "", "Bob", "1,2", "zzz"]);
        let reparsed = parse_csv(joined.text().to_owned()).unwrap();
        assert_eq!(reparsed.columns(), joined.columns());
        assert!(reparsed
            .rows()
            .zip(joined.rows())
            .all(|(a, b)| format!("{a:?}") == format!("{b:?}")));
        assert_eq!(reparsed.len(), 2);
    }
}
