//! Organisation rules: a public festival needs someone to answer for it.

use crate::error::AppError;

/// Why a festival cannot be published, or an address removed, without a contact email: it is
/// the `ORGANIZER` of every invitation and the `Reply-To` of every email, so people's replies
/// and their calendars' Accept/Decline reach the people who run the activities.
const CONTACT_NEEDED: &str = "an organisation needs a contact email before it can publish: \
     invitations name it as their organiser and replies go to it \
     (set it with PATCH /api/v1/organisations/{slug})";

/// Publishing needs the organisation's contact email.
pub fn check_can_publish(contact: Option<&str>) -> Result<(), AppError> {
    match contact {
        Some(email) if !email.trim().is_empty() => Ok(()),
        _ => Err(AppError::invalid("organisation.email", CONTACT_NEEDED)),
    }
}

/// An organisation with a published festival keeps a contact email.
pub fn check_contact_kept(contact: Option<&str>, publishes: bool) -> Result<(), AppError> {
    if publishes && contact.is_none_or(|e| e.trim().is_empty()) {
        return Err(AppError::invalid(
            "email",
            "an organisation with a published festival keeps a contact email: invitations \
             name it as their organiser and replies go to it",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(result: Result<(), AppError>) -> Option<String> {
        match result {
            Ok(()) => None,
            Err(AppError::Validation(errors)) => errors.first().map(|e| e.field.clone()),
            Err(other) => Some(format!("unexpected {other:?}")),
        }
    }

    #[test]
    fn publishing_needs_a_contact_address() {
        assert_eq!(field(check_can_publish(Some("info@quito.example"))), None);
        assert_eq!(
            field(check_can_publish(None)).as_deref(),
            Some("organisation.email")
        );
        assert_eq!(
            field(check_can_publish(Some(" "))).as_deref(),
            Some("organisation.email")
        );
    }

    #[test]
    fn the_address_stays_while_a_festival_is_published() {
        assert_eq!(field(check_contact_kept(None, false)), None);
        assert_eq!(field(check_contact_kept(Some("a@b.org"), true)), None);
        assert_eq!(
            field(check_contact_kept(None, true)).as_deref(),
            Some("email")
        );
    }
}
