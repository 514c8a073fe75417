//! Integration tests: each starts its own `MockServer` on a free port and talks HTTP to it.

mod bench;
mod binary;
mod body_timeout;
mod control;
mod events;
mod fault_bodies;
mod fault_rates;
mod faults;
mod registrants;
mod reports;
mod request_log;
mod rooms;
mod sessions;

use flow_mock::{MockConfig, MockServer};
use reqwest::blocking::{Client, RequestBuilder, Response};
use serde_json::Value;

pub const SECRET: &str = "sandbox-secret";

/// A running mock plus a client for it.
pub struct Mock {
    pub server: MockServer,
    client: Client,
}

impl Mock {
    pub fn start() -> Mock {
        Mock::with(MockConfig::default())
    }

    pub fn with(config: MockConfig) -> Mock {
        let server = MockServer::start(config, "127.0.0.1", 0).expect("mock starts");
        Mock {
            server,
            client: Client::new(),
        }
    }

    /// `path` relative to `/api/v1`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.base_url())
    }

    /// `path` relative to the server root (for `/__mock`).
    pub fn root(&self, path: &str) -> String {
        format!("http://{}{path}", self.server.addr())
    }

    pub fn get(&self, path: &str) -> RequestBuilder {
        self.client.get(self.url(path))
    }

    pub fn get_secret(&self, path: &str) -> RequestBuilder {
        self.get(path).header("api-secret", SECRET)
    }

    pub fn post(&self, path: &str, body: &Value) -> RequestBuilder {
        self.client.post(self.url(path)).json(body)
    }

    pub fn post_secret(&self, path: &str, body: &Value) -> RequestBuilder {
        self.post(path, body).header("api-secret", SECRET)
    }

    /// POSTs `text` as a plain-text body to `path` (relative to `/api/v1`).
    pub fn post_text(&self, path: &str, text: &str) -> Response {
        self.client
            .post(self.url(path))
            .header("content-type", "text/plain")
            .body(text.to_owned())
            .send()
            .expect("request sent")
    }

    pub fn fault(&self, rule: Value) {
        let response = self
            .client
            .post(self.root("/__mock/faults"))
            .json(&rule)
            .send()
            .expect("fault queued");
        assert_eq!(response.status(), 200, "{}", response.text().unwrap());
    }

    pub fn control(&self, method: reqwest::Method, path: &str) -> Value {
        let response = self
            .client
            .request(method, self.root(path))
            .send()
            .expect("control call");
        assert_eq!(response.status(), 200);
        response.json().expect("control JSON")
    }

    pub fn requests(&self) -> Vec<Value> {
        match self.control(reqwest::Method::GET, "/__mock/requests") {
            Value::Array(items) => items,
            other => panic!("request log is not an array: {other}"),
        }
    }

    /// Registers someone through endpoint 4 and returns the response `data`.
    pub fn register(&self, email: &str, session: &str) -> Value {
        let body = serde_json::json!({
            "email": email, "firstName": "Test", "lastName": "Person", "eventSessionToken": session,
        });
        let (status, value) = json(self.post("/registrants", &body).send().unwrap());
        assert_eq!(status, 200, "{value}");
        value["data"].clone()
    }
}

/// Status and parsed body of a response.
pub fn json(response: Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().expect("body");
    let value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    (status, value)
}

/// Asserts an enveloped error with this status.
pub fn assert_error(response: Response, status: u16) -> Value {
    let (got, body) = json(response);
    assert_eq!(got, status, "{body}");
    assert_eq!(body["code"], status, "{body}");
    assert!(body["message"].is_string(), "{body}");
    assert!(body["localDescription"].is_string(), "{body}");
    assert!(body["data"].is_null(), "{body}");
    body
}

/// The `data` of a successful enveloped response.
pub fn ok_data(response: Response) -> Value {
    let (status, body) = json(response);
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["code"], 200, "{body}");
    body["data"].clone()
}

/// CSV text as rows of fields, header first.
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("valid CSV").iter().map(str::to_owned).collect())
        .collect()
}
