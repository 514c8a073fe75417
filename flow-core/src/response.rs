//! Reading answers: the envelope, server errors, and malformed bodies, for every endpoint alike.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

use crate::csv_table::{decode_text, parse_csv};
use crate::error::{body_excerpt, StatusError};
use crate::http::HttpResponse;
use crate::models::{Report, SummaryReport};
use crate::Error;

#[derive(Deserialize)]
struct RawEnvelope<'a> {
    #[serde(default)]
    code: Option<Value>,
    #[serde(borrow, default)]
    data: Option<&'a RawValue>,
    #[serde(default)]
    message: Option<Value>,
    #[serde(default, rename = "localDescription")]
    local_description: Option<Value>,
}

/// The `data` of a successful envelope (absent or null is `None`) and the server's message.
pub(crate) struct Envelope<'a> {
    pub(crate) data: Option<&'a RawValue>,
    pub(crate) message: Option<String>,
}

/// An [`Error::ResponseValidation`] for this answer.
pub(crate) fn invalid_response(
    endpoint: &'static str,
    response: &HttpResponse,
    reason: impl Into<String>,
) -> Error {
    Error::ResponseValidation {
        endpoint,
        status: response.status,
        reason: reason.into(),
        body: body_excerpt(&response.body),
        request_id: response.request_id().map(str::to_owned),
    }
}

/// The error for a non-2xx answer (or a 2xx envelope whose `code` is an error, given as `code`).
pub(crate) fn status_error(endpoint: &'static str, response: &HttpResponse, code: Option<u16>) -> Error {
    Error::Status(Box::new(StatusError {
        endpoint,
        status: code.unwrap_or(response.status),
        http_status: response.status,
        message: server_message(&response.body),
        body: body_excerpt(&response.body),
        request_id: response.request_id().map(str::to_owned),
        location: (300..400)
            .contains(&response.status)
            .then(|| response.header("location").map(origin))
            .flatten(),
    }))
}

/// The scheme, host and port of a redirect's `Location`, never its path or query, which may carry
/// tokens; a relative one stays on the same host.
fn origin(location: &str) -> String {
    let location = location.trim();
    match location.split_once("://") {
        Some((scheme, rest)) => {
            let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
            let host = authority.rsplit('@').next().unwrap_or(authority);
            format!("{scheme}://{host}")
        }
        None => "the same host".to_owned(),
    }
}

fn server_message(body: &[u8]) -> Option<String> {
    if let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(body) {
        let text = |v: &Value| match v {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            Value::Object(inner) => inner.get("message").and_then(Value::as_str).map(str::to_owned),
            _ => None,
        };
        return ["message", "localDescription", "error", "detail"]
            .iter()
            .find_map(|k| map.get(*k).and_then(text));
    }
    let text = String::from_utf8_lossy(&body[..body.len().min(4096)]);
    let lower = text.to_ascii_lowercase();
    let start = lower.find("<title>")? + "<title>".len();
    let end = start + lower[start..].find("</title>")?;
    Some(text[start..end].trim().to_owned()).filter(|t| !t.is_empty())
}

fn as_code(value: &Value) -> Option<u16> {
    match value {
        Value::Number(n) => n.as_u64().and_then(|c| u16::try_from(c).ok()),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn text_of(value: Option<Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.trim().is_empty() => Some(s),
        _ => None,
    }
}

fn trimmed(body: &[u8]) -> &[u8] {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(body.len());
    &body[start..]
}

/// Checks the status and the envelope. A bare JSON array is accepted as the data itself.
pub(crate) fn envelope<'a>(
    endpoint: &'static str,
    response: &'a HttpResponse,
) -> Result<Envelope<'a>, Error> {
    if !response.is_success() {
        return Err(status_error(endpoint, response, None));
    }
    let body = trimmed(&response.body);
    match body.first() {
        None => Err(invalid_response(
            endpoint,
            response,
            "the body is empty; expected JSON",
        )),
        Some(b'[') => match serde_json::from_slice::<&RawValue>(body) {
            Ok(raw) => Ok(Envelope {
                data: Some(raw),
                message: None,
            }),
            Err(e) => Err(invalid_response(
                endpoint,
                response,
                format!("the body is not valid JSON ({e})"),
            )),
        },
        Some(b'{') => {
            let raw: RawEnvelope<'a> = serde_json::from_slice(body).map_err(|e| {
                invalid_response(endpoint, response, format!("the body is not valid JSON ({e})"))
            })?;
            if let Some(code) = raw.code.as_ref() {
                match as_code(code) {
                    Some(200) => {}
                    Some(code) => return Err(status_error(endpoint, response, Some(code))),
                    None => {
                        return Err(invalid_response(
                            endpoint,
                            response,
                            format!("the envelope code {code} is not a status"),
                        ))
                    }
                }
            }
            Ok(Envelope {
                data: raw.data,
                message: text_of(raw.message).or_else(|| text_of(raw.local_description)),
            })
        }
        Some(_) => {
            let what = if body.starts_with(b"<") {
                "an HTML page"
            } else {
                "text"
            };
            Err(invalid_response(
                endpoint,
                response,
                format!("expected JSON, got {what}"),
            ))
        }
    }
}

/// Reads an optional `data` as `T`.
pub(crate) fn decode<T: DeserializeOwned>(
    endpoint: &'static str,
    response: &HttpResponse,
    data: &RawValue,
) -> Result<T, Error> {
    serde_json::from_str(data.get()).map_err(|e| {
        invalid_response(
            endpoint,
            response,
            format!("`data` does not have the expected shape ({e})"),
        )
    })
}

/// A successful envelope read in one pass, `data` straight into its type.
#[derive(Deserialize)]
struct DirectEnvelope<T> {
    #[serde(default)]
    code: Option<Value>,
    #[serde(default = "Option::default")]
    data: Option<T>,
}

/// The envelope's `data` as `T`; an absent or null `data` is an error, never an empty result.
///
/// The usual answer, a successful envelope whose `data` has the expected shape, is read in one
/// pass. Anything else is read again in two (the envelope, then its `data`), which say exactly
/// what is wrong; the one pass saves re-scanning a large `data` (about a tenth of reading a
/// 100,000-item list).
pub(crate) fn parse_data<T: DeserializeOwned>(
    endpoint: &'static str,
    response: &HttpResponse,
) -> Result<T, Error> {
    if response.is_success() {
        if let Ok(DirectEnvelope {
            code,
            data: Some(data),
        }) = serde_json::from_slice(trimmed(&response.body))
        {
            if code.is_none_or(|code| as_code(&code) == Some(200)) {
                return Ok(data);
            }
        }
    }
    let envelope = envelope(endpoint, response)?;
    let data = envelope
        .data
        .ok_or_else(|| invalid_response(endpoint, response, "the envelope has no `data`"))?;
    decode(endpoint, response, data)
}

fn is_json(response: &HttpResponse) -> bool {
    let content_type = response.header("content-type").unwrap_or("").to_ascii_lowercase();
    if content_type.contains("json") {
        return true;
    }
    !content_type.contains("csv") && trimmed(&response.body).first() == Some(&b'{')
}

/// A single-kind CSV report, sent either as raw CSV or as an envelope whose `data` is the CSV text.
/// Raw CSV becomes the report's text in place: the body's bytes are not copied.
pub(crate) fn parse_report(endpoint: &'static str, response: HttpResponse) -> Result<Report, Error> {
    // Kept for an error, since the body itself becomes the text.
    let excerpt = body_excerpt(&response.body);
    let (status, request_id) = (response.status, response.request_id().map(str::to_owned));
    let text = report_text(endpoint, response)?;
    parse_csv(text).map_err(|reason| Error::ResponseValidation {
        endpoint,
        status,
        reason,
        body: excerpt,
        request_id,
    })
}

/// A CSV report's text, checked as reports are (a success, CSV or an envelope holding CSV, not an
/// HTML page) but not parsed into a table; the body's bytes become the text without a copy.
pub(crate) fn report_text(endpoint: &'static str, mut response: HttpResponse) -> Result<String, Error> {
    if !response.is_success() {
        return Err(status_error(endpoint, &response, None));
    }
    if is_json(&response) {
        return match parse_data::<Value>(endpoint, &response)? {
            Value::String(csv) => Ok(csv),
            other => Err(invalid_response(
                endpoint,
                &response,
                format!("`data` should be CSV text, got {}", json_type(&other)),
            )),
        };
    }
    let content_type = response.header("content-type").unwrap_or("").to_ascii_lowercase();
    if content_type.contains("html") || trimmed(&response.body).starts_with(b"<") {
        return Err(invalid_response(
            endpoint,
            &response,
            "expected CSV, got an HTML page",
        ));
    }
    Ok(decode_text(std::mem::take(&mut response.body)))
}

/// The compiled summary: an envelope whose `data` holds four CSV members.
pub(crate) fn parse_summary(endpoint: &'static str, response: &HttpResponse) -> Result<SummaryReport, Error> {
    let Value::Object(mut members) = parse_data::<Value>(endpoint, response)? else {
        return Err(invalid_response(
            endpoint,
            response,
            "`data` should be an object of CSV texts",
        ));
    };
    let mut table = |name: &str| -> Result<Report, Error> {
        match members.remove(name) {
            None | Some(Value::Null) => Ok(Report::default()),
            Some(Value::String(csv)) if csv.trim().is_empty() => Ok(Report::default()),
            Some(Value::String(csv)) => parse_csv(csv)
                .map_err(|reason| invalid_response(endpoint, response, format!("`{name}`: {reason}"))),
            Some(other) => Err(invalid_response(
                endpoint,
                response,
                format!("`{name}` should be CSV text, got {}", json_type(&other)),
            )),
        }
    };
    Ok(SummaryReport {
        registrants: table("registrants")?,
        attendee_chat: table("attendeeChat")?,
        operator_chat: table("operatorChat")?,
        survey_results: table("surveyResults")?,
    })
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
