//! The opt-in client-side rate limiter: keeps each operation within its
//! documented rate limit, across every task and clone that shares a client.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

use super::RateLimit;

/// One bucket per operation name, each a GCRA (virtual scheduling) meter that
/// allows a burst of the documented request count and then spaces requests
/// evenly over the documented period.
#[derive(Debug, Default)]
pub(crate) struct RateLimiter {
    /// Per operation: the theoretical arrival time of the next request.
    next: Mutex<HashMap<&'static str, Instant>>,
}

impl RateLimiter {
    /// Waits until `operation` may send another request under `limit`, and
    /// books that slot. Waiting callers are served in the order they arrived.
    pub(crate) async fn acquire(&self, operation: &'static str, limit: RateLimit) {
        let wait = self.reserve(operation, limit, Instant::now());
        if !wait.is_zero() {
            tracing::debug!(operation, wait_ms = wait.as_millis() as u64, "client-side rate limit");
            tokio::time::sleep(wait).await;
        }
    }

    /// Books the next slot for `operation` at `now` and returns how long to wait for it.
    fn reserve(&self, operation: &'static str, limit: RateLimit, now: Instant) -> Duration {
        let period = Duration::from_secs(u64::from(limit.per_seconds));
        let interval = period / limit.requests.max(1);
        let tolerance = period.saturating_sub(interval);
        // A poisoned lock only means another task panicked while holding it;
        // the map is still consistent.
        let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
        let tat = next.get(operation).copied().unwrap_or(now).max(now);
        next.insert(operation, tat + interval);
        tat.checked_sub(tolerance).map_or(Duration::ZERO, |start| start.saturating_duration_since(now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_the_documented_burst_then_spaces_requests() {
        let limiter = RateLimiter::default();
        let limit = RateLimit { requests: 20, per_seconds: 1 };
        let now = Instant::now();
        let waits: Vec<Duration> = (0..25).map(|_| limiter.reserve("Op", limit, now)).collect();
        assert!(waits[..20].iter().all(|w| w.is_zero()), "{waits:?}");
        for (k, wait) in waits[20..].iter().enumerate() {
            assert_eq!(*wait, Duration::from_millis(50 * (k as u64 + 1)), "request {}", 21 + k);
        }
        // Another operation has its own bucket.
        assert!(limiter.reserve("Other", limit, now).is_zero());
        // After a full period the burst is available again.
        let later = now + Duration::from_secs(3);
        assert!((0..20).all(|_| limiter.reserve("Op", limit, later).is_zero()));
    }

    #[tokio::test(start_paused = true)]
    async fn acquire_sleeps_on_the_tokio_clock() {
        let limiter = RateLimiter::default();
        let limit = RateLimit { requests: 10, per_seconds: 60 };
        let start = Instant::now();
        for _ in 0..12 {
            limiter.acquire("Op", limit).await;
        }
        // Ten at once, then one every six seconds.
        assert_eq!(start.elapsed(), Duration::from_secs(12));
    }
}
