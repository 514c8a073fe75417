//! Tolerant field decoding: the public record does not pin wire types, so a flag may be a
//! boolean, 0/1 or "0"/"1", and an id a number or a numeric string. A field that cannot be read
//! becomes `None` instead of failing the whole response.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

/// A type that can be read from any reasonable JSON form.
pub trait Lenient: Sized {
    /// The value, or `None` when the JSON cannot mean one.
    fn from_value(value: Value) -> Option<Self>;
}

impl Lenient for bool {
    fn from_value(value: Value) -> Option<Self> {
        match value {
            Value::Bool(b) => Some(b),
            Value::Number(n) => n.as_f64().map(|f| f != 0.0),
            Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                "1" | "true" | "yes" => Some(true),
                "0" | "false" | "no" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }
}

impl Lenient for i64 {
    fn from_value(value: Value) -> Option<Self> {
        match value {
            Value::Number(n) => n
                .as_i64()
                .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64)),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }
}

impl Lenient for f64 {
    fn from_value(value: Value) -> Option<Self> {
        match value {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse().ok().filter(|f: &f64| f.is_finite()),
            _ => None,
        }
    }
}

impl Lenient for String {
    fn from_value(value: Value) -> Option<Self> {
        match value {
            Value::String(s) => Some(s),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
}

impl Lenient for Value {
    fn from_value(value: Value) -> Option<Self> {
        (!value.is_null()).then_some(value)
    }
}

impl Lenient for Map<String, Value> {
    fn from_value(value: Value) -> Option<Self> {
        match value {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }
}

impl<T: Lenient> Lenient for Vec<T> {
    fn from_value(value: Value) -> Option<Self> {
        match value {
            Value::Array(items) => items.into_iter().map(T::from_value).collect(),
            _ => None,
        }
    }
}

/// An object key, borrowed from the input when the deserializer allows it.
pub struct Key<'de>(pub Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Declares the models of [`crate::for_each_model!`]: every field optional and lenient, unknown
/// fields kept in `extra` and written back out unchanged. `Deserialize` is written out rather
/// than derived with `#[serde(flatten)]`, which buffers every field before dispatching and made
/// large lists about twice as slow to read.
macro_rules! models {
    ($(
        $(#[$meta:meta])*
        $name:ident [$($summary:ident),*] {
            $( $(#[$fmeta:meta])* $wire:literal => $field:ident : $ty:ty ),* $(,)?
        }
    )*) => {$(
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
        pub struct $name {
            $(
                $(#[$fmeta])*
                #[doc = concat!("Wire name `", $wire, "`.")]
                #[serde(rename = $wire, skip_serializing_if = "Option::is_none")]
                pub $field: Option<$ty>,
            )*
            /// Fields this SDK does not know, kept and written back out unchanged.
            #[serde(flatten)]
            pub extra: serde_json::Map<String, serde_json::Value>,
        }

        impl crate::models::Model for $name {
            const NAME: &'static str = stringify!($name);
            const FIELDS: &'static [crate::models::Field] = &[$(crate::models::Field {
                name: stringify!($field),
                wire: $wire,
                ty: stringify!($ty),
            }),*];
            const SUMMARY: &'static [&'static str] = &[$(stringify!($summary)),*];
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct ModelVisitor;
                impl<'de> serde::de::Visitor<'de> for ModelVisitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " object"))
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                        let mut model = $name::default();
                        while let Some(crate::lenient::Key(key)) = map.next_key()? {
                            let value: serde_json::Value = map.next_value()?;
                            match key.as_ref() {
                                $( $wire => model.$field = crate::lenient::Lenient::from_value(value), )*
                                _ => {
                                    model.extra.insert(key.into_owned(), value);
                                }
                            }
                        }
                        Ok(model)
                    }
                }
                deserializer.deserialize_map(ModelVisitor)
            }
        }

        impl crate::lenient::Lenient for $name {
            fn from_value(value: serde_json::Value) -> Option<Self> {
                serde_json::from_value(value).ok()
            }
        }
    )*};
}
pub(crate) use models;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn flags_and_ids_in_every_form() {
        for v in [json!(true), json!(1), json!("1"), json!("true")] {
            assert_eq!(bool::from_value(v), Some(true));
        }
        for v in [json!(false), json!(0), json!("0")] {
            assert_eq!(bool::from_value(v), Some(false));
        }
        assert_eq!(bool::from_value(json!(null)), None);
        assert_eq!(i64::from_value(json!("1002")), Some(1002));
        assert_eq!(i64::from_value(json!(7.0)), Some(7));
        assert_eq!(i64::from_value(json!("x")), None);
        assert_eq!(String::from_value(json!(42)), Some("42".into()));
    }
}
