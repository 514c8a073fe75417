//! `decode_text` then `parse_csv` on arbitrary bytes: never panics, and an accepted report is
//! rectangular, has unique names, and agrees field by field with the `csv` crate's own reading.
#![no_main]

use flow_core::csv_table::{decode_text, parse_csv};
use flow_core_fuzz::check_report;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = decode_text(data);
    let report = match parse_csv(text.clone()) {
        Ok(report) => report,
        Err(reason) => {
            assert!(!reason.is_empty());
            return;
        }
    };
    check_report(&report);

    // Differential check against a plain flexible reading of the same text.
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header_len = reader.headers().expect("parse_csv read this header").len();
    // Each record against its row: only the fields the record has, then the padding in the last
    // column. Walking every row across every column costs rows x columns, which a short body can
    // make huge (one wide row, then many short ones).
    let mut record = csv::StringRecord::new();
    let mut widths = Vec::new();
    while reader
        .read_record(&mut record)
        .expect("parse_csv read these rows")
    {
        let index = widths.len();
        let row = report.row(index).expect("as many rows as records");
        for (column, field) in record.iter().enumerate() {
            assert_eq!(row.get(column), Some(field), "row {index} field {column}");
        }
        widths.push(record.len());
    }
    let width = widths.iter().copied().fold(header_len, usize::max);
    assert_eq!(report.columns().len(), width, "column count");
    assert_eq!(report.len(), widths.len(), "row count");
    for (index, &len) in widths.iter().enumerate() {
        if len < width {
            let row = report.row(index).expect("as many rows as records");
            assert_eq!(row.get(width - 1), Some(""), "row {index} padding");
        }
    }
});
