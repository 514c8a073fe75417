//! `reports.collect` in Python: its arguments as the core's `CollectOptions`; the joined report
//! comes back as a `Report` whose `failures` name the sessions that could not be read.

use std::sync::Arc;

use flow_core::jobs::collect::{collect as run_collect, CollectOptions, ReportKind, SessionRef, COLLECT};
use flow_core::{Error, Period};
use pyo3::prelude::*;
use pyo3::types::PyString;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use crate::client::ClientState;
use crate::convert::{json, OrRaise};
use crate::jobs;
use crate::models::EventSession;

/// Starts `collect` with the arguments as Python passed them.
#[allow(clippy::too_many_arguments)]
pub fn collect<'py>(
    py: Python<'py>,
    state: &Arc<ClientState>,
    blocking: bool,
    kind: Py<PyAny>,
    sessions: Option<Py<PyAny>>,
    period: Option<Py<PyAny>>,
    survey_id: Option<Py<PyAny>>,
    concurrency: Option<Py<PyAny>>,
    progress: Option<Py<PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    jobs::run(py, state, blocking, COLLECT, move |py, client, interrupt| {
        let kind = match argument(py, "kind", Some(kind))? {
            Value::String(text) => ReportKind::parse(&text),
            other => ReportKind::parse(&other.to_string()),
        }
        .or_raise(py)?;
        let options = CollectOptions {
            sessions: sessions.map(|s| session_refs(s.bind(py))).transpose()?,
            period: read::<Option<Period>>(py, "period", argument(py, "period", period)?)?,
            survey_id: read::<Option<Id>>(py, "survey_id", argument(py, "survey_id", survey_id)?)?
                .map(|id| id.0),
            concurrency: jobs::concurrency(py, COLLECT, concurrency)?,
            progress: jobs::progress(py, progress, "sessions", interrupt)?,
        };
        Ok(jobs::job(move || async move {
            run_collect(&client, kind, &options).await
        }))
    })
}

/// A survey id as the core reads ids: text, or a whole number.
#[derive(Deserialize)]
struct Id(#[serde(deserialize_with = "flow_core::input::id")] String);

/// An argument as JSON (`None` as `null`), refused under its name if it has no JSON form.
fn argument(py: Python<'_>, name: &str, value: Option<Py<PyAny>>) -> PyResult<Value> {
    match value {
        Some(value) => json(COLLECT, name, value.bind(py)).or_raise(py),
        None => Ok(Value::Null),
    }
}

/// An argument read as the core's type, refused under its name.
fn read<T: DeserializeOwned>(py: Python<'_>, name: &'static str, value: Value) -> PyResult<T> {
    serde_json::from_value(value)
        .map_err(|e| Error::InvalidRequest {
            endpoint: COLLECT,
            field: name.into(),
            reason: e.to_string(),
        })
        .or_raise(py)
}

/// The sessions: `EventSession`s (their titles are known) or tokens, one or many; a mapping is
/// read as a session object.
fn session_refs(sessions: &Bound<'_, PyAny>) -> PyResult<Vec<SessionRef>> {
    if sessions.is_instance_of::<PyString>() || sessions.is_instance_of::<EventSession>() {
        return Ok(vec![session_ref(sessions)?]);
    }
    sessions
        .try_iter()?
        .map(|session| session_ref(&session?))
        .collect()
}

fn session_ref(session: &Bound<'_, PyAny>) -> PyResult<SessionRef> {
    let py = session.py();
    if let Ok(session) = session.cast::<EventSession>() {
        return Ok(SessionRef::from(&session.get().0));
    }
    match json(COLLECT, "sessions", session).or_raise(py)? {
        Value::String(token) => Ok(SessionRef::from(token.as_str())),
        other => read::<flow_core::EventSession>(py, "sessions", other).map(|s| SessionRef::from(&s)),
    }
}
