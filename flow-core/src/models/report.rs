use csv::StringRecord;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

/// A CSV report, parsed by its header row. Every column is kept, in order; duplicate or blank
/// header names are made unique so rows can be read as maps; every row has one field per column.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub(crate) columns: Vec<String>,
    pub(crate) rows: Vec<StringRecord>,
    pub(crate) text: String,
}

impl Report {
    /// Column names, in file order.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// Number of data rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the report has no data rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The rows, each with one field per column.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = &StringRecord> {
        self.rows.iter()
    }

    /// One row.
    pub fn row(&self, index: usize) -> Option<&StringRecord> {
        self.rows.get(index)
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
        struct Rows<'a>(&'a [StringRecord]);
        impl Serialize for Rows<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
                for row in self.0 {
                    seq.serialize_element(&row.iter().collect::<Vec<_>>())?;
                }
                seq.end()
            }
        }
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("columns", &self.columns)?;
        map.serialize_entry("rows", &Rows(&self.rows))?;
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
