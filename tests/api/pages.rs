//! The HTML pages, read over HTTP as a browser without JavaScript reads them: status, headers,
//! language, escaping, and HTML that parses without errors. (The journeys in a real Chromium
//! are in `browser.rs`.)

use reqwest::header::{ACCEPT_LANGUAGE, COOKIE, HeaderMap};
use serde_json::json;

use crate::helpers::{TestApp, on_each_db};

/// A page read whole.
pub struct Page {
    pub status: u16,
    pub headers: HeaderMap,
    pub html: String,
}

impl Page {
    /// The parsed document; fails the test on any HTML parse error, as a validator would.
    #[track_caller]
    pub fn document(&self) -> scraper::Html {
        let document = scraper::Html::parse_document(&self.html);
        assert!(
            document.errors.is_empty(),
            "HTML parse errors {:?} in:\n{}",
            document.errors,
            self.html
        );
        document
    }

    /// The text of every element `css` selects, whitespace collapsed.
    #[track_caller]
    pub fn texts(&self, css: &str) -> Vec<String> {
        let selector = scraper::Selector::parse(css).expect("a CSS selector");
        self.document()
            .select(&selector)
            .map(|e| e.text().collect::<Vec<_>>().join(" "))
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    }

    /// The value of `attribute` on the first element `css` selects.
    #[track_caller]
    pub fn attribute(&self, css: &str, attribute: &str) -> Option<String> {
        let selector = scraper::Selector::parse(css).expect("a CSS selector");
        self.document()
            .select(&selector)
            .next()
            .and_then(|e| e.value().attr(attribute).map(str::to_owned))
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }
}

/// GETs `path` with extra `headers` (name, value).
pub async fn page(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> Page {
    let mut request = app.client.get(format!("{}{path}", app.address));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("the server answers");
    Page {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        html: response.text().await.expect("a body"),
    }
}

#[tokio::test]
async fn an_empty_installation_says_how_to_begin_in_spanish_by_default() {
    on_each_db(async |app: TestApp| {
        let home = page(&app, "/", &[]).await;
        assert_eq!(home.status, 200);
        assert!(home.header("content-type").starts_with("text/html"));
        assert_eq!(home.attribute("html", "lang").as_deref(), Some("es"));
        assert_eq!(home.texts("h1"), ["Festivales del aprendizaje"]);
        assert!(home.html.contains("convoca demo"), "{}", home.html);
        // The stylesheet it links is served, for a year.
        let css = home
            .attribute("link[rel=stylesheet]", "href")
            .expect("a stylesheet");
        let sheet = app
            .client
            .get(format!("{}{css}", app.address))
            .send()
            .await
            .expect("answers");
        assert_eq!(sheet.status(), 200);
        assert!(
            sheet.headers()["cache-control"]
                .to_str()
                .expect("ascii")
                .contains("immutable")
        );
        let stale = page(&app, "/assets/convoca.000000000000.css", &[]).await;
        assert_eq!(stale.status, 404);
    })
    .await;
}

#[tokio::test]
async fn every_page_carries_the_headers_that_keep_it_safe() {
    on_each_db(async |app: TestApp| {
        for path in ["/", "/no/such/page"] {
            let reply = page(&app, path, &[]).await;
            let csp = reply.header("content-security-policy");
            assert!(csp.contains("script-src 'self'"), "{path}: {csp}");
            assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
            assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
            assert_eq!(reply.header("x-content-type-options"), "nosniff");
            assert_eq!(reply.header("referrer-policy"), "no-referrer");
            // The test app's public URL is https: browsers are told to stay on https.
            assert_eq!(
                reply.header("strict-transport-security"),
                "max-age=31536000"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn the_language_comes_from_the_query_then_the_cookie_then_the_browser() {
    on_each_db(async |app: TestApp| {
        let chosen = page(&app, "/?lang=pt", &[(ACCEPT_LANGUAGE.as_str(), "en")]).await;
        assert_eq!(chosen.attribute("html", "lang").as_deref(), Some("pt"));
        assert_eq!(chosen.header("content-language"), "pt");
        let cookie = chosen.header("set-cookie").to_owned();
        assert!(cookie.starts_with("convoca_lang=pt"), "{cookie}");
        assert!(cookie.contains("SameSite=Lax"), "{cookie}");

        let remembered = page(
            &app,
            "/",
            &[
                (COOKIE.as_str(), "convoca_lang=pt"),
                (ACCEPT_LANGUAGE.as_str(), "en"),
            ],
        )
        .await;
        assert_eq!(remembered.attribute("html", "lang").as_deref(), Some("pt"));
        assert!(remembered.headers.get("set-cookie").is_none());

        let browser = page(&app, "/", &[(ACCEPT_LANGUAGE.as_str(), "en-GB,en;q=0.9")]).await;
        assert_eq!(browser.texts("h1"), ["Learning festivals"]);

        // The switcher keeps the page and marks the current language.
        assert_eq!(
            browser
                .attribute("nav a[aria-current=true]", "hreflang")
                .as_deref(),
            Some("en")
        );
        assert_eq!(
            browser.attribute("nav a[hreflang=pt]", "href").as_deref(),
            Some("/?lang=pt")
        );
    })
    .await;
}

#[tokio::test]
async fn an_unknown_page_is_a_friendly_404_in_the_visitors_language_and_the_api_keeps_json() {
    on_each_db(async |app: TestApp| {
        let missing = page(
            &app,
            "/no/such/page",
            &[(ACCEPT_LANGUAGE.as_str(), "pt-BR")],
        )
        .await;
        assert_eq!(missing.status, 404);
        assert!(missing.header("content-type").starts_with("text/html"));
        assert_eq!(missing.texts("h1"), ["Página não encontrada"]);
        assert_eq!(missing.attribute("main a", "href").as_deref(), Some("/"));

        let api = app.get("/api/v1/no-such-thing", None).await;
        api.problem(404);
    })
    .await;
}

#[tokio::test]
async fn the_home_page_lists_published_festivals_by_city_with_typed_text_escaped() {
    on_each_db(async |app: TestApp| {
        let token = app.organiser("quito").await;
        app.festival(
            &token,
            "semana",
            json!({"title": "<script>alert(1)</script> & \"Semana\" del Saber"}),
        )
        .await;
        app.publish(&token, "semana").await;
        app.festival(&token, "borrador", json!({"title": "Borrador secreto"}))
            .await;
        app.festival(
            &token,
            "lisboa",
            json!({"title": "Festa", "city": "Lisboa", "country": "PT",
                   "timezone": "Europe/Lisbon"}),
        )
        .await;
        app.publish(&token, "lisboa").await;

        let home = page(&app, "/?lang=en", &[]).await;
        assert_eq!(home.status, 200);
        assert!(!home.html.contains("<script>alert"), "{}", home.html);
        assert!(home.html.contains("&lt;script&gt;alert(1)"));
        assert!(!home.html.contains("Borrador secreto"));
        assert_eq!(home.texts("main h2"), ["Lisboa, PT", "Quito, EC"]);
        assert_eq!(
            home.texts("main h3 a"),
            ["Festa", "<script>alert(1)</script> & \"Semana\" del Saber"]
        );
        assert_eq!(
            home.attribute("main h3 a", "href").as_deref(),
            Some("/festivals/lisboa")
        );
        let cards = home.texts("main .card");
        assert!(
            cards[1].contains("8 March 2027 – 14 March 2027"),
            "{cards:?}"
        );
        assert!(cards[1].contains("Learning festival"), "{cards:?}");
    })
    .await;
}

/// A published festival in Quito with three activities on two days, in two venues (one
/// without step-free access), for the programme's tests. Returns the organiser's token and
/// the events' ids (robotics, story time, full talk).
pub async fn festival_with_programme(app: &TestApp) -> (String, Vec<String>) {
    let token = app.organiser("quito").await;
    let library = app.venue(&token, json!({})).await;
    let stairs = app
        .venue(
            &token,
            json!({"name": "Casa de la Música", "accessibility": [],
                   "latitude": -0.2, "longitude": -78.5}),
        )
        .await;
    app.festival(
        &token,
        "semana",
        json!({"description": "Una semana para aprender.\nEn toda la ciudad."}),
    )
    .await;
    let robotics = app
        .event(
            &token,
            "semana",
            json!({"title": "Robótica <para> niños", "venue_id": library, "capacity": 12,
                   "audience": ["niños"], "themes": ["ciencia"], "language": "es",
                   "accessibility": ["sign_language"]}),
        )
        .await;
    let stories = app
        .event(
            &token,
            "semana",
            json!({"title": "Cuentos en kichwa", "venue_id": stairs, "capacity": 30,
                   "audience": ["familias"], "language": "qu",
                   "starts_at": "2027-03-10T16:00:00-05:00",
                   "ends_at": "2027-03-10T17:00:00-05:00"}),
        )
        .await;
    let talk = app
        .event(
            &token,
            "semana",
            json!({"title": "Charla llena", "venue_id": library, "capacity": 1,
                   "starts_at": "2027-03-10T18:00:00-05:00",
                   "ends_at": "2027-03-10T19:00:00-05:00"}),
        )
        .await;
    app.publish(&token, "semana").await;
    let id = |e: &serde_json::Value| e["id"].as_str().expect("an id").to_owned();
    (token, vec![id(&robotics), id(&stories), id(&talk)])
}

#[tokio::test]
async fn a_programme_shows_activities_by_day_with_places_and_access() {
    on_each_db(async |app: TestApp| {
        let (_, ids) = festival_with_programme(&app).await;
        app.post(
            &format!("/api/v1/events/{}/registrations", ids[2]),
            None,
            json!({"name": "Ana", "email": "ana@example.org", "consent": true}),
        )
        .await
        .expect(201);

        let programme = page(&app, "/festivals/semana?lang=es", &[]).await;
        assert_eq!(programme.status, 200, "{}", programme.html);
        assert_eq!(programme.texts("h1"), ["Festival del Aprendizaje"]);
        assert_eq!(
            programme.texts(".description p"),
            ["Una semana para aprender.", "En toda la ciudad."]
        );
        assert_eq!(
            programme.texts("main section h3"),
            [
                "martes, 9 de marzo de 2027",
                "miércoles, 10 de marzo de 2027"
            ]
        );
        let cards = programme.texts("main .card");
        assert_eq!(cards.len(), 3, "{cards:?}");
        assert!(cards[0].contains("10:00–12:00"), "{cards:?}");
        assert!(cards[0].contains("Robótica <para> niños"), "{cards:?}");
        assert!(cards[0].contains("Acceso sin escalones"), "{cards:?}");
        assert!(
            cards[0].contains("Interpretación en lengua de señas"),
            "{cards:?}"
        );
        assert!(cards[0].contains("Quedan 12 plazas"), "{cards:?}");
        assert!(cards[1].contains("Idioma: Kichwa"), "{cards:?}");
        assert!(!cards[1].contains("Acceso sin escalones"), "{cards:?}");
        assert!(cards[2].contains("Completo"), "{cards:?}");
        assert_eq!(
            programme.attribute("main .card a", "href"),
            Some(format!("/festivals/semana/events/{}", ids[0]))
        );
        assert_eq!(programme.texts("[role=status]"), ["3 actividades de 3"]);
    })
    .await;
}

#[tokio::test]
async fn the_programme_filters_are_a_plain_get_form_that_can_be_shared() {
    on_each_db(async |app: TestApp| {
        let (_, _) = festival_with_programme(&app).await;
        let titles = async |query: &str| {
            page(&app, &format!("/festivals/semana?lang=en&{query}"), &[])
                .await
                .texts("main .card h4")
        };
        assert_eq!(
            titles("audience=ni%C3%B1os").await,
            ["Robótica <para> niños"]
        );
        assert_eq!(
            titles("day=2027-03-10").await,
            ["Cuentos en kichwa", "Charla llena"]
        );
        assert_eq!(
            titles("accessible=1").await,
            ["Robótica <para> niños", "Charla llena"]
        );
        assert_eq!(titles("language=qu").await, ["Cuentos en kichwa"]);
        assert_eq!(titles("q=kichwa").await, ["Cuentos en kichwa"]);
        // Nonsense is ignored, not an error.
        assert_eq!(titles("day=someday&accessible=perhaps").await.len(), 3);

        let form = page(&app, "/festivals/semana?lang=en&audience=ni%C3%B1os", &[]).await;
        assert_eq!(
            form.attribute("main form", "method").as_deref(),
            Some("get")
        );
        assert_eq!(
            form.attribute("#audience option[selected]", "value")
                .as_deref(),
            Some("niños")
        );
        assert_eq!(form.texts("[role=status]"), ["1 activity of 3"]);
        // Every field has a label.
        for id in [
            "day",
            "audience",
            "theme",
            "language",
            "q",
            "accessible",
            "available",
        ] {
            assert_eq!(form.texts(&format!("label[for={id}]")).len(), 1, "{id}");
        }
    })
    .await;
}

#[tokio::test]
async fn a_draft_or_unknown_festival_is_a_404_page() {
    on_each_db(async |app: TestApp| {
        let token = app.organiser("quito").await;
        app.festival(&token, "borrador", json!({})).await;
        for path in ["/festivals/borrador", "/festivals/nadie"] {
            let missing = page(&app, &format!("{path}?lang=en"), &[]).await;
            assert_eq!(missing.status, 404, "{path}");
            assert!(
                missing
                    .html
                    .contains("This festival does not exist or is not public yet."),
                "{}",
                missing.html
            );
        }
    })
    .await;
}

#[tokio::test]
async fn the_timetable_puts_venues_in_columns_and_times_in_rows() {
    on_each_db(async |app: TestApp| {
        festival_with_programme(&app).await;
        let day = page(
            &app,
            "/festivals/semana/timetable?day=2027-03-10&lang=en",
            &[],
        )
        .await;
        assert_eq!(day.status, 200, "{}", day.html);
        assert_eq!(
            day.texts("table thead th"),
            ["Time", "Biblioteca Metropolitana", "Casa de la Música"]
        );
        assert_eq!(day.texts("table tbody th[scope=row]"), ["16:00", "18:00"]);
        let rows = day.texts("table tbody tr");
        // 16:00: only the stories, in the second venue's column.
        let first_row: Vec<String> = {
            let document = day.document();
            let row = scraper::Selector::parse("table tbody tr").expect("css");
            let cell = scraper::Selector::parse("td").expect("css");
            let tr = document.select(&row).next().expect("a row");
            tr.select(&cell)
                .map(|c| c.text().collect::<String>().trim().to_owned())
                .collect()
        };
        assert!(first_row[0].is_empty(), "{rows:?}");
        assert!(first_row[1].contains("Cuentos en kichwa"), "{rows:?}");
        assert_eq!(
            day.attribute("nav a[aria-current=page]", "href").as_deref(),
            Some("/festivals/semana/timetable?day=2027-03-10")
        );
        // The same day as a list, for narrow screens.
        assert_eq!(
            day.texts(".timetable-list .card h2"),
            ["Cuentos en kichwa", "Charla llena"]
        );
        // A day outside the festival opens its first day.
        let first = page(
            &app,
            "/festivals/semana/timetable?day=1999-01-01&lang=en",
            &[],
        )
        .await;
        assert_eq!(first.texts("h1"), ["Timetable: Monday 8 March 2027"]);
        assert!(first.html.contains("No activity on this day."));
    })
    .await;
}

/// The anti-forgery cookie and the form token a page at `path` hands out, as a browser keeps
/// them: what a POST from that page must carry.
pub async fn form_session(app: &TestApp, path: &str) -> (String, String) {
    let shown = page(app, path, &[]).await;
    assert_eq!(shown.status, 200, "{}", shown.html);
    let cookie = shown
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("convoca_csrf="))
        .and_then(|c| c.split(';').next())
        .expect("an anti-forgery cookie")
        .to_owned();
    let token = shown
        .attribute("input[name=csrf_token]", "value")
        .expect("a form token");
    (cookie, token)
}

/// POSTs a form to `path` with `cookie`, without following a redirect.
pub async fn post_form(app: &TestApp, path: &str, cookie: &str, fields: &[(&str, &str)]) -> Page {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client");
    let response = client
        .post(format!("{}{path}", app.address))
        .header(COOKIE, cookie)
        .form(fields)
        .send()
        .await
        .expect("the server answers");
    Page {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        html: response.text().await.expect("a body"),
    }
}

/// Registers through the API and returns the path of the manage page.
pub async fn register(app: &TestApp, event: &str, name: &str, email: &str) -> String {
    let made = app
        .post(
            &format!("/api/v1/events/{event}/registrations"),
            None,
            json!({"name": name, "email": email, "consent": true, "seats": 1}),
        )
        .await
        .expect(201)
        .json();
    made["manage_url"]
        .as_str()
        .expect("a manage url")
        .split_once("/r/")
        .map(|(_, token)| format!("/r/{token}"))
        .expect("a manage path")
}

#[tokio::test]
async fn the_manage_page_shows_one_registration_and_cancelling_frees_the_seat() {
    on_each_db(async |app: TestApp| {
        let (_, ids) = festival_with_programme(&app).await;
        let talk = &ids[2];
        let ana = register(&app, talk, "Ana <b>Bravo</b>", "ana@example.org").await;
        let luis = register(&app, talk, "Luis", "luis@example.org").await;
        assert!(ana.starts_with("/r/reg_"), "{ana}");

        let manage = page(&app, &format!("{ana}?lang=en"), &[]).await;
        assert_eq!(manage.status, 200, "{}", manage.html);
        assert_eq!(manage.texts("h1"), ["Charla llena"]);
        assert!(!manage.html.contains("<b>Bravo"));
        assert!(manage.texts("dd").contains(&"Ana <b>Bravo</b>".to_owned()));
        assert!(!manage.html.contains("luis@example.org"));
        assert!(
            manage
                .texts(".status")
                .concat()
                .contains("Confirmed: 1 place")
        );
        let waiting = page(&app, &format!("{luis}?lang=en"), &[]).await;
        assert!(
            waiting
                .texts(".status")
                .concat()
                .contains("number 1 on the waiting list"),
            "{:?}",
            waiting.texts(".status")
        );

        // Cancelling is a confirmation page, then a POST with the form's token.
        let confirm_path = format!("{ana}/cancel");
        let (cookie, token) = form_session(&app, &confirm_path).await;
        let forged = post_form(&app, &confirm_path, &cookie, &[("csrf_token", "forged")]).await;
        assert_eq!(forged.status, 403);
        let no_cookie = post_form(&app, &confirm_path, "", &[("csrf_token", &token)]).await;
        assert_eq!(no_cookie.status, 403);
        let still = page(&app, &format!("{ana}?lang=en"), &[]).await;
        assert!(still.texts(".status").concat().contains("Confirmed"));

        let done = post_form(&app, &confirm_path, &cookie, &[("csrf_token", &token)]).await;
        assert_eq!(done.status, 303, "{}", done.html);
        assert_eq!(done.header("location"), format!("{ana}?done=cancelled"));
        let after = page(&app, &format!("{ana}?done=cancelled&lang=en"), &[]).await;
        assert!(
            after
                .texts("[role=status]")
                .concat()
                .contains("Your registration is cancelled")
        );
        assert!(after.texts(".status").concat().contains("Cancelled on"));
        // No way to cancel twice.
        assert!(after.attribute("a[href$='/cancel']", "href").is_none());
        // The next person got the seat.
        let promoted = page(&app, &format!("{luis}?lang=en"), &[]).await;
        assert!(
            promoted.texts(".status").concat().contains("Confirmed"),
            "{:?}",
            promoted.texts(".status")
        );
    })
    .await;
}

#[tokio::test]
async fn an_unknown_manage_link_says_where_to_find_the_right_one() {
    on_each_db(async |app: TestApp| {
        let missing = page(&app, "/r/reg_nothing?lang=es", &[]).await;
        assert_eq!(missing.status, 404);
        assert!(
            missing.html.contains("correo de confirmación"),
            "{}",
            missing.html
        );
    })
    .await;
}

#[tokio::test]
async fn after_a_move_the_manage_page_says_what_changed() {
    on_each_db(async |app: TestApp| {
        let (token, ids) = festival_with_programme(&app).await;
        let robotics = &ids[0];
        let ana = register(&app, robotics, "Ana", "ana@example.org").await;
        app.patch(
            &format!("/api/v1/events/{robotics}"),
            Some(&token),
            json!({"starts_at": "2027-03-09T14:00:00-05:00",
                   "ends_at": "2027-03-09T16:00:00-05:00"}),
        )
        .await
        .expect(200);
        let manage = page(&app, &format!("{ana}?lang=en"), &[]).await;
        let panel = manage.texts(".panel").concat();
        assert!(
            panel.contains("has changed since you registered"),
            "{panel}"
        );
        assert!(panel.contains("Tuesday 9 March 2027, 10:00"), "{panel}");
        assert!(manage.html.contains("14:00–16:00"));
    })
    .await;
}

#[tokio::test]
async fn the_calendar_link_is_sent_by_email_never_shown() {
    on_each_db(async |app: TestApp| {
        let (_, ids) = festival_with_programme(&app).await;
        let ana = register(&app, &ids[0], "Ana", "ana@example.org").await;
        let path = format!("{ana}/calendar-link");
        let (cookie, token) = form_session(&app, &ana).await;
        let sent = post_form(&app, &path, &cookie, &[("csrf_token", &token)]).await;
        assert_eq!(sent.status, 303);
        assert_eq!(sent.header("location"), format!("{ana}?done=link-sent"));
        let shown = page(&app, &format!("{ana}?done=link-sent&lang=en"), &[]).await;
        assert!(
            shown
                .texts("[role=status]")
                .concat()
                .contains("ana@example.org")
        );
        assert!(!shown.html.contains("/feeds/people/"));
    })
    .await;
}

#[tokio::test]
async fn the_sitemap_lists_every_public_page_and_no_draft() {
    on_each_db(async |app: TestApp| {
        let (token, ids) = festival_with_programme(&app).await;
        app.festival(&token, "borrador", json!({})).await;
        let sitemap = page(&app, "/sitemap.xml", &[]).await;
        assert_eq!(sitemap.status, 200);
        assert!(
            sitemap
                .header("content-type")
                .starts_with("application/xml")
        );
        // Read as markup, so character references (`&#x2f;`) are decoded as an XML reader would.
        let document = scraper::Html::parse_fragment(&sitemap.html);
        let loc = scraper::Selector::parse("loc").expect("css");
        let locs: Vec<String> = document
            .select(&loc)
            .map(|e| e.text().collect::<String>())
            .collect();
        let base = "https://convoca.test";
        let mut expected = vec![
            format!("{base}/"),
            format!("{base}/festivals/semana"),
            format!("{base}/festivals/semana/timetable"),
        ];
        expected.extend(
            ids.iter()
                .map(|id| format!("{base}/festivals/semana/events/{id}")),
        );
        assert_eq!(locs, expected);
    })
    .await;
}

#[tokio::test]
async fn pages_json_and_feeds_are_compressed_for_clients_that_ask() {
    on_each_db(async |app: TestApp| {
        festival_with_programme(&app).await;
        for path in [
            "/festivals/semana",
            "/api/v1/festivals/semana/events",
            "/feeds/festivals/semana.ics",
        ] {
            let plain = app.get(path, None).await.expect(200);
            for coding in ["br", "gzip"] {
                let response = app
                    .client
                    .get(format!("{}{path}", app.address))
                    .header("accept-encoding", format!("{coding}, identity;q=0.5"))
                    .send()
                    .await
                    .expect("answers");
                let headers = response.headers().clone();
                assert_eq!(headers["content-encoding"], coding, "{path}");
                assert!(
                    headers["vary"]
                        .to_str()
                        .is_ok_and(|v| v.contains("Accept-Encoding")),
                    "{path}"
                );
                let size = response.bytes().await.expect("a body").len();
                assert!(
                    size * 2 < plain.text.len(),
                    "{path} {coding}: {size} of {}",
                    plain.text.len()
                );
                // The compressed copy's tag is weak, and still answers a poll with a 304.
                if let Some(tag) = headers.get("etag") {
                    let tag = tag.to_str().expect("ASCII");
                    assert!(tag.starts_with("W/"), "{path}: {tag}");
                    let again = app
                        .client
                        .get(format!("{}{path}", app.address))
                        .header("accept-encoding", coding)
                        .header("if-none-match", tag)
                        .send()
                        .await
                        .expect("answers");
                    assert_eq!(again.status(), 304, "{path}");
                }
            }
        }
        // Not worth it: a few bytes, and a HEAD (which keeps its length).
        for request in [
            app.client.get(format!("{}/health", app.address)),
            app.client
                .head(format!("{}/feeds/festivals/semana.ics", app.address)),
        ] {
            let response = request
                .header("accept-encoding", "gzip")
                .send()
                .await
                .expect("answers");
            assert!(response.headers().get("content-encoding").is_none());
        }
        // A compressed body is refused rather than inflated.
        let encoded = app
            .client
            .post(format!("{}/r/reg_x/cancel", app.address))
            .header("content-encoding", "gzip")
            .body(vec![0u8; 16])
            .send()
            .await
            .expect("answers");
        assert_eq!(encoded.status(), 415);
        // Nor is a form body bigger than any form could send read at all.
        let huge = app
            .client
            .post(format!("{}/r/reg_x/cancel", app.address))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(vec![b'a'; 64 * 1024])
            .send()
            .await
            .expect("answers");
        assert_eq!(huge.status(), 413);
    })
    .await;
}
