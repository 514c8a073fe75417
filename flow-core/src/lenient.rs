//! Tolerant field decoding: the public record does not pin wire types, so a flag may be a
//! boolean, 0/1 or "0"/"1", and an id a number or a numeric string. A field that cannot be read
//! becomes `None` instead of failing the whole response.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, IgnoredAny, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

/// A type that can be read from any reasonable JSON form.
pub trait Lenient: Sized {
    /// The value, or `None` when the JSON cannot mean one.
    fn from_value(value: Value) -> Option<Self>;

    /// The same reading straight from a deserializer. By default through a [`Value`]; the scalar
    /// fields (text, numbers, flags: most of every model) skip it, which a large list notices.
    fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Self>, D::Error> {
        Value::deserialize(deserializer).map(Self::from_value)
    }
}

/// A scalar field's reading of each JSON form.
trait Scalar: Sized {
    fn from_str(text: &str) -> Option<Self>;
    fn from_u64(n: u64) -> Option<Self>;
    fn from_i64(n: i64) -> Option<Self>;
    fn from_f64(n: f64) -> Option<Self>;
    fn from_bool(b: bool) -> Option<Self>;
}

/// Reads any JSON value as a [`Scalar`]; arrays and objects are read past and mean `None`.
struct ScalarVisitor<T>(PhantomData<T>);

impl<'de, T: Scalar> Visitor<'de> for ScalarVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(T::from_bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(T::from_i64(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(T::from_u64(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(T::from_f64(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(T::from_str(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}

/// [`Lenient`] for a [`Scalar`]: one reading, by the [`ScalarVisitor`], whether the field comes
/// from the parser or from a [`Value`] (which is a deserializer too).
macro_rules! scalar {
    ($($ty:ty),*) => {$(
        impl Lenient for $ty {
            fn from_value(value: Value) -> Option<Self> {
                Self::deserialize_lenient(value).ok().flatten()
            }

            fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Self>, D::Error> {
                deserializer.deserialize_any(ScalarVisitor::<$ty>(PhantomData))
            }
        }
    )*};
}

scalar!(bool, i64, f64, String);

impl Scalar for bool {
    fn from_str(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" => Some(true),
            "0" | "false" | "no" => Some(false),
            _ => None,
        }
    }
    fn from_u64(n: u64) -> Option<Self> {
        Some(n != 0)
    }
    fn from_i64(n: i64) -> Option<Self> {
        Some(n != 0)
    }
    fn from_f64(n: f64) -> Option<Self> {
        Some(n != 0.0)
    }
    fn from_bool(b: bool) -> Option<Self> {
        Some(b)
    }
}

impl Scalar for i64 {
    fn from_str(text: &str) -> Option<Self> {
        text.trim().parse().ok()
    }
    /// Past `i64::MAX`, the float reading (which saturates), as for every whole float.
    fn from_u64(n: u64) -> Option<Self> {
        i64::try_from(n).ok().or_else(|| Self::from_f64(n as f64))
    }
    fn from_i64(n: i64) -> Option<Self> {
        Some(n)
    }
    fn from_f64(n: f64) -> Option<Self> {
        (n.fract() == 0.0).then_some(n as i64)
    }
    fn from_bool(_: bool) -> Option<Self> {
        None
    }
}

impl Scalar for f64 {
    fn from_str(text: &str) -> Option<Self> {
        text.trim().parse().ok().filter(|f: &f64| f.is_finite())
    }
    fn from_u64(n: u64) -> Option<Self> {
        Some(n as f64)
    }
    fn from_i64(n: i64) -> Option<Self> {
        Some(n as f64)
    }
    fn from_f64(n: f64) -> Option<Self> {
        Some(n)
    }
    fn from_bool(_: bool) -> Option<Self> {
        None
    }
}

/// A number as text is written as serde_json writes it.
impl Scalar for String {
    fn from_str(text: &str) -> Option<Self> {
        Some(text.to_owned())
    }
    fn from_u64(n: u64) -> Option<Self> {
        Some(serde_json::Number::from(n).to_string())
    }
    fn from_i64(n: i64) -> Option<Self> {
        Some(serde_json::Number::from(n).to_string())
    }
    fn from_f64(n: f64) -> Option<Self> {
        serde_json::Number::from_f64(n).map(|n| n.to_string())
    }
    fn from_bool(b: bool) -> Option<Self> {
        Some(b.to_string())
    }
}

/// Reads a field with [`Lenient::deserialize_lenient`].
pub struct LenientSeed<T>(pub PhantomData<T>);

impl<'de, T: Lenient> DeserializeSeed<'de> for LenientSeed<T> {
    type Value = Option<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        T::deserialize_lenient(deserializer)
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
                            match key.as_ref() {
                                $( $wire => {
                                    model.$field = map.next_value_seed(
                                        crate::lenient::LenientSeed::<$ty>(std::marker::PhantomData),
                                    )?;
                                } )*
                                _ => {
                                    let value: serde_json::Value = map.next_value()?;
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

    /// A field read from the parser and the same field read from a `Value` (a list's item, a
    /// nested model) agree for every JSON form: serde_json's parser and its `Value` must call the
    /// visitor alike.
    #[test]
    fn direct_reading_equals_reading_through_a_value() {
        fn check<T: Lenient + PartialEq + std::fmt::Debug>(literal: &str) {
            let through_value = T::from_value(serde_json::from_str(literal).unwrap());
            let mut deserializer = serde_json::Deserializer::from_str(literal);
            let direct = T::deserialize_lenient(&mut deserializer).unwrap();
            assert_eq!(
                direct,
                through_value,
                "{} from {literal}",
                std::any::type_name::<T>()
            );
        }
        let literals = [
            "null",
            "true",
            "false",
            "0",
            "-0",
            "1",
            "-1",
            "0.0",
            "-0.0",
            "1.0",
            "1.5",
            "-2.5e3",
            "1e300",
            "1e-7",
            "18446744073709551615",
            "18446744073709551616",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "-9223372036854775809",
            "123456789012345678901234567890",
            r#""""#,
            r#"" 1 ""#,
            r#""true""#,
            r#""Yes""#,
            r#""NO""#,
            r#""1.5""#,
            r#""inf""#,
            r#""NaN""#,
            r#""1e400""#,
            r#""abc""#,
            r#""\u00e9\n""#,
            "[]",
            "[1,[2]]",
            "{}",
            r#"{"a":{"b":[1]}}"#,
        ];
        for literal in literals {
            check::<bool>(literal);
            check::<i64>(literal);
            check::<f64>(literal);
            check::<String>(literal);
        }
    }

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
