//! One type per API operation. Each implements [`crate::Endpoint`]: validated request building
//! and response parsing, both pure.

mod events;
mod operators;
mod registrants;
mod reports;
mod sso;
mod surveys;
mod validate;

pub use events::{CreateEvent, GetEventSession, GetPublicEventSession, ListEventSessions};
pub use operators::ListOperators;
pub use registrants::{CreateRegistrant, ListRegistrants};
pub use reports::{
    GetAttendeeChatReport, GetOperatorChatReport, GetRegistrantsReport, GetSummaryReport, GetSurveyReport,
    ReportText,
};
pub use sso::{ListRooms, SsoLoginLink};
pub use surveys::ListSurveys;

use crate::Endpoint;

/// The operations that change something on the server, each with the read that shows whether it
/// went through (`None`: no read can tell). Errors use it to say what to check before a write is
/// sent again; a test holds it to every endpoint's `IDEMPOTENT`.
const WRITES: &[(&str, Option<&str>)] = &[
    (CreateRegistrant::NAME, Some(ListRegistrants::NAME)),
    (CreateEvent::NAME, Some(ListEventSessions::NAME)),
    (SsoLoginLink::NAME, None),
];

/// For a write, the read that reconciles it (`Some(None)` when none can); `None` for a read.
pub(crate) fn reconcile_with(operation: &str) -> Option<Option<&'static str>> {
    WRITES
        .iter()
        .find(|(write, _)| *write == operation)
        .map(|(_, read)| *read)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::OPERATIONS;

    #[test]
    fn the_write_table_matches_every_endpoint() {
        for op in OPERATIONS {
            assert_eq!(reconcile_with(op.name).is_some(), !op.idempotent, "{}", op.name);
        }
    }
}
