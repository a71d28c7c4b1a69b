//! `Timestamp`: an instant that leaves the API as RFC 3339 in UTC with a `Z`
//! (`2027-03-09T15:00:00Z`), as the contract says; poem-openapi's own `DateTime<Utc>` writes
//! `+00:00`.

use std::borrow::Cow;

use chrono::{DateTime, SecondsFormat, Utc};
use poem_openapi::{
    registry::{MetaSchema, MetaSchemaRef},
    types::{ParseError, ParseFromJSON, ParseResult, ToJSON, Type},
};
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp(pub DateTime<Utc>);

impl From<DateTime<Utc>> for Timestamp {
    fn from(instant: DateTime<Utc>) -> Self {
        Self(instant)
    }
}

impl Type for Timestamp {
    const IS_REQUIRED: bool = true;
    type RawValueType = Self;
    type RawElementValueType = Self;

    fn name() -> Cow<'static, str> {
        "string_date-time".into()
    }

    fn schema_ref() -> MetaSchemaRef {
        MetaSchemaRef::Inline(Box::new(MetaSchema::new_with_format("string", "date-time")))
    }

    fn as_raw_value(&self) -> Option<&Self> {
        Some(self)
    }

    fn raw_element_iter<'a>(&'a self) -> Box<dyn Iterator<Item = &'a Self> + 'a> {
        Box::new(self.as_raw_value().into_iter())
    }
}

impl ToJSON for Timestamp {
    fn to_json(&self) -> Option<Value> {
        Some(Value::String(
            self.0.to_rfc3339_opts(SecondsFormat::AutoSi, true),
        ))
    }
}

impl ParseFromJSON for Timestamp {
    fn parse_from_json(value: Option<Value>) -> ParseResult<Self> {
        match value.unwrap_or_default() {
            Value::String(text) => Ok(Self(DateTime::parse_from_rfc3339(&text)?.to_utc())),
            other => Err(ParseError::expected_type(other)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_utc_with_a_z() {
        let t = DateTime::parse_from_rfc3339("2027-03-09T10:00:00-05:00")
            .expect("valid")
            .to_utc();
        assert_eq!(
            Timestamp(t).to_json(),
            Some(Value::String("2027-03-09T15:00:00Z".to_owned()))
        );
    }
}
