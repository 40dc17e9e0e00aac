//! What decoding a hostile answer may allocate, measured: a body of empty
//! objects, each of which becomes a struct many times its size, is refused
//! once it goes beyond the client's `DecodeLimits`, with memory in proportion
//! to the body and the limit rather than to the body times the struct size.
//! Alone in its test binary: it counts every allocation of the process.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use cloud_live::runtime::{DecodeLimits, Limit};
use cloud_live::{Error, RetryPolicy, huawei_live};
use common::*;

/// The system allocator, counting the bytes in use and their peak.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed to the system allocator unchanged; the
// counters are only read by the test.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is `System`'s.
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            let now = IN_USE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(pointer, layout) };
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// An HTTP answer of `count` empty objects in ShowTraffic's list, which
/// decode into `TrafficInfo`s of 40 bytes each (3 bytes on the wire).
fn flood(count: usize) -> &'static [u8] {
    let mut body = b"{\"total\": 1, \"traffic_info\": [".to_vec();
    for i in 0..count {
        body.extend_from_slice(if i == 0 { b"{}" } else { b",{}" });
    }
    body.extend_from_slice(b"]}");
    let mut raw =
        format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n", body.len())
            .into_bytes();
    raw.extend_from_slice(&body);
    Box::leak(raw.into_boxed_slice())
}

/// Calls ShowTraffic against `raw` within `limits`; returns the result and
/// the most memory in use during the call beyond what was in use before.
async fn call(
    raw: &'static [u8],
    limits: DecodeLimits,
) -> (Result<usize, Error<huawei_live::ShowTrafficError>>, usize) {
    let url = serve_raw(raw).await;
    let credentials = huawei_live::Credentials::new(HW_AK, HW_SK).unwrap().with_project_id(HW_PROJECT);
    let config = huawei_live::Config::builder(credentials)
        .endpoint(&url)
        .retry_policy(RetryPolicy::disabled())
        .decode_limits(limits)
        .build()
        .unwrap();
    let client = huawei_live::Client::new(config);
    let request = huawei_live::ShowTrafficRequest::builder().build().unwrap();
    let before = IN_USE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let result = client.show_traffic(&request).await.map(|output| output.traffic_info.map_or(0, |list| list.len()));
    (result, PEAK.load(Ordering::Relaxed).saturating_sub(before))
}

const MIB: usize = 1 << 20;

#[tokio::test]
async fn decoding_a_flood_of_empty_objects_stays_within_the_limits() {
    // 1 MiB of `{}`: without limits it decodes, into more than ten times its size.
    let small = flood(MIB / 3);
    let unlimited = DecodeLimits::default().with_max_elements(usize::MAX).with_max_memory(usize::MAX);
    let (decoded, peak) = call(small, unlimited).await;
    assert_eq!(decoded.unwrap(), MIB / 3);
    assert!(peak > 10 * MIB, "the amplification this test is about: {peak} bytes for 1 MiB");

    // The same answer under a 1 MiB memory limit is refused, naming the limit.
    let (refused, peak) = call(small, DecodeLimits::default().with_max_memory(MIB)).await;
    let Err(Error::Decode(error)) = &refused else { panic!("{refused:?}") };
    let limit = error.limit.expect("the limit is named");
    assert_eq!((limit.limit, limit.max), (Limit::Memory, MIB));
    assert!(error.to_string().contains("more than 1048576 bytes of memory"), "{error}");
    // The body, buffered (twice while its buffer grows), and twice the limit (a list's buffer grows by doubling).
    assert!(peak < 2 * small.len() + 2 * MIB + MIB, "{peak} bytes in use at the peak");

    // Fifteen MiB of them, just under the size cap, with the default limits:
    // five million elements would take some 400 MB; the elements limit stops them.
    let big = flood(15 * MIB / 3);
    let (refused, peak) = call(big, DecodeLimits::default()).await;
    let Err(Error::Decode(error)) = &refused else { panic!("{refused:?}") };
    assert_eq!(error.limit.map(|l| l.limit), Some(Limit::Elements), "{error}");
    let limit = DecodeLimits::default();
    let decoded = limit.max_elements() * 40;
    assert!(peak < 2 * big.len() + 2 * decoded + 4 * MIB, "{peak} bytes in use at the peak");
    eprintln!("peak {} MiB for a {} MiB body", peak / MIB, big.len() / MIB);
}
