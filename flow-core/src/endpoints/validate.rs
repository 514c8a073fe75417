//! Input checks shared by endpoints, so bad input fails before anything is sent.

use chrono::NaiveDate;

use crate::endpoint::invalid;
use crate::Error;

/// A plausible email: one `@`, a non-empty local part, a dotted domain, no inner spaces. Surrounding
/// spaces (a pasted address) are allowed: the endpoints send the trimmed value.
pub(crate) fn email(endpoint: &'static str, value: &str) -> Result<(), Error> {
    let value = value.trim();
    let reason = if value.is_empty() {
        Some("must not be empty")
    } else if value.len() > 254 || value.chars().any(char::is_whitespace) {
        Some("must be one address without spaces")
    } else {
        match value.rsplit_once('@') {
            Some((local, domain))
                if !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains('@') =>
            {
                None
            }
            _ => Some("is not an email address (expected name@example.com)"),
        }
    };
    match reason {
        Some(reason) => Err(invalid(endpoint, "email", format!("{value:?} {reason}"))),
        None => Ok(()),
    }
}

/// A value that must have visible text.
pub(crate) fn non_empty(endpoint: &'static str, field: &'static str, value: &str) -> Result<(), Error> {
    if value.trim().is_empty() {
        return Err(invalid(endpoint, field, "must not be empty".to_owned()));
    }
    Ok(())
}

/// Whether `text` is a date as chrono's `NaiveDate::parse_from_str(text, "%Y-%m-%d")` reads one,
/// written out: chrono's format parser is about 10 KB of the gzipped wasm package, and these two
/// checks were all it was there for. Chrono still decides which dates exist.
pub(crate) fn is_date(text: &str) -> bool {
    let date = || {
        let text = text.trim_start();
        let (year, rest) = match text.as_bytes().first() {
            Some(b'-') => digits(&text[1..], usize::MAX).map(|(year, rest)| (-year, rest))?,
            Some(b'+') => digits(&text[1..], usize::MAX)?,
            _ => digits(text, 4)?,
        };
        let (month, rest) = digits(rest.strip_prefix('-')?.trim_start(), 2)?;
        let (day, rest) = digits(rest.strip_prefix('-')?.trim_start(), 2)?;
        let year = i32::try_from(year).ok()?;
        let (month, day) = (u32::try_from(month).ok()?, u32::try_from(day).ok()?);
        NaiveDate::from_ymd_opt(year, month, day).filter(|_| rest.is_empty())
    };
    date().is_some()
}

/// Whether `text` is a time as chrono's `NaiveTime::parse_from_str(text, "%H:%M:%S")` reads one
/// (second 60 is a leap second), written out for the reason [`is_date`] gives.
pub(crate) fn is_time(text: &str) -> bool {
    let time = || {
        let (hour, rest) = digits(text.trim_start(), 2)?;
        let (minute, rest) = digits(rest.strip_prefix(':')?.trim_start(), 2)?;
        let (second, rest) = digits(rest.strip_prefix(':')?.trim_start(), 2)?;
        (rest.is_empty() && hour <= 23 && minute <= 59 && second <= 60).then_some(())
    };
    time().is_some()
}

/// A number as chrono's parser reads one: 1 to `max` ASCII digits, and the text after them.
fn digits(text: &str, max: usize) -> Option<(i64, &str)> {
    let count = text.bytes().take(max).take_while(u8::is_ascii_digit).count();
    let value = text[..count].parse().ok()?;
    Some((value, &text[count..]))
}

#[cfg(test)]
mod tests {
    use chrono::NaiveTime;

    use super::*;

    #[test]
    fn dates_and_times_are_read_as_chrono_reads_them() {
        let dates = [
            "2024-09-03",
            "2024-9-3",
            " 2024- 09- 3",
            "2024-02-29",
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-01-00",
            "2024-01-32",
            "03/09/2024",
            "20245-01-01",
            "+20245-01-01",
            "-0044-03-15",
            "-",
            "+",
            "",
            "2024-09-03 ",
            "2024-09-03x",
            "2024--09-03",
            "99999-1-1",
            "+262143-12-31",
            "+262144-01-01",
            "-99999999999999999999-01-01",
            "0000-01-01",
            "١٢٣٤-01-01",
            "2024-09-003",
            "2024-0a-03",
            "\u{a0}2024-09-03",
        ];
        for date in dates {
            let chrono = NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok();
            assert_eq!(is_date(date), chrono, "{date:?}");
        }
        let times = [
            "17:30:00",
            "7:5:0",
            " 17: 30: 00",
            "23:59:60",
            "24:00:00",
            "12:60:00",
            "12:00:61",
            "17:30",
            "17:30:00 ",
            "17:30:00.5",
            "17-30-00",
            "",
            "::",
            "017:30:00",
            "\u{2003}9:00:00",
        ];
        for time in times {
            let chrono = NaiveTime::parse_from_str(time, "%H:%M:%S").is_ok();
            assert_eq!(is_time(time), chrono, "{time:?}");
        }
    }
}
