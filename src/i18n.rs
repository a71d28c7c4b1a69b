//! The languages of pages and emails: one folder of Fluent catalogues per language under
//! `locales/` (`locales/pt/*.ftl`), compiled into the binary. Adding a language is adding a
//! folder: its `meta.ftl` names it (`language-name`) and says how its dates are written
//! (`date-locale`, a chrono locale such as `pt_BR`); every other message falls back to English
//! when missing. Templates read the messages with `t("id", name=value)` ([`add_translate`]).

use std::{collections::BTreeMap, sync::Arc};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use minijinja::{Environment, Error, ErrorKind, State, Value, value::Kwargs};
use poem::i18n::{I18NArgs, I18NBundle, I18NResources};
use rust_embed::RustEmbed;
use unic_langid::LanguageIdentifier;

// `LANGUAGES`: the folders of `locales/`, listed by `build.rs`, so that the registration API
// accepts a language as soon as its folder exists, with no list to keep in step.
include!(concat!(env!("OUT_DIR"), "/languages.rs"));

#[derive(RustEmbed)]
#[folder = "locales/"]
struct Files;

/// The language every message falls back to, and the one whose catalogue is complete.
pub const FALLBACK: &str = "en";

/// One language the pages can be shown in.
pub struct Language {
    /// Its tag, as in `?lang=` and the folder's name: `es`, `en`, `pt`.
    pub code: String,
    /// Its name in itself, for the switcher.
    pub name: String,
    /// How its dates and times are written.
    pub dates: chrono::Locale,
    /// Its `format-*` patterns, read once: a programme writes hundreds of dates per page.
    patterns: Patterns,
    bundle: I18NBundle,
}

/// A language's chrono strftime patterns (`meta.ftl`).
struct Patterns {
    long: String,
    medium: String,
    short: String,
    time: String,
}

impl Patterns {
    fn of(bundle: &I18NBundle) -> Self {
        // No placeables in a pattern, so the text is the pattern as written.
        let read = |id: &str| bundle.text(id).map(without_isolation).unwrap_or_default();
        Self {
            long: read("format-date-long"),
            medium: read("format-date-medium"),
            short: read("format-date-short"),
            time: read("format-time"),
        }
    }
}

impl Language {
    /// The message `id`, with `args`; the id itself when no catalogue has it (a test checks
    /// that every id is in every catalogue, so a visitor never sees one).
    pub fn text<'a>(&self, id: &str, args: impl Into<I18NArgs<'a>>) -> String {
        self.bundle
            .text_with_args(id, args)
            .map(without_isolation)
            .unwrap_or_else(|_| id.to_owned())
    }

    /// The message `id` when a catalogue has it.
    pub fn maybe_text(&self, id: &str) -> Option<String> {
        self.bundle.text(id).ok().map(without_isolation)
    }

    /// "lunes, 7 de septiembre de 2026": the catalogue's `format-date-long`.
    pub fn long_date(&self, date: NaiveDate) -> String {
        self.format(date.format_localized(&self.patterns.long, self.dates))
    }

    /// "7 de septiembre de 2026": the catalogue's `format-date-medium`.
    pub fn medium_date(&self, date: NaiveDate) -> String {
        self.format(date.format_localized(&self.patterns.medium, self.dates))
    }

    /// The days from `start` to `end`, or the one day when they are the same.
    pub fn date_range(&self, start: NaiveDate, end: NaiveDate) -> String {
        if start == end {
            return self.medium_date(start);
        }
        self.text(
            "date-range",
            (
                ("start", self.medium_date(start)),
                ("end", self.medium_date(end)),
            ),
        )
    }

    /// `rate` (0 to 1) as a whole percentage, the catalogue's way ("42 %", "42%").
    pub fn percent(&self, rate: f64) -> String {
        self.text(
            "figures-percent",
            (("value", (rate * 100.0).round() as i64),),
        )
    }

    /// "lun 7 sept": the catalogue's `format-date-short`, for day headings and tabs.
    pub fn short_date(&self, date: NaiveDate) -> String {
        self.format(date.format_localized(&self.patterns.short, self.dates))
    }

    /// "18:30": the catalogue's `format-time`, in the time zone `at` carries.
    pub fn time<Tz: TimeZone>(&self, at: &DateTime<Tz>) -> String
    where
        Tz::Offset: std::fmt::Display,
    {
        self.format(at.format_localized(&self.patterns.time, self.dates))
    }

    /// "martes, 9 de marzo de 2027, 10:00–12:00 (America/Guayaquil)": when an event happens, in
    /// its festival's time zone, for an email (which, unlike a page, may be read anywhere, so
    /// the zone is named).
    pub fn span(
        &self,
        starts_at: DateTime<Utc>,
        ends_at: DateTime<Utc>,
        tz: chrono_tz::Tz,
    ) -> String {
        let (start, end) = (starts_at.with_timezone(&tz), ends_at.with_timezone(&tz));
        let mut args = I18NArgs::default()
            .set("day", self.long_date(start.date_naive()))
            .set("start", self.time(&start))
            .set("end", self.time(&end))
            .set("zone", tz.name());
        let id = if start.date_naive() == end.date_naive() {
            "time-span"
        } else {
            args = args.set("end_day", self.long_date(end.date_naive()));
            "time-span-days"
        };
        self.text(id, args)
    }

    /// A translator's pattern chrono cannot use gives an empty text rather than a panic
    /// (`to_string` on chrono's formatter panics on a bad pattern; `write!` returns an error).
    fn format(&self, formatted: impl std::fmt::Display) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        if write!(out, "{formatted}").is_err() {
            out.clear();
        }
        out
    }
}

/// Every language, by tag.
pub struct Catalogue {
    languages: BTreeMap<String, Language>,
}

#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    #[error("locales/{0}: {1}")]
    Invalid(String, String),
    #[error("locales/{FALLBACK}/ is missing")]
    NoFallback,
}

impl Catalogue {
    /// Reads the embedded catalogues; a file that does not parse stops start-up.
    pub fn load() -> Result<Self, CatalogueError> {
        let mut builder = I18NResources::builder().default_language(fallback_id());
        let mut codes = Vec::new();
        for path in Files::iter().filter(|p| p.ends_with(".ftl")) {
            let Some((code, _)) = path.split_once('/') else {
                continue;
            };
            let file = Files::get(&path).ok_or_else(|| {
                CatalogueError::Invalid(path.to_string(), "unreadable".to_owned())
            })?;
            let text = String::from_utf8(file.data.into_owned())
                .map_err(|_| CatalogueError::Invalid(path.to_string(), "not UTF-8".to_owned()))?;
            builder = builder.add_ftl(code, text);
            if !codes.iter().any(|c| c == code) {
                codes.push(code.to_owned());
            }
        }
        let resources = builder
            .build()
            .map_err(|e| CatalogueError::Invalid("*".to_owned(), e.to_string()))?;
        let mut languages = BTreeMap::new();
        for code in codes {
            let id: LanguageIdentifier = code
                .parse()
                .map_err(|_| CatalogueError::Invalid(code.clone(), "not a language tag".into()))?;
            let bundle = resources.negotiate_languages(&[id, fallback_id()]);
            let meta = |key: &str| {
                bundle.text(key).map_err(|_| {
                    CatalogueError::Invalid(format!("{code}/meta.ftl"), format!("no `{key}`"))
                })
            };
            let name = meta("language-name")?;
            let dates = meta("date-locale")?.parse().map_err(|_| {
                CatalogueError::Invalid(
                    format!("{code}/meta.ftl"),
                    "`date-locale` is not a chrono locale".to_owned(),
                )
            })?;
            languages.insert(
                code.clone(),
                Language {
                    code,
                    name,
                    dates,
                    patterns: Patterns::of(&bundle),
                    bundle,
                },
            );
        }
        if !languages.contains_key(FALLBACK) {
            return Err(CatalogueError::NoFallback);
        }
        Ok(Self { languages })
    }

    /// The language tagged `code` exactly, if there is one.
    pub fn get(&self, code: &str) -> Option<&Language> {
        self.languages.get(code)
    }

    /// The language for a tag such as `pt-BR` or `ES`: the exact one, else its primary
    /// subtag's.
    pub fn find(&self, tag: &str) -> Option<&Language> {
        let tag = tag.trim().to_ascii_lowercase();
        self.get(&tag).or_else(|| {
            let primary = tag.split(['-', '_']).next()?;
            self.get(primary)
        })
    }

    /// The language tagged `code`, else the fallback: a stored or remembered code may name a
    /// language no longer in `locales/`.
    pub fn get_or_fallback(&self, code: Option<&str>) -> &Language {
        code.and_then(|c| self.get(c))
            .unwrap_or_else(|| self.fallback())
    }

    pub fn fallback(&self) -> &Language {
        // `load` refuses a catalogue without it.
        self.languages
            .get(FALLBACK)
            .or_else(|| self.languages.values().next())
            .expect("the catalogue has the fallback language")
    }

    pub fn languages(&self) -> impl Iterator<Item = &Language> {
        self.languages.values()
    }
}

/// Adds `t("id", name=value)` to `env`: the message in the language named by the template's
/// `lang` variable (the fallback when it has none). What `t` returns is plain text, so an
/// `.html.j2` template escapes it, arguments a person typed included.
pub fn add_translate(env: &mut Environment<'static>, catalogue: Arc<Catalogue>) {
    env.add_function(
        "t",
        move |state: &State<'_, '_>, id: &str, kwargs: Kwargs| -> Result<String, Error> {
            let code = state
                .lookup("lang")
                .and_then(|v| v.as_str().map(str::to_owned));
            let language = catalogue.get_or_fallback(code.as_deref());
            Ok(language.text(id, arguments(&kwargs)?))
        },
    );
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

/// Fluent wraps each argument in Unicode isolation marks (U+2068, U+2069) for mixed
/// right-to-left text. Every catalogue here is left-to-right and the pages set `lang`; the
/// invisible marks would only end up in copied text, page titles and email subjects.
fn without_isolation(text: String) -> String {
    if text.contains(['\u{2068}', '\u{2069}']) {
        text.replace(['\u{2068}', '\u{2069}'], "")
    } else {
        text
    }
}

fn fallback_id() -> LanguageIdentifier {
    LanguageIdentifier::from_bytes(FALLBACK.as_bytes()).unwrap_or_default()
}

/// The message ids of each embedded catalogue file, for the test that they all match.
#[cfg(test)]
fn ids_by_language() -> BTreeMap<String, std::collections::BTreeSet<String>> {
    let mut ids: BTreeMap<String, std::collections::BTreeSet<String>> = BTreeMap::new();
    for path in Files::iter().filter(|p| p.ends_with(".ftl")) {
        let Some((code, _)) = path.split_once('/') else {
            continue;
        };
        let file = Files::get(&path).expect("embedded file");
        let text = String::from_utf8(file.data.into_owned()).expect("UTF-8");
        for line in text.lines() {
            if let Some((id, _)) = line.split_once(" =")
                && !id.starts_with([' ', '#', '-', '['])
                && !id.is_empty()
            {
                ids.entry(code.to_owned())
                    .or_default()
                    .insert(id.to_owned());
            }
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_loads_with_its_name_and_date_locale() {
        let catalogue = Catalogue::load().expect("catalogues load");
        let codes: Vec<&str> = catalogue.languages().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, ["en", "es", "pt"]);
        assert_eq!(LANGUAGES, codes, "build.rs lists the same folders");
        assert_eq!(
            catalogue.get("pt").map(|l| l.name.as_str()),
            Some("Português")
        );
        assert_eq!(
            catalogue.get("es").map(|l| l.dates),
            Some(chrono::Locale::es_ES)
        );
    }

    #[test]
    fn every_message_is_translated_into_every_language() {
        let ids = ids_by_language();
        let english = &ids[FALLBACK];
        for (code, theirs) in &ids {
            let missing: Vec<_> = english.difference(theirs).collect();
            let extra: Vec<_> = theirs.difference(english).collect();
            assert!(missing.is_empty(), "locales/{code} lacks {missing:?}");
            assert!(extra.is_empty(), "locales/{code} has unknown {extra:?}");
        }
    }

    #[test]
    fn a_region_tag_finds_its_language_and_an_unknown_one_nothing() {
        let catalogue = Catalogue::load().expect("catalogues load");
        assert_eq!(catalogue.find("pt-BR").map(|l| l.code.as_str()), Some("pt"));
        assert_eq!(catalogue.find("ES").map(|l| l.code.as_str()), Some("es"));
        assert!(catalogue.find("de").is_none());
    }

    #[test]
    fn arguments_are_placed_and_a_missing_id_shows_itself() {
        let catalogue = Catalogue::load().expect("catalogues load");
        let es = catalogue.get("es").expect("es");
        assert_eq!(
            es.text("skip-to-content", I18NArgs::default()),
            "Ir al contenido"
        );
        assert_eq!(es.text("no-such-id", I18NArgs::default()), "no-such-id");
    }

    #[test]
    fn dates_are_written_the_local_way() {
        let catalogue = Catalogue::load().expect("catalogues load");
        let day = NaiveDate::from_ymd_opt(2026, 9, 7).expect("a date");
        let at = chrono_tz::America::Guayaquil
            .with_ymd_and_hms(2026, 9, 7, 18, 30, 0)
            .single()
            .expect("a time");
        let long = |code: &str| catalogue.get(code).expect(code).long_date(day);
        assert_eq!(long("es"), "lunes, 7 de septiembre de 2026");
        assert_eq!(long("en"), "Monday 7 September 2026");
        assert_eq!(long("pt"), "segunda, 7 de setembro de 2026");
        assert_eq!(catalogue.get("en").expect("en").time(&at), "18:30");
    }

    #[test]
    fn an_events_span_names_its_day_times_and_zone() {
        let catalogue = Catalogue::load().expect("catalogues load");
        let tz = chrono_tz::America::Guayaquil;
        let at = |d: u32, h: u32| {
            Utc.with_ymd_and_hms(2027, 3, d, h, 0, 0)
                .single()
                .expect("a time")
        };
        let es = catalogue.get("es").expect("es");
        assert_eq!(
            es.span(at(9, 15), at(9, 17), tz),
            "martes, 9 de marzo de 2027, 10:00–12:00 (America/Guayaquil)"
        );
        assert_eq!(
            catalogue
                .get("en")
                .expect("en")
                .span(at(9, 15), at(10, 17), tz),
            "Tuesday 9 March 2027, 10:00 – Wednesday 10 March 2027, 12:00 (America/Guayaquil)"
        );
    }
}
