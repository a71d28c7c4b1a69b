//! An email address as people type it, parsed once: trimmed, compared without regard to case
//! (so `Ana@Example.org ` and `ana@example.org` are one person), and deliverable. Once a value
//! is an [`Email`] it is valid everywhere.

use std::fmt;

/// A deliverable email address, trimmed and lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    /// `text` as an address, or `None` if it is not one mail can be delivered to.
    pub fn parse(text: &str) -> Option<Self> {
        let email = text.trim().to_lowercase();
        let domain = email.rsplit_once('@').map(|(_, d)| d)?;
        // An address literal (`user@[127.0.0.1]`) passes the syntax check but is refused by
        // mail servers, and a name like `localhost` has nowhere to deliver: a domain with a
        // dot only.
        let deliverable = !domain.starts_with('[') && domain.contains('.') && email.len() <= 254;
        (deliverable
            && super::text::is_single_line(&email)
            && validator::ValidateEmail::validate_email(&email))
        .then_some(Self(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// For `#[validate(custom(function = ...))]` on an email address (see [`Email::parse`]).
pub fn validate_email(text: &str) -> Result<(), validator::ValidationError> {
    match Email::parse(text) {
        Some(_) => Ok(()),
        None => Err(super::invalid("email", "must be an email address")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_and_case_folded() {
        assert_eq!(
            Email::parse(" Ana.Perez@Example.ORG ").map(|e| e.to_string()),
            Some("ana.perez@example.org".to_owned())
        );
        assert!(Email::parse("ana").is_none());
    }

    #[test]
    fn undeliverable_addresses_are_refused() {
        for bad in [
            "user@[127.0.0.1]",
            "user@localhost",
            "ana\r\nbcc: x@y.org",
            "a\u{202E}b@example.org",
        ] {
            assert!(Email::parse(bad).is_none(), "{bad:?}");
            assert!(validate_email(bad).is_err(), "{bad:?}");
        }
    }
}
