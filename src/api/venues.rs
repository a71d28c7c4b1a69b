//! `/api/v1/venues`: places, created by organisers and readable by anyone.

use entity::venue;
use poem::web::Data;
use poem_openapi::{
    ApiResponse, Object, OpenApi,
    param::{Path, Query},
    payload::Json,
};
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
        kinds::VenueFeature,
        place::{country_code, validate_coordinates, validate_country},
        text::{trimmed, validate_lines, validate_not_blank},
        venue::VenueSpec,
    },
    error::AppError,
    operations::venues,
    state::AppState,
    store::{self, decode_list},
};

/// A venue as sent by an organiser.
#[derive(Debug, Clone, Object, Serialize, Deserialize, Validate)]
pub struct VenueInput {
    #[validate(length(min = 1, max = 200), custom(function = "validate_not_blank"))]
    #[oai(validator(
        min_length = 1,
        max_length = 200,
        pattern = r"[^\u0009-\u000d \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
    ))]
    pub name: String,
    #[validate(length(min = 1, max = 300), custom(function = "validate_not_blank"))]
    #[oai(validator(
        min_length = 1,
        max_length = 300,
        pattern = r"[^\u0009-\u000d \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
    ))]
    pub address: String,
    #[validate(length(min = 1, max = 100), custom(function = "validate_not_blank"))]
    #[oai(validator(
        min_length = 1,
        max_length = 100,
        pattern = r"[^\u0009-\u000d \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
    ))]
    pub city: String,
    /// ISO 3166-1 alpha-2, e.g. `EC`.
    #[validate(custom(function = "validate_country"))]
    pub country: String,
    #[validate(range(min = -90.0, max = 90.0))]
    #[oai(nullable, validator(minimum(value = "-90.0"), maximum(value = "90.0")))]
    pub latitude: Option<f64>,
    #[validate(range(min = -180.0, max = 180.0))]
    #[oai(
        nullable,
        validator(minimum(value = "-180.0"), maximum(value = "180.0"))
    )]
    pub longitude: Option<f64>,
    /// People the venue holds; absent when it does not matter (a park).
    #[validate(range(min = 1, max = 1_000_000))]
    #[oai(nullable, validator(minimum(value = "1"), maximum(value = "1000000")))]
    pub capacity: Option<i32>,
    #[serde(default)]
    #[oai(default)]
    pub accessibility: Vec<VenueFeature>,
    #[validate(length(max = 10000), custom(function = "validate_lines"))]
    #[oai(nullable, validator(max_length = 10000))]
    pub description: Option<String>,
}

impl VenueInput {
    pub(crate) fn into_spec(self) -> Result<VenueSpec, AppError> {
        self.validate()?;
        if let Err(e) = validate_coordinates(self.latitude, self.longitude) {
            let missing = if self.latitude.is_none() {
                "latitude"
            } else {
                "longitude"
            };
            return Err(AppError::invalid(missing, e.to_string()));
        }
        let mut accessibility = self.accessibility;
        accessibility.sort_by_key(|a| a.as_str());
        accessibility.dedup();
        Ok(VenueSpec {
            name: self.name.trim().to_owned(),
            address: self.address.trim().to_owned(),
            city: self.city.trim().to_owned(),
            country: country_code(&self.country)
                .ok_or_else(|| AppError::invalid("country", "unknown country"))?,
            latitude: self.latitude,
            longitude: self.longitude,
            capacity: self.capacity,
            accessibility,
            description: trimmed(self.description.as_deref()),
        })
    }

    pub(crate) fn from_model(m: &venue::Model) -> Self {
        Self {
            name: m.name.clone(),
            address: m.address.clone(),
            city: m.city.clone(),
            country: m.country.clone(),
            latitude: m.latitude,
            longitude: m.longitude,
            capacity: m.capacity,
            accessibility: decode_list(&m.accessibility),
            description: m.description.clone(),
        }
    }
}

impl Patchable for VenueInput {
    const DESCRIPTION: &'static str = "A change to a venue: fields left out keep their value; `null` clears an optional \
         one. The result is validated as a whole.";
}

#[derive(Debug, Object)]
pub struct VenueBody {
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub name: String,
    pub address: String,
    pub city: String,
    pub country: String,
    #[oai(nullable)]
    pub latitude: Option<f64>,
    #[oai(nullable)]
    pub longitude: Option<f64>,
    #[oai(nullable)]
    pub capacity: Option<i32>,
    pub accessibility: Vec<VenueFeature>,
    #[oai(nullable)]
    pub description: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl From<venue::Model> for VenueBody {
    fn from(m: venue::Model) -> Self {
        Self {
            accessibility: decode_list(&m.accessibility),
            id: m.id,
            organisation_id: m.organisation_id,
            name: m.name,
            address: m.address,
            city: m.city,
            country: m.country,
            latitude: m.latitude,
            longitude: m.longitude,
            capacity: m.capacity,
            description: m.description,
            created_at: m.created_at.into(),
            updated_at: m.updated_at.into(),
        }
    }
}

paging::list_body!(VenueList, VenueBody);

#[derive(ApiResponse)]
pub enum VenueCreated {
    /// The venue was created.
    #[oai(status = 201)]
    Created(Json<VenueBody>, #[oai(header = "Location")] String),
}

#[derive(ApiResponse)]
pub enum VenueDeleted {
    /// The venue is gone.
    #[oai(status = 204)]
    Deleted,
}

pub struct VenuesApi;

#[OpenApi(tag = "ApiTags::Venues")]
impl VenuesApi {
    /// Create a venue of the token's organisation.
    #[oai(path = "/venues", method = "post")]
    async fn create(
        &self,
        state: Data<&AppState>,
        auth: TokenAuth,
        body: JsonBody<VenueInput>,
    ) -> Result<VenueCreated, AppError> {
        let organisation_id = auth.0.own_organisation()?;
        let spec = body.0.into_spec()?;
        let created = venues::create(&state, organisation_id, &spec).await?;
        let location = format!("/api/v1/venues/{}", created.id);
        Ok(VenueCreated::Created(Json(created.into()), location))
    }

    /// List venues, optionally of one city.
    #[oai(path = "/venues", method = "get")]
    async fn list(
        &self,
        state: Data<&AppState>,
        city: Query<Option<String>>,
        #[oai(validator(minimum(value = "0"), maximum(value = "9007199254740991")))] limit: Query<
            Option<u64>,
        >,
        #[oai(validator(minimum(value = "0"), maximum(value = "9007199254740991")))] offset: Query<
            Option<u64>,
        >,
    ) -> Result<Json<VenueList>, AppError> {
        let page = paging::page(limit.0, offset.0);
        let (items, total) = store::venues::list(state.db.conn(), city.0.as_deref(), page).await?;
        Ok(Json(VenueList::new(
            items.into_iter().map(Into::into).collect(),
            total,
            page,
        )))
    }

    /// Read a venue.
    #[oai(path = "/venues/:id", method = "get")]
    async fn get(
        &self,
        state: Data<&AppState>,
        id: Path<Uuid>,
    ) -> Result<Json<VenueBody>, AppError> {
        Ok(Json(
            store::venues::get(state.db.conn(), id.0).await?.into(),
        ))
    }

    /// Change a venue. Its capacity may not drop below an event booked into it.
    #[oai(path = "/venues/:id", method = "patch")]
    async fn update(
        &self,
        state: Data<&AppState>,
        auth: TokenAuth,
        id: Path<Uuid>,
        body: JsonBody<MergePatch<VenueInput>>,
    ) -> Result<Json<VenueBody>, AppError> {
        let updated = venues::edit(&state, &auth.0, id.0, |current| {
            body.0.apply(VenueInput::from_model(current))?.into_spec()
        })
        .await?;
        Ok(Json(updated.into()))
    }

    /// Delete a venue that no event uses (409 otherwise).
    #[oai(path = "/venues/:id", method = "delete")]
    async fn delete(
        &self,
        state: Data<&AppState>,
        auth: TokenAuth,
        id: Path<Uuid>,
    ) -> Result<VenueDeleted, AppError> {
        venues::delete(&state, &auth.0, id.0).await?;
        Ok(VenueDeleted::Deleted)
    }
}
