//! The email templates of `templates/email/<kind>/`, embedded in the binary at build time and
//! parsed once, with their words from the catalogues of `locales/` (`email.ftl`), as the
//! pages'. Names ending in `.html.j2` are HTML-escaped by minijinja; the plain text and subject
//! are not, and the subject is flattened to one line before it becomes a header.

use std::sync::Arc;

use minijinja::{Environment, context};
use serde::Serialize;

use crate::{
    domain::kinds::NotificationKind,
    i18n::{self, Catalogue, Language},
};

/// A rendered email, before it becomes a MIME message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Every email template, ready to render in every language of the catalogue.
pub struct Templates {
    env: Environment<'static>,
    catalogue: Arc<Catalogue>,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates").finish_non_exhaustive()
    }
}

impl Templates {
    /// Loads the embedded templates and checks that every kind has its three parts, so a
    /// missing file stops start-up instead of one email.
    pub fn load(catalogue: Arc<Catalogue>) -> Result<Self, minijinja::Error> {
        let mut env = Environment::new();
        embedded(&mut env);
        i18n::add_translate(&mut env, Arc::clone(&catalogue));
        let templates = Self { env, catalogue };
        for kind in NotificationKind::ALL {
            for part in PARTS {
                templates.env.get_template(&name(*kind, part))?;
            }
        }
        Ok(templates)
    }

    /// The language tagged `code`, else the catalogue's fallback (English): a registration's
    /// stored locale outlives any language later removed from `locales/`.
    pub fn language(&self, code: &str) -> &Language {
        self.catalogue.get_or_fallback(Some(code))
    }

    /// Renders `kind` in `language` with `content`, which the templates read beside `lang`.
    pub fn render(
        &self,
        kind: NotificationKind,
        language: &Language,
        content: &impl Serialize,
    ) -> Result<Rendered, minijinja::Error> {
        let context = context! {
            lang => language.code,
            ..minijinja::Value::from_serialize(content)
        };
        let render = |part: &str| self.env.get_template(&name(kind, part))?.render(&context);
        Ok(Rendered {
            subject: one_line(&render("subject.txt.j2")?),
            text: render("body.txt.j2")?,
            html: render("body.html.j2")?,
        })
    }
}

const PARTS: [&str; 3] = ["subject.txt.j2", "body.txt.j2", "body.html.j2"];

// The macro's generated closure elides `Environment`'s lifetime.
#[allow(elided_lifetimes_in_paths)]
pub(crate) fn embedded(mut env: &mut Environment<'static>) {
    minijinja_embed::load_templates!(&mut env);
}

fn name(kind: NotificationKind, part: &str) -> String {
    format!("email/{}/{part}", kind.as_str())
}

/// A subject is one header line: any line break or control character a title smuggled in
/// becomes a space, so it cannot start a header of its own.
fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_control())
        .filter(|part| !part.trim().is_empty())
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn context() -> serde_json::Value {
        json!({
            "recipient": {"name": "Ana <b>&</b>", "seats": 3},
            "event": {
                "title": "Robótica <script>alert(1)</script>\r\nBcc: x@evil.example",
                "when": "lunes, 30 de noviembre de 2026, 10:00–12:00 (America/Guayaquil)",
                "place": "Biblioteca, Av. Amazonas 123, Quito",
                "online_url": null, "host": null, "url": "https://c.example/e/1",
                "access": ["Acceso sin escalones"],
            },
            "festival": {"title": "Quito Aprende"},
            "access_needs": "silla de ruedas",
            "manage_url": "https://c.example/m/reg_x", "calendar_url": "https://c.example/c.ics",
            "waitlist_position": 2, "starts_in": "mañana",
            "change": {"old_when": "domingo", "old_place": null},
        })
    }

    #[test]
    fn every_kind_renders_in_every_language_with_no_message_missing() {
        let catalogue = Arc::new(Catalogue::load().expect("catalogues load"));
        let templates = Templates::load(Arc::clone(&catalogue)).expect("templates load");
        for language in catalogue.languages() {
            let mut subjects = Vec::new();
            // Every kind to a registrant; the member's emails have a test of their own.
            for kind in NotificationKind::ALL.iter().filter(|k| {
                !matches!(
                    k,
                    NotificationKind::SignIn
                        | NotificationKind::MemberInvited
                        | NotificationKind::WeeklyReport
                )
            }) {
                let r = templates
                    .render(*kind, language, &context())
                    .expect("renders");
                let what = format!("{kind:?} in {}", language.code);
                assert!(!r.subject.is_empty() && !r.subject.contains(['\r', '\n']));
                assert!(r.text.contains("https://c.example/m/reg_x"), "{what}");
                assert!(r.text.contains("https://c.example/c.ics"), "{what}");
                // A message missing from the catalogue would show its id.
                for part in [&r.subject, &r.text, &r.html] {
                    assert!(!part.contains("email-"), "{what}: {part}");
                }
                assert!(!r.html.contains("<script>") && r.html.contains("&lt;script&gt;"));
                assert!(!r.html.contains("<b>&</b>"));
                assert!(
                    r.html
                        .contains(&format!("<html lang=\"{}\">", language.code))
                );
                subjects.push(r.subject);
            }
            if language.code == "es" {
                assert!(
                    subjects
                        .iter()
                        .any(|s| s.starts_with("Inscripción confirmada"))
                );
                assert!(subjects.iter().any(|s| s.contains("empieza mañana")));
            }
        }
    }

    #[test]
    fn the_sign_in_email_renders_in_every_language_with_its_link_and_names_escaped() {
        let catalogue = Arc::new(Catalogue::load().expect("catalogues load"));
        let templates = Templates::load(Arc::clone(&catalogue)).expect("templates load");
        let context = json!({
            "organisation": "Quito <b>Aprende</b>\r\nBcc: x@evil.example",
            "email": "ana@example.org",
            "sign_in_url": "https://c.example/console/sign-in/sgn_x",
            "minutes": 15,
        });
        for language in catalogue.languages() {
            let r = templates
                .render(NotificationKind::SignIn, language, &context)
                .expect("renders");
            let what = format!("sign_in in {}", language.code);
            assert!(!r.subject.contains(['\r', '\n']), "{what}");
            assert!(
                r.text.contains("https://c.example/console/sign-in/sgn_x"),
                "{what}"
            );
            // minijinja writes `/` as `&#x2f;` in HTML: the link is the one attribute ending so.
            assert!(r.html.contains("sgn_x\" style="), "{what}");
            assert!(r.text.contains("15"), "{what}");
            assert!(!r.html.contains("<b>Aprende</b>"), "{what}");
            for part in [&r.subject, &r.text, &r.html] {
                assert!(!part.contains("email-"), "{what}: {part}");
            }
        }
    }

    #[test]
    fn the_weekly_report_renders_in_every_language_with_titles_escaped() {
        let catalogue = Arc::new(Catalogue::load().expect("catalogues load"));
        let templates = Templates::load(Arc::clone(&catalogue)).expect("templates load");
        let change = json!({"title": "Robótica <script>x</script>", "before": 2, "now": 9});
        for last in [false, true] {
            let context = json!({
                "organisation": "Quito Aprende", "festival": "Festival <b>2026</b>\r\nBcc: x",
                "week": "23 Nov 2026", "last": last, "first": false,
                "figures": [{"label": "Inscripciones", "value": "1234"}],
                "new_registrations": 17, "failed_emails": 2,
                "filled": [change.clone()], "filled_more": 3,
                "grown": [change.clone()], "grown_more": 0,
                "figures_url": "https://c.example/console/festivals/f/figures",
                "notifications_url": "https://c.example/console/festivals/f/notifications",
                "account_url": "https://c.example/console/account",
            });
            for language in catalogue.languages() {
                let r = templates
                    .render(NotificationKind::WeeklyReport, language, &context)
                    .expect("renders");
                let what = format!("weekly_report in {}", language.code);
                assert!(!r.subject.contains(['\r', '\n']), "{what}");
                for part in [&r.subject, &r.text, &r.html] {
                    assert!(!part.contains("email-"), "{what}: {part}");
                }
                assert!(r.text.contains("1234") && r.text.contains("17"), "{what}");
                assert!(
                    r.text.contains("https://c.example/console/account"),
                    "{what}"
                );
                assert!(
                    !r.html.contains("<script>") && !r.html.contains("<b>2026"),
                    "{what}"
                );
                assert!(r.html.contains("Robótica &lt;script&gt;"), "{what}");
            }
        }
    }

    #[test]
    fn numbers_choose_the_words_around_them() {
        let catalogue = Arc::new(Catalogue::load().expect("catalogues load"));
        let templates = Templates::load(Arc::clone(&catalogue)).expect("templates load");
        let es = catalogue.get("es").expect("es");
        let mut one = context();
        one["recipient"]["seats"] = json!(1);
        one["waitlist_position"] = json!(1);
        let r = templates
            .render(NotificationKind::Waitlisted, es, &one)
            .expect("renders");
        assert!(
            r.text
                .contains("su inscripción quedó en la lista de espera, en el primer puesto."),
            "{}",
            r.text
        );
        assert!(r.text.contains("Inscripción: para 1 persona"), "{}", r.text);
        let r = templates
            .render(NotificationKind::Waitlisted, es, &context())
            .expect("renders");
        assert!(
            r.text.contains(
                "su inscripción para 3 personas quedó en la lista de espera, en el puesto 2."
            ),
            "{}",
            r.text
        );
    }

    #[test]
    fn subjects_cannot_carry_a_second_header() {
        assert_eq!(one_line("Hola\r\nBcc: x@y\n"), "Hola Bcc: x@y");
    }
}
