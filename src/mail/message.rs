//! A rendered email as a MIME message: plain text and HTML as alternatives, the event as an
//! iTIP invitation when the kind carries one, a `Message-ID` and a `Date`.

use lettre::{
    Address, Message,
    message::{Attachment, Mailbox, MultiPart, SinglePart, header::ContentType},
};

use super::templates::Rendered;
use crate::domain::calendar::Method;
use crate::domain::text::forbidden;

/// An `.ics` to attach: its iTIP method and its text.
pub struct Invitation {
    pub method: Method,
    pub ics: String,
}

/// A recipient from stored text, or why there cannot be one. Every path returns an error rather
/// than panicking: the name is stored data (validated on the way in, but rows written before
/// that validation, or by hand, may still hold anything), so control characters are turned
/// into spaces before lettre's header encoder sees them, and the address is parsed, not
/// trusted.
pub fn recipient(name: &str, email: &str) -> Result<Mailbox, String> {
    let address: Address = email
        .parse()
        .map_err(|e| format!("recipient address {email:?}: {e}"))?;
    let clean: String = name
        .chars()
        .map(|c| if forbidden(c, false) { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let name = (!clean.is_empty()).then_some(clean);
    Ok(Mailbox::new(name, address))
}

/// Builds the message. Names and addresses go through lettre's header encoding; the subject
/// was flattened to one line by the templates.
pub fn compose(
    from: &Mailbox,
    to: Mailbox,
    rendered: Rendered,
    invitation: Option<Invitation>,
) -> Result<Message, String> {
    let body = MultiPart::alternative_plain_html(rendered.text, rendered.html);
    let builder = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(rendered.subject)
        .date_now()
        // lettre adds no Message-ID on its own; mail servers and spam filters expect one.
        .message_id(None);
    let message = match invitation {
        None => builder.multipart(body),
        Some(invitation) => {
            let content_type = ContentType::parse(&format!(
                "text/calendar; charset=utf-8; method={}",
                invitation.method.as_str()
            ))
            .map_err(|e| format!("invitation content type: {e}"))?;
            let file = if invitation.method == Method::Cancel {
                "cancel.ics"
            } else {
                "invite.ics"
            };
            let attachment: SinglePart =
                Attachment::new(file.to_owned()).body(invitation.ics, content_type);
            builder.multipart(MultiPart::mixed().multipart(body).singlepart(attachment))
        }
    };
    message.map_err(|e| format!("message: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipients_never_carry_a_line_break_into_a_header() {
        let to = recipient("Poison\r\nBcc: victim@example.org", "rosa@example.org")
            .expect("the name is cleaned, not refused");
        assert_eq!(to.name.as_deref(), Some("Poison Bcc: victim@example.org"));
        assert!(!to.to_string().contains(['\r', '\n']));
        assert!(recipient("Rosa", "not an address").is_err());
        assert!(recipient("Rosa", "rosa@example.org\r\nBcc: x@y.org").is_err());
        assert_eq!(
            recipient("\u{7}", "rosa@example.org").expect("ok").name,
            None
        );
    }
}
