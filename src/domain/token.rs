//! API tokens: random secrets of which only a hash is kept.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The installation's key for the links that open a person's data: a registration's manage
/// token and a person's calendar-feed token are HMACs of their ids under this key. The
/// database keeps only the tokens' hashes, yet every later email (a reminder, a change
/// notice) can carry the same working links; and since the key is kept outside the database
/// by default, a copy of the database alone opens nothing.
#[derive(Clone)]
pub struct ManageKey(Vec<u8>);

impl std::fmt::Debug for ManageKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ManageKey(…)")
    }
}

impl ManageKey {
    pub fn new(secret: &[u8]) -> Self {
        Self(secret.to_vec())
    }

    /// A fresh random key, as text to store.
    pub fn generate() -> String {
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// The manage token of registration `id` (256 bits, `reg_` prefix).
    pub fn token_for(&self, id: Uuid) -> String {
        self.derive("reg_", &[id.as_bytes()])
    }

    /// The calendar-feed token of person `id` (256 bits, `cal_` prefix). The `feed:` label
    /// keeps it apart from any manage token, whatever the ids.
    pub fn feed_token_for(&self, id: Uuid) -> String {
        self.derive("cal_", &[b"feed:", id.as_bytes()])
    }

    /// The one-time sign-in token of console sign-in link `id` (256 bits, `sgn_` prefix): its
    /// email is written from the link's row, which keeps only the token's hash.
    pub fn sign_in_token_for(&self, id: Uuid) -> String {
        self.derive("sgn_", &[b"sign-in:", id.as_bytes()])
    }

    /// The key that seals the pages' anti-forgery (CSRF) tokens: derived from this key, so
    /// every instance behind a load balancer accepts the forms the others served.
    pub fn form_key(&self) -> [u8; 32] {
        let mut key = [0u8; 32];
        if let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.0) {
            mac.update(b"csrf:");
            key.copy_from_slice(&mac.finalize().into_bytes());
        }
        key
    }

    fn derive(&self, prefix: &str, parts: &[&[u8]]) -> String {
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.0) else {
            // HMAC accepts keys of any length; this branch exists only to avoid a panic path.
            return format!("{prefix}unavailable");
        };
        for part in parts {
            mac.update(part);
        }
        format!(
            "{prefix}{}",
            URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
        )
    }
}

/// A new token and the hash to store. 256 random bits from the OS generator; the prefix makes a
/// leaked token easy to recognise (and to search for in logs and repositories).
pub fn generate() -> (String, String) {
    generate_with_prefix("cvk_")
}

/// A new secret with `prefix` (`reg_` for a registration's manage token, `cal_` for a
/// person's feed) and its hash.
pub fn generate_with_prefix(prefix: &str) -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes));
    let hash = hash(&token);
    (token, hash)
}

/// SHA-256 in hex. A fast hash is right here: tokens have 256 bits of entropy, so there is
/// nothing to brute-force, and it is computed on every authenticated request.
pub fn hash(token: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(token.as_bytes());
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 15)] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unique_and_only_their_hash_is_needed() {
        let (a, hash_a) = generate();
        let (b, _) = generate();
        assert_ne!(a, b);
        assert!(a.starts_with("cvk_") && a.len() > 40);
        assert_eq!(hash(&a), hash_a);
        assert_eq!(hash_a.len(), 64);
        assert!(!hash_a.contains(&a[4..]));
    }

    #[test]
    fn manage_tokens_are_stable_per_registration_and_key() {
        let (id, other) = (Uuid::new_v4(), Uuid::new_v4());
        let key = ManageKey::new(b"one key");
        assert_eq!(key.token_for(id), key.token_for(id));
        assert_ne!(key.token_for(id), key.token_for(other));
        assert_ne!(key.token_for(id), ManageKey::new(b"another").token_for(id));
        assert!(key.token_for(id).starts_with("reg_") && key.token_for(id).len() == 47);
    }

    #[test]
    fn feed_tokens_are_derived_apart_from_manage_tokens() {
        let id = Uuid::new_v4();
        let key = ManageKey::new(b"one key");
        assert_eq!(key.feed_token_for(id), key.feed_token_for(id));
        assert!(key.feed_token_for(id).starts_with("cal_"));
        assert_ne!(key.feed_token_for(id)[4..], key.token_for(id)[4..]);
        assert_ne!(
            key.feed_token_for(id),
            ManageKey::new(b"another").feed_token_for(id)
        );
    }

    #[test]
    fn sign_in_tokens_are_derived_apart_from_the_others() {
        let id = Uuid::new_v4();
        let key = ManageKey::new(b"one key");
        let token = key.sign_in_token_for(id);
        assert!(token.starts_with("sgn_"));
        assert_eq!(token, key.sign_in_token_for(id));
        assert_ne!(token[4..], key.token_for(id)[4..]);
        assert_ne!(token[4..], key.feed_token_for(id)[4..]);
        assert_ne!(token, ManageKey::new(b"another").sign_in_token_for(id));
    }
}
