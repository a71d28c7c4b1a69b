//! The JSON API under `/api/v1`: one file per resource, each a thin `#[OpenApi]` impl that parses
//! the request, checks who is asking, and hands over to `domain` and `store`.

pub mod allow;
pub mod auth;
pub mod cache;
pub mod client;
pub mod date;
pub mod document;
pub mod events;
pub mod feeds;
pub mod festivals;
pub mod figures;
pub mod json_body;
pub mod json_or_csv;
pub mod notifications;
pub mod ops;
pub mod organisations;
pub mod paging;
pub mod patch;
pub mod registrations;
pub mod registrations_csv;
pub mod timestamp;
pub mod venues;

use poem_openapi::{OpenApi, OpenApiService, Tags};

#[derive(Tags)]
pub enum ApiTags {
    /// Bodies that run festivals (admin).
    Organisations,
    /// Places where learning happens.
    Venues,
    /// Learning festivals, conferences and forums.
    Festivals,
    /// The dated activities of a festival.
    Events,
    /// Citizens' registrations, without an account.
    Registrations,
    /// The emails sent to registrants, as the organiser sees them.
    Notifications,
    /// Calendar feeds (iCalendar) for calendar apps to subscribe to, under `/feeds`.
    Feeds,
    /// For operators and load balancers: health and metrics, at the service's root.
    Operations,
}

/// The OpenAPI service, whose links point at `public_base`.
pub fn service(public_base: &str) -> OpenApiService<impl OpenApi + use<>, ()> {
    OpenApiService::new(
        (
            organisations::OrganisationsApi,
            venues::VenuesApi,
            festivals::FestivalsApi,
            figures::FiguresApi,
            events::EventsApi,
            registrations::RegistrationsApi,
            notifications::NotificationsApi,
            feeds::FeedsDescription,
            ops::OpsDescription,
        ),
        "Convoca",
        env!("CARGO_PKG_VERSION"),
    )
    .description(
        "Learning festivals, conferences and forums for learning cities: venues, programmes, \
         registrations and calendar feeds. Organisers authenticate with `Authorization: Bearer <token>`; \
         published festivals are public. Errors are `application/problem+json` (RFC 9457). \
         No text, in a body or in the URL, may contain NUL (U+0000): PostgreSQL cannot store \
         it, so it is refused with 422. The calendar feeds (`/feeds`), `/health` and `/metrics` \
         are served from the service's root, not `/api/v1`: their paths name their own server.",
    )
    .server(format!("{public_base}/api/v1"))
}
