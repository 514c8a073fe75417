use serde::Deserialize;

use crate::endpoint::Auth;
use crate::http::{HttpResponse, Method};
use crate::models::Operator;
use crate::response::parse_data;
use crate::{Endpoint, Error};

/// `GET /users`: the account's operators (the ids `events.create` needs).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListOperators {}

impl Endpoint for ListOperators {
    type Output = Vec<Operator>;
    const NAME: &'static str = "operators.list";
    const METHOD: Method = Method::Get;
    const AUTH: Auth = Auth::Required;
    const IDEMPOTENT: bool = true;

    fn path(&self) -> Result<String, Error> {
        Ok("/users".to_owned())
    }

    fn parse(&self, response: HttpResponse) -> Result<Self::Output, Error> {
        parse_data(Self::NAME, &response)
    }
}
