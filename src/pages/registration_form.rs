//! The registration form of an activity page: what it sent, the registration it makes (by the
//! same rules as the JSON API: [`RegistrationFields::parse`]), and the messages it shows when
//! something must be corrected, in the visitor's language, one per field, in the form's order.

use std::collections::BTreeMap;

use serde::Serialize;

use super::forms;
use crate::domain::{
    registrant::{EMAIL_LOCALES, Field, NewRegistration, RegistrationFields},
    registration::choose_locale,
};
use crate::i18n::{Catalogue, Language};

pub use super::forms::MAX_BODY_BYTES;

/// What the form sent, as typed (shown again when something must be corrected). The
/// anti-forgery token and the honeypot are kept apart and never shown again.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Values {
    pub name: String,
    pub email: String,
    pub seats: String,
    pub locale: String,
    pub access_needs: String,
    pub consent: bool,
}

impl Values {
    /// An empty form: one seat, and emails in the page's language when they can be written
    /// in it (else by the API's rule, which is English).
    pub fn blank(language: &Language) -> Self {
        Self {
            seats: "1".to_owned(),
            locale: choose_locale(Some(&language.code), None).to_owned(),
            ..Self::default()
        }
    }
}

/// A submitted form.
#[derive(Debug, Default)]
pub struct Submission {
    pub values: Values,
    pub token: Option<String>,
    pub honeypot: Option<String>,
}

impl Submission {
    /// Reads a form-urlencoded body; unknown fields are ignored, and of a repeated field the
    /// first counts.
    pub fn parse(body: &[u8]) -> Self {
        let mut fields: BTreeMap<String, String> = BTreeMap::new();
        for (key, value) in url::form_urlencoded::parse(body) {
            fields.entry(key.into_owned()).or_insert(value.into_owned());
        }
        let mut take = |name: &str| fields.remove(name);
        Self {
            values: Values {
                name: take("name").unwrap_or_default(),
                email: take("email").unwrap_or_default(),
                seats: take("seats").unwrap_or_default(),
                locale: take("locale").unwrap_or_default(),
                access_needs: take("access_needs").unwrap_or_default(),
                consent: take("consent").is_some_and(|v| !v.is_empty()),
            },
            token: take(forms::TOKEN_FIELD),
            honeypot: take(forms::HONEYPOT_FIELD),
        }
    }

    /// The registration the form makes, or what must be corrected. `accept_language` chooses
    /// the emails' language when the form sends none, as it does for the API.
    pub fn registration(
        &self,
        accept_language: Option<&str>,
    ) -> Result<NewRegistration, Vec<Problem>> {
        let v = &self.values;
        let optional = |text: &str| (!text.is_empty()).then(|| text.to_owned());
        // A number field sends text; a browser without number inputs may send anything.
        let (seats, not_a_number) = match v.seats.trim() {
            "" => (None, false),
            text => match text.parse::<i32>() {
                Ok(n) => (Some(n), false),
                Err(_) => (None, true),
            },
        };
        let fields = RegistrationFields {
            name: v.name.clone(),
            email: v.email.clone(),
            seats,
            locale: optional(&v.locale),
            access_needs: optional(&v.access_needs),
            consent: v.consent,
        };
        let mut problems: Vec<Problem> = match fields.parse(accept_language) {
            Ok(new) if !not_a_number => return Ok(new),
            Ok(_) => Vec::new(),
            Err(refused) => refused
                .0
                .iter()
                .map(|i| Problem::Field(i.field, i.rule.as_str()))
                .collect(),
        };
        if not_a_number {
            problems.push(Problem::Field(Field::Seats, "not_a_number"));
        }
        Err(problems)
    }
}

/// Something the person must correct or know before sending the form again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// A field, and the rule it broke (a [`Rule`]'s name, or one of the form's own:
    /// `not_a_number`, `already_registered`, `daily_limit`).
    Field(Field, &'static str),
    /// Registration closed while the form was open: `cancelled` or `started`.
    Closed(&'static str),
}

/// One message of the error summary, linking to its field.
#[derive(Debug, Clone, Serialize)]
pub struct SummaryItem {
    pub href: String,
    pub text: String,
}

/// What the page shows of the form's problems: the summary at the top, and a message above
/// each field (by field name).
#[derive(Debug, Default, Serialize)]
pub struct Messages {
    pub summary: Vec<SummaryItem>,
    pub fields: BTreeMap<&'static str, String>,
}

impl Messages {
    /// The messages for `problems` in `language`: one per field (the first rule it broke, in
    /// the form's order of fields).
    pub fn new(problems: &[Problem], language: &Language) -> Self {
        let mut messages = Self::default();
        let mut fields: Vec<(Field, &str)> = problems
            .iter()
            .filter_map(|p| match p {
                Problem::Field(field, rule) => Some((*field, *rule)),
                Problem::Closed(_) => None,
            })
            .collect();
        fields.sort_by_key(|(field, _)| *field);
        for (field, rule) in fields {
            if messages.fields.contains_key(field.as_str()) {
                continue;
            }
            let text = field_message(language, field, rule);
            messages.summary.push(SummaryItem {
                href: format!("#{}", field_id(field)),
                text: text.clone(),
            });
            messages.fields.insert(field.as_str(), text);
        }
        for problem in problems {
            if let Problem::Closed(why) = problem {
                messages.summary.push(SummaryItem {
                    href: "#registration".to_owned(),
                    text: text(language, &format!("activity-error-closed-{why}")),
                });
            }
        }
        messages
    }

    pub fn is_empty(&self) -> bool {
        self.summary.is_empty()
    }
}

/// The `id` of a field's input in the page (the first radio button of the email language).
pub fn field_id(field: Field) -> &'static str {
    field.as_str()
}

fn field_message(language: &Language, field: Field, rule: &str) -> String {
    let id = format!("activity-error-{}-{rule}", field.as_str());
    language.maybe_text(&id).unwrap_or_else(|| {
        let label = text(language, &format!("form-{}", field.as_str()));
        language.text("activity-error-other", (("field", label),))
    })
}

fn text(language: &Language, id: &str) -> String {
    language.text(id, poem::i18n::I18NArgs::default())
}

/// The languages the emails can be written in, for the form's choice: the visitor's first
/// (it is the one checked), then the others in the catalogue's order, each with its name in
/// itself.
pub fn email_languages<'c>(catalogue: &'c Catalogue, visitor: &'c Language) -> Vec<&'c Language> {
    std::iter::once(visitor)
        .chain(
            catalogue
                .languages()
                .filter(|l| l.code != visitor.code && EMAIL_LOCALES.contains(&l.code.as_str())),
        )
        .collect()
}

/// Every message id [`Messages::new`] may ask for, so a test can check each is translated.
#[cfg(test)]
fn every_message_id() -> Vec<String> {
    use crate::domain::registrant::Rule;
    let rules = [
        (
            Field::Name,
            vec![Rule::Missing, Rule::TooLong, Rule::ControlCharacters],
        ),
        (Field::Email, vec![Rule::Missing, Rule::NotAnEmail]),
        (Field::Seats, vec![Rule::OutOfRange]),
        (Field::Locale, vec![Rule::UnknownLanguage]),
        (
            Field::AccessNeeds,
            vec![Rule::TooLong, Rule::ControlCharacters],
        ),
        (Field::Consent, vec![Rule::NoConsent]),
    ];
    let mut ids: Vec<String> = rules
        .iter()
        .flat_map(|(field, rules)| {
            rules
                .iter()
                .map(move |r| format!("activity-error-{}-{}", field.as_str(), r.as_str()))
        })
        .collect();
    ids.extend(
        [
            "activity-error-seats-not_a_number",
            "activity-error-email-already_registered",
            "activity-error-email-daily_limit",
            "activity-error-closed-cancelled",
            "activity-error-closed-started",
            "activity-error-closed-open_entry",
            "activity-error-closed-draft",
        ]
        .map(str::to_owned),
    );
    ids.extend(Field::ALL.map(|f| format!("form-{}", f.as_str())));
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_is_read_as_typed_with_token_and_honeypot_apart() {
        let form = Submission::parse(
            b"name=Ana+P%C3%A9rez&email=ana%40example.org&seats=2&locale=es&consent=yes\
              &csrf_token=abc&website=&name=second",
        );
        assert_eq!(form.values.name, "Ana Pérez");
        assert_eq!(form.values.seats, "2");
        assert!(form.values.consent);
        assert_eq!(form.token.as_deref(), Some("abc"));
        assert_eq!(form.honeypot.as_deref(), Some(""));
        let new = form.registration(None).expect("valid");
        assert_eq!((new.seats, new.locale), (2, "es"));
    }

    #[test]
    fn problems_become_one_message_per_field_in_the_forms_order() {
        let catalogue = Catalogue::load().expect("catalogues");
        let en = catalogue.get("en").expect("en");
        let form = Submission::parse(b"name=&email=ana&seats=dos&locale=fr");
        let problems = form.registration(None).expect_err("refused");
        let messages = Messages::new(&problems, en);
        let hrefs: Vec<&str> = messages.summary.iter().map(|s| s.href.as_str()).collect();
        assert_eq!(hrefs, ["#name", "#email", "#seats", "#locale", "#consent"]);
        assert_eq!(messages.fields["name"], "Enter your name");
        assert_eq!(
            messages.fields["seats"],
            "Enter the number of places as a whole number, like 2"
        );
    }

    #[test]
    fn every_message_the_form_may_show_is_in_every_language() {
        let catalogue = Catalogue::load().expect("catalogues");
        for language in catalogue.languages() {
            for id in every_message_id() {
                assert!(
                    language.maybe_text(&id).is_some(),
                    "{}: no message `{id}`",
                    language.code
                );
            }
        }
    }
}
