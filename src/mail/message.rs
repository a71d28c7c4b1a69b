//! A rendered email as a MIME message: plain text, HTML and (when the kind carries one) the
//! iTIP invitation as alternatives, the invitation again as an attachment, a `Message-ID` at
//! the service's host, a `Date`, `Auto-Submitted`, `Content-Language`, `Reply-To` the
//! organiser and, on reminders, one-click `List-Unsubscribe`.

use lettre::{
    Address, Message,
    message::{
        Attachment, Mailbox, MultiPart, SinglePart,
        header::{ContentType, HeaderName, HeaderValue},
    },
};

use super::templates::Rendered;
use crate::domain::calendar::Method;
use crate::domain::text::forbidden;

/// An `.ics` to attach: its iTIP method and its text.
pub struct Invitation {
    pub method: Method,
    pub ics: String,
}

/// An image the HTML shows inline (`<img src="cid:…">`): the check-in QR code.
pub struct InlineImage {
    pub content_id: String,
    pub png: Vec<u8>,
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

/// The headers a message carries beside its sender, recipient and subject.
pub struct Envelope<'a> {
    /// The host of `CONVOCA_PUBLIC_URL`, for the `Message-ID`: lettre would use the machine's
    /// hostname (`@vm`), which says nothing of the service and differs between instances.
    pub host: &'a str,
    /// The language the message is written in, for `Content-Language`.
    pub language: &'a str,
    /// The organisation's contact address: a person's reply (or their calendar's
    /// Accept/Decline) goes to the people who run the activity, not to the no-reply sender.
    pub reply_to: Option<Mailbox>,
    /// For mail a person may turn off (reminders): the page that turns it off, which also
    /// takes RFC 8058's one-click POST.
    pub unsubscribe: Option<String>,
}

/// `Auto-Submitted: auto-generated` (RFC 3834): out-of-office and other automatic replies are
/// not to be sent back to a message no person wrote.
const AUTO_SUBMITTED: HeaderName = HeaderName::new_from_ascii_str("Auto-Submitted");
const CONTENT_LANGUAGE: HeaderName = HeaderName::new_from_ascii_str("Content-Language");
pub const LIST_UNSUBSCRIBE: HeaderName = HeaderName::new_from_ascii_str("List-Unsubscribe");
pub const LIST_UNSUBSCRIBE_POST: HeaderName =
    HeaderName::new_from_ascii_str("List-Unsubscribe-Post");

/// Builds the message. Names and addresses go through lettre's header encoding; the subject
/// was flattened to one line by the templates.
///
/// With an invitation the tree is what RFC 6047 and Outlook expect: `multipart/mixed` holding
/// a `multipart/alternative` of text, HTML and `text/calendar; method=…` (the part calendar
/// clients act on: Outlook's Accept/Decline bar, Gmail's event card), then the same `.ics` as
/// an `application/ics` attachment for clients that only offer files. The attachment is not
/// `text/calendar`, so no client sees two invitations. An inline `image` (the check-in QR
/// code) goes with the HTML in a `multipart/related`, referred to by its `Content-ID`.
pub fn compose(
    from: &Mailbox,
    to: Mailbox,
    envelope: &Envelope<'_>,
    rendered: Rendered,
    invitation: Option<Invitation>,
    image: Option<InlineImage>,
) -> Result<Message, String> {
    let mut builder = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(rendered.subject)
        .date_now()
        // lettre adds no Message-ID on its own; mail servers and spam filters expect one.
        .message_id(Some(message_id(envelope.host)));
    if let Some(reply_to) = &envelope.reply_to {
        builder = builder.reply_to(reply_to.clone());
    }
    // The HTML, with its inline image beside it in a `multipart/related` when it has one.
    let alternatives = MultiPart::alternative().singlepart(SinglePart::plain(rendered.text));
    let mut alternatives = match image {
        None => alternatives.singlepart(SinglePart::html(rendered.html)),
        Some(image) => {
            let png =
                ContentType::parse("image/png").map_err(|e| format!("image content type: {e}"))?;
            alternatives.multipart(
                MultiPart::related()
                    .singlepart(SinglePart::html(rendered.html))
                    .singlepart(Attachment::new_inline(image.content_id).body(image.png, png)),
            )
        }
    };
    let message = match invitation {
        None => builder.multipart(alternatives),
        Some(invitation) => {
            let inline = ContentType::parse(&format!(
                "text/calendar; charset=utf-8; method={}",
                invitation.method.as_str()
            ))
            .map_err(|e| format!("invitation content type: {e}"))?;
            let file = if invitation.method == Method::Cancel {
                "cancel.ics"
            } else {
                "invite.ics"
            };
            let attached = ContentType::parse("application/ics")
                .map_err(|e| format!("attachment content type: {e}"))?;
            alternatives = alternatives.singlepart(
                SinglePart::builder()
                    .header(inline)
                    .body(invitation.ics.clone()),
            );
            let attachment: SinglePart =
                Attachment::new(file.to_owned()).body(invitation.ics, attached);
            builder.multipart(
                MultiPart::mixed()
                    .multipart(alternatives)
                    .singlepart(attachment),
            )
        }
    };
    let mut message = message.map_err(|e| format!("message: {e}"))?;
    let headers = message.headers_mut();
    headers.insert_raw(HeaderValue::new(
        AUTO_SUBMITTED,
        "auto-generated".to_owned(),
    ));
    // A language tag is letters, digits and hyphens; anything else is left out rather than
    // written into a header.
    if !envelope.language.is_empty()
        && envelope
            .language
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        headers.insert_raw(HeaderValue::new(
            CONTENT_LANGUAGE,
            envelope.language.to_owned(),
        ));
    }
    if let Some(url) = &envelope.unsubscribe {
        // Our own URL, but checked all the same: a header value may not break its line, and
        // `<…>` may not hold `>` or spaces.
        if url.starts_with("https://") || url.starts_with("http://") {
            if url.chars().any(|c| c.is_control() || c == '>' || c == ' ') {
                return Err("the unsubscribe link cannot go in a header".to_owned());
            }
            headers.insert_raw(HeaderValue::new(LIST_UNSUBSCRIBE, format!("<{url}>")));
            headers.insert_raw(HeaderValue::new(
                LIST_UNSUBSCRIBE_POST,
                "List-Unsubscribe=One-Click".to_owned(),
            ));
        }
    }
    Ok(message)
}

/// `<random@host>`: unique without coordination between instances, and naming the service.
fn message_id(host: &str) -> String {
    let host = if host.is_empty() { "localhost" } else { host };
    format!("<{}@{host}>", uuid::Uuid::new_v4().simple())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_names_the_service_says_it_is_automatic_and_its_language() {
        let rendered = Rendered {
            subject: "Hola".to_owned(),
            text: "Hola".to_owned(),
            html: "<p>Hola</p>".to_owned(),
        };
        let from: Mailbox = "Convoca <no-reply@quito.example>"
            .parse()
            .expect("a mailbox");
        let to = recipient("Rosa", "rosa@example.org").expect("a recipient");
        let envelope = Envelope {
            host: "convoca.quito.example",
            language: "es",
            reply_to: None,
            unsubscribe: None,
        };
        let message =
            compose(&from, to.clone(), &envelope, rendered.clone(), None, None).expect("built");
        let raw = String::from_utf8(message.formatted()).expect("UTF-8");
        assert!(raw.contains("@convoca.quito.example>\r\n"), "{raw}");
        assert!(
            raw.contains("\r\nAuto-Submitted: auto-generated\r\n"),
            "{raw}"
        );
        assert!(raw.contains("\r\nContent-Language: es\r\n"), "{raw}");
        let odd = Envelope {
            host: "",
            language: "es\r\nBcc: x@y.org",
            reply_to: None,
            unsubscribe: Some("https://x.org/u/a>\r\nBcc: x@y.org".to_owned()),
        };
        assert!(compose(&from, to.clone(), &odd, rendered.clone(), None, None).is_err());
        let odd = Envelope {
            unsubscribe: None,
            ..odd
        };
        let raw = String::from_utf8(
            compose(&from, to, &odd, rendered, None, None)
                .expect("built")
                .formatted(),
        )
        .expect("UTF-8");
        assert!(
            !raw.contains("Content-Language") && !raw.contains("Bcc"),
            "{raw}"
        );
        assert!(raw.contains("@localhost>"), "{raw}");
    }

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
