//! The rules of Convoca as plain types and functions, with no database and no HTTP in sight:
//! what a valid slug, country or timezone is; when an event fits its festival and its venue;
//! when a change must raise an event's `sequence`; who may touch what.

pub mod access;
pub mod access_needs;
pub mod calendar;
pub mod email;
pub mod event;
pub mod festival;
pub mod figures;
pub mod icalendar;
pub mod kinds;
pub mod member;
pub mod notification;
pub mod open_data;
pub mod organisation;
pub mod place;
pub mod registrant;
pub mod registration;
pub mod report;
pub mod slug;
pub mod text;
pub mod token;
pub mod venue;

use std::borrow::Cow;

use validator::ValidationError;

/// A validator error with a message a person can act on.
pub(crate) fn invalid(
    code: &'static str,
    message: impl Into<Cow<'static, str>>,
) -> ValidationError {
    ValidationError::new(code).with_message(message.into())
}
