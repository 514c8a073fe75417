use super::Registrant;

impl Registrant {
    /// Whether the person entered the session.
    pub fn attended(&self) -> bool {
        self.entry_time.as_deref().is_some_and(|t| !t.trim().is_empty())
    }
}
