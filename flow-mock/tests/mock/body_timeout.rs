//! A request body that does not arrive in time: 408, the connection closed, no handler run.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use flow_mock::MockConfig;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::Mock;

/// Over a raw socket: a registration POST announcing `declared` body bytes, its body sent in two
/// halves `pause` apart; returns everything the server sent until it closed the connection.
fn exchange(addr: SocketAddr, body: &str, declared: usize, pause: Duration) -> String {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        let head = format!(
            "POST /api/v1/registrants HTTP/1.1\r\nHost: mock\r\nContent-Type: application/json\r\nContent-Length: {declared}\r\nConnection: close\r\n\r\n"
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        let (first, rest) = body.split_at(body.len() / 2);
        stream.write_all(first.as_bytes()).await.unwrap();
        tokio::time::sleep(pause).await;
        stream.write_all(rest.as_bytes()).await.unwrap();
        let mut answer = Vec::new();
        tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer))
            .await
            .expect("the server closes the connection")
            .unwrap();
        String::from_utf8(answer).unwrap()
    })
}

fn registration(email: &str) -> String {
    format!(r#"{{"email":"{email}","firstName":"T","lastName":"R","eventSessionToken":"rGt3dC546xs"}}"#)
}

#[test]
fn a_trickled_body_gets_408_and_a_closed_connection() {
    let limit = Duration::from_millis(300);
    let mock = Mock::with(MockConfig {
        body_timeout: limit,
        ..MockConfig::default()
    });
    // A complete registration announced one byte longer than it is: were the handler to run on
    // what arrived, it would register this person.
    let body = registration("trickle@example.com");
    let started = Instant::now();
    let answer = exchange(mock.server.addr(), &body, body.len() + 1, Duration::ZERO);
    assert!(started.elapsed() >= limit);
    assert!(answer.starts_with("HTTP/1.1 408 "), "{answer}");
    assert!(answer.contains("\r\nconnection: close\r\n"), "{answer}");

    let log = mock.requests();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0]["status"], 408);
    assert_eq!(log[0]["processed"], false);
    assert!(log[0]["body"].is_null());
    let again = mock.register("trickle@example.com", "rGt3dC546xs");
    assert_eq!(
        again["isNew"], true,
        "the handler never stored the trickled registration"
    );
}

#[test]
fn a_body_sent_in_time_in_pieces_is_handled() {
    let mock = Mock::with(MockConfig {
        body_timeout: Duration::from_millis(500),
        ..MockConfig::default()
    });
    let body = registration("pieces@example.com");
    let answer = exchange(mock.server.addr(), &body, body.len(), Duration::from_millis(100));
    assert!(answer.starts_with("HTTP/1.1 200 "), "{answer}");
    assert_eq!(mock.requests()[0]["processed"], true);
}
