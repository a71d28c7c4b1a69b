//! `outbox`: one email to send, recorded in the transaction of the change that caused it.

use sea_orm::entity::prelude::*;

use crate::vocabulary::{NotificationKind, NotificationStatus};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The registration an email to a registrant is about; `None` for an email to a member.
    pub registration_id: Option<Uuid>,
    pub event_id: Option<Uuid>,
    pub festival_id: Option<Uuid>,
    /// The organisation member an email to a member (a sign-in link) goes to.
    pub member_id: Option<Uuid>,
    pub kind: NotificationKind,
    /// The event's iCalendar SEQUENCE when the email was caused (0 for reminders, which are
    /// kept once per offset whatever the event's moves).
    pub sequence: i32,
    /// Minutes before the start, for reminders; 0 otherwise.
    pub offset_minutes: i32,
    /// JSON facts the email needs that the database no longer holds (what an event was
    /// before it changed).
    #[sea_orm(column_type = "Text", nullable)]
    pub details: Option<String>,
    pub status: NotificationStatus,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    /// The dispatcher holding the row, until `lease_until`.
    pub lease_owner: Option<Uuid>,
    pub lease_until: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub last_error: Option<String>,
    pub sent_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
