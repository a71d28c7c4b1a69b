//! `/console/festivals/{slug}/notifications`: a festival's emails (sent, pending, failed,
//! skipped, with the error), newest first, and putting a failed one back in line: the API's
//! notification log and retry, for people.

use entity::outbox;
use poem::{
    Request, Response,
    web::{CsrfToken, CsrfVerifier, Data, Form, Html, Path, Query},
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{
    Signed,
    festival::{editable, festival_view},
    form::TokenOnly,
    home::who,
};
use crate::{
    domain::kinds::NotificationStatus,
    operations,
    pages::{PageResult, chosen_language, forms},
    state::AppState,
    store::{self, Page, notifications::NotificationFilter},
};

/// The most emails one page shows.
const ROWS: u64 = 100;

#[derive(Debug, Default, Deserialize)]
pub struct LogQuery {
    status: Option<String>,
    offset: Option<u64>,
    done: Option<String>,
}

#[derive(Serialize)]
struct Row {
    id: Uuid,
    kind: &'static str,
    recipient: String,
    status: &'static str,
    attempts: i32,
    error: Option<String>,
    when: String,
    failed: bool,
}

/// `GET /console/festivals/{slug}/notifications?status=`.
#[poem::handler]
pub async fn log(
    state: Data<&AppState>,
    request: &Request,
    slug: Path<String>,
    Query(query): Query<LogQuery>,
    signed: Signed,
    csrf: &CsrfToken,
) -> PageResult<Html<String>> {
    let festival = editable(&state, &signed, &slug).await?;
    let language = chosen_language(&state, request);
    let status = query.status.as_deref().and_then(NotificationStatus::parse);
    let offset = query.offset.unwrap_or(0).min(1_000_000);
    let (rows, total) = store::notifications::list(
        state.db.conn(),
        festival.id,
        &NotificationFilter {
            status,
            event_id: None,
        },
        Page {
            limit: ROWS,
            offset,
        },
    )
    .await?;
    let tz = festival.timezone.0;
    let rows: Vec<Row> = rows
        .into_iter()
        .map(|(row, recipient): (outbox::Model, String)| {
            let at = row.sent_at.unwrap_or(row.created_at).with_timezone(&tz);
            Row {
                id: row.id,
                kind: row.kind.as_str(),
                recipient,
                status: row.status.as_str(),
                attempts: row.attempts,
                error: row.last_error,
                when: format!(
                    "{}, {}",
                    language.short_date(at.date_naive()),
                    language.time(&at)
                ),
                failed: row.status == NotificationStatus::Failed,
            }
        })
        .collect();
    let next = (offset + ROWS < total).then(|| offset + ROWS);
    Ok(state.pages.render(
        "console/notifications.html.j2",
        language,
        request.original_uri(),
        minijinja::context! {
            who => who(&signed),
            csrf_token => csrf.0.clone(),
            festival => festival_view(&festival, language),
            rows,
            total,
            status => status.map(NotificationStatus::as_str),
            statuses => NotificationStatus::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
            next,
            done => query.done,
        },
    )?)
}

/// `POST /console/festivals/{slug}/notifications/{id}/retry`: sends a failed email again.
#[poem::handler]
pub async fn retry(
    state: Data<&AppState>,
    Path((slug, id)): Path<(String, Uuid)>,
    signed: Signed,
    verifier: &CsrfVerifier,
    form: Form<TokenOnly>,
) -> PageResult<Response> {
    forms::check_member(verifier, form.csrf_token.as_deref())?;
    let festival = editable(&state, &signed, &slug).await?;
    operations::notifications::retry(&state, &signed.member.actor(), id).await?;
    Ok(forms::see_other(&format!(
        "/console/festivals/{}/notifications?done=retried",
        festival.slug
    )))
}
