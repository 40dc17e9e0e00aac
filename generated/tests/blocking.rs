//! The blocking clients of the `blocking` feature: synchronous calls and paging iterators, from plain threads,
//! answered by the mock transport; and the documented panic inside an async runtime.

#![cfg(all(feature = "blocking", feature = "test-util"))]

use std::sync::Arc;

use cloud_live::runtime::mock::{MockResponse, MockTransport};
use cloud_live::tencent_live::{
    BlockingClient, Client, Config, Credentials, DescribeLivePackageInfoRequest, PackageType, ResumeLiveStreamError,
    ResumeLiveStreamRequest,
};
use cloud_live::{Error, RetryPolicy};

fn client(mock: &MockTransport) -> BlockingClient {
    let credentials = Credentials::new("AKIDexample", "example-key").unwrap();
    let config = Config::builder(credentials)
        .http_client(Arc::new(mock.clone()))
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    BlockingClient::new(config).unwrap()
}

fn resume(stream: &str) -> ResumeLiveStreamRequest {
    ResumeLiveStreamRequest::builder()
        .domain_name("push.example.com")
        .app_name("live")
        .stream_name(stream)
        .build()
        .unwrap()
}

#[test]
fn calls_run_to_their_end_with_the_async_clients_outputs_and_errors() {
    let mock = MockTransport::new();
    mock.once::<ResumeLiveStreamRequest>(MockResponse::documented::<ResumeLiveStreamRequest>())
        .once::<ResumeLiveStreamRequest>(MockResponse::tencent_error("ResourceNotFound.ForbidService", "no"));
    let client = client(&mock);
    let output = client.resume_live_stream(&resume("a")).unwrap();
    assert_eq!(output.request_id(), Some("8e50cdb5-56dc-408b-89b0-31818958d424"));
    let failed = client.resume_live_stream(&resume("b"));
    assert!(
        matches!(failed, Err(Error::Service(ResumeLiveStreamError::ResourceNotFoundForbidService(_)))),
        "{failed:?}"
    );
    assert_eq!(mock.requests().len(), 2);
}

#[test]
fn paging_is_an_iterator_of_pages_or_of_items() {
    let mock = MockTransport::new();
    mock.on::<DescribeLivePackageInfoRequest>(MockResponse::documented::<DescribeLivePackageInfoRequest>());
    let client = client(&mock);
    let request = DescribeLivePackageInfoRequest::builder().package_type(PackageType::Flux).build().unwrap();
    let pages: Vec<_> = client.describe_live_package_info_pages(request.clone()).collect::<Result<_, _>>().unwrap();
    assert_eq!(pages.len(), 1, "the documented answer's TotalPage is 1");
    let items: Vec<_> = client.describe_live_package_info_pages(request).items().collect::<Result<_, _>>().unwrap();
    assert_eq!(items.len(), 9);
    assert_eq!(items[0].id, "281975");
}

#[test]
fn clones_on_several_threads_share_one_runtime() {
    let mock = MockTransport::new();
    mock.on::<ResumeLiveStreamRequest>(MockResponse::documented::<ResumeLiveStreamRequest>());
    let client = client(&mock);
    let threads: Vec<_> = (0..4)
        .map(|i| {
            let client = client.clone();
            std::thread::spawn(move || {
                for j in 0..10 {
                    client.resume_live_stream(&resume(&format!("s{i}-{j}"))).unwrap();
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    assert_eq!(mock.requests().len(), 40);
}

#[test]
fn a_blocking_client_wraps_an_async_client_with_its_options() {
    let mock = MockTransport::new();
    mock.on::<ResumeLiveStreamRequest>(MockResponse::broken_connection());
    let credentials = Credentials::new("AKIDexample", "example-key").unwrap();
    let config = Config::builder(credentials).http_client(Arc::new(mock.clone())).build().unwrap();
    let retrying = Client::new(config).with_retry_policy(
        RetryPolicy::default().with_max_attempts(2).with_initial_backoff(std::time::Duration::from_millis(1)),
    );
    let client = BlockingClient::from_async(retrying).unwrap();
    let failed = client.resume_live_stream(&resume("a"));
    assert!(matches!(failed, Err(Error::Transport(_))), "{failed:?}");
    assert_eq!(mock.requests().len(), 2, "the async client's retry policy applies");
    // The async client stays at hand for async code.
    let _: &Client = client.as_async();
}

#[tokio::test]
#[should_panic(expected = "Cannot start a runtime from within a runtime")]
async fn inside_an_async_runtime_a_blocking_call_panics_as_documented() {
    let mock = MockTransport::new();
    mock.on::<ResumeLiveStreamRequest>(MockResponse::documented::<ResumeLiveStreamRequest>());
    let _ = client(&mock).resume_live_stream(&resume("a"));
}
