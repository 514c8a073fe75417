//! The transport: one `fetch` per attempt, bounded by the attempt's timeout, cancelled on drop.

use flow_core::{BoxFuture, HttpRequest, HttpResponse, Transport, TransportError};
use js_sys::{Array, Function, Object, Promise, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::abort::{race, AbortOnDrop, Either};
use crate::js::{get, is_absent, set, AbortSignal};
use crate::timers::Timer;

/// Error codes (Node's undici puts them on `error.cause`) that prove the request never left:
/// refused connections, DNS failures, unreachable networks, connect timeouts. Anything else may
/// have reached the server, so a write is not repeated after it.
const NOT_SENT_CODES: &[&str] = &[
    "ECONNREFUSED",
    "ENOTFOUND",
    "EAI_AGAIN",
    "EAI_FAIL",
    "EAI_NONAME",
    "EHOSTUNREACH",
    "ENETUNREACH",
    "UND_ERR_CONNECT_TIMEOUT",
];

/// Sends requests through a `fetch` function: the global one, or the one the caller passed.
pub struct FetchTransport {
    fetch: Function,
}

impl FetchTransport {
    /// A transport over `fetch`.
    pub fn new(fetch: Function) -> Self {
        Self { fetch }
    }
}

impl Transport for FetchTransport {
    fn send<'a>(&'a self, request: &'a HttpRequest) -> BoxFuture<'a, Result<HttpResponse, TransportError>> {
        Box::pin(async move {
            let attempt = AbortOnDrop::new();
            let exchange = exchange(&self.fetch, request, attempt.signal());
            match race(exchange, Timer::after(request.timeout)).await {
                Either::Main(result) => {
                    attempt.finish();
                    result
                }
                Either::Interrupt(()) => Err(TransportError::Timeout),
            }
        })
    }
}

/// Request and full response body; any failure is classified for the retry policy.
async fn exchange(
    fetch: &Function,
    request: &HttpRequest,
    signal: AbortSignal,
) -> Result<HttpResponse, TransportError> {
    let url = JsValue::from_str(&request.url);
    let pending = fetch
        .call2(&JsValue::UNDEFINED, &url, &request_init(request, signal))
        .map_err(|e| classify(&e))?;
    let response = JsFuture::from(Promise::resolve(&pending))
        .await
        .map_err(|e| classify(&e))?;
    let status = get(&response, "status")
        .as_f64()
        .filter(|s| s.fract() == 0.0 && (100.0..=999.0).contains(s))
        .ok_or_else(|| TransportError::Io("fetch resolved to something without an HTTP status".to_owned()))?;
    let headers = headers(&get(&response, "headers"));
    let body = body(&response).await?;
    Ok(HttpResponse {
        status: status as u16,
        headers,
        body,
    })
}

/// `{ method, headers, body, signal }`; the JSON body goes as text, which every `fetch` accepts.
fn request_init(request: &HttpRequest, signal: AbortSignal) -> Object {
    let init = Object::new();
    set(&init, "method", &JsValue::from_str(request.method.as_str()));
    let headers = Object::new();
    for (name, value) in &request.headers {
        set(&headers, name, &JsValue::from_str(value));
    }
    set(&init, "headers", &headers);
    if let Some(body) = &request.body {
        set(&init, "body", &JsValue::from_str(&String::from_utf8_lossy(body)));
    }
    set(&init, "signal", &signal);
    init
}

/// Header pairs from a `Headers` object (or any iterable of pairs, or a plain object).
fn headers(headers: &JsValue) -> Vec<(String, String)> {
    let entries: Vec<JsValue> = match js_sys::try_iter(headers) {
        Ok(Some(iter)) => iter.filter_map(Result::ok).collect(),
        _ if headers.is_object() => Object::entries(headers.unchecked_ref()).iter().collect(),
        _ => Vec::new(),
    };
    entries
        .into_iter()
        .filter_map(|entry| {
            let pair: Array = entry.dyn_into().ok()?;
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect()
}

/// The whole body. It arrives after the status, so a failure here means the request was sent.
async fn body(response: &JsValue) -> Result<Vec<u8>, TransportError> {
    let read: Function = get(response, "arrayBuffer")
        .dyn_into()
        .map_err(|_| TransportError::Io("the fetch response has no arrayBuffer()".to_owned()))?;
    let pending = read.call0(response).map_err(|e| read_failure(&e))?;
    let buffer = JsFuture::from(Promise::resolve(&pending))
        .await
        .map_err(|e| read_failure(&e))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

fn read_failure(error: &JsValue) -> TransportError {
    match classify(error) {
        TransportError::Connect(message) | TransportError::Io(message) => {
            TransportError::Io(format!("reading the response body failed: {message}"))
        }
        other => other,
    }
}

/// Sorts a `fetch` rejection. Browsers give no detail (a bare `TypeError`), which is `Io`: the
/// safe reading, since a write is then not repeated.
fn classify(error: &JsValue) -> TransportError {
    match get(error, "name").as_string().as_deref() {
        Some("AbortError") => return TransportError::Aborted,
        Some("TimeoutError") => return TransportError::Timeout,
        _ => {}
    }
    let cause = get(error, "cause");
    let mut codes: Vec<String> = get(&cause, "code").as_string().into_iter().collect();
    if let Ok(nested) = get(&cause, "errors").dyn_into::<Array>() {
        codes.extend(nested.iter().filter_map(|e| get(&e, "code").as_string()));
    }
    let message = describe(error, &cause);
    if !codes.is_empty() && codes.iter().all(|c| NOT_SENT_CODES.contains(&c.as_str())) {
        TransportError::Connect(message)
    } else {
        TransportError::Io(message)
    }
}

/// `fetch failed: connect ECONNREFUSED 127.0.0.1:9`, from an error and its cause.
fn describe(error: &JsValue, cause: &JsValue) -> String {
    let text = |value: &JsValue| {
        get(value, "message")
            .as_string()
            .or_else(|| value.as_string())
            .filter(|m| !m.is_empty())
    };
    let mut message = text(error).unwrap_or_else(|| "fetch failed".to_owned());
    if !is_absent(cause) {
        if let Some(detail) = text(cause) {
            message = format!("{message}: {detail}");
        }
        if let Some(code) = get(cause, "code").as_string() {
            if !message.contains(&code) {
                message = format!("{message} ({code})");
            }
        }
    }
    message
}
