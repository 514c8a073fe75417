//! Each command: the core call it makes and how its result is written.

use std::io::{self, Write};

use clap::CommandFactory;
use flow_core::endpoints::{
    CreateRegistrant, GetAttendeeChatReport, GetOperatorChatReport, GetRegistrantsReport, GetSurveyReport,
    ListEventSessions, ReportText, SsoLoginLink,
};
use flow_core::jobs::collect::{collect, CollectOptions, ReportKind};
use flow_core::{Client, Error, NewEvent, OperatorAssignment, Period};
use serde_json::Value;

use crate::args::{
    Cli, Command, Format, Global, Operators, PeriodArg, Registrants, ReportArg, Reports, Rooms, Sessions,
    Surveys,
};
use crate::output::{Output, Shape};
use crate::{connect, exit, import, mock};

/// Why a command stopped.
pub enum Failure {
    /// The SDK's error: its kind decides the exit code.
    Api(Error),
    /// The output could not be written.
    Io(io::Error),
    /// Bad input found here, before anything was sent.
    Usage(String),
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure::Api(error)
    }
}

impl From<io::Error> for Failure {
    fn from(error: io::Error) -> Self {
        Failure::Io(error)
    }
}

/// Runs the command; returns the exit code.
pub async fn run(cli: Cli) -> i32 {
    let outcome = match cli.command {
        Command::Mock { port, seed } => mock::run(port, seed).await,
        Command::Completions { shell } => {
            let mut stdout = io::stdout();
            clap_complete::generate(shell, &mut Cli::command(), "flow", &mut stdout);
            stdout.flush().map(|()| exit::OK).map_err(Failure::Io)
        }
        command => match connect::client(&cli.global) {
            Ok(client) => call(&client, &cli.global, command).await,
            Err(error) => Err(Failure::Api(error)),
        },
    };
    match outcome {
        Ok(code) => code,
        Err(Failure::Api(error)) => exit::report(&error),
        Err(Failure::Usage(message)) => exit::usage(&message),
        // `flow ... | head` closes the pipe early: not a failure worth a message.
        Err(Failure::Io(error)) if error.kind() == io::ErrorKind::BrokenPipe => exit::OK,
        Err(Failure::Io(error)) => {
            eprintln!("flow: could not write the output: {error}");
            exit::API
        }
    }
}

fn period(arg: PeriodArg) -> Period {
    match arg {
        PeriodArg::Current => Period::Current,
        PeriodArg::Past => Period::Past,
        PeriodArg::Future => Period::Future,
    }
}

/// Opens the output before the request, so a bad `-o` path stops the command with nothing sent.
fn output(global: &Global, shape: Shape) -> Result<Output, Failure> {
    Output::open(global.output.as_deref(), global.format, shape)
        .map_err(|e| Failure::Usage(format!("could not open the output file: {e}")))
}

async fn call(client: &Client, global: &Global, command: Command) -> Result<i32, Failure> {
    let records = || output(global, Shape::Records);
    match command {
        Command::Sessions(Sessions::List {
            period: when,
            analytics,
        }) => {
            let out = records()?;
            let list = ListEventSessions {
                period: when.map(period),
                simple_analytics: analytics,
            };
            out.models(&client.events().list(list).await?)?;
        }
        Command::Sessions(Sessions::Get { token, public }) => {
            let out = records()?;
            let session = if public {
                client.events().get_public(&token).await?
            } else {
                client.events().get(&token).await?
            };
            out.model(&session)?;
        }
        Command::Sessions(Sessions::Create {
            creator_id,
            title,
            date,
            time,
            timezone,
            description,
            operators,
            published,
        }) => {
            let operators = operators
                .iter()
                .map(|o| operator(o))
                .collect::<Result<Vec<_>, _>>()?;
            let out = records()?;
            let event = NewEvent {
                creator_id,
                title,
                description,
                date,
                time,
                timezone,
                operators,
                published: published.then_some(true),
                ..NewEvent::default()
            };
            out.model(&client.events().create(event).await?)?;
        }
        Command::Registrants(Registrants::List { token }) => {
            let out = records()?;
            out.models(&client.registrants().list(&token).await?)?;
        }
        Command::Registrants(Registrants::Add {
            token,
            email,
            first_name,
            last_name,
        }) => {
            let out = records()?;
            let registration = CreateRegistrant::new(&token, &email, &first_name, &last_name);
            out.model(&client.registrants().create(registration).await?)?;
        }
        Command::Registrants(Registrants::Import {
            file,
            session,
            concurrency,
            journal,
        }) => {
            let out = records()?;
            let job = import::Import {
                file,
                session,
                concurrency,
                journal,
                quiet: global.quiet,
            };
            return job.run(client, out).await;
        }
        Command::Operators(Operators::List) => {
            let out = records()?;
            out.models(&client.operators().list().await?)?;
        }
        Command::Surveys(Surveys::List { token }) => {
            let out = records()?;
            out.models(&client.surveys().list(&token).await?)?;
        }
        Command::Reports(Reports::Get {
            kind,
            token,
            survey_id,
        }) => {
            if survey_id.is_some() && kind != ReportArg::Survey {
                return Err(Failure::Usage(
                    "--survey-id is only for survey reports".to_owned(),
                ));
            }
            if kind == ReportArg::Summary {
                let out = output(global, Shape::Records)?;
                return Ok(out
                    .summary(&client.reports().summary(&token).await?)
                    .map(|()| exit::OK)?);
            }
            let out = output(global, Shape::Report)?;
            if out.format() == Format::Csv {
                // The CSV as sent, never parsed: a large report is held once, not twice.
                let text = match kind {
                    ReportArg::Registrants => {
                        client
                            .send(&ReportText(GetRegistrantsReport { session_token: token }))
                            .await?
                    }
                    ReportArg::AttendeeChat => {
                        client
                            .send(&ReportText(GetAttendeeChatReport { session_token: token }))
                            .await?
                    }
                    ReportArg::OperatorChat => {
                        client
                            .send(&ReportText(GetOperatorChatReport { session_token: token }))
                            .await?
                    }
                    _ => {
                        let survey_id = survey_id.unwrap_or_default();
                        client
                            .send(&ReportText(GetSurveyReport {
                                session_token: token,
                                survey_id,
                            }))
                            .await?
                    }
                };
                out.text(&text)?;
                return Ok(exit::OK);
            }
            let reports = client.reports();
            let report = match kind {
                ReportArg::Registrants => reports.registrants(&token).await?,
                ReportArg::AttendeeChat => reports.attendee_chat(&token).await?,
                ReportArg::OperatorChat => reports.operator_chat(&token).await?,
                _ => {
                    reports
                        .survey(&token, survey_id.as_deref().unwrap_or_default())
                        .await?
                }
            };
            out.report(&report)?;
        }
        Command::Reports(Reports::Collect {
            kind,
            period: when,
            sessions,
            survey_id,
            concurrency,
        }) => {
            let kind = match kind {
                ReportArg::Summary => {
                    return Err(Failure::Usage(
                        "summary reports cannot be collected; pick one table".to_owned(),
                    ))
                }
                ReportArg::Registrants => ReportKind::Registrants,
                ReportArg::AttendeeChat => ReportKind::AttendeeChat,
                ReportArg::OperatorChat => ReportKind::OperatorChat,
                ReportArg::Survey => ReportKind::Survey,
            };
            let options = CollectOptions {
                sessions: (!sessions.is_empty())
                    .then(|| sessions.iter().map(|s| s.as_str().into()).collect()),
                period: when.map(period),
                survey_id,
                concurrency: flow_core::jobs::concurrency(
                    flow_core::jobs::collect::COLLECT,
                    &concurrency.map_or(Value::Null, Value::from),
                )?,
                progress: None,
            };
            let out = output(global, Shape::Report)?;
            let collected = collect(client, kind, &options).await?;
            out.report(&collected.report)?;
            for (token, error) in &collected.failures {
                eprintln!("flow: session {token} failed: {error}");
            }
            if !collected.failures.is_empty() {
                return Ok(exit::API);
            }
        }
        Command::Rooms(Rooms::List { account_token }) => {
            let out = records()?;
            out.models(&client.sso().rooms(&account_token).await?)?;
        }
        Command::Rooms(Rooms::Link {
            room_id,
            email,
            first_name,
            last_name,
        }) => {
            let out = records()?;
            let link = SsoLoginLink {
                room_id,
                email,
                first_name,
                last_name,
            };
            out.model(&client.sso().login_link(link).await?)?;
        }
        Command::Mock { .. } | Command::Completions { .. } => unreachable!("handled without a client"),
    }
    Ok(exit::OK)
}

/// `ID:ROLE`, e.g. `1002:5`.
fn operator(text: &str) -> Result<OperatorAssignment, Failure> {
    let parsed = text
        .split_once(':')
        .and_then(|(id, role)| Some((id.trim().parse().ok()?, role.trim().parse().ok()?)));
    let (id, role) = parsed.ok_or_else(|| {
        Failure::Usage(format!(
            "--operator {text:?} must be ID:ROLE, e.g. 1002:5 (5 presenter, 10 organizer)"
        ))
    })?;
    Ok(OperatorAssignment {
        id,
        role,
        ..OperatorAssignment::default()
    })
}
