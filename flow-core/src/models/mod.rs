//! Typed views of the API's entities. Every field is optional and tolerant of the wire forms the
//! public record allows; unknown fields are kept in `extra`.

mod created_event;
mod event_session;
mod new_event;
mod operator;
mod registrant;
mod registration;
mod report;
mod report_parts;
mod room;
mod survey;

pub use created_event::CreatedEvent;
pub use event_session::{EventSession, Period, Person, SessionOperator};
pub use new_event::{NewEvent, OperatorAssignment};
pub use operator::Operator;
pub use registrant::Registrant;
pub use registration::Registration;
pub(crate) use report::ColumnData;
pub use report::{Report, SummaryReport};
pub use report_parts::{Column, Row};
pub use room::Room;
pub use survey::Survey;
