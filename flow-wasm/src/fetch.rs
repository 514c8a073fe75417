//! The transport: one `fetch` per attempt, bounded by the attempt's timeout and by
//! `max_response_bytes`, never following a redirect, cancelled on drop.

use flow_core::{BoxFuture, HttpRequest, HttpResponse, Transport, TransportError};
use js_sys::{Array, Function, Object, Promise, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::abort::{race, AbortOnDrop, Either};
use crate::js::{get, is_absent, set, AbortSignal};
use crate::timers::Timer;

/// Error codes (Node's undici puts them on `error.cause`) of a failed DNS lookup or TCP connect.
/// They prove the request never left only when the `connect` or `getaddrinfo` syscall raised them
/// ([`CONNECT_SYSCALLS`]): the same `EHOSTUNREACH` on a socket that is already open (a reused
/// keep-alive connection, syscall `write`) may come after the request was written.
const CONNECT_CODES: &[&str] = &[
    "ECONNREFUSED",
    "ENOTFOUND",
    "EAI_AGAIN",
    "EAI_FAIL",
    "EAI_NONAME",
    "EHOSTUNREACH",
    "ENETUNREACH",
    "ETIMEDOUT",
];

/// The syscalls that fail before a request can have been written.
const CONNECT_SYSCALLS: &[&str] = &["connect", "getaddrinfo"];

/// undici's connect-phase timeout (no syscall): the socket never connected.
const CONNECT_TIMEOUT: &str = "UND_ERR_CONNECT_TIMEOUT";

/// What a browser shows of a redirect under `redirect: 'manual'`: an opaque response with status
/// 0 and no headers. The request reached a server, which may have acted on it.
const BROWSER_REDIRECT: &str =
    "the server answered with a redirect, which a browser does not let the page read";

/// The most a `Content-Length` reserves up front: a header that lies must not claim memory a
/// wasm module never gives back. Longer bodies are held in JS until their length is known.
const MAX_PREALLOCATION: u64 = 64 << 20;

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
                    // A body left unread (too large) is aborted with the attempt, which stops
                    // the download and frees the connection.
                    if !matches!(result, Err(TransportError::TooLarge(_))) {
                        attempt.finish();
                    }
                    result
                }
                Either::Interrupt(()) => Err(TransportError::Timeout),
            }
        })
    }
}

/// Request and full response body; any failure is classified for the retry policy. A redirect
/// comes back as the 3xx itself (Node) or as an opaque redirect (browsers), never followed: the
/// `api-secret` header would travel to whatever host the `Location` names.
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
    if get(&response, "type").as_string().as_deref() == Some("opaqueredirect") {
        return Err(TransportError::Io(BROWSER_REDIRECT.to_owned()));
    }
    let status = get(&response, "status")
        .as_f64()
        .filter(|s| s.fract() == 0.0 && (100.0..=999.0).contains(s))
        .ok_or_else(|| TransportError::Io("fetch resolved to something without an HTTP status".to_owned()))?;
    let head = HttpResponse {
        status: status as u16,
        headers: headers(&get(&response, "headers")),
        body: Vec::new(),
    };
    let limit = request.max_response_bytes;
    let declared = head.content_length();
    if declared.is_some_and(|n| n > limit) {
        cancel(&get(&response, "body"));
        return Err(TransportError::TooLarge(head));
    }
    // A compressed body is longer than its Content-Length, which then says nothing of the size.
    let encoded = head
        .header("content-encoding")
        .is_some_and(|e| !e.trim().eq_ignore_ascii_case("identity"));
    match body(&response, declared.filter(|_| !encoded), limit).await? {
        Some(body) => Ok(HttpResponse { body, ..head }),
        None => Err(TransportError::TooLarge(head)),
    }
}

/// `{ method, headers, body, signal, redirect: 'manual' }`; the JSON body goes as text, which
/// every `fetch` accepts.
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
    set(&init, "redirect", &JsValue::from_str("manual"));
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

/// The whole body, or `None` as soon as it passes `limit` (the rest is not read). It arrives after
/// the status, so a failure here means the request was sent.
///
/// Each chunk of `response.body` is copied once, into wasm memory: straight into a buffer sized
/// from a trustworthy `declared` length, else, once the stream ends, into a buffer of the exact
/// total while the chunks wait in JS. A response without a body stream (a test fake) is read with
/// `arrayBuffer()`.
async fn body(
    response: &JsValue,
    declared: Option<u64>,
    limit: u64,
) -> Result<Option<Vec<u8>>, TransportError> {
    let stream = get(response, "body");
    if let Ok(get_reader) = get(&stream, "getReader").dyn_into::<Function>() {
        let reader = get_reader.call0(&stream).map_err(|e| read_failure(&e))?;
        return read_stream(&reader, declared.filter(|n| *n <= MAX_PREALLOCATION), limit).await;
    }
    let read: Function = get(response, "arrayBuffer").dyn_into().map_err(|_| {
        TransportError::Io("the fetch response has neither a body stream nor arrayBuffer()".to_owned())
    })?;
    let pending = read.call0(response).map_err(|e| read_failure(&e))?;
    let buffer = JsFuture::from(Promise::resolve(&pending))
        .await
        .map_err(|e| read_failure(&e))?;
    let bytes = Uint8Array::new(&buffer);
    if u64::from(bytes.length()) > limit {
        return Ok(None);
    }
    let mut body = allocate(u64::from(bytes.length()))?;
    append(&mut body, &bytes)?;
    Ok(Some(body))
}

/// Reads a `ReadableStreamDefaultReader` of bytes to the end, counting; past `limit` it cancels
/// the reader and answers `None`.
async fn read_stream(
    reader: &JsValue,
    preallocate: Option<u64>,
    limit: u64,
) -> Result<Option<Vec<u8>>, TransportError> {
    let read: Function = get(reader, "read")
        .dyn_into()
        .map_err(|_| TransportError::Io("the response body's reader has no read()".to_owned()))?;
    let mut direct = preallocate.map(allocate).transpose()?;
    let mut held: Vec<Uint8Array> = Vec::new();
    let mut total: u64 = 0;
    loop {
        let pending = read.call0(reader).map_err(|e| read_failure(&e))?;
        let step = JsFuture::from(Promise::resolve(&pending))
            .await
            .map_err(|e| read_failure(&e))?;
        if get(&step, "done").is_truthy() {
            break;
        }
        let chunk: Uint8Array = get(&step, "value").dyn_into().map_err(|_| {
            cancel(reader);
            TransportError::Io("the response body stream gave something other than bytes".to_owned())
        })?;
        total += u64::from(chunk.length());
        if total > limit {
            cancel(reader);
            return Ok(None);
        }
        match direct.as_mut() {
            Some(body) => append(body, &chunk)?,
            None => held.push(chunk),
        }
    }
    if let Some(body) = direct {
        return Ok(Some(body));
    }
    let mut body = allocate(total)?;
    for chunk in &held {
        append(&mut body, chunk)?;
    }
    Ok(Some(body))
}

/// An empty buffer with room for `bytes`; failing to get the memory is an error, not a trap.
fn allocate(bytes: u64) -> Result<Vec<u8>, TransportError> {
    let mut body = Vec::new();
    usize::try_from(bytes)
        .ok()
        .and_then(|n| body.try_reserve_exact(n).ok())
        .ok_or_else(out_of_memory)?;
    Ok(body)
}

/// Copies `chunk` to the end of `body`: one copy from JS into wasm memory, nothing zeroed first.
fn append(body: &mut Vec<u8>, chunk: &Uint8Array) -> Result<(), TransportError> {
    let len = chunk.length() as usize;
    body.try_reserve(len).map_err(|_| out_of_memory())?;
    let start = body.len();
    chunk.copy_to_uninit(&mut body.spare_capacity_mut()[..len]);
    // SAFETY: `copy_to_uninit` initialised the `len` bytes after `start`, within the capacity.
    unsafe { body.set_len(start + len) };
    Ok(())
}

fn out_of_memory() -> TransportError {
    TransportError::Io("the response body does not fit in the memory available to WebAssembly".to_owned())
}

/// Cancels a body stream or its reader (and so the download) that will not be read further. The
/// promise `cancel()` returns is awaited by nobody; `JsFuture` handles a rejection.
fn cancel(stream_or_reader: &JsValue) {
    if let Ok(cancel) = get(stream_or_reader, "cancel").dyn_into::<Function>() {
        if let Ok(pending) = cancel.call0(stream_or_reader) {
            drop(JsFuture::from(Promise::resolve(&pending)));
        }
    }
}

fn read_failure(error: &JsValue) -> TransportError {
    match classify(error) {
        TransportError::Connect(message) | TransportError::Io(message) => {
            TransportError::Io(format!("reading the response body failed: {message}"))
        }
        other => other,
    }
}

/// Sorts a `fetch` rejection. `Connect` (sent again even for a write) only when the cause proves
/// the request never left; browsers give no detail (a bare `TypeError`), which is `Io`: the safe
/// reading, since a write is then not repeated.
fn classify(error: &JsValue) -> TransportError {
    match get(error, "name").as_string().as_deref() {
        Some("AbortError") => return TransportError::Aborted,
        Some("TimeoutError") => return TransportError::Timeout,
        _ => {}
    }
    let cause = get(error, "cause");
    let message = describe(error, &cause);
    if never_sent(&cause) {
        TransportError::Connect(message)
    } else {
        TransportError::Io(message)
    }
}

/// Whether every underlying error (Node's happy-eyeballs `AggregateError` carries one per address
/// tried) is a DNS lookup or TCP connect that failed, or undici's connect timeout.
fn never_sent(cause: &JsValue) -> bool {
    let nested: Vec<JsValue> = get(cause, "errors")
        .dyn_into::<Array>()
        .map(|errors| errors.iter().collect())
        .unwrap_or_default();
    let errors = if nested.is_empty() {
        vec![cause.clone()]
    } else {
        nested
    };
    errors.iter().all(|error| {
        let syscall = get(error, "syscall").as_string();
        match get(error, "code").as_string().as_deref() {
            Some(CONNECT_TIMEOUT) => true,
            Some(code) => {
                CONNECT_CODES.contains(&code)
                    && syscall.is_some_and(|s| CONNECT_SYSCALLS.contains(&s.as_str()))
            }
            None => false,
        }
    })
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
