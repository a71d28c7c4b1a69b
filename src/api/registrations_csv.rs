//! The CSV export of an event's registrations (`Accept: text/csv`), written a page at a time
//! so that a 10,000-row list never sits in memory.

use bytes::Bytes;
use futures_util::stream;
use poem::Body;
use uuid::Uuid;

use crate::domain::registration::position_in;
use crate::store::{self, Db, Page, attendees::RegistrationFilter};

const PAGE: u64 = 500;
/// `id` first: the door team's check-in (`POST /registrations/{id}/check-in`) needs it.
const HEADER: [&str; 10] = [
    "id",
    "name",
    "email",
    "seats",
    "status",
    "position",
    "locale",
    "access_needs",
    "created",
    "checked_in",
];

pub fn stream(db: Db, event_id: Uuid, filter: RegistrationFilter, waitlist: Vec<Uuid>) -> Body {
    let pages = stream::unfold(Some(0u64), move |offset| {
        let (db, filter, waitlist) = (db.clone(), filter.clone(), waitlist.clone());
        async move {
            let offset = offset?;
            let mut out = ::csv::Writer::from_writer(Vec::new());
            if offset == 0 {
                let _ = out.write_record(HEADER);
            }
            let page = Page {
                limit: PAGE,
                offset,
            };
            let rows = match store::attendees::list(db.conn(), event_id, &filter, page).await {
                Ok((rows, _)) => rows,
                Err(err) => return Some((Err(std::io::Error::other(err.to_string())), None)),
            };
            let next = (rows.len() as u64 == PAGE).then_some(offset + PAGE);
            for r in rows {
                let position = position_in(&waitlist, r.id)
                    .map(|p| p.to_string())
                    .unwrap_or_default();
                let _ = out.write_record([
                    r.id.to_string(),
                    cell(&r.name),
                    cell(&r.email),
                    r.seats.to_string(),
                    r.status.to_string(),
                    position,
                    r.locale,
                    r.access_needs.as_deref().map(cell).unwrap_or_default(),
                    r.created_at
                        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    r.checked_in_at
                        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
                        .unwrap_or_default(),
                ]);
            }
            let bytes = out.into_inner().unwrap_or_default();
            Some((Ok::<_, std::io::Error>(Bytes::from(bytes)), next))
        }
    });
    Body::from_bytes_stream(pages)
}

/// Text a person typed, made safe for spreadsheets: a cell starting with `=`, `+`, `-`, `@`,
/// a tab or a carriage return would run as a formula when the file is opened (OWASP's list),
/// so it gets a leading `'`.
pub fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn formulas_are_defused() {
        assert_eq!(super::cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(super::cell("Rosa"), "Rosa");
        for text in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(super::cell(text), format!("'{text}"));
        }
    }
}
