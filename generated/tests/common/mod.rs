//! The loopback HTTP server and the signature checks shared by the tests.

#![allow(dead_code)] // each test binary uses part of it

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use cloud_live::runtime::http::{BoxFuture, HttpClient, HttpFailure, HttpRequest, HttpResponse};
use cloud_live::runtime::{Secret, huawei, tencent, volcengine};
use cloud_live::tencent_live;

/// What the server saw.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: Method,
    pub uri: Uri,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// When the request arrived.
    pub at: std::time::Instant,
}

impl Seen {
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
    }
}

pub type Reply = (u16, Vec<(&'static str, String)>, String);

/// Starts a server answering every request with `reply(&seen)`; returns its URL
/// and the requests it saw.
pub async fn serve(reply: impl Fn(&Seen) -> Reply + Send + Sync + 'static) -> (String, Arc<Mutex<Vec<Seen>>>) {
    serve_after(Duration::ZERO, reply).await
}

/// Like [`serve`], answering only after `delay`.
pub async fn serve_after(
    delay: Duration,
    reply: impl Fn(&Seen) -> Reply + Send + Sync + 'static,
) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let reply = Arc::new(reply);
    let app = axum::Router::new().fallback(move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
        let log = log.clone();
        let reply = reply.clone();
        async move {
            let at = std::time::Instant::now();
            tokio::time::sleep(delay).await;
            let request = Seen { method, uri, headers, body, at };
            let (status, headers, body) = reply(&request);
            log.lock().unwrap().push(request);
            let mut response: Response = (StatusCode::from_u16(status).unwrap(), body).into_response();
            for (name, value) in headers {
                response.headers_mut().insert(name, value.parse().unwrap());
            }
            response
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, seen)
}

pub const TC_ID: &str = "AKIDloopbackTestId";
pub const TC_KEY: &str = "loopback-test-secret-key";

pub fn tencent_client(url: &str) -> tencent_live::Client {
    let credentials = tencent_live::Credentials::new(TC_ID, TC_KEY).unwrap();
    tencent_live::Client::new(tencent_live::Config::builder(credentials).endpoint(url).build().unwrap())
}

/// A valid `ResumeLiveStream` request, for tests about what happens to a call
/// rather than what it carries.
pub fn any_resume_request() -> tencent_live::ResumeLiveStreamRequest {
    tencent_live::ResumeLiveStreamRequest::builder().app_name("a").domain_name("d").stream_name("s").build().unwrap()
}

/// Recomputes the TC3 signature of what arrived; `None` when it verifies.
pub fn tencent_signature_problem(seen: &Seen) -> Option<String> {
    let timestamp: u64 = seen.header("x-tc-timestamp").parse().ok()?;
    let expected = tencent::sign(
        &tencent::SigningInput {
            method: seen.method.as_str(),
            host: seen.header("host"),
            query: "",
            content_type: seen.header("content-type"),
            payload: &seen.body,
            service: "live",
            timestamp,
        },
        TC_ID,
        &Secret::new(TC_KEY),
    );
    (expected.authorization != seen.header("authorization"))
        .then(|| format!("bad signature: got {}, want {}", seen.header("authorization"), expected.authorization))
}

pub fn tencent_reply(body: &str) -> impl Fn(&Seen) -> Reply + Send + Sync + 'static {
    let body = body.to_owned();
    move |seen: &Seen| match tencent_signature_problem(seen) {
        None => (200, vec![("content-type", "application/json".into())], body.clone()),
        Some(problem) => (401, vec![], problem),
    }
}

/// Days since 1970-01-01 of a civil date (for the test server's re-signing).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub fn unix_now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()
}

pub const VOLC_AK: &str = "AKLTloopback";
pub const VOLC_SK: &str = "loopback-volc-secret";
pub const HW_AK: &str = "HUAWEILOOPBACKAK";
pub const HW_SK: &str = "huawei-loopback-secret";
pub const HW_PROJECT: &str = "0123456789abcdef0123456789abcdef";

/// The query pairs as they arrived, still percent-encoded.
fn raw_query(seen: &Seen) -> Vec<(String, String)> {
    seen.uri
        .query()
        .unwrap_or("")
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

/// Recomputes the Volcengine signature of what arrived; `None` when it verifies.
pub fn volcengine_signature_problem(seen: &Seen) -> Option<String> {
    let query = raw_query(seen);
    let pairs: Vec<(&str, &str)> = query.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let x_date = seen.header("x-date");
    if x_date.len() != 16 {
        return Some(format!("bad X-Date {x_date:?}"));
    }
    // Re-sign at the instant the client claimed (YYYYMMDDTHHMMSSZ).
    let field = |a: usize, b: usize| x_date[a..b].parse::<i64>().unwrap_or(0);
    let days = days_from_civil(field(0, 4), field(4, 6), field(6, 8));
    let timestamp = (days * 86_400 + field(9, 11) * 3_600 + field(11, 13) * 60 + field(13, 15)) as u64;
    let expected = volcengine::sign(
        &volcengine::SigningInput {
            method: seen.method.as_str(),
            host: seen.header("host"),
            path: "/",
            query: &pairs,
            // A GET carries no Content-Type, and signs none.
            content_type: Some(seen.header("content-type")).filter(|t| !t.is_empty()),
            body: &seen.body,
            region: "cn-north-1",
            service: "live",
            timestamp,
        },
        &volcengine::Credentials::new(VOLC_AK, VOLC_SK).unwrap(),
    );
    (expected.authorization != seen.header("authorization"))
        .then(|| format!("bad signature: got {}, want {}", seen.header("authorization"), expected.authorization))
}

/// Recomputes the Huawei AK/SK signature of what arrived; `None` when it verifies.
pub fn huawei_signature_problem(seen: &Seen) -> Option<String> {
    let headers: Vec<(String, String)> = ["Content-Type", "User-Agent", "X-Project-Id", "X-Sdk-Date", "Host"]
        .iter()
        .map(|n| ((*n).to_owned(), seen.header(n).to_owned()))
        .collect();
    let query: Vec<(String, String)> = raw_query(seen)
        .into_iter()
        .map(|(k, v)| (k, percent_encoding::percent_decode_str(&v).decode_utf8().unwrap().into_owned()))
        .collect();
    let pairs: Vec<(&str, &str)> = query.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let expected =
        huawei::sign(seen.method.as_str(), seen.uri.path(), &pairs, &headers, &seen.body, HW_AK, &Secret::new(HW_SK));
    (expected.authorization != seen.header("authorization"))
        .then(|| format!("bad signature: got {}, want {}", seen.header("authorization"), expected.authorization))
}

/// A server that answers every connection with `raw` bytes, then closes it:
/// for answers no well-behaved HTTP server sends (a body shorter than its
/// Content-Length).
pub async fn serve_raw(raw: &'static [u8]) -> String {
    serve_raw_counted(raw).await.0
}

/// Like [`serve_raw`], counting the connections it accepts.
pub async fn serve_raw_counted(raw: &'static [u8]) -> (String, Arc<AtomicUsize>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let counted = count.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            counted.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buf = [0u8; 4096];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let _ = socket.write_all(raw).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    (url, count)
}

/// An in-process transport: answers every request at once with
/// `answer(&request)`, without a network (the pluggable `HttpClient`).
pub struct InProcess {
    answer: Box<dyn Fn(&HttpRequest) -> HttpResponse + Send + Sync>,
    pub calls: AtomicUsize,
}

impl InProcess {
    pub fn new(answer: impl Fn(&HttpRequest) -> HttpResponse + Send + Sync + 'static) -> Arc<Self> {
        Arc::new(InProcess { answer: Box::new(answer), calls: AtomicUsize::new(0) })
    }
}

impl std::fmt::Debug for InProcess {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InProcess").field("calls", &self.calls).finish()
    }
}

impl HttpClient for InProcess {
    fn send(&self, request: HttpRequest, _timeout: Duration) -> BoxFuture<'_, Result<HttpResponse, HttpFailure>> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let response = (self.answer)(&request);
        Box::pin(async move { Ok(response) })
    }
}
