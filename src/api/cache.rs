//! Rendered JSON responses, cached per process and keyed by what they were rendered from.
//!
//! A festival's programme changes rarely and is read constantly (phones, city websites, the
//! calendar feeds). Rendering it costs a count, a page of rows and serialisation; serving it
//! from here costs one look-up. Keys carry the festival's `programme_version`, which a database
//! trigger raises on every change to its events, and the festival's own `updated_at` (its
//! timezone reads date filters), so an entry is never served stale, by this process or any
//! other sharing the database: a change simply makes a new version. What depends on other
//! rows (the `accessible` filter reads venues) is not cached.
//!
//! Each resource (a feed, a programme page with its filters) keeps its latest rendering only:
//! a new version replaces the old one instead of sitting beside it until the least used go.
//! Old versions are never asked for again, and with one kept per version a busy festival
//! filled the cache with stale renderings (the soak bench saw it grow by a feed every move).

use std::{marker::PhantomData, sync::Arc};

use bytes::Bytes;
use poem::{IntoResponse, Response, http::header};
use poem_openapi::{
    ApiResponse,
    payload::Payload,
    registry::{MetaMediaType, MetaResponse, MetaResponses, MetaSchemaRef, Registry},
    types::{ToJSON, Type},
};
use quick_cache::{Weighter, sync::Cache};

/// At most this many bytes of rendered responses are kept; the least used go first.
const CAPACITY_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Clone)]
struct ByLength;

impl Weighter<String, Rendering> for ByLength {
    fn weight(&self, key: &String, value: &Rendering) -> u64 {
        (key.len() + value.version.len() + value.bytes.len()) as u64
    }
}

/// The latest rendering of a resource, and the version it was made from. Both are shared,
/// so the copy a look-up hands out costs two reference counts, not an allocation.
#[derive(Clone)]
struct Rendering {
    version: Arc<str>,
    bytes: Bytes,
}

/// Where a rendering is kept: the resource (what is rendered, with its filters) and the
/// version of the data it was rendered from.
pub struct CacheKey {
    pub resource: String,
    pub version: String,
}

/// The cache of rendered responses.
pub struct ResponseCache(Cache<String, Rendering, ByLength>);

impl Default for ResponseCache {
    fn default() -> Self {
        Self(Cache::with_weighter(4096, CAPACITY_BYTES, ByLength))
    }
}

impl ResponseCache {
    /// How many bytes of keys and renderings the cache holds now (at most 64 MiB).
    pub fn weight(&self) -> u64 {
        self.0.weight()
    }

    /// The rendering of `key`, made by `render` if it is not cached yet; with no key, rendered
    /// afresh and not kept.
    pub async fn get_or_render<T, E, F>(
        &self,
        key: Option<CacheKey>,
        render: F,
    ) -> Result<CachedJson<T>, E>
    where
        T: ToJSON,
        F: Future<Output = Result<T, E>>,
    {
        if let Some(bytes) = key.as_ref().and_then(|key| self.get(key)) {
            return Ok(CachedJson::new(bytes));
        }
        let rendered = CachedJson::render(&render.await?);
        if let Some(key) = key {
            self.keep(key, rendered.bytes.clone());
        }
        Ok(rendered)
    }

    fn get(&self, key: &CacheKey) -> Option<Bytes> {
        self.0
            .get(&key.resource)
            .filter(|kept| *kept.version == *key.version)
            .map(|kept| kept.bytes)
    }

    /// Keeps `bytes` as the resource's rendering, in place of any other version.
    fn keep(&self, key: CacheKey, bytes: Bytes) {
        let rendering = Rendering {
            version: key.version.into(),
            bytes,
        };
        self.0.insert(key.resource, rendering);
    }
}

impl ResponseCache {
    /// Bytes kept under `key`, made by `render` if they are not cached yet: for bodies that are
    /// not JSON (calendar feeds), under resources of their own (`feed:…`).
    pub async fn bytes_or_render<E, F>(&self, key: CacheKey, render: F) -> Result<Bytes, E>
    where
        F: Future<Output = Result<Bytes, E>>,
    {
        if let Some(bytes) = self.get(&key) {
            return Ok(bytes);
        }
        let bytes = render.await?;
        self.keep(key, bytes.clone());
        Ok(bytes)
    }
}

/// A JSON body of type `T` already rendered to bytes; documented in OpenAPI as a `T`.
pub struct CachedJson<T> {
    bytes: Bytes,
    kind: PhantomData<fn() -> T>,
}

impl<T> CachedJson<T> {
    /// Bytes already known to be the JSON of a `T` (e.g. an answer stored for a retry).
    pub fn new(bytes: Bytes) -> Self {
        Self {
            bytes,
            kind: PhantomData,
        }
    }

    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }
}

impl<T: ToJSON> CachedJson<T> {
    pub fn render(value: &T) -> Self {
        Self::new(Bytes::from(
            serde_json::to_vec(&value.to_json()).unwrap_or_default(),
        ))
    }
}

impl<T: Type> Payload for CachedJson<T> {
    const CONTENT_TYPE: &'static str = "application/json; charset=utf-8";

    fn schema_ref() -> MetaSchemaRef {
        T::schema_ref()
    }

    fn register(registry: &mut Registry) {
        T::register(registry);
    }
}

impl<T: Send> IntoResponse for CachedJson<T> {
    fn into_response(self) -> Response {
        Response::builder()
            .header(header::CONTENT_TYPE, "application/json; charset=utf-8")
            .body(self.bytes)
    }
}

impl<T: Type + Send> ApiResponse for CachedJson<T> {
    fn meta() -> MetaResponses {
        MetaResponses {
            responses: vec![MetaResponse {
                description: "",
                status: Some(200),
                status_range: None,
                content: vec![MetaMediaType {
                    content_type: Self::CONTENT_TYPE,
                    schema: T::schema_ref(),
                }],
                headers: vec![],
            }],
        }
    }

    fn register(registry: &mut Registry) {
        T::register(registry);
    }
}

#[cfg(test)]
mod tests {
    use bytes::Bytes;

    use super::{CacheKey, ResponseCache};

    fn key(version: &str) -> CacheKey {
        CacheKey {
            resource: "feed:festival:quito".to_owned(),
            version: version.to_owned(),
        }
    }

    async fn render(cache: &ResponseCache, version: &str, body: &'static str) -> Bytes {
        cache
            .bytes_or_render(key(version), async { Ok::<_, ()>(Bytes::from(body)) })
            .await
            .unwrap_or_default()
    }

    #[tokio::test]
    async fn a_new_version_replaces_the_old_one_instead_of_sitting_beside_it() {
        let cache = ResponseCache::default();
        assert_eq!(render(&cache, "1", "first").await, "first");
        assert_eq!(render(&cache, "1", "not rendered again").await, "first");
        let one = cache.weight();
        assert_eq!(render(&cache, "2", "second").await, "second");
        assert_eq!(
            cache.weight(),
            one + 1,
            "one rendering kept, one byte longer"
        );
        assert_eq!(render(&cache, "1", "first again").await, "first again");
    }
}
