//! The client-side cost of one call, without the network.
//!
//! For each vendor, `call/<Operation>` runs the whole generated client method:
//! validate the request, split it into wire parts, serialize, sign, hand the
//! request to the transport, decode the page's documented response into the
//! typed output. The transport is an in-process [`HttpClient`] that answers at
//! once with the documented response, so nothing but the network is left out.
//! `call/` awaits each call inside a running Tokio runtime, as an async
//! application does; `blocking/` enters the runtime for every call.
//!
//! Beside it, `sign/<vendor>` is the signer alone (deriving its key every
//! time) and `hmac_sha256/<vendor>` is the floor: exactly the SHA-256 and
//! HMAC-SHA256 computations the vendor's signature needs, on inputs of the
//! same length, and nothing else. Tencent and Volcengine clients derive the
//! signing key once per day and scope; `hmac_sha256_cached_key/<vendor>` is
//! that floor without the derivation.
//!
//! The official Python SDKs doing the same work are measured by
//! `benches/sdk_bench.py`, which reads the same `responses.json`.
//!
//!     cargo bench -p cloud-live --bench call

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use cloud_live::runtime::Secret;
use cloud_live::runtime::http::{BoxFuture, HttpClient, HttpFailure, HttpRequest, HttpResponse};
use cloud_live::runtime::{huawei, tencent, volcengine};
use cloud_live::{RetryPolicy, huawei_live, tencent_live, volcengine_live};

/// The pages' documented responses, shared with the Python benchmark.
const RESPONSES: &str = include_str!("responses.json");

// Obviously fake credentials, as in the tests.
const TC_ID: &str = "AKIDEXAMPLEfakeSecretId0000000000";
const TC_KEY: &str = "fakeSecretKeyForTestVectorsOnly00";
const VOLC_AK: &str = "AKLTfakeAccessKeyForTestVectors";
const VOLC_SK: &str = "fakeSecretAccessKeyForTestVectorsOnly==";
const HW_AK: &str = "FAKEHUAWEIACCESSKEY0";
const HW_SK: &str = "fakeHuaweiSecretKeyForTestVectorsOnly000";
const TIMESTAMP: u64 = 1_709_600_523;

/// Answers every request with one canned response and keeps the last request.
#[derive(Debug)]
struct Canned {
    response: HttpResponse,
    last: std::sync::Mutex<Option<HttpRequest>>,
}

impl Canned {
    fn new(operation: &str, headers: Vec<(String, String)>) -> Arc<Self> {
        let all: serde_json::Value = serde_json::from_str(RESPONSES).expect("responses.json is JSON");
        let example = &all[operation];
        let response = HttpResponse {
            status: example["status"].as_u64().expect("status") as u16,
            headers,
            body: example["response"].as_str().expect("response").as_bytes().to_vec(),
        };
        Arc::new(Canned { response, last: std::sync::Mutex::new(None) })
    }

    fn last_request(&self) -> HttpRequest {
        self.last.lock().unwrap().clone().expect("a request was sent")
    }
}

impl HttpClient for Canned {
    fn send(&self, request: HttpRequest, _timeout: Duration) -> BoxFuture<'_, Result<HttpResponse, HttpFailure>> {
        let response = self.response.clone();
        let mut last = self.last.lock().unwrap();
        if last.is_none() {
            *last = Some(request);
        }
        Box::pin(async move { Ok(response) })
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

/// `call/<operation>` awaits the call inside a running runtime, as an async
/// application does; `blocking/<operation>` enters the runtime for each call
/// (`Runtime::block_on`), as a synchronous program would, which adds the
/// runtime's own cost of starting and finishing a `block_on`.
fn bench_call<F, Fut>(c: &mut Criterion, rt: &tokio::runtime::Runtime, operation: &str, call: F)
where
    F: Fn() -> Fut,
    Fut: Future,
{
    c.bench_function(&format!("call/{operation}"), |b| b.to_async(rt).iter(&call));
    c.bench_function(&format!("blocking/{operation}"), |b| b.iter(|| rt.block_on(call())));
}

type HmacSha256 = Hmac<Sha256>;

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// The HMAC/SHA-256 floor of a signature: hash the body and the canonical
/// request, derive the key through `chain` (each step an HMAC of the previous
/// key), then HMAC the string to sign. Inputs are the real signature's.
fn crypto_floor(
    body: &[u8],
    canonical_request: &str,
    first_key: &[u8],
    chain: &[&str],
    string_to_sign: &str,
) -> [u8; 32] {
    let body_hash = Sha256::digest(body);
    let request_hash = Sha256::digest(canonical_request.as_bytes());
    black_box((body_hash, request_hash));
    let mut key: Vec<u8> = first_key.to_vec();
    for step in chain {
        key = hmac(&key, step.as_bytes()).to_vec();
    }
    hmac(&key, string_to_sign.as_bytes())
}

/// Registers `hmac_sha256/<vendor>`, the [`crypto_floor`] of one signature,
/// and, for vendors whose clients keep the derived signing key (`chain` not
/// empty), `hmac_sha256_cached_key/<vendor>`: the same work once the key is
/// derived, which is what a call of such a client does after its first.
fn bench_floors(
    c: &mut Criterion,
    vendor: &str,
    body: &[u8],
    canonical_request: &str,
    first_key: &[u8],
    chain: &[&str],
    string_to_sign: &str,
) {
    c.bench_function(&format!("hmac_sha256/{vendor}"), |b| {
        b.iter(|| {
            crypto_floor(black_box(body), black_box(canonical_request), first_key, chain, black_box(string_to_sign))
        })
    });
    if chain.is_empty() {
        return;
    }
    let mut key: Vec<u8> = first_key.to_vec();
    for step in chain {
        key = hmac(&key, step.as_bytes()).to_vec();
    }
    let keyed = HmacSha256::new_from_slice(&key).expect("HMAC takes any key length");
    c.bench_function(&format!("hmac_sha256_cached_key/{vendor}"), |b| {
        b.iter(|| {
            black_box((Sha256::digest(black_box(body)), Sha256::digest(black_box(canonical_request).as_bytes())));
            let mut mac = keyed.clone();
            mac.update(black_box(string_to_sign).as_bytes());
            <[u8; 32]>::from(mac.finalize().into_bytes())
        })
    });
}

fn tencent(c: &mut Criterion) {
    let rt = runtime();
    let resume_http = Canned::new("ResumeLiveStream", vec![]);
    let package_http = Canned::new("DescribeLivePackageInfo", vec![]);
    let client = |http: Arc<Canned>| {
        let credentials = tencent_live::Credentials::new(TC_ID, TC_KEY).unwrap();
        tencent_live::Client::new(
            tencent_live::Config::builder(credentials)
                .http_client(http)
                .retry_policy(RetryPolicy::disabled())
                .build()
                .unwrap(),
        )
    };
    let resume = client(resume_http.clone());
    let package = client(package_http.clone());

    let resume_call = || async {
        let request = tencent_live::ResumeLiveStreamRequest::builder()
            .domain_name("5000.livepush.myqcloud.com")
            .app_name("live")
            .stream_name("stream1")
            .build()
            .unwrap();
        resume.resume_live_stream(&request).await.unwrap()
    };
    let package_call = || async {
        let request = tencent_live::DescribeLivePackageInfoRequest::builder()
            .package_type(tencent_live::PackageType::Flux)
            .build()
            .unwrap();
        let output = package.describe_live_package_info(&request).await.unwrap();
        assert_eq!(output.live_package_info_list.len(), 9);
        output
    };
    // One call up front, so the request the signer benchmarks use is known
    // even when a filter skips the call benchmarks.
    rt.block_on(resume_call());
    bench_call(c, &rt, "ResumeLiveStream", resume_call);
    bench_call(c, &rt, "DescribeLivePackageInfo", package_call);

    // The signer alone and its HMAC/SHA-256 floor, on the request actually sent.
    let sent = resume_http.last_request();
    let input = tencent::SigningInput {
        method: "POST",
        host: "live.tencentcloudapi.com",
        query: "",
        content_type: "application/json",
        payload: &sent.body,
        service: "live",
        timestamp: TIMESTAMP,
    };
    let secret = Secret::new(TC_KEY);
    let signature = tencent::sign(&input, TC_ID, &secret);
    c.bench_function("sign/tencent", |b| b.iter(|| tencent::sign(black_box(&input), TC_ID, &secret)));
    let first_key = format!("TC3{TC_KEY}");
    bench_floors(
        c,
        "tencent",
        &sent.body,
        &signature.canonical_request,
        first_key.as_bytes(),
        &["2024-03-05", "live", "tc3_request"],
        &signature.string_to_sign,
    );
}

#[allow(deprecated)] // the retired DescribeStreamQuotaConfig, measured beside the SDK's
fn volcengine(c: &mut Criterion) {
    let rt = runtime();
    let http = Canned::new("DescribeStreamQuotaConfig", vec![]);
    let credentials = volcengine_live::Credentials::new(VOLC_AK, VOLC_SK).unwrap();
    let client = volcengine_live::Client::new(
        volcengine_live::Config::builder(credentials.clone())
            .http_client(http.clone())
            .retry_policy(RetryPolicy::disabled())
            .build()
            .unwrap(),
    );
    let call = || async {
        let request = volcengine_live::DescribeStreamQuotaConfigRequest::builder()
            .domain("live.push.example.com")
            .build()
            .unwrap();
        let output = client.describe_stream_quota_config(&request).await.unwrap();
        assert_eq!(output.quota_list.as_ref().map(Vec::len), Some(1));
        output
    };
    rt.block_on(call());
    bench_call(c, &rt, "DescribeStreamQuotaConfig", call);

    let sent = http.last_request();
    let query = [("Action", "DescribeStreamQuotaConfig"), ("Version", "2020-08-01")];
    let input = volcengine::SigningInput {
        method: "POST",
        host: "live.volcengineapi.com",
        path: "/",
        query: &query,
        content_type: Some("application/json"),
        body: &sent.body,
        region: "cn-north-1",
        service: "live",
        timestamp: TIMESTAMP,
    };
    let signature = volcengine::sign(&input, &credentials);
    c.bench_function("sign/volcengine", |b| b.iter(|| volcengine::sign(black_box(&input), &credentials)));
    bench_floors(
        c,
        "volcengine",
        &sent.body,
        &signature.canonical_request,
        VOLC_SK.as_bytes(),
        &["20240305", "cn-north-1", "live", "request"],
        &signature.string_to_sign,
    );
}

fn huawei(c: &mut Criterion) {
    let rt = runtime();
    let request_id = vec![("x-request-id".to_owned(), "b2fc6ee1e6f7a3ab7b8a5e8ee6e2b4a1".to_owned())];
    let http = Canned::new("ShowTraffic", request_id);
    let credentials =
        huawei_live::Credentials::new(HW_AK, HW_SK).unwrap().with_project_id("05041fffa40025702f6dc009cc6f8f33");
    let client = huawei_live::Client::new(
        huawei_live::Config::builder(credentials)
            .region("cn-north-4")
            .http_client(http.clone())
            .retry_policy(RetryPolicy::disabled())
            .build()
            .unwrap(),
    );
    let call = || async {
        let request = huawei_live::ShowTrafficRequest::builder().domain("play.example.huawei.com").build().unwrap();
        let output = client.show_traffic(&request).await.unwrap();
        assert_eq!(output.traffic_info.as_ref().map(Vec::len), Some(1));
        output
    };
    rt.block_on(call());
    bench_call(c, &rt, "ShowTraffic", call);

    let sent = http.last_request();
    let (path_and_query, query) = {
        let after_host = sent.url.splitn(4, '/').nth(3).unwrap_or_default();
        let (path, query) = after_host.split_once('?').unwrap_or((after_host, ""));
        (format!("/{path}"), query.to_owned())
    };
    let query: Vec<(&str, &str)> = query.split('&').filter_map(|pair| pair.split_once('=')).collect();
    let headers: Vec<_> = sent.headers.iter().filter(|(n, _)| n != "Authorization").cloned().collect();
    let secret = Secret::new(HW_SK);
    let signature = huawei::sign("GET", &path_and_query, &query, &headers, &sent.body, HW_AK, &secret);
    c.bench_function("sign/huawei", |b| {
        b.iter(|| huawei::sign("GET", black_box(&path_and_query), &query, &headers, &sent.body, HW_AK, &secret))
    });
    bench_floors(
        c,
        "huawei",
        &sent.body,
        &signature.canonical_request,
        HW_SK.as_bytes(),
        &[],
        &signature.string_to_sign,
    );
}

criterion_group!(benches, tencent, volcengine, huawei);
criterion_main!(benches);
