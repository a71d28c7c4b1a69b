//! The OpenAPI document as served at `/openapi.json` and shown at `/docs`: the one poem-openapi
//! generates for [`super::service`], with the path items served from the root (the feeds,
//! `/health`, `/metrics`) given a server of their own.
//! OpenAPI reads every path under the document's server (`…/api/v1`) unless its path item
//! names another, and the feeds are served from the service's root; poem-openapi cannot name
//! a server per path, so it is added to what it wrote.

use std::{collections::HashMap, ops::Range};

use poem::{Endpoint, Response, Route, endpoint::make_sync, web::Html};
use poem_openapi::{OpenApi, OpenApiService};
use serde::Deserialize;
use serde_json::{Value, json, value::RawValue};

use super::feeds::FeedsDescription;

/// The document of `service`, whose feeds are served from `public_base`.
pub fn build(service: &OpenApiService<impl OpenApi, ()>, public_base: &str) -> String {
    let mut at_root: Vec<String> = FeedsDescription::meta()
        .into_iter()
        .flat_map(|api| api.paths)
        .map(|path| path.path)
        .collect();
    at_root.extend(super::ops::PATHS.map(str::to_owned));
    let server = json!([{"url": public_base, "description": "The service's root"}]);
    // Start-up only, on JSON poem-openapi wrote.
    with_server(&service.spec(), &at_root, &server).expect("the OpenAPI document is JSON")
}

/// `spec` with `server` added to the path items of `paths`. Those items are rewritten where they
/// stand and the rest of the text is left as it is: read into a `Value`, the document would
/// not come back the same, as serde_json reads floats to the nearest it can rather than
/// exactly (a `maximum` of `9007199254740991.0` comes back as `…990.0`).
fn with_server(spec: &str, paths: &[String], server: &Value) -> serde_json::Result<String> {
    #[derive(Deserialize)]
    struct Document<'a> {
        #[serde(borrow)]
        paths: HashMap<String, &'a RawValue>,
    }
    let document: Document<'_> = serde_json::from_str(spec)?;
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for path in paths {
        let Some(raw) = document.paths.get(path) else {
            continue;
        };
        let mut item: Value = serde_json::from_str(raw.get())?;
        item["servers"] = server.clone();
        // Where the item stands in `spec`, which `raw` borrows from.
        let start = raw.get().as_ptr().addr() - spec.as_ptr().addr();
        // Indented as a path item is, two levels in.
        let text = serde_json::to_string_pretty(&item)?.replace('\n', "\n    ");
        edits.push((start..start + raw.get().len(), text));
    }
    edits.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
    let mut spec = spec.to_owned();
    for (range, text) in edits {
        spec.replace_range(range, &text);
    }
    Ok(spec)
}

/// Serves `document` as poem-openapi's spec endpoint would.
pub fn endpoint(document: String) -> impl Endpoint {
    make_sync(move |_| {
        Response::builder()
            .content_type("application/json")
            .body(document.clone())
    })
}

/// Swagger UI showing `document`, so that its "Try it out" calls the feeds where they are.
/// poem-openapi's page embeds the document `service` generated; the served one takes its place.
pub fn docs<T: OpenApi>(service: &OpenApiService<T, ()>, document: &str) -> impl Endpoint + use<T> {
    let page = service.swagger_ui_html().replace(&service.spec(), document);
    Route::new()
        .at("/", make_sync(move |_| Html(page.clone())))
        // The rest of poem-openapi's UI (its OAuth2 redirect page) as it was.
        .at("/oauth-receiver.html", service.swagger_ui())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = r#"{
  "paths": {
    "/venues": {
      "get": {"parameters": [{"schema": {"maximum": 9007199254740991.0}}]}
    },
    "/feeds/all.ics": {
      "get": {}
    }
  }
}"#;

    #[test]
    fn only_the_named_path_items_change_and_the_rest_stays_as_written() {
        let server = json!([{"url": "https://convoca.test"}]);
        let paths = ["/feeds/all.ics".to_owned(), "/not/there".to_owned()];
        let out = with_server(SPEC, &paths, &server).expect("JSON");
        let document: Value = serde_json::from_str(&out).expect("JSON");
        assert_eq!(document["paths"]["/feeds/all.ics"]["servers"], server);
        assert!(document["paths"]["/venues"].get("servers").is_none());
        assert!(out.contains("9007199254740991.0"), "{out}");
        let (before, _) = SPEC.split_once(r#""/feeds/all.ics""#).expect("test data");
        assert!(out.starts_with(before), "{out}");
    }
}
