//! The feeds in the OpenAPI document. poem-openapi writes the document from the `OpenApi`
//! impls of the service, and the feeds are served by plain handlers instead (see the parent
//! module), so [`FeedsDescription`] is an `OpenApi` impl that describes them and routes
//! nothing. It is built from poem-openapi's registry types, as its derive macros build theirs;
//! the headers and media type come from [`super::conditional`], which sets them on the
//! answers. The feeds are not under `/api/v1`, the document's server:
//! [`crate::api::document`] gives their paths a server of their own.

use std::collections::HashMap;

use poem::{endpoint::BoxEndpoint, http::Method};
use poem_openapi::{
    ApiResponse, OpenApi, Tags,
    registry::{
        MetaApi, MetaHeader, MetaMediaType, MetaOperation, MetaOperationParam, MetaParamIn,
        MetaPath, MetaResponse, MetaResponses, MetaSchema, MetaSchemaRef, Registry,
    },
    types::Type,
};
use uuid::Uuid;

use super::conditional::{CONTENT_TYPE, Privacy};
use crate::{
    api::ApiTags,
    domain::kinds::EventKind,
    error::{AppError, Problem},
};

/// Describes the feeds in the OpenAPI document; see the module documentation.
pub struct FeedsDescription;

impl OpenApi for FeedsDescription {
    fn meta() -> Vec<MetaApi> {
        vec![MetaApi {
            paths: FEEDS.iter().map(Feed::path).collect(),
        }]
    }

    fn register(registry: &mut Registry) {
        ApiTags::Feeds.register(registry);
        EventKind::register(registry);
        Problem::register(registry);
    }

    /// None: [`super::routes`] serves the feeds, at `/feeds`, outside the OpenAPI service.
    fn add_routes(self, _: &mut HashMap<String, HashMap<Method, BoxEndpoint<'static>>>) {}
}

/// One feed route, as its handler answers.
struct Feed {
    /// Under the service's root, with the file name's parameter as a template.
    path: &'static str,
    /// The parameter in the file name, where there is one.
    file: Option<FileParam>,
    filters: Filters,
    summary: &'static str,
    description: &'static str,
    /// Whether `If-Modified-Since` is honoured (the handler's `Validators::dated`).
    dated: bool,
    privacy: Privacy,
    /// Whether the calendar comes as an attachment (`Content-Disposition`).
    download: bool,
    /// Why the feed may not be found; `None` where the path names nothing that could be missing.
    not_found: Option<&'static str>,
}

struct FileParam {
    name: &'static str,
    uuid: bool,
    description: &'static str,
}

/// The query parameters of a feed (the handlers' `FeedQuery`).
#[derive(PartialEq)]
enum Filters {
    None,
    /// `kind`, `audience`, `theme`, `language`, `accessible`.
    Events,
    /// Those, and `city` and `country`.
    EventsAndPlace,
}

const FEEDS: &[Feed] = &[
    Feed {
        path: "/feeds/festivals/{slug}.ics",
        file: Some(FileParam {
            name: "slug",
            uuid: false,
            description: "The festival's slug.",
        }),
        filters: Filters::Events,
        summary: "A festival's programme as a calendar feed.",
        description: "Every event of a published festival that the filters let through. A \
            cancelled event stays for 30 days after its end, as `STATUS:CANCELLED`, so that \
            subscribed calendars drop it. Send the `ETag` back in `If-None-Match`, or the \
            `Last-Modified` in `If-Modified-Since`: an unchanged feed is a 304 without a body.",
        dated: true,
        privacy: Privacy::Public,
        download: false,
        not_found: Some("No published festival has this slug (a draft has no feed)"),
    },
    Feed {
        path: "/feeds/venues/{id}.ics",
        file: Some(FileParam {
            name: "id",
            uuid: true,
            description: "The venue's id.",
        }),
        filters: Filters::Events,
        summary: "The events at a venue as a calendar feed.",
        description: "The events of published festivals at this venue that the filters let \
            through. Send the `ETag` back in `If-None-Match`: an unchanged feed is a 304 without \
            a body. `If-Modified-Since` is not honoured: an event moving to another venue \
            leaves this feed without moving its `Last-Modified`.",
        dated: false,
        privacy: Privacy::Public,
        download: false,
        not_found: Some("No venue has this id"),
    },
    Feed {
        path: "/feeds/events/{id}.ics",
        file: Some(FileParam {
            name: "id",
            uuid: true,
            description: "The event's id.",
        }),
        filters: Filters::None,
        summary: "One event as a calendar file (\"add to calendar\").",
        description: "The event alone, whatever its age, as an attachment named `{id}.ics`; its \
            `UID` is the one it has in every feed. Send the `ETag` back in `If-None-Match`, or \
            the `Last-Modified` in `If-Modified-Since`: an unchanged event is a 304 without a \
            body.",
        dated: true,
        privacy: Privacy::Public,
        download: true,
        not_found: Some("No event has this id, or its festival is a draft"),
    },
    Feed {
        path: "/feeds/people/{feed_token}.ics",
        file: Some(FileParam {
            name: "feed_token",
            uuid: false,
            description: "The person's feed token. It travels only by email to their address; \
                no API answer reveals it.",
        }),
        filters: Filters::None,
        summary: "A person's own calendar feed.",
        description: "The events one person (one email address) is confirmed for, across \
            festivals, and the cancelled events they were registered for, so that their \
            calendar drops them. Only their calendar app may keep a copy (`Cache-Control: \
            private`). Send the `ETag` back in `If-None-Match`: an unchanged feed is a 304 \
            without a body. `If-Modified-Since` is not honoured: the feed can lose an event \
            without its `Last-Modified` moving.",
        dated: false,
        privacy: Privacy::Private,
        download: false,
        not_found: Some("No one has this feed token"),
    },
    Feed {
        path: "/feeds/all.ics",
        file: None,
        filters: Filters::EventsAndPlace,
        summary: "Every published event, or a city's or country's, as a calendar feed.",
        description: "The events of every published festival, or of those in `city` and \
            `country`, that the filters let through. Send the `ETag` back in `If-None-Match`: \
            an unchanged feed is a 304 without a body. `If-Modified-Since` is not honoured: the \
            feed can lose an event without its `Last-Modified` moving.",
        dated: false,
        privacy: Privacy::Public,
        download: false,
        not_found: None,
    },
];

impl Feed {
    /// `GET`, and `HEAD`, which poem answers from the same handler without the body.
    fn path(&self) -> MetaPath {
        let operation = |method, summary, description| MetaOperation {
            method,
            tags: vec![ApiTags::Feeds.name()],
            summary: Some(summary),
            description,
            external_docs: None,
            params: self.params(),
            request: None,
            responses: self.responses(),
            deprecated: false,
            security: vec![],
            operation_id: None,
            code_samples: vec![],
        };
        MetaPath {
            path: self.path.to_owned(),
            operations: vec![
                operation(Method::GET, self.summary, Some(self.description)),
                operation(
                    Method::HEAD,
                    "The `GET` answer's status and headers, without the calendar.",
                    None,
                ),
            ],
        }
    }

    fn params(&self) -> Vec<MetaOperationParam> {
        let mut params = Vec::new();
        if let Some(file) = &self.file {
            let schema = if file.uuid {
                Uuid::schema_ref()
            } else {
                String::schema_ref()
            };
            params.push(param(
                file.name,
                MetaParamIn::Path,
                schema,
                file.description,
            ));
        }
        if self.filters != Filters::None {
            params.extend(event_filters());
        }
        if self.filters == Filters::EventsAndPlace {
            params.push(query(
                "city",
                String::schema_ref(),
                "Only the festivals of this city (case ignored).",
            ));
            params.push(query(
                "country",
                String::schema_ref(),
                "Only the festivals of this country, an ISO 3166-1 alpha-2 code (case ignored).",
            ));
        }
        params.push(param(
            "If-None-Match",
            MetaParamIn::Header,
            String::schema_ref(),
            "The `ETag`s of the copies the client holds, or `*`: a 304 if one is the feed's. It \
             decides alone when sent.",
        ));
        if self.dated {
            params.push(param(
                "If-Modified-Since",
                MetaParamIn::Header,
                String::schema_ref(),
                "The `Last-Modified` of the copy the client holds (an HTTP date): a 304 if the \
                 feed has not changed since. Ignored with `If-None-Match`.",
            ));
        }
        params
    }

    fn responses(&self) -> MetaResponses {
        let mut calendar_headers = self.validators();
        if self.download {
            calendar_headers.push(header(
                "Content-Disposition",
                "`attachment; filename=\"{id}.ics\"`.",
                String::schema_ref(),
            ));
        }
        let mut responses = vec![
            MetaResponse {
                description: "The calendar (iCalendar, RFC 5545).",
                status: Some(200),
                status_range: None,
                content: vec![MetaMediaType {
                    content_type: CONTENT_TYPE,
                    schema: String::schema_ref(),
                }],
                headers: calendar_headers,
            },
            MetaResponse {
                description: if self.dated {
                    "Not modified: the client's copy (`If-None-Match`, else \
                     `If-Modified-Since`) is current. No body."
                } else {
                    "Not modified: the client's copy (`If-None-Match`) is current. No body."
                },
                status: Some(304),
                status_range: None,
                content: vec![],
                headers: self.validators(),
            },
        ];
        if self.filters != Filters::None {
            responses.push(Problem::documented(400, "A filter is given more than once"));
        }
        if let Some(why) = self.not_found {
            responses.push(Problem::documented(404, why));
        }
        let refused = if self.filters == Filters::None {
            "The URL holds NUL (`%00`)"
        } else {
            "A filter is refused (`kind` no kind of event, `accessible` neither true nor \
             false), or the URL holds NUL (`%00`); listed in `errors`"
        };
        responses.push(Problem::documented(422, refused));
        // What any answer may meet (a bug, the database gone), worded as for every operation.
        let unexpected = AppError::meta().responses.into_iter();
        responses.extend(unexpected.filter(|r| matches!(r.status, Some(500 | 503))));
        MetaResponses { responses }
    }

    /// The headers of a 200 and of a 304 alike.
    fn validators(&self) -> Vec<MetaHeader> {
        let cache_control = MetaSchema {
            enum_items: vec![self.privacy.cache_control().into()],
            ..MetaSchema::new("string")
        };
        vec![
            header(
                "ETag",
                "A weak validator (`W/\"…\"`) to send back in `If-None-Match`.",
                String::schema_ref(),
            ),
            header(
                "Last-Modified",
                "When what the feed holds last changed (an HTTP date).",
                String::schema_ref(),
            ),
            header(
                "Cache-Control",
                "How long a cache may keep the answer, and which caches.",
                MetaSchemaRef::Inline(Box::new(cache_control)),
            ),
        ]
    }
}

/// The filters of the festival, venue and city feeds, as the API's programme takes them.
fn event_filters() -> Vec<MetaOperationParam> {
    // An empty `kind` is no filter, as a form's "any" option sends it.
    let kind = MetaSchema {
        any_of: vec![
            EventKind::schema_ref(),
            MetaSchemaRef::Inline(Box::new(MetaSchema {
                max_length: Some(0),
                ..MetaSchema::new("string")
            })),
        ],
        ..MetaSchema::ANY
    };
    let kind = MetaSchemaRef::Inline(Box::new(kind));
    let mut filters = vec![query(
        "kind",
        kind,
        "Only events of this kind; empty for any.",
    )];
    filters.extend(
        [
            (
                "audience",
                "Only events for this audience (a tag, case ignored).",
            ),
            (
                "theme",
                "Only events with this theme (a tag, case ignored).",
            ),
            ("language", "Only events in this language, e.g. `es`."),
        ]
        .map(|(name, description)| query(name, String::schema_ref(), description)),
    );
    let accessible = "Only events in venues with step-free access.";
    filters.push(query("accessible", bool::schema_ref(), accessible));
    filters
}

fn query(name: &str, schema: MetaSchemaRef, description: &str) -> MetaOperationParam {
    param(name, MetaParamIn::Query, schema, description)
}

fn param(
    name: &str,
    in_type: MetaParamIn,
    schema: MetaSchemaRef,
    description: &str,
) -> MetaOperationParam {
    MetaOperationParam {
        name: name.to_owned(),
        schema,
        in_type,
        description: Some(description.to_owned()),
        required: in_type == MetaParamIn::Path,
        deprecated: false,
        explode: true,
        style: None,
    }
}

fn header(name: &str, description: &str, schema: MetaSchemaRef) -> MetaHeader {
    MetaHeader {
        name: name.to_owned(),
        description: Some(description.to_owned()),
        required: true,
        deprecated: false,
        schema,
    }
}
