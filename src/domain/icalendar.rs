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
    parser::ical::component::{
        IcalCalendar, IcalEvent, IcalTimeZone, IcalTimeZoneTransition, IcalTimeZoneTransitionType,
    },
    property::Property,
};

/// The longest a content line may be, in octets, line break excluded (RFC 5545 §3.1).
const MAX_LINE_OCTETS: usize = 75;

/// A property whose value is TEXT (§3.3.11): backslash, semicolon, comma and line breaks are
/// escaped; other control characters, which TEXT may not hold, are dropped.
pub fn text(name: &str, value: &str) -> Property {
    raw(name, escape_text(value))
}

/// A TEXT property holding a list (`CATEGORIES`): each item escaped, joined by commas.
pub fn text_list<'a>(name: &str, items: impl IntoIterator<Item = &'a str>) -> Property {
    let items: Vec<String> = items.into_iter().map(escape_text).collect();
    raw(name, items.join(","))
}

/// A property whose value is not TEXT (a date, a URI, a number), written as given.
pub fn raw(name: &str, value: impl Into<String>) -> Property {
    Property {
        name: name.to_owned(),
        params: None,
        value: Some(value.into()),
    }
}

/// A UTC date-time property (`20261123T150000Z`).
pub fn utc(name: &str, at: DateTime<Utc>) -> Property {
    use chrono::{Datelike, Timelike};
    // Written by hand: chrono's general formatter is the slowest step of a 2,000-event feed.
    let value = format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        at.year(),
        at.month(),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    );
    raw(name, value)
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
    // Byte by byte: every character to change is ASCII, or a C1 control (0xC2 0x80..=0x9F),
    // so the runs between them are copied whole. Feeds escape megabytes of text.
    let bytes = value.as_bytes();
    let mut out = String::with_capacity(value.len() + 16);
    let (mut run, mut i) = (0, 0);
    while i < bytes.len() {
        let (replacement, width) = match bytes[i] {
            b'\\' => ("\\\\", 1),
            b';' => ("\\;", 1),
            b',' => ("\\,", 1),
            b'\n' => ("\\n", 1),
            // CRLF and a lone CR are one line break each.
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => ("\\n", 2),
            b'\r' => ("\\n", 1),
            b'\t' => {
                i += 1;
                continue;
            }
            0..=0x1f | 0x7f => ("", 1),
            0xc2 if matches!(bytes.get(i + 1), Some(0x80..=0x9f)) => ("", 2),
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&value[run..i]);
        out.push_str(replacement);
        i += width;
        run = i;
    }
    out.push_str(&value[run..]);
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
pub fn to_text(calendar: &IcalCalendar) -> String {
    let mut out = String::with_capacity(256 + calendar.events.len() * 1024);
    write_calendar(calendar, &mut out);
    out
}

/// Writes one calendar into `out`: its properties, its timezones, then its events.
pub fn write_calendar(calendar: &IcalCalendar, out: &mut String) {
    out.push_str("BEGIN:VCALENDAR\r\n");
    for property in &calendar.properties {
        write_property(property, out);
    }
    for timezone in &calendar.timezones {
        write_timezone(timezone, out);
    }
    for event in &calendar.events {
        write_event(event, out);
    }
    out.push_str("END:VCALENDAR\r\n");
}

fn write_timezone(timezone: &IcalTimeZone, out: &mut String) {
    out.push_str("BEGIN:VTIMEZONE\r\n");
    for property in &timezone.properties {
        write_property(property, out);
    }
    for transition in &timezone.transitions {
        let name = match transition.transition {
            IcalTimeZoneTransitionType::STANDARD => "STANDARD",
            IcalTimeZoneTransitionType::DAYLIGHT => "DAYLIGHT",
        };
        out.push_str("BEGIN:");
        out.push_str(name);
        out.push_str("\r\n");
        for property in &transition.properties {
            write_property(property, out);
        }
        out.push_str("END:");
        out.push_str(name);
        out.push_str("\r\n");
    }
    out.push_str("END:VTIMEZONE\r\n");
}

/// UTC as a VTIMEZONE: one standard observance, no offset. RFC 5545 wants at least one
/// component in a calendar; a calendar with no events carries this one, which every client
/// understands and none shows.
pub fn utc_timezone() -> IcalTimeZone {
    let mut standard = IcalTimeZoneTransition::new(IcalTimeZoneTransitionType::STANDARD);
    standard.properties = vec![
        raw("DTSTART", "19700101T000000"),
        raw("TZOFFSETFROM", "+0000"),
        raw("TZOFFSETTO", "+0000"),
        raw("TZNAME", "UTC"),
    ];
    IcalTimeZone {
        properties: vec![raw("TZID", "UTC")],
        transitions: vec![standard],
    }
}

pub fn write_event(event: &IcalEvent, out: &mut String) {
    out.push_str("BEGIN:VEVENT\r\n");
    for property in &event.properties {
        write_property(property, out);
    }
    out.push_str("END:VEVENT\r\n");
}

fn write_property(property: &Property, out: &mut String) {
    let mut line = Folder::new(out);
    line.push(&property.name);
    for (name, values) in property.params.iter().flatten() {
        line.push(";");
        line.push(name);
        line.push("=");
        for (i, value) in values.iter().enumerate() {
            if i > 0 {
                line.push(",");
            }
            line.push(value);
        }
    }
    line.push(":");
    if let Some(value) = &property.value {
        line.push(value);
    }
    line.out.push_str("\r\n");
}

/// Writes one content line folded into lines of at most 75 octets: each continuation starts
/// with one space (which counts), and no UTF-8 character is split between two lines.
struct Folder<'a> {
    out: &'a mut String,
    /// Octets on the current physical line.
    used: usize,
}

impl<'a> Folder<'a> {
    fn new(out: &'a mut String) -> Self {
        Self { out, used: 0 }
    }

    fn push(&mut self, mut text: &str) {
        while self.used + text.len() > MAX_LINE_OCTETS {
            // The longest prefix that fits, backed off to a character boundary.
            let mut cut = MAX_LINE_OCTETS - self.used;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            self.out.push_str(&text[..cut]);
            self.out.push_str("\r\n ");
            self.used = 1;
            text = &text[cut..];
        }
        self.out.push_str(text);
        self.used += text.len();
    }
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
    fn a_timezone_is_written_with_its_observances() {
        let mut calendar = IcalCalendar::new();
        calendar.timezones.push(utc_timezone());
        assert_eq!(
            to_text(&calendar),
            "BEGIN:VCALENDAR\r\nBEGIN:VTIMEZONE\r\nTZID:UTC\r\nBEGIN:STANDARD\r\n\
             DTSTART:19700101T000000\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0000\r\nTZNAME:UTC\r\n\
             END:STANDARD\r\nEND:VTIMEZONE\r\nEND:VCALENDAR\r\n"
        );
    }

    #[test]
    fn a_calendar_wraps_its_properties_and_events() {
        let mut calendar = IcalCalendar::new();
        calendar.properties.push(raw("VERSION", "2.0"));
        let mut event = IcalEvent::new();
        event.properties.push(raw("UID", "1@x"));
        calendar.events.push(event);
        assert_eq!(
            to_text(&calendar),
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1@x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        );
    }
}
