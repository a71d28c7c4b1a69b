//! Who may do what. An admin manages everything; an organiser manages its own organisation's
//! venues, festivals and events; anyone may read what is published.

use uuid::Uuid;

use crate::error::AppError;

/// The holder of a valid token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Admin,
    Organiser { organisation_id: Uuid },
}

impl Actor {
    pub fn manages(&self, organisation_id: Uuid) -> bool {
        match self {
            Actor::Admin => true,
            Actor::Organiser {
                organisation_id: own,
            } => *own == organisation_id,
        }
    }

    /// The organisation that new venues and festivals belong to. Admin tokens belong to no
    /// organisation, so they cannot create them.
    pub fn own_organisation(&self) -> Result<Uuid, AppError> {
        match self {
            Actor::Organiser { organisation_id } => Ok(*organisation_id),
            Actor::Admin => Err(AppError::Forbidden(
                "admin tokens belong to no organisation; create this with an organiser token"
                    .to_owned(),
            )),
        }
    }

    pub fn require_admin(&self) -> Result<(), AppError> {
        match self {
            Actor::Admin => Ok(()),
            Actor::Organiser { .. } => {
                Err(AppError::Forbidden("this needs an admin token".to_owned()))
            }
        }
    }
}

/// Whether `viewer` may see something owned by `owner` that is public or not.
pub fn can_see(viewer: Option<&Actor>, owner: Uuid, public: bool) -> bool {
    public || viewer.is_some_and(|a| a.manages(owner))
}

/// Checks that `actor` may change something owned by `owner`. Someone who may not even see it
/// (a draft of another organisation) gets the same 404 as for something that does not exist.
pub fn authorize_change(
    actor: &Actor,
    owner: Uuid,
    public: bool,
    what: &'static str,
) -> Result<(), AppError> {
    if actor.manages(owner) {
        Ok(())
    } else if public {
        Err(AppError::Forbidden(format!(
            "this {what} belongs to another organisation"
        )))
    } else {
        Err(AppError::NotFound(what))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisers_manage_only_their_own() {
        let mine = Uuid::new_v4();
        let theirs = Uuid::new_v4();
        let me = Actor::Organiser {
            organisation_id: mine,
        };
        assert!(authorize_change(&me, mine, false, "festival").is_ok());
        assert!(matches!(
            authorize_change(&me, theirs, true, "festival"),
            Err(AppError::Forbidden(_))
        ));
        assert!(matches!(
            authorize_change(&me, theirs, false, "festival"),
            Err(AppError::NotFound(_))
        ));
        assert!(authorize_change(&Actor::Admin, theirs, false, "festival").is_ok());
    }

    #[test]
    fn drafts_are_visible_to_their_organisation_and_admins_only() {
        let owner = Uuid::new_v4();
        assert!(!can_see(None, owner, false));
        assert!(can_see(None, owner, true));
        assert!(can_see(
            Some(&Actor::Organiser {
                organisation_id: owner
            }),
            owner,
            false
        ));
        assert!(!can_see(
            Some(&Actor::Organiser {
                organisation_id: Uuid::new_v4()
            }),
            owner,
            false
        ));
        assert!(can_see(Some(&Actor::Admin), owner, false));
    }
}
