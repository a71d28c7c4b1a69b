//! DKIM: mail signed with the operator's key, checked by a verifier that is not lettre's
//! (Stalwart's `mail-auth`) against the public key an operator would publish in DNS, given
//! here in memory.

use std::{borrow::Borrow, collections::HashMap, hash::Hash, sync::Mutex, time::Instant};

use base64::Engine;
use chrono::Utc;
use convoca::jobs::tick;
use mail_auth::{
    AuthenticatedMessage, DkimResult, MessageAuthenticator, Parameters, ResolverCache, Txt,
    common::{parse::TxtRecordParser, verify::DomainKey},
    hickory_resolver::config::{ResolverConfig, ResolverOpts},
};
use rsa::{
    RsaPrivateKey,
    pkcs8::{DecodePrivateKey, EncodePublicKey},
};
use serde_json::json;

use crate::{
    helpers::{MailTo, backends, spawn_app_with_env},
    smtp::SmtpServer,
};

const KEY: &str = include_str!("../fixtures/dkim-test-key.pem");

/// TXT records in memory, where mail-auth looks before asking DNS.
struct Records(Mutex<HashMap<Box<str>, Txt>>);

impl ResolverCache<Box<str>, Txt> for Records {
    fn get<Q: Hash + Eq + ?Sized>(&self, key: &Q) -> Option<Txt>
    where
        Box<str>: Borrow<Q>,
    {
        self.0.lock().expect("records").get(key).cloned()
    }

    fn remove<Q: Hash + Eq + ?Sized>(&self, key: &Q) -> Option<Txt>
    where
        Box<str>: Borrow<Q>,
    {
        self.0.lock().expect("records").remove(key)
    }

    fn insert(&self, key: Box<str>, value: Txt, _valid_until: Instant) {
        self.0.lock().expect("records").insert(key, value);
    }
}

/// The TXT record an operator publishes for the test key.
fn published_record() -> String {
    let key = RsaPrivateKey::from_pkcs8_pem(KEY).expect("the test key");
    let public = key
        .to_public_key()
        .to_public_key_der()
        .expect("a public key");
    format!(
        "v=DKIM1; k=rsa; p={}",
        base64::engine::general_purpose::STANDARD.encode(public.as_bytes())
    )
}

/// Every signature's result, with `record` published at `name` and nothing else in DNS (no
/// name servers: a lookup elsewhere fails at once).
async fn verify(raw: &[u8], name: &str, record: &str) -> Vec<DkimResult> {
    let key = DomainKey::parse(record.as_bytes()).expect("a DKIM record");
    let records = Records(Mutex::new(HashMap::from([(
        Box::<str>::from(format!("{name}.")),
        Txt::from(key),
    )])));
    let verifier = MessageAuthenticator::new(
        ResolverConfig::from_name_servers(vec![]),
        ResolverOpts::default(),
    )
    .expect("a verifier");
    let message = AuthenticatedMessage::parse(raw).expect("a message");
    verifier
        .verify_dkim(Parameters::new(&message).with_txt_cache(&records))
        .await
        .into_iter()
        .map(|output| output.result().clone())
        .collect()
}

#[tokio::test]
async fn every_email_is_signed_for_the_senders_domain_and_verifies() {
    let dir = tempfile::tempdir().expect("a directory");
    let path = dir.path().join("dkim.pem");
    std::fs::write(&path, KEY).expect("the key file");
    let path = path.display().to_string();
    for backend in backends() {
        let smtp = SmtpServer::start();
        let app = spawn_app_with_env(
            backend,
            MailTo::Smtp(smtp.url()),
            &[
                ("CONVOCA_DKIM_KEY", &path),
                ("CONVOCA_DKIM_SELECTOR", "agenda2027"),
                (
                    "CONVOCA_MAIL_FROM",
                    "Quito Aprende <no-reply@quito.example>",
                ),
            ],
        )
        .await;
        let token = app.organiser("quito").await;
        app.festival(&token, "fa", json!({})).await;
        let event = app.event(&token, "fa", json!({"capacity": 5})).await;
        app.publish(&token, "fa").await;
        app.post(
            &format!("/api/v1/events/{}/registrations", event["id"].as_str().expect("an id")),
            None,
            json!({"name": "Rosa Quishpe Ñusta", "email": "rosa@example.org", "locale": "es", "consent": true}),
        )
        .await
        .expect(201);
        tick(&app.state, Utc::now()).await.expect("a tick");

        let mails = smtp.mails_to("rosa@example.org");
        assert_eq!(mails.len(), 1);
        let raw = mails[0].raw.as_bytes();
        let name = "agenda2027._domainkey.quito.example";
        assert_eq!(
            verify(raw, name, &published_record()).await,
            [DkimResult::Pass],
            "{}",
            mails[0].raw
        );
        // A signature that proves anything fails when the message is changed on the way.
        let tampered = mails[0]
            .raw
            .replacen("Subject: ", "Subject: Re: ", 1)
            .into_bytes();
        let results = verify(&tampered, name, &published_record()).await;
        assert!(
            matches!(results.as_slice(), [DkimResult::Fail(_)]),
            "{results:?}"
        );
        // A reminder too: its one-click List-Unsubscribe headers are among those signed.
        let day_before = chrono::DateTime::parse_from_rfc3339("2027-03-08T15:00:00Z")
            .expect("a time")
            .with_timezone(&Utc);
        tick(&app.state, day_before).await.expect("a tick");
        let reminder = smtp.mails_to("rosa@example.org").pop().expect("a reminder");
        assert!(reminder.raw.contains("\r\nList-Unsubscribe-Post: "));
        let signature = reminder
            .raw
            .split("\r\n\r\n")
            .next()
            .unwrap_or_default()
            .replace("\r\n ", " ")
            .to_lowercase();
        assert!(
            signature.contains("list-unsubscribe:list-unsubscribe-post"),
            "{signature}"
        );
        assert_eq!(
            verify(reminder.raw.as_bytes(), name, &published_record()).await,
            [DkimResult::Pass]
        );
    }
}
