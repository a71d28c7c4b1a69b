//! `?limit=&offset=` and the `{items,total,limit,offset}` body every list returns.

use crate::store::Page;

pub const DEFAULT_LIMIT: u64 = 50;
pub const MAX_LIMIT: u64 = 200;

/// The page a list request asks for. A limit above the maximum is lowered to it (the body's
/// `limit` says so) rather than refused.
pub fn page(limit: Option<u64>, offset: Option<u64>) -> Page {
    Page {
        limit: limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT),
        // Databases take a signed 64-bit offset; anything beyond is past the end anyway.
        offset: offset.unwrap_or(0).min(i64::MAX as u64),
    }
}

/// Declares the list body of one resource (poem-openapi objects cannot be generic without
/// naming every instance anyway).
macro_rules! list_body {
    ($name:ident, $item:ty) => {
        #[derive(Debug, poem_openapi::Object)]
        pub struct $name {
            pub items: Vec<$item>,
            /// How many match, over all pages.
            pub total: u64,
            pub limit: u64,
            pub offset: u64,
        }

        impl $name {
            pub fn new(items: Vec<$item>, total: u64, page: $crate::store::Page) -> Self {
                Self {
                    items,
                    total,
                    limit: page.limit,
                    offset: page.offset,
                }
            }
        }
    };
}
pub(crate) use list_body;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_default_and_clamp() {
        assert_eq!(
            page(None, None),
            Page {
                limit: 50,
                offset: 0
            }
        );
        assert_eq!(
            page(Some(1000), Some(10)),
            Page {
                limit: 200,
                offset: 10
            }
        );
        assert_eq!(page(Some(0), None).limit, 1);
        assert_eq!(page(None, Some(u64::MAX)).offset, i64::MAX as u64);
    }
}
