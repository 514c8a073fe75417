//! `registrants.create_many` in Python: the `rows` argument (mappings, a DataFrame, a CSV path)
//! as the stream of JSON rows the core's job reads, and its result as a `BulkResult`.

use std::path::PathBuf;
use std::sync::Arc;

use flow_core::jobs::bulk::{create_many as run_bulk, BulkOptions, BulkResult};
use flow_core::jobs::journal::{FileJournal, JournalStore};
use flow_core::jobs::options as jobs_options;
use flow_core::jobs::rows::{CsvRows, RowFields, CREATE_MANY};
use flow_core::models::Model;
use flow_core::Error;
use futures_util::stream;
use pyo3::prelude::*;
use pyo3::types::{PyIterator, PyList, PyMapping};
use serde_json::{Map, Value};

use crate::client::ClientState;
use crate::convert::{json_object, OrRaise, Output, RequestId, ToPy};
use crate::errors::to_py_err;
use crate::jobs::{self, Interrupt};

/// Rows for the core, one at a time.
type Rows = Box<dyn Iterator<Item = Result<Value, Error>> + Send>;

/// Starts `create_many` with the arguments as Python passed them.
#[allow(clippy::too_many_arguments)]
pub fn create_many<'py>(
    py: Python<'py>,
    state: &Arc<ClientState>,
    blocking: bool,
    rows: Py<PyAny>,
    session_token: Option<Py<PyAny>>,
    concurrency: Option<Py<PyAny>>,
    journal: Option<PathBuf>,
    progress: Option<Py<PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    jobs::run(py, state, blocking, CREATE_MANY, move |py, client, interrupt| {
        let given = json_object(
            CREATE_MANY,
            [("session_token", session_token), ("concurrency", concurrency)]
                .map(|(name, value)| (name.to_owned(), value.map(|v| v.into_bound(py)))),
        );
        let options = jobs_options::bulk(given.or_raise(py)?).or_raise(py)?;
        let (rows, total) = source(py, rows.bind(py), interrupt)?;
        let journal =
            journal.map(|path| FileJournal::open(path).map(|j| Arc::new(j) as Arc<dyn JournalStore>));
        let options = BulkOptions {
            journal: journal.transpose().or_raise(py)?,
            progress: jobs::progress(py, progress, "rows", interrupt)?,
            total,
            ..options
        };
        Ok(jobs::job(move || async move {
            run_bulk(&client, stream::iter(rows), &options).await
        }))
    })
}

/// The rows and how many there are (when known). `_jobs._rows` says what `rows` is: a path (read
/// by the core's CSV reader, which checks its header), or an iterator of rows with the columns
/// of a DataFrame (checked here the same way) before anything is sent.
fn source(py: Python<'_>, rows: &Bound<'_, PyAny>, interrupt: &Interrupt) -> PyResult<(Rows, Option<u64>)> {
    let classified = jobs::helper(py, "_rows")?.call1((rows,))?;
    let (mut rows, total): (Rows, _) = match classified.extract::<PathBuf>() {
        Ok(path) => (Box::new(CsvRows::open(&path).or_raise(py)?), None),
        Err(_) => {
            let (iterator, total, columns): (Bound<'_, PyIterator>, Option<u64>, Option<Vec<String>>) =
                classified.extract()?;
            if let Some(columns) = &columns {
                RowFields::check_columns(columns.iter().map(String::as_str)).or_raise(py)?;
            }
            let rows = PyRows {
                iterator: iterator.unbind(),
                interrupt: interrupt.clone(),
            };
            (Box::new(rows), total)
        }
    };
    // A job told to stop (a progress callback raised) ends at the next row it asks for, even
    // while answers that are already in keep it from yielding.
    let interrupt = interrupt.clone();
    let stoppable = std::iter::from_fn(move || {
        if interrupt.raised() {
            Some(Err(aborted()))
        } else {
            rows.next()
        }
    });
    Ok((Box::new(stoppable), total))
}

fn aborted() -> Error {
    Error::Aborted {
        endpoint: CREATE_MANY,
    }
}

/// A Python iterator of rows, pulled one row at a time (with the GIL) as the job asks for one.
/// An exception it raises stops the job and is raised to the caller.
struct PyRows {
    iterator: Py<PyIterator>,
    interrupt: Interrupt,
}

impl Iterator for PyRows {
    type Item = Result<Value, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        Python::attach(|py| match self.iterator.bind(py).clone().next()? {
            Ok(row) => Some(Ok(row_json(&row))),
            Err(error) => {
                self.interrupt.raise(error);
                Some(Err(aborted()))
            }
        })
    }
}

/// A row as JSON, never failing: the core refuses a row that is not an object, naming it, so a
/// row that cannot be read becomes `null`; in a mapping, a value with no JSON form (a timestamp
/// in a column the job does not read) becomes `null` alone.
fn row_json(row: &Bound<'_, PyAny>) -> Value {
    let Ok(mapping) = row.cast::<PyMapping>() else {
        return pythonize::depythonize(row).unwrap_or(Value::Null);
    };
    let Ok(items) = mapping.items() else {
        return Value::Null;
    };
    let mut object = Map::new();
    for item in items.iter() {
        let Ok((key, value)) = item.extract::<(Bound<'_, PyAny>, Bound<'_, PyAny>)>() else {
            return Value::Null;
        };
        let key = key.str().map(|k| k.to_string()).unwrap_or_default();
        object.insert(key, pythonize::depythonize(&value).unwrap_or(Value::Null));
    }
    Value::Object(object)
}

impl Output for BulkResult {
    fn into_python(self, py: Python<'_>, _: RequestId) -> PyResult<Bound<'_, PyAny>> {
        let row_result = jobs::helper(py, "RowResult")?;
        let mut rows = Vec::with_capacity(self.rows.len());
        for row in self.rows {
            let error = row.error.map(|e| to_py_err(py, &e).into_value(py));
            rows.push(row_result.call1((
                row.index,
                row.session_token,
                row.email,
                row.status.as_str(),
                row.registration.to_py(py, &None)?,
                error,
            ))?);
        }
        let counts = pythonize::pythonize(py, &self.counts)?;
        let columns: Vec<&str> = flow_core::Registration::FIELDS.iter().map(|f| f.wire).collect();
        jobs::helper(py, "BulkResult")?.call1((PyList::new(py, rows)?, counts, columns))
    }
}
