//! A festival's figures for its organisers and their programs (`GET /festivals/{slug}/stats`):
//! the same numbers as the console's figures page, the weekly report and open data.

use poem::web::Data;
use poem_openapi::{
    OpenApi,
    param::{Path, Query},
    payload::Json,
};

use super::{ApiTags, auth::TokenAuth};
use crate::{
    domain::{figures::Figures, open_data::withhold_small},
    error::AppError,
    state::AppState,
    store,
};

pub struct FiguresApi;

#[OpenApi(tag = "ApiTags::Festivals")]
impl FiguresApi {
    /// A festival's figures (organiser): registrations per day, fill rate and attendance per
    /// activity, venue, city, audience, theme, language, kind and day, waiting-list demand,
    /// cancellations, access needs by kind (counts only) and the share of step-free venues.
    /// People are counted in seats.
    #[oai(path = "/festivals/:slug/stats", method = "get")]
    async fn stats(
        &self,
        state: Data<&AppState>,
        auth: TokenAuth,
        slug: Path<String>,
        /// `true`: as published as open data, every count under 5 people (and any that would
        /// give one away) withheld as `null`.
        withheld: Query<Option<bool>>,
    ) -> Result<Json<Figures>, AppError> {
        let db = state.db.conn();
        let festival = store::festivals::by_slug(db, &slug.0).await?;
        store::festivals::authorize_change_in(&auth.0, &festival, "festival")?;
        let figures = store::figures::of_festival(db, &festival, store::now()).await?;
        Ok(Json(if withheld.0.unwrap_or(false) {
            withhold_small(figures)
        } else {
            figures
        }))
    }
}
