use crate::lenient::model;

model! {
    /// A survey of a session; its `id` fetches the survey's response report.
    pub struct Survey {
        "id" => id: i64,
        "name" => name: String,
        "text" => text: String,
        "anonymous" => anonymous: bool,
        "resultDisplayOption" => result_display_option: i64,
    }
}
