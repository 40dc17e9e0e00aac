//! The mock transport of the `test-util` feature, as a user's unit test meets it: each vendor's requests are
//! told apart by operation, queued answers come before standing ones, documented examples are available by name,
//! and what no answer was set for fails clearly without a retry.

#![cfg(feature = "test-util")]

use std::sync::Arc;
use std::time::Duration;

use cloud_live::runtime::TransportErrorKind;
use cloud_live::runtime::mock::{MockResponse, MockTransport};
use cloud_live::{Error, RetryPolicy, huawei_live, tencent_live, volcengine_live};

fn tencent(mock: &MockTransport, retry: RetryPolicy) -> tencent_live::Client {
    let credentials = tencent_live::Credentials::new("AKIDexample", "example-key").unwrap();
    let config =
        tencent_live::Config::builder(credentials).http_client(Arc::new(mock.clone())).retry_policy(retry).build();
    tencent_live::Client::new(config.unwrap())
}

fn resume() -> tencent_live::ResumeLiveStreamRequest {
    tencent_live::ResumeLiveStreamRequest::builder()
        .domain_name("push.example.com")
        .app_name("live")
        .stream_name("s")
        .build()
        .unwrap()
}

fn packages() -> tencent_live::DescribeLivePackageInfoRequest {
    tencent_live::DescribeLivePackageInfoRequest::builder()
        .package_type(tencent_live::PackageType::Flux)
        .build()
        .unwrap()
}

#[tokio::test]
async fn each_operation_gets_its_own_answers_queued_first_then_standing() {
    let mock = MockTransport::new();
    mock.on::<tencent_live::ResumeLiveStreamRequest>(MockResponse::json(
        200,
        r#"{"Response":{"RequestId":"standing"}}"#,
    ))
    .once::<tencent_live::ResumeLiveStreamRequest>(MockResponse::json(200, r#"{"Response":{"RequestId":"first"}}"#))
    .on::<tencent_live::DescribeLivePackageInfoRequest>(MockResponse::documented::<
        tencent_live::DescribeLivePackageInfoRequest,
    >());
    let client = tencent(&mock, RetryPolicy::disabled());
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(client.resume_live_stream(&resume()).await.unwrap().request_id().map(str::to_owned));
    }
    assert_eq!(ids, [Some("first".to_owned()), Some("standing".to_owned()), Some("standing".to_owned())]);
    let output = client.describe_live_package_info(&packages()).await.unwrap();
    assert_eq!(output.live_package_info_list.len(), 9, "the page's documented answer");
    assert_eq!(mock.requests().len(), 4);
    assert_eq!(mock.requests_of::<tencent_live::ResumeLiveStreamRequest>().len(), 3);
    assert_eq!(mock.requests_of::<tencent_live::DescribeLivePackageInfoRequest>().len(), 1);
    assert!(mock.requests()[3].header("Authorization").unwrap().starts_with("TC3-HMAC-SHA256 "), "signed as sent");
}

#[tokio::test]
async fn documented_examples_are_found_by_their_page_title() {
    type Op = tencent_live::ResumeLiveStreamRequest;
    assert!(MockResponse::documented_named::<Op>("示例1 请求示例").is_some());
    assert!(MockResponse::documented_named::<Op>("no such example").is_none());
}

#[tokio::test]
#[allow(deprecated)] // the retired DescribeStreamQuotaConfig, on purpose
async fn errors_of_each_vendor_decode_into_the_operations_variants() {
    let mock = MockTransport::new();
    mock.on::<tencent_live::ResumeLiveStreamRequest>(MockResponse::tencent_error(
        "ResourceNotFound.ForbidService",
        "no",
    ));
    let failed = tencent(&mock, RetryPolicy::disabled()).resume_live_stream(&resume()).await;
    let Err(Error::Service(tencent_live::ResumeLiveStreamError::ResourceNotFoundForbidService(meta))) = failed else {
        panic!("{failed:?}")
    };
    assert_eq!((meta.message.as_str(), meta.request_id.as_deref()), ("no", Some("mock-request-id")));

    // Volcengine requests are told apart by their `Action` query parameter.
    type Quota = volcengine_live::DescribeStreamQuotaConfigRequest;
    let mock = MockTransport::new();
    mock.once::<Quota>(MockResponse::volcengine_error(500, "InternalError", "down"))
        .once::<Quota>(MockResponse::documented_named::<Quota>("请求示例").unwrap());
    let credentials = volcengine_live::Credentials::new("AKexample", "example-secret").unwrap();
    let config = volcengine_live::Config::builder(credentials)
        .http_client(Arc::new(mock.clone()))
        .retry_policy(RetryPolicy::default().with_initial_backoff(Duration::from_millis(1)))
        .build()
        .unwrap();
    let request = Quota::builder().domain("push.example.com").build().unwrap();
    let output = volcengine_live::Client::new(config).describe_stream_quota_config(&request).await.unwrap();
    assert_eq!(output.quota_list.map(|list| list.len()), Some(1), "retried after the retryable error");
    assert_eq!(mock.requests_of::<Quota>().len(), 2);

    // Huawei requests by method and path template.
    let mock = MockTransport::new();
    mock.on::<huawei_live::ShowTrafficRequest>(MockResponse::huawei_error(400, "LIVE.100011001", "bad domain"));
    let credentials = huawei_live::Credentials::new("HWexample", "example-secret").unwrap().with_project_id("p1");
    let config = huawei_live::Config::builder(credentials)
        .region("cn-north-4")
        .http_client(Arc::new(mock.clone()))
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    let request = huawei_live::ShowTrafficRequest::builder().domain("play.example.com").build().unwrap();
    let failed = huawei_live::Client::new(config).show_traffic(&request).await;
    let Err(Error::Service(error)) = failed else { panic!("{failed:?}") };
    assert_eq!((error.code(), error.meta().http_status), ("LIVE.100011001", 400));
}

#[tokio::test]
async fn an_unanswered_request_fails_at_once_and_a_broken_connection_is_retried() {
    let mock = MockTransport::new();
    mock.on::<tencent_live::ResumeLiveStreamRequest>(MockResponse::json(200, r#"{"Response":{"RequestId":"r"}}"#));
    let client = tencent(&mock, RetryPolicy::default().with_initial_backoff(Duration::from_millis(1)));
    let failed = client.describe_live_package_info(&packages()).await;
    let Err(Error::Transport(error)) = failed else { panic!("{failed:?}") };
    assert_eq!(error.kind(), TransportErrorKind::Protocol);
    assert!(error.to_string().contains("no answer for the action DescribeLivePackageInfo"), "{error}");
    assert_eq!(mock.requests().len(), 1, "not retried");

    mock.once::<tencent_live::ResumeLiveStreamRequest>(MockResponse::broken_connection());
    client.resume_live_stream(&resume()).await.unwrap();
    assert_eq!(mock.requests_of::<tencent_live::ResumeLiveStreamRequest>().len(), 2, "one broken, one answered");
}

/// Outputs and errors built by hand, for tests of code that reads them without calling a client: each response
/// and each type only responses hold has a `builder()`, whose `build` names a required field left unset.
#[test]
fn responses_and_errors_are_built_without_a_client() {
    use cloud_live::runtime::mock::service_error;
    use tencent_live::{
        DescribeLivePackageInfoResponse, LivePackageInfo, LivePackageType, PackageBillMode, PackageStatus,
    };

    let package = LivePackageInfo::builder()
        .id("pkg-1")
        .r#type(LivePackageType::Flux)
        .status(PackageStatus::Expired)
        .total(100)
        .used(40)
        .left(60)
        .buy_time("2024-01-01 00:00:00")
        .expire_time("2025-01-01 00:00:00")
        .build()
        .unwrap();
    let response = DescribeLivePackageInfoResponse::builder()
        .live_package_info_list([package.clone()])
        .package_bill_mode(PackageBillMode::MonthlyBandwidth)
        .flux_package_bill_mode("201,201,201,201")
        .total_num(1)
        .request_id("req-1")
        .build()
        .unwrap();
    assert_eq!(response.live_package_info_list, [package]);
    assert_eq!((response.total_num, response.total_page), (Some(1), None));
    assert_eq!(response.request_id(), Some("req-1"));

    // A required field left unset is named, by its wire name.
    let missing = LivePackageInfo::builder().id("pkg-1").build().unwrap_err();
    assert_eq!(missing.field(), "Type");

    // Errors: the variant the client would decode for the code.
    let error: tencent_live::DescribeLivePackageInfoError = service_error(200, "InternalError.DBError", "db");
    assert!(matches!(error, tencent_live::DescribeLivePackageInfoError::InternalErrorDbError(_)), "{error:?}");
    let other: tencent_live::DescribeLivePackageInfoError = service_error(200, "Brand.NewCode", "?");
    assert!(matches!(other, tencent_live::DescribeLivePackageInfoError::Unhandled(_)), "{other:?}");
    let huawei: huawei_live::ShowTrafficError = service_error(400, "LIVE.100011001", "Request Illegal");
    assert_eq!(huawei.meta().http_status, 400);
}
