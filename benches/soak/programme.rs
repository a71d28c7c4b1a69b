//! The festival the soak runs on, created through the API as an organiser would: 20 venues in
//! pairs, and 120 one-hour workshops of 20 seats starting from three hours from now, six hours
//! apart in each pair. An event only ever moves within its own slot (by half an hour) or to
//! the other venue of its pair, so the organiser's moves never clash with another event; the
//! first events start within a day, so reminders are due during the soak.

use chrono::{DateTime, Duration, TimeZone, Utc};
use convoca::{domain::access::Actor, state::AppState, store};
use reqwest::Method;
use serde_json::{Value, json};

pub const SLUG: &str = "soak";
const PAIRS: usize = 10;
const SLOTS: usize = 12;
pub const CAPACITY: i32 = 20;
const TIMEZONE: chrono_tz::Tz = chrono_tz::America::Guayaquil;

/// One event and the two places it may be.
#[derive(Debug, Clone)]
pub struct Slot {
    pub id: String,
    pub starts_at: DateTime<Utc>,
    pub venues: [String; 2],
}

/// What the traffic needs to know.
#[derive(Debug)]
pub struct Programme {
    pub base: String,
    pub organiser: String,
    pub events: Vec<Slot>,
}

/// Creates the organisation, its venues, the festival and its events, and publishes it. The
/// tokens are made as `convoca token create` makes them: there is no API for that.
pub async fn create(base: &str, state: &AppState) -> anyhow::Result<Programme> {
    let client = reqwest::Client::new();
    let admin = store::tokens::create(state.db.conn(), Actor::Admin, "soak admin").await?;
    let org = call(
        &client,
        Method::POST,
        &format!("{base}/api/v1/organisations"),
        &admin,
        json!({"slug": "soak-org", "name": "Soak", "email": "soak@example.org"}),
    )
    .await?;
    let organisation_id = text(&org, "id")?.parse()?;
    let organiser = store::tokens::create(
        state.db.conn(),
        Actor::Organiser { organisation_id },
        "soak organiser",
    )
    .await?;
    let mut venues = Vec::with_capacity(PAIRS * 2);
    for v in 0..PAIRS * 2 {
        let venue = call(
            &client,
            Method::POST,
            &format!("{base}/api/v1/venues"),
            &organiser,
            json!({"name": format!("Sede {v}"), "address": format!("Calle {v}"), "city": "Quito",
                   "country": "EC", "capacity": 2 * CAPACITY, "accessibility": ["step_free_access"]}),
        )
        .await?;
        venues.push(text(&venue, "id")?);
    }
    let now = Utc::now();
    let today = now.with_timezone(&TIMEZONE).date_naive();
    call(
        &client,
        Method::POST,
        &format!("{base}/api/v1/festivals"),
        &organiser,
        json!({"slug": SLUG, "title": "Festival del Aprendizaje (soak)", "kind": "festival",
               "city": "Quito", "country": "EC", "timezone": TIMEZONE.name(),
               "starts_on": today, "ends_on": today + Duration::days(6),
               "reminder_offsets_minutes": [1440, 60]}),
    )
    .await?;
    let first = Utc
        .timestamp_opt((now.timestamp() / 3600 + 3) * 3600, 0)
        .single()
        .ok_or_else(|| anyhow::anyhow!("a start time"))?;
    let mut events = Vec::with_capacity(PAIRS * SLOTS);
    for e in 0..PAIRS * SLOTS {
        let (pair, slot) = (e % PAIRS, e / PAIRS);
        let starts_at = first + Duration::hours(6 * slot as i64);
        let pair_venues = [venues[2 * pair].clone(), venues[2 * pair + 1].clone()];
        let event = call(
            &client,
            Method::POST,
            &format!("{base}/api/v1/festivals/{SLUG}/events"),
            &organiser,
            json!({"title": format!("Taller {e}"), "kind": "workshop",
                   "starts_at": starts_at, "ends_at": starts_at + Duration::hours(1),
                   "venue_id": pair_venues[0], "capacity": CAPACITY,
                   "audience": ["familias"], "language": "es"}),
        )
        .await?;
        events.push(Slot {
            id: text(&event, "id")?,
            starts_at,
            venues: pair_venues,
        });
    }
    call(
        &client,
        Method::POST,
        &format!("{base}/api/v1/festivals/{SLUG}/publish"),
        &organiser,
        json!({}),
    )
    .await?;
    Ok(Programme {
        base: base.to_owned(),
        organiser,
        events,
    })
}

/// Sends an authorised JSON request that must succeed, and returns its JSON answer.
async fn call(
    client: &reqwest::Client,
    method: Method,
    url: &str,
    token: &str,
    body: Value,
) -> anyhow::Result<Value> {
    let response = client
        .request(method, url)
        .bearer_auth(token)
        .json(&body)
        .send()
        .await?;
    let status = response.status();
    let text = response.text().await?;
    anyhow::ensure!(status.is_success(), "{url}: {status}: {text}");
    Ok(serde_json::from_str(&text)?)
}

fn text(value: &Value, field: &str) -> anyhow::Result<String> {
    value[field]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| anyhow::anyhow!("no {field} in {value}"))
}
