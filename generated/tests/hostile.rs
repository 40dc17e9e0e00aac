//! A broken or hostile server against the client, each case on a real HTTP
//! server on loopback (or, where the point is a transport that misbehaves, a
//! custom transport): server text escaped and bounded wherever it is shown,
//! a retry budget shared by all calls, the runtime keeping every deadline,
//! what is not worth retrying not retried, one rule for any `Retry-After`,
//! endpoints checked when the configuration is built, and empty answers
//! refused where a body is documented. Decoding's memory bound is measured in
//! `memory.rs`, the log events in `tracing.rs`, paging's endings in
//! `behaviour.rs`.

mod common;

use std::future::pending;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use cloud_live::runtime::http::{BoxFuture, HttpClient, HttpFailure, HttpRequest, HttpResponse};
use cloud_live::runtime::text::SHOWN_CHARS;
use cloud_live::runtime::{ConfigError, TimeoutKind, TransportErrorKind};
use cloud_live::{Error, RetryPolicy, Timeouts, huawei_live, tencent_live};
use common::*;

fn quick_retries() -> RetryPolicy {
    RetryPolicy::default().with_initial_backoff(Duration::from_millis(5)).with_max_backoff(Duration::from_secs(2))
}

fn tencent(url: &str, policy: RetryPolicy, timeouts: Timeouts) -> tencent_live::Client {
    let credentials = tencent_live::Credentials::new(TC_ID, TC_KEY).unwrap();
    let config = tencent_live::Config::builder(credentials).endpoint(url).retry_policy(policy).timeouts(timeouts);
    tencent_live::Client::new(config.build().unwrap())
}

type Resumed = Result<tencent_live::ResumeLiveStreamResponse, Error<tencent_live::ResumeLiveStreamError>>;

async fn resume(client: &tencent_live::Client) -> Resumed {
    client.resume_live_stream(&any_resume_request()).await
}

/// Whether `shown` is safe for a terminal or a log line: no control
/// characters, no bidirectional or invisible format characters.
fn is_clean(shown: &str) -> bool {
    !shown.chars().any(|c| c.is_control() || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}'))
}

#[tokio::test]
async fn server_text_is_shown_escaped_and_bounded_and_kept_whole() {
    let forged = "\r\n2026-12-02T00:00:00Z ERROR forged entry\x1b[2J\u{202e}";
    // Long, but within the default limit on one string (1 MiB).
    let message = format!("{forged}{}", "m".repeat(512 << 10));
    let code = format!("InternalError\x1b]0;title\x07{}", "c".repeat(100_000));
    let request_id = format!("id\n{}", "r".repeat(100_000));
    let body = serde_json::json!({"Response": {"Error": {"Code": code, "Message": message}, "RequestId": request_id}});
    let (url, _) = serve(tencent_reply(&body.to_string())).await;
    let error = resume(&tencent(&url, RetryPolicy::disabled(), Timeouts::default())).await.unwrap_err();

    for shown in [error.to_string(), format!("{error:?}")] {
        assert!(is_clean(&shown), "{:?}", &shown[..200]);
        // Three server values, each cut to SHOWN_CHARS characters and escaped.
        assert!(shown.len() < 3 * SHOWN_CHARS * 10, "{} bytes", shown.len());
    }
    // Pretty `Debug` breaks lines of its own, and only those.
    let pretty = format!("{error:#?}");
    assert!(pretty.lines().count() < 20 && pretty.lines().all(is_clean), "{pretty}");
    let shown = error.to_string();
    assert!(shown.contains(r"\r\n2026-12-02T00:00:00Z ERROR forged entry\u{1b}[2J\u{202e}"), "{shown}");
    assert!(shown.contains(&format!("…({} bytes)", message.len())), "the original length is told");
    // The full values stay reachable.
    let meta = error.service_error().unwrap().meta();
    assert_eq!((meta.code.as_str(), meta.message.as_str()), (code.as_str(), message.as_str()));
    assert_eq!(error.request_id(), Some(request_id.as_str()));

    // A decode error quotes the body and the server's reason safely too.
    let (url, _) =
        serve(tencent_reply(&format!("{{\"Response\": {{\"RequestId\": 7, \"x\": \"{}\x1b\"", "a".repeat(5000)))).await;
    let error = resume(&tencent(&url, RetryPolicy::disabled(), Timeouts::default())).await.unwrap_err();
    let Error::Decode(decode) = &error else { panic!("{error:?}") };
    for shown in [error.to_string(), format!("{error:?}")] {
        assert!(is_clean(&shown) && shown.len() < 4 * SHOWN_CHARS * 10, "{shown:?}");
    }
    assert_eq!(decode.request_id.as_deref(), None, "a request id read from a broken body is not made up");
}

#[tokio::test]
async fn the_retry_budget_is_shared_by_every_call_of_a_client() {
    let (url, seen) = serve(|_: &Seen| (503, vec![], "overloaded".into())).await;
    // 20 tokens: four retries at 5 tokens each, for all the calls together.
    let client = tencent(&url, quick_retries().with_budget(20), Timeouts::default());
    let calls: Vec<_> = (0..10)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { resume(&client).await })
        })
        .collect();
    for call in calls {
        assert!(matches!(call.await.unwrap(), Err(Error::Decode(d)) if d.http_status == 503));
    }
    assert_eq!(seen.lock().unwrap().len(), 10 + 4, "ten first attempts and the four retries the budget held");

    // Without a budget each call retries on its own: the load triples.
    let (url, seen) = serve(|_: &Seen| (503, vec![], "overloaded".into())).await;
    let client = tencent(&url, quick_retries().without_budget(), Timeouts::default());
    for _ in 0..10 {
        resume(&client).await.unwrap_err();
    }
    assert_eq!(seen.lock().unwrap().len(), 30);

    // A per-call policy shares the client's bucket: it is still empty.
    let (url, seen) = serve(|_: &Seen| (503, vec![], "overloaded".into())).await;
    let client = tencent(&url, quick_retries().with_budget(5), Timeouts::default());
    resume(&client).await.unwrap_err();
    resume(&client.with_retry_policy(quick_retries())).await.unwrap_err();
    assert_eq!(seen.lock().unwrap().len(), 3, "one retry for the first call, none for the second");
}

#[tokio::test]
async fn timeouts_bound_attempts_and_the_whole_call_and_say_what_happened() {
    let (url, seen) = serve_after(Duration::from_secs(30), |_: &Seen| (200, vec![], "{}".into())).await;
    let started = std::time::Instant::now();
    let per_attempt = Timeouts::default().with_attempt(Duration::from_millis(150));
    let error = resume(&tencent(&url, quick_retries(), per_attempt)).await.unwrap_err();
    let Error::Timeout(timeout) = &error else { panic!("{error:?}") };
    assert_eq!((timeout.kind, timeout.after, timeout.attempts), (TimeoutKind::Attempt, Duration::from_millis(150), 3));
    assert!(
        timeout.elapsed >= Duration::from_millis(450) && timeout.elapsed < started.elapsed() + Duration::from_millis(1)
    );
    assert!(error.to_string().contains("(3 attempts in "), "{error}");

    // The operation timeout ends the call, and the attempt running at that moment.
    let started = std::time::Instant::now();
    let whole = Timeouts::default().with_operation(Duration::from_millis(400));
    let error = resume(&tencent(&url, quick_retries(), whole)).await.unwrap_err();
    let took = started.elapsed();
    let Error::Timeout(timeout) = &error else { panic!("{error:?}") };
    assert_eq!(
        (timeout.kind, timeout.after, timeout.attempts),
        (TimeoutKind::Operation, Duration::from_millis(400), 1)
    );
    assert!(took >= Duration::from_millis(400) && took < Duration::from_secs(2), "{took:?}");
    assert!(error.to_string().contains("for the whole call (1 attempt in "), "{error}");
    drop(seen);
}

/// A transport that never answers and ignores the deadline it is given, as
/// a careless custom transport might.
#[derive(Debug, Default)]
struct Silent(AtomicUsize);

impl HttpClient for Silent {
    fn send(&self, _: HttpRequest, _: Duration) -> BoxFuture<'_, Result<HttpResponse, HttpFailure>> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Box::pin(pending())
    }
}

fn silent_client(silent: Arc<Silent>, timeouts: Timeouts) -> tencent_live::Client {
    let credentials = tencent_live::Credentials::new(TC_ID, TC_KEY).unwrap();
    let config = tencent_live::Config::builder(credentials).http_client(silent).timeouts(timeouts);
    tencent_live::Client::new(config.build().unwrap())
}

#[tokio::test(start_paused = true)]
async fn the_runtime_keeps_the_deadlines_whatever_the_transport_does() {
    // The defaults: every attempt the policy allows, each of 30 s.
    let silent = Arc::new(Silent::default());
    let started = tokio::time::Instant::now();
    let error = resume(&silent_client(silent.clone(), Timeouts::default())).await.unwrap_err();
    assert_eq!(silent.0.load(Ordering::SeqCst), RetryPolicy::default().max_attempts() as usize);
    let Error::Timeout(timeout) = &error else { panic!("{error:?}") };
    assert_eq!((timeout.kind, timeout.attempts), (TimeoutKind::Attempt, 3));
    // Three attempts of 30 s and two backoffs of at most 0.2 s and 0.4 s.
    let took = started.elapsed();
    assert!(took >= Duration::from_secs(90) && took <= Duration::from_millis(90_600), "{took:?}");

    // An attempt timeout of 500 ms with no retries is 500 ms.
    let silent = Arc::new(Silent::default());
    let started = tokio::time::Instant::now();
    let client = silent_client(silent, Timeouts::default().with_attempt(Duration::from_millis(500)));
    let error = client.with_retry_policy(RetryPolicy::disabled()).resume_live_stream(&any_resume_request()).await;
    assert!(matches!(error, Err(Error::Timeout(_))));
    assert_eq!(started.elapsed(), Duration::from_millis(500));
}

#[tokio::test]
async fn answers_that_would_fail_again_are_not_retried() {
    // Over the size cap, announced by Content-Length or streamed without one.
    let big = format!("{{\"Response\": {{\"RequestId\": \"{}\"}}}}", "x".repeat(17 << 20));
    let (url, seen) = serve(move |_: &Seen| (200, vec![], big.clone())).await;
    let error = resume(&tencent(&url, quick_retries(), Timeouts::default())).await.unwrap_err();
    let Error::Transport(transport) = &error else { panic!("{error:?}") };
    assert_eq!(transport.kind(), TransportErrorKind::TooLarge);
    assert_eq!(transport.attempts(), Some(1));
    assert_eq!(seen.lock().unwrap().len(), 1);
    let mut chunked = b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n".to_vec();
    for _ in 0..17 {
        chunked.extend_from_slice(b"100000\r\n");
        chunked.extend_from_slice(&[b'y'; 1 << 20]);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let chunked: &'static [u8] = Box::leak(chunked.into_boxed_slice());
    let (url, connections) = serve_raw_counted(chunked).await;
    let error = resume(&tencent(&url, quick_retries(), Timeouts::default())).await.unwrap_err();
    assert!(matches!(&error, Error::Transport(t) if t.kind() == TransportErrorKind::TooLarge), "{error:?}");
    assert_eq!(connections.load(Ordering::SeqCst), 1);

    // Not HTTP: a malformed header, a malformed chunk.
    for raw in [
        &b"HTTP/1.1 200 OK\r\nno colon in this header\r\n\r\n"[..],
        b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
        b"HTTP/1.1 2000 OK\r\ncontent-length: 2\r\n\r\n{}",
    ] {
        let (url, connections) = serve_raw_counted(raw).await;
        let error = resume(&tencent(&url, quick_retries(), Timeouts::default())).await.unwrap_err();
        let shown = String::from_utf8_lossy(raw);
        assert!(
            matches!(&error, Error::Transport(t) if t.kind() == TransportErrorKind::Protocol),
            "{shown}: {error:?}"
        );
        assert_eq!(connections.load(Ordering::SeqCst), 1, "{shown}");
    }

    // A connection that breaks mid-answer is worth another attempt.
    let (url, connections) =
        serve_raw_counted(b"HTTP/1.1 200 OK\r\ncontent-length: 500\r\n\r\n{\"Response\": {\"Req").await;
    let error = resume(&tencent(&url, quick_retries(), Timeouts::default())).await.unwrap_err();
    assert!(matches!(&error, Error::Transport(t) if t.kind() == TransportErrorKind::Broken), "{error:?}");
    assert_eq!(connections.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn any_retry_after_beyond_the_longest_backoff_ends_the_retries() {
    for asked in ["3", "86400", "18446744073709551615", "18446744073709551616", "1000000000000000000000000000000"] {
        let (url, seen) = serve(move |_: &Seen| (429, vec![("retry-after", asked.into())], String::new())).await;
        let error = resume(&tencent(&url, quick_retries(), Timeouts::default())).await.unwrap_err();
        assert!(matches!(&error, Error::Decode(d) if d.http_status == 429), "{error:?}");
        assert_eq!(seen.lock().unwrap().len(), 1, "Retry-After: {asked}");
    }
    // One within it is honoured.
    let (url, seen) = serve(|_: &Seen| (429, vec![("retry-after", "1".into())], String::new())).await;
    resume(&tencent(&url, quick_retries(), Timeouts::default())).await.unwrap_err();
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 3);
    assert!(seen[1].at - seen[0].at >= Duration::from_secs(1));
}

#[test]
fn endpoints_are_checked_when_the_configuration_is_built() {
    let build = |endpoint: &str| {
        let credentials = tencent_live::Credentials::new(TC_ID, TC_KEY).unwrap();
        tencent_live::Config::builder(credentials).endpoint(endpoint).http_client(Arc::new(Silent::default())).build()
    };
    for good in ["https://live.tencentcloudapi.com", "http://127.0.0.1:8080/", "https://[::1]:8443/prefix", "HTTPS://h"]
    {
        assert!(build(good).is_ok(), "{good}");
    }
    for (bad, problem) in [
        ("live.tencentcloudapi.com", "no scheme"),
        ("127.0.0.1:8080", "no scheme"),
        ("ftp://live.tencentcloudapi.com", "neither `https` nor `http`"),
        ("https://", "no host"),
        ("https://user:pass@live.tencentcloudapi.com", "user or a password"),
        ("https://live.tencentcloudapi.com?x=1", "query or a fragment"),
        ("https://live.tencentcloudapi.com:99999", "port"),
        ("https://live.tencent cloudapi.com", "spaces or control characters"),
        ("https://[::1", "IPv6"),
    ] {
        let error = build(bad).unwrap_err();
        assert!(matches!(error, ConfigError::Endpoint { .. }), "{bad}: {error:?}");
        let shown = error.to_string();
        assert!(shown.contains(problem), "{bad}: {shown}");
    }

    // A connect timeout is the built-in transport's; beside a custom one it is refused, not ignored.
    let credentials = tencent_live::Credentials::new(TC_ID, TC_KEY).unwrap();
    let refused = tencent_live::Config::builder(credentials.clone())
        .http_client(Arc::new(Silent::default()))
        .connect_timeout(Duration::from_secs(1))
        .build()
        .unwrap_err();
    assert!(matches!(refused, ConfigError::ConnectTimeoutWithCustomTransport));
    let custom = tencent_live::Config::builder(credentials.clone()).http_client(Arc::new(Silent::default()));
    assert_eq!(custom.build().unwrap().connect_timeout(), None);
    let built_in = tencent_live::Config::builder(credentials).connect_timeout(Duration::from_secs(1)).build().unwrap();
    assert_eq!(built_in.connect_timeout(), Some(Duration::from_secs(1)));
}

#[tokio::test]
async fn an_empty_answer_is_no_success_where_a_body_is_documented() {
    for status in [200, 204] {
        let (url, seen) = serve(move |_: &Seen| (status, vec![], String::new())).await;
        let credentials = huawei_live::Credentials::new(HW_AK, HW_SK).unwrap().with_project_id(HW_PROJECT);
        let config = huawei_live::Config::builder(credentials).endpoint(&url).retry_policy(quick_retries());
        let client = huawei_live::Client::new(config.build().unwrap());
        let request = huawei_live::ShowTrafficRequest::builder().build().unwrap();
        let error = client.show_traffic(&request).await.unwrap_err();
        let Error::Decode(decode) = &error else { panic!("HTTP {status}: {error:?}") };
        assert!(decode.reason.contains("documents a body"), "{error}");
        assert_eq!(seen.lock().unwrap().len(), 1, "not retried");
    }
    // Tencent's envelope is the body: an empty answer cannot be one.
    let (url, _) = serve(|_: &Seen| (200, vec![], String::new())).await;
    let error = resume(&tencent(&url, quick_retries(), Timeouts::default())).await.unwrap_err();
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
}
