//! CSV reports for analysts: rows as dicts, the CSV text, and DataFrames built column by column
//! straight from the core report's column buffers (no second CSV parse).

use std::path::PathBuf;

use flow_core::csv_table::parse_csv;
use flow_core::Column;
use pyo3::exceptions::{PyImportError, PyIndexError, PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyType};

use crate::convert::Output;
use crate::html;

/// A CSV report, parsed by its header row. Every column is kept, in order; every row has one value
/// per column, as text.
#[pyclass(module = "flow_api", frozen, eq)]
#[derive(PartialEq)]
pub struct Report(pub flow_core::Report);

impl Report {
    fn row_dict<'py>(&self, py: Python<'py>, index: usize) -> PyResult<Bound<'py, PyDict>> {
        let row = self
            .0
            .row(index)
            .ok_or_else(|| PyIndexError::new_err("report row out of range"))?;
        let dict = PyDict::new(py);
        for (column, value) in self.0.columns().iter().zip(row.iter()) {
            dict.set_item(column, value)?;
        }
        Ok(dict)
    }

    /// A pyarrow Table of string columns, each made from the core report's two column buffers
    /// (values and offsets) copied whole: no Python object and no work per value, which is what
    /// makes large reports fast to load. `large_string` (64-bit offsets, as the core keeps them)
    /// is also what pandas' string columns hold, so they take these buffers as they are.
    fn arrow_table<'py>(&self, pyarrow: &Bound<'py, PyModule>) -> PyResult<Bound<'py, PyAny>> {
        let py = pyarrow.py();
        let from_buffers = pyarrow.getattr("Array")?.getattr("from_buffers")?;
        let py_buffer = pyarrow.getattr("py_buffer")?;
        let large_string = pyarrow.getattr("large_string")?.call0()?;
        let arrays = PyDict::new(py);
        for (name, column) in self.0.columns().iter().zip(self.column_data()) {
            let column_offsets = column.offsets();
            let offsets = PyBytes::new_with(py, column_offsets.len() * 8, |buffer| {
                for (bytes, &offset) in buffer.chunks_exact_mut(8).zip(column_offsets.iter()) {
                    bytes.copy_from_slice(&(offset as i64).to_le_bytes());
                }
                Ok(())
            })?;
            let buffers = PyList::new(
                py,
                [
                    py.None().into_bound(py),
                    py_buffer.call1((offsets,))?,
                    py_buffer.call1((PyBytes::new(py, column.values().as_bytes()),))?,
                ],
            )?;
            arrays.set_item(name, from_buffers.call1((&large_string, column.len(), buffers))?)?;
        }
        pyarrow.getattr("table")?.call1((arrays,))
    }

    /// The columns' values, in column order.
    fn column_data(&self) -> impl Iterator<Item = Column<'_>> {
        (0..self.0.columns().len()).filter_map(|index| self.0.column(index))
    }

    /// Column name to a list of its values, in column order.
    fn columns_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for (name, column) in self.0.columns().iter().zip(self.column_data()) {
            dict.set_item(name, PyList::new(py, column.iter())?)?;
        }
        Ok(dict)
    }
}

/// Imports an optional dependency, or says which extra brings it.
fn optional<'py>(py: Python<'py>, module: &str, extra: &str) -> PyResult<Bound<'py, PyModule>> {
    py.import(module).map_err(|cause| {
        let err = PyImportError::new_err(format!(
            "this needs {module}, which is not installed: pip install 'flow-api[{extra}]'"
        ));
        err.set_cause(py, Some(cause));
        err
    })
}

#[pymethods]
impl Report {
    /// Parses CSV text the way reports are parsed (the inverse of `.text` / `write_csv`).
    #[classmethod]
    fn from_csv(_cls: &Bound<'_, PyType>, text: String) -> PyResult<Self> {
        if text.trim().is_empty() {
            return Ok(Self(flow_core::Report::default()));
        }
        parse_csv(text).map(Self).map_err(PyValueError::new_err)
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
        let len = self.0.len() as isize;
        let position = if index < 0 { index + len } else { index };
        if !(0..len).contains(&position) {
            return Err(PyIndexError::new_err("report row out of range"));
        }
        self.row_dict(py, position as usize)
    }

    /// Iterates over the rows as `{column: value}` dicts.
    fn __iter__(slf: Py<Self>) -> ReportRows {
        ReportRows {
            report: slf,
            next: std::sync::atomic::AtomicUsize::new(0),
        }
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
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let pandas = optional(py, "pandas", "pandas")?;
        match py.import("pyarrow") {
            Ok(pyarrow) => self.arrow_table(&pyarrow)?.call_method0("to_pandas"),
            Err(_) => pandas.getattr("DataFrame")?.call1((self.columns_dict(py)?,)),
        }
    }

    /// A polars DataFrame (`pip install 'flow-api[polars]'`), through Arrow when pyarrow is there.
    fn to_polars<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let polars = optional(py, "polars", "polars")?;
        match py.import("pyarrow") {
            Ok(pyarrow) => polars
                .getattr("from_arrow")?
                .call1((self.arrow_table(&pyarrow)?,)),
            Err(_) => polars.getattr("DataFrame")?.call1((self.columns_dict(py)?,)),
        }
    }

    /// A pyarrow Table of string columns (`pip install 'flow-api[arrow]'`).
    fn to_arrow<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.arrow_table(&optional(py, "pyarrow", "arrow")?)
    }

    fn _repr_html_(&self) -> String {
        html::table(
            self.0.columns(),
            self.0.rows().map(|row| row.iter()),
            self.0.len(),
        )
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let columns = PyList::new(py, self.0.columns())?;
        Ok(format!(
            "Report(columns={}, rows={})",
            columns.repr()?,
            self.0.len()
        ))
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        Ok((
            slf.get_type().getattr("from_csv")?,
            (slf.get().0.text().to_owned(),),
        ))
    }
}

/// Iterator over a report's rows as dicts.
#[pyclass(module = "flow_api", frozen)]
pub struct ReportRows {
    report: Py<Report>,
    next: std::sync::atomic::AtomicUsize,
}

#[pymethods]
impl ReportRows {
    fn __iter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        let report = self.report.get();
        let index = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if index >= report.0.len() {
            return Ok(None);
        }
        report.row_dict(py, index).map(Some)
    }
}

/// The four tables of a summary, in constructor order.
type SummaryTables = (Py<Report>, Py<Report>, Py<Report>, Py<Report>);

/// The compiled report of a session: four tables. A table the server left out is empty.
#[pyclass(module = "flow_api", frozen)]
pub struct SummaryReport {
    #[pyo3(get)]
    registrants: Py<Report>,
    #[pyo3(get)]
    attendee_chat: Py<Report>,
    #[pyo3(get)]
    operator_chat: Py<Report>,
    #[pyo3(get)]
    survey_results: Py<Report>,
}

impl SummaryReport {
    fn tables(&self) -> [(&'static str, &Py<Report>); 4] {
        [
            ("registrants", &self.registrants),
            ("attendeeChat", &self.attendee_chat),
            ("operatorChat", &self.operator_chat),
            ("surveyResults", &self.survey_results),
        ]
    }
}

#[pymethods]
impl SummaryReport {
    #[new]
    fn new(
        registrants: Py<Report>,
        attendee_chat: Py<Report>,
        operator_chat: Py<Report>,
        survey_results: Py<Report>,
    ) -> Self {
        Self {
            registrants,
            attendee_chat,
            operator_chat,
            survey_results,
        }
    }

    /// `{"registrants": {...}, "attendeeChat": ..., "operatorChat": ..., "surveyResults": ...}`,
    /// each as `Report.to_dict()`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for (name, table) in self.tables() {
            dict.set_item(name, table.get().to_dict(py)?)?;
        }
        Ok(dict)
    }

    fn __eq__(&self, other: PyRef<'_, Self>) -> bool {
        self.tables()
            .iter()
            .zip(other.tables().iter())
            .all(|((_, a), (_, b))| a.get() == b.get())
    }

    fn _repr_html_(&self) -> String {
        self.tables()
            .iter()
            .map(|(name, table)| format!("<h4>{name}</h4>\n{}", table.get()._repr_html_()))
            .collect()
    }

    fn __repr__(&self) -> String {
        let parts: Vec<String> = self
            .tables()
            .iter()
            .map(|(name, table)| format!("{name}={} rows", table.get().0.len()))
            .collect();
        format!("SummaryReport({})", parts.join(", "))
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> (Bound<'py, PyType>, SummaryTables) {
        let py = slf.py();
        let this = slf.get();
        (
            slf.get_type(),
            (
                this.registrants.clone_ref(py),
                this.attendee_chat.clone_ref(py),
                this.operator_chat.clone_ref(py),
                this.survey_results.clone_ref(py),
            ),
        )
    }
}

impl Output for flow_core::Report {
    fn into_python(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        Ok(Bound::new(py, Report(self))?.into_any())
    }
}

impl Output for flow_core::SummaryReport {
    fn into_python(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        let summary = SummaryReport {
            registrants: Py::new(py, Report(self.registrants))?,
            attendee_chat: Py::new(py, Report(self.attendee_chat))?,
            operator_chat: Py::new(py, Report(self.operator_chat))?,
            survey_results: Py::new(py, Report(self.survey_results))?,
        };
        Ok(Bound::new(py, summary)?.into_any())
    }
}
