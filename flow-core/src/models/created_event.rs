use serde::{Deserialize, Serialize};

use super::EventSession;

/// The answer to `events.create`. The public record does not say whether the new session comes
/// back, so `session` may be `None` on a successful call.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CreatedEvent {
    /// The server's message, such as "Event created".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The created session, when the server returned it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<EventSession>,
}
