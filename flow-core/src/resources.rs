//! The Rust resources (`client.events()`, `client.registrants()`, ...), generated from the
//! operation table: a positional operation takes its inputs as `&str`, an object operation its
//! endpoint value (or anything that converts into it).
//!
//! ```no_run
//! # async fn run() -> Result<(), flow_core::Error> {
//! use flow_core::{endpoints::CreateRegistrant, Client, Period};
//!
//! let client = Client::builder().base_url("http://127.0.0.1:8080/api/v1").build()?;
//! let past = client.events().list(Period::Past).await?;
//! let registrants = client.registrants().list("LKo586mmk7g").await?;
//! let ada = client
//!     .registrants()
//!     .create(CreateRegistrant::new("rGt3dC546xs", "ada@example.com", "Ada", "Lovelace"))
//!     .await?;
//! println!("{} past, {} registrants, join at {:?}", past.len(), registrants.len(), ada.url);
//! # Ok(()) }
//! ```

use crate::endpoints::*;
use crate::{Client, Endpoint, Error};

macro_rules! rust_resources {
    (@method $(#[doc = $doc:literal])* $method:ident ($($arg:ident),*) $endpoint:ident) => {
        $(#[doc = $doc])*
        pub async fn $method(&self, $($arg: &str),*) -> Result<<$endpoint as Endpoint>::Output, Error> {
            self.0.send(&$endpoint { $($arg: $arg.to_owned()),* }).await
        }
    };
    (@method $(#[doc = $doc:literal])* $method:ident {$($input:tt)*} $endpoint:ident) => {
        $(#[doc = $doc])*
        pub async fn $method(&self, input: impl Into<$endpoint>) -> Result<<$endpoint as Endpoint>::Output, Error> {
            self.0.send(&input.into()).await
        }
    };
    ($(
        $(#[doc = $rdoc:literal])*
        $resource:ident: $rust:ident / $async:ident {$(
            $(#[doc = $doc:literal])*
            fn $method:ident / $js:ident $form:tt = $endpoint:ident;
        )*}
    )*) => {$(
        $(#[doc = $rdoc])*
        #[derive(Clone, Copy, Debug)]
        pub struct $rust<'a>(pub(crate) &'a Client);

        impl $rust<'_> {
            $(rust_resources!(@method $(#[doc = $doc])* $method $form $endpoint);)*
        }

        impl Client {
            $(#[doc = $rdoc])*
            pub fn $resource(&self) -> $rust<'_> {
                $rust(self)
            }
        }
    )*};
}

crate::for_each_operation!(rust_resources);
