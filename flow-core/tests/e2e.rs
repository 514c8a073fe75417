//! End to end: the real client, reqwest transport and driver against an in-process flow-mock.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use flow_core::endpoints::{CreateRegistrant, ListEventSessions, SsoLoginLink};
use flow_core::{
    BoxFuture, Client, Error, ErrorKind, FixedJitter, NewEvent, OperatorAssignment, Period, Sleeper,
};
use flow_mock::{MockConfig, MockServer};
use serde_json::{json, Value};

/// Records retry sleeps and returns at once, so retry tests take no wall time.
#[derive(Default)]
struct RecordingSleeper(Mutex<Vec<Duration>>);

impl Sleeper for RecordingSleeper {
    fn sleep(&self, duration: Duration) -> BoxFuture<'_, ()> {
        self.0.lock().unwrap().push(duration);
        Box::pin(async {})
    }
}

struct Fixture {
    server: MockServer,
    http: reqwest::Client,
    sleeps: Arc<RecordingSleeper>,
}

impl Fixture {
    fn new() -> Self {
        Self {
            server: MockServer::start(MockConfig::default(), "127.0.0.1", 0).expect("mock starts"),
            http: reqwest::Client::new(),
            sleeps: Arc::default(),
        }
    }

    fn client(&self) -> Client {
        Client::builder()
            .ignore_env()
            .base_url(self.server.base_url())
            .api_secret(self.server.api_secret())
            .sleeper(self.sleeps.clone())
            .jitter(Arc::new(FixedJitter(0.0)))
            .build()
            .unwrap()
    }

    fn public_client(&self) -> Client {
        Client::builder()
            .ignore_env()
            .base_url(self.server.base_url())
            .build()
            .unwrap()
    }

    fn control(&self, path: &str) -> String {
        format!("http://{}/__mock/{path}", self.server.addr())
    }

    async fn fault(&self, fault: Value) {
        let response = self
            .http
            .post(self.control("faults"))
            .header("content-type", "application/json")
            .body(fault.to_string())
            .send()
            .await
            .unwrap();
        assert!(
            response.status().is_success(),
            "fault accepted: {}",
            response.status()
        );
    }

    async fn get(&self, path: &str) -> Value {
        let body = self
            .http
            .get(self.control(path))
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        serde_json::from_slice(&body).unwrap()
    }

    async fn requests_to(&self, method: &str, path: &str) -> usize {
        self.get("requests")
            .await
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["method"] == method && r["path"] == path)
            .count()
    }

    async fn registrations_of(&self, email: &str) -> usize {
        self.get("store").await["registrations"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["email"].as_str().is_some_and(|e| e.eq_ignore_ascii_case(email)))
            .count()
    }
}

fn assert_kind<T: std::fmt::Debug>(result: Result<T, Error>, kind: ErrorKind) -> Error {
    let error = result.expect_err("call should fail");
    assert_eq!(error.kind(), kind, "{error}");
    error
}

#[tokio::test]
async fn every_endpoint_answers() {
    let f = Fixture::new();
    let client = f.client();

    let current = client
        .events()
        .list(ListEventSessions {
            period: Some(Period::Current),
            simple_analytics: true,
        })
        .await
        .unwrap();
    assert!(!current.is_empty());
    assert!(current.iter().all(|s| s.analytics.is_some()));
    assert!(current.iter().any(|s| s.token.as_deref() == Some("rGt3dC546xs")));
    let past = client
        .events()
        .list(ListEventSessions {
            period: Some(Period::Past),
            simple_analytics: false,
        })
        .await
        .unwrap();
    let future = client
        .events()
        .list(ListEventSessions {
            period: Some(Period::Future),
            simple_analytics: false,
        })
        .await
        .unwrap();
    let all = client
        .events()
        .list(ListEventSessions {
            period: None,
            simple_analytics: false,
        })
        .await
        .unwrap();
    assert_eq!(all.len(), current.len() + past.len() + future.len());
    assert!(all
        .iter()
        .all(|s| s.parsed_date().is_some() && s.published.is_some()));

    let info = client.events().get("LKo586mmk7g").await.unwrap();
    assert_eq!(info.token.as_deref(), Some("LKo586mmk7g"));
    assert!(info.feedback_questions.is_some());
    let public = f
        .public_client()
        .events()
        .get_public("LKo586mmk7g")
        .await
        .unwrap();
    assert_eq!(public.title, info.title);

    let registrants = client.registrants().list("LKo586mmk7g").await.unwrap();
    assert!(!registrants.is_empty());
    assert!(registrants.iter().any(|r| r.attended()) && registrants.iter().any(|r| !r.attended()));

    let operators = client.operators().list().await.unwrap();
    assert!(operators
        .iter()
        .all(|o| o.id.is_some() && o.created_at().is_some()));

    let surveys = client.surveys().list("LKo586mmk7g").await.unwrap();
    let survey_id = surveys[0].id.unwrap().to_string();

    let summary = client.reports().summary("LKo586mmk7g").await.unwrap();
    assert_eq!(summary.registrants.len(), registrants.len());
    assert!(!summary.attendee_chat.is_empty() && !summary.operator_chat.is_empty());
    assert!(!summary.survey_results.columns().is_empty());
    let csv = client.reports().registrants("LKo586mmk7g").await.unwrap();
    assert_eq!(csv.len(), registrants.len());
    let chat = client.reports().attendee_chat("LKo586mmk7g").await.unwrap();
    assert!(chat
        .rows()
        .any(|r| r.iter().any(|field| field.contains('\n') || field.contains(','))));
    assert!(!client
        .reports()
        .operator_chat("LKo586mmk7g")
        .await
        .unwrap()
        .columns()
        .is_empty());
    let survey = client.reports().survey("LKo586mmk7g", &survey_id).await.unwrap();
    assert!(!survey.columns().is_empty());

    let rooms = client.sso().rooms("acc0untT0k3n").await.unwrap();
    let room_id = rooms[0].room_id.clone().unwrap();
    let link = client
        .sso()
        .login_link(SsoLoginLink::new(&room_id, "sso.user@example.com", "Sso", "User"))
        .await
        .unwrap();
    assert_eq!(link.is_new, Some(true));
    assert!(link.url.is_some());
    assert_eq!(f.registrations_of("sso.user@example.com").await, 1);
}

#[tokio::test]
async fn registration_is_stored_once_and_shows_in_reports() {
    let f = Fixture::new();
    let public = f.public_client();
    let first = public
        .registrants()
        .create(CreateRegistrant::new(
            "rGt3dC546xs",
            "Dup@Example.com",
            "Du",
            "Plicate",
        ))
        .await
        .unwrap();
    let again = public
        .registrants()
        .create(CreateRegistrant::new(
            "rGt3dC546xs",
            "dup@example.com",
            "Du",
            "Plicate",
        ))
        .await
        .unwrap();
    assert_eq!(first.is_new, Some(true));
    assert_eq!(again.is_new, Some(false));
    assert_eq!(first.id, again.id);
    assert_eq!(f.registrations_of("dup@example.com").await, 1);
    let listed = f.client().registrants().list("rGt3dC546xs").await.unwrap();
    assert_eq!(
        listed
            .iter()
            .filter(|r| r
                .email
                .as_deref()
                .is_some_and(|e| e.eq_ignore_ascii_case("dup@example.com")))
            .count(),
        1
    );
}

#[tokio::test]
async fn created_event_appears_in_the_list() {
    let f = Fixture::new();
    let client = f.client();
    let creator = client.operators().list().await.unwrap()[0].id.unwrap();
    let created = client
        .events()
        .create(NewEvent {
            creator_id: creator,
            title: "E2E launch".into(),
            description: "made by a test".into(),
            date: "2035-01-02".into(),
            time: "10:00:00".into(),
            timezone: "Europe/Berlin".into(),
            operators: vec![OperatorAssignment {
                id: creator,
                role: OperatorAssignment::PRESENTER,
                ..Default::default()
            }],
            ..NewEvent::default()
        })
        .await
        .unwrap();
    let token = created
        .session
        .and_then(|s| s.token)
        .expect("the mock returns the created session");
    let future = client
        .events()
        .list(ListEventSessions {
            period: Some(Period::Future),
            simple_analytics: false,
        })
        .await
        .unwrap();
    assert!(future.iter().any(|s| s.token.as_deref() == Some(token.as_str())));
    let registration = f
        .public_client()
        .registrants()
        .create(CreateRegistrant::new(&token, "first@example.com", "Fi", "Rst"))
        .await
        .unwrap();
    assert_eq!(registration.is_new, Some(true));
}

#[tokio::test]
async fn auth_and_validation_errors_are_typed() {
    let f = Fixture::new();
    let wrong = Client::builder()
        .ignore_env()
        .base_url(f.server.base_url())
        .api_secret("definitely-wrong-secret")
        .build()
        .unwrap();
    let error = assert_kind(wrong.operators().list().await, ErrorKind::Authentication);
    assert_eq!(error.status(), Some(401));
    assert!(error.request_id().is_some());
    assert!(!format!("{error} {error:?}").contains("definitely-wrong-secret"));

    assert_kind(
        f.public_client().operators().list().await,
        ErrorKind::MissingConfiguration,
    );
    assert_eq!(
        f.requests_to("GET", "/api/v1/users").await,
        1,
        "a missing secret sends nothing"
    );

    let error = assert_kind(
        f.client().registrants().list("no-such-session").await,
        ErrorKind::NotFound,
    );
    assert!(error.server_message().is_some());
    let error = assert_kind(
        f.client().registrants().list("../users").await,
        ErrorKind::NotFound,
    );
    assert!(error.to_string().contains("registrants.list"));
    assert_eq!(
        f.requests_to("GET", "/api/v1/reports/events/sessions/registrants/..%2Fusers")
            .await,
        1
    );

    let error = assert_kind(
        f.public_client()
            .registrants()
            .create(CreateRegistrant::new("rGt3dC546xs", "not-an-email", "A", "B"))
            .await,
        ErrorKind::InvalidRequest,
    );
    assert_eq!(error.field(), Some("email"));
    assert_eq!(
        f.requests_to("POST", "/api/v1/registrants").await,
        0,
        "bad input is refused before sending"
    );
}

#[tokio::test]
async fn reads_are_retried_through_faults() {
    let f = Fixture::new();
    let path = "/api/v1/reports/events/sessions/registrants/LKo586mmk7g";
    f.fault(json!({"method": "GET", "path": path, "count": 2, "fault": {"type": "status", "status": 503}}))
        .await;
    let listed = f.client().registrants().list("LKo586mmk7g").await.unwrap();
    assert!(!listed.is_empty());
    assert_eq!(f.requests_to("GET", path).await, 3);
    assert_eq!(
        *f.sleeps.0.lock().unwrap(),
        [Duration::from_millis(500), Duration::from_millis(1000)]
    );

    f.fault(json!({"method": "GET", "path": path, "fault": {"type": "truncate"}}))
        .await;
    f.client().registrants().list("LKo586mmk7g").await.unwrap();
    assert_eq!(f.requests_to("GET", path).await, 5);

    f.fault(json!({"method": "GET", "path": path, "fault": {"type": "status", "status": 429, "retry_after": "1"}})).await;
    f.client().registrants().list("LKo586mmk7g").await.unwrap();
    assert!(f.sleeps.0.lock().unwrap().contains(&Duration::from_secs(1)));
}

#[tokio::test]
async fn a_registration_is_never_sent_twice_after_it_may_have_been_processed() {
    let f = Fixture::new();
    let path = "/api/v1/registrants";
    f.fault(json!({"method": "POST", "path": path, "fault": {"type": "reset", "process": true}}))
        .await;
    let error = assert_kind(
        f.public_client()
            .registrants()
            .create(CreateRegistrant::new(
                "rGt3dC546xs",
                "once@example.com",
                "On",
                "Ce",
            ))
            .await,
        ErrorKind::Connection,
    );
    assert!(matches!(error, Error::Connection { sent: true, .. }));
    assert_eq!(f.requests_to("POST", path).await, 1);
    assert_eq!(f.registrations_of("once@example.com").await, 1);

    f.fault(
        json!({"method": "POST", "path": path, "fault": {"type": "status", "status": 500, "process": true}}),
    )
    .await;
    assert_kind(
        f.public_client()
            .registrants()
            .create(CreateRegistrant::new(
                "rGt3dC546xs",
                "twice@example.com",
                "Tw",
                "Ice",
            ))
            .await,
        ErrorKind::InternalServer,
    );
    assert_eq!(f.requests_to("POST", path).await, 2);
    assert_eq!(f.registrations_of("twice@example.com").await, 1);

    f.fault(json!({"method": "POST", "path": path, "fault": {"type": "status", "status": 503, "retry_after": "0"}})).await;
    let ok = f
        .client()
        .registrants()
        .create(CreateRegistrant::new(
            "rGt3dC546xs",
            "later@example.com",
            "La",
            "Ter",
        ))
        .await
        .unwrap();
    assert_eq!(ok.is_new, Some(true));
    assert_eq!(
        f.requests_to("POST", path).await,
        4,
        "503 with Retry-After proves it was not processed"
    );
    assert_eq!(f.registrations_of("later@example.com").await, 1);
}

#[tokio::test]
async fn malformed_answers_name_the_endpoint_and_status() {
    let f = Fixture::new();
    let path = "/api/v1/users";
    let client = f.client();
    f.fault(json!({"method": "GET", "path": path, "fault": {"type": "invalid_json"}}))
        .await;
    let error = assert_kind(client.operators().list().await, ErrorKind::ResponseValidation);
    assert_eq!(error.status(), Some(200));
    assert!(error.to_string().contains("operators.list"), "{error}");

    f.fault(json!({"method": "GET", "path": path, "count": 3, "fault": {"type": "html", "status": 502}}))
        .await;
    let error = assert_kind(client.operators().list().await, ErrorKind::InternalServer);
    assert_eq!(error.status(), Some(502));

    f.fault(json!({"method": "GET", "path": path, "fault": {"type": "envelope_code", "code": 403, "message": "Plan does not include the API"}})).await;
    let error = assert_kind(client.operators().list().await, ErrorKind::PermissionDenied);
    assert_eq!(error.server_message(), Some("Plan does not include the API"));
}

#[tokio::test]
async fn timeouts_and_refused_connections() {
    let f = Fixture::new();
    f.fault(json!({"method": "GET", "path": "/api/v1/users", "fault": {"type": "delay", "ms": 1500}}))
        .await;
    let slow = Client::builder()
        .ignore_env()
        .base_url(f.server.base_url())
        .api_secret(f.server.api_secret())
        .timeout(Duration::from_millis(200))
        .max_retries(0)
        .build()
        .unwrap();
    assert_kind(slow.operators().list().await, ErrorKind::Timeout);

    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let sleeps = Arc::new(RecordingSleeper::default());
    let nowhere = Client::builder()
        .ignore_env()
        .base_url(format!("http://{closed}/api/v1"))
        .sleeper(sleeps.clone())
        .build()
        .unwrap();
    let error = assert_kind(
        nowhere
            .registrants()
            .create(CreateRegistrant::new("rGt3dC546xs", "x@example.com", "X", "Y"))
            .await,
        ErrorKind::Connection,
    );
    assert!(matches!(error, Error::Connection { sent: false, .. }));
    assert_eq!(
        sleeps.0.lock().unwrap().len(),
        2,
        "a refused connection proves nothing was sent: retried"
    );
}
