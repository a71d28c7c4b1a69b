//! PATCH bodies: a field left out keeps its value, `null` clears an optional field.

use poem_openapi::types::MaybeUndefined;

use crate::error::FieldError;

/// Applies a patch to a required field: absent keeps it, `null` is refused.
pub fn required<T>(
    field: &'static str,
    patch: MaybeUndefined<T>,
    target: &mut T,
    errors: &mut Vec<FieldError>,
) {
    match patch {
        MaybeUndefined::Value(value) => *target = value,
        MaybeUndefined::Null => errors.push(FieldError::new(field, "may not be null")),
        MaybeUndefined::Undefined => {}
    }
}

/// Applies a patch to an optional field: absent keeps it, `null` clears it.
pub fn optional<T>(patch: MaybeUndefined<T>, target: &mut Option<T>) {
    match patch {
        MaybeUndefined::Value(value) => *target = Some(value),
        MaybeUndefined::Null => *target = None,
        MaybeUndefined::Undefined => {}
    }
}
