//! The shape every endpoint shares: build a request, parse a response, both pure.

use std::any::Any;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::config::check_base_url;
use crate::http::{HttpRequest, HttpResponse, Method, API_SECRET_HEADER};
use crate::transport::MaybeSendSync;
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
///
/// Every endpoint is also a [`DynEndpoint`], which the driver runs: hence `Send + Sync` (native
/// targets) and an owned (`'static`) `Output`, which the driver returns boxed.
pub trait Endpoint: MaybeSendSync {
    /// What a successful call returns.
    type Output: 'static;
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
    /// Takes the response by value so a report's text can reuse the body's bytes.
    fn parse(&self, response: HttpResponse) -> Result<Self::Output, Error>;

    /// The request for this call under `config`; every input check happens here.
    fn build(&self, config: &Config) -> Result<HttpRequest, Error> {
        let parts = Parts {
            name: Self::NAME,
            method: Self::METHOD,
            auth: Self::AUTH,
            target: &|| Ok((self.path()?, self.query())),
            body: &|| self.body(),
        };
        request(&parts, config)
    }
}

/// An endpoint behind a trait object, as the driver runs it: one copy of a call for every
/// endpoint. A binding that picks the operation at run time (the wasm dispatch) sends one through
/// [`Client::send_dyn`](crate::Client::send_dyn); every [`Endpoint`] is one.
pub trait DynEndpoint: MaybeSendSync {
    /// [`Endpoint::NAME`].
    fn name(&self) -> &'static str;
    /// [`Endpoint::IDEMPOTENT`].
    fn idempotent(&self) -> bool;
    /// [`Endpoint::build`] (named apart, so that neither hides the other where both are in scope).
    fn build_request(&self, config: &Config) -> Result<HttpRequest, Error>;
    /// [`Endpoint::parse`], the result boxed (its type is the endpoint's `Output`).
    fn parse_boxed(&self, response: HttpResponse) -> Result<Box<dyn Any>, Error>;
}

impl<E: Endpoint> DynEndpoint for E {
    fn name(&self) -> &'static str {
        E::NAME
    }

    fn idempotent(&self) -> bool {
        E::IDEMPOTENT
    }

    fn build_request(&self, config: &Config) -> Result<HttpRequest, Error> {
        self.build(config)
    }

    fn parse_boxed(&self, response: HttpResponse) -> Result<Box<dyn Any>, Error> {
        Ok(Box::new(self.parse(response)?))
    }
}

/// What an endpoint contributes to its request; [`request`] adds the rest from the configuration.
/// The path and the body are asked for where their checks come in the order every endpoint
/// follows: base URL, path, secret, body.
struct Parts<'a> {
    name: &'static str,
    method: Method,
    auth: Auth,
    target: &'a dyn Fn() -> Result<Target, Error>,
    body: &'a dyn Fn() -> Result<Option<serde_json::Value>, Error>,
}

/// An endpoint's path and query parameters.
type Target = (String, Vec<(&'static str, String)>);

/// The request for `parts` under `config`. Not generic, so every endpoint shares this one copy
/// (only its path, query and body are its own).
fn request(parts: &Parts<'_>, config: &Config) -> Result<HttpRequest, Error> {
    // A client checked this at construction; a hand-made `Config` is checked here.
    let mut url = check_base_url(&config.base_url)?;
    let (path, query) = (parts.target)()?;
    url.push_str(&path);
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
    match (parts.auth, secret) {
        (Auth::Required | Auth::Optional, Some(secret)) => {
            headers.push((API_SECRET_HEADER.to_owned(), secret.expose().to_owned()))
        }
        (Auth::Required, None) if config.secret_withheld => {
            return Err(Error::MissingConfiguration {
                endpoint: parts.name,
                message: "this call needs the account's API secret, and this client is a copy that never carries it (unpickled on a worker): set the FLOW_API_SECRET environment variable where it runs".to_owned(),
            })
        }
        (Auth::Required, None) => {
            return Err(Error::MissingConfiguration {
                endpoint: parts.name,
                message: "this call needs the account's API secret: give it to the client (api_secret in Rust and Python, apiSecret in JS) or set the FLOW_API_SECRET environment variable".to_owned(),
            })
        }
        _ => {}
    }
    let body = match (parts.body)()? {
        Some(json) => {
            headers.push(("content-type".to_owned(), "application/json".to_owned()));
            Some(serde_json::to_vec(&json).expect("a JSON value always serializes"))
        }
        None => None,
    };
    if let Some(agent) = &config.user_agent {
        headers.push(("user-agent".to_owned(), agent.clone()));
    }
    // The caller's headers come last and win; settings already refused the secret's header.
    for (name, value) in &config.default_headers {
        headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        if let Some(value) = value {
            headers.push((name.clone(), value.clone()));
        }
    }
    Ok(HttpRequest {
        method: parts.method,
        url,
        headers,
        body,
        timeout: config.timeout,
        max_response_bytes: config.max_response_bytes,
    })
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

    /// Appends `/a*_*b*_*c`: each value encoded, joined by the SSO separator. The server splits
    /// the decoded path on the separator, so the values are refused unless the joined text splits
    /// back into exactly them (`Ann*_` + `*_*` + `Lee` would read as `Ann` and `_*Lee`).
    pub(crate) fn joined(mut self, separator: &str, parts: &[(&'static str, &str)]) -> Result<Self, Error> {
        self.path.push('/');
        let ambiguous = |field| {
            invalid(
                self.endpoint,
                field,
                format!("cannot be told apart from its neighbour when joined with {separator:?} (it contains it, or starts or ends with part of it)"),
            )
        };
        for (i, (field, value)) in parts.iter().enumerate() {
            check_segment(self.endpoint, field, value)?;
            if value.contains(separator) {
                return Err(ambiguous(field));
            }
            if i > 0 {
                self.path.push_str(separator);
            }
            self.path.extend(utf8_percent_encode(value, SEGMENT));
        }
        let values: Vec<&str> = parts.iter().map(|(_, value)| *value).collect();
        let joined = values.join(separator);
        let from_left: Vec<&str> = joined.split(separator).collect();
        let mut from_right: Vec<&str> = joined.rsplit(separator).collect();
        from_right.reverse();
        let differs = |split: &[&str]| split.iter().zip(&values).position(|(a, b)| a != b);
        if let Some(at) = differs(&from_left).or_else(|| differs(&from_right)) {
            // The ambiguous boundary is after value `at`; name the value that touches it.
            let next = values.get(at + 1).filter(|v| v.starts_with(['*', '_']));
            let field = if next.is_some() && !values[at].ends_with(['*', '_']) {
                parts[at + 1].0
            } else {
                parts[at].0
            };
            return Err(ambiguous(field));
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
        field: field.into(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_secret_says_where_to_set_it() {
        let call = crate::endpoints::ListOperators {};
        let said = |config: &Config| call.build(config).unwrap_err().to_string();
        assert!(said(&Config::default()).contains("api_secret in Rust and Python, apiSecret in JS"));
        let withheld = Config {
            secret_withheld: true,
            ..Config::default()
        };
        assert!(
            said(&withheld).contains("unpickled on a worker"),
            "{}",
            said(&withheld)
        );
    }

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

    #[test]
    fn sso_values_must_split_back() {
        let join = |a: &str, b: &str, c: &str| {
            PathBuilder::new("t", "")
                .joined("*_*", &[("email", a), ("first_name", b), ("last_name", c)])
                .map(PathBuilder::finish)
                .map_err(|e| e.field().map(str::to_owned))
        };
        assert_eq!(join("a@b.c", "Ann", "Lee").unwrap(), "/a%40b.c*_*Ann*_*Lee");
        assert_eq!(join("a@b.c", "A*n", "L_e").unwrap(), "/a%40b.c*_*A%2An*_*L_e");
        assert_eq!(join("a@b.c", "Ann*_", "Lee"), Err(Some("first_name".to_owned())));
        assert_eq!(join("a@b.c", "Ann", "_*Lee"), Err(Some("last_name".to_owned())));
        assert_eq!(join("a@b.c", "A*_*n", "Lee"), Err(Some("first_name".to_owned())));
        assert_eq!(join("a@b.c", "Ann", "L*_*ee"), Err(Some("last_name".to_owned())));
        assert_eq!(join("a@b.c*_", "Ann", "Lee"), Err(Some("email".to_owned())));
        assert!(join("a@b.c", "Ann*", "*Lee").is_ok());
        assert_eq!(
            join("a@b.c", "Ann", "Lee*_"),
            Ok("/a%40b.c*_*Ann*_*Lee%2A_".to_owned())
        );
    }
}
