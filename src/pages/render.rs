//! Rendering a page: the templates of `templates/pages/` (HTML auto-escaped, as every name ends
//! in `.html.j2`), the catalogue's `t("id", name=value)` for every word a visitor reads, and the
//! frame every page shares (language, switcher, stylesheet).

use std::sync::Arc;

use minijinja::{Environment, Error, Value, context};
use poem::{http::Uri, web::Html};
use serde::Serialize;

use super::assets::Stylesheet;
use crate::i18n::{self, Catalogue, Language};

/// The pages' templates, languages and stylesheet, loaded once.
pub struct Pages {
    env: Environment<'static>,
    pub catalogue: Arc<Catalogue>,
    pub stylesheet: Stylesheet,
}

/// One entry of the language switcher.
#[derive(Serialize)]
struct Switch<'a> {
    code: &'a str,
    name: &'a str,
    href: String,
    current: bool,
}

impl Pages {
    pub fn load(catalogue: Arc<Catalogue>) -> Result<Self, Error> {
        let mut env = Environment::new();
        crate::mail::templates::embedded(&mut env);
        i18n::add_translate(&mut env, Arc::clone(&catalogue));
        // Every page template must parse, so a broken one stops start-up, not a visitor.
        let names: Vec<String> = env
            .templates()
            .map(|(name, _)| name.to_owned())
            .filter(|name| name.starts_with("pages/"))
            .collect();
        for name in names {
            env.get_template(&name)?;
        }
        Ok(Self {
            env,
            catalogue,
            stylesheet: Stylesheet::new(),
        })
    }

    /// Renders `templates/pages/<template>` in `language` for the page at `here`, with the
    /// page's own `content` beside the shared frame.
    pub fn render(
        &self,
        template: &str,
        language: &Language,
        here: &Uri,
        content: impl Serialize,
    ) -> Result<Html<String>, Error> {
        let switcher: Vec<Switch<'_>> = self
            .catalogue
            .languages()
            .map(|l| Switch {
                code: &l.code,
                name: &l.name,
                href: with_lang(here, &l.code),
                current: l.code == language.code,
            })
            .collect();
        let frame = context! {
            lang => language.code,
            languages => switcher,
            stylesheet => self.stylesheet.href(),
        };
        let html = self
            .env
            .get_template(&format!("pages/{template}"))?
            .render(context! { ..frame, ..Value::from_serialize(content) })?;
        Ok(Html(html))
    }
}

impl Pages {
    /// Renders `templates/pages/<template>` with `context` alone, outside the page frame (the
    /// sitemap). Names ending in `.xml.j2` are escaped as HTML is, which is valid XML.
    pub fn render_plain(&self, template: &str, context: impl Serialize) -> Result<String, Error> {
        self.env
            .get_template(&format!("pages/{template}"))?
            .render(context)
    }
}

/// `here` with its `lang` query parameter set to `code`, the others kept (so switching
/// language keeps a programme's filters).
pub fn with_lang(here: &Uri, code: &str) -> String {
    let mut query: Vec<(String, String)> = here
        .query()
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .filter(|(k, _)| k != "lang")
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        })
        .unwrap_or_default();
    query.push(("lang".to_owned(), code.to_owned()));
    let encoded = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(query)
        .finish();
    format!("{}?{encoded}", here.path())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn switching_language_keeps_the_other_parameters() {
        let here: Uri = "/festivals/quito?day=2026-09-07&lang=es&audience=ni%C3%B1os"
            .parse()
            .expect("a URI");
        assert_eq!(
            with_lang(&here, "pt"),
            "/festivals/quito?day=2026-09-07&audience=ni%C3%B1os&lang=pt"
        );
        assert_eq!(with_lang(&"/".parse().expect("a URI"), "en"), "/?lang=en");
    }
}
