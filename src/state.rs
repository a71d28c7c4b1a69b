//! What every request handler, job and operation can reach. It lives apart from [`crate::app`],
//! which assembles it and builds the routes, so that the handlers and jobs that use it do not
//! import the module that imports them.

use std::sync::Arc;

use crate::{
    api::cache::ResponseCache, config::Config, domain::token::ManageKey, limits::Limits,
    mail::Mailer, pages::Pages, store::Db,
};

/// The service's shared state: cheap to clone (every field is shared).
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub cache: Arc<ResponseCache>,
    /// The versions of public feeds last worked out, to answer polls without the database.
    pub feeds: Arc<crate::api::feeds::FeedMemory>,
    pub mail: Arc<Mailer>,
    /// What manage and calendar tokens are derived from (see [`ManageKey`]).
    pub manage_key: ManageKey,
    /// Flood limits for anonymous writes.
    pub limits: Arc<Limits>,
    /// The HTML pages' templates, languages and stylesheet.
    pub pages: Arc<Pages>,
}
