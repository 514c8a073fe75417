//! CSV report decoding: UTF-8 or Windows-1252, any quoting, every column kept.

use csv::{ReaderBuilder, StringRecord};

use crate::models::{ColumnData, Report};

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
///
/// One pass, straight into the report's columns: every row is read into the same reused record,
/// so nothing is allocated per row.
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
    let mut data: Vec<ColumnData> = (0..header.len()).map(|_| ColumnData::empty(0)).collect();
    let mut record = StringRecord::new();
    let mut len = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(format!("unreadable CSV row {}: {e}", len + 1)),
        }
        // A row longer than all before it adds columns, empty in the rows already read.
        while data.len() < record.len() {
            data.push(ColumnData::empty(len));
        }
        let mut fields = record.iter();
        for column in &mut data {
            column.push(fields.next().unwrap_or(""));
        }
        len += 1;
    }
    drop(reader);
    Ok(Report {
        columns: unique_columns(&header, data.len()),
        data,
        len,
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

    fn rows(report: &Report) -> Vec<Vec<&str>> {
        report.rows().map(|row| row.iter().collect()).collect()
    }

    #[test]
    fn quoted_fields_bom_and_ragged_rows() {
        let text =
            decode_text(b"\xEF\xBB\xBFName,Message\n\"Doe, J\",\"said \"\"hi\"\"\nbye\"\nX\nY,Z,extra\n");
        let r = parse_csv(text).unwrap();
        assert_eq!(r.columns(), ["Name", "Message", "column_3"]);
        assert_eq!(r.len(), 3);
        assert_eq!(&r.row(0).unwrap()[1], "said \"hi\"\nbye");
        assert_eq!(r.row(1).unwrap().len(), 3);
        assert_eq!(
            rows(&r),
            [
                vec!["Doe, J", "said \"hi\"\nbye", ""],
                vec!["X", "", ""],
                vec!["Y", "Z", "extra"]
            ]
        );
        assert!(r.text().starts_with("Name,Message\n"));
    }

    #[test]
    fn a_late_wide_row_adds_columns_empty_in_earlier_rows() {
        let r = parse_csv("a\n1\n2,x\n3\n4,y,z\n".to_owned()).unwrap();
        assert_eq!(r.columns(), ["a", "column_2", "column_3"]);
        assert_eq!(
            rows(&r),
            [
                vec!["1", "", ""],
                vec!["2", "x", ""],
                vec!["3", "", ""],
                vec!["4", "y", "z"]
            ]
        );
        let column = r.column(1).unwrap();
        assert_eq!(column.values(), "xy");
        assert_eq!(column.offsets(), [0, 0, 1, 1, 2]);
        assert_eq!(column.iter().collect::<Vec<_>>(), ["", "x", "", "y"]);
    }

    #[test]
    fn empty_fields_and_unicode_keep_their_offsets() {
        let r = parse_csv("name,city\n,Zürich\n\"\",\nJosé,東京\n".to_owned()).unwrap();
        assert_eq!(rows(&r), [["", "Zürich"], ["", ""], ["José", "東京"]]);
        let city = r.column(1).unwrap();
        assert_eq!(city.values(), "Zürich東京");
        assert_eq!(city.offsets(), [0, 7, 7, 13]);
        assert_eq!(city.get(2), Some("東京"));
        assert_eq!(city.get(3), None);
        assert_eq!(r.row(2).unwrap().get(0), Some("José"));
        assert_eq!(r.row(2).unwrap().get(2), None);
    }

    #[test]
    fn a_header_only_report_has_columns_and_no_rows() {
        let r = parse_csv("a,b\n".to_owned()).unwrap();
        assert_eq!(r.columns(), ["a", "b"]);
        assert!(r.is_empty());
        assert!(r.row(0).is_none());
        assert_eq!(r.rows().len(), 0);
        assert_eq!(r.column(0).unwrap().offsets(), [0]);
        assert!(r.column(0).unwrap().is_empty());
        assert!(r.column(2).is_none());
        assert_eq!(
            serde_json::to_value(&r).unwrap(),
            serde_json::json!({"columns": ["a", "b"], "rows": []})
        );
    }

    #[test]
    fn serializes_as_columns_and_rows_of_strings() {
        let r = parse_csv("a,b\n1,\"x\ny\"\n2\n".to_owned()).unwrap();
        assert_eq!(
            serde_json::to_value(&r).unwrap(),
            serde_json::json!({"columns": ["a", "b"], "rows": [["1", "x\ny"], ["2", ""]]})
        );
        assert_eq!(format!("{:?}", r.row(0).unwrap()), r#"["1", "x\ny"]"#);
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
