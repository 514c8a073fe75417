//! Every model's fields, once: the core's structs are declared from this table, the Python
//! classes' getters are generated from it, and the manifest lists it for the stub and type checks.
//! Each entry: the model, the fields a short representation shows, then `"wireName" => field: Type`.

/// Calls `$callback! { ... }` with every model of the table.
#[macro_export]
macro_rules! for_each_model {
    ($callback:ident) => {
        $callback! {
            /// An event session: a list item, the authenticated info, or the public subset.
            EventSession [token, title, date, time, timezone] {
                /// The session token used in every per-session path.
                "token" => token: String,
                "eventToken" => event_token: String,
                "title" => title: String,
                "description" => description: String,
                /// `YYYY-MM-DD` as sent; see [`EventSession::parsed_date`].
                "date" => date: String,
                /// `HH:MM:SS` (24 h) as sent; see [`EventSession::parsed_time`].
                "time" => time: String,
                /// IANA zone name such as `Asia/Calcutta`.
                "timezone" => timezone: String,
                /// Hours.
                "duration" => duration: f64,
                /// Minutes.
                "earlyAccessPeriod" => early_access_period: i64,
                "published" => published: bool,
                "videoRecord" => video_record: bool,
                "onDemandReplays" => on_demand_replays: bool,
                "accessStatus" => access_status: i64,
                "createDate" => create_date: String,
                "creator" => creator: Person,
                "operators" => operators: Vec<SessionOperator>,
                /// Summary numbers, present when asked for with `simple_analytics`.
                "analytics" => analytics: serde_json::Map<String, serde_json::Value>,
                /// Only on the authenticated info.
                "feedbackQuestions" => feedback_questions: Vec<serde_json::Value>,
            }
            /// A person embedded in a session, such as its creator.
            Person [id, email, first_name, last_name] {
                "id" => id: i64,
                "email" => email: String,
                "firstName" => first_name: String,
                "lastName" => last_name: String,
            }
            /// An operator assigned to a session.
            SessionOperator [id, email, role] {
                "id" => id: i64,
                "email" => email: String,
                "firstName" => first_name: String,
                "lastName" => last_name: String,
                /// 5 = presenter, 10 = organizer.
                "role" => role: i64,
                "micEnabled" => mic_enabled: bool,
                "camEnabled" => cam_enabled: bool,
                "screenSharingEnabled" => screen_sharing_enabled: bool,
            }
            /// A user of the account who can run sessions (`creatorID` and operator ids come from here).
            Operator [id, email, first_name, last_name] {
                "id" => id: i64,
                "userID" => user_id: i64,
                "token" => token: String,
                "accountToken" => account_token: String,
                /// Type not pinned by the public record; kept as sent.
                "accountServiceLevel" => account_service_level: serde_json::Value,
                "email" => email: String,
                "firstName" => first_name: String,
                "lastName" => last_name: String,
                "title" => title: String,
                "company" => company: String,
                "phone" => phone: String,
                "bio" => bio: String,
                "linkedinUrl" => linkedin_url: String,
                "twitterID" => twitter_id: String,
                "avatarToken" => avatar_token: String,
                "avatarExtension" => avatar_extension: String,
                "permission" => permission: i64,
                "createdBy" => created_by: i64,
                /// Unix seconds; see [`Operator::created_at`].
                "createdDate" => created_date: i64,
            }
            /// A room of the SSO API.
            Room [id, room_id, title] {
                "id" => id: i64,
                "title" => title: String,
                /// The id used in the login-link path; kept as text because it goes into a URL.
                "room_id" => room_id: String,
                "description" => description: String,
                "account_token" => account_token: String,
                "creator_id" => creator_id: i64,
                "account_id" => account_id: i64,
            }
            /// A survey of a session; its `id` fetches the survey's response report.
            Survey [id, name] {
                "id" => id: i64,
                "name" => name: String,
                "text" => text: String,
                "anonymous" => anonymous: bool,
                "resultDisplayOption" => result_display_option: i64,
            }
            /// The result of registering someone, by `registrants.create` or an SSO login link.
            Registration [id, token, is_new, url] {
                /// The attendee's personal join link.
                "url" => url: String,
                /// The registrant token.
                "token" => token: String,
                "date" => date: String,
                "time" => time: String,
                "timezone" => timezone: String,
                /// `false` when that email was already registered: the server does not add a second row.
                "isNew" => is_new: bool,
                "passCode" => pass_code: String,
                /// The registration id.
                "id" => id: i64,
            }
            /// A person registered for a session, with attendance when they came.
            Registrant [email, first_name, last_name, entry_time, exit_time] {
                "userID" => user_id: i64,
                "eventSessionID" => event_session_id: i64,
                "token" => token: String,
                "email" => email: String,
                "firstName" => first_name: String,
                "lastName" => last_name: String,
                "phone" => phone: String,
                "location" => location: String,
                /// Empty or absent when the person never attended.
                "entryTime" => entry_time: String,
                "exitTime" => exit_time: String,
                "role" => role: i64,
                "micEnabled" => mic_enabled: bool,
                "camEnabled" => cam_enabled: bool,
                "screenSharingEnabled" => screen_sharing_enabled: bool,
            }
            /// The answer to `events.create`. The public record does not say whether the new
            /// session comes back, so `session` may be absent on a successful call.
            CreatedEvent [message, session] {
                /// The server's message, such as "Event created".
                "message" => message: String,
                /// The created session, when the server returned it.
                "session" => session: EventSession,
            }
        }
    };
}
