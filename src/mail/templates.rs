//! The email templates of `templates/email/<kind>/<locale>/`, embedded in the binary at build
//! time and parsed once. Names ending in `.html.j2` are HTML-escaped by minijinja; the plain
//! text and subject are not, and the subject is flattened to one line before it becomes a
//! header.

use minijinja::Environment;
use serde::Serialize;

use crate::domain::{kinds::NotificationKind, registration::EMAIL_LOCALES};

/// A rendered email, before it becomes a MIME message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Every email template, ready to render.
#[derive(Debug)]
pub struct Templates {
    env: Environment<'static>,
}

impl Templates {
    /// Loads the embedded templates and checks that every kind exists in every locale, so a
    /// missing file stops start-up instead of one email.
    pub fn load() -> Result<Self, minijinja::Error> {
        let mut env = Environment::new();
        embedded(&mut env);
        let templates = Self { env };
        for kind in NotificationKind::ALL {
            for locale in EMAIL_LOCALES {
                for part in ["subject.txt.j2", "body.txt.j2", "body.html.j2"] {
                    templates.env.get_template(&name(*kind, locale, part))?;
                }
            }
        }
        Ok(templates)
    }

    /// Renders `kind` in `locale` (`es`, else English) with `context`.
    pub fn render(
        &self,
        kind: NotificationKind,
        locale: &str,
        context: &impl Serialize,
    ) -> Result<Rendered, minijinja::Error> {
        let locale = EMAIL_LOCALES
            .into_iter()
            .find(|l| *l == locale)
            .unwrap_or("en");
        let render = |part: &str| {
            self.env
                .get_template(&name(kind, locale, part))?
                .render(context)
        };
        Ok(Rendered {
            subject: one_line(&render("subject.txt.j2")?),
            text: render("body.txt.j2")?,
            html: render("body.html.j2")?,
        })
    }
}

// The macro's generated closure elides `Environment`'s lifetime.
#[allow(elided_lifetimes_in_paths)]
pub(crate) fn embedded(mut env: &mut Environment<'static>) {
    minijinja_embed::load_templates!(&mut env);
}

fn name(kind: NotificationKind, locale: &str, part: &str) -> String {
    format!("email/{}/{locale}/{part}", kind.as_str())
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
            "locale": "es",
            "recipient": {"name": "Ana <b>&</b>", "seats": 3},
            "event": {
                "title": "Robótica <script>alert(1)</script>\r\nBcc: x@evil.example",
                "when": "lunes, 30 de noviembre de 2026, 10:00–12:00 (America/Guayaquil)",
                "venue": "Biblioteca", "address": "Av. Amazonas 123, Quito",
                "online_url": null, "host": null, "url": "https://c.example/e/1",
                "access": ["step_free_access", "sign_language"],
            },
            "festival": {"title": "Quito Aprende"},
            "access_needs": "silla de ruedas",
            "manage_url": "https://c.example/m/reg_x", "calendar_url": "https://c.example/c.ics",
            "waitlist_position": 2, "offset_minutes": 1440,
            "change": {"old_when": "domingo", "old_venue": null, "old_address": null},
        })
    }

    #[test]
    fn every_kind_renders_in_both_languages() {
        let templates = Templates::load().expect("templates load");
        for kind in NotificationKind::ALL {
            for locale in EMAIL_LOCALES {
                let mut ctx = context();
                ctx["locale"] = json!(locale);
                let r = templates.render(*kind, locale, &ctx).expect("renders");
                assert!(!r.subject.is_empty() && !r.subject.contains(['\r', '\n']));
                assert!(
                    r.text.contains("https://c.example/m/reg_x"),
                    "{kind:?} {locale}"
                );
                assert!(
                    r.text.contains("https://c.example/c.ics"),
                    "{kind:?} {locale}"
                );
                assert!(!r.html.contains("<script>") && r.html.contains("&lt;script&gt;"));
                assert!(!r.html.contains("<b>&</b>"));
            }
        }
    }

    #[test]
    fn subjects_cannot_carry_a_second_header() {
        assert_eq!(one_line("Hola\r\nBcc: x@y\n"), "Hola Bcc: x@y");
    }
}
