//! A festival's figures: who registered, for what, where, in which language, who came, who
//! waited in vain, and what people needed to take part. One pure function of the festival's
//! facts and `now` ([`compute`]) feeds the organiser's JSON, the console page and its charts,
//! the weekly report and, with small cells withheld ([`super::open_data`]), open data and the
//! public page, so all of them carry the same numbers.
//!
//! People are counted in seats (a family of three is three people); registrations where the
//! figure says so. The types derive both `serde::Serialize` (pages, CSV, email) and
//! `poem_openapi::Object` (the JSON API's schema): one shape for every view.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use poem_openapi::Object;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{
    access_needs::{NeedKind, kinds_of_need},
    kinds::RegistrationStatus,
};

/// A count of people; `None` only in open data, where a count under 5 (or one that would give
/// such a count away) is withheld.
pub type People = Option<i64>;

/// The key of activities without a venue, in the venue and city figures.
pub const ONLINE: &str = "online";
/// The key of activities that name no language or no audience.
pub const UNSPECIFIED: &str = "unspecified";

/// The festival the figures are of.
#[derive(Debug, Clone)]
pub struct FestivalFacts {
    pub slug: String,
    pub title: String,
    pub timezone: Tz,
    pub published_at: Option<DateTime<Utc>>,
    pub ends_on: NaiveDate,
}

/// Where an activity takes place.
#[derive(Debug, Clone)]
pub struct VenueFacts {
    pub name: String,
    pub city: String,
    pub step_free: bool,
}

/// One activity of the festival.
#[derive(Debug, Clone)]
pub struct ActivityFacts {
    pub id: Uuid,
    pub title: String,
    pub kind: String,
    pub starts_at: DateTime<Utc>,
    pub cancelled: bool,
    /// `None`: open entry, no seats counted.
    pub capacity: Option<i64>,
    pub venue: Option<VenueFacts>,
    pub audience: Vec<String>,
    pub themes: Vec<String>,
    pub language: Option<String>,
}

/// An activity's registrations of one status, checked in or not: how many, and their seats.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityCount {
    pub event_id: Uuid,
    pub status: RegistrationStatus,
    pub checked_in: bool,
    pub registrations: i64,
    pub seats: i64,
}

/// Registrations made (or cancelled) within one quarter of an hour from `at`. Every
/// timezone's offset is a whole number of quarters, so a quarter falls on one local day.
#[derive(Debug, Clone, PartialEq)]
pub struct Moment {
    pub at: DateTime<Utc>,
    pub registrations: i64,
    pub seats: i64,
}

/// What the figures count, summed by the database: per activity, status and check-in, per
/// quarter of an hour for the days, and per text for the needs.
#[derive(Debug, Clone, Default)]
pub struct Counted {
    pub by_activity: Vec<ActivityCount>,
    /// When registrations were made.
    pub made: Vec<Moment>,
    /// When registrations were cancelled.
    pub cancelled: Vec<Moment>,
    /// What live (not cancelled) registrations wrote as their access needs, and how many
    /// wrote each; read only to sort into [`NeedKind`]s, never shown.
    pub needs: Vec<(String, i64)>,
}

/// The people figures of a group of activities (a venue, a theme, a day… or one activity).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Object)]
pub struct Group {
    /// The venue's name, the tag, the kind, the language, the date (`YYYY-MM-DD`), the
    /// activity's title…
    pub key: String,
    /// Scheduled (not cancelled) activities.
    pub activities: u32,
    /// Seats offered by the activities that have a limit.
    pub capacity: i64,
    /// People holding a seat.
    #[oai(nullable)]
    pub confirmed: People,
    /// People still on a waiting list: those who never got a seat, once the activity is over.
    #[oai(nullable)]
    pub waiting: People,
    /// People whose registration was cancelled (by themselves or the organiser).
    #[oai(nullable)]
    pub cancelled: People,
    /// People checked in at the door, for activities that have started.
    #[oai(nullable)]
    pub checked_in: People,
    /// Confirmed people not checked in, for activities that have started.
    #[oai(nullable)]
    pub no_shows: People,
    /// Confirmed seats ÷ capacity, for activities with a limit (0 to 1, four decimals).
    #[oai(nullable)]
    pub fill_rate: Option<f64>,
    /// Checked in ÷ confirmed, for activities that have started.
    #[oai(nullable)]
    pub attendance_rate: Option<f64>,
}

/// One activity's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Object)]
pub struct ActivityRow {
    pub id: Uuid,
    /// The local date it takes place.
    pub day: String,
    /// The venue's name, or `online`.
    pub venue: String,
    pub cancelled: bool,
    /// Whether it has started (attendance is counted only then).
    pub started: bool,
    #[serde(flatten)]
    #[oai(flatten)]
    pub figures: Group,
}

/// Registrations made and cancelled on one local day.
#[derive(Debug, Clone, PartialEq, Serialize, Object)]
pub struct Day {
    pub date: String,
    /// Registrations made that day, whatever became of them.
    #[oai(nullable)]
    pub registrations: People,
    /// Their people.
    #[oai(nullable)]
    pub seats: People,
    /// People whose registration was cancelled that day.
    #[oai(nullable)]
    pub cancellations: People,
}

/// Registrations that declared one kind of access need.
#[derive(Debug, Clone, PartialEq, Serialize, Object)]
pub struct Need {
    /// `mobility`, `hearing`, `vision`, `cognitive` or `other`.
    pub kind: String,
    #[oai(nullable)]
    pub registrations: People,
}

/// The whole festival.
#[derive(Debug, Clone, PartialEq, Serialize, Object)]
pub struct Totals {
    pub cancelled_activities: u32,
    /// Scheduled activities with a venue.
    pub in_person_activities: u32,
    /// Those of them in a venue with step-free access.
    pub step_free_activities: u32,
    #[oai(nullable)]
    pub step_free_share: Option<f64>,
    /// Registrations ever made, whatever became of them.
    #[oai(nullable)]
    pub registrations: People,
    /// Live (not cancelled) registrations that declared an access need.
    #[oai(nullable)]
    pub access_needs: People,
    #[serde(flatten)]
    #[oai(flatten)]
    pub people: Group,
}

/// A festival's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Object)]
pub struct Figures {
    pub festival: String,
    pub title: String,
    pub timezone: String,
    /// When they were counted, in the festival's timezone (RFC 3339).
    pub as_of: String,
    /// Whether counts under 5 people (and those that would give one away) are withheld, as
    /// in open data (they are then `null`).
    pub withheld: bool,
    pub totals: Totals,
    /// Registrations per local day, from publication (or the first registration) on.
    pub days: Vec<Day>,
    pub activities: Vec<ActivityRow>,
    pub venues: Vec<Group>,
    pub cities: Vec<Group>,
    pub audiences: Vec<Group>,
    pub themes: Vec<Group>,
    pub languages: Vec<Group>,
    pub kinds: Vec<Group>,
    /// By the day the activities take place.
    pub programme_days: Vec<Group>,
    pub access_needs: Vec<Need>,
}

/// Sums of people, in seats.
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    activities: u32,
    capacity: i64,
    /// Confirmed seats in activities with a limit: what the fill rate divides.
    limited_confirmed: i64,
    confirmed: i64,
    waiting: i64,
    cancelled: i64,
    checked_in: i64,
    started_confirmed: i64,
}

impl Tally {
    fn add(&mut self, other: &Tally) {
        self.activities += other.activities;
        self.capacity += other.capacity;
        self.limited_confirmed += other.limited_confirmed;
        self.confirmed += other.confirmed;
        self.waiting += other.waiting;
        self.cancelled += other.cancelled;
        self.checked_in += other.checked_in;
        self.started_confirmed += other.started_confirmed;
    }

    fn group(&self, key: String) -> Group {
        Group {
            key,
            activities: self.activities,
            capacity: self.capacity,
            confirmed: Some(self.confirmed),
            waiting: Some(self.waiting),
            cancelled: Some(self.cancelled),
            checked_in: Some(self.checked_in),
            no_shows: Some(self.started_confirmed - self.checked_in),
            fill_rate: rate(self.limited_confirmed, self.capacity),
            attendance_rate: rate(self.checked_in, self.started_confirmed),
        }
    }
}

/// `part ÷ whole` to four decimals; none of nothing.
pub fn rate(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| ((part as f64 / whole as f64) * 10_000.0).round() / 10_000.0)
}

/// The festival's figures at `now`.
pub fn compute(
    festival: &FestivalFacts,
    activities: &[ActivityFacts],
    counted: &Counted,
    now: DateTime<Utc>,
) -> Figures {
    let tz = festival.timezone;
    let local_day = |at: DateTime<Utc>| at.with_timezone(&tz).date_naive();
    let index: HashMap<Uuid, usize> = activities
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id, i))
        .collect();
    let mut tallies: Vec<Tally> = activities
        .iter()
        .map(|a| Tally {
            activities: u32::from(!a.cancelled),
            capacity: if a.cancelled {
                0
            } else {
                a.capacity.unwrap_or(0)
            },
            ..Tally::default()
        })
        .collect();
    let mut days: BTreeMap<NaiveDate, [i64; 3]> = BTreeMap::new();
    let mut needs: BTreeMap<NeedKind, i64> = BTreeMap::new();
    let mut made = 0;
    for c in &counted.by_activity {
        let Some(&i) = index.get(&c.event_id) else {
            continue;
        };
        let (activity, tally) = (&activities[i], &mut tallies[i]);
        made += c.registrations;
        match c.status {
            RegistrationStatus::Confirmed => {
                tally.confirmed += c.seats;
                if activity.capacity.is_some() {
                    tally.limited_confirmed += c.seats;
                }
                if activity.starts_at <= now {
                    tally.started_confirmed += c.seats;
                    if c.checked_in {
                        tally.checked_in += c.seats;
                    }
                }
            }
            RegistrationStatus::Waitlisted => tally.waiting += c.seats,
            RegistrationStatus::Cancelled => tally.cancelled += c.seats,
        }
    }
    for m in &counted.made {
        let day = days.entry(local_day(m.at)).or_default();
        day[0] += m.registrations;
        day[1] += m.seats;
    }
    for m in &counted.cancelled {
        days.entry(local_day(m.at)).or_default()[2] += m.seats;
    }
    // Texts that differ only by surrounding spaces are one text; blank ones declare nothing.
    let mut texts: HashMap<&str, i64> = HashMap::new();
    for (text, count) in &counted.needs {
        let text = text.trim();
        if !text.is_empty() {
            *texts.entry(text).or_default() += count;
        }
    }
    let declared = texts.values().sum();
    for (text, count) in texts {
        for kind in kinds_of_need(text) {
            *needs.entry(kind).or_default() += count;
        }
    }

    let mut total = Tally::default();
    let (mut in_person, mut step_free) = (0, 0);
    for (activity, tally) in activities.iter().zip(&tallies) {
        total.add(tally);
        if let (false, Some(venue)) = (activity.cancelled, &activity.venue) {
            in_person += 1;
            step_free += u32::from(venue.step_free);
        }
    }
    let by = |keys: &dyn Fn(&ActivityFacts) -> Vec<String>| -> Vec<Group> {
        let mut groups: BTreeMap<String, Tally> = BTreeMap::new();
        for (activity, tally) in activities.iter().zip(&tallies) {
            for key in keys(activity) {
                groups.entry(key).or_default().add(tally);
            }
        }
        groups.into_iter().map(|(key, t)| t.group(key)).collect()
    };
    let or_unspecified = |tags: &[String]| -> Vec<String> {
        if tags.is_empty() {
            vec![UNSPECIFIED.to_owned()]
        } else {
            tags.to_vec()
        }
    };
    let venue_name = |a: &ActivityFacts| a.venue.as_ref().map_or(ONLINE, |v| &v.name).to_owned();

    let mut rows: Vec<(DateTime<Utc>, ActivityRow)> = activities
        .iter()
        .zip(&tallies)
        .map(|(a, t)| {
            let row = ActivityRow {
                id: a.id,
                day: local_day(a.starts_at).to_string(),
                venue: venue_name(a),
                cancelled: a.cancelled,
                started: a.starts_at <= now,
                figures: t.group(a.title.clone()),
            };
            (a.starts_at, row)
        })
        .collect();
    rows.sort_by(|(a, x), (b, y)| a.cmp(b).then_with(|| x.figures.key.cmp(&y.figures.key)));

    Figures {
        festival: festival.slug.clone(),
        title: festival.title.clone(),
        timezone: tz.name().to_owned(),
        as_of: now.with_timezone(&tz).to_rfc3339(),
        withheld: false,
        totals: Totals {
            cancelled_activities: activities.iter().filter(|a| a.cancelled).count() as u32,
            in_person_activities: in_person,
            step_free_activities: step_free,
            step_free_share: rate(i64::from(step_free), i64::from(in_person)),
            registrations: Some(made),
            access_needs: Some(declared),
            people: total.group("all".to_owned()),
        },
        days: day_rows(&days, festival, local_day(now)),
        activities: rows.into_iter().map(|(_, row)| row).collect(),
        venues: by(&|a| vec![venue_name(a)]),
        cities: by(&|a| vec![a.venue.as_ref().map_or(ONLINE, |v| &v.city).to_owned()]),
        audiences: by(&|a| or_unspecified(&a.audience)),
        themes: by(&|a| or_unspecified(&a.themes)),
        languages: by(&|a| vec![a.language.clone().unwrap_or_else(|| UNSPECIFIED.to_owned())]),
        kinds: by(&|a| vec![a.kind.clone()]),
        programme_days: by(&|a| vec![local_day(a.starts_at).to_string()]),
        access_needs: NeedKind::ALL
            .iter()
            .map(|kind| Need {
                kind: kind.as_str().to_owned(),
                registrations: Some(needs.get(kind).copied().unwrap_or(0)),
            })
            .collect(),
    }
}

/// The longest run of days listed one by one (empty days included); a longer history lists
/// only its days with registrations.
const MAX_DAYS: i64 = 400;

/// One row per day from publication (or the first registration, if earlier) to the last day
/// with a registration or today, whichever is later but not after the festival's end.
fn day_rows(
    days: &BTreeMap<NaiveDate, [i64; 3]>,
    festival: &FestivalFacts,
    today: NaiveDate,
) -> Vec<Day> {
    let row = |date: NaiveDate, [registrations, seats, cancellations]: [i64; 3]| Day {
        date: date.to_string(),
        registrations: Some(registrations),
        seats: Some(seats),
        cancellations: Some(cancellations),
    };
    let published = festival
        .published_at
        .map(|at| at.with_timezone(&festival.timezone).date_naive());
    let first = [published, days.keys().next().copied()]
        .into_iter()
        .flatten()
        .min();
    let last = [
        days.keys().next_back().copied(),
        Some(today.min(festival.ends_on)),
    ]
    .into_iter()
    .flatten()
    .max();
    match (first, last) {
        (Some(first), Some(last)) if first <= last && (last - first).num_days() <= MAX_DAYS => {
            first
                .iter_days()
                .take_while(|d| *d <= last)
                .map(|d| row(d, days.get(&d).copied().unwrap_or_default()))
                .collect()
        }
        _ => days.iter().map(|(d, v)| row(*d, *v)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    /// One registration, as much of it as the figures read.
    #[derive(Debug, Clone)]
    struct RegistrationFacts {
        event_id: Uuid,
        seats: i64,
        status: RegistrationStatus,
        created_at: DateTime<Utc>,
        cancelled_at: Option<DateTime<Utc>>,
        checked_in: bool,
        /// Read only to sort into [`NeedKind`]s; never shown.
        access_needs: Option<String>,
    }

    impl Counted {
        /// The same sums from one row per registration (what the database sums, done by hand).
        fn of(registrations: &[RegistrationFacts]) -> Self {
            let mut counted = Counted::default();
            for r in registrations {
                let key = (r.event_id, r.status, r.checked_in);
                match counted
                    .by_activity
                    .iter_mut()
                    .find(|c| (c.event_id, c.status, c.checked_in) == key)
                {
                    Some(c) => {
                        c.registrations += 1;
                        c.seats += r.seats;
                    }
                    None => counted.by_activity.push(ActivityCount {
                        event_id: r.event_id,
                        status: r.status,
                        checked_in: r.checked_in,
                        registrations: 1,
                        seats: r.seats,
                    }),
                }
                let moment = |at| Moment {
                    at,
                    registrations: 1,
                    seats: r.seats,
                };
                counted.made.push(moment(r.created_at));
                if let (RegistrationStatus::Cancelled, Some(at)) = (r.status, r.cancelled_at) {
                    counted.cancelled.push(moment(at));
                }
                if let (false, Some(text)) = (
                    r.status == RegistrationStatus::Cancelled,
                    r.access_needs.as_ref(),
                ) {
                    counted.needs.push((text.clone(), 1));
                }
            }
            counted
        }
    }

    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0).unwrap()
    }

    fn activity(title: &str, capacity: Option<i64>, starts_at: DateTime<Utc>) -> ActivityFacts {
        ActivityFacts {
            id: Uuid::new_v4(),
            title: title.to_owned(),
            kind: "workshop".to_owned(),
            starts_at,
            cancelled: false,
            capacity,
            venue: Some(VenueFacts {
                name: "Biblioteca".to_owned(),
                city: "Quito".to_owned(),
                step_free: true,
            }),
            audience: vec!["families".to_owned()],
            themes: vec![],
            language: Some("es".to_owned()),
        }
    }

    fn registration(event: Uuid, seats: i64, status: RegistrationStatus) -> RegistrationFacts {
        RegistrationFacts {
            event_id: event,
            seats,
            status,
            created_at: at(20, 15),
            cancelled_at: (status == RegistrationStatus::Cancelled).then(|| at(21, 15)),
            checked_in: false,
            access_needs: None,
        }
    }

    fn festival() -> FestivalFacts {
        FestivalFacts {
            slug: "f".to_owned(),
            title: "F".to_owned(),
            timezone: chrono_tz::America::Guayaquil,
            published_at: Some(at(19, 15)),
            ends_on: NaiveDate::from_ymd_opt(2026, 11, 30).expect("a date"),
        }
    }

    #[test]
    fn attendance_counts_only_activities_that_have_started() {
        let started = activity("Robótica", Some(10), at(25, 15));
        let later = activity("Cerámica", Some(10), at(28, 15));
        let mut came = registration(started.id, 3, RegistrationStatus::Confirmed);
        came.checked_in = true;
        let mut early = registration(later.id, 2, RegistrationStatus::Confirmed);
        early.checked_in = true;
        let regs = vec![
            came,
            registration(started.id, 2, RegistrationStatus::Confirmed),
            early,
            registration(later.id, 4, RegistrationStatus::Waitlisted),
            registration(later.id, 1, RegistrationStatus::Cancelled),
        ];
        let figures = compute(
            &festival(),
            &[started, later],
            &Counted::of(&regs),
            at(26, 12),
        );
        let all = &figures.totals.people;
        assert_eq!(all.confirmed, Some(7));
        assert_eq!(all.checked_in, Some(3));
        assert_eq!(all.no_shows, Some(2));
        assert_eq!(all.attendance_rate, Some(0.6));
        assert_eq!(all.fill_rate, Some(0.35));
        assert_eq!(all.waiting, Some(4));
        assert_eq!(all.cancelled, Some(1));
        assert_eq!(figures.totals.registrations, Some(5));
        let days: Vec<_> = figures
            .days
            .iter()
            .map(|d| (d.date.as_str(), d.registrations, d.seats, d.cancellations))
            .collect();
        assert_eq!(
            days,
            vec![
                ("2026-11-19", Some(0), Some(0), Some(0)),
                ("2026-11-20", Some(5), Some(12), Some(0)),
                ("2026-11-21", Some(0), Some(0), Some(1)),
                ("2026-11-22", Some(0), Some(0), Some(0)),
                ("2026-11-23", Some(0), Some(0), Some(0)),
                ("2026-11-24", Some(0), Some(0), Some(0)),
                ("2026-11-25", Some(0), Some(0), Some(0)),
                ("2026-11-26", Some(0), Some(0), Some(0)),
            ]
        );
    }

    #[test]
    fn open_entry_activities_count_people_but_no_fill_rate() {
        let open = activity("Feria", None, at(25, 15));
        let regs = vec![registration(open.id, 5, RegistrationStatus::Confirmed)];
        let figures = compute(&festival(), &[open], &Counted::of(&regs), at(20, 0));
        assert_eq!(figures.activities[0].figures.confirmed, Some(5));
        assert_eq!(figures.activities[0].figures.fill_rate, None);
        assert_eq!(figures.totals.people.capacity, 0);
    }

    #[test]
    fn needs_are_counted_by_kind_for_live_registrations_only() {
        let a = activity("Robótica", Some(10), at(25, 15));
        let mut wheel = registration(a.id, 1, RegistrationStatus::Confirmed);
        wheel.access_needs = Some("silla de ruedas e intérprete de señas".to_owned());
        let mut gone = registration(a.id, 1, RegistrationStatus::Cancelled);
        gone.access_needs = Some("braille".to_owned());
        let mut blank = registration(a.id, 1, RegistrationStatus::Confirmed);
        blank.access_needs = Some("  ".to_owned());
        let figures = compute(
            &festival(),
            &[a],
            &Counted::of(&[wheel, gone, blank]),
            at(20, 0),
        );
        assert_eq!(figures.totals.access_needs, Some(1));
        let needs: Vec<_> = figures
            .access_needs
            .iter()
            .map(|n| (n.kind.as_str(), n.registrations))
            .collect();
        assert_eq!(
            needs,
            vec![
                ("mobility", Some(1)),
                ("hearing", Some(1)),
                ("vision", Some(0)),
                ("cognitive", Some(0)),
                ("other", Some(0)),
            ]
        );
    }

    #[test]
    fn groups_split_by_tag_venue_and_day() {
        let mut a = activity("A", Some(10), at(25, 15));
        a.audience = vec!["families".to_owned(), "children".to_owned()];
        let mut b = activity("B", Some(10), at(26, 15));
        b.venue = None;
        b.audience = vec![];
        let regs = vec![
            registration(a.id, 3, RegistrationStatus::Confirmed),
            registration(b.id, 2, RegistrationStatus::Confirmed),
        ];
        let figures = compute(&festival(), &[a, b], &Counted::of(&regs), at(20, 0));
        let keys = |groups: &[Group]| -> Vec<(String, Option<i64>)> {
            groups
                .iter()
                .map(|g| (g.key.clone(), g.confirmed))
                .collect()
        };
        assert_eq!(
            keys(&figures.audiences),
            vec![
                ("children".to_owned(), Some(3)),
                ("families".to_owned(), Some(3)),
                ("unspecified".to_owned(), Some(2)),
            ]
        );
        assert_eq!(
            keys(&figures.venues),
            vec![
                ("Biblioteca".to_owned(), Some(3)),
                ("online".to_owned(), Some(2))
            ]
        );
        assert_eq!(figures.totals.in_person_activities, 1);
        assert_eq!(figures.totals.step_free_share, Some(1.0));
        assert_eq!(
            keys(&figures.programme_days),
            vec![
                ("2026-11-25".to_owned(), Some(3)),
                ("2026-11-26".to_owned(), Some(2))
            ]
        );
    }
}
