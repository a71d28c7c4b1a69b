//! A festival's figures, counted by hand on a seeded festival: the organiser's JSON, open data
//! with small counts withheld, attendance once activities have started, the console's page
//! and downloads, and the public page after the festival (only with the owner's permission).

use chrono::{TimeZone, Utc};
use chrono_tz::America::Guayaquil;
use convoca::domain::kinds::MemberRole;
use serde_json::{Value, json};

use crate::{
    console::{get_as, member, post_as, sign_in},
    helpers::{TestApp, on_each_db, on_each_db_with_smtp},
    pages::festival_with_programme,
    smtp::SmtpServer,
};

/// Registers `name` for `event`; returns the 201 answer.
pub async fn register(app: &TestApp, event: &str, name: &str, seats: u32, needs: &str) -> Value {
    let email = format!("{}@example.org", name.to_lowercase());
    app.post(
        &format!("/api/v1/events/{event}/registrations"),
        None,
        json!({"name": name, "email": email, "seats": seats, "consent": true,
               "access_needs": needs}),
    )
    .await
    .expect(201)
    .json()
}

/// The seeded festival `semana`: robotics (12 places) full with 12 and 5 waiting, the stories
/// (30 places) with 5 and one cancellation of 2, the talk (1 place) full with 1 waiting.
/// Returns the organiser's token, the events' ids and the registrations' ids by name.
pub async fn seeded(app: &TestApp) -> (String, Vec<String>, Vec<(String, String)>) {
    let (token, ids) = festival_with_programme(app).await;
    let mut people = Vec::new();
    for (event, name, seats, needs) in [
        (0, "Ana", 3, "Voy en silla de ruedas"),
        (0, "Beto", 4, ""),
        (0, "Carla", 5, ""),
        (0, "Dora", 2, ""),
        (0, "Eva", 3, ""),
        (1, "Fidel", 5, "Intérprete de lengua de señas"),
        (1, "Gina", 2, ""),
        (2, "Hugo", 1, ""),
        (2, "Iris", 1, ""),
    ] {
        let answer = register(app, &ids[event], name, seats, needs).await;
        people.push((
            name.to_owned(),
            answer["id"].as_str().expect("an id").to_owned(),
        ));
        if name == "Gina" {
            let token = answer["manage_token"].as_str().expect("a token");
            app.delete(&format!("/api/v1/registrations/{token}"), None)
                .await
                .expect(200);
        }
    }
    (token, ids, people)
}

fn group<'a>(figures: &'a Value, table: &str, key: &str) -> &'a Value {
    figures[table]
        .as_array()
        .expect("a table")
        .iter()
        .find(|g| g["key"] == key)
        .unwrap_or_else(|| panic!("{table} has {key}: {figures}"))
}

/// confirmed, waiting, cancelled, checked_in, no_shows of a group.
fn people(g: &Value) -> [Value; 5] {
    [
        "confirmed",
        "waiting",
        "cancelled",
        "checked_in",
        "no_shows",
    ]
    .map(|k| g[k].clone())
}

#[tokio::test]
async fn a_festivals_figures_are_the_ones_counted_by_hand() {
    on_each_db(async |app: TestApp| {
        let (token, _, _) = seeded(&app).await;

        let figures = app
            .get("/api/v1/festivals/semana/stats", Some(&token))
            .await
            .expect(200)
            .json();

        let all = &figures["totals"];
        assert_eq!(all["activities"], 3);
        assert_eq!(all["capacity"], 43);
        assert_eq!(
            people(all),
            [json!(18), json!(6), json!(2), json!(0), json!(0)]
        );
        assert_eq!(all["fill_rate"], 0.4186, "18 of 43 places");
        assert_eq!(all["attendance_rate"], Value::Null, "nothing has started");
        assert_eq!(all["registrations"], 9);
        assert_eq!(all["access_needs"], 2);
        assert_eq!(all["in_person_activities"], 3);
        assert_eq!(all["step_free_activities"], 2);
        assert_eq!(all["step_free_share"], 0.6667);

        let library = group(&figures, "venues", "Biblioteca Metropolitana");
        assert_eq!(
            (library["activities"].clone(), library["capacity"].clone()),
            (json!(2), json!(13))
        );
        assert_eq!(
            people(library),
            [json!(13), json!(6), json!(0), json!(0), json!(0)]
        );
        assert_eq!(library["fill_rate"], 1.0);
        let music = group(&figures, "venues", "Casa de la Música");
        assert_eq!(
            people(music),
            [json!(5), json!(0), json!(2), json!(0), json!(0)]
        );
        assert_eq!(music["fill_rate"], 0.1667);

        assert_eq!(group(&figures, "audiences", "niños")["waiting"], 5);
        assert_eq!(group(&figures, "audiences", "familias")["cancelled"], 2);
        assert_eq!(group(&figures, "audiences", "unspecified")["confirmed"], 1);
        assert_eq!(group(&figures, "themes", "ciencia")["confirmed"], 12);
        assert_eq!(group(&figures, "languages", "qu")["confirmed"], 5);
        assert_eq!(group(&figures, "kinds", "workshop")["activities"], 3);
        assert_eq!(
            group(&figures, "programme_days", "2027-03-09")["confirmed"],
            12
        );
        assert_eq!(
            group(&figures, "programme_days", "2027-03-10")["confirmed"],
            6
        );
        assert_eq!(group(&figures, "cities", "Quito")["confirmed"], 18);

        let robotics = group(&figures, "activities", "Robótica <para> niños");
        assert_eq!(
            people(robotics),
            [json!(12), json!(5), json!(0), json!(0), json!(0)]
        );
        assert_eq!(robotics["venue"], "Biblioteca Metropolitana");
        assert_eq!(robotics["started"], false);

        let needs: Vec<(String, Value)> = figures["access_needs"]
            .as_array()
            .expect("needs")
            .iter()
            .map(|n| {
                (
                    n["kind"].as_str().unwrap_or_default().to_owned(),
                    n["registrations"].clone(),
                )
            })
            .collect();
        assert_eq!(
            needs,
            [
                ("mobility", 1),
                ("hearing", 1),
                ("vision", 0),
                ("cognitive", 0),
                ("other", 0)
            ]
            .map(|(k, n)| (k.to_owned(), json!(n)))
        );
        assert!(
            !figures.to_string().contains("silla de ruedas"),
            "what people wrote never leaves the registration"
        );

        let sum = |field: &str| -> i64 {
            figures["days"]
                .as_array()
                .expect("days")
                .iter()
                .map(|d| d[field].as_i64().expect("a count"))
                .sum()
        };
        assert_eq!(
            (sum("registrations"), sum("seats"), sum("cancellations")),
            (9, 26, 2)
        );
        assert_eq!(figures["withheld"], false);
    })
    .await;
}

#[tokio::test]
async fn open_data_withholds_every_count_under_five_and_what_would_give_one_away() {
    on_each_db(async |app: TestApp| {
        let (token, _, _) = seeded(&app).await;

        let open = app
            .get("/api/v1/festivals/semana/stats?withheld=true", Some(&token))
            .await
            .expect(200)
            .json();

        assert_eq!(open["withheld"], true);
        let all = &open["totals"];
        assert_eq!(
            people(all),
            [json!(18), json!(6), Value::Null, json!(0), json!(0)]
        );
        assert_eq!(all["registrations"], 9);
        assert_eq!(all["access_needs"], Value::Null, "2 people declared a need");
        // Confirmed: 12, 5 and 1. The 1 is withheld, and the 5 with it: otherwise 18 − 12 − 5.
        let activity = |title: &str| group(&open, "activities", title).clone();
        let (robotics, stories, talk) = (
            activity("Robótica <para> niños"),
            activity("Cuentos en kichwa"),
            activity("Charla llena"),
        );
        assert_eq!(robotics["confirmed"], 12);
        assert_eq!(robotics["fill_rate"], 1.0);
        assert_eq!(stories["confirmed"], Value::Null);
        assert_eq!(
            stories["fill_rate"],
            Value::Null,
            "5 of 30 places would give it back"
        );
        assert_eq!(talk["confirmed"], Value::Null);
        // Waiting: 5, 0 and 1: the 1 is withheld, and the 5 (the smallest other above 0).
        assert_eq!(
            [&robotics, &stories, &talk].map(|a| a["waiting"].clone()),
            [Value::Null, json!(0), Value::Null]
        );
        for need in open["access_needs"].as_array().expect("needs") {
            assert!(
                need["registrations"].is_null() || need["registrations"] == 0,
                "{need}"
            );
        }
        // Every published count of people is 0 or at least 5.
        fn check(value: &Value, path: &str) {
            match value {
                Value::Object(map) => {
                    for (k, v) in map {
                        let counted = [
                            "confirmed",
                            "waiting",
                            "cancelled",
                            "checked_in",
                            "no_shows",
                            "registrations",
                            "seats",
                            "cancellations",
                            "access_needs",
                        ];
                        if let (true, Some(n)) = (counted.contains(&k.as_str()), v.as_i64()) {
                            assert!(n == 0 || n >= 5, "{path}.{k} = {n}");
                        }
                        check(v, &format!("{path}.{k}"));
                    }
                }
                Value::Array(items) => items.iter().for_each(|v| check(v, path)),
                _ => {}
            }
        }
        check(&open, "");
    })
    .await;
}

#[tokio::test]
async fn attendance_counts_check_ins_of_activities_that_have_started() {
    on_each_db(async |app: TestApp| {
        let (token, _, people_ids) = seeded(&app).await;
        let id = |name: &str| {
            people_ids
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, id)| id.clone())
                .expect("registered")
        };
        // Ana (3) and Beto (4) came to the robotics workshop; Fidel (5) was checked in early
        // for the stories, which have not started at the time counted.
        for name in ["Ana", "Beto", "Fidel"] {
            app.post(
                &format!("/api/v1/registrations/{}/check-in", id(name)),
                Some(&token),
                json!({}),
            )
            .await
            .expect(200);
        }
        let festival = convoca::store::festivals::by_slug(app.db.conn(), "semana")
            .await
            .expect("the festival");
        // 11:00 in Quito on 9 March: the workshop began at 10:00, the rest is the next day.
        let during = Guayaquil
            .with_ymd_and_hms(2027, 3, 9, 11, 0, 0)
            .unwrap()
            .with_timezone(&Utc);

        let figures = convoca::store::figures::of_festival(app.db.conn(), &festival, during)
            .await
            .expect("figures");

        let robotics = figures
            .activities
            .iter()
            .find(|a| a.figures.key.starts_with("Robótica"))
            .expect("the workshop");
        assert!(robotics.started);
        assert_eq!(robotics.figures.checked_in, Some(7));
        assert_eq!(robotics.figures.no_shows, Some(5));
        assert_eq!(robotics.figures.attendance_rate, Some(0.5833));
        let all = &figures.totals.people;
        assert_eq!((all.checked_in, all.no_shows), (Some(7), Some(5)));
        assert_eq!(
            all.attendance_rate,
            Some(0.5833),
            "7 of the 12 expected so far"
        );
    })
    .await;
}

#[tokio::test]
async fn the_stats_are_for_the_festivals_own_organisers_only() {
    on_each_db(async |app: TestApp| {
        let (_, _) = festival_with_programme(&app).await;
        let other = app.organiser("cuenca").await;

        app.get("/api/v1/festivals/semana/stats", None)
            .await
            .expect(401);
        app.get("/api/v1/festivals/semana/stats", Some(&other))
            .await
            .expect(403);
        app.get("/api/v1/festivals/nada/stats", Some(&other))
            .await
            .expect(404);
        app.get("/api/v1/festivals/semana/stats", Some(&app.admin))
            .await
            .expect(200);
    })
    .await;
}

/// A festival that ended on 1 November 2026, with one activity, owned by `quito`.
pub async fn ended_festival(app: &TestApp, token: &str) {
    app.festival(
        token,
        "pasado",
        json!({"title": "Festival pasado", "starts_on": "2026-10-30", "ends_on": "2026-11-01"}),
    )
    .await;
    app.event(
        token,
        "pasado",
        json!({"title": "Taller pasado", "capacity": 10,
               "starts_at": "2026-10-31T10:00:00-05:00", "ends_at": "2026-10-31T12:00:00-05:00"}),
    )
    .await;
    app.publish(token, "pasado").await;
}

#[tokio::test]
async fn the_owner_publishes_the_figures_after_the_festival_and_only_then_are_they_public() {
    on_each_db_with_smtp(async |app: TestApp, smtp: SmtpServer| {
        let (token, _, _) = seeded(&app).await;
        ended_festival(&app, &token).await;
        member(&app, "quito", "owner@example.org", MemberRole::Owner, &[]).await;
        member(&app, "quito", "editor@example.org", MemberRole::Editor, &[]).await;
        member(
            &app,
            "quito",
            "door@example.org",
            MemberRole::Door,
            &["semana"],
        )
        .await;
        let mut owner = sign_in(&app, &smtp, "owner@example.org").await;
        let mut editor = sign_in(&app, &smtp, "editor@example.org").await;
        let door = sign_in(&app, &smtp, "door@example.org").await;

        // The console page: every count, charts that are XML, and tables with their numbers.
        let page = get_as(&app, "/console/festivals/semana/figures", &editor.cookie()).await;
        assert_eq!(page.status, 200, "{}", page.html);
        assert!(page.html.contains("Robótica &lt;para&gt; niños"));
        let svgs: Vec<&str> = page.html.split("<svg").skip(1).collect();
        assert_eq!(svgs.len(), 4, "four charts");
        for svg in &svgs {
            let end = svg.find("</svg>").expect("a closed chart") + "</svg>".len();
            let text = format!("<svg{}", &svg[..end]);
            roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
            assert!(text.contains("role=\"img\" aria-label="), "{text}");
        }
        // The charts' numbers are the tables': the audiences' demand, the venues' fill rate.
        let row = |table: &str, key: &str| -> Vec<String> {
            let document = page.document();
            let rows = scraper::Selector::parse(&format!("table:has(#{table}) tbody tr"))
                .expect("a selector");
            document
                .select(&rows)
                .map(|tr| {
                    tr.text()
                        .map(str::trim)
                        .filter(|t| !t.is_empty())
                        .collect::<Vec<_>>()
                })
                .find(|cells| cells.first() == Some(&key))
                .unwrap_or_else(|| panic!("{table} has {key}"))
                .into_iter()
                .map(str::to_owned)
                .collect()
        };
        let children = row("audiences-table", "niños");
        assert_eq!(
            (children[3].as_str(), children[5].as_str()),
            ("12", "5"),
            "{children:?}"
        );
        assert!(svgs.iter().any(|svg| svg.contains(">12 + 5</text>")));
        let library = row("venues-table", "Biblioteca Metropolitana");
        assert_eq!(library[4], "100 %", "{library:?}");
        assert!(svgs.iter().any(|svg| svg.contains(">100 %</text>")));
        assert_eq!(
            get_as(&app, "/console/festivals/semana/figures", &door.cookie())
                .await
                .status,
            403
        );

        // The downloads are open data: the talk's 1 person is an x.
        let csv = get_as(
            &app,
            "/console/festivals/semana/figures.csv",
            &editor.cookie(),
        )
        .await;
        assert_eq!(csv.status, 200);
        assert!(csv.header("content-type").starts_with("text/csv"));
        let mut reader = csv::Reader::from_reader(csv.html.as_bytes());
        let talk = reader
            .records()
            .map(|r| r.expect("a row"))
            .find(|r| &r[0] == "activity" && &r[2] == "Charla llena")
            .expect("the talk's row");
        assert_eq!(&talk[7], "x");
        let json = get_as(
            &app,
            "/console/festivals/semana/figures.json",
            &editor.cookie(),
        )
        .await;
        let parsed: Value = serde_json::from_str(&json.html).expect("JSON");
        assert_eq!(parsed["withheld"], true);

        // Nothing is public until the owner says so, and an editor cannot say so.
        app.get("/festivals/pasado/figures", None).await.expect(404);
        let form = editor
            .form_token(&app, "/console/festivals/pasado/figures")
            .await;
        let refused = post_as(
            &app,
            "/console/festivals/pasado/figures",
            &editor.cookie(),
            &[("csrf_token", &form), ("public", "yes")],
        )
        .await;
        assert_eq!(refused.status, 403);
        for slug in ["pasado", "semana"] {
            let form = owner
                .form_token(&app, &format!("/console/festivals/{slug}/figures"))
                .await;
            let saved = post_as(
                &app,
                &format!("/console/festivals/{slug}/figures"),
                &owner.cookie(),
                &[("csrf_token", &form), ("public", "yes")],
            )
            .await;
            assert_eq!(saved.status, 303, "{}", saved.html);
        }

        let public = app.get("/festivals/pasado/figures", None).await.expect(200);
        assert!(public.text.contains("Taller pasado"));
        app.get("/festivals/pasado/figures.csv", None)
            .await
            .expect(200);
        let json = app
            .get("/festivals/pasado/figures.json", None)
            .await
            .expect(200)
            .json();
        assert_eq!(json["withheld"], true);
        // A festival still to come stays private, permission or not.
        app.get("/festivals/semana/figures", None).await.expect(404);
        app.get("/festivals/semana/figures.json", None)
            .await
            .expect(404);

        // Taken back: gone at once, cached or not.
        let form = owner
            .form_token(&app, "/console/festivals/pasado/figures")
            .await;
        let saved = post_as(
            &app,
            "/console/festivals/pasado/figures",
            &owner.cookie(),
            &[("csrf_token", &form)],
        )
        .await;
        assert_eq!(saved.status, 303);
        app.get("/festivals/pasado/figures", None).await.expect(404);
        app.get("/festivals/pasado/figures.csv", None)
            .await
            .expect(404);
    })
    .await;
}
