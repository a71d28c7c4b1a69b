//! Where things are: countries, timezones and coordinates.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use validator::ValidationError;

/// For `#[validate(custom(function = ...))]`: an ISO 3166-1 alpha-2 code, any case.
pub fn validate_country(code: &str) -> Result<(), ValidationError> {
    country_code(code).map(|_| ()).ok_or_else(|| {
        super::invalid(
            "country",
            "must be an ISO 3166-1 alpha-2 country code, e.g. EC",
        )
    })
}

/// The upper-case ISO 3166-1 alpha-2 code, if `code` is one.
pub fn country_code(code: &str) -> Option<String> {
    let upper = code.trim().to_ascii_uppercase();
    isocountry::CountryCode::for_alpha2(&upper)
        .ok()
        .map(|_| upper)
}

/// For `#[validate(custom(function = ...))]`: an IANA timezone name.
pub fn validate_timezone(name: &str) -> Result<(), ValidationError> {
    parse_timezone(name).map(|_| ()).ok_or_else(|| {
        super::invalid(
            "timezone",
            "must be an IANA timezone, e.g. America/Guayaquil",
        )
    })
}

pub fn parse_timezone(name: &str) -> Option<Tz> {
    name.parse::<Tz>().ok()
}

/// Latitude and longitude come together or not at all.
pub fn validate_coordinates(
    latitude: Option<f64>,
    longitude: Option<f64>,
) -> Result<(), ValidationError> {
    match (latitude, longitude) {
        (Some(_), None) | (None, Some(_)) => Err(super::invalid(
            "coordinates",
            "latitude and longitude must be given together",
        )),
        _ => Ok(()),
    }
}

/// The instant a local day begins in `tz`. Where a DST change skips midnight, the day begins at
/// the first instant that exists.
pub fn start_of_day(date: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let mut local = date.and_time(chrono::NaiveTime::MIN);
    for _ in 0..4 {
        if let Some(instant) = tz.from_local_datetime(&local).earliest() {
            return instant.with_timezone(&Utc);
        }
        local += chrono::Duration::minutes(30);
    }
    // No zone skips more than two hours; fall back to UTC midnight rather than panic.
    date.and_time(chrono::NaiveTime::MIN).and_utc()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_are_iso_alpha_2() {
        assert_eq!(country_code("ec").as_deref(), Some("EC"));
        assert_eq!(country_code("MX").as_deref(), Some("MX"));
        assert!(country_code("XX").is_none());
        assert!(country_code("ECU").is_none());
    }

    #[test]
    fn timezones_are_iana_names() {
        assert!(validate_timezone("America/Guayaquil").is_ok());
        assert!(validate_timezone("Mars/Olympus").is_err());
    }

    #[test]
    fn a_day_in_quito_starts_at_five_utc() {
        let tz = parse_timezone("America/Guayaquil").expect("known zone");
        let date = NaiveDate::from_ymd_opt(2027, 3, 8).expect("valid date");
        assert_eq!(
            start_of_day(date, tz).to_rfc3339(),
            "2027-03-08T05:00:00+00:00"
        );
    }

    #[test]
    fn a_day_whose_midnight_does_not_exist_starts_when_the_clock_resumes() {
        // Santiago de Chile springs forward at midnight: 2026-09-06 00:00 does not exist.
        let tz = parse_timezone("America/Santiago").expect("known zone");
        let date = NaiveDate::from_ymd_opt(2026, 9, 6).expect("valid date");
        assert_eq!(
            start_of_day(date, tz).to_rfc3339(),
            "2026-09-06T04:00:00+00:00"
        );
    }

    #[test]
    fn coordinates_come_in_pairs() {
        assert!(validate_coordinates(Some(-0.22), Some(-78.51)).is_ok());
        assert!(validate_coordinates(None, None).is_ok());
        assert!(validate_coordinates(Some(-0.22), None).is_err());
    }
}
