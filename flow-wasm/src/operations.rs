//! Every operation by its neutral name, run through the core's driver.

use flow_core::driver::{execute, Runtime};
use flow_core::endpoints::{
    CreateEvent, CreateRegistrant, GetAttendeeChatReport, GetEventSession, GetOperatorChatReport,
    GetPublicEventSession, GetRegistrantsReport, GetSummaryReport, GetSurveyReport, ListEventSessions,
    ListOperators, ListRegistrants, ListRooms, ListSurveys, SsoLoginLink,
};
use flow_core::{Endpoint, Error, FixedJitter, Jitter};
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

use crate::abort::{race, AbortWait, Either};
use crate::convert::{self, plain, report, summary};
use crate::fetch::FetchTransport;
use crate::options::{self, ClientOptions};
use crate::timers::{JsSleeper, MathRandomJitter};

/// A configured client: the core configuration and the JS runtime it runs on.
pub struct Client {
    config: flow_core::Config,
    transport: FetchTransport,
    sleeper: JsSleeper,
    jitter: Box<dyn Jitter>,
}

impl Client {
    /// A client from checked options.
    pub fn new(options: ClientOptions) -> Self {
        let jitter: Box<dyn Jitter> = match options.jitter {
            Some(sample) => Box::new(FixedJitter(sample)),
            None => Box::new(MathRandomJitter),
        };
        Self {
            config: options.config,
            transport: FetchTransport::new(options.fetch),
            sleeper: JsSleeper::new(options.sleep),
            jitter,
        }
    }

    /// Runs `operation` with its neutral snake_case `input` and the call's `options`.
    pub async fn run(&self, operation: &str, input: &JsValue, options: &JsValue) -> Result<JsValue, Error> {
        match operation {
            "events.list" => self.call::<ListEventSessions>(input, options, plain).await,
            "events.get" => self.call::<GetEventSession>(input, options, plain).await,
            "events.get_public" => self.call::<GetPublicEventSession>(input, options, plain).await,
            "events.create" => self.call::<CreateEvent>(input, options, plain).await,
            "registrants.create" => self.call::<CreateRegistrant>(input, options, plain).await,
            "registrants.list" => self.call::<ListRegistrants>(input, options, plain).await,
            "operators.list" => self.call::<ListOperators>(input, options, plain).await,
            "surveys.list" => self.call::<ListSurveys>(input, options, plain).await,
            "reports.summary" => self.call::<GetSummaryReport>(input, options, summary).await,
            "reports.registrants" => self.call::<GetRegistrantsReport>(input, options, report).await,
            "reports.attendee_chat" => self.call::<GetAttendeeChatReport>(input, options, report).await,
            "reports.operator_chat" => self.call::<GetOperatorChatReport>(input, options, report).await,
            "reports.survey" => self.call::<GetSurveyReport>(input, options, report).await,
            "sso.rooms" => self.call::<ListRooms>(input, options, plain).await,
            "sso.login_link" => self.call::<SsoLoginLink>(input, options, plain).await,
            _ => Err(Error::InvalidRequest {
                endpoint: "client",
                field: "operation",
                reason: format!("{operation:?} is not an operation"),
            }),
        }
    }

    /// One call: checks input and options, then the driver's loop, raced against the caller's
    /// signal so an abort also ends a retry sleep at once and nothing more is sent.
    async fn call<E: Endpoint + DeserializeOwned>(
        &self,
        input: &JsValue,
        options: &JsValue,
        encode: fn(&E::Output) -> JsValue,
    ) -> Result<JsValue, Error> {
        let endpoint: E = convert::input(input)?;
        let call = options::call(options, E::NAME)?;
        let config = self.config.with_options(&call.overrides, E::NAME)?;
        let runtime = Runtime {
            transport: &self.transport,
            sleeper: &self.sleeper,
            jitter: self.jitter.as_ref(),
        };
        let run = execute(&endpoint, &config, runtime);
        let output = match call.signal {
            None => run.await?,
            Some(signal) => {
                let aborted = Error::Aborted { endpoint: E::NAME };
                if signal.aborted() {
                    return Err(aborted);
                }
                let abort = AbortWait::new(signal).map_err(|_| Error::InvalidRequest {
                    endpoint: E::NAME,
                    field: "signal",
                    reason: "must be an AbortSignal".to_owned(),
                })?;
                match race(run, abort).await {
                    Either::Main(result) => result?,
                    Either::Interrupt(()) => return Err(aborted),
                }
            }
        };
        Ok(encode(&output))
    }
}
