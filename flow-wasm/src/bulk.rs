//! `registrants.createMany`: the rows (an array or any sync or async iterable) pulled one at a
//! time into the core's bulk registration; its result as `{ rows, created, existing, ... }`.

use flow_core::jobs::bulk::{create_many as run_bulk, BulkOptions, BulkResult};
use flow_core::jobs::options as jobs_options;
use flow_core::jobs::rows::CREATE_MANY;
use flow_core::{Client, Error};
use futures_util::stream::{self, Stream};
use js_sys::{Array, Function, Promise, Reflect, Symbol, JSON};
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::invalid;
use crate::jobs::Options;
use crate::js::{get, is_absent, AbortController};
use crate::{convert, journal};

pub async fn create_many(
    client: &Client,
    rows: JsValue,
    mut options: Options,
    files: &JsValue,
) -> Result<JsValue, JsValue> {
    let (bulk, source) = (|| {
        let path = options.hook("journal");
        let journal = (!is_absent(&path)).then(|| journal::open(files, &path));
        let bulk = BulkOptions {
            progress: options.progress()?,
            journal: journal.transpose()?,
            // Known up front for an array only; an iterable may be endless.
            total: Array::is_array(&rows).then(|| rows.unchecked_ref::<Array>().length().into()),
            ..jobs_options::bulk(options.neutral())?
        };
        Ok::<_, Error>((bulk, Source::new(&rows)?))
    })()
    .map_err(|e| convert::error(&e))?;
    let work = run_bulk(client, source.rows(&options.thrown), &bulk);
    let result = options.execute(work).await;
    if result.is_err() {
        source.close();
    }
    result.map(|result| convert::plain(&output(&result)))
}

/// The rows' iterator, from `Symbol.asyncIterator`, else `Symbol.iterator`.
struct Source {
    iterator: JsValue,
    next: Function,
}

impl Source {
    fn new(rows: &JsValue) -> Result<Self, Error> {
        let iterator = [Symbol::async_iterator(), Symbol::iterator()]
            .iter()
            .find_map(|symbol| Reflect::get(rows, symbol).ok()?.dyn_into::<Function>().ok())
            .and_then(|method| method.call0(rows).ok())
            .unwrap_or_default();
        let next = get(&iterator, "next").dyn_into().map_err(|_| {
            invalid(
                CREATE_MANY,
                "rows",
                "must be an array or an iterable (sync or async) of row objects",
            )
        })?;
        Ok(Self { iterator, next })
    }

    /// The rows as the core's stream, pulled only as the core asks; what the iterator throws stops
    /// the job.
    fn rows<'a>(&'a self, thrown: &'a AbortController) -> impl Stream<Item = Result<Value, Error>> + 'a {
        stream::unfold(true, move |open| async move {
            if !open {
                return None;
            }
            let step = async { JsFuture::from(Promise::resolve(&self.next.call0(&self.iterator)?)).await };
            match step.await {
                Ok(step) if get(&step, "done").is_truthy() => None,
                Ok(step) => Some((Ok(row(&get(&step, "value"))), true)),
                Err(error) => {
                    thrown.abort_with(&error);
                    Some((Err(invalid(CREATE_MANY, "rows", "could not be read")), false))
                }
            }
        })
    }

    /// Lets a generator the job stopped reading run its `finally` blocks, as `for await` does.
    fn close(&self) {
        if let Ok(close) = get(&self.iterator, "return").dyn_into::<Function>() {
            if let Ok(pending) = close.call0(&self.iterator) {
                // Awaited by nobody; `JsFuture` handles a rejection.
                drop(JsFuture::from(Promise::resolve(&pending)));
            }
        }
    }
}

/// A row as JSON; one JSON cannot hold (a BigInt, a cycle) is `null`, an `invalid` row.
fn row(value: &JsValue) -> Value {
    let text = JSON::stringify(value).ok().and_then(|text| text.as_string());
    text.and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// `{ rows: [{ index, sessionToken, email, status, registration, error }], created, ... }`.
fn output(result: &BulkResult) -> Value {
    let rows = result.rows.iter().map(|row| {
        json!({
            "index": row.index,
            "sessionToken": row.session_token,
            "email": row.email,
            "status": row.status.as_str(),
            "registration": row.registration,
            "error": row.error.as_ref().map(convert::error_record),
        })
    });
    let mut output = json!(result.counts);
    output["rows"] = rows.collect();
    output
}
