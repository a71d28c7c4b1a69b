//! `Date`: a calendar day, `YYYY-MM-DD` exactly (RFC 3339 `full-date`), documented as the
//! standard `format: date`. poem-openapi's `NaiveDate` documents the private format
//! `naive-date`, which no client or validator knows, and chrono's parser takes more than the
//! contract promises (`2027-3-9`, five-digit years).

use std::borrow::Cow;

use chrono::NaiveDate;
use poem_openapi::{
    registry::{MetaSchema, MetaSchemaRef},
    types::{ParseError, ParseFromJSON, ParseFromParameter, ParseResult, ToJSON, Type},
};
use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(pub NaiveDate);

impl Date {
    /// `YYYY-MM-DD` and nothing else, naming a day that exists.
    pub fn parse(text: &str) -> Option<Self> {
        let b = text.as_bytes();
        let digits = |range: std::ops::Range<usize>| b[range].iter().all(u8::is_ascii_digit);
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits(0..4) {
            return None;
        }
        if !digits(5..7) || !digits(8..10) {
            return None;
        }
        let number = |range: std::ops::Range<usize>| text[range].parse::<u32>().ok();
        let year = i32::try_from(number(0..4)?).ok()?;
        NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?).map(Self)
    }
}

impl From<NaiveDate> for Date {
    fn from(day: NaiveDate) -> Self {
        Self(day)
    }
}

const EXPECTED: &str = "a date as YYYY-MM-DD";

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Cow::<str>::deserialize(deserializer)?;
        Self::parse(&text)
            .ok_or_else(|| de::Error::invalid_value(de::Unexpected::Str(&text), &EXPECTED))
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0.format("%Y-%m-%d"))
    }
}

impl Type for Date {
    const IS_REQUIRED: bool = true;
    type RawValueType = Self;
    type RawElementValueType = Self;

    fn name() -> Cow<'static, str> {
        "string_date".into()
    }

    fn schema_ref() -> MetaSchemaRef {
        MetaSchemaRef::Inline(Box::new(MetaSchema::new_with_format("string", "date")))
    }

    fn as_raw_value(&self) -> Option<&Self> {
        Some(self)
    }

    fn raw_element_iter<'a>(&'a self) -> Box<dyn Iterator<Item = &'a Self> + 'a> {
        Box::new(self.as_raw_value().into_iter())
    }
}

impl ToJSON for Date {
    fn to_json(&self) -> Option<Value> {
        Some(Value::String(self.0.format("%Y-%m-%d").to_string()))
    }
}

impl ParseFromJSON for Date {
    fn parse_from_json(value: Option<Value>) -> ParseResult<Self> {
        match value.unwrap_or_default() {
            Value::String(text) => Self::parse(&text).ok_or_else(|| ParseError::custom(EXPECTED)),
            other => Err(ParseError::expected_type(other)),
        }
    }
}

impl ParseFromParameter for Date {
    fn parse_from_parameter(text: &str) -> ParseResult<Self> {
        Self::parse(text).ok_or_else(|| ParseError::custom(EXPECTED))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_full_dates_only() {
        assert_eq!(
            Date::parse("2027-03-09").map(|d| d.0),
            NaiveDate::from_ymd_opt(2027, 3, 9)
        );
        for bad in [
            "2027-3-9",
            "+2027-03-09",
            "2027-02-30",
            " 2027-03-09",
            "2027-03-0x",
            "٢٠٢٧-03-09",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }
}
