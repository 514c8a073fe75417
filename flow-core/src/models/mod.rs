//! Typed views of the API's entities. Every field is optional and tolerant of the wire forms the
//! public record allows; unknown fields are kept in `extra`.

mod columns;
mod event_session;
mod new_event;
mod operator;
mod registrant;
mod report;
mod report_parts;
mod table;

pub use columns::{Columnar, Distinct, FieldColumn, ModelColumns, ToColumns, Values};
pub use event_session::Period;
pub use new_event::{NewEvent, OperatorAssignment};
pub(crate) use report::ColumnData;
pub use report::{Report, SummaryReport};
pub use report_parts::{Column, Row};

crate::for_each_model!(models);
use crate::lenient::models;

/// A model of the table in [`crate::for_each_model!`]: its name, fields and short summary.
pub trait Model {
    /// The type's name, the same in every language.
    const NAME: &'static str;
    /// Every known field, in table order.
    const FIELDS: &'static [Field];
    /// The fields a short representation (Python's `repr`) shows.
    const SUMMARY: &'static [&'static str];
}

/// One known field of a model.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    /// Neutral (Rust and Python) name.
    pub name: &'static str,
    /// The API's own name (JSON, `to_dict()`, JS).
    pub wire: &'static str,
    /// The Rust type, as written in the table.
    pub ty: &'static str,
}

macro_rules! model_rows {
    ($($(#[$meta:meta])* $name:ident [$($summary:ident),*] {
        $($(#[$fmeta:meta])* $wire:literal => $field:ident : $ty:ty),* $(,)?
    })*) => {
        /// Every model of the table: its name and fields.
        pub const MODELS: &[(&str, &[Field])] = &[$((<$name as Model>::NAME, <$name as Model>::FIELDS)),*];
    };
}
crate::for_each_model!(model_rows);
