//! `Timezone`: a festival's IANA timezone, stored as its name and parsed once, when the row is
//! read: code holding a `Timezone` holds a zone chrono-tz knows, and a stored name it does not
//! know is an error naming it (never a silent UTC, which would move every event's local time).

use std::{fmt, str::FromStr};

use sea_orm::DeriveValueType;

#[derive(Debug, Clone, Copy, PartialEq, Eq, DeriveValueType)]
#[sea_orm(value_type = "String")]
pub struct Timezone(pub chrono_tz::Tz);

/// A name that is not an IANA timezone chrono-tz knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownTimezone(pub String);

impl fmt::Display for UnknownTimezone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown timezone {:?}", self.0)
    }
}

impl std::error::Error for UnknownTimezone {}

impl FromStr for Timezone {
    type Err = UnknownTimezone;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        name.parse()
            .map(Self)
            .map_err(|_| UnknownTimezone(name.to_owned()))
    }
}

impl fmt::Display for Timezone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.name())
    }
}

#[cfg(test)]
mod tests {
    use sea_orm::sea_query::{Value, ValueType};

    use super::*;

    #[test]
    fn stored_as_its_name_and_read_back() {
        let quito: Timezone = "America/Guayaquil".parse().expect("a zone");
        let stored = Value::from(quito);
        assert_eq!(stored, Value::from("America/Guayaquil"));
        assert_eq!(<Timezone as ValueType>::try_from(stored).ok(), Some(quito));
    }

    #[test]
    fn an_unknown_name_is_an_error_naming_it() {
        let err = "Mars/Olympus_Mons"
            .parse::<Timezone>()
            .expect_err("unknown");
        assert!(err.to_string().contains("Mars/Olympus_Mons"));
    }
}
