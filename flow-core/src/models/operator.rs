use super::Operator;
use chrono::{DateTime, Utc};

impl Operator {
    /// `createdDate` as a UTC time.
    pub fn created_at(&self) -> Option<DateTime<Utc>> {
        DateTime::from_timestamp(self.created_date?, 0)
    }
}
