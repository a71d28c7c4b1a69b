//! `/console/festivals/{slug}/import`: a whole programme from a spreadsheet saved as CSV (a
//! city team prepares 300 activities that way). One row per activity, with a header row
//! naming the columns ([`COLUMNS`]; `/console/programme-template.csv` is a template).
//! Commas, semicolons (what a Spanish-language spreadsheet writes) or tabs separate the
//! columns; times are the festival's. Every row is checked and any bad row is reported with
//! its line number; nothing is imported until every row is right.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveTime, TimeZone};
use chrono_tz::Tz;
use entity::festival;
use poem::{
    IntoResponse, Request, Response,
    http::{StatusCode, header},
    web::{CsrfToken, CsrfVerifier, Data, Html, Multipart, Path},
};
use serde::Serialize;

use super::{
    Signed,
    festival::{editable, festival_view},
    form::list,
    home::who,
};
use crate::{
    api::events::EventInput,
    domain::kinds::{EventAccess, EventKind},
    error::{AppError, AppResult, FieldError},
    i18n::Language,
    operations::{
        self,
        events::{ImportRow, Imported},
    },
    pages::{PageResult, chosen_language, forms},
    state::AppState,
    store,
};

/// The columns a programme file may have, in the template's order; `title`, `day`, `start`
/// and `end` are required, the others may be left out or empty.
pub const COLUMNS: [&str; 16] = [
    "title",
    "kind",
    "day",
    "start",
    "end",
    "venue",
    "capacity",
    "registration",
    "audience",
    "themes",
    "language",
    "accessibility",
    "host",
    "online_url",
    "materials_note",
    "description",
];
const REQUIRED: [&str; 4] = ["title", "day", "start", "end"];

/// The largest file read: 300 activities with descriptions are about 150 KB.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;
/// The most rows one file may hold.
const MAX_ROWS: usize = 5_000;

/// The template: the header and two example rows.
const TEMPLATE: &str = "title,kind,day,start,end,venue,capacity,registration,audience,themes,language,accessibility,host,online_url,materials_note,description\r\n\
Taller de robótica,workshop,2027-03-09,10:00,12:00,Biblioteca Metropolitana,12,yes,\"niñez, familias\",ciencia,es,sign_language,Club de Robótica,,Trae tu portátil,Construimos un robot que sigue una línea.\r\n\
Cuentos en kichwa,activity,2027-03-10,16:00,17:00,,,no,familias,lectura,qu,,,https://meet.example/cuentos,,Cuentos para toda la familia.\r\n";

/// `GET /console/programme-template.csv`, for members who may edit.
#[poem::handler]
pub fn template(signed: Signed) -> PageResult<Response> {
    signed
        .member
        .require(crate::domain::member::Permission::Edit)?;
    Ok(TEMPLATE
        .with_content_type("text/csv; charset=utf-8")
        .with_header(
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"programme-template.csv\"",
        )
        .into_response())
}

/// One problem of the file, for the page.
#[derive(Debug, Serialize)]
struct LineProblem {
    line: u64,
    text: String,
}

fn render(
    state: &AppState,
    request: &Request,
    signed: &Signed,
    csrf_token: &str,
    festival: &festival::Model,
    problems: &[LineProblem],
) -> PageResult<Html<String>> {
    let language = chosen_language(state, request);
    Ok(state.pages.render(
        "console/import.html.j2",
        language,
        request.original_uri(),
        minijinja::context! {
            who => who(signed),
            csrf_token,
            festival => festival_view(festival, language),
            timezone => festival.timezone.to_string(),
            columns => COLUMNS,
            required => REQUIRED,
            problems,
        },
    )?)
}

/// `GET /console/festivals/{slug}/import`.
#[poem::handler]
pub async fn page(
    state: Data<&AppState>,
    request: &Request,
    slug: Path<String>,
    signed: Signed,
    csrf: &CsrfToken,
) -> PageResult<Html<String>> {
    let festival = editable(&state, &signed, &slug).await?;
    render(&state, request, &signed, &csrf.0, &festival, &[])
}

/// `POST /console/festivals/{slug}/import`: the file (or text pasted), then all or nothing.
#[poem::handler]
pub async fn upload(
    state: Data<&AppState>,
    request: &Request,
    slug: Path<String>,
    signed: Signed,
    verifier: &CsrfVerifier,
    mut multipart: Multipart,
) -> PageResult<Response> {
    let (mut token, mut text, mut not_utf8) = (None, String::new(), false);
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        match field.name() {
            Some("csrf_token") => token = Some(field.text().await.map_err(unreadable)?),
            Some("file") | Some("pasted") => {
                let bytes = field.bytes().await.map_err(unreadable)?;
                if !bytes.is_empty() && text.trim().is_empty() {
                    // Not UTF-8 (a spreadsheet's plain "CSV" on Windows is Windows-1252): said,
                    // rather than read with every accent lost.
                    match String::from_utf8(bytes) {
                        Ok(read) => text = read,
                        Err(_) => not_utf8 = true,
                    }
                }
            }
            _ => {}
        }
    }
    forms::check_member(verifier, token.as_deref())?;
    let festival = editable(&state, &signed, &slug).await?;
    let language = chosen_language(&state, request);
    let venues: HashMap<String, uuid::Uuid> =
        store::venues::of_organisation(state.db.conn(), festival.organisation_id)
            .await?
            .into_iter()
            .map(|v| (v.name.trim().to_lowercase(), v.id))
            .collect();
    let read = if not_utf8 {
        Err((
            1,
            AppError::invalid(
                "file",
                language.text("console-import-not-utf8", poem::i18n::I18NArgs::default()),
            ),
        ))
    } else {
        read(&text, festival.timezone.0, &venues, language)
    };
    let outcome = match read {
        Ok(rows) => {
            operations::events::import(&state, &signed.member.actor(), &festival.slug, rows).await?
        }
        Err(problem) => Imported::Refused(vec![problem]),
    };
    match outcome {
        Imported::All(count) => Ok(forms::see_other(&format!(
            "/console/festivals/{}?done=imported&count={count}",
            festival.slug
        ))),
        Imported::Refused(refused) => {
            let problems: Vec<LineProblem> = refused
                .into_iter()
                .flat_map(|(line, error)| describe(line, error, language))
                .collect();
            let token = token.unwrap_or_default();
            let mut answer =
                render(&state, request, &signed, &token, &festival, &problems)?.into_response();
            answer.set_status(StatusCode::UNPROCESSABLE_ENTITY);
            Ok(answer)
        }
    }
}

/// A form body that is not a readable multipart form.
fn unreadable(error: impl std::fmt::Display) -> AppError {
    AppError::invalid("file", error.to_string())
}

/// What is wrong with a line, one message per field, in the reader's language.
fn describe(line: u64, error: AppError, language: &Language) -> Vec<LineProblem> {
    let fields = match error {
        AppError::Validation(fields) => fields,
        other => vec![FieldError::new("", other.to_string())],
    };
    fields
        .into_iter()
        .map(|f| {
            let column = column_of(&f.field);
            let text = if column.is_empty() {
                f.message
            } else {
                language.text(
                    "console-error-field",
                    (("field", column.to_owned()), ("problem", f.message)),
                )
            };
            LineProblem { line, text }
        })
        .collect()
}

/// The file's column for an API field.
fn column_of(field: &str) -> &str {
    match field.split(['[', '.']).next().unwrap_or(field) {
        "starts_at" => "start",
        "ends_at" => "end",
        "venue_id" => "venue",
        "registration_required" => "registration",
        other => other,
    }
}

/// The separator a file uses: the one its header line has most of.
fn separator(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or_default();
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|s| header.bytes().filter(|b| b == s).count())
        .unwrap_or(b',')
}

/// The rows of a file, each as the event it makes or why it makes none; a file that cannot be
/// read at all (no header, unknown or missing columns, too many rows) is one problem on line 1.
fn read(
    text: &str,
    tz: Tz,
    venues: &HashMap<String, uuid::Uuid>,
    language: &Language,
) -> Result<Vec<ImportRow>, (u64, AppError)> {
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return Err((
            1,
            AppError::invalid(
                "file",
                language.text("console-import-empty", poem::i18n::I18NArgs::default()),
            ),
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator(text))
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| (1, AppError::invalid("file", e.to_string())))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let unknown: Vec<&str> = header
        .iter()
        .map(String::as_str)
        .filter(|h| !h.is_empty() && !COLUMNS.contains(h))
        .collect();
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|r| !header.iter().any(|h| h == r))
        .collect();
    if !unknown.is_empty() || !missing.is_empty() {
        let word =
            |id: &str, columns: &[&str]| language.text(id, (("columns", columns.join(", ")),));
        let mut text = word("console-import-columns", &[]);
        if !unknown.is_empty() {
            text = format!(
                "{text} {}",
                word("console-import-columns-unknown", &unknown)
            );
        }
        if !missing.is_empty() {
            text = format!(
                "{text} {}",
                word("console-import-columns-missing", &missing)
            );
        }
        return Err((1, AppError::invalid("file", text)));
    }
    // The line a record starts on, counted in the text itself: with CRLF line ends (every
    // spreadsheet's) the csv crate places a record at the `\n` before it, and counts one line
    // short.
    let line_at = |position: Option<&csv::Position>| {
        position.map_or(0, |p| {
            let at = usize::try_from(p.byte()).unwrap_or(usize::MAX);
            let upto = at.saturating_add(1).min(text.len());
            text.as_bytes()[..upto]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u64
                + 1
        })
    };
    let mut rows = Vec::new();
    for record in reader.records() {
        if rows.len() >= MAX_ROWS {
            return Err((
                1,
                AppError::invalid(
                    "file",
                    language.text("console-import-too-many", (("count", MAX_ROWS),)),
                ),
            ));
        }
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = line_at(e.position());
                rows.push((line, Err(AppError::invalid("file", e.to_string()))));
                continue;
            }
        };
        let line = line_at(record.position());
        if record.iter().all(str::is_empty) {
            continue;
        }
        let cell = |name: &str| -> String {
            header
                .iter()
                .position(|h| h == name)
                .and_then(|i| record.get(i))
                .unwrap_or_default()
                .to_owned()
        };
        rows.push((
            line,
            row(&cell, tz, venues, language).and_then(EventInput::into_spec),
        ));
    }
    Ok(rows)
}

/// One row as the API's input.
fn row(
    cell: &dyn Fn(&str) -> String,
    tz: Tz,
    venues: &HashMap<String, uuid::Uuid>,
    language: &Language,
) -> AppResult<EventInput> {
    let mut errors = Vec::new();
    let mut refuse = |field: &str, id: &str| {
        errors.push(FieldError::new(
            field,
            language.text(id, poem::i18n::I18NArgs::default()),
        ));
    };
    let day = NaiveDate::parse_from_str(&cell("day"), "%Y-%m-%d")
        .map_err(|_| refuse("day", "console-error-date"))
        .ok();
    let time = |name: &str| {
        let text = cell(name);
        NaiveTime::parse_from_str(&text, "%H:%M")
            .or_else(|_| NaiveTime::parse_from_str(&text, "%H:%M:%S"))
            .ok()
    };
    let (start, end) = (time("start"), time("end"));
    if start.is_none() {
        refuse("start", "console-error-time");
    }
    if end.is_none() {
        refuse("end", "console-error-time");
    }
    let kind = match cell("kind").to_lowercase().as_str() {
        "" => Some(EventKind::Other),
        text => EventKind::parse(text),
    };
    if kind.is_none() {
        refuse("kind", "console-import-kind");
    }
    let venue_name = cell("venue");
    let venue_id = if venue_name.is_empty() {
        None
    } else {
        let found = venues.get(&venue_name.to_lowercase()).copied();
        if found.is_none() {
            refuse("venue", "console-import-venue");
        }
        found
    };
    let capacity = match cell("capacity").as_str() {
        "" => None,
        text => text
            .parse()
            .map_err(|_| refuse("capacity", "console-error-number"))
            .ok(),
    };
    let registration = match cell("registration").to_lowercase().as_str() {
        "" | "yes" | "y" | "sí" | "si" | "sim" | "true" | "1" | "x" => Some(true),
        "no" | "n" | "não" | "nao" | "false" | "0" => Some(false),
        _ => None,
    };
    if registration.is_none() {
        refuse("registration", "console-import-yes-no");
    }
    let accessibility: Vec<EventAccess> = list(&cell("accessibility"))
        .iter()
        .filter_map(|a| {
            let found = EventAccess::parse(&a.to_lowercase());
            if found.is_none() {
                refuse("accessibility", "console-import-access");
            }
            found
        })
        .collect();
    let at = |day: NaiveDate, time: NaiveTime| {
        tz.from_local_datetime(&day.and_time(time))
            .earliest()
            .map(|t| t.fixed_offset())
    };
    let starts_at = day.zip(start).and_then(|(d, t)| at(d, t));
    // An end earlier in the day than the start is the next morning's (a night event).
    let ends_at = day.zip(end).and_then(|(d, t)| {
        let d = if start.is_some_and(|s| t < s) {
            d.succ_opt()?
        } else {
            d
        };
        at(d, t)
    });
    let optional = |name: &str| Some(cell(name)).filter(|v| !v.is_empty());
    match (starts_at, ends_at, kind, registration) {
        (Some(starts_at), Some(ends_at), Some(kind), Some(registration_required))
            if errors.is_empty() =>
        {
            Ok(EventInput {
                title: cell("title"),
                kind,
                starts_at,
                ends_at,
                venue_id,
                online_url: optional("online_url"),
                capacity,
                registration_required,
                audience: list(&cell("audience")),
                themes: list(&cell("themes")),
                language: optional("language"),
                accessibility,
                host: optional("host"),
                description: optional("description"),
                materials_note: optional("materials_note"),
            })
        }
        _ => {
            if errors.is_empty() {
                errors.push(FieldError::new(
                    "start",
                    language.text(
                        "console-error-no-such-time",
                        poem::i18n::I18NArgs::default(),
                    ),
                ));
            }
            Err(AppError::Validation(errors))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_separator_is_the_one_the_header_uses() {
        assert_eq!(separator("title;day;start;end\nx;y"), b';');
        assert_eq!(separator("title,day,start,end"), b',');
        assert_eq!(separator("title\tday\tstart\tend"), b'\t');
    }

    #[test]
    fn the_template_names_every_column_in_order() {
        let header = TEMPLATE.lines().next().expect("a header");
        assert_eq!(header.split(',').collect::<Vec<_>>(), COLUMNS);
    }

    #[test]
    fn rows_are_numbered_by_the_line_they_start_on_whatever_the_line_ends() {
        let catalogue = crate::i18n::Catalogue::load().expect("catalogues");
        let en = catalogue.get("en").expect("en");
        for end in ["\n", "\r\n"] {
            let text = format!(
                "title,day,start,end{end}A,2027-03-09,10:00,11:00{end}\"B{end}b\",x,10:00,11:00{end}C,y,10:00,11:00{end}"
            );
            let rows =
                read(&text, chrono_tz::America::Guayaquil, &HashMap::new(), en).expect("rows");
            let lines: Vec<u64> = rows.iter().map(|(line, _)| *line).collect();
            assert_eq!(lines, [2, 3, 5], "{end:?}");
            assert!(rows[0].1.is_ok() && rows[1].1.is_err());
        }
    }

    #[test]
    fn api_fields_are_named_by_their_column() {
        assert_eq!(column_of("starts_at"), "start");
        assert_eq!(column_of("venue_id"), "venue");
        assert_eq!(column_of("audience[2]"), "audience");
        assert_eq!(column_of("title"), "title");
    }
}
