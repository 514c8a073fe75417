//! Bulk registration: rows in, one result per row out, in input order. Concurrent, paced, and
//! never registering anyone twice: a row is sent at most once per run, and again in a later run
//! only when the server provably did not process it or a read shows it does not have it.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::pin::pin;
use std::sync::Arc;

use futures_util::future::ready;
use futures_util::stream::{self, Stream, StreamExt};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::journal::{row_key, Entry, Journal, JournalLine, JournalStore, Recorded};
use super::rows::{RowFields, CREATE_MANY};
use super::DEFAULT_CONCURRENCY;
use crate::endpoints::CreateRegistrant;
use crate::transport::{BoxFuture, MaybeSendSync};
use crate::{Client, Endpoint, Error, Registration};

/// How a row ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowStatus {
    /// Registered now.
    Created,
    /// The server already had this email for the session (`isNew` false), or a rerun found it there.
    Existing,
    /// The same session and email as an earlier row of the input; not sent.
    Duplicate,
    /// Refused before sending; the error names the field.
    Invalid,
    /// The server refused it, and provably did not process it (4xx, 503, no connection).
    Failed,
    /// Sent, outcome unknown (a timeout, a connection lost after sending, a 5xx other than 503,
    /// an unreadable answer). Never sent again in the same run; a rerun with the journal reads the
    /// session's registrants before deciding.
    Unknown,
}

impl RowStatus {
    /// Every status, in the order counts are shown.
    pub const ALL: [RowStatus; 6] = [
        RowStatus::Created,
        RowStatus::Existing,
        RowStatus::Duplicate,
        RowStatus::Invalid,
        RowStatus::Failed,
        RowStatus::Unknown,
    ];

    /// The status as results and journals spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            RowStatus::Created => "created",
            RowStatus::Existing => "existing",
            RowStatus::Duplicate => "duplicate",
            RowStatus::Invalid => "invalid",
            RowStatus::Failed => "failed",
            RowStatus::Unknown => "unknown",
        }
    }

    /// Whether the row is registered (now or before).
    pub fn is_registered(self) -> bool {
        matches!(self, RowStatus::Created | RowStatus::Existing)
    }
}

/// One input row's outcome.
#[derive(Clone, Debug, PartialEq)]
pub struct RowResult {
    /// The row's position in the input, from 0.
    pub index: u64,
    /// The session it registers for (the row's own, else the job's), when known.
    pub session_token: Option<String>,
    /// The row's email, when it had one.
    pub email: Option<String>,
    /// How it ended.
    pub status: RowStatus,
    /// The server's answer, when known.
    pub registration: Option<Registration>,
    /// Why it is invalid, failed or unknown.
    pub error: Option<Error>,
}

/// How many rows ended in each status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Registered now.
    pub created: u64,
    /// Already registered.
    pub existing: u64,
    /// Repeated in the input.
    pub duplicate: u64,
    /// Refused before sending.
    pub invalid: u64,
    /// Refused by the server, not processed.
    pub failed: u64,
    /// Outcome unknown.
    pub unknown: u64,
}

impl Counts {
    /// Counts one more row with `status`.
    pub fn add(&mut self, status: RowStatus) {
        *self.slot(status) += 1;
    }

    /// The count of one status.
    pub fn get(&self, status: RowStatus) -> u64 {
        match status {
            RowStatus::Created => self.created,
            RowStatus::Existing => self.existing,
            RowStatus::Duplicate => self.duplicate,
            RowStatus::Invalid => self.invalid,
            RowStatus::Failed => self.failed,
            RowStatus::Unknown => self.unknown,
        }
    }

    fn slot(&mut self, status: RowStatus) -> &mut u64 {
        match status {
            RowStatus::Created => &mut self.created,
            RowStatus::Existing => &mut self.existing,
            RowStatus::Duplicate => &mut self.duplicate,
            RowStatus::Invalid => &mut self.invalid,
            RowStatus::Failed => &mut self.failed,
            RowStatus::Unknown => &mut self.unknown,
        }
    }
}

/// Where a job stands, after each finished row (or session, for `collect`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// Rows (sessions) finished.
    pub done: u64,
    /// All rows (sessions), when known in advance.
    pub total: Option<u64>,
    /// The finished ones by status (`collect` counts only `failed`).
    #[serde(flatten)]
    pub counts: Counts,
}

/// Receives a job's progress; any `Fn(&Progress)` is one.
pub trait ProgressSink: MaybeSendSync {
    /// Called after each finished row (session), from the task running the job.
    fn report(&self, progress: &Progress);
}

impl<F: Fn(&Progress) + MaybeSendSync> ProgressSink for F {
    fn report(&self, progress: &Progress) {
        self(progress)
    }
}

/// How to run a bulk registration.
#[derive(Clone)]
pub struct BulkOptions {
    /// The session for rows that do not name their own.
    pub session_token: Option<String>,
    /// Registrations in flight at once (1 to 64, default 8), shared by all rows.
    pub concurrency: usize,
    /// Where finished rows are recorded, so a rerun sends only what is not done.
    pub journal: Option<Arc<dyn JournalStore>>,
    /// Told after every finished row.
    pub progress: Option<Arc<dyn ProgressSink>>,
    /// How many rows there are, when the caller knows (for progress only).
    pub total: Option<u64>,
}

impl Default for BulkOptions {
    fn default() -> Self {
        Self {
            session_token: None,
            concurrency: DEFAULT_CONCURRENCY,
            journal: None,
            progress: None,
            total: None,
        }
    }
}

impl BulkOptions {
    /// The session for rows without their own.
    pub fn session_token(mut self, token: impl Into<String>) -> Self {
        self.session_token = Some(token.into());
        self
    }

    /// Registrations in flight at once.
    pub fn concurrency(mut self, concurrency: usize) -> Self {
        self.concurrency = concurrency;
        self
    }

    /// Records finished rows in `journal` (e.g. a [`FileJournal`](super::journal::FileJournal)).
    pub fn journal(mut self, journal: Arc<dyn JournalStore>) -> Self {
        self.journal = Some(journal);
        self
    }

    /// Calls `progress` after every finished row.
    pub fn progress(mut self, progress: impl ProgressSink + 'static) -> Self {
        self.progress = Some(Arc::new(progress));
        self
    }
}

/// Every row's outcome, in input order, with the counts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BulkResult {
    /// One per input row, in input order.
    pub rows: Vec<RowResult>,
    /// How many rows ended in each status.
    pub counts: Counts,
}

/// Registers every row of `rows`. Rows are pulled only as fast as they are sent, so a source of
/// any length is never held whole (only the results are kept). An `Err` item from `rows` (the
/// source could not be read), a journal that cannot be written, or an abort stops the job; every
/// other failure belongs to its row.
pub async fn create_many<S>(client: &Client, rows: S, options: &BulkOptions) -> Result<BulkResult, Error>
where
    S: Stream<Item = Result<Value, Error>>,
{
    let concurrency = super::concurrency(CREATE_MANY, &Value::from(options.concurrency))?;
    let default_session = match options.session_token.as_deref().map(str::trim) {
        Some("") | None => None,
        Some(token) => {
            CreateRegistrant::new(token, "checked@example.com", "-", "-")
                .body()
                .map_err(|e| with_endpoint(e, CREATE_MANY))?;
            Some(token)
        }
    };
    let journal = options.journal.as_deref().map(Journal::open).transpose()?;
    let client = client.paced();
    let present = reconcile(&client, journal.as_ref(), concurrency).await;
    let planner = Planner {
        default_session,
        journal: journal.as_ref(),
        present: &present,
        seen: HashSet::new(),
    };
    let mut planner = planner;
    let (paced, journaled) = (&client, journal.as_ref());
    let tasks = rows.enumerate().map(move |(index, row)| {
        let index = index as u64;
        task(paced, journaled, index, row.map(|row| planner.plan(index, &row)))
    });
    let mut finished = pin!(tasks.buffer_unordered(concurrency));
    let mut results: Vec<Option<RowResult>> = Vec::new();
    let mut progress = Progress {
        total: options.total,
        ..Progress::default()
    };
    while let Some(outcome) = finished.next().await {
        let (result, write) = outcome?;
        if let (Some(journal), true) = (&journal, write) {
            journal.write(&JournalLine {
                index: result.index,
                status: Entry::Finished(result.status),
                session_token: result.session_token.clone(),
                email: result.email.clone(),
                registration: result.registration.clone(),
                error: result.error.as_ref().map(Error::to_string),
            })?;
        }
        progress.done += 1;
        progress.counts.add(result.status);
        if let Some(sink) = &options.progress {
            sink.report(&progress);
        }
        let slot = result.index as usize;
        if results.len() <= slot {
            results.resize(slot + 1, None);
        }
        results[slot] = Some(result);
    }
    Ok(BulkResult {
        rows: results.into_iter().flatten().collect(),
        counts: progress.counts,
    })
}

/// One row's work, boxed: a named, type-erased future keeps the job's future `Send` (closures
/// returning `async` blocks that borrow would not be, rustc#64552).
fn task<'a>(
    client: &'a Client,
    journal: Option<&'a Journal<'a>>,
    index: u64,
    plan: Result<Plan, Error>,
) -> BoxFuture<'a, Result<(RowResult, bool), Error>> {
    match plan {
        Err(error) => Box::pin(ready(Err(error))),
        Ok(Plan::Finished(result, write)) => Box::pin(ready(Ok((*result, write)))),
        Ok(Plan::Send(row)) => Box::pin(register(client, journal, index, row)),
    }
}

/// A checked row, ready to send.
struct Ready {
    endpoint: CreateRegistrant,
}

enum Plan {
    /// Decided without sending; `bool`: whether to journal it.
    Finished(Box<RowResult>, bool),
    Send(Ready),
}

/// Decides each row as it arrives, in input order (so "earlier in the input" is well defined).
struct Planner<'a> {
    default_session: Option<&'a str>,
    journal: Option<&'a Journal<'a>>,
    present: &'a HashMap<String, Result<HashSet<String>, Error>>,
    seen: HashSet<(String, String)>,
}

impl Planner<'_> {
    fn plan(&mut self, index: u64, row: &Value) -> Plan {
        // An invalid row is decided again the same way on a rerun, so it is not journaled.
        let invalid = |session_token: Option<&str>, email: Option<&str>, error| {
            let result = RowResult {
                index,
                session_token: session_token.map(str::to_owned),
                email: email.map(str::to_owned),
                status: RowStatus::Invalid,
                registration: None,
                error: Some(error),
            };
            Plan::Finished(Box::new(result), false)
        };
        let fields = match RowFields::from_value(row) {
            Ok(fields) => fields,
            Err(error) => return invalid(None, None, error),
        };
        let session = fields
            .session_token
            .as_deref()
            .map(str::trim)
            .or(self.default_session);
        let email = fields.email.as_deref().map(str::trim);
        let missing = [
            ("email", email.is_none()),
            ("first_name", fields.first_name.is_none()),
            ("last_name", fields.last_name.is_none()),
            ("session_token", session.is_none()),
        ]
        .into_iter()
        .find(|(_, missing)| *missing);
        if let Some((field, _)) = missing {
            let error = Error::InvalidRequest {
                endpoint: CREATE_MANY,
                field: field.into(),
                reason: if field == "session_token" {
                    "is missing: give the row a session_token or pass session_token to create_many".to_owned()
                } else {
                    "is missing".to_owned()
                },
            };
            return invalid(session, email, error);
        }
        let (session, email) = (session.unwrap_or_default(), email.unwrap_or_default());
        let endpoint = CreateRegistrant::new(
            session,
            email,
            fields.first_name.as_deref().unwrap_or_default(),
            fields.last_name.as_deref().unwrap_or_default(),
        );
        if let Err(error) = endpoint.body() {
            let error = with_endpoint(error, CREATE_MANY);
            return invalid(Some(session), Some(email), error);
        }
        let key = row_key(session, email);
        if !self.seen.insert(key.clone()) {
            return Plan::Finished(
                Box::new(RowResult {
                    index,
                    session_token: Some(session.to_owned()),
                    email: Some(email.to_owned()),
                    status: RowStatus::Duplicate,
                    registration: None,
                    error: None,
                }),
                false,
            );
        }
        let recorded = self.journal.and_then(|journal| journal.recorded.get(&key));
        let settled = |status, registration: Option<&Registration>, error: Option<&Error>, write| {
            let result = RowResult {
                index,
                session_token: Some(session.to_owned()),
                email: Some(email.to_owned()),
                status,
                registration: registration.cloned(),
                error: error.cloned(),
            };
            Plan::Finished(Box::new(result), write)
        };
        match recorded {
            Some(Recorded::Done(status, registration)) => {
                settled(*status, registration.as_ref(), None, false)
            }
            Some(Recorded::Unresolved) => match self.present.get(session) {
                Some(Ok(emails)) if emails.contains(&key.1) => settled(RowStatus::Existing, None, None, true),
                Some(Err(error)) => settled(RowStatus::Unknown, None, Some(error), false),
                _ => Plan::Send(Ready { endpoint }),
            },
            Some(Recorded::Retry) | None => Plan::Send(Ready { endpoint }),
        }
    }
}

/// The same refusal under the job's name, so a row's error says where it came from.
fn with_endpoint(error: Error, endpoint: &'static str) -> Error {
    match error {
        Error::InvalidRequest { field, reason, .. } => Error::InvalidRequest {
            endpoint,
            field,
            reason,
        },
        other => other,
    }
}

/// Sends one row: `sending` is journaled first, so a run cut off while it is in flight leaves a
/// record that the server may have it.
async fn register(
    client: &Client,
    journal: Option<&Journal<'_>>,
    index: u64,
    row: Ready,
) -> Result<(RowResult, bool), Error> {
    let endpoint = row.endpoint;
    if let Some(journal) = journal {
        journal.write(&JournalLine {
            index,
            status: Entry::Sending,
            session_token: Some(endpoint.session_token.clone()),
            email: Some(endpoint.email.trim().to_owned()),
            registration: None,
            error: None,
        })?;
    }
    let (status, registration, error) = match client.send(&endpoint).await {
        Ok(registration) if registration.is_new == Some(false) => {
            (RowStatus::Existing, Some(registration), None)
        }
        Ok(registration) => (RowStatus::Created, Some(registration), None),
        Err(error @ Error::Aborted { .. }) => return Err(error),
        Err(error) if error.may_have_been_processed() => (RowStatus::Unknown, None, Some(error)),
        Err(error) => (RowStatus::Failed, None, Some(error)),
    };
    let result = RowResult {
        index,
        email: Some(endpoint.email.trim().to_owned()),
        session_token: Some(endpoint.session_token),
        status,
        registration,
        error,
    };
    Ok((result, true))
}

/// For every session the journal left unresolved rows in, the emails the server has now (one
/// `registrants.list` each), or why that could not be read.
async fn reconcile(
    client: &Client,
    journal: Option<&Journal<'_>>,
    concurrency: usize,
) -> HashMap<String, Result<HashSet<String>, Error>> {
    let Some(journal) = journal else {
        return HashMap::new();
    };
    // Inserted one by one: collecting into a set sorts first, which adds a sort to the wasm package.
    let mut sessions = BTreeSet::new();
    for ((session, _), state) in &journal.recorded {
        if *state == Recorded::Unresolved {
            sessions.insert(session.clone());
        }
    }
    stream::iter(sessions)
        .map(|session| emails_of(client, session))
        .buffer_unordered(concurrency)
        .collect()
        .await
}

/// The emails a session has now, lower-cased (boxed, as [`task`] is).
fn emails_of(client: &Client, session: String) -> BoxFuture<'_, (String, Result<HashSet<String>, Error>)> {
    Box::pin(async move {
        let emails = client.registrants().list(&session).await.map(|registrants| {
            registrants
                .into_iter()
                .filter_map(|r| r.email)
                .map(|email| email.trim().to_ascii_lowercase())
                .collect()
        });
        (session, emails)
    })
}

impl crate::Registrants<'_> {
    /// Registers every row (anything that serializes to an object with `email`, `first_name`,
    /// `last_name` and optionally `session_token`), concurrently and at most once each; see
    /// [`create_many`] for a row stream of any length.
    ///
    /// ```no_run
    /// # async fn run(client: flow_core::Client) -> Result<(), flow_core::Error> {
    /// use flow_core::jobs::bulk::BulkOptions;
    /// use serde_json::json;
    ///
    /// let rows = [json!({"email": "ada@example.com", "first_name": "Ada", "last_name": "Lovelace"})];
    /// let result = client
    ///     .registrants()
    ///     .create_many(rows, &BulkOptions::default().session_token("T35tT0K3n"))
    ///     .await?;
    /// println!("{} created, {} existing", result.counts.created, result.counts.existing);
    /// # Ok(()) }
    /// ```
    pub async fn create_many<I>(&self, rows: I, options: &BulkOptions) -> Result<BulkResult, Error>
    where
        I: IntoIterator,
        I::Item: Serialize,
    {
        let rows = rows
            .into_iter()
            .map(|row| Ok(serde_json::to_value(row).unwrap_or(Value::Null)));
        create_many(self.0, stream::iter(rows), options).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_spelled_as_results_and_journals_spell_them() {
        for status in RowStatus::ALL {
            let json = serde_json::to_value(status).unwrap();
            assert_eq!(json, status.as_str());
        }
    }
}
