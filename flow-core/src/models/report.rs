use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::report_parts::{Column, Row};

/// A CSV report, parsed by its header row. Every column is kept, in order; duplicate or blank
/// header names are made unique so rows can be read as maps; every row has one field per column.
///
/// Stored by column, the way Arrow stores strings: each column's values written one after another
/// in one `String`, plus where each value starts. Parsing then allocates per column rather than
/// per row, and DataFrame or JS consumers can take a column's two buffers whole.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub(crate) columns: Vec<String>,
    /// One per column, in column order.
    pub(crate) data: Vec<ColumnData>,
    pub(crate) len: usize,
    pub(crate) text: String,
}

/// One column's storage: the values it holds written one after another, stored value `k` being
/// `values[offsets[k]..offsets[k + 1]]`. A column is dense (value `k` is row `k`; rows after the
/// last stored one are empty) until a row skips it, or when it starts after row 0; from then on
/// `rows` says which row each stored value belongs to, and rows not listed are empty. So a short
/// row costs nothing in the columns it does not reach.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ColumnData {
    pub(crate) values: String,
    pub(crate) offsets: Vec<usize>,
    pub(crate) rows: Option<Vec<usize>>,
}

impl Default for ColumnData {
    fn default() -> Self {
        Self {
            values: String::new(),
            offsets: vec![0],
            rows: None,
        }
    }
}

impl ColumnData {
    /// Stores the value of row `row` (rows arrive in increasing order).
    pub(crate) fn push(&mut self, row: usize, value: &str) {
        let stored = self.stored();
        if self.rows.is_none() && row != stored {
            self.rows = Some((0..stored).collect());
        }
        if let Some(rows) = &mut self.rows {
            rows.push(row);
        }
        self.values.push_str(value);
        self.offsets.push(self.values.len());
    }

    /// Appends the column `other` of a later part of the table, whose rows are numbered from
    /// `first_row` on: its buffers whole when both are dense and this one reaches `first_row`,
    /// else value by value. (A wasm module parses in one piece and never joins.)
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn append(&mut self, other: ColumnData, first_row: usize) {
        if self.rows.is_none() && other.rows.is_none() && self.stored() == first_row {
            let base = self.values.len();
            self.values.push_str(&other.values);
            self.offsets
                .extend(other.offsets[1..].iter().map(|offset| offset + base));
            return;
        }
        for k in 0..other.stored() {
            let row = other.rows.as_ref().map_or(k, |rows| rows[k]);
            self.push(
                first_row + row,
                &other.values[other.offsets[k]..other.offsets[k + 1]],
            );
        }
    }

    /// How many values are stored.
    pub(crate) fn stored(&self) -> usize {
        self.offsets.len() - 1
    }

    /// The value of row `row`; `""` for a row that did not reach this column.
    pub(crate) fn get(&self, row: usize) -> &str {
        let slot = match &self.rows {
            None => (row < self.stored()).then_some(row),
            Some(rows) => rows.binary_search(&row).ok(),
        };
        slot.map_or("", |k| &self.values[self.offsets[k]..self.offsets[k + 1]])
    }
}

impl Report {
    /// Column names, in file order.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// Number of data rows.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the report has no data rows.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The rows, each with one field per column.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = Row<'_>> {
        (0..self.len).map(|index| Row::new(self, index))
    }

    /// One row.
    pub fn row(&self, index: usize) -> Option<Row<'_>> {
        (index < self.len).then(|| Row::new(self, index))
    }

    /// One column's values, by column index.
    pub fn column(&self, index: usize) -> Option<Column<'_>> {
        self.data.get(index).map(|data| Column::new(data, self.len))
    }

    /// Index of a column by name.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }

    /// The CSV text as decoded (BOM removed), for saving or handing to another parser.
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// Serialized as `{"columns": [...], "rows": [[...], ...]}`, the normalised form that
/// conformance vectors compare.
impl Serialize for Report {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Rows<'a>(&'a Report);
        impl Serialize for Rows<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
                for row in self.0.rows() {
                    seq.serialize_element(&row)?;
                }
                seq.end()
            }
        }
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("columns", &self.columns)?;
        map.serialize_entry("rows", &Rows(self))?;
        map.end()
    }
}

/// The compiled report of a session: four CSV tables in one answer. A member the server left out
/// or sent as null is an empty report with no columns.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SummaryReport {
    /// Registrants and attendance.
    pub registrants: Report,
    /// Attendee chat log.
    pub attendee_chat: Report,
    /// Operator chat log.
    pub operator_chat: Report,
    /// Survey results.
    pub survey_results: Report,
}
