use crate::lenient::model;

model! {
    /// A room of the SSO API.
    pub struct Room {
        "id" => id: i64,
        "title" => title: String,
        /// The id used in the login-link path; kept as text because it goes into a URL.
        "room_id" => room_id: String,
        "description" => description: String,
        "account_token" => account_token: String,
        "creator_id" => creator_id: i64,
        "account_id" => account_id: i64,
    }
}
