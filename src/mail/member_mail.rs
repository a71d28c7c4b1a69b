//! Emails to organisation members rather than to registrants: the console's sign-in link,
//! the note that tells a new member how to sign in, and the weekly report
//! ([`super::report_mail`]).
//! They go through the same outbox, claim, lease and record as every other email; only what
//! they are written from differs (a member and their organisation, not a registration).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{member, organisation, outbox, sign_in_link};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Serialize;
use uuid::Uuid;

use super::{
    message::{Envelope, compose, recipient},
    report_mail::{self, NotSent},
};
use crate::{
    domain::{kinds::NotificationKind, member::SIGN_IN_LINK_LIFETIME},
    error::AppResult,
    operations::members::{InvitedDetails, SignInDetails},
    state::AppState,
    store::{self, outbox::Outcome, padded},
};

/// What an email to a member is written from.
#[derive(Debug, Clone)]
pub struct MemberLetter {
    pub member: member::Model,
    pub organisation: organisation::Model,
}

/// The letters of claimed `rows` to members, by row id. A row whose member is gone (removed
/// since) has no letter.
pub async fn letters(
    db: &impl ConnectionTrait,
    rows: &[outbox::Model],
) -> AppResult<HashMap<Uuid, MemberLetter>> {
    let members: HashMap<Uuid, (member::Model, organisation::Model)> = member::Entity::find()
        .filter(member::Column::Id.is_in(padded(rows.iter().filter_map(|r| r.member_id))))
        .find_also_related(organisation::Entity)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(m, o)| Some((m.id, (m, o?))))
        .collect();
    Ok(rows
        .iter()
        .filter_map(|row| {
            let (member, organisation) = members.get(&row.member_id?)?.clone();
            Some((
                row.id,
                MemberLetter {
                    member,
                    organisation,
                },
            ))
        })
        .collect())
}

#[derive(Serialize)]
struct SignInContext<'a> {
    organisation: &'a str,
    email: &'a str,
    sign_in_url: String,
    minutes: i64,
}

/// Writes and sends one email to a member.
pub async fn deliver(
    state: &AppState,
    row: &outbox::Model,
    letter: Option<MemberLetter>,
    now: DateTime<Utc>,
) -> Outcome {
    let Some(letter) = letter else {
        return Outcome::Skipped("the member no longer exists".to_owned());
    };
    let message = match row.kind {
        NotificationKind::SignIn => sign_in(state, row, &letter, now).await,
        NotificationKind::MemberInvited => invited(state, row, &letter).map(Some),
        NotificationKind::WeeklyReport => match report_mail::report(state, row, &letter).await {
            Ok(message) => Ok(Some(message)),
            Err(NotSent::Unwanted) => {
                return Outcome::Skipped("the member no longer gets the report".to_owned());
            }
            Err(NotSent::Failed(error)) => Err(error),
        },
        other => Err(format!("{other} is not an email to a member")),
    };
    let message = match message {
        Ok(Some(message)) => message,
        Ok(None) => return Outcome::Skipped("the sign-in link was used or expired".to_owned()),
        Err(error) => {
            return Outcome::Failed {
                error,
                permanent: true,
            };
        }
    };
    match state.mail.send(message).await {
        Ok(()) => Outcome::Sent,
        Err(e) => Outcome::Failed {
            error: e.message,
            permanent: e.permanent || e.bounced,
        },
    }
}

#[derive(Serialize)]
struct InvitedContext<'a> {
    organisation: &'a str,
    email: &'a str,
    role: String,
    by: &'a str,
    console_url: String,
}

/// The email that tells a new member how to sign in (no link that signs in: they ask for one
/// at the console's door, like every other time).
fn invited(
    state: &AppState,
    row: &outbox::Model,
    letter: &MemberLetter,
) -> Result<lettre::Message, String> {
    let details: InvitedDetails = serde_json::from_str(row.details.as_deref().unwrap_or_default())
        .map_err(|e| format!("the row's details: {e}"))?;
    let (config, mailer) = (&state.config, &*state.mail);
    let language = mailer.templates.language(&letter.member.locale);
    let context = InvitedContext {
        organisation: &letter.organisation.name,
        email: &letter.member.email,
        role: language.text(
            &format!("console-role-{}", letter.member.role.as_str()),
            poem::i18n::I18NArgs::default(),
        ),
        by: &details.by,
        console_url: format!("{}/console/", config.public_base()),
    };
    let rendered = mailer
        .templates
        .render(NotificationKind::MemberInvited, language, &context)
        .map_err(|e| format!("template member_invited: {e}"))?;
    let envelope = Envelope {
        host: config.public_url.host_str().unwrap_or_default(),
        language: &language.code,
        reply_to: recipient("", &details.by).ok(),
        unsubscribe: None,
    };
    compose(
        &mailer.from,
        recipient("", &letter.member.email)?,
        &envelope,
        rendered,
        None,
        None,
    )
}

/// The sign-in email, or `None` when its link can no longer be used (sent late, after a retry:
/// a dead link would only confuse).
async fn sign_in(
    state: &AppState,
    row: &outbox::Model,
    letter: &MemberLetter,
    now: DateTime<Utc>,
) -> Result<Option<lettre::Message>, String> {
    let details: SignInDetails = serde_json::from_str(row.details.as_deref().unwrap_or_default())
        .map_err(|e| format!("the row's details: {e}"))?;
    let link: Option<sign_in_link::Model> = store::sessions::link(state.db.conn(), details.link)
        .await
        .map_err(|e| format!("reading the link: {e}"))?;
    let Some(link) = link.filter(|l| l.used_at.is_none() && l.expires_at > now) else {
        return Ok(None);
    };
    let (config, mailer) = (&state.config, &*state.mail);
    let language = mailer.templates.language(&link.locale);
    let token = state.manage_key.sign_in_token_for(link.id);
    let context = SignInContext {
        organisation: &letter.organisation.name,
        email: &letter.member.email,
        sign_in_url: config.sign_in_url(&token),
        minutes: SIGN_IN_LINK_LIFETIME.num_minutes(),
    };
    let rendered = mailer
        .templates
        .render(NotificationKind::SignIn, language, &context)
        .map_err(|e| format!("template sign_in: {e}"))?;
    let to = recipient("", &letter.member.email)?;
    let envelope = Envelope {
        host: config.public_url.host_str().unwrap_or_default(),
        language: &language.code,
        reply_to: None,
        unsubscribe: None,
    };
    compose(&mailer.from, to, &envelope, rendered, None, None).map(Some)
}
