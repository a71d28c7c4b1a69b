//! Every change of state, one function each, named after what it does: the JSON API's
//! handlers call these, and so will the web pages. Each takes what it needs (the state, the
//! actor, the input, `now`) and owns its transaction, the lock order (the festival first, see
//! [`crate::store::festivals`]), the re-read under the lock, the outbox rows and the
//! dispatcher's wake-up; handlers only parse, authorise and present.

pub mod events;
pub mod festivals;
pub mod members;
pub mod notifications;
pub mod organisations;
pub mod registrations;
pub mod reports;
pub mod venues;
