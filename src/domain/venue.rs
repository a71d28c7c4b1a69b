//! Venues: a place with an address, an optional capacity and accessibility features.

use uuid::Uuid;

use super::kinds::VenueFeature;

/// A venue as the organiser describes it, already validated and normalised.
#[derive(Debug, Clone, PartialEq)]
pub struct VenueSpec {
    pub name: String,
    pub address: String,
    pub city: String,
    /// ISO 3166-1 alpha-2, upper case.
    pub country: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub capacity: Option<i32>,
    pub accessibility: Vec<VenueFeature>,
    pub description: Option<String>,
}

impl VenueSpec {
    pub fn step_free(&self) -> bool {
        self.accessibility.contains(&VenueFeature::StepFreeAccess)
    }
}

/// An event already booked into a venue whose own capacity would no longer fit if the venue
/// shrank to `new_capacity`.
pub fn capacity_conflict(
    new_capacity: Option<i32>,
    largest_event: Option<(Uuid, String, i32)>,
) -> Option<String> {
    match (new_capacity, largest_event) {
        (Some(room), Some((id, title, seats))) if seats > room => Some(format!(
            "the event \u{201c}{title}\u{201d} ({id}) in this venue has capacity {seats}, more than {room}; lower it first"
        )),
        _ => None,
    }
}

/// What a change of venue means for the events it hosts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventsAffected {
    /// Nothing they show changed (capacity, description).
    No,
    /// Which filtered feeds list them changed (step-free access), not the events themselves.
    Listing,
    /// Their place changed (name, address, coordinates): a calendar must update the entry, so
    /// their `sequence` rises.
    Place,
}

pub fn events_affected(before: &VenueSpec, after: &VenueSpec) -> EventsAffected {
    let place = |v: &VenueSpec| {
        (
            v.name.clone(),
            v.address.clone(),
            v.city.clone(),
            v.country.clone(),
            v.latitude.map(f64::to_bits),
            v.longitude.map(f64::to_bits),
        )
    };
    if place(before) != place(after) {
        EventsAffected::Place
    } else if before.step_free() != after.step_free() {
        EventsAffected::Listing
    } else {
        EventsAffected::No
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_venue_cannot_shrink_below_an_event_it_hosts() {
        let id = Uuid::new_v4();
        let event = Some((id, "Taller".to_owned(), 30));
        assert!(
            capacity_conflict(Some(20), event.clone()).is_some_and(|m| m.contains(&id.to_string()))
        );
        assert!(capacity_conflict(Some(30), event.clone()).is_none());
        assert!(capacity_conflict(None, event).is_none());
        assert!(capacity_conflict(Some(5), None).is_none());
    }

    #[test]
    fn a_new_address_is_a_change_of_place_and_a_new_ramp_a_change_of_listing() {
        let before = VenueSpec {
            name: "Biblioteca".to_owned(),
            address: "Calle 1".to_owned(),
            city: "Quito".to_owned(),
            country: "EC".to_owned(),
            latitude: Some(-0.2),
            longitude: Some(-78.5),
            capacity: Some(40),
            accessibility: vec![],
            description: None,
        };
        let mut after = before.clone();
        after.capacity = Some(60);
        after.description = Some("Renovada".to_owned());
        assert_eq!(events_affected(&before, &after), EventsAffected::No);
        after.accessibility = vec![VenueFeature::StepFreeAccess];
        assert_eq!(events_affected(&before, &after), EventsAffected::Listing);
        after.address = "Calle 2".to_owned();
        assert_eq!(events_affected(&before, &after), EventsAffected::Place);
    }
}
