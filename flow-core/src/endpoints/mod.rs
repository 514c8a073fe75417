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
};
pub use sso::{ListRooms, SsoLoginLink};
pub use surveys::ListSurveys;
