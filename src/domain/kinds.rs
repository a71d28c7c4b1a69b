//! The closed vocabularies of the contract (kinds, statuses, accessibility features, roles):
//! one type each, defined beside the entities that store them so that a row read from the
//! database already holds a valid value.

pub use entity::vocabulary::{
    EventAccess, EventKind, EventStatus, FestivalKind, FestivalStatus, MemberRole,
    NotificationKind, NotificationStatus, RegistrationStatus, Role, VenueFeature,
};
