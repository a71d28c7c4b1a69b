//! `convoca demo`: fills an empty database with a realistic, published example so that the API
//! can be tried at once. It creates the organisation `quito-aprende`, nine venues across Quito,
//! a week-long learning festival and, right after it, a two-day national conference of
//! Ecuador's learning cities (Cuenca, Quito, Loja, Azogues), mostly in Spanish with some Kichwa
//! and English. Dates are computed from today, so the programme always lies in the future.
//!
//! Everything is written in one transaction: a failure leaves nothing half-loaded. Running it
//! again loads nothing more and only issues a fresh organiser token.

use anyhow::Context;
use chrono::{Datelike, Days, NaiveDate, Utc};
use chrono_tz::America::Guayaquil;
use sea_orm::DatabaseTransaction;
use uuid::Uuid;

use crate::{
    config::Config,
    domain::{access::Actor, email::Email, kinds::FestivalStatus, slug::Slug, token::ManageKey},
    error::AppError,
    store::{self, Db, organisations::NewOrganisation},
};

mod programme;

use programme::*;

/// What was loaded, for the summary.
struct Loaded {
    venues: usize,
    festivals: Vec<(&'static str, NaiveDate, NaiveDate, usize)>,
}

/// Loads the demo unless it is already there, then prints an organiser token and URLs to try.
pub async fn load(db: &Db, config: &Config) -> anyhow::Result<()> {
    let key = store::keys::manage_key(db.conn(), config).await?;
    let txn = db.begin_write().await?;
    // "Already loaded" means the demo festival exists. An organisation with the demo's slug
    // but not its festival is someone's own: the demo does not move in with it.
    let (organisation_id, loaded) = match store::festivals::by_slug(&*txn, FESTIVAL_SLUG).await {
        Ok(festival) => (festival.organisation_id, None),
        Err(AppError::NotFound(_)) => {
            match store::organisations::by_slug(&*txn, ORG_SLUG).await {
                Ok(_) => anyhow::bail!(
                    "an organisation `{ORG_SLUG}` already exists and the demo is not loaded: \
                     the demo would add its venues and festivals to it, so it stops here \
                     (load the demo into another database, e.g. DATABASE_URL=sqlite://demo.db?mode=rwc)"
                ),
                Err(AppError::NotFound(_)) => {}
                Err(err) => return Err(err.into()),
            }
            let organisation_id = store::organisations::create(
                &*txn,
                NewOrganisation {
                    slug: Slug::parse(ORG_SLUG).map_err(|e| anyhow::anyhow!("{ORG_SLUG}: {e}"))?,
                    name: "Quito Ciudad del Aprendizaje".to_owned(),
                    // The demo's own address: example.org never receives mail.
                    email: Some("aprende@quito.example.org".to_owned()),
                    website: Some("https://www.quito.gob.ec".to_owned()),
                },
            )
            .await?
            .id;
            (
                organisation_id,
                Some(load_programmes(&txn, &key, organisation_id).await?),
            )
        }
        Err(err) => return Err(err.into()),
    };
    let token = store::tokens::create(&*txn, Actor::Organiser { organisation_id }, "demo").await?;
    txn.commit().await?;

    match loaded {
        Some(loaded) => {
            let events: usize = loaded.festivals.iter().map(|f| f.3).sum();
            println!("Demo loaded: {} venues and {events} events.", loaded.venues);
            for (slug, starts_on, ends_on, count) in &loaded.festivals {
                println!("  {slug}: {starts_on} to {ends_on}, {count} events (published)");
            }
        }
        None => println!("The demo was already loaded; here is a new token for its organisation."),
    }
    println!("Organiser token (shown only once): {token}");
    let base = config.public_base();
    println!(
        "Start the service (if it is not running) with `cargo run --release` or `convoca serve`, then open:"
    );
    println!("  {base}/festivals/{FESTIVAL_SLUG}");
    println!("Try:");
    println!("  {base}/docs");
    println!("  {base}/api/v1/festivals/{FESTIVAL_SLUG}");
    println!("  {base}/api/v1/festivals/{FESTIVAL_SLUG}/events?audience=ni%C3%B1ez");
    println!("  {base}/api/v1/festivals/{CONFERENCE_SLUG}/events");
    println!("Subscribe a calendar app to:");
    println!("  {base}/feeds/festivals/{FESTIVAL_SLUG}.ics");
    println!("  {base}/feeds/festivals/{FESTIVAL_SLUG}.ics?audience=ni%C3%B1ez (children only)");
    Ok(())
}

async fn load_programmes(
    db: &DatabaseTransaction,
    key: &ManageKey,
    organisation_id: Uuid,
) -> anyhow::Result<Loaded> {
    let mut venue_ids = Vec::with_capacity(VENUES.len());
    for venue in &VENUES {
        let row = store::venues::create(db, organisation_id, &venue.spec()).await?;
        venue_ids.push((venue.site, row.id));
    }
    let first_day = festival_start(Utc::now().with_timezone(&Guayaquil).date_naive())?;
    let mut festivals = Vec::with_capacity(PROGRAMMES.len());
    for programme in &PROGRAMMES {
        let spec = programme.spec(first_day)?;
        let festival = store::festivals::create(db, organisation_id, &spec).await?;
        let mut bookable = Vec::new();
        for item in programme.items {
            let event = item.spec(spec.starts_on, &venue_ids)?;
            let created = store::events::create(db, &festival, &event)
                .await
                .with_context(|| format!("event “{}”", item.title))?;
            if created.registration_required && created.capacity.is_some() {
                bookable.push(created);
            }
        }
        store::festivals::set_status(db, festival, FestivalStatus::Published).await?;
        // A few registrations, so that seat counts, waiting lists and organiser views show
        // something: the people of REGISTRANTS on the first bookable events, in turn.
        for (i, (name, email, seats, locale)) in REGISTRANTS.iter().enumerate() {
            if let Some(event) = bookable.get(i % bookable.len().max(1)) {
                let email = Email::parse(email)
                    .with_context(|| format!("the demo's address {email} is not one"))?;
                let new = store::registrations::NewRegistration {
                    name: (*name).to_owned(),
                    email,
                    seats: *seats,
                    locale,
                    access_needs: None,
                };
                let gate = store::registrations::gate(db, event.id, new.email.as_str(), Utc::now())
                    .await?;
                store::registrations::register(db, key, &gate, &new).await?;
            }
        }
        festivals.push((
            programme.slug,
            spec.starts_on,
            spec.ends_on,
            programme.items.len(),
        ));
    }
    Ok(Loaded {
        venues: VENUES.len(),
        festivals,
    })
}

/// The first Monday at least three weeks after `today`, so the demo is always upcoming and
/// its week runs Monday to Sunday.
fn festival_start(today: NaiveDate) -> anyhow::Result<NaiveDate> {
    let earliest = today
        .checked_add_days(Days::new(21))
        .context("date out of range")?;
    let to_monday = (7 - earliest.weekday().num_days_from_monday()) % 7;
    earliest
        .checked_add_days(Days::new(to_monday.into()))
        .context("date out of range")
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::kinds::EventKind;

    #[test]
    fn the_festival_starts_on_a_monday_three_weeks_ahead() {
        for day in 1..=7 {
            let today = NaiveDate::from_ymd_opt(2026, 11, day).expect("a date");
            let start = festival_start(today).expect("in range");
            assert_eq!(start.weekday(), chrono::Weekday::Mon);
            assert!((21..28).contains(&(start - today).num_days()), "{today}");
        }
    }

    #[test]
    fn events_fit_their_venues_and_never_overlap() {
        let mut booked: Vec<(Site, i64, i64, &str)> = Vec::new();
        for programme in &PROGRAMMES {
            for item in programme.items {
                assert!(item.day < programme.days, "{}", item.title);
                let At(site) = item.place else { continue };
                let venue = VENUES.iter().find(|v| v.site == site).expect("a venue");
                if let (Some(seats), Some(room)) = (item.seats, venue.capacity) {
                    assert!(
                        seats <= room,
                        "{} has more seats than {}",
                        item.title,
                        venue.name
                    );
                }
                let day = (programme.offset_days + item.day) as i64;
                let start = day * 1440 + i64::from(item.at.0 * 60 + item.at.1);
                let end = start + item.minutes;
                assert!(
                    end <= (day + 1) * 1440,
                    "{} ends after midnight",
                    item.title
                );
                for (other, from, to, title) in &booked {
                    let clash = *other == site && start < *to && *from < end;
                    assert!(!clash, "{} overlaps {title}", item.title);
                }
                booked.push((site, start, end, item.title));
            }
        }
        let kinds: Vec<EventKind> = FESTIVAL_ITEMS.iter().map(|i| i.kind).collect();
        assert!(EventKind::ALL.iter().all(|k| kinds.contains(k)));
    }
}
