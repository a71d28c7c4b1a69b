//! Rendering a festival feed of 2,000 events, from rows already read to the finished bytes:
//! each event's VEVENT, escaping and folding. (`cargo bench --bench http_load` measures the
//! feed over HTTP, with the database.)

use chrono::{Duration, TimeZone, Utc};
use convoca::{
    config::Config,
    domain::{
        calendar::{CalendarHead, Method, calendar},
        icalendar::to_text,
    },
    store::feeds::FeedEvent,
    store::feeds::calendar_event,
};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use entity::{event, organisation, venue};
use uuid::Uuid;

const EVENTS: usize = 2_000;

fn feed_events() -> Vec<FeedEvent> {
    let at = Utc
        .with_ymd_and_hms(2027, 3, 8, 13, 0, 0)
        .single()
        .expect("a valid date");
    let organisation = organisation::Model {
        id: Uuid::new_v4(),
        slug: "quito".to_owned(),
        name: "Secretaría de Educación de Quito".to_owned(),
        email: Some("festival@quito.gob.ec".to_owned()),
        website: None,
        created_at: at,
        updated_at: at,
    };
    (0..EVENTS)
        .map(|i| {
            let venue = venue::Model {
                id: Uuid::new_v4(),
                organisation_id: organisation.id,
                name: format!("Biblioteca Municipal Nº {}", i % 40),
                address: "Av. García Moreno N3-12 y Espejo, Centro Histórico".to_owned(),
                city: "Quito".to_owned(),
                country: "EC".to_owned(),
                latitude: Some(-0.2201),
                longitude: Some(-78.5123),
                capacity: Some(50),
                accessibility: r#"["step_free_access"]"#.to_owned(),
                description: None,
                created_at: at,
                updated_at: at,
            };
            let starts_at = at + Duration::hours((i % 50) as i64);
            let event = event::Model {
                id: Uuid::new_v4(),
                festival_id: Uuid::nil(),
                title: format!("Taller de robótica educativa para niñas, niños y familias nº {i}"),
                kind: entity::vocabulary::EventKind::Workshop,
                starts_at,
                ends_at: starts_at + Duration::hours(2),
                venue_id: Some(venue.id),
                online_url: None,
                capacity: Some(30),
                registration_required: true,
                audience: r#"["familias","niñez"]"#.to_owned(),
                themes: r#"["ciencia","tecnología"]"#.to_owned(),
                language: Some("es".to_owned()),
                accessibility: "[]".to_owned(),
                host: Some("Fundación Aprender; Quito".to_owned()),
                description: Some(
                    "Construimos y programamos pequeños robots con material reciclado. \
                     Traer, si es posible, una laptop; habrá equipos para quien no tenga.\n\
                     Actividad gratuita, con inscripción previa."
                        .to_owned(),
                ),
                materials_note: Some("Trae tu laptop si puedes".to_owned()),
                status: entity::vocabulary::EventStatus::Scheduled,
                sequence: 1,
                seats_taken: 0,
                waitlist_length: 0,
                seats_version: 0,
                search_text: String::new(),
                created_at: at,
                updated_at: at,
            };
            FeedEvent {
                event,
                venue: Some(venue),
                festival_slug: "semana-del-aprendizaje".to_owned(),
                organisation: Some(organisation.clone()),
            }
        })
        .collect()
}

fn render_feed(c: &mut Criterion) {
    let config = Config::from_lookup(|name| {
        (name == "CONVOCA_PUBLIC_URL").then(|| "https://convoca.quito.gob.ec".to_owned())
    })
    .expect("a valid configuration");
    let events = feed_events();
    let head = CalendarHead {
        name: "Festival del Aprendizaje de Quito".to_owned(),
        description: None,
        timezone: Some("America/Guayaquil".to_owned()),
        method: Method::Publish,
    };
    let bytes = {
        let entries: Vec<_> = events.iter().map(|e| calendar_event(&config, e)).collect();
        to_text(&calendar(&head, &entries, None)).len()
    };
    println!("one feed of {EVENTS} events: {bytes} bytes");
    let mut group = c.benchmark_group("feed");
    group.throughput(Throughput::Elements(EVENTS as u64));
    group.bench_function("render 2,000 events", |b| {
        b.iter(|| {
            let entries: Vec<_> = events.iter().map(|e| calendar_event(&config, e)).collect();
            to_text(&calendar(&head, &entries, None))
        })
    });
    group.finish();
}

criterion_group!(benches, render_feed);
criterion_main!(benches);
