//! The journal that makes a bulk registration safe to rerun: JSON lines, one per event, appended
//! and flushed as they happen. Before a row is sent a `sending` line is written, after it finishes
//! its final status; so a run cut off at any point (Ctrl-C, a cancelled task, an `AbortSignal`, a
//! killed process) leaves a record of every row that may have reached the server.
//!
//! A rerun reads the journal first: rows recorded `created` or `existing` are not sent again; rows
//! recorded `sending` or `unknown` are reconciled with one `registrants.list` per session; rows
//! recorded `failed` were provably not processed and are sent again.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::bulk::RowStatus;
use super::rows::CREATE_MANY;
use crate::transport::MaybeSendSync;
use crate::{Error, Registration};

/// The first line of every journal; a file that starts otherwise is not written to.
pub const JOURNAL_HEADER: &str = r#"{"flow_journal":1}"#;

/// Where a journal's lines live: a file natively ([`FileJournal`]), Node's `fs` in the npm
/// package. Appends must be written through before returning (a crash right after must keep them).
pub trait JournalStore: MaybeSendSync {
    /// Calls `line` for every line written so far, oldest first, each with its `\n` (the last
    /// may lack one: torn by a crash).
    fn read(&self, line: &mut dyn FnMut(&str)) -> Result<(), Error>;
    /// Appends `text` (whole lines, each ending in `\n`).
    fn append(&self, text: &str) -> Result<(), Error>;
}

/// What a journal line says about a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Entry {
    /// About to be sent: the server may see it from now on.
    Sending,
    /// Finished with this status.
    #[serde(untagged)]
    Finished(RowStatus),
}

/// One journal line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JournalLine {
    /// The row's position in the input of the run that wrote it.
    pub index: u64,
    /// What happened.
    pub status: Entry,
    /// The session the row registers for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_token: Option<String>,
    /// The row's email, as given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The server's answer, for `created` and `existing`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration: Option<Registration>,
    /// Why it failed or is unknown, for a person reading the journal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The key rows are matched by: session and email, the email compared without case, as the
/// server compares it.
pub(crate) fn row_key(session_token: &str, email: &str) -> (String, String) {
    (session_token.to_owned(), email.trim().to_ascii_lowercase())
}

/// A row's state as the journal leaves it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Recorded {
    /// `created` or `existing`: not sent again.
    Done(RowStatus, Option<Registration>),
    /// `sending` or `unknown` last: the server may have it; a read decides.
    Unresolved,
    /// `failed` last: provably not processed, sent again.
    Retry,
}

/// A journal opened for a run: what earlier runs recorded, and the store new lines go to.
pub struct Journal<'a> {
    store: &'a dyn JournalStore,
    pub(crate) recorded: HashMap<(String, String), Recorded>,
}

impl<'a> Journal<'a> {
    /// Reads `store` (writing the header to a new one). Lines that do not parse are skipped: the
    /// last line of a journal cut off mid-write is torn.
    pub fn open(store: &'a dyn JournalStore) -> Result<Self, Error> {
        let mut recorded = HashMap::new();
        let mut first = true;
        let mut foreign = false;
        let mut torn = false;
        store.read(&mut |line: &str| {
            torn = !line.ends_with('\n');
            if std::mem::take(&mut first) {
                foreign = line.trim() != JOURNAL_HEADER;
                return;
            }
            if foreign {
                return;
            }
            let Ok(line) = serde_json::from_str::<JournalLine>(line) else {
                return;
            };
            let (Some(session), Some(email)) = (&line.session_token, &line.email) else {
                return;
            };
            let state = match line.status {
                Entry::Finished(status @ (RowStatus::Created | RowStatus::Existing)) => {
                    Recorded::Done(status, line.registration)
                }
                Entry::Sending | Entry::Finished(RowStatus::Unknown) => Recorded::Unresolved,
                Entry::Finished(RowStatus::Failed) => Recorded::Retry,
                Entry::Finished(RowStatus::Invalid | RowStatus::Duplicate) => return,
            };
            recorded.insert(row_key(session, email), state);
        })?;
        if foreign {
            return Err(Error::InvalidRequest {
                endpoint: CREATE_MANY,
                field: "journal".into(),
                reason: "is not a journal this SDK wrote (its first line is not the journal header); \
                         give a new path or the journal of an earlier run"
                    .to_owned(),
            });
        }
        if first {
            store.append(&format!("{JOURNAL_HEADER}\n"))?;
        } else if torn {
            // End the torn line, so the next one is not glued to it.
            store.append("\n")?;
        }
        Ok(Self { store, recorded })
    }

    /// Appends one line, written through before this returns.
    pub(crate) fn write(&self, line: &JournalLine) -> Result<(), Error> {
        let mut text = serde_json::to_string(line).map_err(|e| Error::InvalidRequest {
            endpoint: CREATE_MANY,
            field: "journal".into(),
            reason: format!("could not write a line: {e}"),
        })?;
        text.push('\n');
        self.store.append(&text)
    }
}

/// A journal file, appended with one write per line (`O_APPEND`), so lines stay whole.
#[cfg(not(target_arch = "wasm32"))]
pub struct FileJournal {
    path: std::path::PathBuf,
    file: std::sync::Mutex<std::fs::File>,
}

#[cfg(not(target_arch = "wasm32"))]
impl FileJournal {
    /// Opens `path` for appending, creating it if needed.
    pub fn open(path: impl Into<std::path::PathBuf>) -> Result<Self, Error> {
        let path = path.into();
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|e| io_error(&path, "open", &e))?;
        Ok(Self {
            path,
            file: std::sync::Mutex::new(file),
        })
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn io_error(path: &std::path::Path, what: &str, error: &std::io::Error) -> Error {
    Error::InvalidRequest {
        endpoint: CREATE_MANY,
        field: "journal".into(),
        reason: format!("could not {what} {}: {error}", path.display()),
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl JournalStore for FileJournal {
    fn read(&self, line: &mut dyn FnMut(&str)) -> Result<(), Error> {
        use std::io::BufRead;
        let file = std::fs::File::open(&self.path).map_err(|e| io_error(&self.path, "read", &e))?;
        let mut reader = std::io::BufReader::new(file);
        let mut buffer = Vec::new();
        loop {
            buffer.clear();
            match reader.read_until(b'\n', &mut buffer) {
                Ok(0) => return Ok(()),
                Ok(_) => line(&String::from_utf8_lossy(&buffer)),
                Err(e) => return Err(io_error(&self.path, "read", &e)),
            }
        }
    }

    fn append(&self, text: &str) -> Result<(), Error> {
        use std::io::Write;
        let mut file = self.file.lock().unwrap_or_else(|p| p.into_inner());
        file.write_all(text.as_bytes())
            .and_then(|()| file.flush())
            .map_err(|e| io_error(&self.path, "append to", &e))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    #[derive(Default)]
    struct Lines(Mutex<String>);

    impl JournalStore for Lines {
        fn read(&self, line: &mut dyn FnMut(&str)) -> Result<(), Error> {
            self.0.lock().unwrap().split_inclusive('\n').for_each(line);
            Ok(())
        }
        fn append(&self, text: &str) -> Result<(), Error> {
            self.0.lock().unwrap().push_str(text);
            Ok(())
        }
    }

    #[test]
    fn the_last_line_about_a_row_decides_and_torn_lines_are_skipped() {
        let store = Lines(Mutex::new(format!(
            "{JOURNAL_HEADER}\n\
             {{\"index\":0,\"status\":\"sending\",\"session_token\":\"S\",\"email\":\"A@x.co\"}}\n\
             {{\"index\":0,\"status\":\"created\",\"session_token\":\"S\",\"email\":\"A@x.co\"}}\n\
             {{\"index\":1,\"status\":\"sending\",\"session_token\":\"S\",\"email\":\"b@x.co\"}}\n\
             {{\"index\":2,\"status\":\"failed\",\"session_token\":\"S\",\"email\":\"c@x.co\"}}\n\
             {{\"index\":3,\"status\":\"crea"
        )));
        let journal = Journal::open(&store).unwrap();
        assert_eq!(journal.recorded.len(), 3);
        assert_eq!(
            journal.recorded[&row_key("S", "a@x.co")],
            Recorded::Done(RowStatus::Created, None)
        );
        assert_eq!(journal.recorded[&row_key("S", "B@X.CO")], Recorded::Unresolved);
        assert_eq!(journal.recorded[&row_key("S", "c@x.co")], Recorded::Retry);
        assert!(
            store.0.lock().unwrap().ends_with("\"crea\n"),
            "the torn line is ended"
        );
    }

    #[test]
    fn a_new_journal_gets_the_header_and_a_foreign_file_is_refused() {
        let store = Lines::default();
        Journal::open(&store).unwrap();
        assert_eq!(*store.0.lock().unwrap(), format!("{JOURNAL_HEADER}\n"));
        let csv = Lines(Mutex::new("email,first_name\n".to_owned()));
        assert_eq!(Journal::open(&csv).err().unwrap().field(), Some("journal"));
        assert_eq!(*csv.0.lock().unwrap(), "email,first_name\n");
    }
}
