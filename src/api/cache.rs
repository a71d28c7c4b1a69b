//! Rendered JSON responses, cached per process and keyed by what they were rendered from.
//!
//! A festival's programme changes rarely and is read constantly (phones, city websites, the
//! calendar feeds). Rendering it costs a count, a page of rows and serialisation; serving it
//! from here costs one look-up. Keys carry the festival's `programme_version`, which a database
//! trigger raises on every change to its events, and the festival's own `updated_at` (its
//! timezone reads date filters), so an entry is never served stale, by this process or any
//! other sharing the database: a change simply makes new keys. What depends on other rows
//! (the `accessible` filter reads venues) is not cached.

use std::marker::PhantomData;

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

impl Weighter<String, Bytes> for ByLength {
    fn weight(&self, key: &String, value: &Bytes) -> u64 {
        (key.len() + value.len()) as u64
    }
}

/// The cache of rendered responses.
pub struct ResponseCache(Cache<String, Bytes, ByLength>);

impl Default for ResponseCache {
    fn default() -> Self {
        Self(Cache::with_weighter(4096, CAPACITY_BYTES, ByLength))
    }
}

impl ResponseCache {
    /// The rendering of `key`, made by `render` if it is not cached yet; with no key, rendered
    /// afresh and not kept.
    pub async fn get_or_render<T, E, F>(
        &self,
        key: Option<String>,
        render: F,
    ) -> Result<CachedJson<T>, E>
    where
        T: ToJSON,
        F: Future<Output = Result<T, E>>,
    {
        if let Some(bytes) = key.as_ref().and_then(|key| self.0.get(key)) {
            return Ok(CachedJson::new(bytes));
        }
        let rendered = CachedJson::render(&render.await?);
        if let Some(key) = key {
            self.0.insert(key, rendered.bytes.clone());
        }
        Ok(rendered)
    }
}

impl ResponseCache {
    /// Bytes kept under `key`, made by `render` if they are not cached yet: for bodies that are
    /// not JSON (calendar feeds), under keys of their own (`feed:…`).
    pub async fn bytes_or_render<E, F>(&self, key: String, render: F) -> Result<Bytes, E>
    where
        F: Future<Output = Result<Bytes, E>>,
    {
        if let Some(bytes) = self.0.get(&key) {
            return Ok(bytes);
        }
        let bytes = render.await?;
        self.0.insert(key, bytes.clone());
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
