//! The Flow API routes, relative to `/api/v1`, one module per resource.

mod events;
mod registrants;
mod reports;
mod rooms;
mod sessions;
mod surveys;
mod users;

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::HeaderValue;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use futures_util::stream;

use crate::state::AppState;

pub fn api() -> Router<Arc<AppState>> {
    Router::new()
        .route("/events/sessions", get(sessions::list))
        .route("/events/sessions/public/{token}", get(sessions::public))
        .route("/events/sessions/{token}", get(sessions::detail))
        .route("/registrants", post(registrants::register))
        .route(
            "/reports/events/sessions/registrants/{token}",
            get(registrants::list),
        )
        .route("/event", post(events::create))
        .route("/users", get(users::list))
        .route("/reports/events/sessions/surveys/{token}", get(surveys::list))
        .route(
            "/reports/events/sessions/csv/surveyDetail/{token}/{survey_id}",
            get(reports::survey_detail),
        )
        .route(
            "/reports/events/sessions/csv/{kind}/{token}",
            get(reports::single),
        )
        .route("/rooms/lookup/{account_token}", get(rooms::lookup))
        .route("/rooms/register/{room_id}/{member}", get(rooms::register))
}

/// A response made of several buffers sent one after the other, so large cached reports are
/// never copied.
fn chunked(content_type: &'static str, chunks: Vec<Bytes>) -> Response {
    let length: usize = chunks.iter().map(Bytes::len).sum();
    let stream = stream::iter(chunks.into_iter().map(Ok::<_, std::convert::Infallible>));
    let mut response = Response::new(Body::from_stream(stream));
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(CONTENT_LENGTH, HeaderValue::from(length));
    response
}
