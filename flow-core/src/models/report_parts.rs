//! Borrowed views into a [`Report`]: one row across the columns, or one column's buffers.

use std::fmt;
use std::ops::Index;

use serde::ser::SerializeSeq;
use serde::{Serialize, Serializer};

use super::Report;

/// One row of a report: one field per column, in column order. Serializes as a list of strings.
#[derive(Clone, Copy)]
pub struct Row<'a> {
    report: &'a Report,
    index: usize,
}

impl<'a> Row<'a> {
    pub(crate) fn new(report: &'a Report, index: usize) -> Self {
        Self { report, index }
    }

    /// Number of fields (the report's number of columns).
    pub fn len(&self) -> usize {
        self.report.data.len()
    }

    /// Whether the row has no fields (a report without columns).
    pub fn is_empty(&self) -> bool {
        self.report.data.is_empty()
    }

    /// The field in column `column`.
    pub fn get(&self, column: usize) -> Option<&'a str> {
        self.report
            .column(column)
            .and_then(|values| values.get(self.index))
    }

    /// The fields, in column order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &'a str> + 'a {
        let index = self.index;
        self.report
            .data
            .iter()
            .map(move |data| &data.values[data.offsets[index]..data.offsets[index + 1]])
    }
}

impl Index<usize> for Row<'_> {
    type Output = str;

    /// The field in a column; panics when there is no such column, like slice indexing.
    fn index(&self, column: usize) -> &str {
        self.get(column).expect("column index out of range")
    }
}

impl fmt::Debug for Row<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for Row<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for field in self.iter() {
            seq.serialize_element(field)?;
        }
        seq.end()
    }
}

/// One column of a report, as Arrow lays out a string array: every value written one after
/// another in [`values`](Self::values), value `i` spanning bytes `offsets[i]..offsets[i + 1]`.
/// Consumers that build columnar data (DataFrames, typed arrays) can copy the two buffers whole.
#[derive(Clone, Copy, Debug)]
pub struct Column<'a> {
    values: &'a str,
    offsets: &'a [usize],
}

impl<'a> Column<'a> {
    pub(crate) fn new(values: &'a str, offsets: &'a [usize]) -> Self {
        Self { values, offsets }
    }

    /// All values, concatenated.
    pub fn values(&self) -> &'a str {
        self.values
    }

    /// Byte offsets into [`values`](Self::values), starting at 0; one more than there are rows.
    pub fn offsets(&self) -> &'a [usize] {
        self.offsets
    }

    /// Number of values (the report's number of rows).
    pub fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Whether the column has no values.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Value `index`.
    pub fn get(&self, index: usize) -> Option<&'a str> {
        let end = *self.offsets.get(index + 1)?;
        Some(&self.values[self.offsets[index]..end])
    }

    /// The values, in row order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &'a str> + 'a {
        let values = self.values;
        self.offsets.windows(2).map(move |w| &values[w[0]..w[1]])
    }
}
