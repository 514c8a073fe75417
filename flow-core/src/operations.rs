//! The one table of operations. Every binding follows it: the Rust resources below, the Python
//! resource classes and the wasm dispatch are generated from [`for_each_operation!`], the JS
//! resources from [`OPERATIONS`] at run time, and the checked-in manifest from both.
//!
//! Each entry names the resource, the method in Rust and Python / in JS, how the method takes its
//! input (`(a, b)`: positional in every language; `{a, b; c}`: one object in Rust and JS, keywords
//! in Python, required names before `;`), and the endpoint type that builds and parses the call.
//! The neutral operation name is `resource.method` (the endpoint's [`Endpoint::NAME`]).

use serde_json::{json, Value};

use crate::endpoints::*;
use crate::input::camel_case;
use crate::models::MODELS;
use crate::settings::{Setting, CALL_OPTIONS, REFUSED_HEADERS, SETTINGS};
use crate::Endpoint;

/// Calls `$callback! { ... }` with the whole operation table, so a binding generates its methods
/// from it instead of repeating it. Resources carry their type names (Rust and Python `Events`,
/// Python's asyncio flavour `AsyncEvents`).
#[macro_export]
macro_rules! for_each_operation {
    ($callback:ident) => {
        $callback! {
            /// Event sessions: list, get, get_public, create.
            events: Events / AsyncEvents {
                /// The account's sessions: `period` is "current", "past", "future" or absent (all);
                /// `simple_analytics` adds a summarised `analytics` object to each.
                fn list / list {; period, simple_analytics} = ListEventSessions;
                /// One session, with its feedback questions.
                fn get / get (session_token) = GetEventSession;
                /// The public view of a session, as a registration page shows it; never sends the
                /// secret.
                fn get_public / getPublic (session_token) = GetPublicEventSession;
                /// Creates a session. `operators` is a list of `{id, role, mic_enabled, cam_enabled,
                /// screen_sharing_enabled}` (role 5 = presenter, 10 = organizer). Never sent twice
                /// unless the server provably did not process it.
                fn create / create {
                    creator_id, title, description, date, time, timezone;
                    operators, published, duration, early_access_period, video_record, on_demand_replays
                } = CreateEvent;
            }
            /// Registrations: create (public), list.
            registrants: Registrants / AsyncRegistrants {
                /// Registers an attendee (no secret needed). Registering the same email again
                /// returns the existing registration with `is_new` false. Never sent twice unless
                /// the server provably did not process it.
                fn create / create {session_token, email, first_name, last_name; redirect} = CreateRegistrant;
                /// The registrants of a session, with attendance.
                fn list / list (session_token) = ListRegistrants;
            }
            /// The account's operators.
            operators: Operators / AsyncOperators {
                /// Users who can run sessions; their `id` is what `events.create` wants.
                fn list / list () = ListOperators;
            }
            /// Surveys of a session.
            surveys: Surveys / AsyncSurveys {
                /// The surveys of a session; each `id` fetches `reports.survey`.
                fn list / list (session_token) = ListSurveys;
            }
            /// CSV reports of (past) sessions.
            reports: Reports / AsyncReports {
                /// The compiled report: registrants, both chat logs and survey results.
                fn summary / summary (session_token) = GetSummaryReport;
                /// Registrants and attendance.
                fn registrants / registrants (session_token) = GetRegistrantsReport;
                /// The attendee chat log.
                fn attendee_chat / attendeeChat (session_token) = GetAttendeeChatReport;
                /// The operator chat log.
                fn operator_chat / operatorChat (session_token) = GetOperatorChatReport;
                /// One survey's responses; `survey_id` is a survey's `id`.
                fn survey / survey (session_token, survey_id) = GetSurveyReport;
            }
            /// Single sign-on: rooms and login links.
            sso: Sso / AsyncSso {
                /// The rooms of an account.
                fn rooms / rooms (account_token) = ListRooms;
                /// Registers a member into a room (a room's `room_id`) and returns their login
                /// link. Never sent twice unless the server provably did not process it.
                fn login_link / loginLink {room_id, email, first_name, last_name} = SsoLoginLink;
            }
        }
    };
}

/// How a method takes its input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputForm {
    /// The inputs one after another (`registrants.list(token)`).
    Positional,
    /// One object (Rust: the endpoint value; JS: an object; Python: keywords).
    Object,
}

impl InputForm {
    /// `positional` or `object`, as the manifest writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            InputForm::Positional => "positional",
            InputForm::Object => "object",
        }
    }
}

/// One row of the table.
#[derive(Clone, Copy, Debug)]
pub struct Operation {
    /// Neutral name, `resource.method`.
    pub name: &'static str,
    /// Resource (namespace) name, the same in every language.
    pub resource: &'static str,
    /// Method name in Rust and Python.
    pub method: &'static str,
    /// Method name in JS.
    pub js_method: &'static str,
    /// The endpoint type in flow-core.
    pub endpoint: &'static str,
    /// How the input is passed.
    pub form: InputForm,
    /// Inputs that must be given, in order (also Python's positional order).
    pub required: &'static [&'static str],
    /// Inputs that may be left out, in order after the required ones.
    pub optional: &'static [&'static str],
    /// What the call returns.
    pub output: OutputShape,
    /// Whether sending it twice is harmless.
    pub idempotent: bool,
}

impl Operation {
    /// Every input name, required first.
    pub fn inputs(&self) -> impl Iterator<Item = &'static str> {
        self.required.iter().chain(self.optional).copied()
    }
}

/// The shape of a result, for the manifest and for bindings that build typed results.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputShape {
    /// One model.
    Model(&'static str),
    /// A list of models.
    List(&'static str),
    /// A CSV report.
    Report,
    /// The compiled report of four CSV tables.
    SummaryReport,
}

/// Names the shape of an endpoint's output.
pub trait Shaped {
    /// The shape.
    const SHAPE: OutputShape;
}

impl<T: crate::models::Model> Shaped for T {
    const SHAPE: OutputShape = OutputShape::Model(T::NAME);
}

impl<T: crate::models::Model> Shaped for Vec<T> {
    const SHAPE: OutputShape = OutputShape::List(T::NAME);
}

impl Shaped for crate::Report {
    const SHAPE: OutputShape = OutputShape::Report;
}

impl Shaped for crate::SummaryReport {
    const SHAPE: OutputShape = OutputShape::SummaryReport;
}

/// An endpoint's row of the table.
pub trait Operational: Endpoint + serde::de::DeserializeOwned {
    /// The row.
    const OPERATION: Operation;
}

macro_rules! operation_rows {
    (@form ($($arg:ident),*)) => { (InputForm::Positional, &[$(stringify!($arg)),*], &[]) };
    (@form {$($req:ident),* $(; $($opt:ident),*)?}) => {
        (InputForm::Object, &[$(stringify!($req)),*], &[$($(stringify!($opt)),*)?])
    };
    ($(
        $(#[doc = $rdoc:literal])*
        $resource:ident: $rust:ident / $async:ident {$(
            $(#[doc = $doc:literal])*
            fn $method:ident / $js:ident $form:tt = $endpoint:ident;
        )*}
    )*) => {
        $($(
            impl Operational for $endpoint {
                const OPERATION: Operation = {
                    let (form, required, optional) = operation_rows!(@form $form);
                    Operation {
                        name: <$endpoint as Endpoint>::NAME,
                        resource: stringify!($resource),
                        method: stringify!($method),
                        js_method: stringify!($js),
                        endpoint: stringify!($endpoint),
                        form,
                        required,
                        optional,
                        output: <<$endpoint as Endpoint>::Output as Shaped>::SHAPE,
                        idempotent: <$endpoint as Endpoint>::IDEMPOTENT,
                    }
                };
            }
        )*)*

        /// Every operation, in table order.
        pub const OPERATIONS: &[Operation] = &[$($(<$endpoint as Operational>::OPERATION),*),*];
    };
}

for_each_operation!(operation_rows);

/// The manifest: every operation with its inputs and output, every model with its fields, the
/// client settings and call options. Checked in as `tests/manifest.json`; the Python stubs, the
/// TypeScript types and the JS resources are held to it by tests, and the JS resources are built
/// from it at run time.
pub fn manifest() -> Value {
    let operations: Vec<Value> = OPERATIONS
        .iter()
        .map(|op| {
            let (shape, model) = match op.output {
                OutputShape::Model(m) => ("model", Some(m)),
                OutputShape::List(m) => ("list", Some(m)),
                OutputShape::Report => ("report", None),
                OutputShape::SummaryReport => ("summary_report", None),
            };
            json!({
                "name": op.name,
                "resource": op.resource,
                "method": op.method,
                "js_method": op.js_method,
                "endpoint": op.endpoint,
                "form": op.form.as_str(),
                "required": op.required,
                "optional": op.optional,
                "js_inputs": op.inputs().map(camel_case).collect::<Vec<_>>(),
                "output": {"shape": shape, "model": model},
                "idempotent": op.idempotent,
            })
        })
        .collect();
    let models: Vec<Value> = MODELS
        .iter()
        .map(|(name, fields)| {
            let fields: Vec<Value> = fields
                .iter()
                .map(|f| json!({"name": f.name, "wire": f.wire, "type": f.ty}))
                .collect();
            json!({"name": name, "fields": fields})
        })
        .collect();
    let settings = |list: &[Setting]| -> Vec<Value> {
        list.iter()
            .map(|s| json!({"name": s.name, "js": s.js, "env": s.env}))
            .collect()
    };
    let jobs: Vec<Value> = crate::jobs::JOBS
        .iter()
        .map(|job| {
            json!({
                "name": job.name,
                "resource": job.resource,
                "method": job.method,
                "js_method": job.js_method,
                "positional": job.positional,
                "options": job.options,
                "js_options": job.js_options,
            })
        })
        .collect();
    let statuses: Vec<&str> = crate::jobs::bulk::RowStatus::ALL
        .iter()
        .map(|s| s.as_str())
        .collect();
    let kinds: Vec<&str> = crate::jobs::collect::ReportKind::ALL
        .iter()
        .map(|k| k.as_str())
        .collect();
    json!({
        "operations": operations,
        "jobs": jobs,
        "row_statuses": statuses,
        "report_kinds": kinds,
        "models": models,
        "settings": settings(SETTINGS),
        "call_options": settings(CALL_OPTIONS),
        "refused_headers": REFUSED_HEADERS,
    })
}

/// The row of an operation by neutral name.
pub fn operation(name: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().find(|o| o.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::struct_fields;

    fn check<E: Operational>() {
        let op = E::OPERATION;
        assert_eq!(op.name, format!("{}.{}", op.resource, op.method));
        let fields: Vec<&str> = op.inputs().collect();
        assert_eq!(
            fields,
            struct_fields::<E>(),
            "{}: the table's inputs are the type's fields",
            op.name
        );
    }

    #[test]
    fn the_table_matches_every_endpoint() {
        macro_rules! each {
            ($($(#[doc = $r:literal])* $res:ident: $a:ident / $b:ident {$($(#[doc = $d:literal])* fn $m:ident / $j:ident $f:tt = $e:ident;)*})*) => {
                $($(check::<$e>();)*)*
            };
        }
        for_each_operation!(each);
        assert_eq!(OPERATIONS.len(), 15);
    }
}
