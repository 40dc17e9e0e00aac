//! Every call runs in a `tracing` span with its operation, host, attempts,
//! time and request id; a failed call and each retry log one INFO event; no
//! secret reaches the logs, and text the server controls reaches them
//! escaped and bounded. Alone in its test binary: the
//! subscriber is process-global, and tracing caches per call site whether
//! anyone listens, so a test running beside it could hide its spans.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cloud_live::{RetryPolicy, tencent_live};
use common::*;

fn resume_request() -> tencent_live::ResumeLiveStreamRequest {
    tencent_live::ResumeLiveStreamRequest::builder().app_name("live").domain_name("d").stream_name("s").build().unwrap()
}

/// A writer the tracing subscriber appends to, for reading the logs back.
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn calls_are_traced_with_operation_and_request_id_and_no_secret_is_logged() {
    const SECRET_KEY: &str = "tracing-test-secret-key";
    const TOKEN: &str = "tracing-test-session-token";
    let logs = Logs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::set_global_default(subscriber).unwrap();

    // One throttled attempt, then success.
    let attempts = AtomicUsize::new(0);
    let (url, _) = serve(move |_: &Seen| {
        if attempts.fetch_add(1, Ordering::SeqCst) == 0 {
            (200, vec![], r#"{"Response": {"Error": {"Code": "RequestLimitExceeded", "Message": "slow down"}, "RequestId": "req-throttled"}}"#.into())
        } else {
            (200, vec![], r#"{"Response": {"RequestId": "req-traced"}}"#.into())
        }
    })
    .await;
    let credentials = tencent_live::Credentials::new(TC_ID, SECRET_KEY).unwrap().with_session_token(TOKEN);
    let policy = RetryPolicy::default().with_initial_backoff(Duration::from_millis(5));
    let config = tencent_live::Config::builder(credentials).endpoint(&url).retry_policy(policy).build().unwrap();
    tracing::debug!(?config, "configured");
    let client = tencent_live::Client::new(config);
    client.resume_live_stream(&resume_request()).await.unwrap();

    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    let closed = text.lines().find(|l| l.contains("close")).unwrap_or_else(|| panic!("no span closed:\n{text}"));
    let host = url.trim_start_matches("http://");
    for field in
        ["operation=\"ResumeLiveStream\"", &format!("host=\"{host}\""), "attempts=2", "request_id=\"req-traced\""]
    {
        assert!(closed.contains(field), "{field} missing from {closed}");
    }
    assert!(closed.contains("elapsed_ms="), "{closed}");
    assert!(text.contains("attempt failed; retrying"), "{text}");
    assert!(text.contains("RequestLimitExceeded"), "{text}");
    assert!(text.contains(TC_ID), "the public key id may be shown: {text}");
    assert!(!text.contains(SECRET_KEY) && !text.contains(TOKEN), "a secret was logged:\n{text}");

    // A hostile server's text: a forged log line, a terminal escape, a megabyte.
    logs.0.lock().unwrap().clear();
    let forged = "\r\n2026-12-02T00:00:00.000000Z  INFO forged: all is well\x1b[2J";
    let hostile = serde_json::json!({"Response": {
        "Error": {"Code": "RequestLimitExceeded", "Message": format!("{forged}{}", "m".repeat(1 << 19))},
        "RequestId": format!("id{forged}{}", "r".repeat(1 << 19)),
    }});
    let (url, _) = serve(move |_: &Seen| (200, vec![], hostile.to_string())).await;
    let credentials = tencent_live::Credentials::new(TC_ID, SECRET_KEY).unwrap();
    let config = tencent_live::Config::builder(credentials).endpoint(&url).retry_policy(policy).build().unwrap();
    tencent_live::Client::new(config).resume_live_stream(&resume_request()).await.unwrap_err();
    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    let events: Vec<&str> = text.lines().filter(|l| l.contains(" INFO ") && !l.contains(": close time.")).collect();
    assert_eq!(events.len(), 3, "two retries and the failed call, one line each:\n{text}");
    assert!(events[2].contains("call failed") && events[2].contains("attempts=3"), "{}", events[2]);
    for line in text.lines() {
        assert!(!line.contains("forged: all is well") || line.contains(r"\r\n2026"), "a forged line: {line}");
        assert!(!line.chars().any(char::is_control), "a control character: {line:?}");
        assert!(line.len() < 8 * 1024, "a line of {} bytes", line.len());
    }
}
