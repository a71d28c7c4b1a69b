//! The closed vocabularies of the contract: kinds, statuses, accessibility features, roles.
//! Each is one enum, written to the database as the same snake_case word the API speaks
//! (`DeriveActiveEnum` with string values), so a row holds a valid value once it is read: a
//! word the code does not know is an error naming the type and the word, never a silent
//! default.

/// Declares a vocabulary: snake_case on the wire and in the database, listed in OpenAPI.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash,
            serde::Serialize, serde::Deserialize,
            sea_orm::EnumIter, sea_orm::DeriveActiveEnum,
        )]
        #[cfg_attr(feature = "openapi", derive(poem_openapi::Enum))]
        #[cfg_attr(feature = "openapi", oai(rename_all = "snake_case"))]
        #[serde(rename_all = "snake_case")]
        #[sea_orm(rs_type = "String", db_type = "Text")]
        pub enum $name {
            $($(#[$vmeta])* #[sea_orm(string_value = $text)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text),+
                }
            }

            pub fn parse(text: &str) -> Option<Self> {
                match text {
                    $($text => Some(Self::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary! {
    /// What a festival is.
    FestivalKind { Festival = "festival", Conference = "conference", Forum = "forum" }
}

vocabulary! {
    /// Where a festival is in its life: drafts are private, published ones public.
    FestivalStatus { Draft = "draft", Published = "published", Cancelled = "cancelled" }
}

vocabulary! {
    /// What an event is.
    #[derive(Default)]
    EventKind {
        Workshop = "workshop",
        Talk = "talk",
        Panel = "panel",
        Exhibition = "exhibition",
        Plenary = "plenary",
        Ceremony = "ceremony",
        Forum = "forum",
        Activity = "activity",
        #[default]
        Other = "other",
    }
}

vocabulary! {
    /// Whether an event takes place.
    EventStatus { Scheduled = "scheduled", Cancelled = "cancelled" }
}

vocabulary! {
    /// Physical accessibility of a venue.
    VenueFeature {
        StepFreeAccess = "step_free_access",
        AccessibleToilet = "accessible_toilet",
        HearingLoop = "hearing_loop",
        QuietRoom = "quiet_room",
        TactilePaving = "tactile_paving",
        AccessibleParking = "accessible_parking",
    }
}

vocabulary! {
    /// Support an event offers to people with disabilities.
    EventAccess {
        SignLanguage = "sign_language",
        Captioning = "captioning",
        EasyRead = "easy_read",
        AudioDescription = "audio_description",
    }
}

vocabulary! {
    /// What an API token may do.
    Role { Admin = "admin", Organiser = "organiser" }
}

vocabulary! {
    /// What an organisation member may do in the console: `owner` everything (members and API
    /// tokens included), `editor` festivals, venues, activities and registrations, `door` check
    /// people in at the festivals they are given.
    MemberRole { Owner = "owner", Editor = "editor", Door = "door" }
}

vocabulary! {
    /// Why an email is sent; also the folder of its templates under `templates/email/`.
    NotificationKind {
        Confirmed = "confirmed",
        Waitlisted = "waitlisted",
        Promoted = "promoted",
        Reminder = "reminder",
        EventChanged = "event_changed",
        EventCancelled = "event_cancelled",
        RegistrationCancelled = "registration_cancelled",
        /// The person asked for the link of their own calendar feed again.
        CalendarLink = "calendar_link",
        /// An organisation member asked for a link to sign in to the console.
        SignIn = "sign_in",
        /// An owner added someone to the organisation: how to sign in.
        MemberInvited = "member_invited",
        /// The weekly (and final) report of a festival's figures, to its owners and editors.
        WeeklyReport = "weekly_report",
    }
}

vocabulary! {
    /// Where an email is in its delivery. `skipped`: it no longer applied when its turn came
    /// (a reminder for a registration cancelled meanwhile).
    NotificationStatus { Pending = "pending", Sent = "sent", Failed = "failed", Skipped = "skipped" }
}

vocabulary! {
    /// Where a registration is: holding seats, waiting for them, or given up.
    RegistrationStatus { Confirmed = "confirmed", Waitlisted = "waitlisted", Cancelled = "cancelled" }
}

#[cfg(test)]
mod tests {
    use sea_orm::ActiveEnum;

    use super::*;

    fn wire<T: serde::Serialize>(value: T) -> String {
        serde_json::to_value(value)
            .expect("serialises")
            .as_str()
            .expect("a string")
            .to_owned()
    }

    macro_rules! same_words {
        ($($name:ident),+) => {$(
            for k in $name::ALL {
                assert_eq!(wire(k), k.as_str(), "{k:?} on the wire");
                assert_eq!(k.to_value(), k.as_str(), "{k:?} in the database");
                assert_eq!($name::parse(k.as_str()), Some(*k));
            }
        )+};
    }

    #[test]
    fn the_database_word_is_the_wire_word() {
        same_words!(
            FestivalKind,
            FestivalStatus,
            EventKind,
            EventStatus,
            VenueFeature,
            EventAccess,
            Role,
            MemberRole,
            RegistrationStatus,
            NotificationKind,
            NotificationStatus
        );
    }

    #[test]
    fn an_unknown_stored_word_is_an_error_naming_it() {
        let err = EventStatus::try_from_value(&"postponed".to_owned()).expect_err("unknown");
        assert!(err.to_string().contains("postponed"), "{err}");
    }
}
