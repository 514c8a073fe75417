//! CSV reports for analysts: rows as dicts, the CSV text, and the column buffers DataFrames are
//! built from (no second CSV parse). Which DataFrame library is there, the row iterator, the
//! notebook table and the summary's four-table container are Python (`flow_api._support`).

use std::path::PathBuf;

use flow_core::csv_table::parse_csv;
use flow_core::jobs::collect::CollectedReport;
use flow_core::Row;
use pyo3::exceptions::{PyIndexError, PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyType};

use crate::convert::{support, Output, RequestId};
use crate::errors::to_py_err;

/// A CSV report, parsed by its header row. Every column is kept, in order; every row has one value
/// per column, as text. `failures` holds the sessions `reports.collect` could not read.
#[pyclass(module = "flow_api", frozen, eq)]
pub struct Report(pub flow_core::Report, pub RequestId, Py<PyDict>);

impl Report {
    /// A report with no failures.
    pub fn new(py: Python<'_>, report: flow_core::Report, id: RequestId) -> Self {
        Self(report, id, PyDict::new(py).unbind())
    }
}

impl PartialEq for Report {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

#[pymethods]
impl Report {
    /// Parses CSV text the way reports are parsed (the inverse of `.text` / `write_csv`).
    #[classmethod]
    fn from_csv(cls: &Bound<'_, PyType>, text: String) -> PyResult<Self> {
        if text.trim().is_empty() {
            return Ok(Self::new(cls.py(), flow_core::Report::default(), None));
        }
        parse_csv(text)
            .map(|report| Self::new(cls.py(), report, None))
            .map_err(PyValueError::new_err)
    }

    /// For `reports.collect`: session token to the error that session's report failed with
    /// (the other sessions are in the table); empty for every other report.
    #[getter]
    fn failures<'py>(&self, py: Python<'py>) -> Bound<'py, PyDict> {
        self.2.bind(py).clone()
    }

    /// The request id of the answer this came from (`None` if unknown, as after unpickling).
    #[getter]
    fn _request_id(&self) -> Option<&str> {
        self.1.as_deref()
    }

    /// Column names, in file order (blank or repeated names made unique).
    #[getter]
    fn columns(&self) -> Vec<String> {
        self.0.columns().to_vec()
    }

    /// The CSV text as received (decoded, BOM removed).
    #[getter]
    fn text(&self) -> &str {
        self.0.text()
    }

    fn __len__(&self) -> usize {
        self.0.len()
    }

    /// Row `index` as a `{column: value}` dict; negative indexes count from the end.
    fn __getitem__<'py>(&self, py: Python<'py>, index: isize) -> PyResult<Bound<'py, PyDict>> {
        let position = if index < 0 {
            index + self.0.len() as isize
        } else {
            index
        };
        let row = usize::try_from(position).ok().and_then(|i| self.0.row(i));
        let row = row.ok_or_else(|| PyIndexError::new_err("report row out of range"))?;
        row_dict(&keys(py, &self.0)?, row)
    }

    /// Iterates over the rows as `{column: value}` dicts.
    fn __iter__(slf: &Bound<'_, Self>) -> PyResult<ReportRows> {
        Ok(ReportRows {
            template: keys(slf.py(), &slf.get().0)?.unbind(),
            report: slf.clone().unbind(),
            next: 0,
            above: Vec::new(),
        })
    }

    /// Writes `.text` to `path` (UTF-8).
    fn write_csv(&self, path: PathBuf) -> PyResult<()> {
        std::fs::write(&path, self.0.text())
            .map_err(|e| PyOSError::new_err(format!("could not write {}: {e}", path.display())))
    }

    /// `{"columns": [...], "rows": [[...], ...]}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pythonize::pythonize(py, &self.0)?)
    }

    /// A pandas DataFrame with one text column per report column (`pip install 'flow-api[pandas]'`).
    /// With pyarrow installed, the columns go through Arrow buffers (much faster for big reports).
    fn to_pandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        support(slf.py(), "_to_pandas")?.call1((slf,))
    }

    /// A polars DataFrame (`pip install 'flow-api[polars]'`), through Arrow when pyarrow is there.
    fn to_polars<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        support(slf.py(), "_to_polars")?.call1((slf,))
    }

    /// A pyarrow Table of string columns (`pip install 'flow-api[arrow]'`).
    fn to_arrow<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        support(slf.py(), "_to_arrow")?.call1((slf,))
    }

    /// A pyarrow Table of string columns, each made from the core report's two column buffers
    /// (values and offsets) copied whole: no Python object and no work per value, which is what
    /// makes large reports fast to load. `large_string` (64-bit offsets, as the core keeps them)
    /// is also what pandas' string columns hold, so they take these buffers as they are.
    fn _arrow<'py>(&self, pyarrow: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let py = pyarrow.py();
        let from_buffers = pyarrow.getattr("Array")?.getattr("from_buffers")?;
        let py_buffer = pyarrow.getattr("py_buffer")?;
        let large_string = pyarrow.getattr("large_string")?.call0()?;
        let arrays = PyDict::new(py);
        for (index, name) in self.0.columns().iter().enumerate() {
            let Some(column) = self.0.column(index) else {
                continue;
            };
            let column_offsets = column.offsets();
            let offsets = PyBytes::new_with(py, column_offsets.len() * 8, |buffer| {
                for (bytes, &offset) in buffer.chunks_exact_mut(8).zip(column_offsets.iter()) {
                    bytes.copy_from_slice(&(offset as i64).to_le_bytes());
                }
                Ok(())
            })?;
            let values = py_buffer.call1((PyBytes::new(py, column.values().as_bytes()),))?;
            let buffers = PyList::new(
                py,
                [py.None().into_bound(py), py_buffer.call1((offsets,))?, values],
            )?;
            arrays.set_item(name, from_buffers.call1((&large_string, column.len(), buffers))?)?;
        }
        pyarrow.getattr("table")?.call1((arrays,))
    }

    /// Column name to the list of its values, in column order (DataFrames without pyarrow).
    fn _columns<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for (index, name) in self.0.columns().iter().enumerate() {
            let values = self.0.column(index).into_iter().flat_map(|column| column.iter());
            dict.set_item(name, PyList::new(py, values)?)?;
        }
        Ok(dict)
    }

    /// The first rows as an HTML table, for notebooks.
    fn _repr_html_<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let rows: Vec<Vec<&str>> = self.0.rows().take(10).map(|row| row.iter().collect()).collect();
        support(py, "_html_table")?.call1((self.0.columns(), rows, self.0.len()))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let columns = PyList::new(py, self.0.columns())?.repr()?;
        Ok(format!("Report(columns={columns}, rows={})", self.0.len()))
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, (String,), Bound<'py, PyDict>)> {
        let report = slf.get();
        let state = PyDict::new(slf.py());
        state.set_item("failures", report.2.bind(slf.py()))?;
        Ok((
            slf.get_type().getattr("from_csv")?,
            (report.0.text().to_owned(),),
            state,
        ))
    }

    /// Restores the failures a pickle carried.
    fn __setstate__(&self, py: Python<'_>, state: &Bound<'_, PyDict>) -> PyResult<()> {
        match state.get_item("failures")? {
            Some(failures) => self.2.bind(py).update(failures.cast()?),
            None => Ok(()),
        }
    }
}

/// Iterator over a report's rows as `{column: value}` dicts. Rows are built here, not in Python,
/// from a template dict of the column names (see [`keys`]): no key is made or hashed again per
/// row. A value equal to the one above it in its column (a session id, a date, a flag) is the
/// same Python string, not a new one. That is what makes iterating a large report cheaper than
/// `csv.DictReader`.
#[pyclass(module = "flow_api")]
pub struct ReportRows {
    report: Py<Report>,
    template: Py<PyDict>,
    next: usize,
    /// The previous row's values, by column.
    above: Vec<Py<PyString>>,
}

#[pymethods]
impl ReportRows {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&mut self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        let report = &self.report.get().0;
        let Some(row) = report.row(self.next) else {
            return Ok(None);
        };
        let above = self.next.checked_sub(1).and_then(|index| report.row(index));
        self.next += 1;
        let template = self.template.bind(py);
        let dict = template.copy()?;
        for (column, ((key, _), value)) in template.iter().zip(row.iter()).enumerate() {
            let repeated = above.as_ref().and_then(|above| above.get(column)) == Some(value);
            let string = match self.above.get(column) {
                Some(string) if repeated => string.clone_ref(py),
                _ => PyString::new(py, value).unbind(),
            };
            dict.set_item(key, &string)?;
            match self.above.get_mut(column) {
                Some(slot) => *slot = string,
                None => self.above.push(string),
            }
        }
        Ok(Some(dict))
    }

    fn __length_hint__(&self) -> usize {
        self.report.get().0.len().saturating_sub(self.next)
    }
}

/// A dict with the column names as keys (values `None`), made once for many rows: each row is a
/// copy of it, sized for every column at once, with the values then put in place.
fn keys<'py>(py: Python<'py>, report: &flow_core::Report) -> PyResult<Bound<'py, PyDict>> {
    let template = PyDict::new(py);
    for name in report.columns() {
        template.set_item(name, py.None())?;
    }
    Ok(template)
}

fn row_dict<'py>(template: &Bound<'py, PyDict>, row: Row<'_>) -> PyResult<Bound<'py, PyDict>> {
    let py = template.py();
    let dict = template.copy()?;
    for ((key, _), value) in template.iter().zip(row.iter()) {
        dict.set_item(key, PyString::new(py, value))?;
    }
    Ok(dict)
}

impl Output for flow_core::Report {
    fn into_python(self, py: Python<'_>, id: RequestId) -> PyResult<Bound<'_, PyAny>> {
        Ok(Bound::new(py, Report::new(py, self, id))?.into_any())
    }
}

impl Output for CollectedReport {
    fn into_python(self, py: Python<'_>, id: RequestId) -> PyResult<Bound<'_, PyAny>> {
        let failures = PyDict::new(py);
        for (token, error) in &self.failures {
            failures.set_item(token, to_py_err(py, error).into_value(py))?;
        }
        Ok(Bound::new(py, Report(self.report, id, failures.unbind()))?.into_any())
    }
}

impl Output for flow_core::SummaryReport {
    fn into_python(self, py: Python<'_>, id: RequestId) -> PyResult<Bound<'_, PyAny>> {
        let table = |report| Py::new(py, Report::new(py, report, id.clone()));
        let tables = (
            self.registrants,
            self.attendee_chat,
            self.operator_chat,
            self.survey_results,
        );
        let (a, b, c, d) = (
            table(tables.0)?,
            table(tables.1)?,
            table(tables.2)?,
            table(tables.3)?,
        );
        support(py, "SummaryReport")?.call1((a, b, c, d, id.as_deref()))
    }
}
