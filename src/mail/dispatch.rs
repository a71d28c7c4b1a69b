//! The dispatcher: claims due outbox rows under a lease, writes each email from the current
//! state of its registration and event, sends them through the pool a few at a time, and
//! records every outcome. A function of `now`, so tests drive it without waiting.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use entity::outbox;
use futures_util::{FutureExt, StreamExt, stream};
use serde::Serialize;
use uuid::Uuid;

use super::{
    CONCURRENCY, Mailer,
    letters::{self, Letter},
    member_mail,
    message::{Envelope, InlineImage, Invitation, compose, recipient},
};
use crate::{
    domain::{
        calendar::{Attendee, CalendarHead, Method, calendar},
        icalendar::to_text,
        kinds::{EventStatus, NotificationKind},
        member::short_code,
        notification::{ChangeDetails, StartsIn, emailed_sequence, invitation, reminder_lead},
        registration::Status,
    },
    error::AppResult,
    i18n::Language,
    state::AppState,
    store::{self, feeds::calendar_event, outbox::Outcome},
};

/// Rows claimed at a time.
const BATCH: u64 = 500;

/// What one dispatch did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Dispatched {
    pub sent: usize,
    /// Failed this time (to be retried, or given up).
    pub failed: usize,
    pub skipped: usize,
}

/// Sends every email due at `now`, batch after batch, until none is left or the service is
/// stopping. One dispatch runs at a time per process; other processes claim other rows.
///
/// The batches overlap: while one is sent, the outcomes of the one before are recorded and the
/// next one is claimed and read. Claiming only once a batch was sent left the SMTP pool idle
/// for the database's turn, and the pool's last slow sends held up the next batch.
pub async fn dispatch(state: &AppState, now: DateTime<Utc>) -> AppResult<Dispatched> {
    let mailer = &state.mail;
    let _running = mailer.running.lock().await;
    let owner = Uuid::new_v4();
    let mut done = Dispatched::default();
    let mut batch = Batch::claim(state, owner, now, true).await?;
    let mut unrecorded = Vec::new();
    while !batch.rows.is_empty() {
        let full = batch.rows.len() as u64 == BATCH;
        let previous = std::mem::take(&mut unrecorded);
        let (outcomes, recorded, next) = tokio::join!(
            batch.send(state, now),
            async {
                if previous.is_empty() {
                    return Ok(());
                }
                store::outbox::record(&state.db, owner, now, previous).await
            },
            Batch::claim(state, owner, now, full),
        );
        count(&mut done, &outcomes);
        // What was just sent is recorded before an error ends this dispatch: a row left
        // claimed would be sent again once its lease ran out. (Rows claimed but not sent are
        // claimed again then, which sends them once.)
        match (recorded, next) {
            (Ok(()), Ok(next)) => batch = next,
            (Err(e), _) | (_, Err(e)) => {
                store::outbox::record(&state.db, owner, now, outcomes).await?;
                return Err(e);
            }
        }
        unrecorded = outcomes;
    }
    if !unrecorded.is_empty() {
        store::outbox::record(&state.db, owner, now, unrecorded).await?;
    }
    Ok(done)
}

/// Claimed rows and what their emails are written from.
#[derive(Default)]
struct Batch {
    rows: Vec<outbox::Model>,
    letters: std::collections::HashMap<Uuid, Letter>,
    to_members: std::collections::HashMap<Uuid, member_mail::MemberLetter>,
}

impl Batch {
    /// Claims the next rows due at `now` under `owner`'s lease, and reads their letters; none
    /// if there may be none left (`more` is false) or the service is stopping.
    async fn claim(
        state: &AppState,
        owner: Uuid,
        now: DateTime<Utc>,
        more: bool,
    ) -> AppResult<Self> {
        if !more || state.mail.is_stopping() {
            return Ok(Self::default());
        }
        let rows = store::outbox::claim(&state.db, owner, now, BATCH).await?;
        if rows.is_empty() {
            return Ok(Self::default());
        }
        let letters = letters::letters(state.db.conn(), &rows).await?;
        let to_members = member_mail::letters(state.db.conn(), &rows).await?;
        Ok(Self {
            rows,
            letters,
            to_members,
        })
    }

    /// Writes and sends the batch's emails, a pool's worth at a time.
    async fn send(self, state: &AppState, now: DateTime<Utc>) -> Vec<(outbox::Model, Outcome)> {
        let Self {
            rows,
            mut letters,
            mut to_members,
        } = self;
        stream::iter(rows)
            .map(|row| {
                let letter = letters.remove(&row.id);
                let to_member = to_members.remove(&row.id);
                async move {
                    let outcome = if row.member_id.is_some() {
                        guarded(member_mail::deliver(state, &row, to_member, now)).await
                    } else {
                        guarded(deliver(state, &row, letter, now)).await
                    };
                    (row, outcome)
                }
            })
            .buffer_unordered(CONCURRENCY)
            .collect()
            .await
    }
}

/// Adds a batch's outcomes to `done`, and to the metrics.
fn count(done: &mut Dispatched, outcomes: &[(outbox::Model, Outcome)]) {
    for (row, outcome) in outcomes {
        let outcome_label = match outcome {
            Outcome::Sent => {
                done.sent += 1;
                "sent"
            }
            Outcome::Skipped(_) => {
                done.skipped += 1;
                "skipped"
            }
            Outcome::Failed { error, .. } | Outcome::Bounced { error, .. } => {
                done.failed += 1;
                tracing::warn!(notification = %row.id, kind = %row.kind, %error, "email not sent");
                "failed"
            }
        };
        crate::metrics::email(row.kind, outcome_label);
    }
}

/// `delivery`'s outcome, or a permanent failure if it panicked. A panic is a bug, but it must
/// cost one email, not the batch: the rows claimed with it are still recorded, and the
/// dispatcher goes on to the next batch.
pub async fn guarded(delivery: impl Future<Output = Outcome>) -> Outcome {
    match std::panic::AssertUnwindSafe(delivery).catch_unwind().await {
        Ok(outcome) => outcome,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown".to_owned());
            tracing::error!(panic = %what, "writing or sending an email panicked");
            Outcome::Failed {
                error: format!("internal error while writing or sending this email: {what}"),
                permanent: true,
            }
        }
    }
}

/// Writes and sends one email.
async fn deliver(
    state: &AppState,
    row: &outbox::Model,
    letter: Option<Letter>,
    now: DateTime<Utc>,
) -> Outcome {
    let Some(letter) = letter else {
        return Outcome::Skipped("the registration no longer exists".to_owned());
    };
    let kind = row.kind;
    if let Some(reason) = no_longer_applies(kind, &letter, now) {
        return Outcome::Skipped(reason.to_owned());
    }
    if let Some(reason) = letter
        .person
        .as_ref()
        .and_then(|p| p.bounce_reason.as_ref())
    {
        return Outcome::Skipped(format!(
            "not sent: this address refused an earlier email ({reason})"
        ));
    }
    let position = if kind == NotificationKind::Waitlisted {
        store::registrations::waitlist_position(state.db.conn(), &letter.registration)
            .await
            .ok()
            .flatten()
    } else {
        None
    };
    let message = match write_email(state, kind, row, &letter, position, now) {
        Ok(message) => message,
        Err(error) => {
            return Outcome::Failed {
                error,
                permanent: true,
            };
        }
    };
    match state.mail.send(message).await {
        Ok(()) => Outcome::Sent,
        Err(e) if e.bounced => Outcome::Bounced {
            email: letter.registration.email.clone(),
            error: e.message,
        },
        Err(e) => Outcome::Failed {
            error: e.message,
            permanent: e.permanent,
        },
    }
}

/// Why an email should not go after all, if it should not.
fn no_longer_applies(kind: NotificationKind, letter: &Letter, now: DateTime<Utc>) -> Option<&str> {
    let r = &letter.registration;
    if r.email.ends_with("@invalid") {
        return Some("the registration was erased");
    }
    let live = r.status != Status::Cancelled;
    match kind {
        NotificationKind::Reminder => {
            if r.status != Status::Confirmed {
                Some("the registration is no longer confirmed")
            } else if !r.reminders {
                Some("the person turned reminders off")
            } else if letter.event.event.status != EventStatus::Scheduled {
                Some("the event was cancelled")
            } else if letter.event.event.starts_at <= now {
                Some("the event has started")
            } else {
                None
            }
        }
        NotificationKind::EventChanged if !live => Some("the registration was cancelled"),
        _ => None,
    }
}

/// The template context: every value already written for the reader, in their language.
#[derive(Serialize)]
struct Context<'a> {
    recipient: Recipient<'a>,
    event: EventView<'a>,
    festival: FestivalView<'a>,
    access_needs: Option<&'a str>,
    manage_url: String,
    /// On reminders: the page that turns them off (also the `List-Unsubscribe` link).
    reminders_off_url: Option<String>,
    calendar_url: String,
    waitlist_position: Option<u64>,
    starts_in: String,
    change: Option<ChangeView>,
    /// For a confirmed registration: what to show at the door.
    check_in: Option<CheckInView>,
}

#[derive(Serialize)]
struct CheckInView {
    code: String,
    /// The `Content-ID` of the inline QR image.
    cid: &'static str,
}

/// The `Content-ID` of the check-in QR image in an email.
const QR_CONTENT_ID: &str = "check-in-qr";

/// Whether an email of `kind` shows the door code and QR code: the ones a person opens
/// before coming (confirmed, promoted from the waiting list, reminded, told of a move), while
/// the registration holds seats.
fn shows_check_in(kind: NotificationKind, status: Status) -> bool {
    status == Status::Confirmed
        && matches!(
            kind,
            NotificationKind::Confirmed
                | NotificationKind::Promoted
                | NotificationKind::Reminder
                | NotificationKind::EventChanged
        )
}

#[derive(Serialize)]
struct Recipient<'a> {
    name: &'a str,
    seats: i32,
}

#[derive(Serialize)]
struct EventView<'a> {
    title: &'a str,
    when: String,
    /// The venue and its address, when it has one.
    place: Option<String>,
    online_url: Option<&'a str>,
    host: Option<&'a str>,
    url: String,
    /// The venue's features and the event's support, named in the reader's language.
    access: Vec<String>,
}

#[derive(Serialize)]
struct FestivalView<'a> {
    title: &'a str,
}

#[derive(Serialize)]
struct ChangeView {
    old_when: Option<String>,
    old_place: Option<String>,
}

/// A venue's name and address as one line, leaving out what is missing.
fn place(parts: [Option<&str>; 2]) -> Option<String> {
    let parts: Vec<&str> = parts
        .into_iter()
        .flatten()
        .filter(|p| !p.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// An accessibility code in `language`: a venue feature or an event's support, else the code.
fn access_label(language: &Language, code: &str) -> String {
    language
        .maybe_text(&format!("venue-feature-{code}"))
        .or_else(|| language.maybe_text(&format!("event-access-{code}")))
        .unwrap_or_else(|| code.to_owned())
}

fn write_email(
    state: &AppState,
    kind: NotificationKind,
    row: &outbox::Model,
    letter: &Letter,
    waitlist_position: Option<u64>,
    now: DateTime<Utc>,
) -> Result<lettre::Message, String> {
    let (config, mailer) = (&state.config, &*state.mail);
    let (r, event, festival) = (&letter.registration, &letter.event.event, &letter.festival);
    let venue = letter.event.venue.as_ref();
    let tz: Tz = festival.timezone.0;
    let language = mailer.templates.language(&r.locale);
    let mut access: Vec<String> = venue
        .map(|v| store::decode_list(&v.accessibility))
        .unwrap_or_default();
    access.extend(store::decode_list::<String>(&event.accessibility));
    let change = (kind == NotificationKind::EventChanged).then(|| {
        let d = ChangeDetails::from_json(row.details.as_deref());
        ChangeView {
            old_when: d
                .old_starts_at
                .zip(d.old_ends_at)
                .map(|(s, e)| language.span(s, e, tz)),
            old_place: place([d.old_venue.as_deref(), d.old_address.as_deref()]),
        }
    });
    let (starts_in, count) =
        StartsIn::from_minutes(reminder_lead(row.offset_minutes, event.starts_at, now)).message();
    let address = venue.map(|v| format!("{}, {}", v.address, v.city));
    let manage_token = state.manage_key.token_for(r.id);
    let reminders_off_url =
        (kind == NotificationKind::Reminder).then(|| config.reminders_url(&manage_token));
    let context = Context {
        recipient: Recipient {
            name: &r.name,
            seats: r.seats,
        },
        event: EventView {
            title: &event.title,
            when: language.span(event.starts_at, event.ends_at, tz),
            place: place([venue.map(|v| v.name.as_str()), address.as_deref()]),
            online_url: event.online_url.as_deref(),
            host: event.host.as_deref(),
            url: config.event_url(&festival.slug, event.id),
            access: access.iter().map(|c| access_label(language, c)).collect(),
        },
        festival: FestivalView {
            title: &festival.title,
        },
        access_needs: r.access_needs.as_deref(),
        manage_url: config.manage_url(&manage_token),
        reminders_off_url: reminders_off_url.clone(),
        calendar_url: letter
            .person
            .as_ref()
            .map(|p| config.calendar_url(&state.manage_key.feed_token_for(p.id)))
            .unwrap_or_default(),
        waitlist_position,
        starts_in: language.text(starts_in, (("count", count),)),
        change,
        check_in: None,
    };
    // The QR image is drawn before the text that refers to it: a code that cannot be drawn
    // costs the image and its mention, not the email.
    let image = shows_check_in(kind, r.status)
        .then(|| crate::qr::png(&config.check_in_url(r.id)))
        .and_then(|png| {
            png.map_err(|error| tracing::warn!(%error, "an email without its QR code"))
                .ok()
        })
        .map(|png| InlineImage {
            content_id: QR_CONTENT_ID.to_owned(),
            png,
        });
    let context = Context {
        check_in: image.as_ref().map(|_| CheckInView {
            code: short_code(r.id),
            cid: QR_CONTENT_ID,
        }),
        ..context
    };
    let rendered = mailer
        .templates
        .render(kind, language, &context)
        .map_err(|e| format!("template {}: {e}", kind.as_str()))?;
    let to = recipient(&r.name, &r.email)?;
    let attachment = invitation(kind).map(|method| Invitation {
        method,
        ics: invitation_ics(state, mailer, kind, method, letter, now),
    });
    // The organisation's address, when it has one (publishing requires it, but an address
    // removed since, or rows from before that rule, fall back to the sender alone). An address
    // that no longer parses costs the header, not the email.
    let reply_to = letter
        .event
        .organisation
        .as_ref()
        .and_then(|o| recipient(&o.name, o.email.as_deref()?).ok());
    let envelope = Envelope {
        host: config.public_url.host_str().unwrap_or_default(),
        language: &language.code,
        reply_to,
        unsubscribe: reminders_off_url,
    };
    compose(&mailer.from, to, &envelope, rendered, attachment, image)
}

/// The event as an iTIP calendar for this registrant: the feeds' VEVENT (same UID), with them
/// as the attendee and the organiser (or, without an address, the sender) as organiser. Its
/// `SEQUENCE` climbs with each of their cancellations, so their calendar applies every message
/// in turn; their own cancellation uninvites them, the event's cancels it for everyone.
fn invitation_ics(
    state: &AppState,
    mailer: &Mailer,
    kind: NotificationKind,
    method: Method,
    letter: &Letter,
    now: DateTime<Utc>,
) -> String {
    let mut entry = calendar_event(&state.config, &letter.event);
    let organiser_name = entry
        .organizer
        .as_ref()
        .map(|(name, _)| name.clone())
        .unwrap_or_else(|| letter.festival.title.clone());
    let organiser_email = entry
        .organizer
        .as_ref()
        .and_then(|(_, email)| email.clone())
        .unwrap_or_else(|| mailer.from.email.to_string());
    entry.organizer = Some((organiser_name, Some(organiser_email)));
    let uninvited = method == Method::Cancel && kind != NotificationKind::EventCancelled;
    entry.attendee = Some(Attendee {
        name: letter.registration.name.clone(),
        email: letter.registration.email.clone(),
        uninvited,
    });
    if method == Method::Cancel && !uninvited {
        entry.cancelled = true;
    }
    entry.sequence = emailed_sequence(entry.sequence, letter.cancellations, method);
    let head = CalendarHead {
        method,
        timezone: Some(letter.festival.timezone.to_string()),
        ..CalendarHead::named(letter.festival.title.clone())
    };
    to_text(&calendar(&head, &[entry], Some(now)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panicking_send_becomes_a_recorded_failure() {
        let outcome = guarded(async { panic!("a deliberately broken row") }).await;
        match outcome {
            Outcome::Failed { error, permanent } => {
                assert!(permanent);
                assert!(error.contains("a deliberately broken row"), "{error}");
            }
            other => panic!("expected a failure, got {other:?}"),
        }
        assert!(matches!(
            guarded(async { Outcome::Sent }).await,
            Outcome::Sent
        ));
    }
}
