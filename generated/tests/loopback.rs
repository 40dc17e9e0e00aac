//! The generated clients against a real HTTP server on 127.0.0.1.
//!
//! The server checks what arrives (method, path, query, headers, and the
//! signature, recomputed with the SDK-vector-checked signers) and answers with
//! the documented success and error bodies.

mod common;

use axum::http::Method;
use cloud_live::runtime::rules::TimeFormat;
use cloud_live::{Error, huawei_live, tencent_live, volcengine_live};
use common::*;

#[tokio::test]
async fn tencent_resume_live_stream_succeeds() {
    let (url, seen) =
        serve(tencent_reply(r#"{"Response": {"RequestId": "8e50cdb5-56dc-408b-89b0-31818958d424"}}"#)).await;
    let request = tencent_live::ResumeLiveStreamRequest::builder()
        .app_name("live")
        .domain_name("5000.livepush.myqcloud.com")
        .stream_name("流 1")
        .build()
        .unwrap();
    let response = tencent_client(&url).resume_live_stream(&request).await.unwrap();
    assert_eq!(response.request_id(), Some("8e50cdb5-56dc-408b-89b0-31818958d424"));

    let seen = seen.lock().unwrap();
    let request = &seen[0];
    assert_eq!(request.method, Method::POST);
    assert_eq!(request.uri.path(), "/");
    assert_eq!(request.header("x-tc-action"), "ResumeLiveStream");
    assert_eq!(request.header("x-tc-version"), "2018-08-01");
    assert_eq!(request.header("x-tc-region"), "", "ResumeLiveStream takes no region");
    let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"AppName": "live", "DomainName": "5000.livepush.myqcloud.com", "StreamName": "流 1"})
    );
}

#[tokio::test]
async fn tencent_business_error_with_http_200_is_typed() {
    let (url, _) = serve(tencent_reply(
        r#"{"Response": {"Error": {"Code": "InternalError.StreamStatusError", "Message": "stream is not forbidden"}, "RequestId": "req-1"}}"#,
    ))
    .await;
    let request = any_resume_request();
    let error = tencent_client(&url).resume_live_stream(&request).await.unwrap_err();
    assert_eq!(error.request_id(), Some("req-1"));
    let Error::Service(e) = &error else { panic!("{error:?}") };
    assert!(matches!(e, tencent_live::ResumeLiveStreamError::InternalErrorStreamStatusError(_)), "{e:?}");
    assert_eq!(e.code(), "InternalError.StreamStatusError");
    assert_eq!(e.message(), "stream is not forbidden");
    assert_eq!(e.meta().http_status, 200);
    assert!(!e.is_retryable());
    assert_eq!(
        error.to_string(),
        "service error: InternalError.StreamStatusError (流状态异常。): stream is not forbidden [HTTP 200, request id req-1]"
    );
}

#[tokio::test]
async fn tencent_throttling_and_unknown_codes() {
    let (url, _) = serve(tencent_reply(
        r#"{"Response": {"Error": {"Code": "RequestLimitExceeded", "Message": "slow down"}, "RequestId": "r"}}"#,
    ))
    .await;
    let request = tencent_live::DescribeLivePackageInfoRequest::builder().package_type(0).build().unwrap();
    let Err(Error::Service(e)) = tencent_client(&url).describe_live_package_info(&request).await else { panic!() };
    assert!(
        matches!(
            e,
            tencent_live::DescribeLivePackageInfoError::Common(tencent_live::CommonError::RequestLimitExceeded(_))
        ),
        "{e:?}"
    );
    assert!(e.is_retryable(), "throttling is retryable per the service spec");
    assert_eq!(e.description(), Some("请求的次数超过了频率限制。"));

    let (url, _) = serve(tencent_reply(
        r#"{"Response": {"Error": {"Code": "FailedOperation.Brand-New", "Message": "new"}, "RequestId": "r2"}}"#,
    ))
    .await;
    let Err(Error::Service(e)) = tencent_client(&url).describe_live_package_info(&request).await else { panic!() };
    assert!(matches!(e, tencent_live::DescribeLivePackageInfoError::Unhandled(_)));
    assert_eq!(e.code(), "FailedOperation.Brand-New", "an undocumented code is kept");
    assert_eq!(e.request_id(), Some("r2"));
}

#[tokio::test]
async fn tencent_describe_live_package_info_decodes_large_numbers_and_unknown_values() {
    let body = r#"{"Response": {"RequestId": "r", "LivePackageInfoList": [
        {"Id": "1", "Type": 7, "Status": 1, "Total": 9000000000000, "Used": 1, "Left": 8999999999999,
         "BuyTime": "2024-07-16 18:46:08", "ExpireTime": "2025-07-16 18:46:08", "WillRenew": 0,
         "RenewalResult": null, "NewField": true}],
        "PackageBillMode": 999, "FluxPackageBillMode": "204,-1", "TotalPage": null, "TotalNum": 1, "PageNum": 1, "PageSize": 10}}"#;
    let (url, seen) = serve(tencent_reply(body)).await;
    let request = tencent_live::DescribeLivePackageInfoRequest::builder()
        .package_type(tencent_live::PackageType::LinkMic)
        .order_by("BuyTimeDesc")
        .page_num(1)
        .page_size(10)
        .build()
        .unwrap();
    let response = tencent_client(&url).describe_live_package_info(&request).await.unwrap();
    let info = &response.live_package_info_list[0];
    assert_eq!(info.total, 9_000_000_000_000);
    assert_eq!(info.r#type.value(), 7, "an unknown enum value is kept");
    assert_eq!(response.package_bill_mode.value(), 999);
    assert_eq!(response.total_page, None, "null where the page says nullable");
    let sent: serde_json::Value = serde_json::from_slice(&seen.lock().unwrap()[0].body).unwrap();
    assert_eq!(sent, serde_json::json!({"PackageType": 2, "OrderBy": "BuyTimeDesc", "PageNum": 1, "PageSize": 10}));
}

#[tokio::test]
async fn tencent_decode_failures_keep_status_request_id_and_a_bounded_snippet() {
    let (url, _) = serve(|_: &Seen| {
        (
            200,
            vec![],
            format!("{{\"Response\": {{\"RequestId\": \"r\", \"PackageBillMode\": \"oops\"{}", " ".repeat(2000)),
        )
    })
    .await;
    let request = tencent_live::DescribeLivePackageInfoRequest::builder().package_type(0).build().unwrap();
    let error = tencent_client(&url).describe_live_package_info(&request).await.unwrap_err();
    let Error::Decode(d) = &error else { panic!("{error:?}") };
    assert_eq!(d.http_status, 200);
    assert!(d.snippet.chars().count() <= cloud_live::runtime::error::SNIPPET_LIMIT + 1);

    let (url, _) = serve(|_: &Seen| (502, vec![], "<html>bad gateway</html>".into())).await;
    let error = tencent_client(&url).describe_live_package_info(&request).await.unwrap_err();
    let Error::Decode(d) = &error else { panic!("{error:?}") };
    assert_eq!(d.http_status, 502);
    assert_eq!(d.snippet, "<html>bad gateway</html>");
}

#[tokio::test]
async fn required_fields_and_documented_ranges_are_checked_before_sending() {
    let missing = tencent_live::ResumeLiveStreamRequest::builder().app_name("a").build().unwrap_err();
    assert_eq!(missing.field(), "DomainName");
    assert_eq!(missing.to_string(), "required field `DomainName` is not set (call `.domain_name(...)` on the builder)");

    let (url, seen) = serve(tencent_reply("{}")).await;
    let request = tencent_live::DescribeLivePackageInfoRequest::builder().package_type(0).page_size(5).build().unwrap();
    let error = tencent_client(&url).describe_live_package_info(&request).await.unwrap_err();
    let Error::InvalidInput(e) = &error else { panic!("{error:?}") };
    assert_eq!(e.field(), "PageSize");
    assert!(error.is_not_sent());
    assert!(seen.lock().unwrap().is_empty(), "nothing was sent");
}

#[tokio::test]
#[allow(deprecated)] // the retired DescribeStreamQuotaConfig, on purpose
async fn volcengine_describe_stream_quota_config_round_trip() {
    let (url, seen) = serve(|seen: &Seen| {
        if let Some(problem) = volcengine_signature_problem(seen) {
            return (401, vec![], format!(r#"{{"ResponseMetadata": {{"RequestId": "bad", "Error": {{"Code": "SignatureDoesNotMatch", "CodeN": 100010, "Message": "{problem}"}}}}}}"#));
        }
        if seen.body.as_ref() == br#"{"Domain":"missing.example.com"}"# {
            return (400, vec![], r#"{"ResponseMetadata": {"RequestId": "e1", "Error": {"Code": "MissingParameter", "CodeN": 100002, "Message": "no such domain"}}}"#.into());
        }
        (200, vec![], r#"{"ResponseMetadata": {"RequestId": "ok-1", "Action": "DescribeStreamQuotaConfig"}, "Result": {"QuotaList": [{"Vhost": "v", "Domain": "d", "QuotaDetailList": [{"StreamConfig": {"Quota": 20}}]}]}}"#.into())
    })
    .await;
    let credentials = volcengine_live::Credentials::new(VOLC_AK, VOLC_SK).unwrap();
    let client =
        volcengine_live::Client::new(volcengine_live::Config::builder(credentials).endpoint(&url).build().unwrap());
    let request =
        volcengine_live::DescribeStreamQuotaConfigRequest::builder().domain("live.push.example.com").build().unwrap();
    let response = client.describe_stream_quota_config(&request).await.unwrap();
    assert_eq!(response.request_id(), Some("ok-1"));
    let quota = &response.quota_list.as_ref().unwrap()[0];
    assert_eq!(quota.quota_detail_list.as_ref().unwrap()[0].stream_config.as_ref().unwrap().quota, Some(20));
    assert_eq!(seen.lock().unwrap()[0].uri.query(), Some("Action=DescribeStreamQuotaConfig&Version=2020-08-01"));

    let request =
        volcengine_live::DescribeStreamQuotaConfigRequest::builder().domain("missing.example.com").build().unwrap();
    let Err(Error::Service(e)) = client.describe_stream_quota_config(&request).await else { panic!() };
    assert!(
        matches!(
            e,
            volcengine_live::DescribeStreamQuotaConfigError::Common(volcengine_live::CommonError::MissingParameter(_))
        ),
        "{e:?}"
    );
    assert_eq!(e.meta().numeric_code, Some(100002));
    assert_eq!(e.request_id(), Some("e1"));
}

#[tokio::test]
async fn huawei_show_traffic_with_aksk_and_token() {
    let (url, seen) = serve(|seen: &Seen| {
        if let Some(token) = seen.headers.get("x-auth-token") {
            assert_eq!(token, "iam-token");
            return (
                400,
                vec![("x-request-id", "hw-err".into())],
                r#"{"error_code": "LIVE.100011001", "error_msg": "Request Illegal"}"#.into(),
            );
        }
        if let Some(problem) = huawei_signature_problem(seen) {
            return (401, vec![], problem);
        }
        (
            200,
            vec![("x-request-id", "hw-ok".into())],
            r#"{"total": 1, "traffic_info": [{"traffic": 5000000000, "timestamp": "2018-05-19T21:10:15Z"}]}"#.into(),
        )
    })
    .await;
    let credentials =
        huawei_live::Credentials::new(HW_AK, HW_SK).unwrap().with_project_id("0123456789abcdef0123456789abcdef");
    let client = huawei_live::Client::new(huawei_live::Config::builder(credentials).endpoint(&url).build().unwrap());
    // Within the documented "last three months" of now.
    let start = TimeFormat::IsoUtc.format(unix_now() - 86_400);
    // The project comes from the credentials, once: the request has none of its own.
    let request = huawei_live::ShowTrafficRequest::builder()
        .domain("play example.com")
        .start_time(&start)
        .step(5)
        .build()
        .unwrap();
    let response = client.show_traffic(&request).await.unwrap();
    assert_eq!(response.request_id(), Some("hw-ok"));
    assert_eq!(response.traffic_info.as_ref().unwrap()[0].traffic, Some(5_000_000_000));
    {
        let seen = seen.lock().unwrap();
        assert_eq!(seen[0].method, Method::GET);
        assert_eq!(seen[0].uri.path(), "/v1/0123456789abcdef0123456789abcdef/stream/traffic");
        let expected_query = format!("domain=play%20example.com&start_time={}&step=5", start.replace(':', "%3A"));
        assert_eq!(seen[0].uri.query(), Some(expected_query.as_str()));
    }

    // An IAM token without a project: refused before anything is sent, saying where the project goes.
    let token = huawei_live::Credentials::token("iam-token").unwrap();
    let client = huawei_live::Client::new(huawei_live::Config::builder(token.clone()).endpoint(&url).build().unwrap());
    let Err(Error::InvalidInput(e)) = client.show_traffic(&request).await else { panic!() };
    assert_eq!(e.field(), "project_id");
    assert!(e.to_string().contains("Credentials::with_project_id"), "{e}");
    assert_eq!(seen.lock().unwrap().len(), 1, "nothing was sent");

    let token = token.with_project_id("0123456789abcdef0123456789abcdef");
    let client = huawei_live::Client::new(huawei_live::Config::builder(token).endpoint(&url).build().unwrap());
    let Err(Error::Service(e)) = client.show_traffic(&request).await else { panic!() };
    assert_eq!(seen.lock().unwrap()[1].uri.path(), "/v1/0123456789abcdef0123456789abcdef/stream/traffic");
    assert!(matches!(e, huawei_live::ShowTrafficError::RequestIllegal(_)), "{e:?}");
    assert_eq!(e.request_id(), Some("hw-err"));
    assert_eq!(e.meta().http_status, 400);
}
