//! CSV report decoding: UTF-8 or Windows-1252, any quoting, every column kept.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use csv_core::{ReadRecordResult, Reader, WriteResult, Writer};

use crate::models::{ColumnData, Report};

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The most columns a report may have. Wider is no export a person reads, and each column costs
/// memory for every row, so a hostile body cannot make the client allocate without bound.
pub const MAX_COLUMNS: usize = 10_000;

/// Decodes report bytes: UTF-8 (BOM stripped), or Windows-1252 when they are not valid UTF-8, as
/// spreadsheet exports often are. UTF-8 given as a `Vec` becomes the `String` in place.
pub fn decode_text(bytes: impl Into<Vec<u8>>) -> String {
    let mut bytes = bytes.into();
    if bytes.starts_with(UTF8_BOM) {
        bytes.drain(..UTF8_BOM.len());
    }
    match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => e.as_bytes().iter().map(|&b| windows_1252(b)).collect(),
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
/// rows read as padded with empty fields, and repeated or blank names are made unique.
///
/// One pass with csv-core's pull parser, record by record into one reused buffer and from there
/// into the report's columns: time and memory are linear in the text, a short row stores no
/// padding, and the buffer of field ends never grows past [`MAX_COLUMNS`], so a record with more
/// fields stops the parse before it is held. Large texts are parsed in parts on several threads
/// where there are threads (see [`parse_in_parts`]).
pub fn parse_csv(mut text: String) -> Result<Report, String> {
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    if text.trim().is_empty() {
        return Err("the CSV report is empty (no header row)".to_owned());
    }
    let table = match parse_in_parts(&text) {
        Some(table) => table,
        None => parse_part(text.as_bytes(), true)?,
    };
    // Every stored field took at least one byte of the text, so only padding can make the table
    // larger than the text; a table that is mostly padding (a 10,000-wide row, then short ones)
    // would cost rows × columns to every consumer that reads it as a table.
    let (len, data) = (table.len, table.data);
    let cells = len.saturating_mul(data.len());
    if cells > 2 * text.len() + MAX_COLUMNS {
        return Err(format!(
            "the CSV report would be {len} rows × {} columns, mostly empty cells of short rows: more than twice its size in bytes",
            data.len()
        ));
    }
    let header = table.header.unwrap_or_default();
    Ok(Report {
        columns: unique_columns(&header, data.len()),
        data,
        len,
        text,
    })
}

/// Texts from this size on are parsed in parts, one per thread: below it, starting threads costs
/// more than it saves.
#[cfg(not(target_arch = "wasm32"))]
const PARALLEL_FROM: usize = 1 << 20;

/// A large text parsed in parts, one per core (at most four), when that gives the one-piece
/// result (see [`parse_split`]).
#[cfg(not(target_arch = "wasm32"))]
fn parse_in_parts(text: &str) -> Option<Part> {
    if text.len() < PARALLEL_FROM {
        return None;
    }
    // Asked only for a large text: the answer comes from reading cgroup files, which costs more
    // than parsing a small report.
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    parse_split(text, cores)
}

/// A wasm module has one thread.
#[cfg(target_arch = "wasm32")]
fn parse_in_parts(_: &str) -> Option<Part> {
    None
}

/// Rows parsed from a part of the text.
struct Part {
    header: Option<Vec<String>>,
    data: Vec<ColumnData>,
    len: usize,
    /// Whether the part ended between records: no record was left open at its end. Only a
    /// split text reads it, and a wasm module never splits.
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    ends_between_records: bool,
}

/// Parses `text` in `parts` pieces on as many threads, each piece starting after a line break,
/// and joins their columns. A piece's first line is only a record start if the piece before it
/// ended between records (not inside a quoted field holding a line break); when one did not, or
/// a piece failed, this answers `None` and the caller parses the text in one piece, so the result
/// and the errors are always those of the one-piece parse.
#[cfg(not(target_arch = "wasm32"))]
fn parse_split(text: &str, parts: usize) -> Option<Part> {
    if parts < 2 {
        return None;
    }
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    for k in 1..parts {
        let guess = (bytes.len() * k / parts).max(*starts.last()?);
        let Some(start) = bytes[guess..]
            .iter()
            .position(|&b| b == b'\n')
            .map(|p| guess + p + 1)
        else {
            break;
        };
        if start < bytes.len() && start > *starts.last()? {
            starts.push(start);
        }
    }
    starts.push(bytes.len());
    let pieces: Vec<Result<Part, String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = starts
            .windows(2)
            .enumerate()
            .map(|(k, range)| scope.spawn(move || parse_part(&bytes[range[0]..range[1]], k == 0)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err(String::new())))
            .collect()
    });
    let mut pieces = pieces.into_iter();
    let mut table = pieces.next()?.ok()?;
    for piece in pieces {
        let piece = piece.ok()?;
        if !table.ends_between_records {
            return None;
        }
        if piece.data.len() > table.data.len() {
            table.data.resize_with(piece.data.len(), ColumnData::default);
        }
        for (column, more) in table.data.iter_mut().zip(piece.data) {
            column.append(more, table.len);
        }
        table.len += piece.len;
        table.ends_between_records = piece.ends_between_records;
    }
    Some(table)
}

/// Parses one piece of CSV text: with `header`, its first record names the columns.
fn parse_part(input: &[u8], header: bool) -> Result<Part, String> {
    thread_local! {
        /// Building a reader compiles its state machine, which costs more than parsing a small
        /// report (a sixth of `collect` over 1,000 of them), so each thread keeps one and resets
        /// it. (csv-core's `Clone` of a reader drops most of its tables, so it cannot be copied.)
        static READER: RefCell<Reader> = RefCell::new(Reader::new());
    }
    READER.with_borrow_mut(|reader| {
        reader.reset();
        parse_with(reader, input, header)
    })
}

fn parse_with(reader: &mut Reader, input: &[u8], header: bool) -> Result<Part, String> {
    let mut input = input;
    let mut record = vec![0u8; 4096];
    let mut ends = vec![0usize; 64];
    let (mut written, mut fields) = (0, 0);
    let mut part = Part {
        header: None,
        data: Vec::new(),
        len: 0,
        ends_between_records: true,
    };
    let mut header = header;
    loop {
        let at_end = input.is_empty();
        let (result, read, wrote, ended) =
            reader.read_record(input, &mut record[written..], &mut ends[fields..]);
        input = &input[read..];
        written += wrote;
        fields += ended;
        match result {
            ReadRecordResult::InputEmpty => {}
            ReadRecordResult::OutputFull => record.resize(record.len() * 2, 0),
            ReadRecordResult::OutputEndsFull if ends.len() >= MAX_COLUMNS => {
                return Err(format!(
                    "a CSV row has more than the {MAX_COLUMNS} columns a report may have"
                ));
            }
            ReadRecordResult::OutputEndsFull => ends.resize((ends.len() * 2).min(MAX_COLUMNS), 0),
            ReadRecordResult::Record => {
                // A record only the end of the input closed was still open there.
                part.ends_between_records &= !at_end;
                // Only ASCII delimiters and quotes were removed from valid UTF-8, so the record
                // is UTF-8 and every field end is a character boundary.
                let values = std::str::from_utf8(&record[..written])
                    .map_err(|e| format!("unreadable CSV row {}: {e}", part.len + 1))?;
                let mut start = 0;
                let mut value = |end: usize| {
                    let field = values.get(start..end).unwrap_or("");
                    start = end;
                    field
                };
                if std::mem::take(&mut header) {
                    part.header = Some(ends[..fields].iter().map(|&end| value(end).to_owned()).collect());
                    part.data = (0..fields).map(|_| ColumnData::default()).collect();
                } else {
                    if fields > part.data.len() {
                        part.data.resize_with(fields, ColumnData::default);
                    }
                    for (column, &end) in part.data.iter_mut().zip(&ends[..fields]) {
                        column.push(part.len, value(end));
                    }
                    part.len += 1;
                }
                (written, fields) = (0, 0);
            }
            ReadRecordResult::End => return Ok(part),
        }
    }
}

/// CSV text for a table given by cell: a header of `columns`, then `rows` records, fields quoted
/// by csv-core's writer where they need it. The inverse of [`parse_csv`].
pub(crate) fn write_csv<'a>(
    columns: &[String],
    rows: usize,
    cell: impl Fn(usize, usize) -> &'a str,
) -> String {
    let mut writer = Writer::new();
    let mut out = Vec::new();
    let mut buffer = [0u8; 1024];
    let mut record = |fields: &mut dyn Iterator<Item = &str>| {
        for (index, field) in fields.enumerate() {
            if index > 0 {
                drain(&mut out, &mut buffer, |buf| {
                    let (result, wrote) = writer.delimiter(buf);
                    (result, 0, wrote)
                });
            }
            let mut input = field.as_bytes();
            drain(&mut out, &mut buffer, |buf| {
                let (result, read, wrote) = writer.field(input, buf);
                input = &input[read..];
                (result, read, wrote)
            });
        }
        drain(&mut out, &mut buffer, |buf| {
            let (result, wrote) = writer.terminator(buf);
            (result, 0, wrote)
        });
    };
    record(&mut columns.iter().map(String::as_str));
    for row in 0..rows {
        record(&mut (0..columns.len()).map(|column| cell(column, row)));
    }
    // Only whole UTF-8 fields and ASCII quotes, delimiters and terminators were written.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Runs one csv-core writer step until it has taken all its input, copying what it wrote.
fn drain(
    out: &mut Vec<u8>,
    buffer: &mut [u8],
    mut step: impl FnMut(&mut [u8]) -> (WriteResult, usize, usize),
) {
    loop {
        let (result, _, wrote) = step(buffer);
        out.extend_from_slice(&buffer[..wrote]);
        if result == WriteResult::InputEmpty {
            return;
        }
    }
}

/// Names for `width` columns: the header's, trimmed; `column_N` for blank or missing ones; a
/// repeat gets the first free `_2`, `_3`, ... Linear: a set of names taken and, per name, the
/// next suffix to try.
fn unique_columns(header: &[String], width: usize) -> Vec<String> {
    let mut columns: Vec<String> = Vec::with_capacity(width);
    let mut taken: HashSet<String> = HashSet::with_capacity(width);
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    for i in 0..width {
        let base = match header.get(i).map(|name| name.trim()) {
            Some(name) if !name.is_empty() => name.to_owned(),
            _ => format!("column_{}", i + 1),
        };
        let name = if taken.contains(&base) {
            let n = next_suffix.entry(base.clone()).or_insert(2);
            loop {
                let candidate = format!("{base}_{n}");
                *n += 1;
                if !taken.contains(&candidate) {
                    break candidate;
                }
            }
        } else {
            base
        };
        taken.insert(name.clone());
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
    fn a_parse_after_one_that_failed_mid_record_starts_afresh() {
        // The thread's reader is reused: the failed parse leaves it inside an open record.
        let wide = format!("a\n{}\"open", "x,".repeat(MAX_COLUMNS + 1));
        assert!(parse_csv(wide).unwrap_err().contains("columns"));
        let r = parse_csv("a,b\n1,2\n".to_owned()).unwrap();
        assert_eq!(r.columns(), ["a", "b"]);
        assert_eq!(rows(&r), [["1", "2"]]);
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
        assert_eq!(*column.offsets(), [0, 0, 1, 1, 2]);
        assert_eq!(column.iter().collect::<Vec<_>>(), ["", "x", "", "y"]);
    }

    #[test]
    fn empty_fields_and_unicode_keep_their_offsets() {
        let r = parse_csv("name,city\n,Zürich\n\"\",\nJosé,東京\n".to_owned()).unwrap();
        assert_eq!(rows(&r), [["", "Zürich"], ["", ""], ["José", "東京"]]);
        let city = r.column(1).unwrap();
        assert_eq!(city.values(), "Zürich東京");
        assert_eq!(*city.offsets(), [0, 7, 7, 13]);
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
        assert_eq!(*r.column(0).unwrap().offsets(), [0]);
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
    fn many_repeated_names_are_numbered_in_one_pass() {
        let header = "a,".repeat(5_000);
        let r = parse_csv(format!("{header}\n")).unwrap();
        assert_eq!(r.columns().len(), 5_001);
        assert_eq!(r.columns()[..3], ["a", "a_2", "a_3"]);
        assert_eq!(r.columns()[4_999..], ["a_5000", "column_5001"]);
        let r = parse_csv("a,a_2,a,a\n".to_owned()).unwrap();
        assert_eq!(r.columns(), ["a", "a_2", "a_3", "a_4"]);
    }

    #[test]
    fn too_many_columns_is_an_error() {
        assert!(parse_csv(format!("{}\n", "a,".repeat(MAX_COLUMNS))).is_err());
        assert!(parse_csv(format!("a\n{}\n", ",".repeat(MAX_COLUMNS))).is_err());
        assert!(parse_csv(format!("a\n{}\n", ",".repeat(MAX_COLUMNS - 1))).is_ok());
    }

    #[test]
    fn a_table_of_mostly_padding_is_refused() {
        let text = format!("a\n{}\n{}", ",".repeat(9_999), "x\n".repeat(20_000));
        assert!(parse_csv(text).unwrap_err().contains("mostly empty"));
    }

    #[test]
    fn short_rows_after_a_wide_one_store_no_padding() {
        let text = format!("a\n{}z\n{}", ",".repeat(99), "x\n".repeat(100));
        let r = parse_csv(text).unwrap();
        assert_eq!((r.columns().len(), r.len()), (100, 101));
        assert_eq!(r.row(0).unwrap().get(99), Some("z"));
        assert_eq!(r.row(100).unwrap().get(99), Some(""));
        let stored: usize = r.data.iter().map(ColumnData::stored).sum();
        assert_eq!(stored, 100 + 100);
        let last = r.column(99).unwrap();
        assert_eq!(last.offsets().len(), 102);
        assert_eq!(last.iter().filter(|v| !v.is_empty()).count(), 1);
    }

    #[test]
    fn records_longer_than_the_buffer_keep_their_fields() {
        let long = "é".repeat(5_000);
        let r = parse_csv(format!("a,b,c\nx,\"{long}\",z\n{long},,\"q\"\"\"\n")).unwrap();
        assert_eq!(
            rows(&r),
            [vec!["x", long.as_str(), "z"], vec![long.as_str(), "", "q\""]]
        );
    }

    #[test]
    fn parts_join_to_the_one_piece_parse() {
        let quoted = "\"line\nbreak\",x\n".repeat(50);
        let texts = [
            format!("a,b\n{}", "1,2\n3\n4,5,6\n".repeat(40)),
            format!("a,b\r\n{}", "1,2\r\n\r\n3,4\r\n".repeat(40)),
            format!("a,b\n{quoted}"),
            format!("a\n{}9,9,9,9\n", "x\n".repeat(100)),
        ];
        for text in texts {
            let one = parse_part(text.as_bytes(), true).unwrap();
            for parts in 2..9 {
                if let Some(joined) = parse_split(&text, parts) {
                    assert_eq!(
                        (joined.header.as_ref(), joined.len),
                        (one.header.as_ref(), one.len)
                    );
                    assert_eq!(joined.data, one.data, "{parts} parts of {text:?}");
                }
            }
        }
        let plain = format!("a,b\n{}", "1,2\n".repeat(100));
        assert!(parse_split(&plain, 4).is_some(), "a text without quotes splits");
    }

    #[test]
    fn empty_input_is_an_error() {
        assert!(parse_csv("\u{feff}  \n".to_owned()).is_err());
    }
}
