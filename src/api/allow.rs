//! The `Allow` header on 405 answers (RFC 9110 §15.5.6: a 405 must list what the resource
//! does support).
//!
//! poem's router answers a method it has no handler for with a bare 405 error that does not
//! say which methods exist, so this middleware adds them afterwards. For the JSON API they come
//! from the OpenAPI document itself, so the header and the document cannot disagree. Every
//! route outside the API (feeds, health, metrics, the document and its viewer) is read-only.

use poem::{
    Endpoint, IntoResponse, Middleware, Request, Response,
    http::{HeaderValue, Method, StatusCode, header},
};

/// What the read-only routes outside the API allow (poem answers `HEAD` wherever `GET` exists).
const READ_ONLY: &str = "GET, HEAD";

/// Adds `Allow` to 405 answers; see the module documentation.
#[derive(Clone)]
pub struct AllowHeader {
    /// Where the API is mounted, e.g. `/api/v1`.
    prefix: String,
    /// Each API path as its segments (`None` for a `{parameter}`), with its `Allow` value.
    paths: Vec<(Vec<Option<String>>, HeaderValue)>,
}

impl AllowHeader {
    /// The methods of every path in `spec` (an OpenAPI document in JSON) mounted at `prefix`.
    pub fn from_spec(prefix: &str, spec: &str) -> Self {
        let document: serde_json::Value = serde_json::from_str(spec).unwrap_or_default();
        let paths = document["paths"]
            .as_object()
            .into_iter()
            .flatten()
            .filter_map(|(path, item)| {
                let item = item.as_object()?;
                // A path item with a server of its own (the feeds) is not under `prefix`.
                if item.contains_key("servers") {
                    return None;
                }
                let documented: Vec<String> = item.keys().map(|m| m.to_ascii_uppercase()).collect();
                let allow = [
                    Method::GET,
                    Method::HEAD,
                    Method::POST,
                    Method::PUT,
                    Method::PATCH,
                    Method::DELETE,
                ]
                .into_iter()
                .filter(|m| {
                    documented.iter().any(|d| d == m.as_str())
                        || (*m == Method::HEAD && documented.iter().any(|d| d == "GET"))
                })
                .map(|m| m.to_string())
                .collect::<Vec<_>>()
                .join(", ");
                Some((segments(path), HeaderValue::from_str(&allow).ok()?))
            })
            .collect();
        Self {
            prefix: prefix.trim_end_matches('/').to_owned(),
            paths,
        }
    }

    /// The `Allow` value for a request path.
    pub fn allow(&self, path: &str) -> HeaderValue {
        let Some(rest) = path
            .strip_prefix(&self.prefix)
            .filter(|r| r.starts_with('/'))
        else {
            return HeaderValue::from_static(READ_ONLY);
        };
        let asked: Vec<&str> = rest.trim_start_matches('/').split('/').collect();
        self.paths
            .iter()
            .find(|(template, _)| {
                template.len() == asked.len()
                    && template
                        .iter()
                        .zip(&asked)
                        .all(|(t, a)| t.as_deref().is_none_or(|t| t == *a))
            })
            .map(|(_, allow)| allow.clone())
            // A 405 under the prefix on no documented path cannot happen; say the least.
            .unwrap_or_else(|| HeaderValue::from_static(READ_ONLY))
    }
}

/// `/events/{id}/cancel` as `[Some("events"), None, Some("cancel")]`.
fn segments(path: &str) -> Vec<Option<String>> {
    path.trim_start_matches('/')
        .split('/')
        .map(|s| (!(s.starts_with('{') && s.ends_with('}'))).then(|| s.to_owned()))
        .collect()
}

impl<E: Endpoint> Middleware<E> for AllowHeader {
    type Output = AllowHeaderEndpoint<E>;

    fn transform(&self, ep: E) -> Self::Output {
        AllowHeaderEndpoint {
            ep,
            allow: self.clone(),
        }
    }
}

pub struct AllowHeaderEndpoint<E> {
    ep: E,
    allow: AllowHeader,
}

impl<E: Endpoint> Endpoint for AllowHeaderEndpoint<E> {
    type Output = Response;

    async fn call(&self, req: Request) -> poem::Result<Response> {
        let path = req.uri().path().to_owned();
        let mut response = self.ep.call(req).await?.into_response();
        if response.status() == StatusCode::METHOD_NOT_ALLOWED
            && !response.headers().contains_key(header::ALLOW)
        {
            response
                .headers_mut()
                .insert(header::ALLOW, self.allow.allow(&path));
        }
        Ok(response)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = r#"{"paths":{
        "/events/{id}": {"get": {}, "patch": {}, "delete": {}},
        "/events/{id}/cancel": {"post": {}},
        "/feeds/events/{id}.ics": {"get": {}, "post": {}, "servers": [{"url": "/"}]}
    }}"#;

    #[test]
    fn lists_the_documented_methods_of_the_path_and_head_with_get() {
        let allow = AllowHeader::from_spec("/api/v1", SPEC);
        assert_eq!(allow.allow("/api/v1/events/42"), "GET, HEAD, PATCH, DELETE");
        assert_eq!(allow.allow("/api/v1/events/42/cancel"), "POST");
    }

    #[test]
    fn routes_outside_the_api_are_read_only() {
        let allow = AllowHeader::from_spec("/api/v1", SPEC);
        assert_eq!(allow.allow("/feeds/all.ics"), "GET, HEAD");
        assert_eq!(allow.allow("/api/v10/events/42"), "GET, HEAD");
    }

    #[test]
    fn a_path_served_from_elsewhere_is_not_taken_for_one_under_the_prefix() {
        let allow = AllowHeader::from_spec("/api/v1", SPEC);
        assert_eq!(allow.allow("/api/v1/feeds/events/42.ics"), "GET, HEAD");
    }
}
