//! The seeded generator: a believable account (operators, rooms, sessions in the past, today and the
//! future, registrants, chats, surveys) that is the same for the same seed on any day, except that
//! dates are placed relative to today so the period filter keeps classifying them right.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use serde_json::json;

use crate::config::MockConfig;
use crate::store::{
    random_token, Attendance, Channel, ChatMessage, Question, Registration, Room, Session, SessionOperator,
    Source, Store, Survey, SurveyResponse, User, ATTENDEE_ROLE,
};

/// Token of the benchmark session that exists when `bench_registrants > 0`.
pub const BENCH_TOKEN: &str = "B3nchT0k3n";

/// Which day a seeded session falls on, relative to today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum When {
    Past,
    Today,
    Future,
}

struct Plan {
    token: Option<&'static str>,
    when: When,
    published: bool,
}

/// Three sessions per period; the documented tokens come first so the doc's curl examples work.
const PLANS: [Plan; 9] = [
    plan(Some("LKo586mmk7g"), When::Past, true),
    plan(None, When::Past, true),
    plan(None, When::Past, true),
    plan(Some("rGt3dC546xs"), When::Today, true),
    plan(None, When::Today, true),
    plan(None, When::Today, true),
    plan(Some("T35tT0K3n"), When::Future, true),
    plan(None, When::Future, true),
    plan(None, When::Future, false),
];

const fn plan(token: Option<&'static str>, when: When, published: bool) -> Plan {
    Plan {
        token,
        when,
        published,
    }
}

const TITLES: [&str; 9] = [
    "Quarterly Product Update",
    "Onboarding Masterclass: Your First Webinar",
    "Ask Me Anything — Data Privacy",
    "Café Talk: Remote Teams That Work",
    "Live Demo: Automations & Integrations",
    "Customer Story: Zürich Logistics",
    "Webinar Best Practices 2.0",
    "Hiring Day Q&A",
    "Year in Review, \"Unplugged\"",
];

const DESCRIPTIONS: [&str; 4] = [
    "Join us live for news, demos and your questions.",
    "A hands-on hour, with slides, polls and a Q&A at the end.\nReplays are sent to every registrant.",
    "Für alle, die mehr wissen wollen — auf Englisch, with German subtitles.",
    "Short, practical, and recorded. Bring coffee ☕",
];

const TIMEZONES: [&str; 6] = [
    "Asia/Calcutta",
    "Europe/Berlin",
    "America/New_York",
    "UTC",
    "Australia/Sydney",
    "America/Los_Angeles",
];

const DURATIONS: [f64; 5] = [0.5, 1.0, 1.5, 2.0, 0.75];
const EARLY_ACCESS: [u32; 4] = [0, 10, 15, 30];
const LANGUAGES: [&str; 4] = ["en", "en", "de", "fr"];

pub const FIRST_NAMES: [(&str, &str); 12] = [
    ("Ada", "ada"),
    ("Zoë", "zoe"),
    ("José", "jose"),
    ("Søren", "soren"),
    ("Amélie", "amelie"),
    ("Kenji", "kenji"),
    ("太郎", "taro"),
    ("Fatima", "fatima"),
    ("Liam", "liam"),
    ("Chloé", "chloe"),
    ("Mateo", "mateo"),
    ("Aiyana", "aiyana"),
];

pub const LAST_NAMES: [(&str, &str); 10] = [
    ("Lovelace", "lovelace"),
    ("Müller", "mueller"),
    ("García", "garcia"),
    ("Ødegaard", "odegaard"),
    ("O'Brien", "obrien"),
    ("Tanaka", "tanaka"),
    ("山田", "yamada"),
    ("Nguyen", "nguyen"),
    ("Smith", "smith"),
    ("Kowalski", "kowalski"),
];

const DOMAINS: [&str; 3] = ["example.com", "example.org", "mail.example.net"];

const LOCATIONS: [&str; 8] = [
    "Berlin, Germany",
    "Mumbai, India",
    "New York, NY, USA",
    "São Paulo, Brazil",
    "Tokyo, Japan",
    "",
    "Zürich, Switzerland",
    "Lagos",
];

const PHONES: [&str; 6] = [
    "+49 30 901820",
    "",
    "+1 (212) 555-0147",
    "+91 22 5550 1234",
    "+81 3-5555-0100",
    "",
];

/// Attendee chat: every session that had people in it gets all of these, so each chat report holds
/// commas, double quotes, embedded newlines and non-ASCII text.
const ATTENDEE_CHAT: [&str; 8] = [
    "Hello from Zürich, great session!",
    "Can you share the slides? I missed the part about \"smart scheduling\".",
    "Line one\nline two: does the replay include the Q&A?",
    "日本語の字幕はありますか？",
    "Merci beaucoup, c'était génial 🎉",
    "Über-cool demo 👍, thanks",
    "Is the \"Pro\" plan required, or does \"Basic\" work?",
    "👋 Hi all",
];

const OPERATOR_CHAT: [&str; 4] = [
    "Welcome everyone! We'll start in 2 minutes, grab a coffee ☕",
    "Slides: https://example.com/slides?a=1,b=2",
    "Reminder: the replay will be sent by email,\nwithin 24h.",
    "Danke für eure Fragen — we'll answer the \"pricing\" ones at the end.",
];

struct SurveyTemplate {
    name: &'static str,
    text: &'static str,
    anonymous: bool,
    questions: &'static [(&'static str, &'static [&'static str])],
}

const SURVEYS: [SurveyTemplate; 3] = [
    SurveyTemplate {
        name: "Session feedback",
        text: "Tell us how we did, honestly.",
        anonymous: false,
        questions: &[
            (
                "How would you rate this session?",
                &["Excellent", "Good", "Fair", "Poor"],
            ),
            (
                "Would you recommend it to a colleague, friend, or partner?",
                &["Yes", "No", "Maybe, \"it depends\""],
            ),
        ],
    },
    SurveyTemplate {
        name: "Poll: tooling",
        text: "Which tools do you use today?",
        anonymous: false,
        questions: &[(
            "Which video tool do you use most?",
            &["Flow", "Zoom", "Teams", "Other — tell us in the chat"],
        )],
    },
    SurveyTemplate {
        name: "Café quiz ☕",
        text: "A quick quiz, just for fun",
        anonymous: true,
        questions: &[("Où est le café ?", &["Ici", "Là-bas", "日本"])],
    },
];

/// Builds the seeded state for `config`, with "today" being `today` (UTC).
pub fn seed(config: &MockConfig, today: NaiveDate) -> Store {
    let mut rng = fastrand::Rng::with_seed(config.seed);
    let users = seed_users(&mut rng, today);
    let mut store = Store {
        users,
        sessions: Vec::new(),
        registrations: Vec::new(),
        surveys: Vec::new(),
        responses: Vec::new(),
        chats: Vec::new(),
        rooms: Vec::new(),
        rng,
        next_session_id: 4001,
        next_user_id: 20001,
        next_registration_id: 50001,
        next_survey_id: 801,
        registration_index: Default::default(),
    };
    let mut titles = TITLES;
    store.rng.shuffle(&mut titles);
    for (plan, title) in PLANS.iter().zip(titles) {
        let offset = match plan.when {
            When::Past => -store.rng.i64(2..=90),
            When::Today => 0,
            When::Future => store.rng.i64(1..=60),
        };
        let token = match plan.token {
            Some(token) => token.to_owned(),
            None => store.new_token(11),
        };
        let session = seed_session(&mut store, token, title, today + Duration::days(offset));
        let session = Session {
            published: plan.published,
            ..session
        };
        seed_activity(&mut store, &session, plan.when, config.registrants_per_session);
        store.sessions.push(session);
    }
    if config.bench_registrants > 0 {
        let session = seed_session(
            &mut store,
            BENCH_TOKEN.to_owned(),
            "Benchmark Town Hall",
            today - Duration::days(7),
        );
        seed_activity(&mut store, &session, When::Past, 0);
        store.sessions.push(session);
    }
    store.rooms = seed_rooms(&store);
    store
}

fn seed_users(rng: &mut fastrand::Rng, today: NaiveDate) -> Vec<User> {
    const PEOPLE: [(&str, &str, &str, &str); 5] = [
        ("Maya", "Okafor", "Head of Events", "maya.okafor"),
        ("Jürgen", "Weiß", "Producer", "juergen.weiss"),
        ("Priya", "Raman", "Product Manager", "priya.raman"),
        ("Tom", "O'Neil", "Sales Engineer", "tom.oneil"),
        ("Léa", "Dubois", "Community Lead", "lea.dubois"),
    ];
    let base = today.and_time(NaiveTime::MIN).and_utc().timestamp() - 400 * 86_400;
    PEOPLE
        .iter()
        .zip(1001..)
        .map(|(&(first, last, title, slug), id)| User {
            id,
            token: random_token(rng, 10),
            account_service_level: 3,
            email: format!("{slug}@flowcast.example"),
            first_name: first.to_owned(),
            last_name: last.to_owned(),
            title: title.to_owned(),
            company: "Flowcast GmbH".to_owned(),
            phone: PHONES[rng.usize(..PHONES.len())].to_owned(),
            bio: format!("{first} runs webinars at Flowcast, \"live\" or recorded."),
            linkedin_url: format!("https://www.linkedin.com/in/{slug}"),
            twitter_id: if id % 2 == 0 {
                String::new()
            } else {
                format!("@{}", slug.replace('.', "_"))
            },
            avatar_token: (id % 3 != 0).then(|| random_token(rng, 16)),
            avatar_extension: (id % 3 != 0).then(|| if id % 2 == 0 { "png" } else { "jpg" }.to_owned()),
            permission: if id == 1001 { 1 } else { 2 },
            created_by: (id != 1001).then_some(1001),
            created_date: base + i64::try_from(id - 1001).unwrap_or(0) * 86_400 * 30,
        })
        .collect()
}

fn seed_session(store: &mut Store, token: String, title: &str, date: NaiveDate) -> Session {
    let id = store.next_session_id;
    store.next_session_id += 1;
    let rng = &mut store.rng;
    let time = NaiveTime::from_hms_opt(rng.u32(7..=19), [0, 15, 30, 45][rng.usize(..4)], 0)
        .unwrap_or(NaiveTime::MIN);
    let user_ids: Vec<u64> = store.users.iter().map(|u| u.id).collect();
    let mut picked = user_ids.clone();
    rng.shuffle(&mut picked);
    picked.truncate(rng.usize(1..=3));
    let operators = picked
        .iter()
        .enumerate()
        .map(|(i, &user_id)| SessionOperator {
            user_id,
            role: if i == 0 { 10 } else { 5 },
            mic: true,
            cam: i == 0 || rng.bool(),
            screen: i == 0,
        })
        .collect();
    let feedback_questions = if id % 2 == 0 {
        vec![
            json!("How satisfied were you with this session?"),
            json!("What should we cover next time?"),
        ]
    } else {
        vec![
            json!({"id": 1, "question": "Rate the audio quality", "type": "rating"}),
            json!({"id": 2, "question": "Anything else, good or bad?", "type": "text"}),
        ]
    };
    let create_date = (date - Duration::days(rng.i64(3..=40)))
        .and_hms_opt(rng.u32(8..=18), rng.u32(0..60), rng.u32(0..60))
        .unwrap_or_default();
    Session {
        id,
        event_token: random_token(rng, 10),
        title: title.to_owned(),
        description: format!("{title}. {}", DESCRIPTIONS[rng.usize(..DESCRIPTIONS.len())]),
        date,
        time,
        timezone: TIMEZONES[rng.usize(..TIMEZONES.len())].to_owned(),
        duration_hours: DURATIONS[rng.usize(..DURATIONS.len())],
        early_access_minutes: EARLY_ACCESS[rng.usize(..EARLY_ACCESS.len())],
        published: true,
        video_record: rng.bool(),
        on_demand_replays: rng.bool(),
        access_status: rng.u8(0..=2),
        create_date,
        creator_id: picked[0],
        operators,
        feedback_questions,
        language: LANGUAGES[rng.usize(..LANGUAGES.len())].to_owned(),
        pass_code: (rng.usize(..3) == 0).then(|| format!("{:06}", rng.u32(0..1_000_000))),
        token,
    }
}

/// Registrants (operators first), and for sessions that already started: attendance, chats and
/// survey answers. Future sessions get surveys but nobody has attended or answered yet.
fn seed_activity(store: &mut Store, session: &Session, when: When, registrants: usize) {
    let start = session.date.and_time(session.time);
    let minutes = (session.duration_hours * 60.0) as i64;
    let attend_chance = match when {
        When::Past => 0.75,
        When::Today => 0.5,
        When::Future => 0.0,
    };
    let mut attended: Vec<(String, String)> = Vec::new();
    for i in 0..registrants {
        let operator = session.operators.get(i);
        let (user_id, first, last, email) = match operator.and_then(|op| store.user(op.user_id)) {
            Some(user) => (
                user.id,
                user.first_name.clone(),
                user.last_name.clone(),
                user.email.clone(),
            ),
            None => {
                let user_id = store.next_user_id;
                store.next_user_id += 1;
                let rng = &mut store.rng;
                let (first, first_slug) = FIRST_NAMES[rng.usize(..FIRST_NAMES.len())];
                let (last, last_slug) = LAST_NAMES[rng.usize(..LAST_NAMES.len())];
                let domain = DOMAINS[rng.usize(..DOMAINS.len())];
                (
                    user_id,
                    first.to_owned(),
                    last.to_owned(),
                    format!("{first_slug}.{last_slug}{user_id}@{domain}"),
                )
            }
        };
        let rng = &mut store.rng;
        let present = when != When::Future && (operator.is_some() || rng.f64() < attend_chance);
        let attendance = present.then(|| {
            let entry = start
                + Duration::minutes(rng.i64(-i64::from(session.early_access_minutes)..=15))
                + Duration::seconds(rng.i64(0..60));
            let exit = entry + Duration::minutes(rng.i64(10..=minutes.max(11)));
            Attendance { entry, exit }
        });
        if present && operator.is_none() {
            attended.push((format!("{first} {last}"), email.clone()));
        }
        let registration = Registration {
            id: store.next_registration_id,
            user_id,
            session_token: session.token.clone(),
            token: random_token(rng, 12),
            email,
            first_name: first,
            last_name: last,
            phone: PHONES[rng.usize(..PHONES.len())].to_owned(),
            location: LOCATIONS[rng.usize(..LOCATIONS.len())].to_owned(),
            attendance,
            role: operator.map_or(ATTENDEE_ROLE, |op| op.role),
            mic: operator.is_some_and(|op| op.mic),
            cam: operator.is_some_and(|op| op.cam),
            screen: operator.is_some_and(|op| op.screen),
            source: Source::Registrants,
        };
        store.next_registration_id += 1;
        store.registrations.push(registration);
    }
    if when != When::Future {
        seed_chats(store, session, start, &attended);
    }
    seed_surveys(store, session, &attended);
}

fn seed_chats(store: &mut Store, session: &Session, start: NaiveDateTime, attended: &[(String, String)]) {
    let operators: Vec<(String, String)> = session
        .operators
        .iter()
        .filter_map(|op| store.user(op.user_id))
        .map(|u| (format!("{} {}", u.first_name, u.last_name), u.email.clone()))
        .collect();
    let channels = [
        (Channel::Operator, &OPERATOR_CHAT[..], operators.as_slice()),
        (Channel::Attendee, &ATTENDEE_CHAT[..], attended),
    ];
    for (channel, lines, speakers) in channels {
        if speakers.is_empty() {
            continue;
        }
        let mut time = start;
        for line in lines {
            time += Duration::seconds(store.rng.i64(20..=300));
            let (name, email) = &speakers[store.rng.usize(..speakers.len())];
            store.chats.push(ChatMessage {
                session_token: session.token.clone(),
                channel,
                time,
                name: name.clone(),
                email: email.clone(),
                message: (*line).to_owned(),
            });
        }
    }
}

fn seed_surveys(store: &mut Store, session: &Session, attended: &[(String, String)]) {
    let count = store.rng.usize(1..=SURVEYS.len());
    for template in &SURVEYS[..count] {
        let id = store.next_survey_id;
        store.next_survey_id += 1;
        let questions: Vec<Question> = template
            .questions
            .iter()
            .map(|(text, options)| Question {
                text: (*text).to_owned(),
                options: options.iter().map(|o| (*o).to_owned()).collect(),
            })
            .collect();
        for (_, email) in attended {
            for (q, question) in questions.iter().enumerate() {
                if store.rng.f64() < 0.8 {
                    store.responses.push(SurveyResponse {
                        survey_id: id,
                        email: email.clone(),
                        question: q,
                        answer: store.rng.usize(..question.options.len()),
                    });
                }
            }
        }
        store.surveys.push(Survey {
            id,
            session_token: session.token.clone(),
            name: template.name.to_owned(),
            text: template.text.to_owned(),
            anonymous: template.anonymous,
            result_display_option: store.rng.u8(0..=2),
            questions,
        });
    }
}

/// Three rooms of the account, each leading into a session of today or the future.
fn seed_rooms(store: &Store) -> Vec<Room> {
    let today_second = store.sessions.get(4).map_or("rGt3dC546xs", |s| s.token.as_str());
    [
        (301, "m41nSt4g3", "Main Stage", "rGt3dC546xs", 1001),
        (302, "pr0dL4b", "Product Lab", "T35tT0K3n", 1003),
        (303, "c0mmL0ung3", "Community Lounge", today_second, 1005),
    ]
    .into_iter()
    .map(|(id, room_id, title, session, creator_id)| Room {
        id,
        room_id: room_id.to_owned(),
        title: title.to_owned(),
        description: format!("{title}: members join here with one click, no extra login."),
        creator_id,
        session_token: session.to_owned(),
    })
    .collect()
}
