//! The closed vocabularies of the contract (kinds, statuses, accessibility features), each an
//! enum that serialises to the contract's snake_case words.

/// Declares a string enum: snake_case on the wire and in the database, listed in OpenAPI.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, poem_openapi::Enum)]
        #[serde(rename_all = "snake_case")]
        #[oai(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
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
    };
}

string_enum! {
    /// What a festival is.
    FestivalKind { Festival = "festival", Conference = "conference", Forum = "forum" }
}

string_enum! {
    /// Where a festival is in its life: drafts are private, published ones public.
    FestivalStatus { Draft = "draft", Published = "published", Cancelled = "cancelled" }
}

string_enum! {
    /// What an event is.
    EventKind {
        Workshop = "workshop",
        Talk = "talk",
        Panel = "panel",
        Exhibition = "exhibition",
        Plenary = "plenary",
        Ceremony = "ceremony",
        Forum = "forum",
        Activity = "activity",
        Other = "other",
    }
}

string_enum! {
    /// Whether an event takes place.
    EventStatus { Scheduled = "scheduled", Cancelled = "cancelled" }
}

string_enum! {
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

string_enum! {
    /// Support an event offers to people with disabilities.
    EventAccess {
        SignLanguage = "sign_language",
        Captioning = "captioning",
        EasyRead = "easy_read",
        AudioDescription = "audio_description",
    }
}

string_enum! {
    /// What an API token may do.
    Role { Admin = "admin", Organiser = "organiser" }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wire<T: serde::Serialize>(value: T) -> String {
        serde_json::to_value(value)
            .expect("serialises")
            .as_str()
            .expect("a string")
            .to_owned()
    }

    #[test]
    fn database_words_match_the_wire_words() {
        for k in FestivalKind::ALL {
            assert_eq!(wire(k), k.as_str());
            assert_eq!(FestivalKind::parse(k.as_str()), Some(*k));
        }
        for k in EventKind::ALL {
            assert_eq!(wire(k), k.as_str());
        }
        for k in VenueFeature::ALL {
            assert_eq!(wire(k), k.as_str());
        }
        for k in EventAccess::ALL {
            assert_eq!(wire(k), k.as_str());
        }
        for k in FestivalStatus::ALL {
            assert_eq!(wire(k), k.as_str());
        }
        for k in EventStatus::ALL {
            assert_eq!(wire(k), k.as_str());
        }
        for k in Role::ALL {
            assert_eq!(wire(k), k.as_str());
        }
    }
}

string_enum! {
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
    }
}

string_enum! {
    /// Where an email is in its delivery. `skipped`: it no longer applied when its turn came
    /// (a reminder for a registration cancelled meanwhile).
    NotificationStatus { Pending = "pending", Sent = "sent", Failed = "failed", Skipped = "skipped" }
}
