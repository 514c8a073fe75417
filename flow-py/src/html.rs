//! The compact HTML table notebooks show for reports and model lists.

use pyo3::prelude::*;

/// Rows shown before the table is cut off.
pub const PREVIEW_ROWS: usize = 10;

fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
}

/// A `<table>` of the first rows, with a caption giving the full size.
pub fn table<'a, R, C>(columns: &[String], rows: R, total: usize) -> String
where
    R: IntoIterator<Item = C>,
    C: IntoIterator<Item = &'a str>,
{
    let mut html = String::from("<table>\n<thead><tr>");
    for column in columns {
        html.push_str("<th>");
        escape(column, &mut html);
        html.push_str("</th>");
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    for row in rows.into_iter().take(PREVIEW_ROWS) {
        html.push_str("<tr>");
        for cell in row {
            html.push_str("<td>");
            escape(cell, &mut html);
            html.push_str("</td>");
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</tbody>\n</table>\n");
    let shown = total.min(PREVIEW_ROWS);
    html.push_str(&format!(
        "<p>{total} rows × {} columns{}</p>",
        columns.len(),
        if shown < total {
            format!(" (first {shown} shown)")
        } else {
            String::new()
        }
    ));
    html
}

/// The same table for `flow_api.ModelList`: `rows` is any iterable of rows of text, of which only
/// the first [`PREVIEW_ROWS`] are read.
#[pyfunction]
pub fn _html_table(columns: Vec<String>, rows: &Bound<'_, PyAny>, total: usize) -> PyResult<String> {
    let mut preview: Vec<Vec<String>> = Vec::new();
    for row in rows.try_iter()?.take(PREVIEW_ROWS) {
        preview.push(row?.extract()?);
    }
    Ok(table(
        &columns,
        preview.iter().map(|row| row.iter().map(String::as_str)),
        total,
    ))
}
