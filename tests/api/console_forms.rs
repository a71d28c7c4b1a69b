//! The console's create and edit forms over HTTP, as a browser without JavaScript sends them:
//! the API's rules refuse the same things, named beside the same fields, and moving an
//! activity with people registered says first how many will be told.

use chrono::Utc;
use convoca::{domain::kinds::MemberRole, jobs::tick};
use serde_json::json;

use crate::{
    console::{Browser, get_as, member, post_as, sign_in},
    helpers::{TestApp, on_each_db_with_smtp},
    pages::{Page, festival_with_programme, register},
    smtp::SmtpServer,
};

/// Fills in the form of the page at `path` (`#form`) with `fields` and sends it where the
/// form itself says, with the token the page handed out, as a browser does.
async fn send(app: &TestApp, who: &mut Browser, path: &str, fields: &[(&str, &str)]) -> Page {
    let token = who.form_token(app, path).await;
    let shown = get_as(app, path, &who.cookie()).await;
    let action = shown
        .attribute("#form", "action")
        .expect("the page has a form");
    let action = action.split('#').next().unwrap_or_default().to_owned();
    let mut all = vec![("csrf_token", token.as_str())];
    all.extend_from_slice(fields);
    post_as(app, &action, &who.cookie(), &all).await
}

/// The error summary's links and the messages beside the fields.
fn problems(page: &Page) -> (Vec<String>, Vec<String>) {
    let hrefs = {
        let selector = scraper::Selector::parse(".error-summary a").expect("css");
        page.document()
            .select(&selector)
            .filter_map(|a| a.value().attr("href").map(str::to_owned))
            .collect()
    };
    (hrefs, page.texts(".error-message"))
}

#[tokio::test]
async fn an_owner_adds_a_venue_a_festival_and_an_activity_correcting_mistakes_beside_their_fields()
{
    on_each_db_with_smtp(async |app: TestApp, smtp: SmtpServer| {
        app.organiser("quito").await;
        member(&app, "quito", "owner@example.org", MemberRole::Owner, &[]).await;
        let mut owner = sign_in(&app, &smtp, "owner@example.org").await;

        // A venue: what is missing is said beside each field, and what was typed stays.
        let wrong = send(
            &app,
            &mut owner,
            "/console/venues/new",
            &[
                ("name", ""),
                ("address", "Av. Amazonas"),
                ("city", "Quito"),
                ("country", "XX"),
                ("capacity", "treinta"),
                ("accessibility", "step_free_access"),
            ],
        )
        .await;
        assert_eq!(wrong.status, 422);
        let (hrefs, _) = problems(&wrong);
        assert_eq!(hrefs, ["#capacity"], "the form's own reading comes first");
        let wrong = send(
            &app,
            &mut owner,
            "/console/venues/new",
            &[
                ("name", ""),
                ("address", "Av. Amazonas"),
                ("city", "Quito"),
                ("country", "XX"),
                ("capacity", "30"),
                ("accessibility", "step_free_access"),
            ],
        )
        .await;
        assert_eq!(wrong.status, 422);
        let (hrefs, messages) = problems(&wrong);
        assert_eq!(hrefs, ["#name", "#country"]);
        assert!(messages[0].starts_with("Error: Nombre:"), "{messages:?}");
        assert_eq!(
            wrong.attribute("#address", "value").as_deref(),
            Some("Av. Amazonas")
        );
        assert!(wrong.html.contains("value=\"step_free_access\" checked"));
        // The fields' own attributes are attributes, not escaped text.
        assert_eq!(
            wrong.attribute("#country", "maxlength").as_deref(),
            Some("2")
        );
        assert_eq!(
            wrong.attribute("#capacity", "inputmode").as_deref(),
            Some("numeric")
        );
        let made = send(
            &app,
            &mut owner,
            "/console/venues/new",
            &[
                ("name", "Biblioteca <Central>"),
                ("address", "Av. Amazonas"),
                ("city", "Quito"),
                ("country", "EC"),
                ("capacity", "30"),
                ("accessibility", "step_free_access"),
            ],
        )
        .await;
        assert_eq!(made.status, 303);
        let venues = get_as(&app, "/console/venues", &owner.cookie()).await;
        assert!(venues.html.contains("Biblioteca &lt;Central&gt;"));
        let venue = venues
            .attribute(".console-table tbody a", "href")
            .expect("a link")
            .trim_start_matches("/console/venues/")
            .to_owned();

        // A festival whose last day comes before its first is refused, naming that field.
        let festival = |ends: &'static str| -> Vec<(&'static str, &'static str)> {
            vec![
                ("title", "Quito Aprende 2027"),
                ("slug", "quito-2027"),
                ("kind", "festival"),
                ("city", "Quito"),
                ("country", "EC"),
                ("timezone", "America/Guayaquil"),
                ("starts_on", "2027-03-08"),
                ("ends_on", ends),
                ("reminder_offsets_minutes", "1440"),
                ("reminder_offsets_minutes", "60"),
            ]
        };
        let wrong = send(
            &app,
            &mut owner,
            "/console/new-festival",
            &festival("2027-03-01"),
        )
        .await;
        assert_eq!(wrong.status, 422);
        assert_eq!(problems(&wrong).0, ["#ends_on"]);
        let made = send(
            &app,
            &mut owner,
            "/console/new-festival",
            &festival("2027-03-14"),
        )
        .await;
        assert_eq!(made.status, 303);
        assert_eq!(made.header("location"), "/console/festivals/quito-2027");
        let stored = app
            .get("/api/v1/festivals/quito-2027", Some(&app.admin))
            .await
            .json();
        assert_eq!(stored["reminder_offsets_minutes"], json!([1440, 60]));
        let taken = send(
            &app,
            &mut owner,
            "/console/new-festival",
            &festival("2027-03-14"),
        )
        .await;
        assert_eq!(taken.status, 409, "the slug is taken");
        assert_eq!(problems(&taken).0, ["#slug"]);

        // An activity, typed in the festival's time: an end before its start, then a clash.
        let path = "/console/festivals/quito-2027/activities/new";
        let activity =
            |start: &'static str, end: &'static str, venue: &str| -> Vec<(&'static str, String)> {
                vec![
                    ("title", "Robótica".into()),
                    ("kind", "workshop".into()),
                    ("starts_at_day", "2027-03-09".into()),
                    ("starts_at_time", start.into()),
                    ("ends_at_time", end.into()),
                    ("venue_id", venue.to_owned()),
                    ("capacity", "12".into()),
                    ("registration_required", "yes".into()),
                    ("audience", "niñez, familias".into()),
                    ("accessibility", "sign_language".into()),
                ]
            };
        let fields = |v: &Vec<(&'static str, String)>| -> Vec<(&'static str, String)> { v.clone() };
        let send_activity = async |who: &mut Browser, v: Vec<(&'static str, String)>| {
            let borrowed: Vec<(&str, &str)> = v.iter().map(|(k, v)| (*k, v.as_str())).collect();
            send(&app, who, path, &borrowed).await
        };
        let wrong = send_activity(&mut owner, fields(&activity("12:00", "10:00", &venue))).await;
        assert_eq!(wrong.status, 422);
        assert_eq!(problems(&wrong).0, ["#ends_at"]);
        let made = send_activity(&mut owner, fields(&activity("10:00", "12:00", &venue))).await;
        assert_eq!(made.status, 303, "{}", made.html);
        let clash = send_activity(&mut owner, fields(&activity("11:00", "13:00", &venue))).await;
        assert_eq!(clash.status, 409);
        assert_eq!(problems(&clash).0, ["#venue_id"]);
        let programme = app
            .get("/api/v1/festivals/quito-2027/events", Some(&app.admin))
            .await
            .json();
        assert_eq!(programme["total"], 1);
        let event = &programme["items"][0];
        assert_eq!(event["starts_at"], "2027-03-09T15:00:00Z", "10:00 in Quito");
        assert_eq!(event["audience"], json!(["niñez", "familias"]));
        assert_eq!(event["accessibility"], json!(["sign_language"]));
    })
    .await;
}

#[tokio::test]
async fn moving_an_activity_says_how_many_people_will_be_told_and_saves_only_when_confirmed() {
    on_each_db_with_smtp(async |app: TestApp, smtp: SmtpServer| {
        let (_, ids) = festival_with_programme(&app).await;
        let robotics = &ids[0];
        for who in ["ana", "luis", "rosa"] {
            register(&app, robotics, who, &format!("{who}@example.org")).await;
        }
        tick(&app.state, Utc::now()).await.expect("confirmations");
        member(&app, "quito", "owner@example.org", MemberRole::Owner, &[]).await;
        let mut owner = sign_in(&app, &smtp, "owner@example.org").await;
        let path = format!("/console/activities/{robotics}/edit");

        // The form shows the activity as stored, times in the festival's zone.
        let form = get_as(&app, &path, &owner.cookie()).await;
        assert_eq!(
            form.attribute("#starts_at", "value").as_deref(),
            Some("2027-03-09")
        );
        assert_eq!(
            form.attribute("#starts_at_time", "value").as_deref(),
            Some("10:00")
        );
        let mut fields: Vec<(String, String)> = Vec::new();
        for name in ["title", "capacity", "audience", "themes", "language"] {
            fields.push((
                name.into(),
                form.attribute(&format!("#{name}"), "value")
                    .unwrap_or_default(),
            ));
        }
        fields.extend([
            ("kind".into(), "workshop".into()),
            ("starts_at_day".into(), "2027-03-09".into()),
            ("starts_at_time".into(), "16:00".into()),
            ("ends_at_time".into(), "18:00".into()),
            (
                "venue_id".into(),
                form.attribute("#venue_id option[selected]", "value")
                    .unwrap_or_default(),
            ),
            ("registration_required".into(), "yes".into()),
        ]);
        let as_refs = |extra: &[(&'static str, &'static str)]| -> Vec<(String, String)> {
            let mut all = fields.clone();
            all.extend(
                extra
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
            );
            all
        };
        let post = async |who: &mut Browser, all: Vec<(String, String)>| {
            let borrowed: Vec<(&str, &str)> =
                all.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            send(&app, who, &path, &borrowed).await
        };

        // Moving it asks first: three people will be told; nothing is saved yet.
        let asked = post(&mut owner, as_refs(&[])).await;
        assert_eq!(asked.status, 200);
        assert!(
            asked.texts("#error-summary p")[0].starts_with("Se avisará a 3 personas"),
            "{}",
            asked.html
        );
        assert_eq!(
            asked.attribute("#error-summary button", "name").as_deref(),
            Some("confirm_move")
        );
        assert_eq!(
            asked.attribute("#starts_at_time", "value").as_deref(),
            Some("16:00"),
            "as typed"
        );
        let stored = app
            .get(&format!("/api/v1/events/{robotics}"), None)
            .await
            .json();
        assert_eq!(stored["starts_at"], "2027-03-09T15:00:00Z", "not moved yet");

        // Confirmed, it moves and the three are told.
        let saved = post(&mut owner, as_refs(&[("confirm_move", "yes")])).await;
        assert_eq!(saved.status, 303);
        let stored = app
            .get(&format!("/api/v1/events/{robotics}"), None)
            .await
            .json();
        assert_eq!(stored["starts_at"], "2027-03-09T21:00:00Z");
        tick(&app.state, Utc::now()).await.expect("a tick");
        for who in ["ana", "luis", "rosa"] {
            let mails = smtp.mails_to(&format!("{who}@example.org"));
            assert_eq!(mails.len(), 2, "{who}: confirmed, then moved");
        }

        // A change that moves nothing (the title) saves at once.
        let mut renamed = as_refs(&[]);
        renamed[0].1 = "Robótica para todos".into();
        let saved = post(&mut owner, renamed).await;
        assert_eq!(saved.status, 303);
        let stored = app
            .get(&format!("/api/v1/events/{robotics}"), None)
            .await
            .json();
        assert_eq!(stored["title"], "Robótica para todos");

        // Capacity below the seats taken is refused beside the field.
        let mut shrunk = as_refs(&[]);
        shrunk[1].1 = "2".into();
        let refused = post(&mut owner, shrunk).await;
        assert_eq!(refused.status, 409);
        assert_eq!(problems(&refused).0, ["#capacity"]);
    })
    .await;
}

/// POSTs a programme file to the import form, as a browser sends a file input.
async fn import(app: &TestApp, who: &mut Browser, slug: &str, csv: String) -> Page {
    import_bytes(app, who, slug, csv.into_bytes()).await
}

/// [`import`] with a file of any bytes.
async fn import_bytes(app: &TestApp, who: &mut Browser, slug: &str, csv: Vec<u8>) -> Page {
    let path = format!("/console/festivals/{slug}/import");
    let token = who.form_token(app, &path).await;
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", token)
        .part(
            "file",
            reqwest::multipart::Part::bytes(csv)
                .file_name("programa.csv")
                .mime_str("text/csv")
                .expect("a type"),
        )
        .text("pasted", "");
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client");
    let response = client
        .post(format!("{}{path}", app.address))
        .header(reqwest::header::COOKIE, who.cookie())
        .multipart(form)
        .send()
        .await
        .expect("the server answers");
    Page {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        html: response.text().await.expect("a body"),
    }
}

/// A spreadsheet's programme: `rows` activities, two an hour on weekday mornings, every
/// other one at the library; as a Spanish-language spreadsheet saves it (semicolons, BOM).
fn programme(rows: usize, broken: &[(usize, &str)]) -> String {
    let mut csv = String::from(
        "\u{feff}Title;kind;day;start;end;venue;capacity;registration;audience;accessibility\r\n",
    );
    for i in 1..=rows {
        let day = 8 + (i - 1) / 8;
        let hour = 9 + (i - 1) % 8;
        let venue = if i % 2 == 0 {
            "biblioteca metropolitana"
        } else {
            ""
        };
        let mut line = format!(
            "Taller {i};workshop;2027-03-{day:02};{hour}:00;{hour}:45;{venue};10;sí;niñez, familias;captioning"
        );
        if let Some((_, replacement)) = broken.iter().find(|(n, _)| *n == i) {
            line = (*replacement).to_owned();
        }
        csv.push_str(&line);
        csv.push_str("\r\n");
    }
    csv
}

#[tokio::test]
async fn a_programme_is_imported_from_a_spreadsheet_whole_or_not_at_all() {
    on_each_db_with_smtp(async |app: TestApp, smtp: SmtpServer| {
        let organiser = app.organiser("quito").await;
        app.venue(&organiser, json!({})).await;
        app.festival(&organiser, "ciudad", json!({})).await;
        member(&app, "quito", "owner@example.org", MemberRole::Owner, &[]).await;
        let mut owner = sign_in(&app, &smtp, "owner@example.org").await;

        let template = get_as(&app, "/console/programme-template.csv", &owner.cookie()).await;
        assert!(template.header("content-type").starts_with("text/csv"));
        let mut reader = csv::Reader::from_reader(template.html.as_bytes());
        assert_eq!(reader.headers().expect("a header").len(), 16);
        assert_eq!(reader.records().count(), 2);

        // Three bad rows (line = row + 1, after the header): each is named, nothing is kept.
        let broken = programme(
            20,
            &[
                (6, "Taller 6;baile;2027-03-08;14:00;14:45;;10;sí;;"),
                (
                    9,
                    "Taller 9;workshop;2027-03-09;9:00;9:45;Casa Inexistente;10;quizás;;",
                ),
                (
                    12,
                    "Taller 12;workshop;2027-03-09;10:30;11:30;biblioteca metropolitana;10;sí;;",
                ),
            ],
        );
        let refused = import(&app, &mut owner, "ciudad", broken).await;
        assert_eq!(refused.status, 422);
        let problems = refused.texts(".import-problems li");
        assert!(
            problems.iter().any(|p| p.starts_with("Línea 7: kind")),
            "{problems:?}"
        );
        assert!(
            problems.iter().any(|p| p.starts_with("Línea 10: venue")),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("Línea 10: registration")),
            "{problems:?}"
        );
        assert!(
            problems.iter().any(|p| p.starts_with("Línea 13:")),
            "the clash with row 10 (line 11): {problems:?}"
        );
        let events = app
            .get("/api/v1/festivals/ciudad/events", Some(&organiser))
            .await
            .json();
        assert_eq!(
            events["total"], 0,
            "nothing of a file with mistakes is kept"
        );

        // A file without the required columns says which.
        let refused = import(
            &app,
            &mut owner,
            "ciudad",
            "title,when\nTaller,mañana\n".to_owned(),
        )
        .await;
        assert_eq!(refused.status, 422);
        assert!(refused.texts(".import-problems li")[0].contains("when"));

        // Corrected, the twenty go in, in the festival's time.
        let done = import(&app, &mut owner, "ciudad", programme(20, &[])).await;
        assert_eq!(done.status, 303, "{}", done.html);
        let events = app
            .get(
                "/api/v1/festivals/ciudad/events?limit=100",
                Some(&organiser),
            )
            .await
            .json();
        assert_eq!(events["total"], 20);
        let first = &events["items"][0];
        assert_eq!(first["title"], "Taller 1");
        assert_eq!(first["starts_at"], "2027-03-08T14:00:00Z", "9:00 in Quito");
        assert_eq!(first["audience"], json!(["niñez", "familias"]));
        assert_eq!(first["accessibility"], json!(["captioning"]));
        assert!(events["items"][1]["venue_id"].is_string());
        let page = get_as(&app, done.header("location"), &owner.cookie()).await;
        assert!(page.texts("[role=status]")[0].contains("20 actividades"));
    })
    .await;
}

#[tokio::test]
async fn saving_an_activity_unchanged_keeps_its_kind_and_its_seconds() {
    on_each_db_with_smtp(async |app: TestApp, smtp: SmtpServer| {
        let organiser = app.organiser("quito").await;
        app.festival(&organiser, "ciudad", json!({})).await;
        let made = app
            .event(&organiser, "ciudad", json!({"kind": "other", "title": "Feria",
                   "starts_at": "2027-03-09T10:00:30-05:00", "ends_at": "2027-03-09T12:00:00-05:00"}))
            .await;
        let id = made["id"].as_str().expect("an id").to_owned();
        member(&app, "quito", "owner@example.org", MemberRole::Owner, &[]).await;
        let mut owner = sign_in(&app, &smtp, "owner@example.org").await;
        let path = format!("/console/activities/{id}/edit");
        let form = get_as(&app, &path, &owner.cookie()).await;
        assert_eq!(form.attribute("#kind option[selected]", "value").as_deref(), Some("other"));
        assert_eq!(form.attribute("#starts_at_time", "value").as_deref(), Some("10:00:30"));
        assert_eq!(form.attribute("#starts_at_time", "step").as_deref(), Some("1"));
        let mut fields: Vec<(String, String)> = vec![
            ("kind".into(), "other".into()),
            ("starts_at_day".into(), "2027-03-09".into()),
            ("registration_required".into(), "yes".into()),
        ];
        for (name, id) in [("title", "title"), ("starts_at_time", "starts_at_time"), ("ends_at_time", "ends_at")] {
            fields.push((name.into(), form.attribute(&format!("#{id}"), "value").unwrap_or_default()));
        }
        let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let saved = send(&app, &mut owner, &path, &borrowed).await;
        assert_eq!(saved.status, 303, "{}", saved.html);
        let stored = app.get(&format!("/api/v1/events/{id}"), Some(&organiser)).await.json();
        assert_eq!(stored["kind"], "other");
        assert_eq!(stored["starts_at"], "2027-03-09T15:00:30Z");
        assert_eq!(stored["sequence"], 0, "not moved");
    })
    .await;
}

#[tokio::test]
async fn a_file_that_is_not_utf8_is_refused_rather_than_read_without_its_accents() {
    on_each_db_with_smtp(async |app: TestApp, smtp: SmtpServer| {
        let organiser = app.organiser("quito").await;
        app.festival(&organiser, "ciudad", json!({})).await;
        member(&app, "quito", "owner@example.org", MemberRole::Owner, &[]).await;
        let mut owner = sign_in(&app, &smtp, "owner@example.org").await;
        // "Niñez" in Windows-1252, as a spreadsheet's plain CSV on Windows writes it.
        let latin1 = "title,day,start,end\r\nNi\u{f1}ez,2027-03-09,10:00,11:00\r\n"
            .chars()
            .map(|c| u8::try_from(u32::from(c)).expect("Latin-1"))
            .collect::<Vec<u8>>();
        let refused = import_bytes(&app, &mut owner, "ciudad", latin1).await;
        assert_eq!(refused.status, 422);
        assert!(refused.texts(".import-problems li")[0].contains("UTF-8"));
        let events = app
            .get("/api/v1/festivals/ciudad/events", Some(&organiser))
            .await
            .json();
        assert_eq!(events["total"], 0);
    })
    .await;
}
