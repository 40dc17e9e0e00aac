//! Whatever a server answers, a call ends well: it returns the decoded output
//! or one of the crate's errors, never panics, stops within its retry policy's
//! attempts and waits, keeps a decode error's excerpt of the body bounded, and
//! shows the text the server controls bounded and free of control characters
//! in the error's `Display` and `Debug`. Answers are generated: JSON built from the envelopes' own keys,
//! the pages' documented responses cut short or with a byte changed, and
//! arbitrary bytes, under any status and with any `Retry-After` or request id.

mod common;

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use cloud_live::runtime::ServiceError;
use cloud_live::runtime::error::SNIPPET_LIMIT;
use cloud_live::runtime::http::HttpResponse;
use cloud_live::runtime::text::SHOWN_CHARS;
use cloud_live::{Error, RetryPolicy, huawei_live, tencent_live, volcengine_live};
use common::*;
use proptest::prelude::*;
use serde_json::Value;

/// The pages' documented responses, by operation.
const DOCUMENTED: &str = include_str!("../benches/responses.json");
const OPERATIONS: [&str; 4] =
    ["ResumeLiveStream", "DescribeLivePackageInfo", "DescribeStreamQuotaConfig", "ShowTraffic"];

/// The default policy's longest wait between attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(20);

/// Characters that are not controls but rewrite or hide what a terminal or a
/// log viewer shows.
const INVISIBLE: [char; 11] = [
    '\u{200b}', '\u{200e}', '\u{200f}', '\u{202a}', '\u{202b}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2069}',
    '\u{2028}', '\u{2029}',
];

fn documented(operation: &str) -> Vec<u8> {
    let all: Value = serde_json::from_str(DOCUMENTED).unwrap();
    all[operation]["response"].as_str().unwrap().as_bytes().to_vec()
}

/// Keys the decoders look for, and a few they do not.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "Response",
            "Error",
            "Code",
            "Message",
            "RequestId",
            "ResponseMetadata",
            "Result",
            "error_code",
            "error_msg",
            "request_id",
            "LivePackageInfoList",
            "TotalPage",
            "PackageBillMode",
            "FluxPackageBillMode",
            "Type",
            "Status",
            "Total",
            "Id",
            "QuotaList",
            "total",
            "traffic_info",
            "traffic",
            "timestamp",
        ])
        .prop_map(str::to_owned),
        "[A-Za-z_]{1,8}",
    ]
}

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        prop::num::f64::NORMAL.prop_map(Value::from),
        key().prop_map(Value::String),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..6)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

/// A change to a JSON document: at the node with this index in a pre-order
/// walk (modulo the number of nodes), replace the value, or drop or add a key
/// of an object.
#[derive(Clone, Debug)]
enum Mutation {
    Replace(usize, Value),
    Remove(usize),
    Insert(usize, String, Value),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), json()).prop_map(|(at, value)| Mutation::Replace(at, value)),
        any::<usize>().prop_map(Mutation::Remove),
        (any::<usize>(), key(), json()).prop_map(|(at, key, value)| Mutation::Insert(at, key, value)),
    ]
}

fn nodes(value: &Value) -> usize {
    1 + match value {
        Value::Array(items) => items.iter().map(nodes).sum(),
        Value::Object(entries) => entries.values().map(nodes).sum(),
        _ => 0,
    }
}

/// The node with pre-order index `index` (which must be below `nodes(value)`).
fn node_mut(value: &mut Value, mut index: usize) -> &mut Value {
    if index == 0 {
        return value;
    }
    index -= 1;
    let children: Vec<&mut Value> = match value {
        Value::Array(items) => items.iter_mut().collect(),
        Value::Object(entries) => entries.values_mut().collect(),
        _ => unreachable!("index beyond the document"),
    };
    for child in children {
        let size = nodes(child);
        if index < size {
            return node_mut(child, index);
        }
        index -= size;
    }
    unreachable!("index beyond the document")
}

fn mutate(mut document: Value, mutations: &[Mutation]) -> Value {
    for m in mutations {
        let (Mutation::Replace(at, _) | Mutation::Remove(at) | Mutation::Insert(at, ..)) = m;
        let index = at % nodes(&document);
        let node = node_mut(&mut document, index);
        match (m, node) {
            (Mutation::Replace(_, value), node) => *node = value.clone(),
            (Mutation::Remove(_), Value::Object(entries)) => {
                if let Some(first) = entries.keys().next().cloned() {
                    entries.remove(&first);
                }
            }
            (Mutation::Insert(_, key, value), Value::Object(entries)) => {
                entries.insert(key.clone(), value.clone());
            }
            _ => {}
        }
    }
    document
}

/// Each vendor's error envelope, as its protocol reference describes it.
fn error_envelope(operation: &str, code: &Value, message: &Value, request_id: &Value) -> Value {
    match operation {
        "ResumeLiveStream" | "DescribeLivePackageInfo" => serde_json::json!(
            {"Response": {"Error": {"Code": code, "Message": message}, "RequestId": request_id}}
        ),
        "DescribeStreamQuotaConfig" => serde_json::json!(
            {"ResponseMetadata": {"RequestId": request_id, "Error": {"Code": code, "Message": message}}}
        ),
        _ => serde_json::json!({"error_code": code, "error_msg": message}),
    }
}

#[derive(Clone, Debug)]
enum Body {
    /// The page's documented response, changed.
    Documented(Vec<Mutation>),
    /// The vendor's error envelope with this code, message and request id, changed.
    Error(Value, Value, Value, Vec<Mutation>),
    /// The documented response cut after this many bytes (modulo its length).
    Truncated(usize),
    /// The documented response with the byte at this index (modulo) replaced.
    Changed(usize, u8),
    Json(Value),
    Bytes(Vec<u8>),
}

fn body() -> impl Strategy<Value = Body> {
    let code = prop_oneof![
        4 => prop::sample::select(vec![
            "InternalError",
            "RequestLimitExceeded",
            "InvalidParameter",
            "LimitExceeded",
            "LIVE.100011001",
            "APIG.0308",
            "",
        ])
        .prop_map(Value::from),
        1 => json(),
        1 => hostile_text().prop_map(Value::from),
    ];
    let text = prop_oneof![
        4 => ".{0,16}".prop_map(Value::String),
        1 => json(),
        1 => hostile_text().prop_map(Value::String),
    ];
    let mutations = || prop::collection::vec(mutation(), 0..3);
    prop_oneof![
        3 => mutations().prop_map(Body::Documented),
        3 => (code, text.clone(), text, mutations()).prop_map(|(c, m, r, ms)| Body::Error(c, m, r, ms)),
        1 => any::<usize>().prop_map(Body::Truncated),
        1 => (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Body::Changed(at, byte)),
        1 => json().prop_map(Body::Json),
        1 => prop::collection::vec(any::<u8>(), 0..64).prop_map(Body::Bytes),
    ]
}

/// Text a hostile server sends: any characters (controls, escape sequences,
/// bidirectional overrides, line separators), repeated up to some kilobytes.
fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        prop::sample::select(vec!["\x1b[2J", "\r\n", "\u{202e}", "\u{2028}", "\u{85}", "\u{0}", "\t", "直播"])
            .prop_map(str::to_owned),
        any::<char>().prop_map(String::from),
    ];
    (prop::collection::vec(piece, 1..12), 1usize..400).prop_map(|(pieces, times)| pieces.concat().repeat(times))
}

fn header() -> impl Strategy<Value = (String, String)> {
    let name = prop_oneof![
        prop::sample::select(vec!["retry-after", "Retry-After", "x-request-id", "X-Request-Id", "content-type"])
            .prop_map(str::to_owned),
        "[a-z-]{1,12}",
    ];
    let value = prop_oneof![
        "[0-9]{1,25}",
        Just("Wed, 21 Oct 2015 07:28:00 GMT".to_owned()),
        Just("Sun, 06 Nov 2994 08:49:37 GMT".to_owned()),
        ".{0,20}",
        hostile_text(),
    ];
    (name, value)
}

fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        3 => Just(200u16),
        2 => prop::sample::select(vec![201u16, 204, 400, 401, 403, 404, 429, 500, 502, 503, 504]),
        1 => 100u16..600,
        1 => any::<u16>(),
    ]
}

/// How a call ended.
#[derive(Debug)]
enum Outcome {
    Decoded,
    Failed {
        message: String,
        /// The error's `Debug`.
        debug: String,
        /// The body excerpt of a decode error.
        snippet: Option<String>,
        invalid_input: bool,
        /// The code of a service error.
        code: Option<String>,
    },
}

fn outcome<T, E: ServiceError>(result: Result<T, Error<E>>) -> Outcome {
    match result {
        Ok(_) => Outcome::Decoded,
        Err(e) => Outcome::Failed {
            debug: format!("{e:?}"),
            message: e.to_string(),
            snippet: match &e {
                Error::Decode(d) => Some(d.snippet.clone()),
                _ => None,
            },
            invalid_input: matches!(e, Error::InvalidInput(_)),
            code: e.service_error().map(|s| s.meta().code.clone()),
        },
    }
}

/// Calls `operation` through an in-process transport that gives every attempt
/// `answer`, with the default retry policy on a paused clock; returns how the
/// call ended, the number of attempts and the time it took on that clock.
#[allow(deprecated)] // the retired DescribeStreamQuotaConfig, on purpose
fn call(operation: &str, answer: HttpResponse) -> (Outcome, usize, Duration) {
    let http = InProcess::new(move |_| answer.clone());
    let runtime = tokio::runtime::Builder::new_current_thread().enable_time().start_paused(true).build().unwrap();
    let (outcome, took) = runtime.block_on(async {
        let start = tokio::time::Instant::now();
        let outcome = match operation {
            "ResumeLiveStream" => outcome(tencent(http.clone()).resume_live_stream(&any_resume_request()).await),
            "DescribeLivePackageInfo" => {
                let request = tencent_live::DescribeLivePackageInfoRequest::builder().package_type(0).build().unwrap();
                outcome(tencent(http.clone()).describe_live_package_info(&request).await)
            }
            "DescribeStreamQuotaConfig" => {
                let credentials = volcengine_live::Credentials::new(VOLC_AK, VOLC_SK).unwrap();
                let config = volcengine_live::Config::builder(credentials).http_client(http.clone());
                let client = volcengine_live::Client::new(config.build().unwrap());
                let request = volcengine_live::DescribeStreamQuotaConfigRequest::builder().domain("d").build().unwrap();
                outcome(client.describe_stream_quota_config(&request).await)
            }
            _ => {
                let credentials = huawei_live::Credentials::new(HW_AK, HW_SK).unwrap().with_project_id(HW_PROJECT);
                let config = huawei_live::Config::builder(credentials).region("cn-north-4").http_client(http.clone());
                let client = huawei_live::Client::new(config.build().unwrap());
                let request = huawei_live::ShowTrafficRequest::builder().build().unwrap();
                outcome(client.show_traffic(&request).await)
            }
        };
        (outcome, start.elapsed())
    });
    (outcome, http.calls.load(Ordering::SeqCst), took)
}

fn tencent(http: Arc<InProcess>) -> tencent_live::Client {
    let credentials = tencent_live::Credentials::new(TC_ID, TC_KEY).unwrap();
    tencent_live::Client::new(tencent_live::Config::builder(credentials).http_client(http).build().unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn any_answer_ends_the_call_within_the_policy(
        operation in prop::sample::select(OPERATIONS.to_vec()),
        status in status(),
        headers in prop::collection::vec(header(), 0..3),
        body in body(),
    ) {
        let documented = documented(operation);
        // A vendor error with a plain code and message, as the reference describes it.
        let mut plain_error = None;
        let body = match body {
            Body::Documented(mutations) => {
                serde_json::to_vec(&mutate(serde_json::from_slice(&documented).unwrap(), &mutations)).unwrap()
            }
            Body::Error(code, message, request_id, mutations) => {
                if let (Value::String(code), Value::String(_), true) = (&code, &message, mutations.is_empty()) {
                    plain_error = Some(code.clone());
                }
                serde_json::to_vec(&mutate(error_envelope(operation, &code, &message, &request_id), &mutations)).unwrap()
            }
            Body::Truncated(at) => documented[..at % documented.len()].to_vec(),
            Body::Changed(at, byte) => {
                let mut changed = documented.clone();
                changed[at % documented.len()] = byte;
                changed
            }
            Body::Json(value) => serde_json::to_vec(&value).unwrap(),
            Body::Bytes(bytes) => bytes,
        };
        let answer = HttpResponse { status, headers, body: body.clone() };
        let (outcome, attempts, took) = call(operation, answer);

        let policy = RetryPolicy::default();
        prop_assert!((1..=policy.max_attempts() as usize).contains(&attempts), "{attempts} attempts");
        // Each wait is at most the longest backoff (a longer Retry-After ends the retries).
        prop_assert!(took <= MAX_BACKOFF * (attempts as u32 - 1), "{attempts} attempts took {took:?}");
        if let Outcome::Failed { message, debug, snippet, invalid_input, .. } = &outcome {
            prop_assert!(!invalid_input, "a valid request refused: {message}");
            for shown in [message, debug] {
                // At most four server values, each cut to SHOWN_CHARS characters of at most
                // ten bytes escaped (`\u{10ffff}`), besides the crate's own words.
                prop_assert!(shown.len() <= 4 * SHOWN_CHARS * 10, "{} bytes shown", shown.len());
                let unsafe_char = shown.chars().find(|c| c.is_control() || INVISIBLE.contains(c));
                prop_assert!(unsafe_char.is_none(), "{unsafe_char:?} shown in {shown:?}");
            }
            if let Some(snippet) = snippet {
                prop_assert!(snippet.chars().count() <= SNIPPET_LIMIT + 1, "{} characters", snippet.chars().count());
                if let Ok(text) = std::str::from_utf8(&body) {
                    prop_assert!(text.starts_with(snippet.trim_end_matches('…')), "{snippet:?} is not the body's start");
                }
            }
        }
        // Tencent and Volcengine report an error in the envelope whatever the
        // HTTP status; Huawei's error body counts with a status of 400 or more.
        if let Some(sent) = plain_error.filter(|code| !code.is_empty() && (operation != "ShowTraffic" || status >= 400)) {
            let Outcome::Failed { code, message, .. } = &outcome else { panic!("{sent} was decoded as a success") };
            prop_assert_eq!(code.as_deref(), Some(sent.as_str()), "{}", message);
        }
    }
}
