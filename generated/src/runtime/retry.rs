//! Retry policy: which failures are retried, how long to wait between
//! attempts, and the retry budget that all calls of a client share.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime};

use super::ServiceError;
use super::error::{Error, TimeoutKind};
use super::http::HttpResponse;

/// How a call retries failed attempts.
///
/// A failure is retried when it is transient: an error code the spec marks as
/// retryable (throttling, transient faults), an answer with HTTP 429 or 5xx,
/// an attempt that timed out, or a connection that failed or broke. An answer
/// too large to accept or beyond the decoding limits, a malformed HTTP
/// exchange, and a call whose operation timeout passed are not retried: the
/// next attempt would meet the same. Every attempt is signed anew.
///
/// Between attempts the client sleeps for an exponential backoff with full
/// jitter (a random time between zero and `initial_backoff · 2ⁿ`, capped at
/// `max_backoff`), or for as long as the server's `Retry-After` asks, when
/// that is no longer than `max_backoff`; a longer one, however large, ends the
/// retries. The whole call is bounded by
/// [`Timeouts::operation`](super::http::Timeouts::operation), when set.
///
/// Retries draw on a **retry budget** that every call of a client and its
/// clones share, as in aws-sdk-rust's standard retry strategy: a bucket of
/// [`DEFAULT_RETRY_BUDGET`] tokens; a retry takes [`RETRY_COST`] tokens
/// ([`TIMEOUT_RETRY_COST`] after a timeout); a call that succeeds gives back
/// what its retries took, or one token when it needed none. When the bucket
/// is empty, failures are returned at once instead of retried, so many tasks
/// sharing a client during an outage do not multiply the load on the
/// failing service. [`with_budget`](Self::with_budget) resizes it,
/// [`without_budget`](Self::without_budget) turns it off.
///
/// All the operations in this crate are reads or idempotent state changes, so
/// retrying an attempt whose answer was lost is safe.
///
/// ```
/// use std::time::Duration;
/// use cloud_live::RetryPolicy;
///
/// let policy = RetryPolicy::default()
///     .with_max_attempts(5)
///     .with_initial_backoff(Duration::from_millis(100))
///     .with_max_backoff(Duration::from_secs(5));
/// assert_eq!(policy.max_attempts(), 5);
/// // For a batch job that must not wait: one attempt, never retried.
/// assert_eq!(RetryPolicy::disabled().max_attempts(), 1);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    budget: Option<u32>,
}

/// The tokens in a client's retry budget by default.
pub const DEFAULT_RETRY_BUDGET: u32 = 500;
/// The tokens one retry takes from the budget.
pub const RETRY_COST: u32 = 5;
/// The tokens a retry after a timeout takes from the budget.
pub const TIMEOUT_RETRY_COST: u32 = 10;

impl Default for RetryPolicy {
    /// Three attempts, backoff from 200 ms up to 20 s, a shared budget of
    /// [`DEFAULT_RETRY_BUDGET`] tokens.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(20),
            budget: Some(DEFAULT_RETRY_BUDGET),
        }
    }
}

impl RetryPolicy {
    /// One attempt, never retried.
    pub fn disabled() -> Self {
        RetryPolicy { max_attempts: 1, ..RetryPolicy::default() }
    }

    /// Attempts in all, the first included (at least 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The backoff ceiling before the first retry; it doubles with each retry.
    pub fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest wait between two attempts. A `Retry-After` longer than
    /// this ends the retries.
    pub fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// A retry budget of `tokens` shared by all calls of the client built
    /// with this policy. The size counts when the configuration is built; a
    /// per-call policy ([`with_retry_policy`](crate::tencent_live::Client::with_retry_policy))
    /// can turn the budget off or on, but uses the client's bucket.
    pub fn with_budget(mut self, tokens: u32) -> Self {
        self.budget = Some(tokens);
        self
    }

    /// No retry budget: every call retries as often as the policy allows,
    /// whatever the others do.
    pub fn without_budget(mut self) -> Self {
        self.budget = None;
        self
    }

    /// Attempts in all, the first included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The size of the shared retry budget, if there is one.
    pub fn budget(&self) -> Option<u32> {
        self.budget
    }

    /// The jittered backoff before retry number `retry` (0 for the first retry).
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let ceiling = self.initial_backoff.saturating_mul(1u32 << retry.min(20)).min(self.max_backoff);
        ceiling.mul_f64(fastrand::f64())
    }

    /// The wait before retry number `retry` after `failure`, or `None` when the
    /// policy says to stop. `response` is the answer that failed, if one came.
    pub(crate) fn next_delay<E: ServiceError>(
        &self,
        retry: u32,
        failure: &Error<E>,
        response: Option<&HttpResponse>,
    ) -> Option<Duration> {
        if retry.saturating_add(1) >= self.max_attempts || !is_transient(failure) {
            return None;
        }
        let backoff = self.backoff(retry);
        match response.and_then(retry_after) {
            Some(asked) if asked > self.max_backoff => None,
            Some(asked) => Some(backoff.max(asked)),
            None => Some(backoff),
        }
    }
}

/// Whether a failure is worth another attempt.
pub(crate) fn is_transient<E: ServiceError>(failure: &Error<E>) -> bool {
    let transient_status = |status: u16| status == 429 || (500..600).contains(&status);
    match failure {
        Error::InvalidInput(_) | Error::Paging(_) => false,
        Error::Service(e) => e.is_retryable() || transient_status(e.meta().http_status),
        Error::Decode(d) => d.limit.is_none() && transient_status(d.http_status),
        Error::Timeout(t) => t.kind != TimeoutKind::Operation,
        Error::Transport(t) => t.kind().is_retryable(),
    }
}

/// The tokens a retry after `failure` takes from the budget.
pub(crate) fn retry_cost<E>(failure: &Error<E>) -> u32 {
    if matches!(failure, Error::Timeout(_)) { TIMEOUT_RETRY_COST } else { RETRY_COST }
}

/// The server's `Retry-After`, in seconds or as an HTTP date. A number of
/// seconds too large for a `Duration` is read as the longest one, so that
/// every huge value is treated alike (as longer than any backoff).
pub(crate) fn retry_after(response: &HttpResponse) -> Option<Duration> {
    let value = response.header("retry-after")?.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(value.parse::<u64>().map_or(Duration::MAX, Duration::from_secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO))
}

/// The token bucket behind the retry budget, shared by every clone of a client.
#[derive(Debug)]
pub(crate) struct RetryBudget {
    capacity: u32,
    tokens: AtomicU32,
}

impl RetryBudget {
    pub(crate) fn new(capacity: u32) -> Self {
        RetryBudget { capacity, tokens: AtomicU32::new(capacity) }
    }

    /// Takes `cost` tokens for a retry; `None` when the bucket holds fewer,
    /// else the tokens left.
    pub(crate) fn take(&self, cost: u32) -> Option<u32> {
        self.tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |tokens| tokens.checked_sub(cost))
            .ok()
            .map(|before| before - cost)
    }

    /// A call succeeded after its retries took `taken` tokens: gives them
    /// back, or one token when it took none, up to the capacity.
    pub(crate) fn succeeded(&self, taken: u32) {
        let refund = taken.max(1);
        // A full bucket, the usual case, is only read: calls sharing a client do not contend to write it.
        if self.tokens.load(Ordering::Acquire) >= self.capacity {
            return;
        }
        // Never fails: the closure always returns `Some`.
        let _ = self.tokens.fetch_update(Ordering::AcqRel, Ordering::Acquire, |tokens| {
            Some(tokens.saturating_add(refund).min(self.capacity))
        });
    }

    /// The tokens left.
    pub(crate) fn tokens(&self) -> u32 {
        self.tokens.load(Ordering::Acquire)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(retry_after: &str) -> HttpResponse {
        HttpResponse { status: 429, headers: vec![("retry-after".into(), retry_after.into())], body: Vec::new() }
    }

    #[test]
    fn backoff_is_jittered_below_a_doubling_ceiling() {
        let policy = RetryPolicy::default()
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_millis(350));
        for retry in 0..8 {
            let ceiling = Duration::from_millis(100 * (1 << retry)).min(Duration::from_millis(350));
            let samples: Vec<Duration> = (0..200).map(|_| policy.backoff(retry)).collect();
            assert!(samples.iter().all(|d| *d <= ceiling), "retry {retry}: {samples:?}");
            // Full jitter: the waits spread over the range rather than sitting at the ceiling.
            assert!(samples.iter().any(|d| *d < ceiling / 2), "retry {retry}");
        }
    }

    #[test]
    fn every_retry_after_beyond_the_longest_backoff_stops_retrying_by_one_rule() {
        use crate::runtime::error::DecodeError;
        use crate::runtime::test_support::TestError;
        let policy = RetryPolicy::default();
        let failure: Error<TestError> = Error::Decode(DecodeError::new(429, None, "throttled", b""));
        let huge = ["21", "86400", &u64::MAX.to_string(), "18446744073709551616", &"9".repeat(400)];
        for asked in huge {
            assert_eq!(policy.next_delay(0, &failure, Some(&answer(asked))), None, "Retry-After: {asked}");
        }
        let soon = answer("2");
        assert_eq!(policy.next_delay(0, &failure, Some(&soon)), Some(Duration::from_secs(2)));
        // The longest backoff allowed is honoured, whatever its size.
        let patient = RetryPolicy::default().with_max_backoff(Duration::MAX);
        let forever = answer(&u64::MAX.to_string());
        assert_eq!(patient.next_delay(0, &failure, Some(&forever)), Some(Duration::from_secs(u64::MAX)));
    }

    #[test]
    fn the_budget_runs_out_and_refills_with_successes() {
        let budget = RetryBudget::new(12);
        assert_eq!(budget.take(RETRY_COST), Some(7));
        assert_eq!(budget.take(RETRY_COST), Some(2));
        assert_eq!(budget.take(RETRY_COST), None);
        assert_eq!(budget.tokens(), 2);
        budget.succeeded(0);
        assert_eq!(budget.tokens(), 3);
        budget.succeeded(TIMEOUT_RETRY_COST);
        assert_eq!(budget.tokens(), 12, "refunds stop at the capacity");
    }

    #[test]
    fn retry_after_accepts_seconds_and_dates() {
        assert_eq!(retry_after(&answer("3")), Some(Duration::from_secs(3)));
        assert_eq!(retry_after(&answer("Wed, 21 Oct 2015 07:28:00 GMT")), Some(Duration::ZERO));
        let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(120));
        let waited = retry_after(&answer(&later)).unwrap();
        assert!(waited > Duration::from_secs(110) && waited <= Duration::from_secs(120), "{waited:?}");
        assert_eq!(retry_after(&answer("soon")), None);
        assert_eq!(retry_after(&answer("-3")), None);
        assert_eq!(retry_after(&answer("99999999999999999999999")), Some(Duration::MAX));
    }
}
