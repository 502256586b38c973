//! Retrying a small bookkeeping write (release a job, unlock an upload, mark a video failed) a
//! few times with a short backoff, logging every failed try, instead of dropping its error.

use std::future::Future;
use std::time::Duration;

/// How many tries and how long to wait before the second one (doubled after each failure).
#[derive(Debug, Clone, Copy)]
pub struct Retry {
    pub tries: u32,
    pub first_wait: Duration,
}

impl Retry {
    /// For writes inside a request: three tries within about a third of a second.
    pub const QUICK: Retry = Retry { tries: 3, first_wait: Duration::from_millis(100) };
    /// For the worker: five tries within about three seconds.
    pub const PATIENT: Retry = Retry { tries: 5, first_wait: Duration::from_millis(200) };

    /// Runs `op` until it succeeds or `tries` are spent; returns the last error. Each failed try is
    /// logged at `warn` with `what` (which names the ids involved); the caller decides what a final
    /// failure means and logs it.
    pub async fn run<T, E, F, Fut>(self, what: &str, mut op: F) -> Result<T, E>
    where
        E: std::fmt::Display,
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        let mut wait = self.first_wait;
        let mut tried = 0;
        loop {
            tried += 1;
            match op().await {
                Ok(v) => return Ok(v),
                Err(e) if tried >= self.tries.max(1) => return Err(e),
                Err(e) => {
                    tracing::warn!(error = %e, try_ = tried, of = self.tries, "{what} failed; retrying");
                    tokio::time::sleep(wait).await;
                    wait = wait.saturating_mul(2);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    const FAST: Retry = Retry { tries: 4, first_wait: Duration::from_millis(1) };

    #[tokio::test]
    async fn a_write_that_fails_twice_is_tried_a_third_time() {
        let calls = Cell::new(0);
        let r: Result<u32, String> = FAST
            .run("test write", || {
                calls.set(calls.get() + 1);
                let n = calls.get();
                async move {
                    if n < 3 {
                        Err(format!("fail {n}"))
                    } else {
                        Ok(n)
                    }
                }
            })
            .await;
        assert_eq!(r, Ok(3));
        assert_eq!(calls.get(), 3, "stops at the first success");
    }

    #[tokio::test]
    async fn tries_are_bounded_and_the_last_error_is_returned() {
        let calls = Cell::new(0);
        let started = std::time::Instant::now();
        let r: Result<(), String> = FAST
            .run("test write", || {
                calls.set(calls.get() + 1);
                let n = calls.get();
                async move { Err(format!("fail {n}")) }
            })
            .await;
        assert_eq!(r, Err("fail 4".to_owned()));
        assert_eq!(calls.get(), 4);
        // Waits of 1, 2 and 4 ms between the four tries.
        assert!(started.elapsed() >= Duration::from_millis(7), "{:?}", started.elapsed());
    }
}
