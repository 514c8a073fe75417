//! The resource namespaces (`client.events`, `client.reports`, ...): each method turns its
//! arguments into the core's endpoint value and runs it, blocking (`Flow`) or awaitable
//! (`AsyncFlow`). Both flavours come from one declaration, so they cannot drift apart.

use std::sync::Arc;

use flow_core::endpoints::{
    CreateEvent, CreateRegistrant, GetAttendeeChatReport, GetEventSession, GetOperatorChatReport,
    GetPublicEventSession, GetRegistrantsReport, GetSummaryReport, GetSurveyReport, ListEventSessions,
    ListOperators, ListRegistrants, ListRooms, ListSurveys, SsoLoginLink,
};
use flow_core::{Endpoint, Error, NewEvent, OperatorAssignment, Period};
use pyo3::prelude::*;
use pyo3::types::{PyInt, PyString};

use crate::client::{CallOptions, Core};
use crate::errors::invalid;

/// `period` as the core's enum; the core's parser words the refusal.
fn parse_period(value: Option<String>) -> Result<Option<Period>, Error> {
    value
        .map(|p| {
            p.parse()
                .map_err(|reason: String| invalid(ListEventSessions::NAME, "period", reason))
        })
        .transpose()
}

/// An id given as `int` or `str`, as the path wants it.
fn id_text(endpoint: &'static str, field: &'static str, value: &Bound<'_, PyAny>) -> Result<String, Error> {
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(text.to_string());
    }
    match value.cast::<PyInt>() {
        Ok(number) if !value.is_instance_of::<pyo3::types::PyBool>() => Ok(number.to_string()),
        _ => Err(invalid(endpoint, field, "must be an int or a str")),
    }
}

/// `operators=[{"id": 12, "role": 10, "mic_enabled": True}, ...]` as the core's assignments.
fn operator_list(value: Option<&Bound<'_, PyAny>>) -> Result<Vec<OperatorAssignment>, Error> {
    match value {
        None => Ok(Vec::new()),
        Some(list) => pythonize::depythonize(list).map_err(|e| {
            invalid(
                CreateEvent::NAME,
                "operators",
                format!("expected a list of {{\"id\": int, \"role\": int, ...}} dicts ({e})"),
            )
        }),
    }
}

/// Runs an endpoint's construction (the macro's arguments-to-endpoint expression, which may
/// refuse an argument with `?`).
fn endpoint<E>(build: impl FnOnce() -> Result<E, Error>) -> Result<E, Error> {
    build()
}

macro_rules! resources {
    ($(
        $(#[$doc:meta])*
        $sync:ident / $asynchronous:ident {$(
            $(#[$method_doc:meta])*
            fn $method:ident($($arg:ident: $ty:ty $(= $default:tt)?),* $(,)?) => $build:expr;
        )*}
    )*) => {$(
        $(#[$doc])*
        #[pyclass(module = "flow_api", frozen)]
        pub struct $sync(pub(crate) Arc<Core>);

        #[pymethods]
        impl $sync {$(
            $(#[$method_doc])*
            #[pyo3(signature = ($($arg $(= $default)?,)* *, timeout = None, max_retries = None))]
            #[allow(clippy::too_many_arguments)]
            fn $method<'py>(
                &self,
                py: Python<'py>,
                $($arg: $ty,)*
                timeout: Option<f64>,
                max_retries: Option<i128>,
            ) -> PyResult<Bound<'py, PyAny>> {
                self.0.call_blocking(py, endpoint(|| Ok($build)), CallOptions::new(timeout, max_retries))
            }
        )*}

        $(#[$doc])*
        #[pyclass(module = "flow_api", frozen)]
        pub struct $asynchronous(pub(crate) Arc<Core>);

        #[pymethods]
        impl $asynchronous {$(
            $(#[$method_doc])*
            #[pyo3(signature = ($($arg $(= $default)?,)* *, timeout = None, max_retries = None))]
            #[allow(clippy::too_many_arguments)]
            fn $method<'py>(
                &self,
                py: Python<'py>,
                $($arg: $ty,)*
                timeout: Option<f64>,
                max_retries: Option<i128>,
            ) -> PyResult<Bound<'py, PyAny>> {
                self.0.call_async(py, endpoint(|| Ok($build)), CallOptions::new(timeout, max_retries))
            }
        )*}
    )*};
}

resources! {
    /// Event sessions.
    Events / AsyncEvents {
        /// The account's sessions: `period` is "current", "past", "future" or None (all);
        /// `simple_analytics` adds a summarised `analytics` dict to each.
        fn list(period: Option<String> = None, simple_analytics: bool = false) => ListEventSessions {
            period: parse_period(period)?,
            simple_analytics,
        };

        /// One session, with its feedback questions.
        fn get(session_token: String) => GetEventSession { session_token };

        /// The public view of a session, as a registration page shows it; never sends the secret.
        fn get_public(session_token: String) => GetPublicEventSession { session_token };

        /// Creates a session. `operators` is a list of `{"id", "role", "mic_enabled",
        /// "cam_enabled", "screen_sharing_enabled"}` dicts (role 5 = presenter, 10 = organizer).
        /// Never sent twice unless the server provably did not process it.
        fn create(
            creator_id: i64,
            title: String,
            description: String,
            date: String,
            time: String,
            timezone: String,
            operators: Option<&Bound<'py, PyAny>> = None,
            published: Option<bool> = None,
            duration: Option<f64> = None,
            early_access_period: Option<i64> = None,
            video_record: Option<bool> = None,
            on_demand_replays: Option<bool> = None,
        ) => CreateEvent(NewEvent {
            creator_id,
            title,
            description,
            date,
            time,
            timezone,
            operators: operator_list(operators)?,
            published,
            duration,
            early_access_period,
            video_record,
            on_demand_replays,
        });
    }

    /// Registrations.
    Registrants / AsyncRegistrants {
        /// Registers an attendee (no secret needed). Registering the same email again returns the
        /// existing registration with `is_new == False`. Never sent twice unless the server
        /// provably did not process it.
        fn create(
            session_token: String,
            email: String,
            first_name: String,
            last_name: String,
            redirect: Option<bool> = None,
        ) => CreateRegistrant { session_token, email, first_name, last_name, redirect };

        /// The registrants of a session, with attendance.
        fn list(session_token: String) => ListRegistrants { session_token };
    }

    /// The account's operators.
    Operators / AsyncOperators {
        /// Users who can run sessions; their `id` is what `events.create` wants.
        fn list() => ListOperators {};
    }

    /// Surveys.
    Surveys / AsyncSurveys {
        /// The surveys of a session; each `id` fetches `reports.survey`.
        fn list(session_token: String) => ListSurveys { session_token };
    }

    /// CSV reports of (past) sessions.
    Reports / AsyncReports {
        /// The compiled report: registrants, both chat logs and survey results.
        fn summary(session_token: String) => GetSummaryReport { session_token };

        /// Registrants and attendance.
        fn registrants(session_token: String) => GetRegistrantsReport { session_token };

        /// The attendee chat log.
        fn attendee_chat(session_token: String) => GetAttendeeChatReport { session_token };

        /// The operator chat log.
        fn operator_chat(session_token: String) => GetOperatorChatReport { session_token };

        /// One survey's responses; `survey_id` is a `Survey.id`.
        fn survey(session_token: String, survey_id: &Bound<'py, PyAny>) => GetSurveyReport {
            session_token,
            survey_id: id_text(GetSurveyReport::NAME, "survey_id", survey_id)?,
        };
    }

    /// Single sign-on.
    Sso / AsyncSso {
        /// The rooms of an account.
        fn rooms(account_token: String) => ListRooms { account_token };

        /// Registers a member into a room (`Room.room_id`) and returns their login link. Never sent
        /// twice unless the server provably did not process it.
        fn login_link(
            room_id: &Bound<'py, PyAny>,
            email: String,
            first_name: String,
            last_name: String,
        ) => SsoLoginLink {
            room_id: id_text(SsoLoginLink::NAME, "room_id", room_id)?,
            email,
            first_name,
            last_name,
        };
    }
}
