//! Results by column, for a binding whose runtime builds the row objects itself (JS): one buffer
//! per field of the model table instead of a JSON document that repeats every key in every row,
//! so the values cross a runtime boundary in a few copies and are never parsed a second time.
//! Generated from [`crate::for_each_model!`], like the models.

use serde::Serialize;
use serde_json::{Map, Value};

use super::*;

/// One field's values, one per row, in the form its type takes.
#[derive(Clone, Debug, PartialEq)]
pub enum Values {
    /// Every row's text one after another, row `i` spanning bytes `text[offsets[i]..offsets[i + 1]]`
    /// (`offsets` starts at 0). `json`: each value is JSON text (nested models, lists, untyped
    /// fields, a model's extra fields), for the binding to parse into its own values.
    Text {
        /// The values, concatenated.
        text: String,
        /// Byte offsets into `text`, one more than there are rows.
        offsets: Vec<usize>,
        /// Whether each value is JSON text rather than a string.
        json: bool,
    },
    /// Numbers (integers fit when they are within 2^53, as in every JSON reader of the binding).
    Numbers(Vec<f64>),
    /// Flags, 0 or 1.
    Flags(Vec<u8>),
}

impl Values {
    fn text(json: bool, rows: usize) -> Self {
        let mut offsets = Vec::with_capacity(rows + 1);
        offsets.push(0);
        Values::Text {
            text: String::new(),
            offsets,
            json,
        }
    }

    /// The slot of a row without the field: empty text, 0.
    fn push_absent(&mut self) {
        match self {
            Values::Text { text, offsets, .. } => offsets.push(text.len()),
            Values::Numbers(numbers) => numbers.push(0.0),
            Values::Flags(flags) => flags.push(0),
        }
    }

    fn push_text(&mut self, value: &str) {
        if let Values::Text { text, offsets, .. } = self {
            text.push_str(value);
            offsets.push(text.len());
        }
    }

    fn push_json(&mut self, value: &impl Serialize) {
        let json = serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned());
        self.push_text(&json);
    }
}

/// One field across the rows: its values, and which rows have it.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldColumn {
    /// One per row; a row without the field has an empty or zero slot.
    pub values: Values,
    /// 1 for a row that has the field, 0 for one that does not; `None` when every row has it.
    pub present: Option<Vec<u8>>,
}

impl FieldColumn {
    fn new(values: Values) -> Self {
        Self {
            values,
            present: None,
        }
    }

    /// Appends row `row`'s value (rows arrive in order).
    fn push<T: Cell + ?Sized>(&mut self, row: usize, value: Option<&T>) {
        match value {
            Some(value) => {
                value.write(&mut self.values);
                if let Some(present) = &mut self.present {
                    present.push(1);
                }
            }
            None => {
                self.values.push_absent();
                self.present.get_or_insert_with(|| vec![1; row]).push(0);
            }
        }
    }
}

/// A text column's distinct values, so that a binding makes each string once: worth it where
/// values repeat (names, places, roles, times), not where they mostly differ (emails, tokens).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Distinct {
    /// The distinct values, concatenated, in order of first appearance.
    pub text: String,
    /// Byte offsets into `text`, one more than there are distinct values.
    pub offsets: Vec<usize>,
    /// Each row's value, as its index among the distinct values.
    pub codes: Vec<u32>,
}

/// The most distinct values a column is sent with.
const MAX_DISTINCT: usize = 4096;

/// The most slots one lookup probes: values that collide more than that (chosen so, by a hostile
/// server) are sent as they are, so the work stays linear in the data.
const MAX_PROBES: usize = 16;

impl Distinct {
    /// The distinct values of `text[offsets[i]..offsets[i + 1]]`; `None` when there are more than
    /// a quarter as many as rows, or more than [`MAX_DISTINCT`].
    pub fn of(text: &str, offsets: &[usize]) -> Option<Self> {
        let most = (offsets.len().saturating_sub(1) / 4).min(MAX_DISTINCT);
        if most == 0 {
            return None;
        }
        let bits = (4 * most).next_power_of_two().trailing_zeros();
        let mut slots = vec![u32::MAX; 1 << bits];
        let mut distinct = Distinct {
            text: String::new(),
            offsets: vec![0],
            codes: Vec::with_capacity(offsets.len()),
        };
        let bytes = text.as_bytes();
        'rows: for pair in offsets.windows(2) {
            let value = bytes.get(pair[0]..pair[1])?;
            let mut slot = (hash(value) >> (64 - bits)) as usize;
            for _ in 0..MAX_PROBES {
                let code = slots[slot] as usize;
                if code == u32::MAX as usize {
                    let code = distinct.offsets.len() - 1;
                    if code == most {
                        return None;
                    }
                    slots[slot] = code as u32;
                    distinct.text.push_str(text.get(pair[0]..pair[1])?);
                    distinct.offsets.push(distinct.text.len());
                    distinct.codes.push(code as u32);
                    continue 'rows;
                }
                let known = &distinct.text.as_bytes()[distinct.offsets[code]..distinct.offsets[code + 1]];
                if known == value {
                    distinct.codes.push(code as u32);
                    continue 'rows;
                }
                slot = (slot + 1) & (slots.len() - 1);
            }
            return None;
        }
        Some(distinct)
    }
}

/// FxHash over 8-byte words; its high bits pick the slot.
#[inline(always)]
fn hash(bytes: &[u8]) -> u64 {
    let mix = |hash: u64, word: u64| (hash.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    let mut words = bytes.chunks_exact(8);
    let hash = (&mut words).fold(bytes.len() as u64, |hash, word| {
        mix(hash, u64::from_le_bytes(word.try_into().unwrap_or_default()))
    });
    let tail = words
        .remainder()
        .iter()
        .fold(0, |word, &b| word << 8 | u64::from(b));
    mix(hash, tail)
}

/// A list of models by field: the table's fields in table order, then the fields the table does
/// not know, as JSON object text where a model has any.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelColumns {
    /// Number of models.
    pub len: usize,
    /// One column per field of the model's table entry, in table order.
    pub fields: Vec<FieldColumn>,
    /// The unknown fields (`extra`) of each model, as a JSON object; absent where there are none.
    pub extra: FieldColumn,
}

/// An endpoint's result by column.
#[derive(Debug)]
pub enum Columnar<'a> {
    /// One model as JSON object text, its fields in table order, then the unknown ones. For one
    /// row, a string that JS parses natively costs less than a column per field (a small call
    /// spent about a tenth of its time crossing 19 one-row columns).
    Model(String),
    /// A list of models.
    Models(ModelColumns),
    /// A CSV report, already stored by column.
    Report(&'a Report),
    /// Reports under their JSON names: the compiled report's four tables.
    Reports([(&'static str, &'a Report); 4]),
}

/// A result that can be given by column: every endpoint output.
pub trait ToColumns {
    /// The result by column.
    fn to_columns(&self) -> Columnar<'_>;
}

impl ToColumns for Report {
    fn to_columns(&self) -> Columnar<'_> {
        Columnar::Report(self)
    }
}

impl ToColumns for SummaryReport {
    fn to_columns(&self) -> Columnar<'_> {
        Columnar::Reports([
            ("registrants", &self.registrants),
            ("attendeeChat", &self.attendee_chat),
            ("operatorChat", &self.operator_chat),
            ("surveyResults", &self.survey_results),
        ])
    }
}

/// A field type's column: its kind, and how a value is written to it.
trait Cell {
    /// An empty column for `rows` rows.
    fn column(rows: usize) -> Values;
    /// Appends the value.
    fn write(&self, values: &mut Values);
}

impl Cell for String {
    fn column(rows: usize) -> Values {
        Values::text(false, rows)
    }
    fn write(&self, values: &mut Values) {
        values.push_text(self);
    }
}

impl Cell for i64 {
    fn column(rows: usize) -> Values {
        Values::Numbers(Vec::with_capacity(rows))
    }
    fn write(&self, values: &mut Values) {
        (*self as f64).write(values);
    }
}

impl Cell for f64 {
    fn column(rows: usize) -> Values {
        Values::Numbers(Vec::with_capacity(rows))
    }
    fn write(&self, values: &mut Values) {
        if let Values::Numbers(numbers) = values {
            numbers.push(*self);
        }
    }
}

impl Cell for bool {
    fn column(rows: usize) -> Values {
        Values::Flags(Vec::with_capacity(rows))
    }
    fn write(&self, values: &mut Values) {
        if let Values::Flags(flags) = values {
            flags.push(u8::from(*self));
        }
    }
}

/// Declares the types whose values cross as JSON text.
macro_rules! json_cells {
    ($(impl$(<$param:ident: Serialize>)? for $ty:ty;)*) => {$(
        impl$(<$param: Serialize>)? Cell for $ty {
            fn column(rows: usize) -> Values {
                Values::text(true, rows)
            }
            fn write(&self, values: &mut Values) {
                values.push_json(self);
            }
        }
    )*};
}

json_cells! {
    impl for Value;
    impl for Map<String, Value>;
    impl<T: Serialize> for Vec<T>;
}

/// For every model of the table: nested in another it crosses as JSON; alone or in a list, by
/// field.
macro_rules! model_columns {
    ($($(#[$meta:meta])* $name:ident [$($summary:ident),*] {
        $($(#[$fmeta:meta])* $wire:literal => $field:ident : $ty:ty),* $(,)?
    })*) => {$(
        json_cells! { impl for $name; }

        impl ToColumns for $name {
            fn to_columns(&self) -> Columnar<'_> {
                Columnar::Model(serde_json::to_string(self).expect("a model has string keys and serializes"))
            }
        }

        impl ToColumns for Vec<$name> {
            fn to_columns(&self) -> Columnar<'_> {
                Columnar::Models($name::columns(self))
            }
        }

        impl $name {
            /// `models` by field, in one pass over them.
            fn columns(models: &[Self]) -> ModelColumns {
                let rows = models.len();
                let mut fields = vec![$(FieldColumn::new(<$ty as Cell>::column(rows))),*];
                let mut extra = FieldColumn::new(Values::text(true, rows));
                for (row, model) in models.iter().enumerate() {
                    let mut columns = fields.iter_mut();
                    $(if let Some(column) = columns.next() {
                        column.push(row, model.$field.as_ref());
                    })*
                    extra.push(row, Some(&model.extra).filter(|extra| !extra.is_empty()));
                }
                ModelColumns { len: rows, fields, extra }
            }
        }
    )*};
}

crate::for_each_model!(model_columns);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::{EventSession, Model, Registrant};
    use serde_json::json;

    #[test]
    fn fields_by_kind_with_absent_rows_and_extras() {
        let list: Vec<Registrant> = serde_json::from_value(json!([
            {"email": "a@x.example", "role": "5", "micEnabled": 1, "zz": [1]},
            {"email": "bé@x.example", "role": 7},
        ]))
        .unwrap();
        let Columnar::Models(columns) = list.to_columns() else {
            panic!("a list of models goes by field")
        };
        assert_eq!(columns.len, 2);
        let wire = |name| Registrant::FIELDS.iter().position(|f| f.wire == name).unwrap();
        let email = &columns.fields[wire("email")];
        assert_eq!(
            email.values,
            Values::Text {
                text: "a@x.examplebé@x.example".into(),
                offsets: vec![0, 11, 24],
                json: false
            }
        );
        assert_eq!(email.present, None);
        assert_eq!(
            columns.fields[wire("role")].values,
            Values::Numbers(vec![5.0, 7.0])
        );
        let mic = &columns.fields[wire("micEnabled")];
        assert_eq!(
            (&mic.values, &mic.present),
            (&Values::Flags(vec![1, 0]), &Some(vec![1, 0]))
        );
        let token = &columns.fields[wire("token")];
        assert_eq!(token.present, Some(vec![0, 0]));
        assert_eq!(
            columns.extra.values,
            Values::Text {
                text: r#"{"zz":[1]}"#.into(),
                offsets: vec![0, 10, 10],
                json: true
            }
        );
        assert_eq!(columns.extra.present, Some(vec![1, 0]));
    }

    #[test]
    fn one_model_crosses_as_json_with_fields_in_table_order_then_extras() {
        let session: EventSession = serde_json::from_value(
            json!({"zz": 1, "published": "1", "title": "T", "token": "k", "duration": "1.5"}),
        )
        .unwrap();
        let Columnar::Model(text) = session.to_columns() else {
            panic!("one model goes as JSON text")
        };
        assert_eq!(
            text,
            r#"{"token":"k","title":"T","duration":1.5,"published":true,"zz":1}"#
        );
    }

    #[test]
    fn repeated_values_once_each() {
        let (text, offsets) = ("AdaAlanAdaAda", [0, 3, 7, 10, 13, 13, 13, 13, 13, 13, 13, 13, 13]);
        let distinct = Distinct::of(text, &offsets).unwrap();
        assert_eq!(distinct.text, "AdaAlan");
        assert_eq!(distinct.offsets, [0, 3, 7, 7]);
        assert_eq!(distinct.codes, [0, 1, 0, 0, 2, 2, 2, 2, 2, 2, 2, 2]);
        // Mostly different values, or too few rows, are sent as they are.
        assert_eq!(Distinct::of("abcd", &[0, 1, 2, 3, 4]), None);
        assert_eq!(Distinct::of("aaa", &[0, 1, 2, 3]), None);
    }

    #[test]
    fn nested_values_cross_as_json() {
        let session: EventSession =
            serde_json::from_value(json!({"creator": {"id": "4", "x": null}, "duration": 1.5})).unwrap();
        let Columnar::Models(columns) = vec![session].to_columns() else {
            panic!("a list goes by field")
        };
        let creator = EventSession::FIELDS
            .iter()
            .position(|f| f.wire == "creator")
            .unwrap();
        assert_eq!(
            columns.fields[creator].values,
            Values::Text {
                text: r#"{"id":4,"x":null}"#.into(),
                offsets: vec![0, 17],
                json: true
            }
        );
    }
}
