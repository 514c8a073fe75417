//! Bodies that take their time: filler generated while it is sent (so a 64 GiB answer costs no
//! memory), and answers paced out a few bytes at a time.

use std::convert::Infallible;
use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::HeaderValue;
use axum::response::Response;
use futures_util::{stream, StreamExt};
use tokio::time::MissedTickBehavior;

/// Filler is sent in slices of these static buffers, never allocated per response.
const CHUNK: usize = 64 * 1024;
static SPACES: [u8; CHUNK] = [b' '; CHUNK];
static LETTERS: [u8; CHUNK] = [b'a'; CHUNK];

/// A 200 of `bytes` bytes: for a JSON content type `[` then spaces (an array that never closes),
/// else `a`s. `declare` sends `Content-Length`, otherwise the body is chunked.
pub fn filler(bytes: u64, declare: bool, content_type: &str) -> Response {
    let json = content_type.contains("json");
    let opening = (json && bytes > 0).then(|| Bytes::from_static(b"["));
    let fill: &'static [u8] = if json { &SPACES } else { &LETTERS };
    let mut remaining = bytes - u64::from(opening.is_some());
    let rest = std::iter::from_fn(move || {
        let len = usize::try_from(remaining).map_or(CHUNK, |left| left.min(CHUNK));
        remaining -= len as u64;
        (len > 0).then(|| Bytes::from_static(&fill[..len]))
    });
    let chunks = opening.into_iter().chain(rest).map(Ok::<_, Infallible>);
    let mut response = Response::new(Body::from_stream(stream::iter(chunks)));
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(content_type) {
        headers.insert(CONTENT_TYPE, value);
    }
    if declare {
        headers.insert(CONTENT_LENGTH, HeaderValue::from(bytes));
    }
    response
}

/// `response` with its body re-sent `step` bytes per `interval` (the first piece at once). A
/// length the body knew is kept as `Content-Length`, so only the pace changes.
pub fn paced(response: Response, step: usize, interval: Duration) -> Response {
    let (mut parts, body) = response.into_parts();
    if let Some(length) = body.size_hint().exact() {
        parts.headers.insert(CONTENT_LENGTH, HeaderValue::from(length));
    }
    let mut ticks = tokio::time::interval(interval);
    // A client that reads slowly must not then get a burst of the missed pieces.
    ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let start = (body.into_data_stream(), Bytes::new(), ticks);
    let pieces = stream::unfold(start, move |(mut body, mut pending, mut ticks)| async move {
        while pending.is_empty() {
            match body.next().await? {
                Ok(chunk) => pending = chunk,
                Err(error) => return Some((Err(error), (body, pending, ticks))),
            }
        }
        ticks.tick().await;
        let piece = pending.split_to(step.min(pending.len()));
        Some((Ok(piece), (body, pending, ticks)))
    });
    Response::from_parts(parts, Body::from_stream(pieces))
}
