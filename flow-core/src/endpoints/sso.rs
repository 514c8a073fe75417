use serde::Deserialize;

use super::validate::email;
use crate::endpoint::{Auth, PathBuilder};
use crate::http::{HttpResponse, Method};
use crate::models::{Registration, Room};
use crate::response::parse_data;
use crate::{Endpoint, Error};

/// The literal separator between the values of an SSO login path.
pub const SSO_SEPARATOR: &str = "*_*";

/// `GET /rooms/lookup/{accountToken}`: the account's rooms. The doc does not say whether the
/// secret is needed, so it is sent when configured and not required.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListRooms {
    /// The account token.
    pub account_token: String,
}

impl Endpoint for ListRooms {
    type Output = Vec<Room>;
    const NAME: &'static str = "sso.rooms";
    const METHOD: Method = Method::Get;
    const AUTH: Auth = Auth::Optional;
    const IDEMPOTENT: bool = true;

    fn path(&self) -> Result<String, Error> {
        Ok(PathBuilder::new(Self::NAME, "/rooms/lookup")
            .param("account_token", &self.account_token)?
            .finish())
    }

    fn parse(&self, response: HttpResponse) -> Result<Self::Output, Error> {
        parse_data(Self::NAME, &response)
    }
}

/// `GET /rooms/register/{roomId}/{email}*_*{firstName}*_*{lastName}`: registers a member and
/// returns their join link. A GET that writes, so it is treated like a registration: never
/// repeated after it may have reached the server.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SsoLoginLink {
    /// A room's `room_id`.
    #[serde(deserialize_with = "crate::input::id")]
    pub room_id: String,
    /// The member's email.
    pub email: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
}

impl SsoLoginLink {
    /// A login link for a member of room `room_id`.
    pub fn new(room_id: &str, email: &str, first_name: &str, last_name: &str) -> Self {
        Self {
            room_id: room_id.to_owned(),
            email: email.to_owned(),
            first_name: first_name.to_owned(),
            last_name: last_name.to_owned(),
        }
    }
}

impl Endpoint for SsoLoginLink {
    type Output = Registration;
    const NAME: &'static str = "sso.login_link";
    const METHOD: Method = Method::Get;
    const AUTH: Auth = Auth::Required;
    const IDEMPOTENT: bool = false;

    fn path(&self) -> Result<String, Error> {
        email(Self::NAME, &self.email)?;
        Ok(PathBuilder::new(Self::NAME, "/rooms/register")
            .param("room_id", &self.room_id)?
            .joined(
                SSO_SEPARATOR,
                &[
                    ("email", self.email.trim()),
                    ("first_name", &self.first_name),
                    ("last_name", &self.last_name),
                ],
            )?
            .finish())
    }

    fn parse(&self, response: HttpResponse) -> Result<Self::Output, Error> {
        parse_data(Self::NAME, &response)
    }
}
