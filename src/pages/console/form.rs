//! What the console's create and edit forms share: the body as sent (text fields, repeated
//! checkboxes, the form token), the few conversions a form makes before the API's own input
//! types take over (numbers, dates, times, lists), and the problems shown at the top and
//! beside each field (GOV.UK's error summary and error message patterns).
//!
//! The rules are the API's: each form builds the API's input (`FestivalInput`, `VenueInput`,
//! `EventInput`) and calls the same operation, so a form refuses exactly what the API
//! refuses, naming the same field.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;

use crate::{
    error::{AppError, FieldError},
    i18n::Language,
    pages::forms::TOKEN_FIELD,
};

/// The body of a form whose button is the whole answer (confirm a question, retry, sign in):
/// only its anti-forgery token.
#[derive(Debug, serde::Deserialize)]
pub struct TokenOnly {
    pub csrf_token: Option<String>,
}

/// A form body as sent.
#[derive(Debug, Default, Clone)]
pub struct Sent {
    fields: Vec<(String, String)>,
}

impl Sent {
    /// Reads a form-urlencoded body.
    pub fn parse(body: &[u8]) -> Self {
        Self {
            fields: url::form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        }
    }

    /// The first value of `name` as typed, or empty.
    pub fn text(&self, name: &str) -> String {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// `name` trimmed, `None` when blank.
    pub fn optional(&self, name: &str) -> Option<String> {
        let text = self.text(name);
        let text = text.trim();
        (!text.is_empty()).then(|| text.to_owned())
    }

    /// Every value of a repeated field (checkboxes).
    pub fn all(&self, name: &str) -> Vec<String> {
        self.fields
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    pub fn checked(&self, name: &str) -> bool {
        self.fields.iter().any(|(k, v)| k == name && !v.is_empty())
    }

    pub fn token(&self) -> Option<String> {
        self.optional(TOKEN_FIELD)
    }

    /// The values as typed, by name, to show the form again (repeated fields as lists).
    pub fn values(&self) -> BTreeMap<String, minijinja::Value> {
        let mut values: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (k, v) in &self.fields {
            if k != TOKEN_FIELD {
                values.entry(k.clone()).or_default().push(v.clone());
            }
        }
        values
            .into_iter()
            .map(|(k, mut v)| {
                let value = if v.len() == 1 {
                    minijinja::Value::from(v.remove(0))
                } else {
                    minijinja::Value::from(v)
                };
                (k, value)
            })
            .collect()
    }
}

/// Collects what a form's own conversions refuse, field by field, before the API's rules run.
#[derive(Debug, Default)]
pub struct Reading {
    pub errors: Vec<FieldError>,
}

impl Reading {
    /// `text` as a whole number, if it is one; `None` when blank.
    pub fn number(
        &mut self,
        field: &str,
        text: Option<String>,
        language: &Language,
    ) -> Option<i32> {
        let text = text?;
        match text.trim().parse() {
            Ok(n) => Some(n),
            Err(_) => {
                self.refuse(field, language, "console-error-number");
                None
            }
        }
    }

    /// `text` as a decimal number (a coordinate), if it is one; `None` when blank.
    pub fn decimal(
        &mut self,
        field: &str,
        text: Option<String>,
        language: &Language,
    ) -> Option<f64> {
        let text = text?;
        match text.trim().replace(',', ".").parse::<f64>() {
            Ok(n) if n.is_finite() => Some(n),
            _ => {
                self.refuse(field, language, "console-error-number");
                None
            }
        }
    }

    /// `text` as a date (`2027-03-09`, as date inputs send it).
    pub fn date(
        &mut self,
        field: &str,
        text: Option<String>,
        language: &Language,
    ) -> Option<NaiveDate> {
        let Some(text) = text else {
            self.refuse(field, language, "console-error-required");
            return None;
        };
        match NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
            Ok(date) => Some(date),
            Err(_) => {
                self.refuse(field, language, "console-error-date");
                None
            }
        }
    }

    /// `text` as a time of day (`10:00`, as time inputs send it; seconds allowed).
    pub fn time(
        &mut self,
        field: &str,
        text: Option<String>,
        language: &Language,
    ) -> Option<NaiveTime> {
        let Some(text) = text else {
            self.refuse(field, language, "console-error-required");
            return None;
        };
        let text = text.trim();
        match NaiveTime::parse_from_str(text, "%H:%M")
            .or_else(|_| NaiveTime::parse_from_str(text, "%H:%M:%S"))
        {
            Ok(time) => Some(time),
            Err(_) => {
                self.refuse(field, language, "console-error-time");
                None
            }
        }
    }

    pub fn refuse(&mut self, field: &str, language: &Language, message: &str) {
        self.errors.push(FieldError::new(
            field,
            language.text(message, poem::i18n::I18NArgs::default()),
        ));
    }
}

/// Tags typed in one field, separated by commas (a tag holds no comma: calendars would read
/// it as two).
pub fn list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// One message of the error summary, linking to its field.
#[derive(Debug, Clone, Serialize)]
pub struct SummaryItem {
    pub href: String,
    pub text: String,
}

/// What a form shows of its problems: the summary at the top, a message beside each field.
#[derive(Debug, Default, Serialize)]
pub struct Problems {
    pub summary: Vec<SummaryItem>,
    pub fields: BTreeMap<String, String>,
}

impl Problems {
    /// The problems of a refused form: each field's first, labelled in the reader's language
    /// (`console-field-<name>`), in the form's order of `fields`. A field the form does not
    /// show (a rule about the whole) goes to the summary alone.
    pub fn new(errors: &[FieldError], fields: &[&str], language: &Language) -> Self {
        let mut problems = Self::default();
        let mut sorted: Vec<&FieldError> = errors.iter().collect();
        let rank = |field: &str| {
            let root = field.split(['[', '.']).next().unwrap_or(field);
            fields
                .iter()
                .position(|f| *f == root)
                .unwrap_or(fields.len())
        };
        sorted.sort_by_key(|e| rank(&e.field));
        for error in sorted {
            let root = error
                .field
                .split(['[', '.'])
                .next()
                .unwrap_or(&error.field)
                .to_owned();
            if problems.fields.contains_key(&root) {
                continue;
            }
            let label = language
                .maybe_text(&format!("console-field-{root}"))
                .unwrap_or_else(|| root.clone());
            let text = language.text(
                "console-error-field",
                (("field", label), ("problem", error.message.clone())),
            );
            let shown = fields.contains(&root.as_str());
            problems.summary.push(SummaryItem {
                href: if shown {
                    format!("#{root}")
                } else {
                    "#form".to_owned()
                },
                text: text.clone(),
            });
            if shown {
                problems.fields.insert(root, text);
            }
        }
        problems
    }

    /// The problems of an operation's refusal, if it is one a person can correct on the form
    /// (invalid fields, a clash, a capacity); `Err` with any other error.
    pub fn of(
        error: AppError,
        fields: &[&str],
        language: &Language,
    ) -> Result<(Self, poem::http::StatusCode), AppError> {
        use poem::http::StatusCode;
        match error {
            AppError::Validation(errors) => Ok((
                Self::new(&errors, fields, language),
                StatusCode::UNPROCESSABLE_ENTITY,
            )),
            AppError::Conflict(detail) => {
                // A conflict names the field it is about when the rule knows it (a venue's
                // clash, a capacity below the seats taken): shown beside it.
                let field = conflict_field(&detail);
                Ok((
                    Self::new(&[FieldError::new(field, detail)], fields, language),
                    StatusCode::CONFLICT,
                ))
            }
            other => Err(other),
        }
    }
}

/// The field a conflict's detail is about, by the words the rules use.
fn conflict_field(detail: &str) -> &'static str {
    let detail = detail.to_lowercase();
    if detail.contains("capacity") || detail.contains("seats") {
        "capacity"
    } else if detail.contains("venue") || detail.contains("overlap") {
        "venue_id"
    } else if detail.contains("slug") {
        "slug"
    } else {
        "form"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Catalogue;

    #[test]
    fn a_body_keeps_repeated_fields_and_the_token_apart() {
        let sent =
            Sent::parse(b"title=+Taller+&access=captioning&access=easy_read&csrf_token=t&empty=");
        assert_eq!(sent.text("title"), " Taller ");
        assert_eq!(sent.optional("title").as_deref(), Some("Taller"));
        assert_eq!(sent.optional("empty"), None);
        assert_eq!(sent.all("access"), ["captioning", "easy_read"]);
        assert_eq!(sent.token().as_deref(), Some("t"));
        assert!(!sent.values().contains_key("csrf_token"));
    }

    #[test]
    fn problems_are_labelled_in_the_readers_language_in_the_forms_order() {
        let catalogue = Catalogue::load().expect("catalogues");
        let es = catalogue.get("es").expect("es");
        let errors = vec![
            FieldError::new("capacity", "must be at least 1"),
            FieldError::new("title", "must not be blank"),
            FieldError::new("title", "too long"),
            FieldError::new("whole", "a rule about the whole"),
        ];
        let problems = Problems::new(&errors, &["title", "capacity"], es);
        let hrefs: Vec<&str> = problems.summary.iter().map(|s| s.href.as_str()).collect();
        assert_eq!(hrefs, ["#title", "#capacity", "#form"]);
        assert!(
            problems.fields["title"].starts_with("Título"),
            "{:?}",
            problems.fields
        );
        assert_eq!(problems.fields.len(), 2);
    }

    #[test]
    fn a_form_reads_numbers_dates_and_times_as_inputs_send_them() {
        let catalogue = Catalogue::load().expect("catalogues");
        let en = catalogue.get("en").expect("en");
        let mut reading = Reading::default();
        assert_eq!(
            reading.number("capacity", Some(" 12 ".into()), en),
            Some(12)
        );
        assert_eq!(reading.number("capacity", None, en), None);
        assert_eq!(
            reading.decimal("latitude", Some("-0,2".into()), en),
            Some(-0.2)
        );
        assert!(reading.date("day", Some("2027-03-09".into()), en).is_some());
        assert!(reading.time("start", Some("10:00".into()), en).is_some());
        assert!(reading.errors.is_empty());
        assert_eq!(reading.number("capacity", Some("doce".into()), en), None);
        assert_eq!(reading.date("day", Some("9/3/2027".into()), en), None);
        assert_eq!(reading.time("start", None, en), None);
        let fields: Vec<&str> = reading.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["capacity", "day", "start"]);
        assert_eq!(list(" niños, familias ,, "), ["niños", "familias"]);
    }
}
