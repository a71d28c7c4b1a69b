//! DKIM signatures (RFC 6376), so that mail from a city's domain passes DMARC at the large
//! mailbox providers. The operator gives an RSA key (`CONVOCA_DKIM_KEY`: the PEM itself or its
//! path) and publishes its public half at `{selector}._domainkey.{domain}`; the domain is the
//! one of `CONVOCA_MAIL_FROM`, as DMARC alignment wants.
//!
//! lettre signs. Two of its limits shape this file: it reads only PKCS#1 PEM while OpenSSL 3
//! writes PKCS#8, so PKCS#8 is converted here; and its `simple` header canonicalization yields
//! signatures that no verifier accepts (the signature header is hashed on one line and sent
//! folded), so headers are signed `relaxed`.

use std::path::Path;

use anyhow::{Context, bail};
use lettre::{
    Message,
    message::{
        Mailbox,
        dkim::{
            DkimCanonicalization, DkimCanonicalizationType, DkimConfig, DkimSigningAlgorithm,
            DkimSigningKey, dkim_sign,
        },
        header::HeaderName,
    },
};
use rsa::{
    RsaPrivateKey,
    pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey, LineEnding},
    pkcs8::DecodePrivateKey,
};

use crate::config::Secret;

/// The headers signed, when a message has them. A header named here but absent is signed as
/// absent (RFC 6376 §5.4), so nobody can add a `Reply-To` or a `List-Unsubscribe` on the way.
/// Not `Content-Type`: lettre writes a multipart's type with its body, so its signer would
/// sign it as absent while the message carries one, and no verifier would accept that.
const SIGNED: [&str; 11] = [
    "From",
    "To",
    "Subject",
    "Date",
    "Message-ID",
    "Reply-To",
    "MIME-Version",
    "Content-Language",
    "Auto-Submitted",
    "List-Unsubscribe",
    "List-Unsubscribe-Post",
];

/// Signs messages with one key for one domain.
pub struct Signer {
    config: DkimConfig,
    /// `{selector}._domainkey.{domain}`, for the start-up log line.
    pub record: String,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("record", &self.record)
            .finish()
    }
}

impl Signer {
    /// The signer for `setting` (a PEM key, or the path of a file holding one). Errors name
    /// the variable and what is wrong, never the key.
    pub fn load(setting: &Secret, selector: &str, from: &Mailbox) -> anyhow::Result<Self> {
        let text = setting.0.trim();
        let pem = if text.starts_with("-----BEGIN") {
            text.to_owned()
        } else {
            match std::fs::read_to_string(Path::new(text)) {
                Ok(pem) => pem,
                Err(e) if looks_like_a_path(text) => {
                    bail!("CONVOCA_DKIM_KEY: cannot read the key file {text}: {e}")
                }
                // Perhaps a key without its PEM header, or quoted: never echoed.
                Err(_) => bail!(
                    "CONVOCA_DKIM_KEY: neither a PEM key (-----BEGIN …) nor a file that can be read"
                ),
            }
        };
        let pkcs1 = pkcs1_pem(&pem)?;
        let key = DkimSigningKey::new(&pkcs1, DkimSigningAlgorithm::Rsa)
            .map_err(|_| anyhow::anyhow!("CONVOCA_DKIM_KEY: lettre cannot use this RSA key"))?;
        let domain = from.email.domain().to_ascii_lowercase();
        let config = DkimConfig::new(
            selector.to_owned(),
            domain.clone(),
            key,
            SIGNED
                .into_iter()
                .map(HeaderName::new_from_ascii_str)
                .collect(),
            DkimCanonicalization {
                header: DkimCanonicalizationType::Relaxed,
                body: DkimCanonicalizationType::Relaxed,
            },
        );
        let signer = Self {
            config,
            record: format!("{selector}._domainkey.{domain}"),
        };
        signer.probe(from)?;
        Ok(signer)
    }

    /// Adds the `DKIM-Signature` header.
    pub fn sign(&self, message: &mut Message) {
        dkim_sign(message, &self.config);
    }

    /// Signs a message once at start-up: lettre's signing unwraps the RSA operation, so a key
    /// it cannot sign with should stop the service now, not panic on every email.
    fn probe(&self, from: &Mailbox) -> anyhow::Result<()> {
        let mut message = Message::builder()
            .from(from.clone())
            .to(from.clone())
            .subject("probe")
            .body(String::from("probe"))
            .context("CONVOCA_DKIM_KEY: building a probe message")?;
        let signed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.sign(&mut message);
        }));
        if signed.is_err() {
            bail!("CONVOCA_DKIM_KEY: signing a test message with this key fails");
        }
        Ok(())
    }
}

/// Whether a setting that names no readable file can be shown in an error: a short line
/// holding a character base64 never does (`.`, `-`, `_`). Key material (base64, perhaps
/// without its PEM header) never is.
fn looks_like_a_path(text: &str) -> bool {
    let base64 = |c: char| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=');
    text.len() <= 255
        && !text.chars().any(|c| c.is_whitespace() || c.is_control())
        && text.chars().any(|c| !base64(c))
}

/// Verifiers refuse RSA keys under 1024 bits (RFC 8301).
const MIN_KEY_BYTES: usize = 1024 / 8;

/// An RSA private key as PKCS#1 PEM, from PKCS#1 (`BEGIN RSA PRIVATE KEY`) or PKCS#8
/// (`BEGIN PRIVATE KEY`, what OpenSSL 3 writes).
fn pkcs1_pem(pem: &str) -> anyhow::Result<String> {
    let key = RsaPrivateKey::from_pkcs1_pem(pem)
        .or_else(|_| RsaPrivateKey::from_pkcs8_pem(pem))
        .map_err(|_| {
            anyhow::anyhow!(
                "CONVOCA_DKIM_KEY: not an unencrypted RSA private key in PEM \
                 (BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY)"
            )
        })?;
    if rsa::traits::PublicKeyParts::size(&key) < MIN_KEY_BYTES {
        bail!("CONVOCA_DKIM_KEY: the key is under 1024 bits, which verifiers refuse (RFC 8301)");
    }
    let pkcs1 = key
        .to_pkcs1_pem(LineEnding::LF)
        .map_err(|_| anyhow::anyhow!("CONVOCA_DKIM_KEY: the key cannot be written as PKCS#1"))?;
    Ok(pkcs1.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = include_str!("../../tests/fixtures/dkim-test-key.pem");

    fn from() -> Mailbox {
        "Quito Aprende <no-reply@quito.example>"
            .parse()
            .expect("a mailbox")
    }

    #[test]
    fn pkcs8_and_pkcs1_keys_both_sign_for_the_senders_domain() {
        let pkcs8 = Signer::load(&Secret(KEY.to_owned()), "convoca", &from()).expect("PKCS#8");
        assert_eq!(pkcs8.record, "convoca._domainkey.quito.example");
        let pkcs1 = pkcs1_pem(KEY).expect("converted");
        assert!(pkcs1.starts_with("-----BEGIN RSA PRIVATE KEY-----"));
        Signer::load(&Secret(pkcs1), "s2026", &from()).expect("PKCS#1");
    }

    #[test]
    fn a_bad_key_is_named_without_being_shown() {
        let broken = KEY.replace('A', "B");
        for bad in ["-----BEGIN PRIVATE KEY-----\nnot a key\n", broken.as_str()] {
            let error = Signer::load(&Secret(bad.to_owned()), "convoca", &from())
                .expect_err("refused")
                .to_string();
            assert!(error.starts_with("CONVOCA_DKIM_KEY:"), "{error}");
            let body = bad.lines().nth(1).unwrap_or_default();
            assert!(!error.contains(body), "{error}");
        }
        let missing = Signer::load(&Secret("/nonexistent/dkim.pem".to_owned()), "c", &from())
            .expect_err("refused")
            .to_string();
        assert!(missing.contains("/nonexistent/dkim.pem"), "{missing}");
        // Key material without its header, or quoted, is not taken for a path and shown.
        let body: String = KEY.lines().skip(1).take(3).collect();
        for pasted in [body.clone(), format!("\"{KEY}\"")] {
            let error = Signer::load(&Secret(pasted), "c", &from())
                .expect_err("refused")
                .to_string();
            assert!(!error.contains(&body[..40]), "{error}");
        }
    }

    #[test]
    fn a_key_verifiers_would_refuse_is_refused_at_start() {
        let weak = include_str!("../../tests/fixtures/dkim-weak-key.pem");
        let error = Signer::load(&Secret(weak.to_owned()), "convoca", &from())
            .expect_err("512 bits")
            .to_string();
        assert!(error.contains("1024 bits"), "{error}");
    }

    #[test]
    fn a_signed_message_carries_the_signature_over_its_headers() {
        let signer = Signer::load(&Secret(KEY.to_owned()), "convoca", &from()).expect("a key");
        let mut message = Message::builder()
            .from(from())
            .to("rosa@example.org".parse().expect("a mailbox"))
            .subject("Confirmación")
            .body(String::from("Hola"))
            .expect("a message");
        signer.sign(&mut message);
        let raw = String::from_utf8(message.formatted()).expect("UTF-8");
        assert!(raw.starts_with("DKIM-Signature: ") || raw.contains("\r\nDKIM-Signature: "));
        assert!(raw.contains("d=quito.example"), "{raw}");
        assert!(raw.contains("s=convoca"), "{raw}");
        assert!(raw.contains("c=relaxed/relaxed"), "{raw}");
    }
}
