//! Retry policy: which failures are retried, and how long to wait between attempts.

use std::time::{Duration, SystemTime};

use super::ServiceError;
use super::error::Error;
use super::http::HttpResponse;

/// How a call retries failed attempts.
///
/// A failure is retried when it is transient: an error code the spec marks as
/// retryable (throttling, transient faults), an answer with HTTP 429 or 5xx,
/// an attempt that timed out, or a transport failure. Every attempt is signed
/// anew. Between attempts the client sleeps for an exponential backoff with
/// full jitter (a random time between zero and `initial_backoff · 2ⁿ`, capped
/// at `max_backoff`), or for as long as the server's `Retry-After` asks. No
/// attempt starts once `max_elapsed` has passed since the first one, and no
/// attempt runs past it.
///
/// All the operations in this crate are reads or idempotent state changes, so
/// retrying an attempt whose answer was lost is safe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_elapsed: Duration,
}

impl Default for RetryPolicy {
    /// Three attempts, backoff from 200 ms up to 20 s, at most 60 s in all.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(20),
            max_elapsed: Duration::from_secs(60),
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

    /// The time budget of a call, from the first attempt to the last answer.
    pub fn with_max_elapsed(mut self, budget: Duration) -> Self {
        self.max_elapsed = budget;
        self
    }

    /// Attempts in all, the first included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The time budget of a call.
    pub fn max_elapsed(&self) -> Duration {
        self.max_elapsed
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
        elapsed: Duration,
        failure: &Error<E>,
        response: Option<&HttpResponse>,
    ) -> Option<Duration> {
        if retry + 1 >= self.max_attempts || !is_transient(failure) {
            return None;
        }
        let mut delay = self.backoff(retry);
        if let Some(asked) = response.and_then(retry_after) {
            if asked > self.max_backoff {
                return None;
            }
            delay = delay.max(asked);
        }
        // Starting an attempt that the budget ends at once is pointless.
        (elapsed.saturating_add(delay) < self.max_elapsed).then_some(delay)
    }
}

/// Whether a failure is worth another attempt.
pub(crate) fn is_transient<E: ServiceError>(failure: &Error<E>) -> bool {
    let transient_status = |status: u16| status == 429 || (500..600).contains(&status);
    match failure {
        Error::InvalidInput(_) => false,
        Error::Service(e) => e.is_retryable() || transient_status(e.meta().http_status),
        Error::Decode(d) => transient_status(d.http_status),
        Error::Timeout(_) | Error::Transport(_) => true,
    }
}

/// The server's `Retry-After`, in seconds or as an HTTP date.
pub(crate) fn retry_after(response: &HttpResponse) -> Option<Duration> {
    let value = response.header("retry-after")?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO))
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
    fn the_longest_waits_and_budgets_stop_retrying_instead_of_overflowing() {
        use crate::runtime::error::DecodeError;
        use crate::runtime::test_support::TestError;
        let policy = RetryPolicy::default().with_max_backoff(Duration::MAX).with_max_elapsed(Duration::MAX);
        let failure: Error<TestError> = Error::Decode(DecodeError::new(429, None, "throttled", b""));
        let forever = answer(&u64::MAX.to_string());
        assert_eq!(policy.next_delay(0, Duration::from_secs(1), &failure, Some(&forever)), None);
        let soon = answer("2");
        assert_eq!(policy.next_delay(0, Duration::from_secs(1), &failure, Some(&soon)), Some(Duration::from_secs(2)));
    }

    #[test]
    fn retry_after_accepts_seconds_and_dates() {
        assert_eq!(retry_after(&answer("3")), Some(Duration::from_secs(3)));
        assert_eq!(retry_after(&answer("Wed, 21 Oct 2015 07:28:00 GMT")), Some(Duration::ZERO));
        let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(120));
        let waited = retry_after(&answer(&later)).unwrap();
        assert!(waited > Duration::from_secs(110) && waited <= Duration::from_secs(120), "{waited:?}");
        assert_eq!(retry_after(&answer("soon")), None);
    }
}
