//! Which language a page is shown in: `?lang=` (and it is remembered in a cookie), then that
//! cookie, then the browser's `Accept-Language`, then Spanish, the language most of the
//! network's cities use.

use crate::i18n::{Catalogue, Language};

/// The cookie that remembers a language chosen with `?lang=`.
pub const COOKIE: &str = "convoca_lang";
/// The language of a visitor who states none we have.
pub const DEFAULT: &str = "es";

/// The language for a request, and whether `?lang=` chose it (so the cookie is set).
pub fn choose<'c>(
    catalogue: &'c Catalogue,
    query: Option<&str>,
    cookie: Option<&str>,
    accept_language: Option<&str>,
) -> (&'c Language, bool) {
    if let Some(language) = query.and_then(|q| catalogue.find(q)) {
        return (language, true);
    }
    let chosen = cookie
        .and_then(|c| catalogue.find(c))
        .or_else(|| {
            accept_language
                .into_iter()
                .flat_map(preferred)
                .find_map(|tag| catalogue.find(tag))
        })
        .or_else(|| catalogue.get(DEFAULT))
        .unwrap_or_else(|| catalogue.fallback());
    (chosen, false)
}

/// The tags of an `Accept-Language` header, most preferred first (RFC 9110 §12.5.4); those
/// with `q=0` are refused, not preferred.
fn preferred(header: &str) -> Vec<&str> {
    let mut tags: Vec<(&str, f32)> = header
        .split(',')
        .filter_map(|item| {
            let mut parts = item.split(';');
            let tag = parts.next()?.trim();
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
            (!tag.is_empty() && tag != "*" && q > 0.0).then_some((tag, q))
        })
        .collect();
    // Stable: equal weights keep the header's order.
    tags.sort_by(|a, b| b.1.total_cmp(&a.1));
    tags.into_iter().map(|(tag, _)| tag).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(query: Option<&str>, cookie: Option<&str>, accept: Option<&str>) -> (String, bool) {
        let catalogue = Catalogue::load().expect("catalogues load");
        let (language, remember) = choose(&catalogue, query, cookie, accept);
        (language.code.clone(), remember)
    }

    #[test]
    fn the_query_wins_and_is_remembered() {
        assert_eq!(
            code(Some("pt"), Some("en"), Some("es")),
            ("pt".into(), true)
        );
    }

    #[test]
    fn then_the_cookie_then_the_browser() {
        assert_eq!(code(None, Some("en"), Some("pt")), ("en".into(), false));
        assert_eq!(
            code(None, None, Some("pt-BR,pt;q=0.9")),
            ("pt".into(), false)
        );
    }

    #[test]
    fn an_unknown_choice_falls_through_to_the_next_source() {
        assert_eq!(
            code(Some("xx"), Some("de"), Some("en-US")),
            ("en".into(), false)
        );
    }

    #[test]
    fn weights_order_the_browser_languages_and_zero_refuses_one() {
        assert_eq!(
            code(None, None, Some("de;q=1, en;q=0.5, pt;q=0.8")),
            ("pt".into(), false)
        );
        assert_eq!(code(None, None, Some("en;q=0, fr")), ("es".into(), false));
    }

    #[test]
    fn nothing_stated_is_spanish_and_garbage_is_ignored() {
        assert_eq!(code(None, None, None), ("es".into(), false));
        assert_eq!(code(None, None, Some(";;q=abc,,")), ("es".into(), false));
    }
}
