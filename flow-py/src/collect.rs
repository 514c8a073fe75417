//! `reports.collect` in Python: its arguments as the core's `CollectOptions`; the joined report
//! comes back as a `Report` whose `failures` name the sessions that could not be read.

use std::sync::Arc;

use flow_core::jobs::collect::{collect as run_collect, COLLECT};
use flow_core::jobs::options as jobs_options;
use pyo3::prelude::*;
use pyo3::types::PyString;
use serde_json::Value;

use crate::client::ClientState;
use crate::convert::{json, json_object, OrRaise};
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
        let kind = json(COLLECT, "kind", kind.bind(py)).or_raise(py)?;
        let mut given = json_object(
            COLLECT,
            [
                ("period", period),
                ("survey_id", survey_id),
                ("concurrency", concurrency),
            ]
            .map(|(name, value)| (name.to_owned(), value.map(|v| v.into_bound(py)))),
        )
        .or_raise(py)?;
        if let Some(sessions) = sessions {
            given.insert("sessions".to_owned(), sessions_json(sessions.bind(py))?);
        }
        let (kind, mut options) = jobs_options::collect(&kind, given).or_raise(py)?;
        options.progress = jobs::progress(py, progress, "sessions", interrupt)?;
        Ok(jobs::job(move || async move {
            run_collect(&client, kind, &options).await
        }))
    })
}

/// The sessions as JSON for the core: `EventSession`s as their fields (so their titles are
/// known), anything else as given; one or many.
fn sessions_json(sessions: &Bound<'_, PyAny>) -> PyResult<Value> {
    let one = |session: &Bound<'_, PyAny>| -> PyResult<Value> {
        match session.cast::<EventSession>() {
            Ok(session) => Ok(serde_json::to_value(&session.get().0).unwrap_or_default()),
            Err(_) => json(COLLECT, "sessions", session).or_raise(session.py()),
        }
    };
    if sessions.is_instance_of::<PyString>() || sessions.is_instance_of::<EventSession>() {
        return one(sessions);
    }
    let list: PyResult<Vec<Value>> = sessions.try_iter()?.map(|session| one(&session?)).collect();
    list.map(Value::Array)
}
