//! Borrowed views into a [`Report`]: one row across the columns, or one column's buffers.

use std::borrow::Cow;
use std::fmt;
use std::ops::Index;

use serde::ser::SerializeSeq;
use serde::{Serialize, Serializer};

use super::report::ColumnData;
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
        self.report.data.iter().map(move |data| data.get(index))
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
    data: &'a ColumnData,
    len: usize,
}

impl<'a> Column<'a> {
    pub(crate) fn new(data: &'a ColumnData, len: usize) -> Self {
        Self { data, len }
    }

    /// All values, concatenated.
    pub fn values(&self) -> &'a str {
        &self.data.values
    }

    /// Byte offsets into [`values`](Self::values), starting at 0; one more than there are rows.
    /// Borrowed when every row reached this column; built (empty rows repeat an offset) when some
    /// rows were too short for it.
    pub fn offsets(&self) -> Cow<'a, [usize]> {
        let data = self.data;
        match &data.rows {
            None if data.stored() == self.len => Cow::Borrowed(&data.offsets),
            None => {
                let mut offsets = data.offsets.clone();
                offsets.resize(self.len + 1, data.values.len());
                Cow::Owned(offsets)
            }
            Some(rows) => {
                let mut offsets = Vec::with_capacity(self.len + 1);
                let mut next = 0;
                for (k, &row) in rows.iter().enumerate() {
                    offsets.resize(row + 1, data.offsets[k]);
                    next = data.offsets[k + 1];
                    offsets.push(next);
                }
                offsets.resize(self.len + 1, next);
                Cow::Owned(offsets)
            }
        }
    }

    /// Number of values (the report's number of rows).
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the column has no values.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Value `index`.
    pub fn get(&self, index: usize) -> Option<&'a str> {
        (index < self.len).then(|| self.data.get(index))
    }

    /// The values, in row order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &'a str> + 'a {
        let data = self.data;
        (0..self.len).map(move |row| data.get(row))
    }
}
