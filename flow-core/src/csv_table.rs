//! CSV report decoding: UTF-8 or Windows-1252, any quoting, every column kept.

use csv::{ReaderBuilder, StringRecord};

use crate::models::Report;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decodes report bytes: UTF-8 (BOM stripped), or Windows-1252 when they are not valid UTF-8, as
/// spreadsheet exports often are.
pub fn decode_text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => bytes.iter().map(|&b| windows_1252(b)).collect(),
    }
}

/// The characters Windows-1252 puts at 0x80–0x9F (WHATWG mapping: the five unassigned bytes stay
/// C1 controls); every other byte is the Latin-1 code point of the same value. A table rather than
/// encoding_rs, whose decoder dispatch links every CJK table (about 120 KB gzipped in the wasm module).
const WINDOWS_1252_80_9F: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
];

fn windows_1252(byte: u8) -> char {
    match byte {
        0x80..=0x9F => WINDOWS_1252_80_9F[usize::from(byte - 0x80)],
        _ => char::from(byte),
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
        let text = decode_text(b"Name\nRen\xe9 \x80\x92\x9f\x81\n");
        assert_eq!(&parse_csv(text).unwrap().row(0).unwrap()[0], "René €’Ÿ\u{81}");
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
