//! Documented constraints checked before sending, paging streams, the
//! client-side rate limiter, per-call overrides, tracing, and secrets kept out
//! of logs.

mod common;

use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cloud_live::runtime::http::{HttpRequest, HttpResponse, Timeouts};
use cloud_live::runtime::paging::MAX_PAGES;
use cloud_live::runtime::rules::TimeFormat;
use cloud_live::runtime::{PagingError, Secret, tencent};
use cloud_live::{Error, RetryPolicy, huawei_live, tencent_live, volcengine_live_v2023};
use common::*;
use futures_util::StreamExt;

const DAY: u64 = 86_400;

fn huawei_client(url: &str) -> huawei_live::Client {
    let credentials = huawei_live::Credentials::new(HW_AK, HW_SK).unwrap().with_project_id(HW_PROJECT);
    huawei_live::Client::new(huawei_live::Config::builder(credentials).endpoint(url).build().unwrap())
}

/// Calls ShowTraffic with these times; returns the refused field and rule.
async fn show_traffic_refusal(url: &str, start: Option<String>, end: Option<String>) -> Option<(String, String)> {
    let mut builder = huawei_live::ShowTrafficRequest::builder();
    if let Some(start) = start {
        builder = builder.start_time(start);
    }
    if let Some(end) = end {
        builder = builder.end_time(end);
    }
    match huawei_client(url).show_traffic(&builder.build().unwrap()).await {
        Err(Error::InvalidInput(e)) => Some((e.field().to_owned(), e.rule().to_owned())),
        Ok(_) => None,
        Err(e) => panic!("{e}"),
    }
}

#[tokio::test]
async fn show_traffic_rules_are_checked_before_sending() {
    let (url, seen) = serve(|seen: &Seen| match huawei_signature_problem(seen) {
        None => (200, vec![], "{}".into()),
        Some(problem) => (401, vec![], problem),
    })
    .await;
    let now = unix_now();
    let at = |secs: u64| Some(TimeFormat::IsoUtc.format(secs));

    // Allowed: nothing, start alone, a 30-day span inside the last 90 days.
    assert_eq!(show_traffic_refusal(&url, None, None).await, None);
    assert_eq!(show_traffic_refusal(&url, at(now - DAY), None).await, None);
    assert_eq!(show_traffic_refusal(&url, at(now - 31 * DAY), at(now - DAY)).await, None);
    assert_eq!(seen.lock().unwrap().len(), 3);

    let refused = [
        (None, at(now), "end_time", "is set but `start_time` is not: start_time不存在、end_time存在时，请求非法。"),
        (
            at(now - 40 * DAY),
            at(now - DAY),
            "end_time",
            "is more than 30 days after `start_time`: start_time和end_time的跨度不能大于30天。",
        ),
        (at(now - 91 * DAY), None, "start_time", "is more than 90 days ago: 只能查询最近三个月内的数据。"),
        (
            Some("2024-07-16 18:46:08".into()),
            None,
            "start_time",
            "must be a time in the format yyyy-MM-ddTHH:mm:ssZ (got \"2024-07-16 18:46:08\")",
        ),
        (
            at(now - DAY),
            Some("tomorrow".into()),
            "end_time",
            "must be a time in the format yyyy-MM-ddTHH:mm:ssZ (got \"tomorrow\")",
        ),
    ];
    for (start, end, field, rule) in refused {
        let got = show_traffic_refusal(&url, start.clone(), end.clone()).await;
        assert_eq!(got, Some((field.to_owned(), rule.to_owned())), "start {start:?}, end {end:?}");
    }
    assert_eq!(seen.lock().unwrap().len(), 3, "no refused request was sent");
}

#[tokio::test]
async fn describe_live_package_info_rules_are_checked_before_sending() {
    let (url, seen) = serve(tencent_reply(r#"{"Response": {"RequestId": "r", "LivePackageInfoList": [], "PackageBillMode": 0, "FluxPackageBillMode": ""}}"#)).await;
    let client = tencent_client(&url);
    let refusal = |request: tencent_live::DescribeLivePackageInfoRequest| {
        let client = client.clone();
        async move {
            match client.describe_live_package_info(&request).await {
                Err(Error::InvalidInput(e)) => Some(e.to_string()),
                Ok(_) => None,
                Err(e) => panic!("{e}"),
            }
        }
    };
    let builder =
        || tencent_live::DescribeLivePackageInfoRequest::builder().package_type(tencent_live::PackageType::LinkMic);
    assert_eq!(refusal(builder().order_by("BuyTimeDesc").page_num(1).page_size(10).build().unwrap()).await, None);
    assert_eq!(
        refusal(builder().page_num(2).build().unwrap()).await.as_deref(),
        Some("parameter `PageSize`: is not set while `PageNum` is: PageNum 和 PageSize 同时传递才会生效。")
    );
    assert_eq!(
        refusal(builder().order_by(tencent_live::OrderBy::ExpireTimeDesc).build().unwrap()).await.as_deref(),
        Some(
            "parameter `OrderBy`: must not be `ExpireTimeDesc` or `ExpireTimeAsc` while `PackageType` is `2`: PackageType 为 2（连麦包）的时候，不支持 3、4 排序。"
        )
    );
    assert_eq!(
        refusal(builder().page_num(1).page_size(101).build().unwrap()).await.as_deref(),
        Some("parameter `PageSize`: must be between 10 and 100 (got 101)")
    );
    // The same order is fine for another package type.
    let other = tencent_live::DescribeLivePackageInfoRequest::builder()
        .package_type(0)
        .order_by("ExpireTimeAsc")
        .build()
        .unwrap();
    assert_eq!(refusal(other).await, None);
    assert_eq!(seen.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn lengths_the_page_states_are_checked_before_sending() {
    let (url, seen) = serve(tencent_reply(r#"{"Response": {"RequestId": "r", "WatermarkId": 1}}"#)).await;
    let client = tencent_client(&url);
    let request = |name: &str| {
        tencent_live::AddLiveWatermarkRequest::builder()
            .picture_url("https://example.com/logo.png")
            .watermark_name(name)
    };
    // "最长30字节": ten Chinese characters are thirty bytes in UTF-8, eleven are too many.
    client.add_live_watermark(&request(&"水".repeat(10)).build().unwrap()).await.unwrap();
    match client.add_live_watermark(&request(&"水".repeat(11)).build().unwrap()).await {
        Err(Error::InvalidInput(e)) => {
            assert_eq!(e.to_string(), "parameter `WatermarkName`: must be at most 30 bytes long in UTF-8 (got 33)")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(seen.lock().unwrap().len(), 1, "the refused request was not sent");
}

#[tokio::test]
async fn a_period_must_end_after_it_starts() {
    let (url, seen) = serve(tencent_reply(r#"{"Response": {"RequestId": "r", "TaskId": "t"}}"#)).await;
    let client = tencent_client(&url);
    let task = |start: &str, end: &str| {
        tencent_live::CreateLivePullStreamTaskRequest::builder()
            .source_type("PullLivePushLive")
            .source_urls(["rtmp://example.com/live/a"])
            .domain_name("push.example.com")
            .app_name("live")
            .stream_name("a")
            .start_time(start)
            .end_time(end)
            .operator("admin")
            .build()
            .unwrap()
    };
    client.create_live_pull_stream_task(&task("2030-01-01T08:00:00Z", "2030-01-02T08:00:00Z")).await.unwrap();
    // ISO 8601 with an offset: 16:00 at +08:00 is 08:00 UTC, a second before the end.
    client.create_live_pull_stream_task(&task("2030-01-01T16:00:00+08:00", "2030-01-01T08:00:01Z")).await.unwrap();
    // "结束时间必须大于开始时间": an end at the start is refused before sending.
    match client.create_live_pull_stream_task(&task("2030-01-01T08:00:00Z", "2030-01-01T08:00:00Z")).await {
        Err(Error::InvalidInput(e)) => {
            assert_eq!(e.to_string(), "parameter `EndTime`: is not later than `StartTime`: 结束时间必须大于开始时间。")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(seen.lock().unwrap().len(), 2, "the refused request was not sent");
}

/// A DescribeLivePackageInfo answer for page `page` of `total`, with `per_page` items.
fn package_page(page: i64, total: Option<i64>, per_page: usize) -> String {
    let items: Vec<serde_json::Value> = (0..per_page)
        .map(|i| {
            serde_json::json!({
                "Id": format!("p{page}-{i}"), "Type": 0, "Status": 1, "Total": 1, "Used": 0, "Left": 1,
                "BuyTime": "2024-07-16 18:46:08", "ExpireTime": "2025-07-16 18:46:08", "WillRenew": null,
                "RenewalResult": 0
            })
        })
        .collect();
    serde_json::json!({"Response": {
        "RequestId": format!("page-{page}"), "LivePackageInfoList": items, "PackageBillMode": 0,
        "FluxPackageBillMode": "", "TotalPage": total, "PageNum": page, "PageSize": per_page
    }})
    .to_string()
}

/// Serves DescribeLivePackageInfo pages from `answer(page)`, recording (PageNum, PageSize).
async fn serve_pages(answer: impl Fn(i64) -> (u16, String) + Send + Sync + 'static) -> (String, Arc<Mutex<Vec<Seen>>>) {
    serve(move |seen: &Seen| {
        if let Some(problem) = tencent_signature_problem(seen) {
            return (401, vec![], problem);
        }
        let body: serde_json::Value = serde_json::from_slice(&seen.body).unwrap();
        let (status, body) = answer(body["PageNum"].as_i64().unwrap_or(1));
        (status, vec![], body)
    })
    .await
}

fn pages_asked(seen: &Mutex<Vec<Seen>>) -> Vec<(i64, i64)> {
    seen.lock()
        .unwrap()
        .iter()
        .map(|s| {
            let body: serde_json::Value = serde_json::from_slice(&s.body).unwrap();
            (body["PageNum"].as_i64().unwrap(), body["PageSize"].as_i64().unwrap())
        })
        .collect()
}

/// Serves `answer(request body)` for a Tencent action, recording the bodies.
async fn serve_bodies(
    answer: impl Fn(&serde_json::Value) -> String + Send + Sync + 'static,
) -> (String, Arc<Mutex<Vec<Seen>>>) {
    serve(move |seen: &Seen| {
        if let Some(problem) = tencent_signature_problem(seen) {
            return (401, vec![], problem);
        }
        let body: serde_json::Value = serde_json::from_slice(&seen.body).unwrap();
        (200, vec![], answer(&body))
    })
    .await
}

fn bodies(seen: &Mutex<Vec<Seen>>, keys: [&str; 2]) -> Vec<(i64, i64)> {
    let seen = seen.lock().unwrap();
    seen.iter()
        .map(|s| {
            let body: serde_json::Value = serde_json::from_slice(&s.body).unwrap();
            (body[keys[0]].as_i64().unwrap(), body[keys[1]].as_i64().unwrap())
        })
        .collect()
}

/// Offset paging (`Offset`, `Limit`) stops at the item total the service reports.
#[tokio::test]
async fn offset_pages_advance_by_the_items_received_until_the_total() {
    // 5 keywords in all, served at most 2 at a time.
    let (url, seen) = serve_bodies(|body| {
        let (offset, limit) = (body["Offset"].as_u64().unwrap(), body["Limit"].as_u64().unwrap());
        let infos: Vec<serde_json::Value> = (offset..(offset + limit).min(5))
            .map(|i| serde_json::json!({"KeywordId": format!("k{i}"), "Content": "c", "Label": "l", "CreateTime": "t"}))
            .collect();
        serde_json::json!({"Response": {"RequestId": "r", "Total": 5, "Infos": infos}}).to_string()
    })
    .await;
    let request = tencent_live::DescribeAuditKeywordsRequest::builder()
        .offset(0)
        .limit(2)
        .lib_id("lib")
        .content("c")
        .build()
        .unwrap();
    let ids: Vec<String> = tencent_client(&url)
        .describe_audit_keywords_pages(request)
        .items()
        .map(|item| item.unwrap().keyword_id)
        .collect()
        .await;
    assert_eq!(ids, ["k0", "k1", "k2", "k3", "k4"]);
    assert_eq!(bodies(&seen, ["Offset", "Limit"]), [(0, 2), (2, 2), (4, 2)], "the third page reaches the total");

    // A request's own offset is where the stream starts.
    seen.lock().unwrap().clear();
    let request = tencent_live::DescribeAuditKeywordsRequest::builder()
        .offset(3)
        .limit(2)
        .lib_id("lib")
        .content("c")
        .build()
        .unwrap();
    let pages: Vec<_> = tencent_client(&url).describe_audit_keywords_pages(request).collect().await;
    assert_eq!(pages.len(), 1);
    assert_eq!(bodies(&seen, ["Offset", "Limit"]), [(3, 2)]);
}

/// Page-index paging (Huawei's `page`, counted from 0) asks for pages 0, 1, 2… and stops at the item total.
#[tokio::test]
async fn page_index_paging_counts_from_zero_until_the_total() {
    // 5 blocked streams in all, served `size` at a time; the signature is checked on every page.
    let (url, seen) = serve(|seen| {
        if let Some(problem) = huawei_signature_problem(seen) {
            return (401, Vec::new(), problem);
        }
        let query = seen.uri.query().unwrap_or("");
        let number = |key: &str| {
            query.split('&').find_map(|pair| pair.strip_prefix(key)?.strip_prefix('=')?.parse::<u64>().ok())
        };
        let (page, size) = (number("page").unwrap(), number("size").unwrap());
        let blocks: Vec<serde_json::Value> = (page * size..((page + 1) * size).min(5))
            .map(|i| serde_json::json!({"app_name": "live", "stream_name": format!("s{i}")}))
            .collect();
        (200, Vec::new(), serde_json::json!({"total": 5, "blocks": blocks}).to_string())
    })
    .await;
    let request =
        huawei_live::ListStreamForbiddenRequest::builder().domain("push.example.com").size(2).build().unwrap();
    let names: Vec<String> = huawei_client(&url)
        .list_stream_forbidden_pages(request)
        .items()
        .map(|item| item.unwrap().stream_name)
        .collect()
        .await;
    assert_eq!(names, ["s0", "s1", "s2", "s3", "s4"]);
    let asked: Vec<String> = seen.lock().unwrap().iter().map(|s| s.uri.query().unwrap_or("").to_owned()).collect();
    assert_eq!(asked.len(), 3, "the third page (index 2) reaches the total: {asked:?}");
    assert!(asked[0].contains("page=0") && asked[2].contains("page=2"), "{asked:?}");
}

/// A total inside a struct of the answer (Volcengine's `Pagination.PageTotal`) ends the stream: a GET action's
/// `Page` and `Size` travel in the signed query, pages 1, 2, 3 of 6 tasks; the last page is full, so only the
/// total stops a fourth request.
#[tokio::test]
async fn a_total_inside_the_answer_ends_the_pages() {
    let (url, seen) = serve(|seen| {
        if let Some(problem) = volcengine_signature_problem(seen) {
            return (401, Vec::new(), problem);
        }
        let query = seen.uri.query().unwrap_or("");
        let number = |key: &str| {
            query.split('&').find_map(|pair| pair.strip_prefix(key)?.strip_prefix('=')?.parse::<u64>().ok())
        };
        let (page, size) = (number("Page").unwrap(), number("Size").unwrap());
        let tasks: Vec<serde_json::Value> =
            ((page - 1) * size..(page * size).min(6)).map(|i| serde_json::json!({"TaskId": format!("t{i}")})).collect();
        let body = serde_json::json!({
            "ResponseMetadata": {"RequestId": format!("r{page}")},
            "Result": {"List": tasks, "Pagination": {"PageCur": page, "PageSize": size, "PageTotal": 3, "TotalCount": 6}},
        });
        (200, Vec::new(), body.to_string())
    })
    .await;
    let credentials = volcengine_live_v2023::Credentials::new(VOLC_AK, VOLC_SK).unwrap();
    let client = volcengine_live_v2023::Client::new(
        volcengine_live_v2023::Config::builder(credentials).endpoint(&url).build().unwrap(),
    );
    let request = volcengine_live_v2023::ListPullToPushTaskRequest::builder().size(2).build().unwrap();
    let ids: Vec<String> = client
        .list_pull_to_push_task_pages(request)
        .items()
        .map(|item| item.unwrap().task_id.unwrap_or_default())
        .collect()
        .await;
    assert_eq!(ids, ["t0", "t1", "t2", "t3", "t4", "t5"]);
    let asked: Vec<String> = seen.lock().unwrap().iter().map(|s| s.uri.query().unwrap_or("").to_owned()).collect();
    assert_eq!(asked.len(), 3, "the third page is the last of PageTotal: {asked:?}");
    assert!(asked.iter().all(|q| q.contains("Action=ListPullToPushTask")), "{asked:?}");
}

/// Without a reported total, a page with fewer items than asked for is the last.
#[tokio::test]
async fn without_a_total_a_short_page_is_the_last() {
    let (url, seen) = serve_bodies(|body| {
        let page = body["PageNum"].as_u64().unwrap();
        let count = if page < 3 { 2 } else { 1 };
        let templates: Vec<serde_json::Value> =
            (0..count).map(|i| serde_json::json!({"TemplateId": page * 10 + i})).collect();
        serde_json::json!({"Response": {"RequestId": "r", "AuditTemplates": templates}}).to_string()
    })
    .await;
    let request = tencent_live::DescribeAuditTemplatesRequest::builder().page_size(2).build().unwrap();
    let ids: Vec<Option<i64>> = tencent_client(&url)
        .describe_audit_templates_pages(request)
        .items()
        .map(|item| item.unwrap().template_id)
        .collect()
        .await;
    assert_eq!(ids, [Some(10), Some(11), Some(20), Some(21), Some(30)]);
    assert_eq!(bodies(&seen, ["PageNum", "PageSize"]), [(1, 2), (2, 2), (3, 2)]);

    // Without a page size (none documented, none set), one page is all the stream can know of.
    seen.lock().unwrap().clear();
    let request = tencent_live::DescribeAuditTemplatesRequest::builder().build().unwrap();
    let pages: Vec<_> = tencent_client(&url).describe_audit_templates_pages(request).collect().await;
    assert_eq!(pages.len(), 1);
}

#[tokio::test]
async fn pages_are_fetched_lazily_until_the_last_page() {
    let (url, seen) = serve_pages(|page| (200, package_page(page, Some(3), 2))).await;
    let client = tencent_client(&url);
    let request = tencent_live::DescribeLivePackageInfoRequest::builder().package_type(0).build().unwrap();

    let mut pages = client.describe_live_package_info_pages(request.clone());
    let first = pages.next().await.unwrap().unwrap();
    assert_eq!(first.request_id(), Some("page-1"));
    assert_eq!(pages_asked(&seen), [(1, 100)], "one page fetched per poll; the documented maximum page size");
    drop(pages);

    let ids: Vec<String> =
        client.describe_live_package_info_pages(request).items().map(|item| item.unwrap().id).collect().await;
    assert_eq!(ids, ["p1-0", "p1-1", "p2-0", "p2-1", "p3-0", "p3-1"]);
    assert_eq!(pages_asked(&seen)[1..], [(1, 100), (2, 100), (3, 100)]);

    // A request's own page and size are where the stream starts.
    seen.lock().unwrap().clear();
    let request = tencent_live::DescribeLivePackageInfoRequest::builder()
        .package_type(0)
        .page_num(2)
        .page_size(10)
        .build()
        .unwrap();
    let pages: Vec<_> = client.describe_live_package_info_pages(request).collect().await;
    assert_eq!(pages.len(), 2);
    assert_eq!(pages_asked(&seen), [(2, 10), (3, 10)]);
}

#[tokio::test]
async fn paging_stops_on_empty_pages_missing_counts_and_errors() {
    let request = tencent_live::DescribeLivePackageInfoRequest::builder().package_type(0).build().unwrap();

    let (url, seen) = serve_pages(|page| (200, package_page(page, Some(50), if page < 3 { 2 } else { 0 }))).await;
    let pages: Vec<_> = tencent_client(&url).describe_live_package_info_pages(request.clone()).collect().await;
    assert_eq!(pages.len(), 3, "the empty third page ends the stream although 50 were announced");
    assert_eq!(seen.lock().unwrap().len(), 3);

    let (url, seen) = serve_pages(|page| (200, package_page(page, None, 2))).await;
    let pages: Vec<_> = tencent_client(&url).describe_live_package_info_pages(request.clone()).collect().await;
    assert_eq!(pages.len(), 1, "no page count: no guessing");
    assert_eq!(seen.lock().unwrap().len(), 1);

    let (url, seen) = serve_pages(|page| {
        if page == 2 {
            (
                200,
                r#"{"Response": {"Error": {"Code": "InternalError.DBError", "Message": "db"}, "RequestId": "e"}}"#
                    .into(),
            )
        } else {
            (200, package_page(page, Some(4), 2))
        }
    })
    .await;
    let items: Vec<_> = tencent_client(&url).describe_live_package_info_pages(request).items().collect().await;
    assert_eq!(items.len(), 3, "two items, then the error, then nothing");
    assert!(items[..2].iter().all(Result::is_ok));
    let Err(Error::Service(e)) = &items[2] else { panic!("{:?}", items[2]) };
    assert_eq!(e.code(), "InternalError.DBError");
    assert_eq!(seen.lock().unwrap().len(), 2);
}

fn tencent_in_process(
    http: Arc<InProcess>,
    configure: impl FnOnce(tencent_live::ConfigBuilder) -> tencent_live::ConfigBuilder,
) -> tencent_live::Client {
    let credentials = tencent_live::Credentials::new(TC_ID, TC_KEY).unwrap();
    let builder = tencent_live::Config::builder(credentials).http_client(http);
    tencent_live::Client::new(configure(builder).build().unwrap())
}

/// The pages of a stream over `http`'s answers, and how it ended: `None`
/// after the last page, else the error it ended with.
async fn page_through(http: Arc<InProcess>) -> (u32, Option<Error<tencent_live::DescribeLivePackageInfoError>>) {
    let client = tencent_in_process(http, |b| b);
    let request = tencent_live::DescribeLivePackageInfoRequest::builder().package_type(0).build().unwrap();
    let mut pages = client.describe_live_package_info_pages(request);
    let mut fetched = 0;
    while let Some(page) = pages.next().await {
        match page {
            Ok(_) => fetched += 1,
            Err(e) => {
                assert!(pages.next().await.is_none(), "the error is the last item");
                return (fetched, Some(e));
            }
        }
    }
    (fetched, None)
}

/// Answers page `PageNum` of `pages(PageNum)` pages, one item each.
fn paging_server(pages: impl Fn(i64) -> i64 + Send + Sync + 'static) -> Arc<InProcess> {
    InProcess::new(move |request| {
        let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
        let page = body["PageNum"].as_i64().unwrap();
        HttpResponse { status: 200, headers: Vec::new(), body: package_page(page, Some(pages(page)), 1).into_bytes() }
    })
}

#[tokio::test]
async fn a_stream_that_cannot_finish_ends_with_an_error_not_as_if_complete() {
    // Every page says there is one more: the total more than doubles by page 4.
    let http = paging_server(|page| page + 1);
    let (pages, error) = page_through(http.clone()).await;
    assert_eq!(pages, 4);
    assert!(matches!(error, Some(Error::Paging(PagingError::GrowingTotal { first: 2, now: 5 }))), "{error:?}");
    assert_eq!(http.calls.load(Ordering::SeqCst), 4);

    // A total too large to page through: the page cap, reported.
    let http = paging_server(|_| 1_000_000);
    let (pages, error) = page_through(http.clone()).await;
    assert_eq!(pages, MAX_PAGES);
    assert!(matches!(error, Some(Error::Paging(PagingError::TooManyPages { pages: MAX_PAGES }))), "{error:?}");
    assert_eq!(http.calls.load(Ordering::SeqCst), MAX_PAGES as usize);

    // A server that ignores the page number: the repeat is caught on the second page and not yielded.
    let http = InProcess::new(|_| HttpResponse {
        status: 200,
        headers: Vec::new(),
        body: package_page(1, Some(5), 1).into_bytes(),
    });
    let (pages, error) = page_through(http.clone()).await;
    assert_eq!(pages, 1);
    assert!(matches!(error, Some(Error::Paging(PagingError::RepeatedPage { page: 2 }))), "{error:?}");
    assert_eq!(http.calls.load(Ordering::SeqCst), 2);
    let shown = error.unwrap().to_string();
    assert!(shown.contains("page 2 repeats"), "{shown}");

    // A list that grows a little while it is paged is paged to its end.
    let http = paging_server(|page| 3 + page / 2);
    let (pages, error) = page_through(http).await;
    assert!(pages == 5 && error.is_none(), "{pages} pages, then {error:?}");
}

fn resume_request() -> tencent_live::ResumeLiveStreamRequest {
    tencent_live::ResumeLiveStreamRequest::builder().app_name("live").domain_name("d").stream_name("s").build().unwrap()
}

fn resumed(_: &HttpRequest) -> HttpResponse {
    HttpResponse { status: 200, headers: Vec::new(), body: br#"{"Response": {"RequestId": "r"}}"#.to_vec() }
}

#[tokio::test(start_paused = true)]
async fn the_opt_in_limiter_keeps_to_the_documented_rate() {
    // ResumeLiveStream: 100 requests per second, documented.
    let http = InProcess::new(resumed);
    let limited = tencent_in_process(http.clone(), |b| b.enforce_rate_limits(true));
    let start = tokio::time::Instant::now();
    let calls: Vec<_> = (0..150)
        .map(|_| {
            let client = limited.clone();
            tokio::spawn(async move { client.resume_live_stream(&resume_request()).await.map(|_| ()) })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    // A burst of 100, then one every 10 ms: the 150th leaves after 500 ms.
    assert_eq!(start.elapsed(), Duration::from_millis(500));
    assert_eq!(http.calls.load(Ordering::SeqCst), 150);

    let unlimited = tencent_in_process(InProcess::new(resumed), |b| b);
    let start = tokio::time::Instant::now();
    for _ in 0..150 {
        unlimited.resume_live_stream(&resume_request()).await.unwrap();
    }
    assert_eq!(start.elapsed(), Duration::ZERO, "off by default");
}

#[tokio::test]
async fn per_call_overrides_leave_the_client_unchanged() {
    let (url, seen) = serve(|_: &Seen| (500, vec![], "<html>500</html>".into())).await;
    let credentials = tencent_live::Credentials::new(TC_ID, TC_KEY).unwrap();
    let policy = RetryPolicy::default().with_initial_backoff(Duration::from_millis(5));
    let config = tencent_live::Config::builder(credentials).endpoint(&url).retry_policy(policy).build().unwrap();
    let client = tencent_live::Client::new(config);

    let once = client.with_retry_policy(RetryPolicy::disabled());
    assert!(matches!(once.resume_live_stream(&resume_request()).await, Err(Error::Decode(_))));
    assert_eq!(seen.lock().unwrap().len(), 1);
    assert!(matches!(client.resume_live_stream(&resume_request()).await, Err(Error::Decode(_))));
    assert_eq!(seen.lock().unwrap().len(), 4, "the original client still retries");

    let (slow, _) = serve_after(Duration::from_secs(10), |_: &Seen| (200, vec![], "{}".into())).await;
    let credentials = tencent_live::Credentials::new(TC_ID, TC_KEY).unwrap();
    let timeouts = Timeouts::default().with_attempt(Duration::from_secs(30));
    let config = tencent_live::Config::builder(credentials)
        .endpoint(&slow)
        .timeouts(timeouts)
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    let client = tencent_live::Client::new(config);
    let started = std::time::Instant::now();
    let error = client
        .with_timeouts(timeouts.with_attempt(Duration::from_millis(100)))
        .resume_live_stream(&resume_request())
        .await
        .unwrap_err();
    let Error::Timeout(timeout) = error else { panic!("{error:?}") };
    assert_eq!(timeout.after, Duration::from_millis(100));
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn with_credentials_signs_with_the_new_keys_over_the_same_transport() {
    let sent = Arc::new(Mutex::new(Vec::new()));
    let log = sent.clone();
    let http = InProcess::new(move |request| {
        let header = |name| request.header(name).unwrap_or("-").to_owned();
        // The signature the request should carry if it was signed with the rotated secret.
        let input = tencent::SigningInput {
            method: "POST",
            host: request.header("Host").unwrap(),
            query: "",
            content_type: "application/json",
            payload: &request.body,
            service: "live",
            timestamp: header("X-TC-Timestamp").parse().unwrap(),
        };
        let rotated = tencent::sign(&input, "AKIDrotatedTestId", &Secret::new("rotated-test-key")).authorization;
        log.lock().unwrap().push((header("Authorization"), header("X-TC-Token"), rotated));
        HttpResponse { status: 200, headers: Vec::new(), body: br#"{"Response": {"RequestId": "r"}}"#.to_vec() }
    });
    let original = tencent_in_process(http.clone(), |b| b);
    let rotated = original.with_credentials(
        tencent_live::Credentials::new("AKIDrotatedTestId", "rotated-test-key").unwrap().with_session_token("token-2"),
    );
    rotated.resume_live_stream(&resume_request()).await.unwrap();
    original.resume_live_stream(&resume_request()).await.unwrap();

    let sent = sent.lock().unwrap();
    assert_eq!(sent[0].0, sent[0].2, "not signed with the rotated secret");
    assert_eq!(sent[0].1, "token-2");
    // The original client is unchanged.
    assert!(sent[1].0.contains(&format!("Credential={TC_ID}/")), "{:?}", sent[1]);
    assert_ne!(sent[1].0, sent[1].2);
    assert_eq!(sent[1].1, "-");
    // Both went through the one transport.
    assert_eq!(http.calls.load(Ordering::SeqCst), 2);
}

#[test]
fn list_setters_take_any_iterable_of_what_converts_into_their_items() {
    use tencent_live::DescribeLiveEnhanceInfoListRequest as Request;
    let builder = || Request::builder().start_time("2024-05-01T00:00:00+08:00").end_time("2024-05-02T00:00:00+08:00");
    let from_strs = builder().r#type(["a", "b"]).build().unwrap();
    let from_strings = builder().r#type(vec!["a".to_owned(), "b".to_owned()]).build().unwrap();
    let from_iterator = builder().r#type(["a", "b"].iter().copied()).build().unwrap();
    assert_eq!(from_strs.r#type.as_deref(), Some(&["a".to_owned(), "b".to_owned()][..]));
    assert_eq!((from_strs == from_strings, from_strs == from_iterator), (true, true));
    // Numbers take plain literals of the list's own type.
    let labels = tencent_live::DescribeAuditKeywordsRequest::builder()
        .offset(0)
        .limit(10)
        .lib_id("lib")
        .content("c")
        .labels([1, 2])
        .build()
        .unwrap();
    assert_eq!(labels.labels, Some(vec![1i64, 2]));
}

/// A field the spec marks `sensitive` (an auth key) shows as `<redacted>` in the
/// `Debug` of every type that holds it: the request, its builder, the decoded
/// answer and the type inside it.
#[test]
fn secret_fields_never_show_in_debug() {
    const KEY: &str = "debug-test-auth-key";
    const BACK: &str = "debug-test-back-key";
    let builder = tencent_live::ModifyLivePlayAuthKeyRequest::builder()
        .domain_name("play.example.com")
        .auth_key(KEY)
        .auth_back_key(BACK);
    let request = builder.clone().build().unwrap();
    assert_eq!(request.auth_key.as_deref(), Some(KEY), "the value itself is kept");
    let body = format!(
        r#"{{"Response": {{"PlayAuthKeyInfo": {{"DomainName": "play.example.com", "Enable": 1, "AuthKey": "{KEY}",
           "AuthDelta": 3600, "AuthBackKey": "{BACK}"}}, "RequestId": "r"}}}}"#
    );
    let answer = HttpResponse { status: 200, headers: Vec::new(), body: body.into_bytes() };
    let output = tencent::decode::<tencent_live::DescribeLivePlayAuthKeyRequest>(&answer).unwrap();
    let shown = format!("{builder:?} {request:?} {output:?}");
    assert!(!shown.contains(KEY) && !shown.contains(BACK), "{shown}");
    assert_eq!(shown.matches("<redacted>").count(), 6, "{shown}");
    assert!(shown.contains("play.example.com"), "the other fields still show: {shown}");
}
