//! A rendered email as a MIME message: plain text and HTML as alternatives, the event as an
//! iTIP invitation when the kind carries one, a `Message-ID` and a `Date`.

use lettre::{
    Message,
    message::{Attachment, Mailbox, MultiPart, SinglePart, header::ContentType},
};

use super::templates::Rendered;
use crate::domain::calendar::Method;

/// An `.ics` to attach: its iTIP method and its text.
pub struct Invitation {
    pub method: Method,
    pub ics: String,
}

/// Builds the message. Names and addresses go through lettre's header encoding; the subject
/// was flattened to one line by the templates.
pub fn compose(
    from: &Mailbox,
    to: Mailbox,
    rendered: Rendered,
    invitation: Option<Invitation>,
) -> Result<Message, lettre::error::Error> {
    let body = MultiPart::alternative_plain_html(rendered.text, rendered.html);
    let builder = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(rendered.subject)
        .date_now()
        // lettre adds no Message-ID on its own; mail servers and spam filters expect one.
        .message_id(None);
    match invitation {
        None => builder.multipart(body),
        Some(invitation) => {
            let content_type = ContentType::parse(&format!(
                "text/calendar; charset=utf-8; method={}",
                invitation.method.as_str()
            ))
            .expect("a valid content type");
            let file = if invitation.method == Method::Cancel {
                "cancel.ics"
            } else {
                "invite.ics"
            };
            let attachment: SinglePart =
                Attachment::new(file.to_owned()).body(invitation.ics, content_type);
            builder.multipart(MultiPart::mixed().multipart(body).singlepart(attachment))
        }
    }
}
