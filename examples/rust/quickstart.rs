//! Quickstart: every endpoint once, against the server named by FLOW_BASE_URL (by default the
//! bundled flow-mock that `make demo` starts). Run: `cargo run -p flow-core --features reqwest --example quickstart`.

use flow_core::endpoints::{CreateRegistrant, ListEventSessions, SsoLoginLink};
use flow_core::{Client, NewEvent, OperatorAssignment, Period, Report};

fn head(name: &str, report: &Report, rows: usize) {
    println!("  {name}: {} rows; columns {:?}", report.len(), report.columns());
    for row in report.rows().take(rows) {
        let fields: Vec<String> = row.iter().map(|f| f.replace('\n', "⏎")).collect();
        println!("    {}", fields.join(" | "));
    }
}

#[tokio::main]
async fn main() -> Result<(), flow_core::Error> {
    let client = Client::builder().build()?;
    println!("client: {client:?}");

    let sessions = client
        .events()
        .list(ListEventSessions {
            period: Some(Period::Current),
            simple_analytics: true,
        })
        .await?;
    println!(
        "\nevents.list(period=current, simple_analytics): {} sessions",
        sessions.len()
    );
    for s in &sessions {
        println!(
            "  {:<12} {} {} {}  {:?}  analytics={:?}",
            s.token.as_deref().unwrap_or("?"),
            s.date.as_deref().unwrap_or(""),
            s.time.as_deref().unwrap_or(""),
            s.timezone.as_deref().unwrap_or(""),
            s.title.as_deref().unwrap_or(""),
            s.analytics.as_ref().map(|a| a.len())
        );
    }
    let all = client
        .events()
        .list(ListEventSessions {
            period: None,
            simple_analytics: false,
        })
        .await?;
    let past = client
        .events()
        .list(ListEventSessions {
            period: Some(Period::Past),
            simple_analytics: false,
        })
        .await?;
    println!(
        "events.list(): {} sessions in all, {} past",
        all.len(),
        past.len()
    );

    let token = sessions
        .first()
        .and_then(|s| s.token.clone())
        .unwrap_or_else(|| "rGt3dC546xs".to_owned());
    let info = client.events().get(&token).await?;
    println!(
        "\nevents.get({token}): {:?}, {} operators, {} feedback questions, published={:?}",
        info.title,
        info.operators.as_ref().map_or(0, Vec::len),
        info.feedback_questions.as_ref().map_or(0, Vec::len),
        info.published
    );
    let public = client.events().get_public(&token).await?;
    println!(
        "events.get_public({token}): {:?} on {:?} (sent without the secret)",
        public.title, public.date
    );

    for attempt in 1..=2 {
        let r = client
            .registrants()
            .create(CreateRegistrant::new(
                &token,
                "ada@example.com",
                "Ada",
                "Lovelace",
            ))
            .await?;
        println!(
            "registrants.create #{attempt}: id={:?} is_new={:?} url={:?}",
            r.id, r.is_new, r.url
        );
    }
    let registrants = client.registrants().list(&token).await?;
    let attended = registrants.iter().filter(|r| r.attended()).count();
    println!(
        "registrants.list({token}): {} registrants, {attended} attended",
        registrants.len()
    );

    let operators = client.operators().list().await?;
    println!("\noperators.list: {} operators", operators.len());
    for o in operators.iter().take(3) {
        println!(
            "  {:?} {:?} {:?} created {:?}",
            o.id,
            o.first_name,
            o.last_name,
            o.created_at()
        );
    }
    let creator = operators.first().and_then(|o| o.id).unwrap_or(1);
    let created = client
        .events()
        .create(NewEvent {
            creator_id: creator,
            title: "Quickstart webinar".to_owned(),
            description: "Created by the Rust quickstart".to_owned(),
            date: "2031-05-04".to_owned(),
            time: "15:30:00".to_owned(),
            timezone: "Europe/Berlin".to_owned(),
            operators: vec![OperatorAssignment {
                id: creator,
                role: OperatorAssignment::ORGANIZER,
                mic_enabled: true,
                cam_enabled: true,
                screen_sharing_enabled: true,
            }],
            duration: Some(1.5),
            ..NewEvent::default()
        })
        .await?;
    println!(
        "events.create: {:?}, new token {:?}",
        created.message,
        created.session.as_ref().and_then(|s| s.token.clone())
    );

    let report_token = past
        .first()
        .and_then(|s| s.token.clone())
        .unwrap_or_else(|| "LKo586mmk7g".to_owned());
    let surveys = client.surveys().list(&report_token).await?;
    println!(
        "\nsurveys.list({report_token}): {:?}",
        surveys.iter().map(|s| (s.id, s.name.clone())).collect::<Vec<_>>()
    );

    println!("\nreports for {report_token}:");
    let summary = client.reports().summary(&report_token).await?;
    head("summary.registrants", &summary.registrants, 2);
    head("summary.attendeeChat", &summary.attendee_chat, 2);
    head("summary.operatorChat", &summary.operator_chat, 2);
    head("summary.surveyResults", &summary.survey_results, 2);
    head(
        "registrants",
        &client.reports().registrants(&report_token).await?,
        2,
    );
    head(
        "attendeeChat",
        &client.reports().attendee_chat(&report_token).await?,
        3,
    );
    head(
        "operatorChat",
        &client.reports().operator_chat(&report_token).await?,
        2,
    );
    if let Some(id) = surveys.first().and_then(|s| s.id) {
        head(
            "surveyDetail",
            &client.reports().survey(&report_token, &id.to_string()).await?,
            2,
        );
    }

    let account = std::env::var("FLOW_ACCOUNT_TOKEN").unwrap_or_else(|_| "acc0untT0k3n".to_owned());
    let rooms = client.sso().rooms(&account).await?;
    println!(
        "\nsso.sso().rooms({account}): {:?}",
        rooms.iter().map(|r| r.title.clone()).collect::<Vec<_>>()
    );
    if let Some(room_id) = rooms.first().and_then(|r| r.room_id.clone()) {
        let link = client
            .sso()
            .login_link(SsoLoginLink::new(
                &room_id,
                "grace@example.com",
                "Grace",
                "Hopper",
            ))
            .await?;
        println!(
            "sso.login_link({room_id}): is_new={:?} url={:?}",
            link.is_new, link.url
        );
    }

    match client.registrants().list("no-such-session").await {
        Err(e) => println!("\nan error reads like this: {e}"),
        Ok(list) => println!("\nunexpected: {} registrants for an unknown session", list.len()),
    }
    Ok(())
}
