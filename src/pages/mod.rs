//! The people's side: server-rendered HTML pages under `/` (the JSON API stays under
//! `/api/v1`). One file per page; the templates are `templates/pages/<page>.html.j2` and the
//! words `locales/<language>/<page>.ftl`.
//!
//! Every page goes through [`frame`]: it chooses the language ([`locale`]), turns any error
//! into a page in that language ([`errors`]) and adds the headers that keep pages safe.

mod activity;
pub mod assets;
pub mod calendar_links;
pub mod console;
pub mod errors;
pub mod figures;
pub mod forms;
mod home;
pub mod linked_data;
pub mod locale;
mod manage;
mod programme;
pub mod registration_form;
pub mod render;
mod sitemap;
mod timetable;
pub mod view;
mod welcome;

use poem::{
    Endpoint, EndpointExt, IntoResponse, Request, Response, Route, get,
    http::{HeaderValue, header},
    middleware::CookieJarManager,
    post,
    web::cookie::{Cookie, SameSite},
};

pub use errors::{PageError, PageResult};
pub use render::Pages;

use crate::i18n::Language;
use crate::state::AppState;

/// The pages, each behind [`frame`]; those with forms behind the anti-forgery middleware.
pub fn routes(state: &AppState) -> impl Endpoint + use<> {
    let manage = Route::new()
        .at("/:token", get(manage::page))
        .at(
            "/:token/cancel",
            get(manage::confirm_cancel).post(forms::limited(manage::cancel)),
        )
        .at(
            "/:token/reminders",
            get(manage::confirm_reminders_off).post(forms::limited(manage::reminders)),
        )
        .at(
            "/:token/calendar-link",
            post(forms::limited(manage::calendar_link)),
        )
        .at("/:token/welcome", get(welcome::page))
        .with(forms::csrf(state));
    Route::new()
        .nest("/r", manage)
        .nest("/console", console::routes(state))
        .at("/", get(home::page))
        .at("/sitemap.xml", get(sitemap::sitemap))
        .at("/festivals/:slug", get(programme::page))
        .at("/festivals/:slug/timetable", get(timetable::page))
        .at("/festivals/:slug/figures", get(figures::page))
        .at("/festivals/:slug/figures.csv", get(figures::public_csv))
        .at("/festivals/:slug/figures.json", get(figures::public_json))
        .at(
            "/festivals/:slug/events/:id",
            get(activity::page)
                .post(activity::register)
                .with(forms::csrf(state)),
        )
        .around(frame)
        .with(CookieJarManager::new())
}

/// The language chosen for this request (see [`locale::choose`]), as [`frame`] recorded it.
pub fn chosen_language<'s>(state: &'s AppState, request: &Request) -> &'s Language {
    let chosen = request.extensions().get::<Chosen>();
    state
        .pages
        .catalogue
        .get_or_fallback(chosen.map(|c| c.0.as_str()))
}

/// The code of the language [`frame`] chose.
#[derive(Clone)]
struct Chosen(String);

/// A year: a language chosen with `?lang=` is remembered that long.
const REMEMBER_LANGUAGE: std::time::Duration = std::time::Duration::from_secs(365 * 24 * 3600);

async fn frame<E: Endpoint>(next: E, mut request: Request) -> poem::Result<Response> {
    let Some(state) = request.data::<AppState>().cloned() else {
        return Ok(next.call(request).await?.into_response());
    };
    let query_lang = request.uri().query().and_then(|q| {
        url::form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "lang")
            .map(|(_, v)| v.into_owned())
    });
    let cookie = request.cookie().get(locale::COOKIE);
    let accept = request
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let (language, remember) = locale::choose(
        &state.pages.catalogue,
        query_lang.as_deref(),
        cookie.as_ref().map(Cookie::value_str),
        accept.as_deref(),
    );
    let https = state.config.public_url.scheme() == "https";
    if remember {
        let mut cookie = Cookie::new_with_str(locale::COOKIE, language.code.clone());
        cookie.set_path("/");
        cookie.set_max_age(REMEMBER_LANGUAGE);
        cookie.set_same_site(SameSite::Lax);
        cookie.set_secure(https);
        cookie.set_http_only(true);
        request.cookie().add(cookie);
    }
    request
        .extensions_mut()
        .insert(Chosen(language.code.clone()));
    let here = request.uri().clone();
    let mut response = match next.call(request).await {
        Ok(response) => response.into_response(),
        // A page that sends the visitor elsewhere (the console, to sign in) is no error page.
        Err(error) if error.status().is_redirection() => error.into_response(),
        Err(error) => errors::page(&state.pages, language, &here, &error),
    };
    let headers = response.headers_mut();
    for (name, value) in SAFETY_HEADERS {
        headers.insert(name.clone(), HeaderValue::from_static(value));
    }
    if https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    // Console pages hold an organisation's private data, refusals included: no cache,
    // shared or the browser's own, may keep them.
    if here.path().starts_with("/console") {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    // Pages differ by language, which the cookie and Accept-Language choose.
    headers.insert(
        header::VARY,
        HeaderValue::from_static("Accept-Language, Cookie, Accept-Encoding"),
    );
    headers
        .entry(header::CONTENT_LANGUAGE)
        .or_insert(HeaderValue::from_str(&language.code).unwrap_or(HeaderValue::from_static("en")));
    Ok(response)
}

/// Nothing runs but this origin's own files; no page may be framed (clickjacking); a manage
/// link (its token is in the path) never leaves in a `Referer`, not even to this site (a
/// proxy's access log records the `Referer` of every stylesheet request).
const SAFETY_HEADERS: &[(header::HeaderName, &str)] = &[
    (
        header::CONTENT_SECURITY_POLICY,
        "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; \
         form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    ),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "no-referrer"),
    (header::X_FRAME_OPTIONS, "DENY"),
];
