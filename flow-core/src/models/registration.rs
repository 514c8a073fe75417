use crate::lenient::model;

model! {
    /// The result of registering someone, by `registrants.create` or an SSO login link.
    pub struct Registration {
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
}
