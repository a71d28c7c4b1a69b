//! `/api/v1/organisations`: created with an admin token; read and changed by the admin or the
//! organisation's own token.

use entity::organisation;
use poem::web::Data;
use poem_openapi::{ApiResponse, Object, OpenApi, param::Path, param::Query, payload::Json};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use super::{
    ApiTags,
    auth::TokenAuth,
    json_body::JsonBody,
    paging,
    patch::{MergePatch, Patchable},
    timestamp::Timestamp,
};
use crate::{
    domain::{
        slug::{Slug, validate_slug},
        text::{trimmed, validate_not_blank, validate_web_url},
    },
    error::AppError,
    operations::organisations,
    state::AppState,
    store::{self, organisations::NewOrganisation},
};

/// A new organisation.
#[derive(Debug, Object, Serialize, Deserialize, Validate)]
pub struct OrganisationInput {
    /// URL name, e.g. `quito-aprende`.
    #[validate(custom(function = "validate_slug"))]
    #[oai(validator(min_length = 2, max_length = 64, pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub slug: String,
    #[validate(length(min = 1, max = 200), custom(function = "validate_not_blank"))]
    #[oai(validator(
        min_length = 1,
        max_length = 200,
        pattern = r"[^\u0009-\u000d \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
    ))]
    pub name: String,
    /// The contact address, required before a festival can be published: every invitation
    /// names it as its organiser, and replies to every email go to it.
    #[validate(custom(function = "crate::domain::email::validate_email"))]
    #[oai(nullable)]
    pub email: Option<String>,
    #[validate(custom(function = "validate_web_url"))]
    #[oai(nullable)]
    pub website: Option<String>,
}

impl Patchable for OrganisationInput {
    const FIXED: &'static [&'static str] = &["slug"];
    const DESCRIPTION: &'static str = "A change to an organisation: fields left out keep their value; `null` clears an \
         optional one (not `email` while a festival is published). The slug stays.";
}

impl OrganisationInput {
    fn from_model(m: &organisation::Model) -> Self {
        Self {
            slug: m.slug.clone(),
            name: m.name.clone(),
            email: m.email.clone(),
            website: m.website.clone(),
        }
    }

    /// The organisation to store, once the input is valid.
    pub fn into_new(self) -> Result<NewOrganisation, AppError> {
        self.validate()?;
        Ok(NewOrganisation {
            slug: Slug::parse(&self.slug).map_err(|e| AppError::invalid("slug", e.to_string()))?,
            name: self.name.trim().to_owned(),
            email: trimmed(self.email.as_deref()).map(|e| e.to_lowercase()),
            website: trimmed(self.website.as_deref()),
        })
    }
}

#[derive(Debug, Object)]
pub struct OrganisationBody {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
    #[oai(nullable)]
    pub email: Option<String>,
    #[oai(nullable)]
    pub website: Option<String>,
    pub created_at: Timestamp,
}

impl From<organisation::Model> for OrganisationBody {
    fn from(m: organisation::Model) -> Self {
        Self {
            id: m.id,
            slug: m.slug,
            name: m.name,
            email: m.email,
            website: m.website,
            created_at: m.created_at.into(),
        }
    }
}

paging::list_body!(OrganisationList, OrganisationBody);

#[derive(ApiResponse)]
pub enum OrganisationCreated {
    /// The organisation was created.
    #[oai(status = 201)]
    Created(Json<OrganisationBody>, #[oai(header = "Location")] String),
}

pub struct OrganisationsApi;

#[OpenApi(tag = "ApiTags::Organisations")]
impl OrganisationsApi {
    /// Create an organisation (admin).
    #[oai(path = "/organisations", method = "post")]
    async fn create(
        &self,
        state: Data<&AppState>,
        auth: TokenAuth,
        body: JsonBody<OrganisationInput>,
    ) -> Result<OrganisationCreated, AppError> {
        auth.0.require_admin()?;
        let created = organisations::create(&state, &auth.0, body.0.into_new()?).await?;
        let location = format!("/api/v1/organisations/{}", created.slug);
        Ok(OrganisationCreated::Created(Json(created.into()), location))
    }

    /// List organisations (admin).
    #[oai(path = "/organisations", method = "get")]
    async fn list(
        &self,
        state: Data<&AppState>,
        auth: TokenAuth,
        #[oai(validator(minimum(value = "0"), maximum(value = "9007199254740991")))] limit: Query<
            Option<u64>,
        >,
        #[oai(validator(minimum(value = "0"), maximum(value = "9007199254740991")))] offset: Query<
            Option<u64>,
        >,
    ) -> Result<Json<OrganisationList>, AppError> {
        auth.0.require_admin()?;
        let page = paging::page(limit.0, offset.0);
        let (items, total) = store::organisations::list(state.db.conn(), page).await?;
        Ok(Json(OrganisationList::new(
            items.into_iter().map(Into::into).collect(),
            total,
            page,
        )))
    }

    /// Read an organisation (admin, or the organisation's own token).
    #[oai(path = "/organisations/:slug", method = "get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        auth: TokenAuth,
        slug: Path<String>,
    ) -> Result<Json<OrganisationBody>, AppError> {
        let found = store::organisations::by_slug(state.db.conn(), &slug.0).await?;
        if !auth.0.manages(found.id) {
            return Err(AppError::Forbidden(
                "this token belongs to another organisation".to_owned(),
            ));
        }
        Ok(Json(found.into()))
    }

    /// Change an organisation (admin, or the organisation's own token): its name, contact
    /// email or website. Its festivals' invitations and feeds carry the new name and address.
    #[oai(path = "/organisations/:slug", method = "patch")]
    async fn update(
        &self,
        state: Data<&AppState>,
        auth: TokenAuth,
        slug: Path<String>,
        body: JsonBody<MergePatch<OrganisationInput>>,
    ) -> Result<Json<OrganisationBody>, AppError> {
        let updated = organisations::edit(&state, &auth.0, &slug.0, |current| {
            body.0
                .apply(OrganisationInput::from_model(current))?
                .into_new()
        })
        .await?;
        Ok(Json(updated.into()))
    }
}
