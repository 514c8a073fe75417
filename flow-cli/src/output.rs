//! Writing results: models as the API names their fields (JSON, JSON lines, CSV) or as aligned
//! columns for people; reports as their CSV, or as rows keyed by column.

use std::io::{self, IsTerminal, Write};
use std::path::Path;

use flow_core::models::Model;
use flow_core::{Report, SummaryReport};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::args::Format;

/// Widest cell a table shows; longer text ends in `…`.
const CELL_WIDTH: usize = 48;

/// Where results go, and in which format.
pub struct Output {
    format: Format,
    writer: Box<dyn Write>,
}

/// What is being written, for the default format.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Models and summaries: a table on a terminal, JSON otherwise.
    Records,
    /// CSV reports: CSV.
    Report,
}

impl Output {
    /// `path`, or stdout; the format given, or the default for `shape` and the destination.
    pub fn open(path: Option<&Path>, format: Option<Format>, shape: Shape) -> io::Result<Self> {
        let terminal = path.is_none() && io::stdout().is_terminal();
        let format = format.unwrap_or(match shape {
            Shape::Report => Format::Csv,
            Shape::Records if terminal => Format::Table,
            Shape::Records => Format::Json,
        });
        let writer: Box<dyn Write> = match path {
            Some(path) => Box::new(io::BufWriter::new(std::fs::File::create(path)?)),
            None => Box::new(io::BufWriter::new(io::stdout().lock())),
        };
        Ok(Self { format, writer })
    }

    /// The format results are written in.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Text written as is (a report's CSV, unparsed).
    pub fn text(mut self, text: &str) -> io::Result<()> {
        self.writer.write_all(text.as_bytes())?;
        self.writer.flush()
    }

    /// A list of models.
    pub fn models<M: Model + Serialize>(mut self, items: &[M]) -> io::Result<()> {
        let records: Vec<Value> = items.iter().map(to_value).collect();
        let columns = match self.format {
            Format::Table => summary_columns::<M>(),
            _ => M::FIELDS.iter().map(|f| f.wire.to_owned()).collect(),
        };
        self.records(&columns, &records)?;
        self.writer.flush()
    }

    /// One model: a table shows it as name / value lines.
    pub fn model<M: Model + Serialize>(mut self, item: &M) -> io::Result<()> {
        let record = to_value(item);
        if self.format == Format::Table {
            let fields: Vec<Vec<String>> = record
                .as_object()
                .into_iter()
                .flatten()
                .map(|(name, value)| vec![name.clone(), cell(value)])
                .collect();
            table(
                &mut self.writer,
                &["field".to_owned(), "value".to_owned()],
                &fields,
            )?;
        } else {
            let columns: Vec<String> = M::FIELDS.iter().map(|f| f.wire.to_owned()).collect();
            match self.format {
                Format::Json => writeln!(self.writer, "{}", pretty(&record))?,
                _ => self.records(&columns, std::slice::from_ref(&record))?,
            }
        }
        self.writer.flush()
    }

    /// Any JSON document (a job's summary): JSON as is, a table of its top-level fields.
    pub fn document(mut self, value: &Value) -> io::Result<()> {
        match self.format {
            Format::Json => writeln!(self.writer, "{}", pretty(value))?,
            Format::Jsonl => writeln!(self.writer, "{value}")?,
            Format::Table | Format::Csv => {
                let fields: Vec<Vec<String>> = value
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(name, value)| vec![name.clone(), cell(value)])
                    .collect();
                if self.format == Format::Csv {
                    let mut csv = csv::Writer::from_writer(&mut self.writer);
                    csv.write_record(["field", "value"])?;
                    for row in &fields {
                        csv.write_record(row)?;
                    }
                    csv.flush()?;
                } else {
                    table(
                        &mut self.writer,
                        &["field".to_owned(), "value".to_owned()],
                        &fields,
                    )?;
                }
            }
        }
        self.writer.flush()
    }

    /// A CSV report: its CSV text as received, or its rows.
    pub fn report(mut self, report: &Report) -> io::Result<()> {
        self.write_report(report)?;
        self.writer.flush()
    }

    fn write_report(&mut self, report: &Report) -> io::Result<()> {
        match self.format {
            Format::Csv => self.writer.write_all(report.text().as_bytes())?,
            Format::Table => {
                let rows: Vec<Vec<String>> = report
                    .rows()
                    .map(|r| r.iter().map(str::to_owned).collect())
                    .collect();
                table(&mut self.writer, report.columns(), &rows)?;
            }
            Format::Json | Format::Jsonl => {
                let records: Vec<Value> = report.rows().map(|row| row_object(report, row.iter())).collect();
                self.records(report.columns(), &records)?;
            }
        }
        Ok(())
    }

    /// The four tables of a summary report: JSON by default, each table after a `# name` line in
    /// the other formats.
    pub fn summary(mut self, summary: &SummaryReport) -> io::Result<()> {
        let sections = [
            ("registrants", &summary.registrants),
            ("attendee_chat", &summary.attendee_chat),
            ("operator_chat", &summary.operator_chat),
            ("survey_results", &summary.survey_results),
        ];
        if self.format == Format::Json {
            let tables: Map<String, Value> = sections
                .iter()
                .map(|(name, report)| {
                    let rows = report.rows().map(|row| row_object(report, row.iter())).collect();
                    ((*name).to_owned(), Value::Array(rows))
                })
                .collect();
            writeln!(self.writer, "{}", pretty(&Value::Object(tables)))?;
            return self.writer.flush();
        }
        for (index, (name, report)) in sections.into_iter().enumerate() {
            if index > 0 {
                writeln!(self.writer)?;
            }
            writeln!(self.writer, "# {name}")?;
            self.write_report(report)?;
        }
        self.writer.flush()
    }

    fn records(&mut self, columns: &[String], records: &[Value]) -> io::Result<()> {
        match self.format {
            Format::Json => writeln!(self.writer, "{}", pretty(&Value::Array(records.to_vec())))?,
            Format::Jsonl => {
                for record in records {
                    writeln!(self.writer, "{record}")?;
                }
            }
            Format::Csv => {
                let mut csv = csv::Writer::from_writer(&mut self.writer);
                csv.write_record(columns)?;
                for record in records {
                    csv.write_record(columns.iter().map(|c| cell(&record[c.as_str()])))?;
                }
                csv.flush()?;
            }
            Format::Table => {
                let rows: Vec<Vec<String>> = records
                    .iter()
                    .map(|r| columns.iter().map(|c| cell(&r[c.as_str()])).collect())
                    .collect();
                table(&mut self.writer, columns, &rows)?;
            }
        }
        Ok(())
    }
}

fn to_value<T: Serialize>(item: &T) -> Value {
    serde_json::to_value(item).unwrap_or(Value::Null)
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

fn row_object<'a>(report: &Report, values: impl Iterator<Item = &'a str>) -> Value {
    let record: Map<String, Value> = report
        .columns()
        .iter()
        .zip(values)
        .map(|(c, v)| (c.clone(), Value::String(v.to_owned())))
        .collect();
    Value::Object(record)
}

/// The wire names of the fields a model's short form shows.
fn summary_columns<M: Model>() -> Vec<String> {
    M::SUMMARY
        .iter()
        .filter_map(|name| M::FIELDS.iter().find(|f| f.name == *name))
        .map(|f| f.wire.to_owned())
        .collect()
}

/// A value as one cell: text as is, nested values as compact JSON, null as nothing.
fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Aligned columns, each as wide as its widest cell (at most [`CELL_WIDTH`] characters).
fn table(out: &mut dyn Write, columns: &[String], rows: &[Vec<String>]) -> io::Result<()> {
    let clip = |text: &str| -> String {
        let flat: String = text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        match flat.char_indices().nth(CELL_WIDTH - 1) {
            Some((end, _)) => format!("{}…", &flat[..end]),
            None => flat,
        }
    };
    let header: Vec<String> = columns.iter().map(|c| clip(c)).collect();
    let body: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(|c| clip(c)).collect()).collect();
    let mut widths: Vec<usize> = header.iter().map(|c| c.chars().count()).collect();
    for row in &body {
        for (width, value) in widths.iter_mut().zip(row) {
            *width = (*width).max(value.chars().count());
        }
    }
    for row in std::iter::once(&header).chain(&body) {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(value, width)| format!("{value:<width$}"))
            .collect();
        writeln!(out, "{}", line.join("  ").trim_end())?;
    }
    Ok(())
}
