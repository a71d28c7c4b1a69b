//! sea-orm entities of Convoca, one module per table, in the shape `sea-orm-cli generate entity`
//! produces. No behaviour lives here: rules are in `convoca::domain`, queries in `convoca::store`.
//!
//! Lists of short strings (audience, themes, accessibility features, reminder offsets) are stored
//! as JSON text rather than a native JSON type, so that the same `LIKE` filter works on SQLite and
//! PostgreSQL alike.

pub mod api_token;
pub mod event;
pub mod festival;
pub mod idempotency_key;
pub mod instance_key;
pub mod member;
pub mod member_festival;
pub mod organisation;
pub mod outbox;
pub mod person;
pub mod registration;
pub mod session;
pub mod sign_in_link;
pub mod sign_in_request;
pub mod timezone;
pub mod venue;
pub mod vocabulary;

pub mod prelude {
    pub use super::api_token::Entity as ApiToken;
    pub use super::event::Entity as Event;
    pub use super::festival::Entity as Festival;
    pub use super::idempotency_key::Entity as IdempotencyKey;
    pub use super::organisation::Entity as Organisation;
    pub use super::outbox::Entity as Outbox;
    pub use super::person::Entity as Person;
    pub use super::registration::Entity as Registration;
    pub use super::venue::Entity as Venue;
}
