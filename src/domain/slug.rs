//! Slugs: the public, URL-safe names of organisations and festivals.

use std::fmt;

use validator::ValidationError;

/// A slug: 2 to 64 of `a-z`, `0-9` and single inner hyphens, e.g. `festival-quito-2026`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Slug(String);

impl Slug {
    pub fn parse(text: &str) -> Result<Self, ValidationError> {
        let ok_chars = text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        let ok_shape = !text.starts_with('-') && !text.ends_with('-') && !text.contains("--");
        if (2..=64).contains(&text.len()) && ok_chars && ok_shape {
            Ok(Self(text.to_owned()))
        } else {
            Err(super::invalid(
                "slug",
                "must be 2 to 64 lower-case letters, digits and single hyphens, e.g. festival-quito-2026",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// For `#[validate(custom(function = ...))]`.
pub fn validate_slug(text: &str) -> Result<(), ValidationError> {
    Slug::parse(text).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_lower_case_words_joined_by_hyphens() {
        for ok in ["festival-quito-2026", "gnlc", "a1"] {
            assert_eq!(Slug::parse(ok).expect(ok).as_str(), ok);
        }
    }

    #[test]
    fn rejects_everything_else() {
        for bad in [
            "",
            "a",
            "Quito",
            "quito 2026",
            "-quito",
            "quito-",
            "qui--to",
            "añil",
            &"x".repeat(65),
        ] {
            assert!(Slug::parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }
}
