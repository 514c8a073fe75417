//! CSV report decoding: any encoding the server may use, any quoting, every column kept.

use csv::{ReaderBuilder, StringRecord};

use crate::models::Report;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decodes report bytes: UTF-8 (BOM stripped), or Windows-1252 when they are not valid UTF-8, as
/// spreadsheet exports often are.
pub fn decode_text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// Parses CSV text by its header row. Rows longer than the header add columns (`column_N`), short
/// rows are padded with empty fields, and repeated or blank names are made unique.
pub fn parse_csv(text: String) -> Result<Report, String> {
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    if text.trim().is_empty() {
        return Err("the CSV report is empty (no header row)".to_owned());
    }
    let mut reader = ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| format!("unreadable CSV header: {e}"))?
        .clone();
    let mut rows = Vec::new();
    let mut width = header.len();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("unreadable CSV row {}: {e}", i + 1))?;
        width = width.max(record.len());
        rows.push(record);
    }
    for row in rows.iter_mut().filter(|r| r.len() < width) {
        while row.len() < width {
            row.push_field("");
        }
    }
    Ok(Report {
        columns: unique_columns(&header, width),
        rows,
        text,
    })
}

fn unique_columns(header: &StringRecord, width: usize) -> Vec<String> {
    let mut columns: Vec<String> = Vec::with_capacity(width);
    for i in 0..width {
        let base = match header.get(i).map(str::trim) {
            Some(name) if !name.is_empty() => name.to_owned(),
            _ => format!("column_{}", i + 1),
        };
        let mut name = base.clone();
        let mut n = 2;
        while columns.contains(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        columns.push(name);
    }
    columns
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_bom_and_ragged_rows() {
        let text =
            decode_text(b"\xEF\xBB\xBFName,Message\n\"Doe, J\",\"said \"\"hi\"\"\nbye\"\nX\nY,Z,extra\n");
        let r = parse_csv(text).unwrap();
        assert_eq!(r.columns(), ["Name", "Message", "column_3"]);
        assert_eq!(r.len(), 3);
        assert_eq!(&r.row(0).unwrap()[1], "said \"hi\"\nbye");
        assert_eq!(r.row(1).unwrap().len(), 3);
    }

    #[test]
    fn windows_1252_is_decoded_not_refused() {
        let text = decode_text(b"Name\nRen\xe9\n");
        assert_eq!(&parse_csv(text).unwrap().row(0).unwrap()[0], "René");
    }

    #[test]
    fn duplicate_and_blank_headers_become_unique() {
        let r = parse_csv("a,a,,a\n1,2,3,4\n".to_owned()).unwrap();
        assert_eq!(r.columns(), ["a", "a_2", "column_3", "a_3"]);
    }

    #[test]
    fn empty_input_is_an_error() {
        assert!(parse_csv("\u{feff}  \n".to_owned()).is_err());
    }
}
