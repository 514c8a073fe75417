//! What the data-driven runners (conformance vectors, the fault matrix) share: running a neutral
//! operation name with its JSON input through the public `Client`.

use flow_core::endpoints::{
    CreateEvent, CreateRegistrant, GetAttendeeChatReport, GetEventSession, GetOperatorChatReport,
    GetPublicEventSession, GetRegistrantsReport, GetSummaryReport, GetSurveyReport, ListEventSessions,
    ListOperators, ListRegistrants, ListRooms, ListSurveys, SsoLoginLink,
};
use flow_core::{Client, Endpoint, Error};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// The call's result as JSON, or its error.
pub type Outcome = Result<Value, Error>;

async fn call<E>(client: &Client, input: Value) -> Result<Outcome, String>
where
    E: Endpoint + DeserializeOwned,
    E::Output: Serialize,
{
    let endpoint: E =
        serde_json::from_value(input).map_err(|e| format!("`input` does not fit {}: {e}", E::NAME))?;
    Ok(client
        .send(&endpoint)
        .await
        .map(|output| serde_json::to_value(output).expect("results serialize to JSON")))
}

/// Runs `operation` (`registrants.list`, ...) with its neutral input; `Err` when the vector or
/// case itself is wrong (unknown operation, input that does not fit).
pub async fn dispatch(client: &Client, operation: &str, input: Value) -> Result<Outcome, String> {
    match operation {
        "events.list" => call::<ListEventSessions>(client, input).await,
        "events.get" => call::<GetEventSession>(client, input).await,
        "events.get_public" => call::<GetPublicEventSession>(client, input).await,
        "events.create" => call::<CreateEvent>(client, input).await,
        "registrants.create" => call::<CreateRegistrant>(client, input).await,
        "registrants.list" => call::<ListRegistrants>(client, input).await,
        "operators.list" => call::<ListOperators>(client, input).await,
        "surveys.list" => call::<ListSurveys>(client, input).await,
        "reports.summary" => call::<GetSummaryReport>(client, input).await,
        "reports.registrants" => call::<GetRegistrantsReport>(client, input).await,
        "reports.attendee_chat" => call::<GetAttendeeChatReport>(client, input).await,
        "reports.operator_chat" => call::<GetOperatorChatReport>(client, input).await,
        "reports.survey" => call::<GetSurveyReport>(client, input).await,
        "sso.rooms" => call::<ListRooms>(client, input).await,
        "sso.login_link" => call::<SsoLoginLink>(client, input).await,
        other => Err(format!("unknown operation {other:?}")),
    }
}
