//! The shape every endpoint shares: build a request, parse a response, both pure.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::http::{HttpRequest, HttpResponse, Method, API_SECRET_HEADER};
use crate::{Config, Error};

/// Whether an endpoint sends the account secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    /// Needs the secret; calling without one fails before sending.
    Required,
    /// Sent when configured, not required (the SSO room lookup, whose doc is silent).
    Optional,
    /// Never sent, even when configured: a public call must not carry the secret into a page.
    Never,
}

/// One Flow API operation. `build` and `parse` do no I/O, so every runtime shares them.
pub trait Endpoint {
    /// What a successful call returns.
    type Output;
    /// Neutral operation name (`registrants.list`), used in errors, logs and conformance vectors.
    const NAME: &'static str;
    /// HTTP method.
    const METHOD: Method;
    /// Secret handling.
    const AUTH: Auth;
    /// Whether sending twice is harmless. Registrations and event creations are not, even the SSO
    /// link, which is a GET that registers.
    const IDEMPOTENT: bool;

    /// The path below the base URL, values percent-encoded, after validating them.
    fn path(&self) -> Result<String, Error>;

    /// Query parameters.
    fn query(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }

    /// JSON body, after validating it.
    fn body(&self) -> Result<Option<serde_json::Value>, Error> {
        Ok(None)
    }

    /// Turns an answer into the typed result or a typed error.
    fn parse(&self, response: &HttpResponse) -> Result<Self::Output, Error>;

    /// The request for this call under `config`; every input check happens here.
    fn build(&self, config: &Config) -> Result<HttpRequest, Error> {
        let mut url = config.base_url.trim_end_matches('/').to_owned();
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(Error::MissingConfiguration {
                endpoint: Self::NAME,
                message: format!(
                    "base URL {url:?} is not an http(s) URL; pass base_url or set FLOW_BASE_URL, e.g. https://prod.flowapp.com/api/v1"
                ),
            });
        }
        url.push_str(&self.path()?);
        let query = self.query();
        for (i, (key, value)) in query.iter().enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            url.push_str(key);
            url.push('=');
            url.extend(utf8_percent_encode(value, SEGMENT));
        }
        let mut headers = vec![("accept".to_owned(), "application/json".to_owned())];
        // A blank secret (an empty setting or variable) is no secret: fail here, not with a 401.
        let secret = config
            .api_secret
            .as_ref()
            .filter(|s| !s.expose().trim().is_empty());
        match (Self::AUTH, secret) {
            (Auth::Required | Auth::Optional, Some(secret)) => {
                headers.push((API_SECRET_HEADER.to_owned(), secret.expose().to_owned()))
            }
            (Auth::Required, None) => {
                return Err(Error::MissingConfiguration {
                    endpoint: Self::NAME,
                    message: "this call needs the account's API secret: give it to the client (api_secret in Rust and Python, apiSecret in JS) or set the FLOW_API_SECRET environment variable".to_owned(),
                })
            }
            _ => {}
        }
        let body = match self.body()? {
            Some(json) => {
                headers.push(("content-type".to_owned(), "application/json".to_owned()));
                Some(serde_json::to_vec(&json).expect("a JSON value always serializes"))
            }
            None => None,
        };
        Ok(HttpRequest {
            method: Self::METHOD,
            url,
            headers,
            body,
            timeout: config.timeout,
        })
    }
}

/// Everything but RFC 3986 unreserved characters is encoded, so a value is always one segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Builds a path from literal segments and user values.
pub(crate) struct PathBuilder {
    endpoint: &'static str,
    path: String,
}

impl PathBuilder {
    pub(crate) fn new(endpoint: &'static str, literal: &str) -> Self {
        Self {
            endpoint,
            path: literal.to_owned(),
        }
    }

    /// Appends `/value`, refusing values that could not be one path segment. `.` and `..` are
    /// refused because URL parsers (and `%2E%2E`) resolve them as dot segments.
    pub(crate) fn param(mut self, field: &'static str, value: &str) -> Result<Self, Error> {
        check_segment(self.endpoint, field, value)?;
        self.path.push('/');
        self.path.extend(utf8_percent_encode(value, SEGMENT));
        Ok(self)
    }

    /// Appends `/a*_*b*_*c`: each value encoded, joined by the SSO separator.
    pub(crate) fn joined(mut self, separator: &str, parts: &[(&'static str, &str)]) -> Result<Self, Error> {
        self.path.push('/');
        for (i, (field, value)) in parts.iter().enumerate() {
            check_segment(self.endpoint, field, value)?;
            if value.contains(separator) {
                return Err(invalid(
                    self.endpoint,
                    field,
                    format!("must not contain the separator {separator:?}"),
                ));
            }
            if i > 0 {
                self.path.push_str(separator);
            }
            self.path.extend(utf8_percent_encode(value, SEGMENT));
        }
        Ok(self)
    }

    pub(crate) fn finish(self) -> String {
        self.path
    }
}

fn check_segment(endpoint: &'static str, field: &'static str, value: &str) -> Result<(), Error> {
    if value.trim().is_empty() {
        return Err(invalid(endpoint, field, "must not be empty".to_owned()));
    }
    if value == "." || value == ".." {
        return Err(invalid(
            endpoint,
            field,
            format!("{value:?} is not a valid token"),
        ));
    }
    Ok(())
}

/// An [`Error::InvalidRequest`].
pub(crate) fn invalid(endpoint: &'static str, field: &'static str, reason: String) -> Error {
    Error::InvalidRequest {
        endpoint,
        field,
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_values_stay_one_segment() {
        let p = PathBuilder::new("t", "/x")
            .param("token", "../a b/?#é")
            .unwrap()
            .finish();
        assert_eq!(p, "/x/..%2Fa%20b%2F%3F%23%C3%A9");
        assert!(PathBuilder::new("t", "/x").param("token", "..").is_err());
        assert!(PathBuilder::new("t", "/x").param("token", " ").is_err());
    }
}
