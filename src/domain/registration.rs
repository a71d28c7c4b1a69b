//! Registrations: who may register when, how seats are shared, and who a freed seat goes to.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::kinds::{EventStatus, FestivalStatus};
use crate::error::AppError;

/// The most seats one registration may hold (a family or a small group).
pub const MAX_SEATS: i32 = 10;

/// A registration's state.
pub use super::kinds::RegistrationStatus as Status;

/// Where `id` stands in `waitlist` (ids in order), from 1; `None` when it is not waiting.
pub fn position_in(waitlist: &[Uuid], id: Uuid) -> Option<u64> {
    waitlist.iter().position(|w| *w == id).map(|p| p as u64 + 1)
}

/// The languages a registrant's emails can be written in: those of `locales/`.
pub use crate::i18n::LANGUAGES as EMAIL_LOCALES;

/// The language of a registrant's emails: the one asked for, else the first of
/// [`EMAIL_LOCALES`] in `Accept-Language`, else English.
pub fn choose_locale(asked: Option<&str>, accept_language: Option<&str>) -> &'static str {
    let pick = |tag: &str| {
        let primary = tag
            .trim()
            .split(['-', '_', ';'])
            .next()?
            .to_ascii_lowercase();
        EMAIL_LOCALES.iter().copied().find(|l| *l == primary)
    };
    asked
        .and_then(pick)
        .or_else(|| accept_language.and_then(|header| header.split(',').find_map(pick)))
        .unwrap_or("en")
}

/// Whether people can register for an event now: its festival is published, it is scheduled,
/// it has not started, and it takes registrations at all.
pub fn check_open(
    festival: FestivalStatus,
    event: EventStatus,
    registration_required: bool,
    starts_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    // A draft is private: registering for one of its events answers exactly as an unknown
    // id does, so the answer does not reveal that it exists.
    if festival == FestivalStatus::Draft {
        return Err(AppError::NotFound("event"));
    }
    if festival != FestivalStatus::Published {
        return Err(AppError::conflict(
            "the festival is not open for registration",
        ));
    }
    if event == EventStatus::Cancelled {
        return Err(AppError::conflict("the event is cancelled"));
    }
    if starts_at <= now {
        return Err(AppError::conflict("the event has already started"));
    }
    if !registration_required {
        return Err(AppError::conflict(
            "the event is open entry: no registration is needed, just come",
        ));
    }
    Ok(())
}

/// Registrations one email address may make for one festival in 24 hours. A family
/// registering for a whole week of activities stays far below it; a script that registers
/// strangers' addresses, or probes which addresses are registered, is stopped by it.
pub const MAX_PER_EMAIL_PER_DAY: u64 = 20;

/// Refuses one more registration when the address made [`MAX_PER_EMAIL_PER_DAY`] for the
/// festival in the last 24 hours; `recent` is how many it made and when the oldest of them
/// was, so the answer says when the next one will be accepted.
pub fn check_daily_limit(
    recent: &(u64, Option<DateTime<Utc>>),
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let (count, oldest) = *recent;
    if count < MAX_PER_EMAIL_PER_DAY {
        return Ok(());
    }
    let free_at = oldest.unwrap_or(now) + chrono::Duration::hours(24);
    Err(AppError::TooManyRequests {
        detail: format!(
            "this email address made {MAX_PER_EMAIL_PER_DAY} registrations for this festival in \
             the last 24 hours; try again later"
        ),
        retry_after: (free_at - now).num_seconds().max(1) as u64,
    })
}

/// Who is promoted when `free` seats open up: waiting groups in order, skipping a group that
/// does not fit and taking the next one that does.
pub fn promotions(mut free: i32, waiting: &[(Uuid, i32)]) -> Vec<Uuid> {
    let mut promoted = Vec::new();
    for &(id, seats) in waiting {
        if seats <= free {
            free -= seats;
            promoted.push(id);
        }
    }
    promoted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_head_of_the_waiting_list_is_position_one() {
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        assert_eq!(position_in(&[a, b], a), Some(1));
        assert_eq!(position_in(&[a, b], b), Some(2));
        assert_eq!(position_in(&[a], b), None);
    }

    #[test]
    fn the_locale_comes_from_the_request_then_the_browser_then_english() {
        assert_eq!(choose_locale(Some("es"), Some("en")), "es");
        assert_eq!(
            choose_locale(None, Some("fr-FR, es-EC;q=0.8, en;q=0.5")),
            "es"
        );
        assert_eq!(choose_locale(None, Some("fr")), "en");
        assert_eq!(choose_locale(Some("de"), None), "en");
    }

    #[test]
    fn an_address_makes_a_bounded_number_of_registrations_a_day() {
        let now = Utc::now();
        assert!(check_daily_limit(&(MAX_PER_EMAIL_PER_DAY - 1, Some(now)), now).is_ok());
        let oldest = now - chrono::Duration::hours(23);
        match check_daily_limit(&(MAX_PER_EMAIL_PER_DAY, Some(oldest)), now) {
            Err(AppError::TooManyRequests { retry_after, .. }) => {
                assert_eq!(retry_after, 3600);
            }
            other => panic!("expected 429, got {other:?}"),
        }
    }

    #[test]
    fn registration_is_open_only_before_a_scheduled_published_event() {
        let now = Utc::now();
        let later = now + chrono::Duration::hours(1);
        let open = |f, e, r, at| check_open(f, e, r, at, now).is_ok();
        assert!(open(
            FestivalStatus::Published,
            EventStatus::Scheduled,
            true,
            later
        ));
        assert!(!open(
            FestivalStatus::Draft,
            EventStatus::Scheduled,
            true,
            later
        ));
        assert!(!open(
            FestivalStatus::Published,
            EventStatus::Cancelled,
            true,
            later
        ));
        assert!(!open(
            FestivalStatus::Published,
            EventStatus::Scheduled,
            true,
            now
        ));
        assert!(!open(
            FestivalStatus::Published,
            EventStatus::Scheduled,
            false,
            later
        ));
        let draft = check_open(
            FestivalStatus::Draft,
            EventStatus::Scheduled,
            true,
            later,
            now,
        );
        assert!(matches!(draft, Err(AppError::NotFound("event"))));
    }

    #[test]
    fn freed_seats_go_in_order_skipping_groups_that_do_not_fit() {
        let [a, b, c, d] = [
            Uuid::new_v4(),
            Uuid::new_v4(),
            Uuid::new_v4(),
            Uuid::new_v4(),
        ];
        let waiting = [(a, 2), (b, 4), (c, 1), (d, 1)];
        assert_eq!(promotions(3, &waiting), vec![a, c]);
        assert_eq!(promotions(8, &waiting), vec![a, b, c, d]);
        assert!(promotions(0, &waiting).is_empty());
    }
}
