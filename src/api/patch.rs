//! PATCH bodies as JSON merge patches (RFC 7386): a field left out keeps its value, `null`
//! clears an optional one. The patch is merged into the resource's current input and the
//! result is parsed and validated once, as a whole input would be, so a resource has one field
//! list (its input type) and PATCH can never accept what POST refuses.

use std::{borrow::Cow, marker::PhantomData};

use poem_openapi::{
    registry::{MetaSchema, MetaSchemaRef, Registry},
    types::Type,
};
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use serde_json::{Map, Value};

use super::json_body;
use crate::error::{AppError, FieldError};

/// An input type that PATCH bodies change.
pub trait Patchable: Type + Serialize + DeserializeOwned {
    /// Fields set once, at creation, and left out of patches (a festival's slug: feeds and
    /// links are subscribed by it). A patch that names one is not refused, as a client may
    /// send back what it read, but the field keeps its value.
    const FIXED: &'static [&'static str] = &[];
    /// The patch's description in the OpenAPI document: what changing this resource does.
    const DESCRIPTION: &'static str;
}

/// The fields of `T` to change; see the module documentation.
pub struct MergePatch<T> {
    fields: Map<String, Value>,
    input: PhantomData<fn() -> T>,
}

impl<T: Patchable> MergePatch<T> {
    /// `current` with the patch's fields set, parsed again as a `T` (naming the field at fault).
    pub fn apply(self, current: T) -> Result<T, AppError> {
        let mut merged = match serde_json::to_value(current) {
            Ok(Value::Object(object)) => object,
            // Every input is a struct, which serde_json always writes as an object.
            _ => {
                return Err(sea_orm::DbErr::Custom(
                    "an input did not serialise to a JSON object".to_owned(),
                )
                .into());
            }
        };
        let nulls: Vec<String> = (self.fields.iter())
            .filter(|(_, v)| v.is_null())
            .map(|(k, _)| k.clone())
            .collect();
        merged.extend((self.fields.into_iter()).filter(|(k, _)| !T::FIXED.contains(&k.as_str())));
        let text = Value::Object(merged).to_string();
        json_body::parse::<T>(text.as_bytes()).map_err(|err| match err {
            // `null` for a field that must have a value: say so rather than "expected a string".
            AppError::Validation(errors) if errors.iter().all(|e| nulls.contains(&e.field)) => {
                AppError::Validation(
                    errors
                        .into_iter()
                        .map(|e| FieldError::new(e.field, "may not be null"))
                        .collect(),
                )
            }
            other => other,
        })
    }
}

impl<'de, T> Deserialize<'de> for MergePatch<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Self {
            fields: Map::deserialize(deserializer)?,
            input: PhantomData,
        })
    }
}

/// Documented as `T` with nothing required and without its fixed fields, named after it
/// (`EventInput` → `EventPatch`).
impl<T: Patchable> Type for MergePatch<T> {
    const IS_REQUIRED: bool = true;
    type RawValueType = Self;
    type RawElementValueType = Self;

    fn name() -> Cow<'static, str> {
        let input = T::name();
        Cow::Owned(match input.strip_suffix("Input") {
            Some(resource) => format!("{resource}Patch"),
            None => format!("{input}Patch"),
        })
    }

    fn schema_ref() -> MetaSchemaRef {
        MetaSchemaRef::Reference(Self::name().into_owned())
    }

    fn register(registry: &mut Registry) {
        T::register(registry);
        let input = match T::schema_ref() {
            MetaSchemaRef::Reference(name) => registry.schemas.get(&name).cloned(),
            MetaSchemaRef::Inline(schema) => Some(*schema),
        };
        registry.create_schema::<Self, _>(Self::name().into_owned(), |_| {
            let mut schema = input.unwrap_or_else(|| MetaSchema::new("object"));
            schema.required.clear();
            schema
                .properties
                .retain(|(name, _)| !T::FIXED.contains(name));
            // A field left out keeps its value: the input's defaults do not apply.
            for (_, property) in &mut schema.properties {
                if let MetaSchemaRef::Inline(property) = property {
                    property.default = None;
                }
            }
            schema.title = Some(Self::name().into_owned());
            schema.description = Some(T::DESCRIPTION);
            schema
        });
    }

    fn as_raw_value(&self) -> Option<&Self::RawValueType> {
        Some(self)
    }

    fn raw_element_iter<'a>(
        &'a self,
    ) -> Box<dyn Iterator<Item = &'a Self::RawElementValueType> + 'a> {
        Box::new(std::iter::once(self))
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Input {
        title: String,
        host: Option<String>,
        note: Option<String>,
        #[serde(default)]
        audience: Vec<String>,
    }

    impl Type for Input {
        const IS_REQUIRED: bool = true;
        type RawValueType = Self;
        type RawElementValueType = Self;

        fn name() -> Cow<'static, str> {
            "Input".into()
        }

        fn schema_ref() -> MetaSchemaRef {
            MetaSchemaRef::Reference("Input".to_owned())
        }

        fn as_raw_value(&self) -> Option<&Self> {
            Some(self)
        }

        fn raw_element_iter<'a>(&'a self) -> Box<dyn Iterator<Item = &'a Self> + 'a> {
            Box::new(std::iter::once(self))
        }
    }

    impl Patchable for Input {
        const FIXED: &'static [&'static str] = &["host"];
        const DESCRIPTION: &'static str = "A change to an input.";
    }

    fn current() -> Input {
        Input {
            title: "Robótica".to_owned(),
            host: Some("Biblioteca".to_owned()),
            note: Some("Trae tu portátil".to_owned()),
            audience: vec!["families".to_owned()],
        }
    }

    fn patch(json: &str) -> MergePatch<Input> {
        serde_json::from_str(json).expect("an object")
    }

    fn invalid(result: Result<Input, AppError>) -> Vec<(String, String)> {
        match result {
            Err(AppError::Validation(errors)) => {
                errors.into_iter().map(|e| (e.field, e.message)).collect()
            }
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn given_fields_replace_absent_ones_keep_null_clears_an_optional_one() {
        let merged = patch(r#"{"title": "Robots", "note": null}"#).apply(current());
        assert_eq!(
            merged.expect("valid"),
            Input {
                title: "Robots".to_owned(),
                host: Some("Biblioteca".to_owned()),
                note: None,
                audience: vec!["families".to_owned()],
            }
        );
        assert_eq!(patch("{}").apply(current()).expect("valid"), current());
    }

    #[test]
    fn a_fixed_field_keeps_its_value() {
        let merged = patch(r#"{"host": null, "title": "Robots"}"#).apply(current());
        assert_eq!(merged.expect("valid").host.as_deref(), Some("Biblioteca"));
    }

    #[test]
    fn null_for_a_field_that_must_have_a_value_is_named() {
        let errors = invalid(patch(r#"{"title": null}"#).apply(current()));
        assert_eq!(
            errors,
            vec![("title".to_owned(), "may not be null".to_owned())]
        );
        let errors = invalid(patch(r#"{"audience": null}"#).apply(current()));
        assert_eq!(errors[0].1, "may not be null");
    }

    #[test]
    fn a_wrong_type_is_named_as_in_a_whole_input() {
        let errors = invalid(patch(r#"{"title": 5}"#).apply(current()));
        assert_eq!(errors[0].0, "title");
        assert!(errors[0].1.contains("expected a string"), "{errors:?}");
    }
}
