//! Scrubbing the secret out of text a person may see: error messages, body excerpts, request ids
//! and log lines. A hostile or careless server may echo the secret in any encoding it likes, so
//! every character of it is matched in each form a JSON body or a URL can carry: as itself, as a
//! JSON `\uXXXX` escape (or `\/`, `\\`, `\"`), as percent-encoded UTF-8 bytes, and a space as `+`.

use std::borrow::Cow;

const REDACTED: &str = "***";

/// `text` with every occurrence of `secret`, in any mix of those encodings, replaced by `***`.
/// Linear in the text for a given secret (whose length [`crate::Secret::parse`] bounds).
pub fn scrub<'a>(text: &'a str, secret: &str) -> Cow<'a, str> {
    if secret.is_empty() {
        return Cow::Borrowed(text);
    }
    let secret: Vec<char> = secret.chars().collect();
    // Every form of a character starts with its first UTF-8 byte, `\\`, `%` or (a space) `+`: other
    // positions are passed without looking for a match.
    let mut utf8 = [0u8; 4];
    let first = secret[0].encode_utf8(&mut utf8).as_bytes()[0];
    let may_start = |b: u8| b == first || b == b'\\' || b == b'%' || (b == b'+' && secret[0] == ' ');
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut at = 0;
    while at < text.len() {
        let matched = if may_start(text.as_bytes()[at]) {
            longest_match(&text.as_bytes()[at..], &secret)
        } else {
            None
        };
        if let Some(end) = matched {
            let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
            out.push_str(&text[copied..at]);
            out.push_str(REDACTED);
            at += end;
            copied = at;
        } else {
            at += text[at..].chars().next().map_or(1, char::len_utf8);
        }
    }
    match out {
        Some(mut out) => {
            out.push_str(&text[copied..]);
            Cow::Owned(out)
        }
        None => Cow::Borrowed(text),
    }
}

/// The end of the longest match of `secret` at the start of `text`. The forms of one character
/// overlap (`%` is itself and the start of `%25`), so the candidates are followed as a set.
fn longest_match(text: &[u8], secret: &[char]) -> Option<usize> {
    let mut ends = vec![0usize];
    let mut next = Vec::new();
    for &c in secret {
        next.clear();
        for &start in &ends {
            // Kept sorted and unique as they come: a handful of ends, and no sort in the wasm package.
            forms(&text[start..], c, |len| {
                if let Err(at) = next.binary_search(&(start + len)) {
                    next.insert(at, start + len);
                }
            });
        }
        if next.is_empty() {
            return None;
        }
        std::mem::swap(&mut ends, &mut next);
    }
    ends.last().copied()
}

/// Calls `found(len)` for each encoding of `c` that `text` starts with.
fn forms(text: &[u8], c: char, mut found: impl FnMut(usize)) {
    let mut utf8 = [0u8; 4];
    let literal = c.encode_utf8(&mut utf8).as_bytes();
    if text.starts_with(literal) {
        found(literal.len());
    }
    if c == ' ' && text.first() == Some(&b'+') {
        found(1);
    }
    let short = match c {
        '/' => Some(&b"\\/"[..]),
        '\\' => Some(&b"\\\\"[..]),
        '"' => Some(&b"\\\""[..]),
        _ => None,
    };
    if let Some(short) = short.filter(|s| text.starts_with(s)) {
        found(short.len());
    }
    let mut units = [0u16; 2];
    let mut len = 0;
    for &unit in c.encode_utf16(&mut units).iter() {
        match json_escape(&text[len..]) {
            Some(value) if value == unit => len += 6,
            _ => {
                len = 0;
                break;
            }
        }
    }
    if len > 0 {
        found(len);
    }
    let mut len = 0;
    for &byte in literal {
        match percent_byte(&text[len..]) {
            Some(value) if value == byte => len += 3,
            _ => {
                len = 0;
                break;
            }
        }
    }
    if len > 0 {
        found(len);
    }
}

/// The code unit of a `\uXXXX` escape at the start of `text`.
fn json_escape(text: &[u8]) -> Option<u16> {
    let digits = text.strip_prefix(b"\\u")?.get(..4)?;
    hex(digits).and_then(|v| u16::try_from(v).ok())
}

/// The byte of a `%XX` escape at the start of `text`.
fn percent_byte(text: &[u8]) -> Option<u8> {
    let digits = text.strip_prefix(b"%")?.get(..2)?;
    hex(digits).and_then(|v| u8::try_from(v).ok())
}

/// Hex digits only (`from_str_radix` would also take a sign).
fn hex(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |value, &d| {
        char::from(d).to_digit(16).map(|digit| value * 16 + digit)
    })
}

#[cfg(test)]
mod tests {
    use super::scrub;

    #[test]
    fn every_encoding_is_scrubbed() {
        let secret = "s3/cr%t é+x y";
        for echoed in [
            "s3/cr%t é+x y",
            "s3\\/cr%t \\u00e9+x y",
            "\\u0073\\u0033\\/cr\\u0025t \\u00E9+x+y",
            "s3%2Fcr%25t%20%C3%A9%2Bx+y",
            "s3%2fcr%t%20%c3%a9%2bx%20y",
        ] {
            let text = format!("before {echoed} after");
            assert_eq!(scrub(&text, secret), "before *** after", "{echoed}");
        }
        assert_eq!(scrub("nothing here", secret), "nothing here");
        assert_eq!(scrub("%+7", "\u{7}"), "%+7");
        assert_eq!(scrub("kk-k", "k"), "******-***");
    }

    #[test]
    fn astral_characters_match_as_surrogate_pairs() {
        assert_eq!(scrub("a\\ud83d\\ude00b", "\u{1F600}"), "a***b");
    }
}
