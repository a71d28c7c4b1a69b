//! Rendering a page: the templates of `templates/pages/` (HTML auto-escaped, as every name ends
//! in `.html.j2`), the catalogue's `t("id", name=value)` for every word a visitor reads, and the
//! frame every page shares (language, switcher, stylesheet).

use std::sync::Arc;

use minijinja::{Environment, Error, ErrorKind, State, Value, context, value::Kwargs};
use poem::{http::Uri, i18n::I18NArgs, web::Html};
use serde::Serialize;

use super::{
    assets::Stylesheet,
    catalogue::{Catalogue, CatalogueError, Language},
};

/// The pages' templates, languages and stylesheet, loaded once.
pub struct Pages {
    env: Environment<'static>,
    pub catalogue: Arc<Catalogue>,
    pub stylesheet: Stylesheet,
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Catalogue(#[from] CatalogueError),
    #[error(transparent)]
    Template(#[from] Error),
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
    pub fn load() -> Result<Self, LoadError> {
        let catalogue = Arc::new(Catalogue::load()?);
        let mut env = Environment::new();
        crate::mail::templates::embedded(&mut env);
        let lookup = Arc::clone(&catalogue);
        env.add_function(
            "t",
            move |state: &State<'_, '_>, id: &str, kwargs: Kwargs| -> Result<String, Error> {
                let code = state
                    .lookup("lang")
                    .and_then(|v| v.as_str().map(str::to_owned));
                let language = code
                    .as_deref()
                    .and_then(|c| lookup.get(c))
                    .unwrap_or_else(|| lookup.fallback());
                Ok(language.text(id, arguments(&kwargs)?))
            },
        );
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

/// Fluent arguments from a template's keyword arguments: numbers stay numbers (so plurals
/// choose their form), everything else is text.
fn arguments(kwargs: &Kwargs) -> Result<I18NArgs<'static>, Error> {
    let mut args = I18NArgs::default();
    for name in kwargs.args() {
        let value: Value = kwargs.get(name)?;
        args = match i64::try_from(value.clone()) {
            Ok(n) if value.is_number() => args.set(name.to_owned(), n),
            _ if value.is_undefined() || value.is_none() => {
                return Err(Error::new(
                    ErrorKind::UndefinedError,
                    format!("argument `{name}` has no value"),
                ));
            }
            _ => args.set(name.to_owned(), value.to_string()),
        };
    }
    Ok(args)
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
