//! A transport that answers from canned responses, for unit tests of code that calls a client, without a
//! network (feature `test-util`).
//!
//! Give a [`MockTransport`] to a client's `Config::builder(..).http_client(..)`, tell it what to answer for each
//! operation, and call the client as the code under test does: requests are built, checked and signed as for a
//! real server, and the canned answers are decoded by the real decoders, so a test sees the same outputs and typed
//! errors a service would give. The transport keeps every request it was sent, for assertions.
//!
//! ```
//! use std::sync::Arc;
//!
//! use cloud_live::runtime::mock::{MockResponse, MockTransport};
//! use cloud_live::tencent_live::{Client, Config, Credentials, ResumeLiveStreamError, ResumeLiveStreamRequest};
//! use cloud_live::{Error, RetryPolicy};
//!
//! /// The code under test: resumes a stream, and says whether it had been stopped for good.
//! async fn resume(client: &Client, stream: &str) -> Result<bool, Error<ResumeLiveStreamError>> {
//!     let request = ResumeLiveStreamRequest::builder()
//!         .domain_name("push.example.com")
//!         .app_name("live")
//!         .stream_name(stream)
//!         .build()
//!         .expect("every required field is set");
//!     match client.resume_live_stream(&request).await {
//!         Ok(_) => Ok(true),
//!         Err(Error::Service(ResumeLiveStreamError::ResourceNotFoundForbidService(_))) => Ok(false),
//!         Err(e) => Err(e),
//!     }
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let mock = MockTransport::new();
//! // The answer the operation's page documents, then a business error.
//! mock.once::<ResumeLiveStreamRequest>(MockResponse::documented::<ResumeLiveStreamRequest>())
//!     .once::<ResumeLiveStreamRequest>(MockResponse::tencent_error("ResourceNotFound.ForbidService", "banned"));
//! let config = Config::builder(Credentials::new("AKIDexample", "example-key").unwrap())
//!     .http_client(Arc::new(mock.clone()))
//!     .retry_policy(RetryPolicy::disabled())
//!     .build()
//!     .unwrap();
//! let client = Client::new(config);
//!
//! assert!(resume(&client, "stream1").await.unwrap());
//! assert!(!resume(&client, "stream2").await.unwrap());
//! // Nothing is queued any more: the transport says so, and the call fails without retrying.
//! assert!(resume(&client, "stream3").await.is_err());
//! let sent = mock.requests_of::<ResumeLiveStreamRequest>();
//! assert_eq!(sent.len(), 3);
//! assert!(String::from_utf8_lossy(&sent[1].body).contains("stream2"));
//! # }
//! ```

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use super::error::ErrorMeta;
use super::error::{TransportError, TransportErrorKind};
use super::http::{BoxFuture, HttpClient, HttpFailure, HttpRequest, HttpResponse};
use super::text::Shown;
use super::{Operation, OperationMeta, ServiceError};

/// The error of an operation (its `Error` enum) for `code`, as the client decodes an answer with that code: the
/// operation's own variant, `Common`, or `Unhandled`. For tests of code that handles errors without calling a
/// client; outputs are built with their `builder()`.
///
/// ```
/// use cloud_live::runtime::mock::service_error;
/// use cloud_live::tencent_live::ResumeLiveStreamError;
///
/// let error: ResumeLiveStreamError = service_error(200, "ResourceNotFound.ForbidService", "banned");
/// assert!(matches!(error, ResumeLiveStreamError::ResourceNotFoundForbidService(_)));
/// assert_eq!((error.code(), error.message()), ("ResourceNotFound.ForbidService", "banned"));
/// ```
pub fn service_error<E: ServiceError>(http_status: u16, code: &str, message: &str) -> E {
    E::from_meta(ErrorMeta {
        code: code.to_owned(),
        message: message.to_owned(),
        request_id: Some("mock-request-id".to_owned()),
        http_status,
        numeric_code: None,
    })
}

/// One of an operation's documented examples, as its spec records it: emitted by the generator on
/// [`Operation::DOCUMENTED`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Documented {
    /// The example's title on the page.
    pub name: &'static str,
    /// The HTTP status of its answer.
    pub status: u16,
    /// The answer's body, verbatim.
    pub body: &'static str,
}

/// What a [`MockTransport`] answers to one request.
#[derive(Clone, Debug)]
pub struct MockResponse(Result<HttpResponse, FailureKind>);

/// A transport failure to answer with (a [`TransportError`] cannot be cloned).
#[derive(Clone, Copy, Debug)]
enum FailureKind {
    Broken,
}

impl MockResponse {
    /// An answer with `status` and a JSON `body`.
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        let headers = vec![("content-type".to_owned(), "application/json".to_owned())];
        MockResponse(Ok(HttpResponse { status, headers, body: body.into().into_bytes() }))
    }

    /// The same answer with one more header (the name is stored lower-cased, as transports do).
    #[must_use]
    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Self {
        if let Ok(response) = &mut self.0 {
            response.headers.push((name.to_ascii_lowercase(), value.into()));
        }
        self
    }

    /// The first answer the operation's page documents.
    ///
    /// # Panics
    ///
    /// When the operation's spec records no example (every operation's spec records one today); use
    /// [`documented_named`](Self::documented_named) to look an example up without panicking.
    pub fn documented<O: Operation>() -> Self {
        let Some(first) = O::DOCUMENTED.first() else {
            panic!("the spec of {} records no documented example", O::META.name);
        };
        Self::json(first.status, first.body)
    }

    /// The documented answer titled `name` (as on the page, e.g. `示例1 请求示例`), if the operation has one.
    pub fn documented_named<O: Operation>(name: &str) -> Option<Self> {
        O::DOCUMENTED
            .iter()
            .find(|example| example.name == name)
            .map(|example| Self::json(example.status, example.body))
    }

    /// A Tencent Cloud business error: HTTP 200 with `Response.Error`, as the service sends it.
    pub fn tencent_error(code: &str, message: &str) -> Self {
        let body = serde_json::json!({
            "Response": {"Error": {"Code": code, "Message": message}, "RequestId": "mock-request-id"}
        });
        Self::json(200, body.to_string())
    }

    /// A Volcengine error: `ResponseMetadata.Error` with the HTTP status the service gives it.
    pub fn volcengine_error(status: u16, code: &str, message: &str) -> Self {
        let body = serde_json::json!({
            "ResponseMetadata": {"RequestId": "mock-request-id", "Error": {"Code": code, "Message": message}}
        });
        Self::json(status, body.to_string())
    }

    /// A Huawei Cloud error: `error_code` and `error_msg` with an HTTP error status.
    pub fn huawei_error(status: u16, code: &str, message: &str) -> Self {
        let body = serde_json::json!({"error_code": code, "error_msg": message});
        Self::json(status, body.to_string()).with_header("x-request-id", "mock-request-id")
    }

    /// A connection that broke before an answer came: a transport error the retry policy retries.
    pub fn broken_connection() -> Self {
        MockResponse(Err(FailureKind::Broken))
    }

    fn answer(&self) -> Result<HttpResponse, HttpFailure> {
        match &self.0 {
            Ok(response) => Ok(response.clone()),
            Err(FailureKind::Broken) => Err(HttpFailure::Transport(
                TransportError::new("the mock connection broke", None).with_kind(TransportErrorKind::Broken),
            )),
        }
    }
}

/// Answers for one operation: queued ones first, then the standing one.
#[derive(Debug)]
struct Rule {
    operation: OperationMeta,
    queued: VecDeque<MockResponse>,
    standing: Option<MockResponse>,
}

#[derive(Debug, Default)]
struct State {
    rules: Vec<Rule>,
    sent: Vec<(&'static str, HttpRequest)>,
}

/// An [`HttpClient`] that answers each operation's requests from canned [`MockResponse`]s and keeps every request
/// it was sent. Clones share their answers and requests. A request no answer is set for fails with a transport error
/// that is not retried and names the request.
#[derive(Clone, Debug, Default)]
pub struct MockTransport {
    state: Arc<Mutex<State>>,
}

impl MockTransport {
    /// A transport with no answers yet.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Answers every request of operation `O` with `response`, once its queued answers are used up.
    pub fn on<O: Operation>(&self, response: MockResponse) -> &Self {
        self.rule::<O>(|rule| rule.standing = Some(response));
        self
    }

    /// Queues `response` as the answer to the next request of operation `O` that finds no earlier one queued.
    pub fn once<O: Operation>(&self, response: MockResponse) -> &Self {
        self.rule::<O>(|rule| rule.queued.push_back(response));
        self
    }

    /// Every request sent so far, in order, answered or not.
    pub fn requests(&self) -> Vec<HttpRequest> {
        self.lock().sent.iter().map(|(_, request)| request.clone()).collect()
    }

    /// The requests sent so far for operation `O`, in order.
    pub fn requests_of<O: Operation>(&self) -> Vec<HttpRequest> {
        let state = self.lock();
        state.sent.iter().filter(|(name, _)| *name == O::META.name).map(|(_, request)| request.clone()).collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A test that panicked while holding the lock left nothing half-changed.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn rule<O: Operation>(&self, change: impl FnOnce(&mut Rule)) {
        let mut state = self.lock();
        let index = match state.rules.iter().position(|rule| rule.operation == O::META) {
            Some(index) => index,
            None => {
                state.rules.push(Rule { operation: O::META, queued: VecDeque::new(), standing: None });
                state.rules.len() - 1
            }
        };
        change(&mut state.rules[index]);
    }
}

impl HttpClient for MockTransport {
    fn send(&self, request: HttpRequest, _timeout: Duration) -> BoxFuture<'_, Result<HttpResponse, HttpFailure>> {
        let mut state = self.lock();
        let found = state.rules.iter_mut().find(|rule| is_request_of(&request, &rule.operation));
        let (name, answer) = match found {
            Some(rule) => {
                let answer = rule.queued.pop_front().or_else(|| rule.standing.clone());
                (rule.operation.name, answer.map(|response| response.answer()))
            }
            None => ("", None),
        };
        let answer = answer.unwrap_or_else(|| {
            let message = format!("the mock transport has no answer for {}", describe(&request));
            Err(HttpFailure::Transport(TransportError::new(message, None).with_kind(TransportErrorKind::Protocol)))
        });
        state.sent.push((name, request));
        Box::pin(async move { answer })
    }
}

/// Whether `request` is one of `operation`'s: by the action named in Tencent's `X-TC-Action` header or
/// Volcengine's `Action` query parameter, else (Huawei) by method and path template.
fn is_request_of(request: &HttpRequest, operation: &OperationMeta) -> bool {
    if let Some(action) = action(request) {
        return action == operation.name;
    }
    request.method == operation.method && path_matches(operation.path, path(&request.url))
}

fn action(request: &HttpRequest) -> Option<&str> {
    request.header("X-TC-Action").or_else(|| {
        let (_, query) = request.url.split_once('?')?;
        query.split('&').find_map(|pair| pair.strip_prefix("Action="))
    })
}

/// The path of an absolute URL, without its query.
fn path(url: &str) -> &str {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("/", |slash| &after_scheme[slash..]);
    path.split(['?', '#']).next().unwrap_or(path)
}

/// Whether `path` fits `template`, each `{name}` segment standing for any one non-empty segment.
fn path_matches(template: &str, path: &str) -> bool {
    let (mut template, mut path) = (template.split('/'), path.split('/'));
    loop {
        match (template.next(), path.next()) {
            (None, None) => return true,
            (Some(t), Some(p)) if t.starts_with('{') && t.ends_with('}') && !p.is_empty() => {}
            (Some(t), Some(p)) if t == p => {}
            _ => return false,
        }
    }
}

/// The request in a few words, for the error about a request without an answer.
fn describe(request: &HttpRequest) -> String {
    let method = request.method.as_str();
    match action(request) {
        Some(action) => format!("the action {} ({method} {})", Shown(action), Shown(path(&request.url))),
        None => format!("{method} {}", Shown(path(&request.url))),
    }
}

#[cfg(test)]
mod tests {
    use super::{path, path_matches};

    #[test]
    fn paths_match_templates_segment_by_segment() {
        assert!(path_matches("/v1/{project_id}/stream/traffic", "/v1/abc/stream/traffic"));
        assert!(!path_matches("/v1/{project_id}/stream/traffic", "/v1//stream/traffic"));
        assert!(!path_matches("/v1/{project_id}/stream/traffic", "/v1/abc/stream/traffic/x"));
        assert!(!path_matches("/v1/{project_id}/stream", "/v2/abc/stream"));
        assert!(path_matches("/", "/"));
        assert_eq!(path("https://live.example.com/v1/p/x?domain=a"), "/v1/p/x");
        assert_eq!(path("http://127.0.0.1:8080"), "/");
    }
}
