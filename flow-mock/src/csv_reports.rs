//! The CSV reports of endpoint 9, written with the `csv` crate so that commas, quotes, line breaks
//! and non-ASCII text in names and chat messages come out correctly quoted. Rows end in `\n`.

use csv::{Terminator, Writer, WriterBuilder};

use crate::store::{ChatMessage, Registration, Survey, SurveyResponse};
use crate::wire::DATE_TIME;

pub const REGISTRANTS_HEADER: [&str; 9] = [
    "User ID",
    "Email",
    "First Name",
    "Last Name",
    "Phone",
    "Location",
    "Entry Time",
    "Exit Time",
    "Role",
];
pub const CHAT_HEADER: [&str; 4] = ["Time", "Name", "Email", "Message"];
pub const SURVEY_DETAIL_HEADER: [&str; 3] = ["Email", "Question", "Answer"];
pub const SURVEY_RESULTS_HEADER: [&str; 5] = ["Survey ID", "Survey", "Question", "Answer", "Responses"];

fn writer() -> Writer<Vec<u8>> {
    WriterBuilder::new()
        .terminator(Terminator::Any(b'\n'))
        .from_writer(Vec::new())
}

fn finish(writer: Writer<Vec<u8>>) -> csv::Result<Vec<u8>> {
    writer.into_inner().map_err(|e| e.into_error().into())
}

/// CSV bytes as text, for reports embedded in JSON.
pub fn text(bytes: Vec<u8>) -> csv::Result<String> {
    String::from_utf8(bytes).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e).into())
}

/// Registrant rows, optionally preceded by the header line.
pub fn registrants<'a>(rows: impl Iterator<Item = &'a Registration>, header: bool) -> csv::Result<Vec<u8>> {
    let mut w = writer();
    if header {
        w.write_record(REGISTRANTS_HEADER)?;
    }
    for r in rows {
        let (entry, exit) = r.attendance.map_or((String::new(), String::new()), |a| {
            (
                a.entry.format(DATE_TIME).to_string(),
                a.exit.format(DATE_TIME).to_string(),
            )
        });
        w.write_record([
            r.user_id.to_string().as_str(),
            &r.email,
            &r.first_name,
            &r.last_name,
            &r.phone,
            &r.location,
            &entry,
            &exit,
            &r.role.to_string(),
        ])?;
    }
    finish(w)
}

pub fn chat<'a>(messages: impl Iterator<Item = &'a ChatMessage>) -> csv::Result<Vec<u8>> {
    let mut w = writer();
    w.write_record(CHAT_HEADER)?;
    for m in messages {
        w.write_record([
            m.time.format(DATE_TIME).to_string().as_str(),
            &m.name,
            &m.email,
            &m.message,
        ])?;
    }
    finish(w)
}

/// Every answer to one survey; anonymous surveys leave the email empty.
pub fn survey_detail<'a>(
    survey: &Survey,
    responses: impl Iterator<Item = &'a SurveyResponse>,
) -> csv::Result<Vec<u8>> {
    let mut w = writer();
    w.write_record(SURVEY_DETAIL_HEADER)?;
    for r in responses.filter(|r| r.survey_id == survey.id) {
        let Some(question) = survey.questions.get(r.question) else {
            continue;
        };
        let answer = question.options.get(r.answer).map_or("", String::as_str);
        let email = if survey.anonymous { "" } else { &r.email };
        w.write_record([email, &question.text, answer])?;
    }
    finish(w)
}

/// Answer counts for every option of every question of the given surveys, zeros included.
pub fn survey_results(surveys: &[&Survey], responses: &[SurveyResponse]) -> csv::Result<Vec<u8>> {
    let mut w = writer();
    w.write_record(SURVEY_RESULTS_HEADER)?;
    for survey in surveys {
        for (q, question) in survey.questions.iter().enumerate() {
            for (a, answer) in question.options.iter().enumerate() {
                let count = responses
                    .iter()
                    .filter(|r| r.survey_id == survey.id && r.question == q && r.answer == a)
                    .count();
                w.write_record([
                    survey.id.to_string().as_str(),
                    &survey.name,
                    &question.text,
                    answer,
                    &count.to_string(),
                ])?;
            }
        }
    }
    finish(w)
}
