//! Bytes carried through the control surface's JSON as base64, for a `body` fault whose body is
//! not UTF-8 (a Windows-1252 CSV, say). Decoded once, when the rule is queued.

use axum::body::Bytes;
use base64::prelude::{Engine, BASE64_STANDARD};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone)]
pub struct Base64Bytes(pub Bytes);

impl Serialize for Base64Bytes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&BASE64_STANDARD.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for Base64Bytes {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        let text = String::deserialize(de)?;
        BASE64_STANDARD
            .decode(text)
            .map(|bytes| Base64Bytes(bytes.into()))
            .map_err(|e| serde::de::Error::custom(format!("body_base64 is not base64: {e}")))
    }
}
