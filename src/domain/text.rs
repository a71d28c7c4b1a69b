//! Free text: search keys and tags.

use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};
use validator::ValidationError;

/// A key for `q` search: lower case, without accents, single spaces. Stored beside the text so
/// that "educacion" finds "Educación" on SQLite and PostgreSQL alike (neither folds accents
/// by itself, and SQLite's `lower` knows only ASCII).
pub fn search_key<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let joined: String = parts.into_iter().collect::<Vec<_>>().join(" ");
    let folded: String = joined
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Tags (audience, themes) are matched exactly, so they are stored trimmed, lower-cased and
/// without repeats, in the order given.
pub fn normalise_tags(tags: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(tags.len());
    for tag in tags {
        let tag = tag.trim().to_lowercase();
        if !tag.is_empty() && !out.contains(&tag) {
            out.push(tag);
        }
    }
    out
}

/// For `#[validate(custom(function = ...))]` on a tag list.
pub fn validate_tags(tags: &[String]) -> Result<(), ValidationError> {
    if tags.len() > 20 {
        return Err(super::invalid("tags", "at most 20 tags"));
    }
    if tags
        .iter()
        .any(|t| t.trim().is_empty() || t.chars().count() > 50)
    {
        return Err(super::invalid(
            "tags",
            "each tag must be 1 to 50 characters",
        ));
    }
    if !tags.iter().all(|t| is_single_line(t)) {
        return Err(super::invalid(
            "control_characters",
            "each tag must be one line, without control characters",
        ));
    }
    // Tags become an event's CATEGORIES in the feeds, where a comma separates values: several
    // popular parsers read an escaped `arte\, cultura` as two categories, not one.
    if tags.iter().any(|t| t.contains(',')) {
        return Err(super::invalid(
            "tags",
            "a tag may not contain a comma; give two tags instead",
        ));
    }
    Ok(())
}

/// A search phrase: at most 200 characters and 10 words (each word is one `LIKE`, and an
/// unbounded phrase is an unbounded query). Blank means no search.
pub fn parse_search(q: Option<String>) -> Result<Option<String>, crate::error::FieldError> {
    let Some(q) = trimmed(q.as_deref()) else {
        return Ok(None);
    };
    if q.chars().count() > 200 || q.split_whitespace().count() > 10 {
        return Err(crate::error::FieldError::new(
            "q",
            "at most 10 words and 200 characters",
        ));
    }
    Ok(Some(q))
}

/// Trims text a person typed; an empty result becomes `None`.
pub fn trimmed(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// Characters no text a person types may hold: C0 and C1 controls (a CR or LF in a name would
/// become a new header line in an email, a new property in an `.ics`) and the Unicode bidi
/// overrides and isolates, which make text display in an order other than the one stored (a
/// file name or link that reads differently from what it is). Line and paragraph separators
/// count as line breaks.
pub fn forbidden(c: char, multi_line: bool) -> bool {
    match c {
        '\n' => !multi_line,
        c if c.is_control() => true, // C0, DEL and C1
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}' => true,
        _ => false,
    }
}

/// Whether `text` fits on one line and holds no control or bidi-override character.
pub fn is_single_line(text: &str) -> bool {
    !text.chars().any(|c| forbidden(c, false))
}

/// For `#[validate(custom(function = ...))]` on one-line text: names, titles, cities,
/// addresses, hosts, links.
pub fn validate_line(text: &str) -> Result<(), ValidationError> {
    if is_single_line(text) {
        Ok(())
    } else {
        Err(super::invalid(
            "control_characters",
            "must be one line, without control characters",
        ))
    }
}

/// For `#[validate(custom(function = ...))]` on free text of several lines (a description,
/// access needs): line breaks are `\n`; no other control character.
pub fn validate_lines(text: &str) -> Result<(), ValidationError> {
    if text.chars().any(|c| forbidden(c, true)) {
        Err(super::invalid(
            "control_characters",
            "may contain line breaks (\\n) but no other control characters",
        ))
    } else {
        Ok(())
    }
}

/// For `#[validate(custom(function = ...))]` on one-line text that must not be blank once
/// trimmed.
pub fn validate_not_blank(text: &str) -> Result<(), ValidationError> {
    if text.trim().is_empty() {
        Err(super::invalid("blank", "must not be blank"))
    } else {
        validate_line(text)
    }
}

/// For `#[validate(custom(function = ...))]` on an http(s) link.
pub fn validate_web_url(text: &str) -> Result<(), ValidationError> {
    // The URL parser silently drops tabs and line breaks; the text is stored as given, so
    // refuse them before it does.
    if !is_single_line(text) {
        return Err(super::invalid("url", "must be an http or https URL"));
    }
    match url::Url::parse(text) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Ok(()),
        _ => Err(super::invalid("url", "must be an http or https URL")),
    }
}

/// For `#[validate(custom(function = ...))]` on a language tag such as `es`, `en` or `qu-EC`.
pub fn validate_language(text: &str) -> Result<(), ValidationError> {
    let mut parts = text.split('-');
    let primary = parts.next().unwrap_or_default();
    let primary_ok =
        (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_lowercase());
    let rest_ok =
        parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    if primary_ok && rest_ok {
        Ok(())
    } else {
        Err(super::invalid(
            "language",
            "must be a language tag such as es, en or qu-EC",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_keys_fold_case_accents_and_spaces() {
        assert_eq!(
            search_key(["Taller de  Robótica", "NIÑOS\ny niñas"]),
            "taller de robotica ninos y ninas"
        );
    }

    #[test]
    fn tags_are_trimmed_lower_cased_and_unique() {
        let tags = vec![
            " Niños ".to_owned(),
            "familias".to_owned(),
            "niños".to_owned(),
            " ".to_owned(),
        ];
        assert_eq!(normalise_tags(&tags), vec!["niños", "familias"]);
    }

    #[test]
    fn search_phrases_are_bounded() {
        assert_eq!(
            parse_search(Some("  robótica ".to_owned()))
                .expect("ok")
                .as_deref(),
            Some("robótica")
        );
        assert_eq!(parse_search(Some(" ".to_owned())).expect("blank"), None);
        assert!(parse_search(Some("a ".repeat(11))).is_err());
        assert!(parse_search(Some("a".repeat(201))).is_err());
    }

    #[test]
    fn language_tags() {
        for ok in ["es", "en", "qu-EC", "es-419"] {
            assert!(validate_language(ok).is_ok(), "{ok}");
        }
        for bad in ["", "E", "spanish", "es_EC", "es-"] {
            assert!(validate_language(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn one_line_text_refuses_controls_and_bidi_overrides() {
        for ok in [
            "Rosa Quispe",
            "Taller de robótica",
            "مكتبة",
            "שלום \u{200F}",
        ] {
            assert!(validate_line(ok).is_ok(), "{ok:?}");
        }
        for bad in [
            "Poison\r\nName",
            "tab\there",
            "nul\0",
            "c1\u{85}",
            "del\u{7f}",
            "evil\u{202E}txt.exe",
            "iso\u{2066}late",
            "line\u{2028}sep",
        ] {
            assert!(validate_line(bad).is_err(), "{bad:?}");
            assert!(validate_not_blank(bad).is_err(), "{bad:?}");
        }
        assert!(validate_tags(&["niños\n".to_owned()]).is_err());
        assert!(validate_tags(&["arte, cultura".to_owned()]).is_err());
        assert!(validate_tags(&["arte".to_owned(), "cultura".to_owned()]).is_ok());
    }

    #[test]
    fn several_lines_keep_line_feeds_only() {
        assert!(validate_lines("Primera línea\nSegunda línea").is_ok());
        for bad in ["crlf\r\n", "bell\u{7}", "rlo\u{202E}"] {
            assert!(validate_lines(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn web_urls_only() {
        assert!(validate_web_url("https://quito.gob.ec/aprende").is_ok());
        for bad in [
            "javascript:alert(1)",
            "ftp://x",
            "quito.gob.ec",
            "https://a.ec/\nx",
        ] {
            assert!(validate_web_url(bad).is_err(), "{bad}");
        }
    }
}
