//! Organisation members in the console: what each role may do, how long a sign-in link and a
//! session last, where a sign-in may lead, and the short code a person reads out at the door.

use chrono::Duration;
use uuid::Uuid;

use super::{access::Actor, kinds::MemberRole, text::search_key};
use crate::error::AppError;

/// A sign-in link works once, and only this long after it was sent.
pub const SIGN_IN_LINK_LIFETIME: Duration = Duration::minutes(15);
/// A session ends after this long without a request.
pub const SESSION_IDLE: Duration = Duration::hours(12);
/// How old a session's last request may get before a request records it again: one write per
/// session per minute at most, not one per page.
pub const SESSION_SEEN_EVERY: Duration = Duration::minutes(1);
/// Requests for a sign-in link for one address within [`LINKS_WINDOW`] that are answered:
/// enough for a person who lost one, too few to flood a colleague's inbox.
pub const LINKS_PER_ADDRESS: u64 = 5;
pub const LINKS_WINDOW: Duration = Duration::hours(1);

/// The refusal of a console page to a member whose role does not allow it.
pub const NOT_ALLOWED: &str = "your role in this organisation does not allow this";

/// What a console page or action needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// See the organisation's festivals, venues, activities and registrations, and change
    /// them (owners and editors).
    Edit,
    /// Add and remove members, create and revoke API tokens (owners).
    ManageMembers,
    /// Check people in at a festival's activities (owners, editors, and door members given
    /// that festival).
    CheckIn { festival_id: Uuid },
}

/// A signed-in member, as every console request sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub email: String,
    pub role: MemberRole,
    /// The festivals a `door` member checks people in for (empty for the other roles, who
    /// have them all).
    pub door_festivals: Vec<Uuid>,
}

impl Member {
    pub fn may(&self, permission: Permission) -> bool {
        match (self.role, permission) {
            (MemberRole::Owner, _) => true,
            (MemberRole::Editor, Permission::ManageMembers) => false,
            (MemberRole::Editor, _) => true,
            (MemberRole::Door, Permission::CheckIn { festival_id }) => {
                self.door_festivals.contains(&festival_id)
            }
            (MemberRole::Door, _) => false,
        }
    }

    /// `Ok` when the member may; otherwise a 403 that names neither the thing asked for nor
    /// anything in it (a door member on an edit form learns no draft's title).
    pub fn require(&self, permission: Permission) -> Result<(), AppError> {
        if self.may(permission) {
            Ok(())
        } else {
            Err(AppError::Forbidden(NOT_ALLOWED.to_owned()))
        }
    }

    /// Whether the member's organisation owns what `owner` names; something of another
    /// organisation is answered as not found, never as forbidden (which would confirm it).
    pub fn owns(&self, owner: Uuid, what: &'static str) -> Result<(), AppError> {
        if owner == self.organisation_id {
            Ok(())
        } else {
            Err(AppError::NotFound(what))
        }
    }

    /// The actor the shared operations check, once the console has checked the role.
    pub fn actor(&self) -> Actor {
        Actor::Organiser {
            organisation_id: self.organisation_id,
        }
    }
}

/// Where a sign-in may lead afterwards: a console page of this site, nothing else (an open
/// redirect would make the sign-in email a phishing tool).
pub fn safe_next(path: &str) -> Option<&str> {
    // A browser reads `%2e%2e` in a path as `..`: escapes are only allowed in the query.
    let route = path.split('?').next().unwrap_or_default();
    let ok = path.starts_with("/console/")
        && path.len() <= 200
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/-_?=&.%+".contains(c))
        && !route.contains('%')
        && !path.contains("//")
        && !path.contains("..");
    ok.then_some(path)
}

/// Crockford's base 32: no I, L, O or U, so a code read out loud or typed from paper is not
/// mistaken.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The short code of a registration, printed in its confirmation and on its manage page: six
/// characters from 30 random bits of its id. Not unique across a festival and not secret; at
/// the door it narrows an activity's list to one person (two at worst, in about one activity
/// in a million with a thousand registrations).
///
/// The bits are the id's first for a random id (v4), as they always were, so codes already
/// printed stay right; a time-ordered id (v7, `store::new_id`) begins with its time, shared by
/// every registration of the same moment, so its bits come from its random tail.
pub fn short_code(id: Uuid) -> String {
    let bytes = id.as_bytes();
    let at = match id.get_version_num() {
        7 => 10,
        _ => 0,
    };
    let bits = u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]) >> 2;
    (0..6)
        .rev()
        .map(|i| CROCKFORD[((bits >> (i * 5)) & 31) as usize] as char)
        .collect()
}

/// What the door typed, ready to compare: a code in upper case without spaces or dashes, with
/// the letters people confuse read as the digits Crockford means (O → 0, I and L → 1).
fn code_of(query: &str) -> String {
    query
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect()
}

/// What the door typed, read once for a whole list: at least two letters, each word of which
/// must start a word of a name (without regard to case or accents: "ana per" finds "Ana María
/// Pérez"), or a registration's short code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoorQuery {
    words: Vec<String>,
    code: Option<String>,
}

impl DoorQuery {
    /// `None` for fewer than two letters.
    pub fn parse(typed: &str) -> Option<Self> {
        let folded = search_key([typed]);
        if folded.chars().count() < 2 {
            return None;
        }
        let code = Some(code_of(&folded)).filter(|c| c.len() == 6);
        Some(Self {
            words: folded.split(' ').map(str::to_owned).collect(),
            code,
        })
    }

    /// Whether the registration named `name` with id `id` is one the door is looking for.
    pub fn matches(&self, name: &str, id: Uuid) -> bool {
        if self.code.as_deref().is_some_and(|c| c == short_code(id)) {
            return true;
        }
        // Most names are plain ASCII: folded without Unicode normalisation.
        let folded = if name.is_ascii() {
            name.to_ascii_lowercase()
        } else {
            search_key([name])
        };
        let words: Vec<&str> = folded.split_whitespace().collect();
        self.words
            .iter()
            .all(|typed| words.iter().any(|word| word.starts_with(typed.as_str())))
    }
}

/// Whether a registration named `name` with id `id` is what the door typed (see
/// [`DoorQuery`]).
pub fn door_matches(query: &str, name: &str, id: Uuid) -> bool {
    DoorQuery::parse(query).is_some_and(|q| q.matches(name, id))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(role: MemberRole, door_festivals: Vec<Uuid>) -> Member {
        Member {
            id: Uuid::new_v4(),
            organisation_id: Uuid::new_v4(),
            email: "m@example.org".to_owned(),
            role,
            door_festivals,
        }
    }

    #[test]
    fn each_role_may_do_its_part_and_no_more() {
        let here = Uuid::new_v4();
        let elsewhere = Uuid::new_v4();
        let check_here = Permission::CheckIn { festival_id: here };
        let check_elsewhere = Permission::CheckIn {
            festival_id: elsewhere,
        };
        let owner = member(MemberRole::Owner, vec![]);
        let editor = member(MemberRole::Editor, vec![]);
        let door = member(MemberRole::Door, vec![here]);
        for p in [Permission::Edit, Permission::ManageMembers, check_here] {
            assert!(owner.may(p), "{p:?}");
        }
        assert!(editor.may(Permission::Edit));
        assert!(editor.may(check_elsewhere));
        assert!(!editor.may(Permission::ManageMembers));
        assert!(door.may(check_here));
        assert!(!door.may(check_elsewhere));
        assert!(!door.may(Permission::Edit));
        assert!(!door.may(Permission::ManageMembers));
        assert!(matches!(
            door.require(Permission::Edit),
            Err(AppError::Forbidden(_))
        ));
    }

    #[test]
    fn another_organisations_things_are_not_found() {
        let m = member(MemberRole::Owner, vec![]);
        assert!(m.owns(m.organisation_id, "festival").is_ok());
        assert!(matches!(
            m.owns(Uuid::new_v4(), "festival"),
            Err(AppError::NotFound("festival"))
        ));
    }

    #[test]
    fn a_sign_in_leads_only_to_a_console_page() {
        assert_eq!(
            safe_next("/console/check-in/9b2f"),
            Some("/console/check-in/9b2f")
        );
        assert_eq!(
            safe_next("/console/door/9b2f?q=ana%20p"),
            Some("/console/door/9b2f?q=ana%20p")
        );
        for bad in [
            "https://evil.example/console/",
            "//evil.example/console/",
            "/console//evil.example",
            "/console/../r/x",
            "/r/reg_x",
            "/console/\r\nSet-Cookie:x",
            "/console/\\evil",
            "/console/%2e%2e/r/x",
            "/console/%2E%2E/r/x",
        ] {
            assert_eq!(safe_next(bad), None, "{bad}");
        }
    }

    #[test]
    fn short_codes_are_six_unambiguous_characters_stable_per_id() {
        let id = Uuid::new_v4();
        let code = short_code(id);
        assert_eq!(code.len(), 6);
        assert_eq!(code, short_code(id));
        assert!(code.bytes().all(|b| CROCKFORD.contains(&b)), "{code}");
        assert_eq!(
            short_code(Uuid::from_u128(0)),
            "000000",
            "the code is read from the id's first bits"
        );
        assert_eq!(
            short_code(Uuid::from_u128(u128::MAX)),
            "ZZZZZZ",
            "all thirty bits"
        );
    }

    #[test]
    fn ids_made_in_the_same_moment_get_codes_from_their_random_bits() {
        let at = |random: [u8; 10]| {
            uuid::Builder::from_unix_timestamp_millis(1_796_000_000_000, &random).into_uuid()
        };
        let mut tail = [0; 10];
        tail[4..8].copy_from_slice(&[0xff; 4]);
        assert_eq!(short_code(at([0; 10])), "000000");
        assert_eq!(short_code(at(tail)), "ZZZZZZ", "bits of bytes 10 to 13");
        assert_ne!(short_code(at([1; 10])), short_code(at([2; 10])));
    }

    #[test]
    fn the_door_finds_a_person_by_two_letters_of_any_name_or_by_code() {
        let id = Uuid::from_u128(0x1234_5678_9abc_def0_1234_5678_9abc_def0);
        let name = "Ana María Pérez";
        for typed in ["an", "AN", "pe", "Pér", "mar", "ana pe", "  pé  "] {
            assert!(door_matches(typed, name, id), "{typed}");
        }
        for typed in ["a", "", "na", "ana x", "ríaz"] {
            assert!(!door_matches(typed, name, id), "{typed}");
        }
        let code = short_code(id);
        assert!(door_matches(&code, name, id));
        assert!(door_matches(&code.to_lowercase(), name, id));
        let dashed = format!("{}-{}", &code[..3], &code[3..]);
        assert!(door_matches(&dashed, name, id));
        assert!(!door_matches("ZZZZZZ", name, Uuid::from_u128(0)));
    }

    #[test]
    fn letters_people_confuse_read_as_the_digits_they_look_like() {
        assert_eq!(code_of("o1l-i0"), "01110");
    }
}
