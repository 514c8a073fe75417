use crate::lenient::model;

model! {
    /// A person registered for a session, with attendance when they came.
    pub struct Registrant {
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
}

impl Registrant {
    /// Whether the person entered the session.
    pub fn attended(&self) -> bool {
        self.entry_time.as_deref().is_some_and(|t| !t.trim().is_empty())
    }
}
