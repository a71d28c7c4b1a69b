//! Conditional requests on the feeds: the validators (`ETag`, `Last-Modified`) each feed
//! works out before rendering anything, the bodiless 304 a poll that changed nothing gets, and
//! the headers every feed answer carries. Apart from the handlers so that the rules of RFC 9110
//! (§13) read in one place.

use bytes::Bytes;
use chrono::{DateTime, Utc};
use poem::{
    Request, Response,
    http::{HeaderMap, StatusCode, header},
};

use crate::domain::token;

/// The media type of every calendar a feed answers with (also in the OpenAPI document).
pub(super) const CONTENT_TYPE: &str = "text/calendar; charset=utf-8";

/// What a feed answer is validated by, known before anything is rendered.
#[derive(Clone)]
pub(super) struct Validators {
    /// Derived from the cache key, so every instance gives the same one for the same data.
    etag: String,
    last_modified: DateTime<Utc>,
    /// Whether `last_modified` moves with every change of what the feed holds, so that
    /// `If-Modified-Since` can be trusted. For feeds stamped by their events' count and newest
    /// change it does not (an event moving to another venue leaves the old venue's newest
    /// change as it was): those answer 304 to `If-None-Match` only.
    dated: bool,
    privacy: Privacy,
}

impl Validators {
    pub(super) fn new(
        key: &str,
        last_modified: DateTime<Utc>,
        dated: bool,
        privacy: Privacy,
    ) -> Self {
        Self {
            etag: etag(key),
            last_modified,
            dated,
            privacy,
        }
    }
}

#[derive(Clone, Copy)]
pub(super) enum Privacy {
    /// Shared caches may keep it for five minutes.
    Public,
    /// A person's own feed: only their calendar app may keep it.
    Private,
}

impl Privacy {
    /// Its `Cache-Control`, which the OpenAPI document lists too.
    pub(super) fn cache_control(self) -> &'static str {
        match self {
            Self::Public => "public, max-age=300",
            Self::Private => "private, max-age=300",
        }
    }
}

/// A weak validator: the same data always gives the same key, but the bytes may differ by a
/// cancelled event that aged out within the day.
fn etag(key: &str) -> String {
    format!("W/\"{}\"", &token::hash(key)[..32])
}

fn http_date(at: DateTime<Utc>) -> String {
    at.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

fn common_headers(response: poem::ResponseBuilder, v: &Validators) -> poem::ResponseBuilder {
    response
        .header(header::ETAG, v.etag.as_str())
        .header(header::LAST_MODIFIED, http_date(v.last_modified))
        .header(header::CACHE_CONTROL, v.privacy.cache_control())
}

/// 304 when the client already holds this version.
pub(super) fn not_modified(req: &Request, v: &Validators) -> Option<Response> {
    is_fresh(req.headers(), v)
        .then(|| common_headers(Response::builder().status(StatusCode::NOT_MODIFIED), v).finish())
}

/// `If-None-Match` decides when present (RFC 9110 §13.2.2); otherwise `If-Modified-Since`,
/// where the feed's `Last-Modified` can be trusted.
fn is_fresh(headers: &HeaderMap, v: &Validators) -> bool {
    if let Some(tags) = headers.get(header::IF_NONE_MATCH) {
        let opaque = |t: &str| t.trim().trim_start_matches("W/").to_owned();
        let ours = opaque(&v.etag);
        return tags
            .to_str()
            .unwrap_or_default()
            .split(',')
            .any(|t| t.trim() == "*" || opaque(t) == ours);
    }
    v.dated
        && headers
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|h| h.to_str().ok())
            .and_then(|h| DateTime::parse_from_rfc2822(h).ok())
            .is_some_and(|since| v.last_modified.timestamp() <= since.timestamp())
}

/// A feed's 200. Its `Content-Length` is set here, not left to the server: poem answers a HEAD
/// by emptying its GET's body, and the length would go with it, while calendar clients and
/// proxies read it from a HEAD to decide whether to fetch.
pub(super) fn answer(v: &Validators, body: Bytes, download: Option<String>) -> Response {
    let mut response = common_headers(Response::builder(), v)
        .content_type(CONTENT_TYPE)
        .header(header::CONTENT_LENGTH, body.len());
    if let Some(filename) = download {
        response = response.header(
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        );
    }
    response.body(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(name.clone(), value.parse().expect("a header value"));
        }
        map
    }

    fn validators(dated: bool) -> Validators {
        Validators {
            etag: etag("k"),
            last_modified: Utc::now(),
            dated,
            privacy: Privacy::Public,
        }
    }

    #[test]
    fn if_none_match_compares_weakly_and_takes_lists_and_star() {
        let v = validators(false);
        let opaque = v.etag.trim_start_matches("W/").to_owned();
        let list = format!("\"other\", {}", v.etag);
        for matching in [v.etag.as_str(), opaque.as_str(), list.as_str(), "*"] {
            assert!(
                is_fresh(&headers(&[(header::IF_NONE_MATCH, matching)]), &v),
                "{matching}"
            );
        }
        assert!(!is_fresh(
            &headers(&[(header::IF_NONE_MATCH, "\"other\"")]),
            &v
        ));
    }

    #[test]
    fn if_none_match_wins_over_if_modified_since() {
        let v = validators(true);
        let map = headers(&[
            (header::IF_NONE_MATCH, "\"other\""),
            (header::IF_MODIFIED_SINCE, &http_date(v.last_modified)),
        ]);
        assert!(!is_fresh(&map, &v));
    }

    #[test]
    fn if_modified_since_is_read_at_second_precision_where_it_can_be_trusted() {
        let v = validators(true);
        let same = headers(&[(header::IF_MODIFIED_SINCE, &http_date(v.last_modified))]);
        assert!(is_fresh(&same, &v));
        assert!(
            !is_fresh(&same, &validators(false)),
            "an undated feed ignores it"
        );
        let before = headers(&[(
            header::IF_MODIFIED_SINCE,
            &http_date(v.last_modified - chrono::Duration::seconds(1)),
        )]);
        assert!(!is_fresh(&before, &v));
        let garbage = headers(&[(header::IF_MODIFIED_SINCE, "yesterday")]);
        assert!(!is_fresh(&garbage, &v));
    }
}
