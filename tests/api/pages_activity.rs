//! The activity page, its registration form and the page after registering, read over HTTP as
//! a browser without JavaScript reads them (a visitor that keeps its cookies), then driven in a
//! headless Chromium and checked with axe-core (when `CONVOCA_TEST_BROWSER` is set).

use reqwest::{
    header::{ACCEPT_LANGUAGE, COOKIE, SET_COOKIE},
    redirect::Policy,
};
use serde_json::{Value, json};

use crate::{
    browser::Browser,
    helpers::{MailTo, TestApp, backends, on_each_db, spawn_app_with_env, spawn_for_browser},
    pages::Page,
};

/// A visitor with a browser's habits over plain HTTP: it keeps the cookies pages set (the
/// anti-forgery cookie among them), sends its language, and does not follow redirects, so a
/// test sees the `303`.
struct Visitor<'a> {
    app: &'a TestApp,
    client: reqwest::Client,
    cookies: Vec<(String, String)>,
    language: &'static str,
}

impl<'a> Visitor<'a> {
    fn new(app: &'a TestApp, language: &'static str) -> Self {
        Self {
            app,
            client: reqwest::Client::builder()
                .redirect(Policy::none())
                .build()
                .expect("a client"),
            cookies: Vec::new(),
            language,
        }
    }

    async fn get(&mut self, path: &str) -> Page {
        let request = self.client.get(format!("{}{path}", self.app.address));
        self.send(request).await
    }

    /// POSTs `fields` form-urlencoded, as a browser sends a form.
    async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let request = self
            .client
            .post(format!("{}{path}", self.app.address))
            .form(fields);
        self.send(request).await
    }

    async fn send(&mut self, request: reqwest::RequestBuilder) -> Page {
        let mut request = request.header(ACCEPT_LANGUAGE, self.language);
        if !self.cookies.is_empty() {
            let jar: Vec<String> = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            request = request.header(COOKIE, jar.join("; "));
        }
        let response = request.send().await.expect("the server answers");
        for set in response.headers().get_all(SET_COOKIE) {
            let pair = set
                .to_str()
                .expect("ascii")
                .split(';')
                .next()
                .unwrap_or_default();
            if let Some((name, value)) = pair.split_once('=') {
                self.cookies.retain(|(k, _)| k != name);
                self.cookies.push((name.to_owned(), value.to_owned()));
            }
        }
        as_read(Page {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            html: response.text().await.expect("a body"),
        })
    }

    /// Opens the activity page and sends its form with `changes` to the fields a person fills
    /// (`None` leaves a field out), with the page's own token.
    async fn register(&mut self, path: &str, changes: &[(&str, Option<&str>)]) -> Page {
        let form = self.get(path).await;
        let token = token_of(&form);
        let mut fields: Vec<(&str, &str)> = vec![
            ("name", "Ana Pérez"),
            ("email", "ana@example.org"),
            ("seats", "2"),
            ("locale", "es"),
            ("access_needs", ""),
            ("consent", "yes"),
            ("website", ""),
        ];
        for (name, value) in changes {
            fields.retain(|(k, _)| k != name);
            if let Some(value) = value {
                fields.push((name, value));
            }
        }
        fields.push(("csrf_token", &token));
        self.post(path, &fields).await
    }
}

/// A page as a person reads it: without the invisible marks Fluent puts around each value it
/// places in a message (U+2068 and U+2069, which keep right-to-left names in their place).
fn as_read(page: Page) -> Page {
    Page {
        html: page.html.replace(['\u{2068}', '\u{2069}'], ""),
        ..page
    }
}

/// GETs `path` as a visitor without cookies (see [`as_read`]).
async fn read_page(app: &TestApp, path: &str) -> Page {
    as_read(crate::pages::page(app, path, &[]).await)
}

/// The anti-forgery token of a page's form.
#[track_caller]
fn token_of(page: &Page) -> String {
    page.attribute("form.registration input[name=csrf_token]", "value")
        .unwrap_or_else(|| panic!("a form with a token in:\n{}", page.html))
}

/// A published festival `semana` in Quito with one workshop whose title holds markup and
/// quotes, in a venue with coordinates; (organiser token, event id, activity page path).
async fn festival_with_activity(app: &TestApp, capacity: Value) -> (String, String, String) {
    let token = app.organiser("quito").await;
    let venue = app
        .venue(
            &token,
            json!({"latitude": -0.2201, "longitude": -78.5123,
                   "accessibility": ["step_free_access", "hearing_loop"]}),
        )
        .await;
    app.festival(&token, "semana", json!({})).await;
    let event = app
        .event(
            &token,
            "semana",
            json!({"title": "Robótica </script><script>alert(1)</script> & \"niños\"",
                   "venue_id": venue, "capacity": capacity, "host": "Ana <b>Pérez</b>",
                   "audience": ["niños"], "themes": ["ciencia"], "language": "es",
                   "accessibility": ["sign_language"],
                   "description": "Construimos un robot.\nTraigan curiosidad.",
                   "materials_note": "Una laptop si tienen."}),
        )
        .await;
    app.publish(&token, "semana").await;
    let id = event["id"].as_str().expect("an id").to_owned();
    let path = format!("/festivals/semana/events/{id}");
    (token, id, path)
}

/// The registrations of `event` as the organiser sees them.
async fn registrations(app: &TestApp, token: &str, event: &str) -> Vec<Value> {
    app.get(
        &format!("/api/v1/events/{event}/registrations"),
        Some(token),
    )
    .await
    .expect(200)
    .json()["items"]
        .as_array()
        .expect("a list")
        .clone()
}

/// The JSON-LD of a page, parsed.
#[track_caller]
fn json_ld(page: &Page) -> Value {
    let scripts = page.texts("script[type='application/ld+json']");
    assert_eq!(scripts.len(), 1, "one JSON-LD block in:\n{}", page.html);
    // `texts` collapses whitespace, which JSON does not mind outside its strings, and the
    // strings here hold none that matters; read the raw text anyway.
    let document = page.document();
    let selector = scraper::Selector::parse("script[type='application/ld+json']").expect("css");
    let raw: String = document
        .select(&selector)
        .next()
        .expect("the script")
        .text()
        .collect();
    serde_json::from_str(&raw).unwrap_or_else(|e| panic!("JSON-LD is not JSON ({e}): {raw}"))
}

const TITLE: &str = "Robótica </script><script>alert(1)</script> & \"niños\"";

#[tokio::test]
async fn an_activity_page_shows_everything_about_it_with_typed_text_escaped() {
    on_each_db(async |app: TestApp| {
        let (_, id, path) = festival_with_activity(&app, json!(12)).await;
        let page = read_page(&app, &format!("{path}?lang=en")).await;
        assert_eq!(page.status, 200, "{}", page.html);
        assert!(page.header("content-type").starts_with("text/html"));
        assert!(
            page.header("content-security-policy")
                .contains("script-src 'self'")
        );
        assert_eq!(page.texts("h1"), [TITLE]);
        assert!(!page.html.contains("<script>alert"), "{}", page.html);
        assert!(!page.html.contains("<b>Pérez"), "{}", page.html);

        let facts = page.texts(".facts > div").join("\n");
        for expected in [
            "Type of activity Workshop",
            "When Tuesday 9 March 2027, 10:00–12:00 Local time in Quito (America/Guayaquil)",
            "Where Biblioteca Metropolitana García Moreno y Espejo, Quito",
            "Places 12 places left",
            "Hosted by Ana <b>Pérez</b>",
            "For niños",
            "Themes ciencia",
            "Language Spanish",
            "Accessibility support Sign language interpretation",
        ] {
            assert!(facts.contains(expected), "{expected:?} not in:\n{facts}");
        }
        assert_eq!(
            page.texts(".description p"),
            [
                "Construimos un robot.",
                "Traigan curiosidad.",
                "Una laptop si tienen."
            ]
        );
        // The venue, its features spelled out, and the map.
        let venue = page.texts("main ul.plain li");
        assert!(venue.contains(&"Step-free access".to_owned()), "{venue:?}");
        assert!(venue.contains(&"Hearing loop".to_owned()), "{venue:?}");
        let map = page
            .attribute("main a[href^='https://www.openstreetmap.org/']", "href")
            .expect("a map link");
        assert!(map.contains("mlat=-0.2201&mlon=-78.5123"), "{map}");

        // Add to calendar: the .ics, Google, and the festival's subscription.
        let links: Vec<String> = {
            let document = page.document();
            let selector = scraper::Selector::parse(".calendar-links a").expect("css");
            document
                .select(&selector)
                .filter_map(|a| a.value().attr("href").map(str::to_owned))
                .collect()
        };
        assert_eq!(links[0], format!("/feeds/events/{id}.ics"));
        let google = url::Url::parse(&links[1]).expect("a URL");
        assert_eq!(google.host_str(), Some("calendar.google.com"));
        let query: std::collections::HashMap<String, String> =
            google.query_pairs().into_owned().collect();
        assert_eq!(query["text"], TITLE);
        assert_eq!(query["dates"], "20270309T150000Z/20270309T170000Z");
        assert_eq!(
            query["location"],
            "Biblioteca Metropolitana, García Moreno y Espejo, Quito"
        );
        assert!(query["details"].ends_with(&format!("https://convoca.test{path}")));
        assert_eq!(links[2], "webcal://convoca.test/feeds/festivals/semana.ics");
        let ics = app.get(&links[0], None).await.expect(200);
        assert!(ics.text.contains("BEGIN:VEVENT"));

        // OpenGraph, for a link shared in a chat.
        let og = |p: &str| page.attribute(&format!("meta[property='og:{p}']"), "content");
        assert_eq!(og("title").as_deref(), Some(TITLE));
        assert_eq!(og("url"), Some(format!("https://convoca.test{path}")));
        assert_eq!(og("locale").as_deref(), Some("en_GB"));
        assert_eq!(
            og("description").as_deref(),
            Some("Construimos un robot. Traigan curiosidad.")
        );

        // The form: every field labelled, the honeypot out of everyone's way.
        assert_eq!(
            page.attribute("form.registration", "method").as_deref(),
            Some("post")
        );
        assert_eq!(
            page.attribute("form.registration", "action"),
            Some(format!("{path}#error-summary"))
        );
        for id in [
            "name",
            "email",
            "seats",
            "locale",
            "locale-es",
            "locale-pt",
            "access_needs",
            "consent",
        ] {
            assert_eq!(page.texts(&format!("label[for={id}]")).len(), 1, "{id}");
        }
        assert!(!token_of(&page).is_empty());
        let honeypot = "input[name=website]";
        assert_eq!(page.attribute(honeypot, "tabindex").as_deref(), Some("-1"));
        assert_eq!(
            page.attribute(honeypot, "autocomplete").as_deref(),
            Some("off")
        );
        assert_eq!(
            page.attribute("div[aria-hidden=true].visually-hidden label", "for")
                .as_deref(),
            Some("website")
        );
        assert_eq!(page.texts("form.registration button"), ["Register"]);
        // The emails' language follows the page's when it can.
        assert_eq!(
            page.attribute("input[name=locale][checked]", "value")
                .as_deref(),
            Some("en")
        );
        let privacy = page.texts(".privacy li").join(" ");
        assert!(
            privacy.contains("Org quito") && privacy.contains("365 days"),
            "{privacy}"
        );
    })
    .await;
}

#[tokio::test]
async fn an_activity_of_another_festival_a_draft_or_a_bad_id_is_a_404_page() {
    on_each_db(async |app: TestApp| {
        let (token, id, _) = festival_with_activity(&app, json!(12)).await;
        app.festival(&token, "borrador", json!({})).await;
        let draft = app.event(&token, "borrador", json!({})).await;
        let draft = draft["id"].as_str().expect("an id");
        for path in [
            format!("/festivals/borrador/events/{draft}"),
            format!("/festivals/semana/events/{draft}"),
            format!("/festivals/nadie/events/{id}"),
            "/festivals/semana/events/not-a-uuid".to_owned(),
            "/festivals/semana/events/00000000-0000-0000-0000-000000000000".to_owned(),
        ] {
            let missing = read_page(&app, &format!("{path}?lang=en")).await;
            assert_eq!(missing.status, 404, "{path}");
            assert!(
                missing
                    .html
                    .contains("This activity does not exist or is not public yet."),
                "{path}: {}",
                missing.html
            );
        }
    })
    .await;
}

#[tokio::test]
async fn the_json_ld_describes_the_event_and_says_when_it_is_cancelled() {
    on_each_db(async |app: TestApp| {
        let (token, id, path) = festival_with_activity(&app, json!(12)).await;
        let page = read_page(&app, &path).await;
        // The title's `</script>` cannot end the script element.
        assert!(
            !page.html.contains("</script><script>alert"),
            "{}",
            page.html
        );
        let data = json_ld(&page);
        assert_eq!(data["@context"], "https://schema.org");
        assert_eq!(data["@type"], "Event");
        assert_eq!(data["name"], TITLE);
        assert_eq!(data["startDate"], "2027-03-09T10:00:00-05:00");
        assert_eq!(data["endDate"], "2027-03-09T12:00:00-05:00");
        assert_eq!(data["eventStatus"], "https://schema.org/EventScheduled");
        assert_eq!(
            data["eventAttendanceMode"],
            "https://schema.org/OfflineEventAttendanceMode"
        );
        assert_eq!(data["location"]["@type"], "Place");
        assert_eq!(data["location"]["name"], "Biblioteca Metropolitana");
        assert_eq!(data["location"]["address"]["@type"], "PostalAddress");
        assert_eq!(
            data["location"]["address"]["streetAddress"],
            "García Moreno y Espejo"
        );
        assert_eq!(data["location"]["address"]["addressCountry"], "EC");
        assert_eq!(data["location"]["geo"]["latitude"], -0.2201);
        assert_eq!(data["organizer"]["name"], "Org quito");
        assert_eq!(data["offers"]["price"], 0);
        assert_eq!(data["offers"]["availability"], "https://schema.org/InStock");
        assert_eq!(data["offers"]["url"], format!("https://convoca.test{path}"));
        assert_eq!(
            data["description"],
            "Construimos un robot. Traigan curiosidad."
        );
        assert_eq!(data["inLanguage"], "es");

        app.cancel_event(&token, id).await;
        let cancelled = read_page(&app, &format!("{path}?lang=en")).await;
        let data = json_ld(&cancelled);
        assert_eq!(data["eventStatus"], "https://schema.org/EventCancelled");
        assert_eq!(
            data["offers"]["availability"],
            "https://schema.org/Discontinued"
        );
        // Registration is closed, says why, and there is no form.
        assert!(
            cancelled
                .html
                .contains("This activity has been cancelled, so registration is closed.")
        );
        assert!(cancelled.texts("form.registration").is_empty());
    })
    .await;
}

#[tokio::test]
async fn a_moved_online_event_is_rescheduled_and_online_in_its_json_ld() {
    on_each_db(async |app: TestApp| {
        let (token, id, path) = festival_with_activity(&app, json!(12)).await;
        app.patch(
            &format!("/api/v1/events/{id}"),
            Some(&token),
            json!({"starts_at": "2027-03-09T15:00:00-05:00", "ends_at": "2027-03-09T16:00:00-05:00",
                   "venue_id": null, "online_url": "https://meet.example.org/robotica"}),
        )
        .await
        .expect(200);
        let page = read_page(&app, &path).await;
        let data = json_ld(&page);
        assert_eq!(data["eventStatus"], "https://schema.org/EventRescheduled");
        assert_eq!(data["startDate"], "2027-03-09T15:00:00-05:00");
        assert_eq!(
            data["eventAttendanceMode"],
            "https://schema.org/OnlineEventAttendanceMode"
        );
        assert_eq!(data["location"]["@type"], "VirtualLocation");
        assert_eq!(data["location"]["url"], "https://meet.example.org/robotica");
    })
    .await;
}

#[tokio::test]
async fn a_form_with_errors_comes_back_with_a_summary_linking_to_each_field_and_what_was_typed() {
    on_each_db(async |app: TestApp| {
        let (token, id, path) = festival_with_activity(&app, json!(12)).await;
        let mut visitor = Visitor::new(&app, "en");
        let first = visitor.get(&path).await;
        let reply = visitor
            .register(
                &path,
                &[
                    ("name", Some("  ")),
                    ("email", Some("ana@")),
                    ("seats", Some("11")),
                    ("access_needs", Some("Silla <de> ruedas")),
                    ("consent", None),
                ],
            )
            .await;
        assert_eq!(reply.status, 422, "{}", reply.html);
        assert!(
            reply.texts("title")[0].starts_with("Error: "),
            "{:?}",
            reply.texts("title")
        );
        // The summary comes first in the main content, and links to each field.
        let summary = "main > .error-summary:first-child";
        assert_eq!(reply.attribute(summary, "role").as_deref(), Some("alert"));
        assert_eq!(reply.attribute(summary, "tabindex").as_deref(), Some("-1"));
        assert_eq!(reply.texts(".error-summary h2"), ["There is a problem"]);
        let links: Vec<String> = {
            let document = reply.document();
            let selector = scraper::Selector::parse(".error-summary a").expect("css");
            document
                .select(&selector)
                .filter_map(|a| a.value().attr("href").map(str::to_owned))
                .collect()
        };
        assert_eq!(links, ["#name", "#email", "#seats", "#consent"]);
        assert_eq!(
            reply.texts(".error-summary li"),
            [
                "Enter your name",
                "Enter an email address in the correct format, like name@example.com",
                "The number of places must be between 1 and 10",
                "Tick the box to agree to how we use your details, or we cannot register you",
            ]
        );
        // Each field says what is wrong above it, and is marked and described by it.
        for field in ["name", "email", "seats", "consent"] {
            let input = format!("#{field}");
            assert_eq!(
                reply.attribute(&input, "aria-invalid").as_deref(),
                Some("true"),
                "{field}"
            );
            let described = reply
                .attribute(&input, "aria-describedby")
                .unwrap_or_default();
            assert!(
                described
                    .split(' ')
                    .any(|id| id == format!("{field}-error")),
                "{field}: {described}"
            );
            assert_eq!(reply.texts(&format!("#{field}-error")).len(), 1, "{field}");
        }
        assert!(reply.attribute("#access_needs", "aria-invalid").is_none());
        // What the person typed stays; the token is a fresh one.
        assert_eq!(reply.attribute("#name", "value").as_deref(), Some("  "));
        assert_eq!(reply.attribute("#email", "value").as_deref(), Some("ana@"));
        assert_eq!(reply.attribute("#seats", "value").as_deref(), Some("11"));
        assert_eq!(reply.texts("#access_needs"), ["Silla <de> ruedas"]);
        assert!(reply.html.contains("Silla &lt;de&gt; ruedas"));
        assert!(reply.attribute("#consent", "checked").is_none());
        assert_ne!(token_of(&reply), token_of(&first));
        assert!(registrations(&app, &token, &id).await.is_empty());

        // In Spanish, the same rules in Spanish words.
        let mut visitor = Visitor::new(&app, "es");
        let reply = visitor
            .register(&path, &[("seats", Some("dos")), ("locale", Some("fr"))])
            .await;
        assert_eq!(reply.status, 422);
        assert_eq!(
            reply.texts(".error-summary li"),
            [
                "Escriba el número de plazas con cifras, como 2",
                "Elija uno de los idiomas ofrecidos para sus correos",
            ]
        );
    })
    .await;
}

#[tokio::test]
async fn a_form_without_a_valid_token_registers_nobody_and_gets_the_403_page() {
    on_each_db(async |app: TestApp| {
        let (token, id, path) = festival_with_activity(&app, json!(12)).await;
        let fields = [
            ("name", "Ana"),
            ("email", "ana@example.org"),
            ("consent", "yes"),
        ];
        // No token at all, no cookie either.
        let mut stranger = Visitor::new(&app, "en");
        let refused = stranger.post(&path, &fields).await;
        assert_eq!(refused.status, 403, "{}", refused.html);
        assert_eq!(refused.texts("h1"), ["This form has expired"]);

        // A token made up, with the site's cookie.
        let mut forger = Visitor::new(&app, "en");
        forger.get(&path).await;
        let mut forged = fields.to_vec();
        forged.push((
            "csrf_token",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        ));
        assert_eq!(forger.post(&path, &forged).await.status, 403);

        // A real token, but from another visitor's page: it does not match this cookie.
        let mut other = Visitor::new(&app, "en");
        let stolen = token_of(&other.get(&path).await);
        let mut victim = Visitor::new(&app, "en");
        victim.get(&path).await;
        let mut replayed = fields.to_vec();
        replayed.push(("csrf_token", &stolen));
        assert_eq!(victim.post(&path, &replayed).await.status, 403);

        assert!(registrations(&app, &token, &id).await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn the_honeypot_registers_nobody_and_answers_as_if_it_worked() {
    on_each_db(async |app: TestApp| {
        let (token, id, path) = festival_with_activity(&app, json!(12)).await;
        let mut bot = Visitor::new(&app, "en");
        let reply = bot
            .register(&path, &[("website", Some("https://spam.example"))])
            .await;
        assert_eq!(reply.status, 200, "{}", reply.html);
        assert_eq!(reply.texts("h1"), ["Thank you"]);
        assert!(!reply.html.contains("/r/"), "{}", reply.html);
        assert!(registrations(&app, &token, &id).await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn a_valid_form_registers_and_the_welcome_page_says_confirmed_or_the_place_in_line() {
    on_each_db(async |app: TestApp| {
        let (token, id, path) = festival_with_activity(&app, json!(2)).await;
        let mut ana = Visitor::new(&app, "en");
        let reply = ana
            .register(
                &path,
                &[("access_needs", Some("Silla de ruedas\nY un intérprete"))],
            )
            .await;
        assert_eq!(reply.status, 303, "{}", reply.html);
        let welcome = reply.header("location").to_owned();
        let manage = welcome
            .strip_suffix("/welcome#confirmation")
            .expect("the welcome page")
            .to_owned();
        assert!(manage.starts_with("/r/") && manage.len() > 20, "{welcome}");
        let stored = registrations(&app, &token, &id).await;
        assert_eq!(stored.len(), 1);
        assert_eq!(stored[0]["name"], "Ana Pérez");
        assert_eq!(stored[0]["seats"], 2);
        assert_eq!(stored[0]["locale"], "es");
        assert_eq!(stored[0]["status"], "confirmed");
        assert_eq!(
            stored[0]["access_needs"],
            "Silla de ruedas\nY un intérprete"
        );

        let page = ana.get(&welcome).await;
        assert_eq!(page.status, 200, "{}", page.html);
        assert_eq!(page.header("cache-control"), "no-store");
        assert_eq!(page.texts("h1"), ["You are registered"]);
        assert!(
            page.texts(".confirmation p")
                .contains(&"2 places".to_owned())
        );
        let facts = page.texts(".facts > div").join("\n");
        assert!(
            facts.contains("Tuesday 9 March 2027, 10:00–12:00"),
            "{facts}"
        );
        assert!(facts.contains("García Moreno y Espejo"), "{facts}");
        let next = page.texts("main ul li").join("\n");
        assert!(
            next.contains("We have sent a confirmation to ana@example.org."),
            "{next}"
        );
        assert!(next.contains("reminder"), "{next}");
        assert_eq!(
            page.attribute(&format!("a[href='{manage}']"), "href"),
            Some(manage.clone())
        );
        assert_eq!(
            page.attribute(".calendar-links a", "href"),
            Some(format!("/feeds/events/{id}.ics"))
        );

        // The activity is now full: its page says so before anyone sends the form.
        let mut rosa = Visitor::new(&app, "en");
        let full = rosa.get(&path).await;
        assert!(
            full.texts(".facts")
                .join(" ")
                .contains("Full: join the waiting list")
        );
        assert_eq!(full.texts(".notice strong"), ["This activity is full"]);
        assert!(
            full.html
                .contains("If you send this form, you will be first on the waiting list.")
        );
        assert_eq!(
            full.texts("form.registration button"),
            ["Join the waiting list"]
        );
        let reply = rosa
            .register(
                &path,
                &[("email", Some("rosa@example.org")), ("seats", Some("1"))],
            )
            .await;
        assert_eq!(reply.status, 303, "{}", reply.html);
        let page = rosa.get(reply.header("location")).await;
        assert_eq!(page.texts("h1"), ["You are on the waiting list"]);
        assert_eq!(
            page.texts(".position"),
            ["Your place on the waiting list: number 1"]
        );

        let mut luis = Visitor::new(&app, "en");
        let reply = luis
            .register(&path, &[("email", Some("luis@example.org"))])
            .await;
        let page = luis.get(reply.header("location")).await;
        assert_eq!(
            page.texts(".position"),
            ["Your place on the waiting list: number 2"]
        );
        let again = rosa.get(&path).await;
        assert!(
            again.html.contains("(2 people are waiting)"),
            "{}",
            again.html
        );
    })
    .await;
}

#[tokio::test]
async fn an_address_already_registered_is_told_on_the_form_in_the_visitors_language() {
    on_each_db(async |app: TestApp| {
        let (_, _, path) = festival_with_activity(&app, json!(12)).await;
        let mut ana = Visitor::new(&app, "es");
        assert_eq!(ana.register(&path, &[]).await.status, 303);
        let twice = ana.register(&path, &[("email", Some(" ANA@example.org "))]).await;
        assert_eq!(twice.status, 409, "{}", twice.html);
        assert_eq!(
            twice.texts(".error-summary li"),
            ["Este correo ya está inscrito en esta actividad. Su correo de confirmación tiene el enlace a su inscripción."]
        );
        assert_eq!(twice.attribute(".error-summary a", "href").as_deref(), Some("#email"));
        assert_eq!(twice.attribute("#email", "value").as_deref(), Some(" ANA@example.org "));
    })
    .await;
}

#[tokio::test]
async fn a_form_sent_after_the_activity_was_cancelled_says_registration_closed() {
    on_each_db(async |app: TestApp| {
        let (token, id, path) = festival_with_activity(&app, json!(12)).await;
        let mut ana = Visitor::new(&app, "en");
        let page = ana.get(&path).await;
        let csrf = token_of(&page);
        app.cancel_event(&token, id).await;
        let reply = ana
            .post(
                &path,
                &[("name", "Ana"), ("email", "ana@example.org"), ("consent", "yes"), ("csrf_token", &csrf)],
            )
            .await;
        assert_eq!(reply.status, 409, "{}", reply.html);
        assert_eq!(
            reply.texts(".error-summary li"),
            ["This activity was cancelled while you were filling in the form, so nobody can register any more."]
        );
        assert!(reply.texts("form.registration").is_empty());
    })
    .await;
}

#[tokio::test]
async fn an_unknown_manage_token_is_a_404_that_says_where_the_link_is() {
    on_each_db(async |app: TestApp| {
        let missing = read_page(&app, "/r/reg_nothing_here/welcome?lang=en").await;
        assert_eq!(missing.status, 404);
        assert!(
            missing
                .html
                .contains("The link to your registration is in the confirmation email"),
            "{}",
            missing.html
        );
    })
    .await;
}

#[tokio::test]
async fn every_visitor_gets_a_token_of_their_own_from_the_cached_page() {
    on_each_db(async |app: TestApp| {
        let (_, _, path) = festival_with_activity(&app, json!(12)).await;
        let (mut a, mut b) = (Visitor::new(&app, "en"), Visitor::new(&app, "en"));
        let (first, second) = (a.get(&path).await, b.get(&path).await);
        assert_ne!(token_of(&first), token_of(&second));
        assert_eq!(first.header("cache-control"), "private, no-cache");
        // Each token works with its own cookie: the cached page did not hand out another's.
        let reply = b
            .post(
                &path,
                &[
                    ("name", "Bea"),
                    ("email", "bea@example.org"),
                    ("consent", "yes"),
                    ("csrf_token", &token_of(&second)),
                ],
            )
            .await;
        assert_eq!(reply.status, 303, "{}", reply.html);
        // And the cached page follows the seats it just took.
        assert!(a.get(&path).await.html.contains("11 places left"));
    })
    .await;
}

#[tokio::test]
async fn too_many_forms_from_one_address_get_a_friendly_429_page() {
    for backend in backends() {
        let app = spawn_app_with_env(
            backend,
            MailTo::Files,
            &[("CONVOCA_RATE_LIMIT_PER_MINUTE", "2")],
        )
        .await;
        let (token, id, path) = festival_with_activity(&app, json!(12)).await;
        let mut visitor = Visitor::new(&app, "en");
        for _ in 0..2 {
            let reply = visitor.register(&path, &[("name", Some(""))]).await;
            assert_eq!(reply.status, 422, "{}", reply.html);
        }
        let reply = visitor.register(&path, &[]).await;
        assert_eq!(reply.status, 429, "{}", reply.html);
        assert_eq!(reply.texts("h1"), ["Too many attempts"]);
        assert!(reply.html.contains("Please try again in a minute."));
        let wait: u64 = reply
            .header("retry-after")
            .parse()
            .expect("Retry-After in seconds");
        assert!((1..=60).contains(&wait), "{wait}");
        assert!(registrations(&app, &token, &id).await.is_empty());
    }
}

#[tokio::test]
async fn a_welcome_page_in_spanish_and_portuguese_speaks_them() {
    on_each_db(async |app: TestApp| {
        let (_, _, path) = festival_with_activity(&app, json!(12)).await;
        let mut ana = Visitor::new(&app, "pt-BR");
        let form = ana.get(&path).await;
        // Emails are written in every language of the pages: a Portuguese page offers
        // Portuguese first, checked.
        assert_eq!(
            form.attribute("input[name=locale][checked]", "value")
                .as_deref(),
            Some("pt")
        );
        assert_eq!(
            form.attribute("input#locale", "value").as_deref(),
            Some("pt")
        );
        let reply = ana.register(&path, &[]).await;
        let welcome = ana.get(reply.header("location")).await;
        assert_eq!(welcome.texts("h1"), ["Você está inscrito"]);
        let path = reply.header("location").trim_end_matches("#confirmation");
        let es = ana.get(&format!("{path}?lang=es")).await;
        assert_eq!(es.texts("h1"), ["Está inscrito"]);
        assert_eq!(es.attribute("html", "lang").as_deref(), Some("es"));
    })
    .await;
}

// --- In a real browser -------------------------------------------------------------------

/// Records the Content-Security-Policy violations of every page the browser opens next, in
/// `window.__cspViolations`, through the DevTools protocol (which the page's CSP does not
/// govern).
#[derive(Debug)]
struct RecordCspViolations;

impl fantoccini::wd::WebDriverCompatibleCommand for RecordCspViolations {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (poem::http::Method, Option<String>) {
        let source = "window.__cspViolations = [];\
            document.addEventListener('securitypolicyviolation', \
              e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));";
        let body = json!({
            "cmd": "Page.addScriptToEvaluateOnNewDocument",
            "params": {"source": source},
        });
        (poem::http::Method::POST, Some(body.to_string()))
    }
}

async fn csp_violations(browser: &Browser) -> Value {
    browser
        .script("return window.__cspViolations || null;")
        .await
}

#[tokio::test]
async fn the_activity_and_welcome_pages_pass_axe_in_spanish_and_english() {
    let Some(browser) = Browser::start(true).await else {
        return;
    };
    browser
        .client()
        .issue_cmd(RecordCspViolations)
        .await
        .expect("DevTools records CSP violations");
    for backend in backends() {
        let app = spawn_for_browser(backend).await;
        let (_, _, path) = festival_with_activity(&app, json!(1)).await;
        for (lang, email) in [("es", "ana@example.org"), ("en", "bea@example.org")] {
            let url = format!("{}{path}?lang={lang}", app.address);
            browser.goto(&url).await;
            // The JSON-LD is data, not a script: the CSP has nothing to refuse.
            assert_eq!(csp_violations(&browser).await, json!([]), "{lang}");
            browser
                .assert_accessible(&format!("the activity page ({lang})"))
                .await;

            // Sent empty: the page again, with the summary first and focused.
            browser.fill("#name", "").await;
            browser.submit("form.registration").await;
            browser.wait_for(".error-summary").await;
            assert!(
                browser.exists(".error-summary").await,
                "{lang}: {}",
                browser.source().await
            );
            browser
                .assert_accessible(&format!("the activity page with errors ({lang})"))
                .await;
            assert_eq!(
                browser.script("return document.activeElement.id;").await,
                json!("error-summary"),
                "{lang}: the summary takes focus"
            );
            // Its first link leads to the field.
            browser.click(".error-summary a").await;
            assert_eq!(
                browser.script("return document.activeElement.id;").await,
                json!("name"),
                "{lang}"
            );

            browser.fill("#name", "Ana Pérez").await;
            browser.fill("#email", email).await;
            browser.click("#consent").await;
            browser.submit("form.registration").await;
            browser.wait_for(".confirmation").await;
            assert!(
                browser.current_url().await.path().ends_with("/welcome"),
                "{lang}: {}",
                browser.current_url().await
            );
            browser
                .assert_accessible(&format!("the welcome page ({lang})"))
                .await;
        }
        // One place: the first took it, the second is waiting.
        assert_eq!(browser.text("h1").await, "You are on the waiting list");
        assert_eq!(csp_violations(&browser).await, json!([]));
        // The recorder does see what the CSP refuses: an inline script.
        browser
            .script(
                "const s = document.createElement('script'); s.textContent = 'window.x = 1';\
                 document.body.appendChild(s); return null;",
            )
            .await;
        let mut recorded = json!([]);
        for _ in 0..50 {
            recorded = csp_violations(&browser).await;
            if recorded != json!([]) {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        assert!(
            recorded.to_string().contains("script-src"),
            "the CSP recorder saw nothing: {recorded}"
        );
    }
    browser.close().await;
}

#[tokio::test]
async fn the_form_can_be_sent_without_javascript_and_shows_its_errors() {
    let Some(browser) = Browser::start(false).await else {
        return;
    };
    for backend in backends() {
        let app = spawn_for_browser(backend).await;
        let (token, id, path) = festival_with_activity(&app, json!(12)).await;
        browser
            .goto(&format!("{}{path}?lang=en", app.address))
            .await;
        browser.fill("#name", "Ana Pérez").await;
        browser.fill("#email", "not an email").await;
        browser.fill("#seats", "3").await;
        browser.submit("form.registration").await;
        browser.wait_for(".error-summary").await;
        assert_eq!(
            browser.text(".error-summary h2").await,
            "There is a problem"
        );
        // Without JavaScript too, the summary has focus (it is the fragment's target).
        assert_eq!(
            browser.script("return document.activeElement.id;").await,
            json!("error-summary")
        );
        // `CONVOCA_TEST_SHOTS=1`: how it looks on a phone, for people to look at.
        let shots = std::path::Path::new("/tmp/shots");
        if std::env::var_os("CONVOCA_TEST_SHOTS").is_some() {
            browser.set_window_size(360, 4000).await;
            browser
                .screenshot(shots.join("activity-errors-360.png"))
                .await;
        }
        // What was typed is still there; correct the one field and agree.
        assert_eq!(
            browser.attr("#name", "value").await.as_deref(),
            Some("Ana Pérez")
        );
        browser.fill("#email", "ana@example.org").await;
        browser.click("#consent").await;
        browser.click("#locale-es").await;
        browser.submit("form.registration").await;
        browser.wait_for(".confirmation").await;
        assert!(browser.current_url().await.path().ends_with("/welcome"));
        assert_eq!(browser.text("h1").await, "You are registered");
        browser
            .assert_accessible("the welcome page without JavaScript")
            .await;
        let stored = registrations(&app, &token, &id).await;
        assert_eq!(stored.len(), 1);
        assert_eq!(
            (stored[0]["seats"].clone(), stored[0]["locale"].clone()),
            (json!(3), json!("es"))
        );
        if std::env::var_os("CONVOCA_TEST_SHOTS").is_some() {
            browser
                .goto(&format!("{}{path}?lang=es", app.address))
                .await;
            browser.screenshot(shots.join("activity-360.png")).await;
            // The form's end, close up: consent, the hidden honeypot, the button.
            browser.set_window_size(360, 900).await;
            browser
                .script("document.getElementById('access_needs').scrollIntoView(); return null;")
                .await;
            browser
                .screenshot(shots.join("activity-form-360.png"))
                .await;
            browser.set_window_size(1280, 900).await;
        }
    }
    browser.close().await;
}
