//! The rows of a bulk registration, read by one rule whatever they come from (a Python mapping,
//! a DataFrame row, a JS object, a CSV record), so every runtime accepts and refuses the same rows.
//!
//! A row's keys are matched loosely, because rows come from CRM exports and spreadsheets:
//! case, `_`, `-` and spaces are ignored, so `first_name`, `firstName` and `First Name` are the
//! same key. Other keys are ignored. An empty value counts as missing.

use serde_json::{Map, Value};

use crate::Error;

/// The operation name bulk-registration errors carry.
pub const CREATE_MANY: &str = "registrants.create_many";

/// One row's fields as given; [`super::bulk`] checks them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RowFields {
    /// The attendee's email.
    pub email: Option<String>,
    /// First name.
    pub first_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
    /// The row's own session, else the job's `session_token`.
    pub session_token: Option<String>,
}

/// The field a loosely written key names, if any.
fn field_of(key: &str) -> Option<&'static str> {
    let key: String = key
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !matches!(c, '_' | '-' | ' '))
        .map(|c| c.to_ascii_lowercase())
        .collect();
    match key.as_str() {
        "email" => Some("email"),
        "firstname" => Some("first_name"),
        "lastname" => Some("last_name"),
        "sessiontoken" => Some("session_token"),
        _ => None,
    }
}

impl RowFields {
    /// Reads a row object. Anything but an object, or a known key whose value is not a string,
    /// is refused with the field it concerns.
    pub fn from_value(row: &Value) -> Result<Self, Error> {
        let Value::Object(map) = row else {
            return Err(invalid(
                "row",
                format!(
                    "must be an object with email, first_name and last_name (got {})",
                    kind(row)
                ),
            ));
        };
        Self::from_map(map)
    }

    fn from_map(map: &Map<String, Value>) -> Result<Self, Error> {
        let mut fields = Self::default();
        for (key, value) in map {
            let Some(field) = field_of(key) else { continue };
            let text = match value {
                Value::Null => None,
                Value::String(s) if s.trim().is_empty() => None,
                Value::String(s) => Some(s.clone()),
                other => return Err(invalid(field, format!("must be text (got {})", kind(other)))),
            };
            let slot = match field {
                "email" => &mut fields.email,
                "first_name" => &mut fields.first_name,
                "last_name" => &mut fields.last_name,
                _ => &mut fields.session_token,
            };
            if text.is_some() || slot.is_none() {
                *slot = text;
            }
        }
        Ok(fields)
    }

    /// Whether a header (CSV columns, DataFrame columns) can carry a registration: it needs an
    /// email column; the names may come from the job's defaults only for the session.
    pub fn check_columns<'a>(columns: impl IntoIterator<Item = &'a str> + Clone) -> Result<(), Error> {
        let has = |field: &str| columns.clone().into_iter().any(|c| field_of(c) == Some(field));
        for field in ["email", "first_name", "last_name"] {
            if !has(field) {
                let names: Vec<&str> = columns.clone().into_iter().collect();
                return Err(invalid(
                    "rows",
                    format!("have no {field} column (the columns are {})", names.join(", ")),
                ));
            }
        }
        Ok(())
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn invalid(field: &'static str, reason: String) -> Error {
    Error::InvalidRequest {
        endpoint: CREATE_MANY,
        field: field.into(),
        reason,
    }
}

/// Rows read one record at a time from a CSV file with a header, so a million-row file is never
/// held whole. Each record becomes an object keyed by the header; bytes that are not UTF-8 are
/// read as Windows-1252, as reports are.
#[cfg(not(target_arch = "wasm32"))]
pub struct CsvRows<R: std::io::Read> {
    reader: csv::Reader<R>,
    header: Vec<String>,
    record: csv::ByteRecord,
}

#[cfg(not(target_arch = "wasm32"))]
impl CsvRows<std::io::BufReader<std::fs::File>> {
    /// Opens a CSV file; an unreadable file or one without the needed columns is refused before
    /// anything is sent.
    pub fn open(path: &std::path::Path) -> Result<Self, Error> {
        let file = std::fs::File::open(path)
            .map_err(|e| invalid("rows", format!("could not open {}: {e}", path.display())))?;
        Self::new(std::io::BufReader::new(file))
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl<R: std::io::Read> CsvRows<R> {
    /// Reads the header of `reader`.
    pub fn new(reader: R) -> Result<Self, Error> {
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
        let header: Vec<String> = reader
            .byte_headers()
            .map_err(|e| invalid("rows", format!("could not read the CSV header: {e}")))?
            .iter()
            .map(|name| crate::csv_table::decode_text(name).trim().to_owned())
            .collect();
        RowFields::check_columns(header.iter().map(String::as_str))?;
        Ok(Self {
            reader,
            header,
            record: csv::ByteRecord::new(),
        })
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl<R: std::io::Read> Iterator for CsvRows<R> {
    type Item = Result<Value, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => None,
            Ok(true) => {
                let row: Map<String, Value> = self
                    .header
                    .iter()
                    .zip(self.record.iter())
                    .filter(|(name, _)| field_of(name).is_some())
                    .map(|(name, value)| (name.clone(), Value::String(crate::csv_table::decode_text(value))))
                    .collect();
                Some(Ok(Value::Object(row)))
            }
            Err(e) => Some(Err(invalid("rows", format!("could not read the CSV: {e}")))),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn keys_are_matched_loosely_and_blank_is_missing() {
        let row =
            json!({"Email": "a@b.co", "First Name": "Ada", "last_name": " ", "sessionToken": "T", "x": 1});
        let fields = RowFields::from_value(&row).unwrap();
        assert_eq!(fields.email.as_deref(), Some("a@b.co"));
        assert_eq!(fields.first_name.as_deref(), Some("Ada"));
        assert_eq!(fields.last_name, None);
        assert_eq!(fields.session_token.as_deref(), Some("T"));
    }

    #[test]
    fn non_objects_and_non_text_are_refused_naming_the_field() {
        assert_eq!(
            RowFields::from_value(&json!([1])).unwrap_err().field(),
            Some("row")
        );
        let error = RowFields::from_value(&json!({"email": 5})).unwrap_err();
        assert_eq!(error.field(), Some("email"));
    }

    #[test]
    fn csv_rows_stream_records_and_need_the_columns() {
        let text = "\u{feff}Email,First Name,Last Name,Company\na@b.co,Ada,L,X\nb@b.co,Bob\n";
        let rows: Vec<Value> = CsvRows::new(text.as_bytes())
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[0],
            json!({"Email": "a@b.co", "First Name": "Ada", "Last Name": "L"})
        );
        assert_eq!(rows[1], json!({"Email": "b@b.co", "First Name": "Bob"}));
        let error = CsvRows::new("mail,first_name,last_name\n".as_bytes())
            .err()
            .unwrap();
        assert!(error.to_string().contains("no email column"), "{error}");
    }
}
