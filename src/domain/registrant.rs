//! What a person types to register for an activity, parsed once into a [`NewRegistration`].
//! The JSON API (`POST /api/v1/events/{id}/registrations`) and the activity page's form both
//! go through [`RegistrationFields::parse`], so a registration meets the same rules whichever
//! way it arrives; each broken rule comes back as an [`Invalid`] that names the field and the
//! rule, so the API can say it in English and a page in the visitor's language.

use validator::{Validate, ValidationError};

use super::{
    email::Email,
    registration::{MAX_SEATS, choose_locale},
    text::{trimmed, validate_lines, validate_not_blank},
};
use crate::error::{AppError, FieldError};

/// A registration as the citizen sends it, already validated.
#[derive(Debug, Clone)]
pub struct NewRegistration {
    pub name: String,
    pub email: Email,
    pub seats: i32,
    pub locale: &'static str,
    pub access_needs: Option<String>,
}

pub use super::registration::EMAIL_LOCALES;

fn validate_locale(locale: &str) -> Result<(), ValidationError> {
    if EMAIL_LOCALES.contains(&locale) {
        Ok(())
    } else {
        Err(super::invalid(
            "locale",
            format!("must be one of {}", EMAIL_LOCALES.join(", ")),
        ))
    }
}

/// A registration's fields as they were sent, before any rule is applied.
#[derive(Debug, Clone, Default, Validate)]
pub struct RegistrationFields {
    #[validate(length(min = 1, max = 200), custom(function = "validate_not_blank"))]
    pub name: String,
    pub email: String,
    /// Absent means one seat.
    #[validate(range(min = 1, max = 10))]
    pub seats: Option<i32>,
    /// Absent means the browser's language (`Accept-Language`), else English.
    #[validate(custom(function = "validate_locale"))]
    pub locale: Option<String>,
    #[validate(length(max = 1000), custom(function = "validate_lines"))]
    pub access_needs: Option<String>,
    pub consent: bool,
}

/// A field of the registration, in the order a form asks for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Name,
    Email,
    Seats,
    Locale,
    AccessNeeds,
    Consent,
}

impl Field {
    pub const ALL: [Field; 6] = [
        Field::Name,
        Field::Email,
        Field::Seats,
        Field::Locale,
        Field::AccessNeeds,
        Field::Consent,
    ];

    /// Its name in the JSON body and in the form.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Email => "email",
            Field::Seats => "seats",
            Field::Locale => "locale",
            Field::AccessNeeds => "access_needs",
            Field::Consent => "consent",
        }
    }

    fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == name)
    }
}

/// Which rule a field broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    /// Empty, or only spaces.
    Missing,
    TooLong,
    /// A control character or a bidi override (a line break in a one-line field).
    ControlCharacters,
    NotAnEmail,
    /// Seats outside 1 to [`MAX_SEATS`].
    OutOfRange,
    /// An email language other than [`EMAIL_LOCALES`].
    UnknownLanguage,
    /// Consent not given.
    NoConsent,
    /// A rule added to [`RegistrationFields`] that this list does not name yet.
    Other,
}

impl Rule {
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Missing => "missing",
            Rule::TooLong => "too_long",
            Rule::ControlCharacters => "control_characters",
            Rule::NotAnEmail => "not_an_email",
            Rule::OutOfRange => "out_of_range",
            Rule::UnknownLanguage => "unknown_language",
            Rule::NoConsent => "no_consent",
            Rule::Other => "other",
        }
    }
}

/// One broken rule: the field, the rule, and what the API says about it (in English).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub field: Field,
    pub rule: Rule,
    pub message: String,
}

/// Every rule a registration broke, ordered by field name then message (the API's order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub Vec<Invalid>);

impl From<Refused> for AppError {
    fn from(refused: Refused) -> Self {
        AppError::Validation(
            refused
                .0
                .into_iter()
                .map(|i| FieldError::new(i.field.as_str(), i.message))
                .collect(),
        )
    }
}

impl RegistrationFields {
    /// The registration these fields make, or every rule they break (all of them at once, so
    /// a person corrects a form in one go). The email language is the one asked for, else the
    /// first of `es`/`en` in `accept_language`, else English.
    pub fn parse(self, accept_language: Option<&str>) -> Result<NewRegistration, Refused> {
        let mut invalid = Vec::new();
        if let Err(errors) = self.validate() {
            for (name, list) in errors.field_errors() {
                let Some(field) = Field::parse(&name) else {
                    continue;
                };
                invalid.extend(list.iter().map(|error| Invalid {
                    field,
                    rule: self.rule_of(field, error),
                    message: crate::error::message_of(error),
                }));
            }
        }
        let email = Email::parse(&self.email);
        if email.is_none() {
            invalid.push(Invalid {
                field: Field::Email,
                rule: if self.email.trim().is_empty() {
                    Rule::Missing
                } else {
                    Rule::NotAnEmail
                },
                message: "must be an email address".to_owned(),
            });
        }
        if !self.consent {
            invalid.push(Invalid {
                field: Field::Consent,
                rule: Rule::NoConsent,
                message: "must be true to register".to_owned(),
            });
        }
        // validator's map order is not stable; clients and tests deserve a fixed order.
        invalid.sort_by(|a, b| (a.field.as_str(), &a.message).cmp(&(b.field.as_str(), &b.message)));
        match email {
            Some(email) if invalid.is_empty() => Ok(NewRegistration {
                name: self.name.trim().to_owned(),
                email,
                seats: self.seats.unwrap_or(1).clamp(1, MAX_SEATS),
                locale: choose_locale(self.locale.as_deref(), accept_language),
                access_needs: trimmed(self.access_needs.as_deref()),
            }),
            _ => Err(Refused(invalid)),
        }
    }

    /// The rule behind one of validator's errors on `field`.
    fn rule_of(&self, field: Field, error: &ValidationError) -> Rule {
        match error.code.as_ref() {
            "length" if field == Field::Name && self.name.trim().is_empty() => Rule::Missing,
            "length" => Rule::TooLong,
            "blank" => Rule::Missing,
            "control_characters" => Rule::ControlCharacters,
            "range" => Rule::OutOfRange,
            "locale" => Rule::UnknownLanguage,
            _ => Rule::Other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> RegistrationFields {
        RegistrationFields {
            name: " Ana Pérez ".into(),
            email: "Ana@Example.org".into(),
            consent: true,
            ..RegistrationFields::default()
        }
    }

    fn broken(f: RegistrationFields) -> Vec<(&'static str, &'static str)> {
        let Err(Refused(invalid)) = f.parse(None) else {
            panic!("expected the fields to be refused")
        };
        invalid
            .iter()
            .map(|i| (i.field.as_str(), i.rule.as_str()))
            .collect()
    }

    #[test]
    fn good_fields_make_a_registration_with_defaults() {
        let new = fields().parse(Some("es-EC,es;q=0.9")).expect("valid");
        assert_eq!(new.name, "Ana Pérez");
        assert_eq!(new.email.as_str(), "ana@example.org");
        assert_eq!(new.seats, 1);
        assert_eq!(new.locale, "es");
        assert_eq!(new.access_needs, None);
    }

    #[test]
    fn every_broken_rule_is_reported_at_once_naming_field_and_rule() {
        let all_wrong = RegistrationFields {
            name: String::new(),
            email: "ana".into(),
            seats: Some(11),
            locale: Some("fr".into()),
            access_needs: Some("x".repeat(1001)),
            consent: false,
        };
        assert_eq!(
            broken(all_wrong),
            [
                ("access_needs", "too_long"),
                ("consent", "no_consent"),
                ("email", "not_an_email"),
                ("locale", "unknown_language"),
                ("name", "missing"),
                ("name", "missing"),
                ("seats", "out_of_range"),
            ]
        );
        let blank = RegistrationFields {
            name: "   ".into(),
            email: " ".into(),
            ..fields()
        };
        assert_eq!(broken(blank), [("email", "missing"), ("name", "missing")]);
        let long = RegistrationFields {
            name: "n".repeat(201),
            ..fields()
        };
        assert_eq!(broken(long), [("name", "too_long")]);
        let controls = RegistrationFields {
            name: "Ana\r\nBcc: x".into(),
            access_needs: Some("silla\u{202E}".into()),
            ..fields()
        };
        assert_eq!(
            broken(controls),
            [
                ("access_needs", "control_characters"),
                ("name", "control_characters")
            ]
        );
    }

    #[test]
    fn the_api_gets_english_messages_by_field() {
        let refused = RegistrationFields {
            seats: Some(0),
            ..fields()
        }
        .parse(None)
        .expect_err("refused");
        let AppError::Validation(errors) = AppError::from(refused) else {
            panic!("a validation error")
        };
        assert_eq!(
            errors,
            [FieldError::new("seats", "must be between 1 and 10")]
        );
    }
}
