use serde::Deserialize;

use super::validate::{is_date, is_time, non_empty};
use crate::endpoint::{invalid, Auth, PathBuilder};
use crate::http::{HttpResponse, Method};
use crate::models::{CreatedEvent, EventSession, NewEvent, Period};
use crate::response::{decode, envelope, parse_data};
use crate::{Endpoint, Error};

/// `GET /events/sessions`: the account's sessions, optionally for one period.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListEventSessions {
    /// `None` lists all sessions.
    #[serde(default)]
    pub period: Option<Period>,
    /// Ask for the summarised `analytics` object on each session.
    #[serde(default)]
    pub simple_analytics: bool,
}

impl From<Period> for ListEventSessions {
    fn from(period: Period) -> Self {
        Self {
            period: Some(period),
            simple_analytics: false,
        }
    }
}

impl Endpoint for ListEventSessions {
    type Output = Vec<EventSession>;
    const NAME: &'static str = "events.list";
    const METHOD: Method = Method::Get;
    const AUTH: Auth = Auth::Required;
    const IDEMPOTENT: bool = true;

    fn path(&self) -> Result<String, Error> {
        Ok("/events/sessions".to_owned())
    }

    fn query(&self) -> Vec<(&'static str, String)> {
        let mut query = Vec::new();
        if let Some(period) = self.period {
            query.push(("period", period.as_str().to_owned()));
        }
        if self.simple_analytics {
            query.push(("simple_analytics", "1".to_owned()));
        }
        query
    }

    fn parse(&self, response: HttpResponse) -> Result<Self::Output, Error> {
        parse_data(Self::NAME, &response)
    }
}

/// `GET /events/sessions/{token}`: a session with its feedback questions.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GetEventSession {
    /// The session token.
    pub session_token: String,
}

impl Endpoint for GetEventSession {
    type Output = EventSession;
    const NAME: &'static str = "events.get";
    const METHOD: Method = Method::Get;
    const AUTH: Auth = Auth::Required;
    const IDEMPOTENT: bool = true;

    fn path(&self) -> Result<String, Error> {
        Ok(PathBuilder::new(Self::NAME, "/events/sessions")
            .param("session_token", &self.session_token)?
            .finish())
    }

    fn parse(&self, response: HttpResponse) -> Result<Self::Output, Error> {
        parse_data(Self::NAME, &response)
    }
}

/// `GET /events/sessions/public/{token}`: what a registration page shows; needs no secret and never
/// sends it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GetPublicEventSession {
    /// The session token.
    pub session_token: String,
}

impl Endpoint for GetPublicEventSession {
    type Output = EventSession;
    const NAME: &'static str = "events.get_public";
    const METHOD: Method = Method::Get;
    const AUTH: Auth = Auth::Never;
    const IDEMPOTENT: bool = true;

    fn path(&self) -> Result<String, Error> {
        Ok(PathBuilder::new(Self::NAME, "/events/sessions/public")
            .param("session_token", &self.session_token)?
            .finish())
    }

    fn parse(&self, response: HttpResponse) -> Result<Self::Output, Error> {
        parse_data(Self::NAME, &response)
    }
}

/// `POST /event`: creates a session. Never repeated after it may have reached the server.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(transparent)]
pub struct CreateEvent(pub NewEvent);

impl From<NewEvent> for CreateEvent {
    fn from(event: NewEvent) -> Self {
        Self(event)
    }
}

impl CreateEvent {
    fn validate(&self) -> Result<(), Error> {
        let e = &self.0;
        let name = Self::NAME;
        if e.creator_id <= 0 {
            return Err(invalid(
                name,
                "creator_id",
                "must be a user id from operators.list".to_owned(),
            ));
        }
        non_empty(name, "title", &e.title)?;
        if !is_date(&e.date) {
            return Err(invalid(
                name,
                "date",
                format!("{:?} is not a YYYY-MM-DD date", e.date),
            ));
        }
        if !is_time(&e.time) {
            return Err(invalid(
                name,
                "time",
                format!("{:?} is not a 24-hour HH:MM:SS time", e.time),
            ));
        }
        if e.timezone.trim().is_empty() || e.timezone.contains(char::is_whitespace) {
            return Err(invalid(
                name,
                "timezone",
                format!(
                    "{:?} is not an IANA zone name such as \"Europe/Berlin\"",
                    e.timezone
                ),
            ));
        }
        if e.duration.is_some_and(|d| !(d.is_finite() && d > 0.0)) {
            return Err(invalid(
                name,
                "duration",
                "must be a positive number of hours".to_owned(),
            ));
        }
        if e.early_access_period.is_some_and(|m| m < 0) {
            return Err(invalid(
                name,
                "early_access_period",
                "must not be negative".to_owned(),
            ));
        }
        if e.operators.iter().any(|o| o.id <= 0) {
            return Err(invalid(
                name,
                "operators",
                "every operator needs a user id from operators.list".to_owned(),
            ));
        }
        Ok(())
    }
}

impl Endpoint for CreateEvent {
    type Output = CreatedEvent;
    const NAME: &'static str = "events.create";
    const METHOD: Method = Method::Post;
    const AUTH: Auth = Auth::Required;
    const IDEMPOTENT: bool = false;

    fn path(&self) -> Result<String, Error> {
        Ok("/event".to_owned())
    }

    fn body(&self) -> Result<Option<serde_json::Value>, Error> {
        self.validate()?;
        Ok(Some(
            serde_json::to_value(&self.0).expect("NewEvent always serializes"),
        ))
    }

    fn parse(&self, response: HttpResponse) -> Result<Self::Output, Error> {
        let envelope = envelope(Self::NAME, &response)?;
        // The event exists once the server said 200, so no shape of `data` may turn that into an
        // error (a caller would retry and create it twice): an object is the session, bare text
        // is taken as its token, anything else is ignored.
        let session = match envelope.data {
            Some(data) if data.get().starts_with('{') => Some(decode(Self::NAME, &response, data)?),
            Some(data) if data.get().starts_with('"') => Some(EventSession {
                token: decode(Self::NAME, &response, data)?,
                ..EventSession::default()
            }),
            _ => None,
        };
        Ok(CreatedEvent {
            message: envelope.message,
            session,
            ..CreatedEvent::default()
        })
    }
}
