//! `flow registrants import`: the core's bulk registration over a CSV file, with a progress bar on
//! a terminal, the counts at the end, and exit status 3 when some rows are not registered.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;

use flow_core::jobs::bulk::{create_many, BulkOptions, Progress, RowStatus};
use flow_core::jobs::journal::FileJournal;
use flow_core::jobs::rows::{CsvRows, CREATE_MANY};
use flow_core::Client;
use futures_util::stream;
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::{json, Value};

use crate::commands::Failure;
use crate::exit;
use crate::output::Output;

/// The import's arguments.
pub struct Import {
    pub file: PathBuf,
    pub session: Option<String>,
    pub concurrency: Option<u64>,
    pub journal: Option<PathBuf>,
    pub quiet: bool,
}

impl Import {
    pub async fn run(self, client: &Client, out: Output) -> Result<i32, Failure> {
        let rows = CsvRows::open(&self.file)?;
        let concurrency =
            flow_core::jobs::concurrency(CREATE_MANY, &self.concurrency.map_or(Value::Null, Value::from))?;
        let mut options = BulkOptions {
            session_token: self.session.clone(),
            concurrency,
            ..BulkOptions::default()
        };
        if let Some(path) = &self.journal {
            options.journal = Some(Arc::new(FileJournal::open(path)?));
        }
        let bar = (!self.quiet && std::io::stderr().is_terminal()).then(|| self.bar());
        if let Some(bar) = &bar {
            let bar = bar.clone();
            options.progress = Some(Arc::new(move |p: &Progress| {
                bar.set_position(p.done);
                bar.set_message(format!(
                    "{} created, {} existing, {} failed",
                    p.counts.created, p.counts.existing, p.counts.failed
                ));
            }));
        }
        let result = create_many(client, stream::iter(rows), &options).await;
        if let Some(bar) = &bar {
            bar.finish_and_clear();
        }
        let result = result?;
        let counts: Vec<(&str, u64)> = RowStatus::ALL
            .iter()
            .map(|s| (s.as_str(), result.counts.get(*s)))
            .collect();
        let problems: Vec<Value> = result
            .rows
            .iter()
            .filter(|r| !r.status.is_registered())
            .map(|r| {
                json!({
                    "index": r.index,
                    "session_token": r.session_token,
                    "email": r.email,
                    "status": r.status.as_str(),
                    "error": r.error.as_ref().map(ToString::to_string),
                })
            })
            .collect();
        let mut summary = serde_json::Map::new();
        for (status, count) in &counts {
            summary.insert((*status).to_owned(), Value::from(*count));
        }
        summary.insert(
            "journal".into(),
            json!(self.journal.as_ref().map(|p| p.display().to_string())),
        );
        summary.insert("not_registered".into(), Value::Array(problems.clone()));
        out.document(&Value::Object(summary))?;
        if !self.quiet {
            let line: Vec<String> = counts.iter().map(|(s, n)| format!("{n} {s}")).collect();
            eprintln!("flow: {} rows: {}", result.rows.len(), line.join(", "));
            if !problems.is_empty() {
                eprintln!(
                    "flow: {} rows are not registered; {}",
                    problems.len(),
                    rerun_hint(self.journal.as_deref())
                );
            }
        }
        Ok(if problems.is_empty() {
            exit::OK
        } else {
            exit::INCOMPLETE
        })
    }

    fn bar(&self) -> ProgressBar {
        // Counting the records first is one quick read of the file; a bar with an end is worth it.
        let total = CsvRows::open(&self.file).map(|rows| rows.count() as u64).ok();
        let bar = total.map_or_else(ProgressBar::new_spinner, ProgressBar::new);
        let style = ProgressStyle::with_template("{bar:30} {pos}/{len} rows {msg} ({eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar
    }
}

/// What to do after an import stopped short: rerun with the journal.
pub fn rerun_hint(journal: Option<&std::path::Path>) -> String {
    match journal {
        Some(path) => format!(
            "the journal {} records every row sent; rerun the same command to finish without registering anyone twice",
            path.display()
        ),
        None => "rerun with --journal FILE so a rerun skips the rows already done".to_owned(),
    }
}
