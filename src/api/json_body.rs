//! `JsonBody<T>`: a JSON request body parsed with serde, so that a malformed field is reported
//! by name. poem-openapi's own `Json<T>` reports type errors without the field's path, which a
//! 422 that must name the field cannot use. The OpenAPI schema still comes from `T: Type`.

use poem::{Request, RequestBody};
use poem_openapi::{
    impl_apirequest_for_payload,
    payload::{Json, ParsePayload, Payload},
    registry::{MetaSchemaRef, Registry},
    types::Type,
};
use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_path_to_error::Segment;

use crate::error::{AppError, FieldError};

/// Larger bodies are refused with 413: the largest legitimate one (an event with a long
/// description) is a few tens of kilobytes.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// A JSON body; see the module documentation.
pub struct JsonBody<T>(pub T);

impl<T: Type> Payload for JsonBody<T> {
    const CONTENT_TYPE: &'static str = "application/json; charset=utf-8";

    fn check_content_type(content_type: &str) -> bool {
        <Json<T> as Payload>::check_content_type(content_type)
    }

    fn schema_ref() -> MetaSchemaRef {
        T::schema_ref()
    }

    fn register(registry: &mut Registry) {
        T::register(registry);
    }
}

impl<T: DeserializeOwned + Type + Send> ParsePayload for JsonBody<T> {
    const IS_REQUIRED: bool = true;

    async fn from_request(_request: &Request, body: &mut RequestBody) -> poem::Result<Self> {
        let data = body.take()?.into_bytes_limit(MAX_BODY_BYTES).await?;
        parse(&data).map(JsonBody).map_err(Into::into)
    }
}

impl_apirequest_for_payload!(JsonBody<T>, T: DeserializeOwned + Type + Send);

/// Parses `data` as a `T`, naming the field at fault.
pub fn parse<T: DeserializeOwned>(data: &[u8]) -> Result<T, AppError> {
    // Every body of this API is an object; serde would take `[]` for a struct whose fields all
    // have defaults (a PATCH), so say it plainly instead.
    if data.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(AppError::invalid("body", "must be a JSON object"));
    }
    // PostgreSQL cannot store NUL in text; refuse it here rather than fail in the database.
    if contains_escaped_nul(data) {
        return Err(AppError::invalid(
            "body",
            "text may not contain NUL characters",
        ));
    }
    let mut de = serde_json::Deserializer::from_slice(data);
    let first = match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Ok(value) => {
            // Trailing garbage after the object is as broken as a truncated one.
            return de
                .end()
                .map(|()| value)
                .map_err(|e| AppError::invalid("body", strip_position(&e.to_string())));
        }
        Err(err) => err,
    };
    // serde stops at the first bad field. A person correcting a form wants every problem at
    // once, so the body is read again as a JSON value and each bad or missing field, in the
    // order the value is read, is stood in for by a value of the right type, until the rest
    // reads or nothing more can be learnt. (Read from the value, not the text: the two orders
    // differ, and a stand-in is judged by the next fault coming after its own.)
    // Each stand-in costs a few reads of the body: only for bodies a form or a person sends.
    if data.len() > COLLECT_BELOW_BYTES {
        return Err(AppError::Validation(vec![field_error(&first)]));
    }
    let Ok(mut value) = serde_json::from_slice::<Value>(data) else {
        return Err(AppError::Validation(vec![field_error(&first)]));
    };
    let mut errors = Vec::new();
    let mut reported: Vec<Vec<String>> = Vec::new();
    let mut fault = match serde_path_to_error::deserialize::<_, T>(&value) {
        Ok(_) => return Err(AppError::Validation(vec![field_error(&first)])),
        Err(err) => err,
    };
    for _ in 0..MAX_ROUNDS {
        let Some(path) = fault_path(&fault) else {
            errors.push(field_error(&fault));
            break;
        };
        // A field inside one already reported (a missing `address`, then its `city`) adds
        // nothing a person can act on.
        let spelt = spelled(&path);
        if !reported.iter().any(|r| spelt.starts_with(r)) {
            errors.push(field_error(&fault));
            reported.push(spelt);
        }
        if errors.len() >= MAX_REPORTED || !stand_in::<T>(&mut value, &path) {
            break;
        }
        match serde_path_to_error::deserialize::<_, T>(&value) {
            Ok(_) => break,
            Err(next) => fault = next,
        }
    }
    // In field order, as the other validation answers are.
    errors.sort_by(|a, b| a.field.cmp(&b.field));
    Err(AppError::Validation(errors))
}

/// The most problems one answer reports.
const MAX_REPORTED: usize = 32;

/// The most stand-ins tried for one body, whatever is reported: a bound on the work a bad
/// body can cause, also where faults nest without end.
const MAX_ROUNDS: usize = 64;

/// Larger bodies get the first fault only (the largest form is a few kilobytes).
const COLLECT_BELOW_BYTES: usize = 64 * 1024;

/// The field at fault in `err` and what is wrong with it.
fn field_error(err: &serde_path_to_error::Error<serde_json::Error>) -> FieldError {
    let path = err.path().to_string();
    let message = err.inner().to_string();
    let (field, message) = match missing_field(&message) {
        // serde reports a missing field at its parent; name the field itself.
        Some(name) if path == "." => (name.to_owned(), "is required".to_owned()),
        Some(name) => (format!("{path}.{name}"), "is required".to_owned()),
        None if path == "." => ("body".to_owned(), strip_position(&message).to_owned()),
        None => (path, strip_position(&message).to_owned()),
    };
    FieldError::new(field, message)
}

/// Where in the JSON value the fault of `err` is, as object keys and array indexes; `None` when
/// it is the body as a whole.
fn fault_path(err: &serde_path_to_error::Error<serde_json::Error>) -> Option<Vec<Segment>> {
    let mut path: Vec<Segment> = err.path().iter().cloned().collect();
    if let Some(name) = missing_field(&err.inner().to_string()) {
        path.push(Segment::Map {
            key: name.to_owned(),
        });
    }
    let addressable = path
        .iter()
        .all(|s| matches!(s, Segment::Map { .. } | Segment::Seq { .. }));
    (!path.is_empty() && addressable).then_some(path)
}

/// Puts at `path` the first stand-in value with which `T` gets past that place, and says
/// whether there was one.
fn stand_in<T: DeserializeOwned>(value: &mut Value, path: &[Segment]) -> bool {
    let candidates = [
        Value::Null,
        Value::Bool(false),
        Value::from(1),
        Value::from(""),
        Value::Array(Vec::new()),
        Value::Object(serde_json::Map::new()),
    ];
    for candidate in candidates {
        if !set(value, path, candidate) {
            return false;
        }
        match serde_path_to_error::deserialize::<_, T>(&*value) {
            Ok(_) => return true,
            Err(err) if fault_path(&err).map(|p| spelled(&p)) != Some(spelled(path)) => {
                return true;
            }
            Err(_) => {}
        }
    }
    false
}

/// A path as comparable text (`Segment` has no equality).
fn spelled(path: &[Segment]) -> Vec<String> {
    path.iter().map(ToString::to_string).collect()
}

/// Sets the value at `path`, making the last object key if it is missing.
fn set(value: &mut Value, path: &[Segment], new: Value) -> bool {
    let Some((last, parents)) = path.split_last() else {
        return false;
    };
    let mut here = value;
    for segment in parents {
        here = match (segment, here) {
            (Segment::Map { key }, Value::Object(map)) => match map.get_mut(key) {
                Some(next) => next,
                None => return false,
            },
            (Segment::Seq { index }, Value::Array(items)) => match items.get_mut(*index) {
                Some(next) => next,
                None => return false,
            },
            _ => return false,
        };
    }
    match (last, here) {
        (Segment::Map { key }, Value::Object(map)) => {
            map.insert(key.clone(), new);
            true
        }
        (Segment::Seq { index }, Value::Array(items)) => match items.get_mut(*index) {
            Some(slot) => {
                *slot = new;
                true
            }
            None => false,
        },
        _ => false,
    }
}

/// Whether a JSON text holds the escape `\u0000` (an unescaped NUL is not valid JSON at all).
fn contains_escaped_nul(data: &[u8]) -> bool {
    data.windows(6).enumerate().any(|(at, w)| {
        w[0] == b'\\'
            && w[1] == b'u'
            && &w[2..] == b"0000"
            // An even run of backslashes before it means this one is itself escaped text.
            && data[..at].iter().rev().take_while(|b| **b == b'\\').count() % 2 == 0
    })
}

fn missing_field(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.split('`').next()
}

/// serde_json appends " at line 1 column 17"; the field name already says where.
fn strip_position(message: &str) -> &str {
    message
        .rsplit_once(" at line ")
        .map_or(message, |(head, _)| head)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Venue {
        name: String,
        capacity: Option<u32>,
        address: Address,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Address {
        city: String,
    }

    fn field_of(json: &str) -> (String, String) {
        match parse::<Venue>(json.as_bytes()) {
            Err(AppError::Validation(errors)) => {
                (errors[0].field.clone(), errors[0].message.clone())
            }
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn names_the_field_of_a_type_error() {
        let (field, message) =
            field_of(r#"{"name":"x","capacity":"many","address":{"city":"Quito"}}"#);
        assert_eq!(field, "capacity");
        assert!(message.starts_with("invalid type"), "{message}");
    }

    #[test]
    fn names_a_missing_field_even_when_nested() {
        assert_eq!(
            field_of(r#"{"address":{"city":"Quito"}}"#),
            ("name".to_owned(), "is required".to_owned())
        );
        assert_eq!(field_of(r#"{"name":"x","address":{}}"#).0, "address.city");
    }

    fn fields_of(json: &str) -> Vec<String> {
        match parse::<Venue>(json.as_bytes()) {
            Err(AppError::Validation(errors)) => errors.into_iter().map(|e| e.field).collect(),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn reports_every_bad_or_missing_field_at_once() {
        assert_eq!(
            fields_of(r#"{"name":3,"capacity":"many","address":{"city":false}}"#),
            ["address.city", "capacity", "name"]
        );
        assert_eq!(
            fields_of(r#"{"capacity":-1}"#),
            ["address", "capacity", "name"]
        );
        assert_eq!(fields_of(r#"{"address":{}}"#), ["address.city", "name"]);
    }

    #[test]
    fn refuses_nul_characters_but_not_the_text_that_spells_them() {
        assert_eq!(field_of(r#"{"name":"x\u0000y"}"#).0, "body");
        assert!(!contains_escaped_nul(br#"{"name":"x\\u0000y"}"#));
    }

    #[test]
    fn reports_broken_json_against_the_body() {
        assert_eq!(field_of("not json").0, "body");
        assert_eq!(field_of("[]").0, "body");
        assert_eq!(
            field_of(r#"{"name":"x","address":{"city":"Q"}} trailing"#).0,
            "body"
        );
    }
}
