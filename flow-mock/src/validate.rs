//! Request-body checks shared by the write endpoints; every rejection names the offending field.

use serde_json::{Map, Value};

use crate::envelope::ApiError;

/// The body as a JSON object, or 400.
pub fn json_object(body: &[u8]) -> Result<Map<String, Value>, ApiError> {
    match serde_json::from_slice(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ApiError::bad_request(
            "Invalid JSON body",
            "The request body must be a JSON object.",
        )),
        Err(e) => Err(ApiError::bad_request(
            "Invalid JSON body",
            format!("The request body is not valid JSON: {e}."),
        )),
    }
}

pub fn missing(field: &str) -> ApiError {
    ApiError::bad_request(
        format!("Missing required field: {field}"),
        format!("The field '{field}' is required."),
    )
}

pub fn invalid(field: &str, why: &str) -> ApiError {
    ApiError::bad_request(format!("Invalid {field}"), format!("The field '{field}' {why}."))
}

/// A present string field (possibly empty).
pub fn string<'a>(obj: &'a Map<String, Value>, field: &str) -> Result<&'a str, ApiError> {
    match obj.get(field) {
        None | Some(Value::Null) => Err(missing(field)),
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(invalid(field, "must be a string")),
    }
}

/// A present string field that is not blank, trimmed.
pub fn non_empty<'a>(obj: &'a Map<String, Value>, field: &str) -> Result<&'a str, ApiError> {
    let value = string(obj, field)?.trim();
    if value.is_empty() {
        return Err(invalid(field, "must not be empty"));
    }
    Ok(value)
}

/// Checks the shape of an address: one `@`, a dotted domain, no spaces or separators.
pub fn is_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    let forbidden = |c: char| c.is_whitespace() || c.is_control() || "<>()[],;:\\\"@".contains(c);
    value.len() <= 254
        && !local.is_empty()
        && !local.contains(forbidden)
        && !domain.contains(forbidden)
        && domain.contains('.')
        && domain
            .split('.')
            .all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'))
}

/// A validated email, trimmed.
pub fn email(value: &str) -> Result<String, ApiError> {
    let value = value.trim();
    if is_email(value) {
        Ok(value.to_owned())
    } else {
        Err(ApiError::bad_request(
            "Invalid email",
            format!("'{value}' is not a valid email address."),
        ))
    }
}

/// A flag in any of the forms Flow itself uses: `true`, `1`, `"1"`, `"true"`.
pub fn flag(value: &Value, field: &str) -> Result<bool, ApiError> {
    match value {
        Value::Bool(b) => Ok(*b),
        Value::Number(n) if n.as_u64() == Some(0) => Ok(false),
        Value::Number(n) if n.as_u64() == Some(1) => Ok(true),
        Value::String(s) if s == "0" || s == "false" => Ok(false),
        Value::String(s) if s == "1" || s == "true" => Ok(true),
        _ => Err(invalid(field, "must be a boolean, 0 or 1")),
    }
}

/// An optional flag, `default` when absent or null.
pub fn optional_flag(obj: &Map<String, Value>, field: &str, default: bool) -> Result<bool, ApiError> {
    match obj.get(field) {
        None | Some(Value::Null) => Ok(default),
        Some(value) => flag(value, field),
    }
}

/// A non-negative integer, as a number or a numeric string.
pub fn id(value: &Value, field: &str) -> Result<u64, ApiError> {
    match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .ok_or_else(|| invalid(field, "must be a non-negative integer"))
}
