//! The one way a call's input is decoded, whatever runtime it comes from: a binding turns its
//! native arguments into JSON values (Python kwargs through pythonize, a JS object through
//! `JSON.stringify`) and this module turns them into the endpoint value with serde. The same bad
//! input therefore gets the same error kind, field and reason in every runtime.

use std::borrow::Cow;

use serde::de::{self, DeserializeOwned, Visitor};
use serde_json::{Map, Value};

use crate::operations::{Operation, Operational};
use crate::Error;

/// How the caller spelt the input names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyCase {
    /// The neutral names (`session_token`): Rust, Python, the conformance vectors.
    Snake,
    /// JS names (`sessionToken`), turned into the neutral ones, nested objects included.
    Camel,
}

/// Decodes a call's input: `positional` values take the operation's input names in table order,
/// `named` values their own names. A `null` is the same as leaving the input out.
pub fn decode_call<E: Operational>(
    positional: Vec<Value>,
    named: Map<String, Value>,
    case: KeyCase,
) -> Result<E, Error> {
    decode::<E>(gather(&E::OPERATION, positional, named, case)?)
}

/// The input of `op` as one object with neutral names; the part of [`decode_call`] that does not
/// depend on the endpoint type, kept out of it so that each endpoint does not carry a copy.
fn gather(
    op: &Operation,
    positional: Vec<Value>,
    named: Map<String, Value>,
    case: KeyCase,
) -> Result<Value, Error> {
    let names: Vec<&'static str> = op.inputs().collect();
    if positional.len() > names.len() {
        return Err(invalid(
            op.name,
            "input",
            format!(
                "takes at most {} positional argument(s) ({}), {} given",
                names.len(),
                names.join(", "),
                positional.len()
            ),
        ));
    }
    let mut input = Map::new();
    for (name, value) in names.iter().zip(positional) {
        if !value.is_null() {
            input.insert((*name).to_owned(), value);
        }
    }
    for (key, value) in named {
        let key = match case {
            KeyCase::Snake => key,
            KeyCase::Camel => snake_case(&key),
        };
        if input.contains_key(&key) {
            return Err(invalid(
                op.name,
                key,
                "is given both by position and by name".to_owned(),
            ));
        }
        if !value.is_null() {
            input.insert(key, normalise(value, case));
        }
    }
    Ok(Value::Object(input))
}

/// Decodes an endpoint value from one JSON object with neutral names.
pub fn decode<E: Operational>(input: Value) -> Result<E, Error> {
    let mut member = None;
    let input = Input {
        value: input,
        member: &mut member,
    };
    E::deserialize(input).map_err(|e| refused(&E::OPERATION, member, e))
}

/// The error for input `op` refused, naming the input it is about: `top`, the member of the
/// input the error struck in, if any (not generic, like [`gather`]).
fn refused(op: &Operation, top: Option<String>, error: serde_json::Error) -> Error {
    let message = error.to_string();
    let quoted = |prefix: &str| {
        message
            .strip_prefix(prefix)
            .and_then(|rest| rest.split('`').next())
            .map(str::to_owned)
    };
    let unknown = quoted("unknown field `");
    // Inside an input (an operator of an event), the input is what is named.
    if let Some(top) = top.filter(|top| Some(top) != unknown.as_ref()) {
        return invalid(op.name, top, message);
    }
    if let Some(field) = quoted("missing field `") {
        return invalid(op.name, field, "is required".to_owned());
    }
    if let Some(field) = unknown {
        let inputs: Vec<&str> = op.inputs().collect();
        let expected = if inputs.is_empty() {
            "no inputs".to_owned()
        } else {
            inputs.join(", ")
        };
        return invalid(
            op.name,
            field,
            format!("is not an input of {} (it takes {expected})", op.name),
        );
    }
    invalid(op.name, "input", message)
}

fn invalid(endpoint: &'static str, field: impl Into<Cow<'static, str>>, reason: String) -> Error {
    Error::InvalidRequest {
        endpoint,
        field: field.into(),
        reason,
    }
}

/// A call's input as serde reads it, noting which of its members an error struck in (an operator
/// of an event names `operators`). The one level of path an error names, kept by hand: a crate
/// that tracks whole paths wraps every endpoint's decoding, which the wasm package paid for.
struct Input<'a> {
    value: Value,
    member: &'a mut Option<String>,
}

impl<'de> de::Deserializer<'de> for Input<'_> {
    type Error = serde_json::Error;

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, serde_json::Error> {
        match self.value {
            Value::Object(members) => visitor.visit_map(Members {
                members: members.into_iter(),
                next: None,
                member: self.member,
            }),
            other => other.deserialize_struct(name, fields, visitor),
        }
    }

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, serde_json::Error> {
        self.value.deserialize_any(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

/// The members of an [`Input`], naming the one an error struck in (its key or its value).
struct Members<'a> {
    members: serde_json::map::IntoIter,
    next: Option<(String, Value)>,
    member: &'a mut Option<String>,
}

impl<'de> de::MapAccess<'de> for Members<'_> {
    type Error = serde_json::Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, serde_json::Error> {
        let Some((key, value)) = self.members.next() else {
            return Ok(None);
        };
        match seed.deserialize(de::value::StrDeserializer::new(&key)) {
            Ok(read) => {
                self.next = Some((key, value));
                Ok(Some(read))
            }
            Err(error) => {
                *self.member = Some(key);
                Err(error)
            }
        }
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, serde_json::Error> {
        let (key, value) = self
            .next
            .take()
            .ok_or_else(|| de::Error::custom("a value asked for before its key"))?;
        seed.deserialize(value).inspect_err(|_| *self.member = Some(key))
    }
}

/// `sessionToken` → `session_token`.
pub fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `session_token` → `sessionToken`.
pub fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Nested objects (an event's operators) in neutral names, `null` members dropped.
fn normalise(value: Value, case: KeyCase) -> Value {
    match value {
        Value::Object(map) => {
            // Inserted one by one: collecting into a map sorts first, and every place that
            // collects one adds its own copy of the sort to the wasm package.
            let mut normalised = Map::new();
            for (k, v) in map.into_iter().filter(|(_, v)| !v.is_null()) {
                let k = if case == KeyCase::Camel { snake_case(&k) } else { k };
                normalised.insert(k, normalise(v, case));
            }
            Value::Object(normalised)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(|v| normalise(v, case)).collect()),
        other => other,
    }
}

/// `deserialize_with` for an id input (a survey id, a room id): text, or a whole number written
/// as text. A boolean or a fraction is refused, in every runtime alike.
pub fn id<'de, D: de::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    struct IdVisitor;
    impl Visitor<'_> for IdVisitor {
        type Value = String;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string or a whole number")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_owned())
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
            if v.fract() == 0.0 && v.abs() < 9.0e15 {
                Ok((v as i64).to_string())
            } else {
                Err(E::invalid_type(de::Unexpected::Float(v), &self))
            }
        }
    }
    deserializer.deserialize_any(IdVisitor)
}

/// The field names serde's derive gives a struct, read by asking it to deserialize from a
/// deserializer that only records them. Used to hold the operation table to the input types.
pub fn struct_fields<T: DeserializeOwned>() -> Vec<&'static str> {
    struct Recorder<'a>(&'a mut Vec<&'static str>);
    #[derive(Debug)]
    struct Stop;
    impl std::fmt::Display for Stop {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("stop")
        }
    }
    impl std::error::Error for Stop {}
    impl de::Error for Stop {
        fn custom<T: std::fmt::Display>(_: T) -> Self {
            Stop
        }
    }
    impl<'de> de::Deserializer<'de> for Recorder<'_> {
        type Error = Stop;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
            Err(Stop)
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Stop> {
            self.0.extend_from_slice(fields);
            Err(Stop)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
            ignored_any
        }
    }
    let mut fields = Vec::new();
    let _ = T::deserialize(Recorder(&mut fields));
    fields
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoints::{CreateRegistrant, GetSurveyReport, ListEventSessions};
    use serde_json::json;

    fn named(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap()
    }

    #[test]
    fn positional_and_named_inputs() {
        let r: CreateRegistrant = decode_call(
            vec![json!("tok"), json!("a@b.c")],
            named(json!({"firstName": "Ada", "lastName": "L", "redirect": null})),
            KeyCase::Camel,
        )
        .unwrap();
        assert_eq!(
            (r.session_token.as_str(), r.first_name.as_str(), r.redirect),
            ("tok", "Ada", None)
        );
    }

    #[test]
    fn bad_input_names_its_field() {
        let field = |e: Error| e.field().map(str::to_owned);
        let e = decode_call::<CreateRegistrant>(vec![], named(json!({"session_token": "t"})), KeyCase::Snake);
        assert_eq!(field(e.unwrap_err()).as_deref(), Some("email"));
        let e = decode_call::<GetSurveyReport>(vec![json!("t"), json!(true)], Map::new(), KeyCase::Snake);
        assert_eq!(field(e.unwrap_err()).as_deref(), Some("survey_id"));
        let e = decode_call::<ListEventSessions>(vec![], named(json!({"period": "last"})), KeyCase::Snake);
        assert_eq!(field(e.unwrap_err()).as_deref(), Some("period"));
        let e = decode_call::<ListEventSessions>(vec![], named(json!({"bogus": 1})), KeyCase::Snake);
        assert_eq!(field(e.unwrap_err()).as_deref(), Some("bogus"));
        let e =
            decode_call::<GetSurveyReport>(vec![json!("t"), json!(1), json!(2)], Map::new(), KeyCase::Snake);
        assert_eq!(field(e.unwrap_err()).as_deref(), Some("input"));
    }

    #[test]
    fn cases() {
        assert_eq!(snake_case("screenSharingEnabled"), "screen_sharing_enabled");
        assert_eq!(camel_case("screen_sharing_enabled"), "screenSharingEnabled");
    }
}
