use serde::Deserialize;

use crate::endpoint::{Auth, PathBuilder};
use crate::http::{HttpResponse, Method};
use crate::models::{Report, SummaryReport};
use crate::response::{parse_report, parse_summary};
use crate::{Endpoint, Error};

const CSV_ROOT: &str = "/reports/events/sessions/csv";

/// `GET .../csv/summary/{token}`: the compiled report, four CSV tables in one answer.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GetSummaryReport {
    /// The session token (reports describe past sessions).
    pub session_token: String,
}

impl Endpoint for GetSummaryReport {
    type Output = SummaryReport;
    const NAME: &'static str = "reports.summary";
    const METHOD: Method = Method::Get;
    const AUTH: Auth = Auth::Required;
    const IDEMPOTENT: bool = true;

    fn path(&self) -> Result<String, Error> {
        Ok(PathBuilder::new(Self::NAME, CSV_ROOT)
            .param("kind", "summary")?
            .param("session_token", &self.session_token)?
            .finish())
    }

    fn parse(&self, response: HttpResponse) -> Result<Self::Output, Error> {
        parse_summary(Self::NAME, &response)
    }
}

/// Declares a single-kind CSV report endpoint: same shape, different path segment.
macro_rules! csv_report {
    ($(#[$doc:meta])* $name:ident, $op:literal, $kind:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            /// The session token.
            pub session_token: String,
        }

        impl Endpoint for $name {
            type Output = Report;
            const NAME: &'static str = $op;
            const METHOD: Method = Method::Get;
            const AUTH: Auth = Auth::Required;
            const IDEMPOTENT: bool = true;

            fn path(&self) -> Result<String, Error> {
                Ok(PathBuilder::new(Self::NAME, CSV_ROOT)
                    .param("kind", $kind)?
                    .param("session_token", &self.session_token)?
                    .finish())
            }

            fn parse(&self, response: HttpResponse) -> Result<Self::Output, Error> {
                parse_report(Self::NAME, response)
            }
        }
    };
}

csv_report!(
    /// `GET .../csv/registrants/{token}`: registrants and attendance as CSV.
    GetRegistrantsReport,
    "reports.registrants",
    "registrants"
);
csv_report!(
    /// `GET .../csv/attendeeChat/{token}`: the attendee chat log.
    GetAttendeeChatReport,
    "reports.attendee_chat",
    "attendeeChat"
);
csv_report!(
    /// `GET .../csv/operatorChat/{token}`: the operator chat log.
    GetOperatorChatReport,
    "reports.operator_chat",
    "operatorChat"
);

/// `GET .../csv/surveyDetail/{token}/{surveyId}`: one survey's responses.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GetSurveyReport {
    /// The session token.
    pub session_token: String,
    /// A survey `id` from `surveys.list`.
    #[serde(deserialize_with = "crate::input::id")]
    pub survey_id: String,
}

impl Endpoint for GetSurveyReport {
    type Output = Report;
    const NAME: &'static str = "reports.survey";
    const METHOD: Method = Method::Get;
    const AUTH: Auth = Auth::Required;
    const IDEMPOTENT: bool = true;

    fn path(&self) -> Result<String, Error> {
        Ok(PathBuilder::new(Self::NAME, CSV_ROOT)
            .param("kind", "surveyDetail")?
            .param("session_token", &self.session_token)?
            .param("survey_id", &self.survey_id)?
            .finish())
    }

    fn parse(&self, response: HttpResponse) -> Result<Self::Output, Error> {
        parse_report(Self::NAME, response)
    }
}

/// A CSV report's text as the server sent it, checked the way reports are but not parsed into a
/// table: for writing a large report to a file without holding it twice (`flow reports get -o`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportText<E>(pub E);

impl<E: Endpoint<Output = Report>> Endpoint for ReportText<E> {
    type Output = String;
    const NAME: &'static str = E::NAME;
    const METHOD: Method = E::METHOD;
    const AUTH: Auth = E::AUTH;
    const IDEMPOTENT: bool = E::IDEMPOTENT;

    fn path(&self) -> Result<String, Error> {
        self.0.path()
    }

    fn query(&self) -> Vec<(&'static str, String)> {
        self.0.query()
    }

    fn parse(&self, response: HttpResponse) -> Result<Self::Output, Error> {
        crate::response::report_text(E::NAME, response)
    }
}
