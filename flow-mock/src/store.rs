//! The mock's mutable state: the records a real Flow account holds, kept as typed values and
//! rendered to the wire (with its sloppiness) only in `wire`.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde_json::Value;

/// The account every seeded user, room and session belongs to.
pub const ACCOUNT_TOKEN: &str = "acc0untT0k3n";
/// The numeric id of that account, as rooms report it.
pub const ACCOUNT_ID: u64 = 77;

#[derive(Debug, Clone)]
pub struct User {
    pub id: u64,
    pub token: String,
    pub account_service_level: u8,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub title: String,
    pub company: String,
    pub phone: String,
    pub bio: String,
    pub linkedin_url: String,
    pub twitter_id: String,
    pub avatar_token: Option<String>,
    pub avatar_extension: Option<String>,
    pub permission: u8,
    pub created_by: Option<u64>,
    pub created_date: i64,
}

/// A user's part in one session.
#[derive(Debug, Clone)]
pub struct SessionOperator {
    pub user_id: u64,
    /// 5 presenter, 10 organizer.
    pub role: u8,
    pub mic: bool,
    pub cam: bool,
    pub screen: bool,
}

#[derive(Debug, Clone)]
pub struct Session {
    pub id: u64,
    pub token: String,
    pub event_token: String,
    pub title: String,
    pub description: String,
    pub date: NaiveDate,
    pub time: NaiveTime,
    pub timezone: String,
    pub duration_hours: f64,
    pub early_access_minutes: u32,
    pub published: bool,
    pub video_record: bool,
    pub on_demand_replays: bool,
    pub access_status: u8,
    pub create_date: NaiveDateTime,
    pub creator_id: u64,
    pub operators: Vec<SessionOperator>,
    pub feedback_questions: Vec<Value>,
    pub language: String,
    pub pass_code: Option<String>,
}

/// How a registration came in: endpoint 4 (and the seed) or the SSO room link (endpoint 11).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Registrants,
    Sso,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Registrants => "registrants",
            Source::Sso => "sso",
        }
    }
}

/// When a registrant was in the room; absent for people who never attended.
#[derive(Debug, Clone, Copy)]
pub struct Attendance {
    pub entry: NaiveDateTime,
    pub exit: NaiveDateTime,
}

#[derive(Debug, Clone)]
pub struct Registration {
    pub id: u64,
    pub user_id: u64,
    pub session_token: String,
    pub token: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub phone: String,
    pub location: String,
    pub attendance: Option<Attendance>,
    pub role: u8,
    pub mic: bool,
    pub cam: bool,
    pub screen: bool,
    pub source: Source,
}

#[derive(Debug, Clone)]
pub struct Question {
    pub text: String,
    pub options: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Survey {
    pub id: u64,
    pub session_token: String,
    pub name: String,
    pub text: String,
    pub anonymous: bool,
    pub result_display_option: u8,
    pub questions: Vec<Question>,
}

/// One answer: `answer` indexes the question's options.
#[derive(Debug, Clone)]
pub struct SurveyResponse {
    pub survey_id: u64,
    pub email: String,
    pub question: usize,
    pub answer: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Attendee,
    Operator,
}

#[derive(Debug, Clone)]
pub struct ChatMessage {
    pub session_token: String,
    pub channel: Channel,
    pub time: NaiveDateTime,
    pub name: String,
    pub email: String,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct Room {
    pub id: u64,
    pub room_id: String,
    pub title: String,
    pub description: String,
    pub creator_id: u64,
    /// The session a member of this room is registered for.
    pub session_token: String,
}

/// Summary figures of a session, as `simple_analytics=1` reports them.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Analytics {
    pub registrants: usize,
    pub attendees: usize,
    pub attended_minutes: i64,
    pub chat_messages: usize,
    pub survey_responses: usize,
}

impl std::ops::Add for Analytics {
    type Output = Analytics;

    fn add(self, other: Analytics) -> Analytics {
        Analytics {
            registrants: self.registrants + other.registrants,
            attendees: self.attendees + other.attendees,
            attended_minutes: self.attended_minutes + other.attended_minutes,
            chat_messages: self.chat_messages + other.chat_messages,
            survey_responses: self.survey_responses + other.survey_responses,
        }
    }
}

/// A person asking to be registered, already validated.
#[derive(Debug, Clone)]
pub struct Person {
    pub email: String,
    pub first_name: String,
    pub last_name: String,
}

/// Everything the account holds. Ids keep counting up across creations so they never repeat.
#[derive(Debug, Clone)]
pub struct Store {
    pub users: Vec<User>,
    pub sessions: Vec<Session>,
    pub registrations: Vec<Registration>,
    pub surveys: Vec<Survey>,
    pub responses: Vec<SurveyResponse>,
    pub chats: Vec<ChatMessage>,
    pub rooms: Vec<Room>,
    pub rng: fastrand::Rng,
    pub next_session_id: u64,
    pub next_user_id: u64,
    pub next_registration_id: u64,
    pub next_survey_id: u64,
    /// Finds a registration by session and email without scanning them all, so a bulk run of
    /// 100,000 registrations stays linear.
    pub registration_index: RegistrationIndex,
}

/// (session token, lower-cased email) → position in [`Store::registrations`], for the first
/// `indexed` registrations; those pushed since (while seeding) are indexed by the next
/// [`Store::add_registration`], and scanned until then.
#[derive(Debug, Clone, Default)]
pub struct RegistrationIndex {
    by_email: std::collections::HashMap<(String, String), usize>,
    indexed: usize,
}

impl Store {
    pub fn session(&self, token: &str) -> Option<&Session> {
        self.sessions.iter().find(|s| s.token == token)
    }

    pub fn user(&self, id: u64) -> Option<&User> {
        self.users.iter().find(|u| u.id == id)
    }

    pub fn registrations_of<'a>(&'a self, token: &'a str) -> impl Iterator<Item = &'a Registration> {
        self.registrations
            .iter()
            .filter(move |r| r.session_token == token)
    }

    pub fn surveys_of<'a>(&'a self, token: &'a str) -> impl Iterator<Item = &'a Survey> {
        self.surveys.iter().filter(move |s| s.session_token == token)
    }

    pub fn chats_of<'a>(&'a self, token: &'a str, channel: Channel) -> impl Iterator<Item = &'a ChatMessage> {
        self.chats
            .iter()
            .filter(move |c| c.session_token == token && c.channel == channel)
    }

    /// The registration of `email` (case-insensitive) for a session, if any.
    pub fn find_registration(&self, session_token: &str, email: &str) -> Option<&Registration> {
        let index = &self.registration_index;
        let key = (session_token.to_owned(), email.to_ascii_lowercase());
        match index.by_email.get(&key) {
            Some(&position) => self.registrations.get(position),
            None => self.registrations[index.indexed.min(self.registrations.len())..]
                .iter()
                .find(|r| r.session_token == session_token && r.email.eq_ignore_ascii_case(email)),
        }
    }

    fn index_registrations(&mut self) {
        let index = &mut self.registration_index;
        for (position, r) in self.registrations.iter().enumerate().skip(index.indexed) {
            let key = (r.session_token.clone(), r.email.to_ascii_lowercase());
            index.by_email.entry(key).or_insert(position);
        }
        index.indexed = self.registrations.len();
    }

    /// Live figures of a session, so new registrations show up in them.
    pub fn analytics(&self, token: &str) -> Analytics {
        let mut figures = Analytics::default();
        for r in self.registrations_of(token) {
            figures.registrants += 1;
            if let Some(a) = r.attendance {
                figures.attendees += 1;
                figures.attended_minutes += (a.exit - a.entry).num_minutes();
            }
        }
        figures.chat_messages = self.chats.iter().filter(|c| c.session_token == token).count();
        let surveys: Vec<u64> = self.surveys_of(token).map(|s| s.id).collect();
        figures.survey_responses = self
            .responses
            .iter()
            .filter(|r| surveys.contains(&r.survey_id))
            .count();
        figures
    }

    /// A short alphanumeric token, like Flow's.
    pub fn new_token(&mut self, len: usize) -> String {
        random_token(&mut self.rng, len)
    }

    /// Stores a new registration for someone who has not attended (yet).
    pub fn add_registration(&mut self, session_token: &str, person: Person, source: Source) -> Registration {
        let registration = Registration {
            id: self.next_registration_id,
            user_id: self.next_user_id,
            session_token: session_token.to_owned(),
            token: self.new_token(12),
            email: person.email,
            first_name: person.first_name,
            last_name: person.last_name,
            phone: String::new(),
            location: String::new(),
            attendance: None,
            role: ATTENDEE_ROLE,
            mic: false,
            cam: false,
            screen: false,
            source,
        };
        self.next_registration_id += 1;
        self.next_user_id += 1;
        self.registrations.push(registration.clone());
        self.index_registrations();
        registration
    }
}

/// The role number of a plain attendee in registrant reports.
pub const ATTENDEE_ROLE: u8 = 1;

pub fn random_token(rng: &mut fastrand::Rng, len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    (0..len)
        .map(|_| char::from(ALPHABET[rng.usize(..ALPHABET.len())]))
        .collect()
}
