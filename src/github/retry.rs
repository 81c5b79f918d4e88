//! When to ask GitHub again: 5xx answers and rate limits, with the wait the
//! answer asks for (`Retry-After`, `x-ratelimit-reset`) or an exponential
//! backoff.

use std::time::Duration;

/// How many times a request is sent at most.
pub(crate) const ATTEMPTS: u32 = 4;

/// The longest wait before a retry; a rate limit that resets later fails
/// the request with the time it resets.
pub(crate) const LONGEST_WAIT: Duration = Duration::from_secs(120);

/// The headers of an answer that say how long to wait.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Hints<'a> {
    /// `Retry-After`, in seconds.
    pub(crate) retry_after: Option<&'a str>,
    /// `x-ratelimit-remaining`.
    pub(crate) remaining: Option<&'a str>,
    /// `x-ratelimit-reset`, seconds since the epoch.
    pub(crate) reset: Option<&'a str>,
}

/// Whether an answer with `status` is worth another attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Not a passing failure: report it.
    Final,
    /// Try again after this long.
    RetryAfter(Duration),
    /// A rate limit that lifts too late to wait for, in this many seconds.
    TooLong(Duration),
}

/// What to do after the `attempt`-th (from 1) answer with `status`, at
/// `now` (seconds since the epoch).
pub(crate) fn verdict(status: u16, hints: &Hints<'_>, attempt: u32, now: u64) -> Verdict {
    let seconds = |text: Option<&str>| text.and_then(|text| text.trim().parse::<u64>().ok());
    let exhausted = hints.remaining.map(str::trim) == Some("0");
    let rate_limited =
        status == 429 || (status == 403 && (exhausted || hints.retry_after.is_some()));
    let transient = matches!(status, 500 | 502 | 503 | 504);
    if !(rate_limited || transient) || attempt >= ATTEMPTS {
        return Verdict::Final;
    }
    let wait = match (seconds(hints.retry_after), seconds(hints.reset)) {
        (Some(after), _) => Duration::from_secs(after),
        (None, Some(reset)) if exhausted => Duration::from_secs(reset.saturating_sub(now) + 1),
        _ => backoff(attempt),
    };
    if wait > LONGEST_WAIT {
        Verdict::TooLong(wait)
    } else {
        Verdict::RetryAfter(wait)
    }
}

/// 1 s, 2 s, 4 s… after the first, second, third failure.
pub(crate) fn backoff(attempt: u32) -> Duration {
    Duration::from_secs(1 << attempt.saturating_sub(1).min(6))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_errors_are_retried_with_a_growing_backoff() {
        let none = Hints::default();
        assert_eq!(
            verdict(502, &none, 1, 0),
            Verdict::RetryAfter(Duration::from_secs(1))
        );
        assert_eq!(
            verdict(503, &none, 2, 0),
            Verdict::RetryAfter(Duration::from_secs(2))
        );
        assert_eq!(
            verdict(500, &none, 3, 0),
            Verdict::RetryAfter(Duration::from_secs(4))
        );
        assert_eq!(verdict(500, &none, ATTEMPTS, 0), Verdict::Final);
    }

    #[test]
    fn client_errors_are_final() {
        for status in [400, 401, 404, 409, 422] {
            assert_eq!(verdict(status, &Hints::default(), 1, 0), Verdict::Final);
        }
        // A 403 that is no rate limit is a permission problem.
        let plenty = Hints {
            remaining: Some("4999"),
            ..Hints::default()
        };
        assert_eq!(verdict(403, &plenty, 1, 0), Verdict::Final);
    }

    #[test]
    fn rate_limits_wait_as_long_as_github_asks() {
        let after = Hints {
            retry_after: Some("7"),
            ..Hints::default()
        };
        assert_eq!(
            verdict(429, &after, 1, 0),
            Verdict::RetryAfter(Duration::from_secs(7))
        );
        // Secondary rate limits: a 403 with `Retry-After`.
        assert_eq!(
            verdict(403, &after, 1, 0),
            Verdict::RetryAfter(Duration::from_secs(7))
        );
        let reset = Hints {
            remaining: Some("0"),
            reset: Some("1000030"),
            ..Hints::default()
        };
        assert_eq!(
            verdict(403, &reset, 1, 1_000_000),
            Verdict::RetryAfter(Duration::from_secs(31))
        );
        assert_eq!(
            verdict(403, &reset, 1, 990_000),
            Verdict::TooLong(Duration::from_secs(10_031))
        );
        // A reset already past: wait a second for the clock to agree.
        assert_eq!(
            verdict(429, &reset, 1, 2_000_000),
            Verdict::RetryAfter(Duration::from_secs(1))
        );
    }
}
