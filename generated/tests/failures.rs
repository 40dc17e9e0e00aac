//! Every operation of every vendor against a real HTTP server on loopback, for
//! each way a call can go wrong: documented and undocumented error codes,
//! throttling and server faults retried (each attempt re-signed and re-checked
//! by the server), retries exhausted, `Retry-After`, slow servers, bodies that
//! are not JSON or are cut short, and many tasks sharing one client.
//!
//! The suite is written once (`Case`) and instantiated per operation.

mod common;

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use cloud_live::runtime::rules::TimeFormat;
use cloud_live::runtime::{Output, ServiceError};
use cloud_live::{Error, RetryPolicy, Timeouts, huawei_live, tencent_live, volcengine_live};
use common::*;

/// What a call came to, in a form every operation shares.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Ok { request_id: Option<String> },
    Service { code: String, typed: bool, status: u16, request_id: Option<String>, retryable: bool },
    Decode { status: u16, request_id: Option<String> },
    Timeout,
    Transport,
    InvalidInput { field: String },
}

fn outcome<T: Output, E: ServiceError + std::fmt::Debug>(result: Result<T, Error<E>>) -> Outcome {
    match result {
        Ok(output) => Outcome::Ok { request_id: output.request_id().map(str::to_owned) },
        Err(Error::Service(e)) => Outcome::Service {
            code: e.meta().code.clone(),
            typed: !format!("{e:?}").starts_with("Unhandled"),
            status: e.meta().http_status,
            request_id: e.meta().request_id.clone(),
            retryable: e.is_retryable(),
        },
        Err(Error::Decode(d)) => {
            assert!(d.snippet.len() <= cloud_live::runtime::error::SNIPPET_LIMIT + '…'.len_utf8());
            Outcome::Decode { status: d.http_status, request_id: d.request_id }
        }
        Err(Error::Timeout(_)) => Outcome::Timeout,
        Err(Error::Transport(_)) => Outcome::Transport,
        Err(Error::InvalidInput(e)) => Outcome::InvalidInput { field: e.field().to_owned() },
        Err(e) => panic!("a new error variant: {e:?}"),
    }
}

/// One operation of one vendor, as the suite needs it.
trait Case {
    type Client: Clone + Send + Sync + 'static;
    /// A client of `url` with this retry policy and these timeouts.
    fn client(url: &str, policy: RetryPolicy, timeouts: Timeouts) -> Self::Client;
    /// Calls the operation with the page's example values.
    fn call(client: &Self::Client) -> impl Future<Output = Outcome> + Send;
    /// `None` when the vendor's signature of what arrived verifies.
    fn signature_problem(seen: &Seen) -> Option<String>;
    /// The header carrying the signing time.
    const TIME_HEADER: &'static str;
    /// The documented success answer (request id `ok-id`), with fields this
    /// crate does not know added.
    fn success() -> Reply;
    /// The vendor's error shape for `code` (request id `err-id`).
    fn error(status: u16, code: &str) -> Reply;
    /// The HTTP status the vendor sends business errors with.
    const ERROR_STATUS: u16;
    /// A code the specs mark retryable.
    const RETRYABLE_CODE: &'static str;
    /// A documented code that is not retryable.
    const DOCUMENTED_CODE: &'static str;
}

/// A policy with short waits, so the suite runs fast.
fn quick_retries() -> RetryPolicy {
    RetryPolicy::default().with_initial_backoff(Duration::from_millis(10)).with_max_backoff(Duration::from_secs(2))
}

/// Timeouts with this attempt timeout and no operation timeout.
fn attempt(timeout: Duration) -> Timeouts {
    Timeouts::default().with_attempt(timeout)
}

/// Serves `replies` in turn (the last one repeats), refusing bad signatures.
async fn serve_sequence<C: Case>(replies: Vec<Reply>) -> (String, Arc<std::sync::Mutex<Vec<Seen>>>) {
    let next = AtomicUsize::new(0);
    serve(move |seen: &Seen| {
        if let Some(problem) = C::signature_problem(seen) {
            return (401, vec![], problem);
        }
        let i = next.fetch_add(1, Ordering::SeqCst).min(replies.len() - 1);
        replies[i].clone()
    })
    .await
}

fn ok() -> Outcome {
    Outcome::Ok { request_id: Some("ok-id".into()) }
}

async fn success<C: Case>() {
    let (url, seen) = serve_sequence::<C>(vec![C::success()]).await;
    assert_eq!(C::call(&C::client(&url, quick_retries(), attempt(Duration::from_secs(5)))).await, ok());
    assert_eq!(seen.lock().unwrap().len(), 1);
}

async fn documented_error<C: Case>() {
    let (url, seen) = serve_sequence::<C>(vec![C::error(C::ERROR_STATUS, C::DOCUMENTED_CODE)]).await;
    let got = C::call(&C::client(&url, quick_retries(), attempt(Duration::from_secs(5)))).await;
    let want = Outcome::Service {
        code: C::DOCUMENTED_CODE.into(),
        typed: true,
        status: C::ERROR_STATUS,
        request_id: Some("err-id".into()),
        retryable: false,
    };
    assert_eq!(got, want);
    assert_eq!(seen.lock().unwrap().len(), 1, "a non-retryable error is not retried");
}

async fn undocumented_code_is_kept<C: Case>() {
    let (url, _) = serve_sequence::<C>(vec![C::error(C::ERROR_STATUS, "Brand.NewCode")]).await;
    let got = C::call(&C::client(&url, quick_retries(), attempt(Duration::from_secs(5)))).await;
    let want = Outcome::Service {
        code: "Brand.NewCode".into(),
        typed: false,
        status: C::ERROR_STATUS,
        request_id: Some("err-id".into()),
        retryable: false,
    };
    assert_eq!(got, want);
}

async fn throttled_then_success<C: Case>() {
    let (url, seen) = serve_sequence::<C>(vec![C::error(429, C::RETRYABLE_CODE), C::success()]).await;
    assert_eq!(C::call(&C::client(&url, quick_retries(), attempt(Duration::from_secs(5)))).await, ok());
    assert_eq!(seen.lock().unwrap().len(), 2, "one retry, its signature verified by the server");
}

async fn retryable_code_then_success<C: Case>() {
    let (url, seen) = serve_sequence::<C>(vec![C::error(C::ERROR_STATUS, C::RETRYABLE_CODE), C::success()]).await;
    assert_eq!(C::call(&C::client(&url, quick_retries(), attempt(Duration::from_secs(5)))).await, ok());
    assert_eq!(seen.lock().unwrap().len(), 2);
}

async fn server_fault_then_success<C: Case>() {
    let fault: Reply = (503, vec![], "<html>503 Service Unavailable</html>".into());
    let (url, seen) = serve_sequence::<C>(vec![fault, C::success()]).await;
    assert_eq!(C::call(&C::client(&url, quick_retries(), attempt(Duration::from_secs(5)))).await, ok());
    assert_eq!(seen.lock().unwrap().len(), 2);
}

async fn retries_exhausted<C: Case>() {
    let (url, seen) = serve_sequence::<C>(vec![(500, vec![], "<html>500</html>".into())]).await;
    let got = C::call(&C::client(&url, quick_retries().with_max_attempts(4), attempt(Duration::from_secs(5)))).await;
    assert_eq!(got, Outcome::Decode { status: 500, request_id: None });
    assert_eq!(seen.lock().unwrap().len(), 4, "every allowed attempt, then the last error");

    let (url, seen) = serve_sequence::<C>(vec![C::error(C::ERROR_STATUS, C::RETRYABLE_CODE)]).await;
    let got = C::call(&C::client(&url, quick_retries(), attempt(Duration::from_secs(5)))).await;
    assert!(matches!(got, Outcome::Service { retryable: true, .. }), "{got:?}");
    assert_eq!(seen.lock().unwrap().len(), 3);

    let (url, seen) = serve_sequence::<C>(vec![(500, vec![], "<html>500</html>".into())]).await;
    let got = C::call(&C::client(&url, RetryPolicy::disabled(), attempt(Duration::from_secs(5)))).await;
    assert_eq!(got, Outcome::Decode { status: 500, request_id: None });
    assert_eq!(seen.lock().unwrap().len(), 1, "retries can be turned off");
}

async fn retry_after_is_honoured_and_each_attempt_is_signed_anew<C: Case>() {
    let mut throttled = C::error(429, C::RETRYABLE_CODE);
    throttled.1.push(("retry-after", "1".into()));
    let (url, seen) = serve_sequence::<C>(vec![throttled, C::success()]).await;
    assert_eq!(C::call(&C::client(&url, quick_retries(), attempt(Duration::from_secs(5)))).await, ok());
    {
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 2);
        assert!(seen[1].at - seen[0].at >= Duration::from_secs(1), "waited as Retry-After asked");
        assert_ne!(
            seen[0].header(C::TIME_HEADER),
            seen[1].header(C::TIME_HEADER),
            "the retry carries a new signing time"
        );
    }

    // A Retry-After beyond the policy's longest wait ends the retries.
    let mut throttled = C::error(429, C::RETRYABLE_CODE);
    throttled.1.push(("retry-after", "3600".into()));
    let (url, seen) = serve_sequence::<C>(vec![throttled, C::success()]).await;
    let got = C::call(&C::client(&url, quick_retries(), attempt(Duration::from_secs(5)))).await;
    assert!(matches!(got, Outcome::Service { status: 429, .. }), "{got:?}");
    assert_eq!(seen.lock().unwrap().len(), 1);
}

async fn slow_server_times_out<C: Case>() {
    let (url, _) = serve_after(Duration::from_secs(10), |_: &Seen| C::success()).await;
    let started = Instant::now();
    let got =
        C::call(&C::client(&url, quick_retries().with_max_attempts(2), attempt(Duration::from_millis(200)))).await;
    assert_eq!(got, Outcome::Timeout);
    assert!(started.elapsed() < Duration::from_secs(10), "gave up before the server answered");

    // The operation timeout bounds the whole call, whatever the attempt timeout.
    let started = Instant::now();
    let whole = attempt(Duration::from_secs(30)).with_operation(Duration::from_millis(300));
    let got = C::call(&C::client(&url, quick_retries(), whole)).await;
    assert_eq!(got, Outcome::Timeout);
    assert!(started.elapsed() < Duration::from_secs(10));
}

async fn invalid_json_is_a_decode_error<C: Case>() {
    let mut reply = C::success();
    reply.0 = 200;
    reply.2 = "{\"Response\": {\"RequestId\": \"ok-id\", oops".into();
    let (url, seen) = serve_sequence::<C>(vec![reply]).await;
    let got = C::call(&C::client(&url, quick_retries(), attempt(Duration::from_secs(5)))).await;
    assert!(matches!(got, Outcome::Decode { status: 200, .. }), "{got:?}");
    assert_eq!(seen.lock().unwrap().len(), 1, "a 200 that cannot be decoded is not retried");
}

async fn truncated_body_is_a_transport_error<C: Case>() {
    let url = serve_raw(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{\"Response\": {\"Req",
    )
    .await;
    let got = C::call(&C::client(&url, RetryPolicy::disabled(), attempt(Duration::from_secs(5)))).await;
    assert_eq!(got, Outcome::Transport);
}

async fn many_tasks_share_one_client<C: Case>() {
    let (url, seen) = serve_sequence::<C>(vec![C::success()]).await;
    let client = C::client(&url, quick_retries(), attempt(Duration::from_secs(10)));
    let tasks: Vec<_> = (0..48)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { C::call(&client).await })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap(), ok());
    }
    assert_eq!(seen.lock().unwrap().len(), 48);
}

fn tencent_config(url: &str, policy: RetryPolicy, timeouts: Timeouts) -> tencent_live::Config {
    let credentials = tencent_live::Credentials::new(TC_ID, TC_KEY).unwrap();
    tencent_live::Config::builder(credentials).endpoint(url).retry_policy(policy).timeouts(timeouts).build().unwrap()
}

fn tencent_error(status: u16, code: &str) -> Reply {
    let body = format!(r#"{{"Response": {{"Error": {{"Code": "{code}", "Message": "m"}}, "RequestId": "err-id"}}}}"#);
    (status, vec![("content-type", "application/json".into())], body)
}

struct ResumeLiveStream;

impl Case for ResumeLiveStream {
    type Client = tencent_live::Client;
    const TIME_HEADER: &'static str = "x-tc-timestamp";
    const ERROR_STATUS: u16 = 200;
    const RETRYABLE_CODE: &'static str = "RequestLimitExceeded";
    const DOCUMENTED_CODE: &'static str = "InternalError.StreamStatusError";

    fn client(url: &str, policy: RetryPolicy, timeouts: Timeouts) -> Self::Client {
        tencent_live::Client::new(tencent_config(url, policy, timeouts))
    }
    fn call(client: &Self::Client) -> impl Future<Output = Outcome> + Send {
        let request = tencent_live::ResumeLiveStreamRequest::builder()
            .app_name("live")
            .domain_name("5000.livepush.myqcloud.com")
            .stream_name("stream1")
            .build()
            .unwrap();
        let client = client.clone();
        async move { outcome(client.resume_live_stream(&request).await) }
    }
    fn signature_problem(seen: &Seen) -> Option<String> {
        tencent_signature_problem(seen)
    }
    fn success() -> Reply {
        (200, vec![], r#"{"Response": {"RequestId": "ok-id", "FutureField": {"x": [1, 2]}}}"#.into())
    }
    fn error(status: u16, code: &str) -> Reply {
        tencent_error(status, code)
    }
}

struct DescribeLivePackageInfo;

impl Case for DescribeLivePackageInfo {
    type Client = tencent_live::Client;
    const TIME_HEADER: &'static str = "x-tc-timestamp";
    const ERROR_STATUS: u16 = 200;
    const RETRYABLE_CODE: &'static str = "RequestLimitExceeded.UinLimitExceeded";
    const DOCUMENTED_CODE: &'static str = "InternalError.DBError";

    fn client(url: &str, policy: RetryPolicy, timeouts: Timeouts) -> Self::Client {
        tencent_live::Client::new(tencent_config(url, policy, timeouts))
    }
    fn call(client: &Self::Client) -> impl Future<Output = Outcome> + Send {
        let request = tencent_live::DescribeLivePackageInfoRequest::builder().package_type(0).build().unwrap();
        let client = client.clone();
        async move { outcome(client.describe_live_package_info(&request).await) }
    }
    fn signature_problem(seen: &Seen) -> Option<String> {
        tencent_signature_problem(seen)
    }
    fn success() -> Reply {
        let body = r#"{"Response": {"RequestId": "ok-id", "LivePackageInfoList": [
            {"Id": "1", "Type": 99, "Total": 9000000000000, "Used": 1, "Left": 8999999999999,
             "BuyTime": "2024-07-16 18:46:08", "ExpireTime": "2025-07-16 18:46:08", "Status": 42,
             "WillRenew": null, "RenewalResult": 0, "NewField": true}],
            "PackageBillMode": 12345, "FluxPackageBillMode": "204,-1,-1,-1", "TotalPage": null, "TotalNum": 1,
            "PageNum": null, "PageSize": null, "NewTopLevel": [1]}}"#;
        (200, vec![], body.into())
    }
    fn error(status: u16, code: &str) -> Reply {
        tencent_error(status, code)
    }
}

struct DescribeStreamQuotaConfig;

impl Case for DescribeStreamQuotaConfig {
    type Client = volcengine_live::Client;
    const TIME_HEADER: &'static str = "x-date";
    const ERROR_STATUS: u16 = 400;
    const RETRYABLE_CODE: &'static str = "FlowLimitExceeded";
    const DOCUMENTED_CODE: &'static str = "MissingParameter";

    fn client(url: &str, policy: RetryPolicy, timeouts: Timeouts) -> Self::Client {
        let credentials = volcengine_live::Credentials::new(VOLC_AK, VOLC_SK).unwrap();
        let config =
            volcengine_live::Config::builder(credentials).endpoint(url).retry_policy(policy).timeouts(timeouts);
        volcengine_live::Client::new(config.build().unwrap())
    }
    #[allow(deprecated)] // the retired DescribeStreamQuotaConfig, on purpose
    fn call(client: &Self::Client) -> impl Future<Output = Outcome> + Send {
        let request = volcengine_live::DescribeStreamQuotaConfigRequest::builder()
            .domain("live.push.example.com")
            .build()
            .unwrap();
        let client = client.clone();
        async move { outcome(client.describe_stream_quota_config(&request).await) }
    }
    fn signature_problem(seen: &Seen) -> Option<String> {
        volcengine_signature_problem(seen)
    }
    fn success() -> Reply {
        let body = r#"{"ResponseMetadata": {"RequestId": "ok-id", "Action": "DescribeStreamQuotaConfig", "Version": "2020-08-01",
            "Service": "live", "Region": "cn-north-1", "NewMeta": 1},
            "Result": {"QuotaList": [{"Vhost": "v", "Domain": null, "NewField": "x",
                "QuotaDetailList": [{"BandwidthConfig": {"Quota": 3000000000, "QuotaUnit": "Mbps"}}]}]}}"#;
        (200, vec![], body.into())
    }
    fn error(status: u16, code: &str) -> Reply {
        let body = format!(
            r#"{{"ResponseMetadata": {{"RequestId": "err-id", "Action": "DescribeStreamQuotaConfig", "Error": {{"Code": "{code}", "CodeN": 100002, "Message": "m"}}}}}}"#
        );
        (status, vec![], body)
    }
}

struct ShowTraffic;

impl Case for ShowTraffic {
    type Client = huawei_live::Client;
    const TIME_HEADER: &'static str = "x-sdk-date";
    const ERROR_STATUS: u16 = 400;
    const RETRYABLE_CODE: &'static str = "APIG.0308";
    const DOCUMENTED_CODE: &'static str = "LIVE.100011001";

    fn client(url: &str, policy: RetryPolicy, timeouts: Timeouts) -> Self::Client {
        let credentials = huawei_live::Credentials::new(HW_AK, HW_SK).unwrap().with_project_id(HW_PROJECT);
        let config = huawei_live::Config::builder(credentials).endpoint(url).retry_policy(policy).timeouts(timeouts);
        huawei_live::Client::new(config.build().unwrap())
    }
    fn call(client: &Self::Client) -> impl Future<Output = Outcome> + Send {
        let now = unix_now();
        let request = huawei_live::ShowTrafficRequest::builder()
            .domain("play.example.huawei.com")
            .start_time(TimeFormat::IsoUtc.format(now - 3_600))
            .end_time(TimeFormat::IsoUtc.format(now))
            .step(5)
            .build()
            .unwrap();
        let client = client.clone();
        async move { outcome(client.show_traffic(&request).await) }
    }
    fn signature_problem(seen: &Seen) -> Option<String> {
        huawei_signature_problem(seen)
    }
    fn success() -> Reply {
        let body = r#"{"total": 1, "traffic_info": [{"traffic": 5000000000, "timestamp": "2018-05-19T21:10:15Z", "new": 1}], "extra": {}}"#;
        (200, vec![("x-request-id", "ok-id".into())], body.into())
    }
    fn error(status: u16, code: &str) -> Reply {
        let body = format!(r#"{{"error_code": "{code}", "error_msg": "m"}}"#);
        (status, vec![("x-request-id", "err-id".into())], body)
    }
}

macro_rules! suite {
    ($($module:ident => $case:ty),* $(,)?) => {$(
        mod $module {
            use super::*;

            #[tokio::test]
            async fn success() { super::success::<$case>().await }
            #[tokio::test]
            async fn documented_error() { super::documented_error::<$case>().await }
            #[tokio::test]
            async fn undocumented_code_is_kept() { super::undocumented_code_is_kept::<$case>().await }
            #[tokio::test]
            async fn throttled_then_success() { super::throttled_then_success::<$case>().await }
            #[tokio::test]
            async fn retryable_code_then_success() { super::retryable_code_then_success::<$case>().await }
            #[tokio::test]
            async fn server_fault_then_success() { super::server_fault_then_success::<$case>().await }
            #[tokio::test]
            async fn retries_exhausted() { super::retries_exhausted::<$case>().await }
            #[tokio::test]
            async fn retry_after_is_honoured_and_each_attempt_is_signed_anew() {
                super::retry_after_is_honoured_and_each_attempt_is_signed_anew::<$case>().await
            }
            #[tokio::test]
            async fn slow_server_times_out() { super::slow_server_times_out::<$case>().await }
            #[tokio::test]
            async fn invalid_json_is_a_decode_error() { super::invalid_json_is_a_decode_error::<$case>().await }
            #[tokio::test]
            async fn truncated_body_is_a_transport_error() { super::truncated_body_is_a_transport_error::<$case>().await }
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn many_tasks_share_one_client() { super::many_tasks_share_one_client::<$case>().await }
        }
    )*};
}

suite! {
    resume_live_stream => ResumeLiveStream,
    describe_live_package_info => DescribeLivePackageInfo,
    describe_stream_quota_config => DescribeStreamQuotaConfig,
    show_traffic => ShowTraffic,
}

/// The rich success answers decode: unknown fields and enum values kept or
/// ignored, `null` where the spec says nullable, numbers beyond `i32`.
#[tokio::test]
#[allow(deprecated)] // the retired DescribeStreamQuotaConfig, on purpose
async fn rich_answers_decode_into_the_typed_responses() {
    let (url, _) = serve_sequence::<DescribeLivePackageInfo>(vec![DescribeLivePackageInfo::success()]).await;
    let client = DescribeLivePackageInfo::client(&url, quick_retries(), attempt(Duration::from_secs(5)));
    let request = tencent_live::DescribeLivePackageInfoRequest::builder().package_type(0).build().unwrap();
    let response = client.describe_live_package_info(&request).await.unwrap();
    let info = &response.live_package_info_list[0];
    assert_eq!(info.total, 9_000_000_000_000);
    assert_eq!(info.r#type.value(), 99, "an unknown enum value is kept");
    assert_eq!(info.will_renew, None, "null where the metadata says nullable");
    assert_eq!(info.renewal_result, Some(tencent_live::RenewalResult::NotRenewed));
    assert_eq!(response.package_bill_mode.value(), 12345);
    assert_eq!((response.total_page, response.page_num, response.page_size), (None, None, None));
    // An unknown value goes back out unchanged.
    let echoed = serde_json::to_value(&response.package_bill_mode).unwrap();
    assert_eq!(echoed, serde_json::json!(12345));

    let (url, _) = serve_sequence::<DescribeStreamQuotaConfig>(vec![DescribeStreamQuotaConfig::success()]).await;
    let client = DescribeStreamQuotaConfig::client(&url, quick_retries(), attempt(Duration::from_secs(5)));
    let request = volcengine_live::DescribeStreamQuotaConfigRequest::builder().domain("d").build().unwrap();
    let response = client.describe_stream_quota_config(&request).await.unwrap();
    let quota = &response.quota_list.as_ref().unwrap()[0];
    assert_eq!(quota.domain, None);
    let bandwidth = quota.quota_detail_list.as_ref().unwrap()[0].bandwidth_config.as_ref().unwrap();
    assert_eq!(bandwidth.quota, Some(3_000_000_000));

    let (url, _) = serve_sequence::<ShowTraffic>(vec![ShowTraffic::success()]).await;
    let client = ShowTraffic::client(&url, quick_retries(), attempt(Duration::from_secs(5)));
    let request = huawei_live::ShowTrafficRequest::builder().build().unwrap();
    let response = client.show_traffic(&request).await.unwrap();
    assert_eq!(response.traffic_info.as_ref().unwrap()[0].traffic, Some(5_000_000_000));
}
