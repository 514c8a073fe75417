use serde::Deserialize;
use serde_json::json;

use super::validate::{email, non_empty};
use crate::endpoint::{Auth, PathBuilder};
use crate::http::{HttpResponse, Method};
use crate::models::{Registrant, Registration};
use crate::response::parse_data;
use crate::{Endpoint, Error};

/// `POST /registrants`: registers an attendee. Public (no secret), and never repeated after it may
/// have reached the server.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateRegistrant {
    /// The session to register for.
    pub session_token: String,
    /// The attendee's email; registering it again returns the same registration.
    pub email: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Ask the server to redirect to the join link. Then a 3xx answer with a `Location` is the
    /// success: the result's `url` is that Location (the client never follows it).
    #[serde(default)]
    pub redirect: Option<bool>,
}

impl CreateRegistrant {
    /// A registration without `redirect`.
    pub fn new(session_token: &str, email: &str, first_name: &str, last_name: &str) -> Self {
        Self {
            session_token: session_token.to_owned(),
            email: email.to_owned(),
            first_name: first_name.to_owned(),
            last_name: last_name.to_owned(),
            redirect: None,
        }
    }
}

impl Endpoint for CreateRegistrant {
    type Output = Registration;
    const NAME: &'static str = "registrants.create";
    const METHOD: Method = Method::Post;
    const AUTH: Auth = Auth::Never;
    const IDEMPOTENT: bool = false;

    fn path(&self) -> Result<String, Error> {
        Ok("/registrants".to_owned())
    }

    fn body(&self) -> Result<Option<serde_json::Value>, Error> {
        PathBuilder::new(Self::NAME, "").param("session_token", &self.session_token)?;
        email(Self::NAME, &self.email)?;
        non_empty(Self::NAME, "first_name", &self.first_name)?;
        non_empty(Self::NAME, "last_name", &self.last_name)?;
        let mut body = json!({
            "email": self.email.trim(),
            "firstName": self.first_name,
            "lastName": self.last_name,
            "eventSessionToken": self.session_token,
        });
        if let Some(redirect) = self.redirect {
            body["redirect"] = json!(redirect);
        }
        Ok(Some(body))
    }

    fn parse(&self, response: HttpResponse) -> Result<Self::Output, Error> {
        let location = response
            .header("location")
            .map(str::trim)
            .filter(|l| !l.is_empty());
        match location {
            Some(url) if self.redirect == Some(true) && (300..400).contains(&response.status) => {
                Ok(Registration {
                    url: Some(url.to_owned()),
                    ..Registration::default()
                })
            }
            _ => parse_data(Self::NAME, &response),
        }
    }
}

/// `GET /reports/events/sessions/registrants/{token}`: who registered, and who came.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListRegistrants {
    /// The session token.
    pub session_token: String,
}

impl Endpoint for ListRegistrants {
    type Output = Vec<Registrant>;
    const NAME: &'static str = "registrants.list";
    const METHOD: Method = Method::Get;
    const AUTH: Auth = Auth::Required;
    const IDEMPOTENT: bool = true;

    fn path(&self) -> Result<String, Error> {
        Ok(
            PathBuilder::new(Self::NAME, "/reports/events/sessions/registrants")
                .param("session_token", &self.session_token)?
                .finish(),
        )
    }

    fn parse(&self, response: HttpResponse) -> Result<Self::Output, Error> {
        parse_data(Self::NAME, &response)
    }
}
