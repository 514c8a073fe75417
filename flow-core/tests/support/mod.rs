//! What the data-driven runners (conformance vectors, the fault matrix) share: running a neutral
//! operation name with its JSON input through the public `Client`, decoded by the core's one input
//! path, with the dispatch generated from the operation table.

use flow_core::endpoints::*;
use flow_core::input::{decode_call, KeyCase};
use flow_core::{ApiResponse, Client, Endpoint, Error, Operational, RequestOptions};
use serde::Serialize;
use serde_json::Value;

/// The call's result as JSON with the answer's status, headers and request id, or its error.
pub type Outcome = Result<ApiResponse<Value>, Error>;

async fn call<E>(client: &Client, input: Value, options: &RequestOptions) -> Outcome
where
    E: Operational,
    E::Output: Serialize,
{
    let named = match input {
        Value::Object(map) => map,
        other => {
            return Err(Error::InvalidRequest {
                endpoint: E::NAME,
                field: "input".into(),
                reason: format!("the vector's input must be an object, not {other}"),
            })
        }
    };
    let endpoint: E = decode_call(Vec::new(), named, KeyCase::Snake)?;
    let answer = client.send_with_response(&endpoint, options).await?;
    Ok(ApiResponse {
        data: serde_json::to_value(answer.data).expect("results serialize to JSON"),
        status: answer.status,
        headers: answer.headers,
        request_id: answer.request_id,
    })
}

macro_rules! dispatch {
    ($($(#[doc = $rdoc:literal])* $resource:ident: $rust:ident / $async:ident {$(
        $(#[doc = $doc:literal])* fn $method:ident / $js:ident $form:tt = $endpoint:ident;
    )*})*) => {
        /// Runs `operation` (`registrants.list`, ...) with its neutral input; `Err` when the
        /// operation does not exist.
        pub async fn dispatch(
            client: &Client,
            operation: &str,
            input: Value,
            options: &RequestOptions,
        ) -> Result<Outcome, String> {
            $($(
                if operation == <$endpoint as Endpoint>::NAME {
                    return Ok(call::<$endpoint>(client, input, options).await);
                }
            )*)*
            Err(format!("unknown operation {operation:?}"))
        }
    };
}

flow_core::for_each_operation!(dispatch);
