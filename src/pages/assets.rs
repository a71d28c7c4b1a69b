//! The one stylesheet, compiled into the binary and served under a name that carries a hash of
//! its content, so browsers may keep it for a year (`immutable`) and a new release is fetched
//! at once because its name changes.

use poem::{
    IntoResponse, Response,
    http::{StatusCode, header},
    web::{Data, Path},
};
use sha2::{Digest, Sha256};

use crate::state::AppState;

const CSS: &str = include_str!("../../static/convoca.css");

pub struct Stylesheet {
    href: String,
    file_name: String,
}

impl Stylesheet {
    pub fn new() -> Self {
        let digest = Sha256::digest(CSS.as_bytes());
        let hash: String = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
        let file_name = format!("convoca.{hash}.css");
        Self {
            href: format!("/assets/{file_name}"),
            file_name,
        }
    }

    pub fn href(&self) -> &str {
        &self.href
    }
}

impl Default for Stylesheet {
    fn default() -> Self {
        Self::new()
    }
}

/// `GET /assets/{name}`: the stylesheet under its current name; any other name is a 404 (an
/// old name included, so a stale page never pins a stale stylesheet in caches).
#[poem::handler]
pub fn serve(state: Data<&AppState>, name: Path<String>) -> Response {
    if name.0 != state.pages.stylesheet.file_name {
        return StatusCode::NOT_FOUND.into_response();
    }
    CSS.with_content_type("text/css; charset=utf-8")
        .with_header(header::CACHE_CONTROL, "public, max-age=31536000, immutable")
        .into_response()
}
