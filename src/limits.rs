//! Flood limits for what anyone may do without an account: registering, cancelling, asking
//! for a calendar link. One GCRA bucket per client address (governor), refilled evenly over
//! the minute, so a burst of `CONVOCA_RATE_LIMIT_PER_MINUTE` is allowed and then one request
//! every `60 / n` seconds.

use std::{net::IpAddr, num::NonZeroU32};

use governor::{
    DefaultKeyedRateLimiter, Quota, RateLimiter,
    clock::{Clock, DefaultClock},
};

use crate::error::AppError;

/// Addresses remembered before idle ones are dropped: each costs a few dozen bytes, and a
/// flood from many addresses must not grow memory without bound.
const REMEMBERED: usize = 100_000;

/// The limits of one server process. Several processes behind a load balancer each keep
/// their own, so the effective limit is per process; the per-email limit (kept in the
/// database) holds across all of them.
pub struct Limits {
    anonymous: Option<DefaultKeyedRateLimiter<IpAddr>>,
    clock: DefaultClock,
}

impl Limits {
    /// `per_minute` anonymous writes per client address; 0 turns the limit off.
    pub fn new(per_minute: u32) -> Self {
        Self {
            anonymous: NonZeroU32::new(per_minute)
                .map(|n| RateLimiter::keyed(Quota::per_minute(n))),
            clock: DefaultClock::default(),
        }
    }

    /// Counts one anonymous write from `client`; a 429 with the seconds to wait when it is
    /// over its limit.
    pub fn anonymous_change(&self, client: IpAddr) -> Result<(), AppError> {
        let Some(limiter) = &self.anonymous else {
            return Ok(());
        };
        if limiter.len() > REMEMBERED {
            limiter.retain_recent();
        }
        limiter.check_key(&client).map_err(|not_until| {
            let wait = not_until.wait_time_from(self.clock.now());
            AppError::TooManyRequests {
                detail: "too many requests from this address; try again in a moment".to_owned(),
                retry_after: wait.as_secs().max(1),
            }
        })
    }
}

impl std::fmt::Debug for Limits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Limits")
            .field("anonymous", &self.anonymous.is_some())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_gets_its_burst_then_a_429_with_retry_after() {
        let limits = Limits::new(3);
        let (a, b): (IpAddr, IpAddr) = (
            "198.51.100.1".parse().expect("ip"),
            "::1".parse().expect("ip"),
        );
        for _ in 0..3 {
            assert!(limits.anonymous_change(a).is_ok());
        }
        match limits.anonymous_change(a) {
            Err(AppError::TooManyRequests { retry_after, .. }) => {
                assert!((1..=20).contains(&retry_after), "{retry_after}");
            }
            other => panic!("expected 429, got {other:?}"),
        }
        assert!(
            limits.anonymous_change(b).is_ok(),
            "another address has its own"
        );
    }

    #[test]
    fn zero_turns_the_limit_off() {
        let limits = Limits::new(0);
        let a: IpAddr = "198.51.100.1".parse().expect("ip");
        assert!((0..1000).all(|_| limits.anonymous_change(a).is_ok()));
    }
}
