//! The job's wall-clock budget, checked in every loop and polled by FFmpeg's I/O.

use std::time::{Duration, Instant};

use crate::error::{RejectReason, TranscodeError};

#[derive(Debug, Clone, Copy)]
pub(crate) struct Watchdog {
    deadline: Instant,
    budget: Duration,
}

impl Watchdog {
    pub(crate) fn start(budget: Duration) -> Self {
        let now = Instant::now();
        Self { deadline: now.checked_add(budget).unwrap_or(now + Duration::from_secs(86_400 * 365)), budget }
    }

    pub(crate) fn expired(&self) -> bool {
        Instant::now() >= self.deadline
    }

    /// Err(timeout) once the budget is spent.
    pub(crate) fn check(&self) -> Result<(), TranscodeError> {
        if self.expired() {
            Err(self.timeout())
        } else {
            Ok(())
        }
    }

    pub(crate) fn timeout(&self) -> TranscodeError {
        TranscodeError::reject(
            RejectReason::Timeout,
            format!("processing took longer than {:.1} s", self.budget.as_secs_f64()),
        )
    }

    /// A closure FFmpeg's interrupt callback polls: blocking reads return AVERROR_EXIT.
    pub(crate) fn interrupt(&self) -> impl FnMut() -> bool + Send + 'static {
        let deadline = self.deadline;
        move || Instant::now() >= deadline
    }
}
