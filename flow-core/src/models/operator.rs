use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::lenient::model;

model! {
    /// A user of the account who can run sessions (`creatorID` and operator ids come from here).
    pub struct Operator {
        "id" => id: i64,
        "userID" => user_id: i64,
        "token" => token: String,
        "accountToken" => account_token: String,
        /// Type not pinned by the public record; kept as sent.
        "accountServiceLevel" => account_service_level: Value,
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
}

impl Operator {
    /// `createdDate` as a UTC time.
    pub fn created_at(&self) -> Option<DateTime<Utc>> {
        DateTime::from_timestamp(self.created_date?, 0)
    }
}
