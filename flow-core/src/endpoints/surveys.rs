use serde::Deserialize;

use crate::endpoint::{Auth, PathBuilder};
use crate::http::{HttpResponse, Method};
use crate::models::Survey;
use crate::response::parse_data;
use crate::{Endpoint, Error};

/// `GET /reports/events/sessions/surveys/{token}`: a session's surveys and their ids.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListSurveys {
    /// The session token.
    pub session_token: String,
}

impl Endpoint for ListSurveys {
    type Output = Vec<Survey>;
    const NAME: &'static str = "surveys.list";
    const METHOD: Method = Method::Get;
    const AUTH: Auth = Auth::Required;
    const IDEMPOTENT: bool = true;

    fn path(&self) -> Result<String, Error> {
        Ok(PathBuilder::new(Self::NAME, "/reports/events/sessions/surveys")
            .param("session_token", &self.session_token)?
            .finish())
    }

    fn parse(&self, response: HttpResponse) -> Result<Self::Output, Error> {
        parse_data(Self::NAME, &response)
    }
}
