//! Shared helpers for the fuzz targets: the byte layout of an `endpoints` input and the
//! invariants every parsed [`Report`] must satisfy.

use std::collections::HashSet;

use flow_core::{HttpResponse, Report};

/// Header names an input can pick (by `selector % len`): the ones the core reads, in both cases.
pub const HEADER_NAMES: [&str; 14] = [
    "content-type",
    "Content-Type",
    "retry-after",
    "retry-after-ms",
    "x-request-id",
    "request-id",
    "x-amzn-requestid",
    "cf-ray",
    "date",
    "content-length",
    "CONTENT-TYPE",
    "X-Request-Id",
    "location",
    "Location",
];

/// Decodes an `endpoints` input. The layout is plain so corpora can be seeded from recorded
/// bodies (see `seed.py`):
///
/// ```text
/// status (u16, big-endian) | header count (u8, taken % 8)
/// | per header: name selector (u8) | value length (u8) | value bytes (lossy UTF-8)
/// | body (all remaining bytes)
/// ```
///
/// A truncated prefix simply yields fewer headers and an empty body.
pub fn response_from_bytes(data: &[u8]) -> HttpResponse {
    let mut rest = data;
    let mut take = |n: usize| -> &[u8] {
        let n = n.min(rest.len());
        let (head, tail) = rest.split_at(n);
        rest = tail;
        head
    };
    let status = match take(2) {
        [hi, lo] => u16::from_be_bytes([*hi, *lo]),
        [hi] => u16::from(*hi),
        _ => 200,
    };
    let count = take(1).first().map_or(0, |n| n % 8);
    let mut headers = Vec::new();
    for _ in 0..count {
        let Some(&selector) = take(1).first() else { break };
        let Some(&len) = take(1).first() else { break };
        let value = String::from_utf8_lossy(take(usize::from(len))).into_owned();
        headers.push((
            HEADER_NAMES[usize::from(selector) % HEADER_NAMES.len()].to_owned(),
            value,
        ));
    }
    HttpResponse {
        status,
        headers,
        body: rest.to_vec(),
    }
}

/// Every documented property of a successfully parsed report; panics when one fails.
pub fn check_report(report: &Report) {
    let width = report.columns().len();
    let mut names = HashSet::with_capacity(width);
    for (index, name) in report.columns().iter().enumerate() {
        assert!(names.insert(name.as_str()), "duplicate column name {name:?}");
        assert!(!name.is_empty(), "blank column name");
        // `column_index` is a linear scan: checking every name would make this check quadratic.
        if index < 16 {
            assert_eq!(report.column_index(name), Some(index));
        }
    }
    assert_eq!(report.rows().len(), report.len());
    assert_eq!(report.is_empty(), report.len() == 0);
    assert!(report.row(report.len()).is_none());
    // Reading every field costs rows x columns, which a short body can make huge (one wide row,
    // then many short ones), so the full walk is kept to reports of at most `CELL_BUDGET` cells;
    // larger ones get the same checks on their first and last rows.
    let full = report.len().saturating_mul(width) <= CELL_BUDGET;
    let sample: Vec<usize> = if full {
        (0..report.len()).collect()
    } else {
        vec![0, report.len() - 1]
    };
    assert_eq!(report.rows().count(), report.len());
    for index in sample {
        let row = report.row(index).expect("a row below len()");
        assert_eq!(row.len(), width, "row {index} is not as wide as the header");
        if full {
            assert_eq!(
                row.iter().count(),
                width,
                "row {index} iterates a different width"
            );
            for (column, field) in row.iter().enumerate() {
                assert_eq!(row.get(column), Some(field));
            }
        } else if width > 0 {
            assert!(row.get(width - 1).is_some());
        }
        assert!(row.get(width).is_none());
    }
    if full {
        let json = serde_json::to_value(report).expect("a report serializes");
        assert_eq!(json["rows"].as_array().map(Vec::len), Some(report.len()));
    }
}

/// Most fields a check reads one by one.
pub const CELL_BUDGET: usize = 1 << 14;
