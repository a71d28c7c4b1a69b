//! The weekly (and final) report of a festival's figures, to an owner or editor, written from
//! what its outbox row recorded when it was due ([`ReportDetails`]), in the member's language.

use entity::outbox;
use poem::i18n::I18NArgs;
use serde::Serialize;

use super::{
    member_mail::MemberLetter,
    message::{Envelope, compose, recipient},
};
use crate::{
    domain::{
        figures::People,
        kinds::{MemberRole, NotificationKind},
        report::Change,
    },
    i18n::Language,
    operations::reports::ReportDetails,
    state::AppState,
    store,
};

/// Why a report is not sent after all.
pub enum NotSent {
    /// The member turned the report off, or is no longer an owner or editor.
    Unwanted,
    Failed(String),
}

#[derive(Serialize)]
struct Figure {
    label: String,
    value: String,
}

#[derive(Serialize)]
struct ReportContext<'a> {
    organisation: &'a str,
    festival: &'a str,
    week: String,
    last: bool,
    first: bool,
    figures: Vec<Figure>,
    new_registrations: u64,
    failed_emails: u64,
    filled: &'a [Change],
    filled_more: usize,
    grown: &'a [Change],
    grown_more: usize,
    figures_url: String,
    notifications_url: String,
    account_url: String,
}

/// The report email of `row`, or why it is not sent.
pub async fn report(
    state: &AppState,
    row: &outbox::Model,
    letter: &MemberLetter,
) -> Result<lettre::Message, NotSent> {
    let member = &letter.member;
    if !member.weekly_report || member.role == MemberRole::Door {
        return Err(NotSent::Unwanted);
    }
    let details: ReportDetails = serde_json::from_str(row.details.as_deref().unwrap_or_default())
        .map_err(|e| NotSent::Failed(format!("the row's details: {e}")))?;
    let festival_id = row
        .festival_id
        .ok_or_else(|| NotSent::Failed("the report names no festival".to_owned()))?;
    let festival = store::festivals::by_id(state.db.conn(), festival_id)
        .await
        .map_err(|e| NotSent::Failed(format!("reading the festival: {e}")))?;
    let (config, mailer) = (&state.config, &*state.mail);
    let language = mailer.templates.language(&member.locale);
    let base = config.public_base();
    let context = ReportContext {
        organisation: &letter.organisation.name,
        festival: &festival.title,
        week: language.long_date(details.week_of),
        last: details.last,
        first: details.since.is_none(),
        figures: figures(language, &details),
        new_registrations: details.new_registrations,
        failed_emails: details.failed_emails,
        filled: &details.filled,
        filled_more: details.filled_count.saturating_sub(details.filled.len()),
        grown: &details.grown,
        grown_more: details.grown_count.saturating_sub(details.grown.len()),
        figures_url: format!("{base}/console/festivals/{}/figures", festival.slug),
        notifications_url: format!(
            "{base}/console/festivals/{}/notifications?status=failed",
            festival.slug
        ),
        account_url: format!("{base}/console/account"),
    };
    let rendered = mailer
        .templates
        .render(NotificationKind::WeeklyReport, language, &context)
        .map_err(|e| NotSent::Failed(format!("template weekly_report: {e}")))?;
    let envelope = Envelope {
        host: config.public_url.host_str().unwrap_or_default(),
        language: &language.code,
        reply_to: None,
        unsubscribe: None,
    };
    let to = recipient("", &member.email).map_err(NotSent::Failed)?;
    compose(&mailer.from, to, &envelope, rendered, None, None).map_err(NotSent::Failed)
}

/// The report's figures, labelled and formatted in `language`: the same numbers as the
/// festival's stats at the time it was due.
fn figures(language: &Language, details: &ReportDetails) -> Vec<Figure> {
    let text = |id: &str| language.text(id, I18NArgs::default());
    let count = |n: People| n.map_or_else(|| "—".to_owned(), |n| n.to_string());
    let percent = |r: Option<f64>| r.map_or_else(|| "—".to_owned(), |r| language.percent(r));
    let t = &details.totals;
    [
        ("figures-col-activities", t.activities.to_string()),
        ("figures-registrations", details.registrations.to_string()),
        ("figures-col-confirmed", count(t.confirmed)),
        ("figures-col-capacity", t.capacity.to_string()),
        ("figures-col-fill", percent(t.fill_rate)),
        ("figures-col-waiting", count(t.waiting)),
        ("figures-col-checked-in", count(t.checked_in)),
        ("figures-col-attendance", percent(t.attendance_rate)),
        ("figures-col-cancelled", count(t.cancelled)),
    ]
    .into_iter()
    .map(|(id, value)| Figure {
        label: text(id),
        value,
    })
    .collect()
}
