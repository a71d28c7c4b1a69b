//! Building and running the service: [`Application::build`] connects, migrates and binds (port 0
//! picks a free port, as tests do); [`routes`] is the whole HTTP surface.

use std::{future::Future, sync::Arc, time::Duration};

use anyhow::Context;
use poem::{
    EndpointExt, PathPattern, Route, Server, get,
    http::StatusCode,
    listener::{Acceptor, Listener, TcpAcceptor, TcpListener},
    middleware::{CatchPanic, Cors},
};

use crate::{
    api::{self, ops},
    compression::Compressed,
    config::Config,
    error::{AppError, Problem, problem_from_poem_error},
    i18n::Catalogue,
    idle::IdleAcceptor,
    jobs,
    limits::Limits,
    mail::Mailer,
    metrics::{self, RequestMetrics},
    pages::{self, Pages},
    state::AppState,
    store::{self, Db},
};

/// The whole HTTP surface of Convoca for `state`.
pub fn routes(state: AppState) -> impl poem::Endpoint {
    metrics::install();
    let base = state.config.public_base();
    let api = api::service(base);
    let document = api::document::build(&api, base);
    let docs = api::document::docs(&api, &document);
    let allow = api::allow::AllowHeader::from_spec("/api/v1", &document);
    let spec = api::document::endpoint(document);
    // CORS guards what other sites' scripts may call: everything but the pages. The pages'
    // forms are protected by their anti-forgery tokens instead; and under the pages'
    // `Referrer-Policy: no-referrer` browsers post them with `Origin: null`, which no origin
    // list can allow without allowing every sandboxed frame on the web.
    Route::new()
        .nest("/api/v1", api.with(cors(&state.config)))
        .nest("/docs", docs.with(cors(&state.config)))
        .nest("/feeds", api::feeds::routes().with(cors(&state.config)))
        .at("/openapi.json", spec.with(cors(&state.config)))
        .at("/health", get(ops::health).with(cors(&state.config)))
        .at("/metrics", get(ops::prometheus).with(cors(&state.config)))
        .at("/assets/:name", get(pages::assets::serve))
        .nest("/", pages::routes(&state))
        .with(Compressed)
        .before(refuse_nul_in_url)
        // A panic is a bug, but it must still answer (500 problem+json), not drop the connection.
        .with(CatchPanic::new().with_handler(|_| {
            Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }))
        // Outside CORS, so that its refusals are problem+json like every other error.
        .catch_all_error(|err: poem::Error| async move {
            let route = err.data::<PathPattern>().cloned();
            let mut response = problem_from_poem_error(err);
            if let Some(route) = route {
                response.set_data(route);
            }
            response
        })
        .with(allow)
        .with(RequestMetrics)
        .data(state)
}

/// Browsers may call the API from the origins in `CONVOCA_CORS_ORIGINS` only. With none
/// listed, no cross-origin request is allowed: a page elsewhere cannot make a visitor's
/// browser register or cancel on their behalf. Feeds and the API's reads need no CORS to be
/// fetched by servers and calendar apps.
fn cors(config: &Config) -> Cors {
    // The service's own origin is always allowed: its pages post forms to it, and browsers
    // send `Origin` with those. An allow-function rather than a list, because poem reads an
    // empty list as "allow every origin".
    let mut allowed = config.cors_origins.clone();
    allowed.push(config.public_url.origin().ascii_serialization());
    Cors::new()
        .allow_origins_fn(move |origin| allowed.iter().any(|a| a == origin))
        .allow_methods(["GET", "HEAD", "POST", "PATCH", "DELETE", "OPTIONS"])
        .allow_headers([
            "authorization",
            "content-type",
            "idempotency-key",
            "if-none-match",
        ])
        .max_age(3600)
}

/// PostgreSQL cannot store or compare NUL in text, so a `%00` anywhere in the path or query is
/// refused up front instead of failing in the database.
async fn refuse_nul_in_url(req: poem::Request) -> poem::Result<poem::Request> {
    let uri = req.uri().to_string();
    if uri.to_ascii_lowercase().contains("%00") {
        return Err(AppError::invalid("url", "may not contain NUL characters (%00)").into());
    }
    Ok(req)
}

/// The listener on `CONVOCA_BIND`, and the port it got (the one asked for, or any with 0).
async fn bind(config: &Config) -> anyhow::Result<(TcpAcceptor, u16)> {
    let acceptor = TcpListener::bind(config.bind.to_string())
        .into_acceptor()
        .await
        .with_context(|| format!("CONVOCA_BIND: cannot listen on {}", config.bind))?;
    let port = acceptor
        .local_addr()
        .first()
        .and_then(|a| a.as_socket_addr().map(|s| s.port()))
        .unwrap_or(config.bind.port());
    Ok((acceptor, port))
}

/// A bound, migrated, ready-to-run service.
pub struct Application {
    acceptor: TcpAcceptor,
    port: u16,
    state: AppState,
    background: bool,
}

impl Application {
    /// Binds the listener, then connects to the database and applies pending migrations. In
    /// that order: when the port is taken, nothing has been created or written yet.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let (acceptor, port) = bind(&config).await?;
        let db = Db::connect(&config.database_url)
            .await
            .with_context(|| "DATABASE_URL: cannot connect to the database")?;
        db.migrate().await.context("applying migrations")?;
        Self::assemble(config, db, acceptor, port).await
    }

    /// Binds the listener for an already migrated database.
    pub async fn build_with_db(config: Config, db: Db) -> anyhow::Result<Self> {
        let (acceptor, port) = bind(&config).await?;
        Self::assemble(config, db, acceptor, port).await
    }

    async fn assemble(
        config: Config,
        db: Db,
        acceptor: TcpAcceptor,
        port: u16,
    ) -> anyhow::Result<Self> {
        // Feeds answer polls from memory only while every catalogue change is heard.
        db.listen_for_changes();
        // One reading of `locales/`, for the pages and the emails.
        let catalogue = Arc::new(Catalogue::load().context("loading the languages of locales/")?);
        let mail = Mailer::from_config(&config, Arc::clone(&catalogue))?;
        let manage_key = store::keys::manage_key(db.conn(), &config).await?;
        store::keys::rekey_people(db.conn(), &manage_key).await?;
        let limits = Arc::new(Limits::new(config.rate_limit_per_minute));
        let pages =
            Arc::new(Pages::load(catalogue).context("loading the pages' templates and languages")?);
        Ok(Self {
            acceptor,
            port,
            state: AppState {
                db,
                config: Arc::new(config),
                cache: Arc::default(),
                feeds: Arc::default(),
                mail: Arc::new(mail),
                manage_key,
                limits,
                pages,
            },
            background: true,
        })
    }

    /// Serves HTTP only: no scheduler and no dispatcher task. Tests use this to run the jobs
    /// themselves, at the `now` they choose.
    pub fn without_background(mut self) -> Self {
        self.background = false;
        self
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Starts the scheduler and the dispatcher, serves until `shutdown` completes, then lets
    /// requests in flight finish (up to 30 s) and emails being sent be sent and recorded.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send,
    ) -> anyhow::Result<()> {
        let background = if self.background {
            Some(jobs::start(self.state.clone()).await?)
        } else {
            None
        };
        // A connection that sends nothing for this long is closed, also halfway through a
        // request's headers: a client that opens connections and never finishes them cannot
        // hold the server's sockets (see `idle`).
        let acceptor = IdleAcceptor::new(self.acceptor, self.state.config.idle_timeout);
        let served = Server::new_with_acceptor(acceptor)
            .run_with_graceful_shutdown(routes(self.state), shutdown, Some(Duration::from_secs(30)))
            .await;
        if let Some(background) = background {
            background.stop().await;
        }
        Ok(served?)
    }
}
