//! `/console/`: the organisation's festivals, each with what the member may do with it.

use poem::{
    Request,
    web::{CsrfToken, Data, Html},
};
use serde::Serialize;

use super::Signed;
use crate::{
    domain::{
        kinds::FestivalStatus,
        member::{Member, Permission},
    },
    pages::{PageResult, chosen_language},
    state::AppState,
    store,
};

#[derive(Serialize)]
struct FestivalRow {
    slug: String,
    title: String,
    dates: String,
    status: &'static str,
    public: bool,
    /// Whether the member may check people in at it.
    door: bool,
    /// Whether the member may run it (owners and editors).
    edit: bool,
}

/// What the console's header shows of the member on every page.
pub(super) fn who(signed: &Signed) -> minijinja::Value {
    minijinja::context! {
        email => signed.member.email.clone(),
        role => signed.member.role.as_str(),
        organisation => signed.organisation.name.clone(),
    }
}

#[poem::handler]
pub async fn page(
    state: Data<&AppState>,
    request: &Request,
    signed: Signed,
    csrf: &CsrfToken,
) -> PageResult<Html<String>> {
    let language = chosen_language(&state, request);
    let member: &Member = &signed.member;
    let festivals: Vec<FestivalRow> =
        store::festivals::of_organisation(state.db.conn(), member.organisation_id)
            .await?
            .into_iter()
            .filter(|f| {
                member.may(Permission::Edit)
                    || member.may(Permission::CheckIn { festival_id: f.id })
            })
            .map(|f| FestivalRow {
                door: member.may(Permission::CheckIn { festival_id: f.id }),
                edit: member.may(Permission::Edit),
                dates: language.date_range(f.starts_on, f.ends_on),
                public: f.status == FestivalStatus::Published,
                status: f.status.as_str(),
                slug: f.slug,
                title: f.title,
            })
            .collect();
    Ok(state.pages.render(
        "console/home.html.j2",
        language,
        request.original_uri(),
        minijinja::context! {
            who => who(&signed),
            csrf_token => csrf.0.clone(),
            can_edit => member.may(Permission::Edit),
            can_manage => member.may(Permission::ManageMembers),
            festivals,
        },
    )?)
}
