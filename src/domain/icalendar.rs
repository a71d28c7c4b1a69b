//! RFC 5545 as text: the one place where iCalendar is written, for feeds, downloads and email
//! attachments alike.
//!
//! Calendars are built from the `ical` crate's types (`IcalCalendar`, `IcalEvent`, `Property`),
//! but its own generator is not used: it does not escape TEXT values (a newline in a title
//! would end the property) and folds by characters, not octets (accented text overflows the
//! 75-octet limit). Here TEXT values are escaped when the property is made ([`text`]), and
//! [`write`] folds every line at 75 octets without splitting a UTF-8 character, with CRLF
//! everywhere.

use chrono::{DateTime, Utc};
use ical::{
    parser::ical::component::{IcalCalendar, IcalEvent},
    property::Property,
};

/// The longest a content line may be, in octets, line break excluded (RFC 5545 §3.1).
const MAX_LINE_OCTETS: usize = 75;

/// A property whose value is TEXT (§3.3.11): backslash, semicolon, comma and line breaks are
/// escaped; other control characters, which TEXT may not hold, are dropped.
pub fn text(name: &str, value: &str) -> Property {
    raw(name, &escape_text(value))
}

/// A TEXT property holding a list (`CATEGORIES`): each item escaped, joined by commas.
pub fn text_list<'a>(name: &str, items: impl IntoIterator<Item = &'a str>) -> Property {
    let items: Vec<String> = items.into_iter().map(escape_text).collect();
    raw(name, &items.join(","))
}

/// A property whose value is not TEXT (a date, a URI, a number), written as given.
pub fn raw(name: &str, value: &str) -> Property {
    Property {
        name: name.to_owned(),
        params: None,
        value: Some(value.to_owned()),
    }
}

/// A UTC date-time property (`20261123T150000Z`).
pub fn utc(name: &str, at: DateTime<Utc>) -> Property {
    raw(name, &at.format("%Y%m%dT%H%M%SZ").to_string())
}

/// Adds a parameter (`CN=…`) to a property, quoted when it holds `:`, `;` or `,`.
pub fn with_param(mut property: Property, name: &str, value: &str) -> Property {
    property
        .params
        .get_or_insert_with(Vec::new)
        .push((name.to_owned(), vec![param_value(value)]));
    property
}

pub fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                // CRLF and a lone CR are one line break each.
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A parameter value may not hold a double quote or control characters at all (§3.1), and
/// must be quoted when it holds `:`, `;` or `,`.
fn param_value(value: &str) -> String {
    let clean: String = value
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| if c == '"' { '\'' } else { c })
        .collect();
    if clean.contains([':', ';', ',']) {
        format!("\"{clean}\"")
    } else {
        clean
    }
}

/// Writes `calendar` (its properties, then its events) as RFC 5545 text.
pub fn write(calendar: &IcalCalendar) -> String {
    let mut out = String::with_capacity(256 + calendar.events.len() * 1024);
    write_calendar(calendar, &mut out);
    out
}

/// Writes one calendar into `out`.
pub fn write_calendar(calendar: &IcalCalendar, out: &mut String) {
    out.push_str("BEGIN:VCALENDAR\r\n");
    for property in &calendar.properties {
        write_property(property, out);
    }
    for event in &calendar.events {
        write_event(event, out);
    }
    out.push_str("END:VCALENDAR\r\n");
}

pub fn write_event(event: &IcalEvent, out: &mut String) {
    out.push_str("BEGIN:VEVENT\r\n");
    for property in &event.properties {
        write_property(property, out);
    }
    out.push_str("END:VEVENT\r\n");
}

fn write_property(property: &Property, out: &mut String) {
    let mut line = String::with_capacity(property.name.len() + 64);
    line.push_str(&property.name);
    for (name, values) in property.params.iter().flatten() {
        line.push(';');
        line.push_str(name);
        line.push('=');
        line.push_str(&values.join(","));
    }
    line.push(':');
    if let Some(value) = &property.value {
        line.push_str(value);
    }
    fold(&line, out);
}

/// Writes `line` folded into lines of at most 75 octets: each continuation starts with one
/// space (which counts), and no UTF-8 character is split between two lines.
fn fold(line: &str, out: &mut String) {
    let mut room = MAX_LINE_OCTETS;
    let mut start = 0;
    for (at, c) in line.char_indices() {
        if at + c.len_utf8() - start > room {
            out.push_str(&line[start..at]);
            out.push_str("\r\n ");
            start = at;
            room = MAX_LINE_OCTETS - 1;
        }
    }
    out.push_str(&line[start..]);
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<&str> {
        text.split("\r\n").filter(|l| !l.is_empty()).collect()
    }

    fn written(property: Property) -> String {
        let mut out = String::new();
        write_property(&property, &mut out);
        out
    }

    #[test]
    fn text_escapes_backslash_semicolon_comma_and_line_breaks() {
        assert_eq!(
            escape_text("a\\b;c,d\ne\r\nf\rg"),
            "a\\\\b\\;c\\,d\\ne\\nf\\ng"
        );
    }

    #[test]
    fn text_keeps_quotes_colons_and_tabs_and_drops_other_control_characters() {
        assert_eq!(escape_text("\"x\": y\tz\u{7}"), "\"x\": y\tz");
    }

    #[test]
    fn a_newline_in_a_title_stays_inside_its_property() {
        let out = written(text("SUMMARY", "Taller\nBEGIN:VEVENT"));
        assert_eq!(out, "SUMMARY:Taller\\nBEGIN:VEVENT\r\n");
    }

    #[test]
    fn list_items_are_escaped_one_by_one_and_joined_by_commas() {
        let out = written(text_list("CATEGORIES", ["workshop", "arte, cultura"]));
        assert_eq!(out, "CATEGORIES:workshop,arte\\, cultura\r\n");
    }

    #[test]
    fn short_lines_are_not_folded_and_end_in_crlf() {
        assert_eq!(written(raw("VERSION", "2.0")), "VERSION:2.0\r\n");
    }

    #[test]
    fn long_lines_fold_at_75_octets_with_a_leading_space() {
        let out = written(text("DESCRIPTION", &"x".repeat(300)));
        let lines = lines(&out);
        assert!(lines.len() > 4);
        for line in &lines {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        assert_eq!(lines[0].len(), 75);
        assert!(lines[1..].iter().all(|l| l.starts_with(' ')));
        let unfolded: String = lines
            .iter()
            .enumerate()
            .map(|(i, l)| if i == 0 { *l } else { &l[1..] })
            .collect();
        assert_eq!(unfolded, format!("DESCRIPTION:{}", "x".repeat(300)));
    }

    #[test]
    fn folding_counts_octets_and_never_splits_a_character() {
        let title = "Educación intercultural bilingüe: ñandú, cóndor y colibrí ".repeat(6);
        let out = written(text("SUMMARY", &title));
        for line in lines(&out) {
            assert!(line.len() <= 75, "{} octets", line.len());
        }
        // Every piece is valid UTF-8 by construction (it is a &str); the text survives intact.
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{}\r\n", escape_text(&title)));
    }

    #[test]
    fn a_four_octet_character_at_the_boundary_moves_whole_to_the_next_line() {
        let value = format!("{}🎉", "a".repeat(66)); // "SUMMARY:" (8) + 66 = 74 octets
        let out = written(text("SUMMARY", &value));
        let lines = lines(&out);
        assert_eq!(lines[0].len(), 74);
        assert_eq!(lines[1], " 🎉");
    }

    #[test]
    fn parameters_are_quoted_when_needed_and_cleaned() {
        let p = with_param(
            raw("ORGANIZER", "mailto:a@b.org"),
            "CN",
            "Ciudad \"Q\": Quito",
        );
        assert_eq!(
            written(p),
            "ORGANIZER;CN=\"Ciudad 'Q': Quito\":mailto:a@b.org\r\n"
        );
        let plain = with_param(raw("ORGANIZER", "mailto:a@b.org"), "CN", "Quito");
        assert_eq!(written(plain), "ORGANIZER;CN=Quito:mailto:a@b.org\r\n");
    }

    #[test]
    fn utc_times_are_basic_format_with_z() {
        let at = DateTime::parse_from_rfc3339("2026-11-23T15:04:05Z")
            .expect("test data")
            .with_timezone(&Utc);
        assert_eq!(written(utc("DTSTART", at)), "DTSTART:20261123T150405Z\r\n");
    }

    #[test]
    fn a_calendar_wraps_its_properties_and_events() {
        let mut calendar = IcalCalendar::new();
        calendar.properties.push(raw("VERSION", "2.0"));
        let mut event = IcalEvent::new();
        event.properties.push(raw("UID", "1@x"));
        calendar.events.push(event);
        assert_eq!(
            write(&calendar),
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1@x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        );
    }
}
