//! Email: the templates, the MIME message, the transport, and the dispatcher that empties the
//! outbox (`store::outbox`).
//!
//! - [`templates`]: `templates/email/<kind>/`, embedded and parsed once, worded from
//!   `locales/<lang>/email.ftl`.
//! - [`letters`]: what each email is written from (registration, person, event, festival).
//! - [`member_mail`]: the emails to organisation members (the console's sign-in link).
//! - [`message`]: text + HTML alternatives, the iTIP attachment, Message-ID and Date.
//! - [`dkim`]: the signature that lets a city's domain pass DMARC (`CONVOCA_DKIM_KEY`).
//! - [`dispatch`]: claims due rows, renders, sends through the pool, records the outcome.
//!
//! - [`smtp`]: the SMTP connections, kept open and reused.
//!
//! The transport is lettre's async SMTP client when `SMTP_URL` is set, or `.eml` files
//! in `CONVOCA_OUTBOX_DIR` otherwise, so a fresh `cargo run` shows its emails without a server.

pub mod dispatch;
pub mod dkim;
pub mod letters;
pub mod member_mail;
pub mod message;
pub mod report_mail;
pub mod smtp;
pub mod templates;

use std::sync::{
    Arc,
    atomic::{AtomicBool, Ordering},
};

use anyhow::Context;
use lettre::{AsyncFileTransport, AsyncTransport, Message, Tokio1Executor, message::Mailbox};
use tokio::sync::{Mutex, Notify};

use crate::{config::Config, i18n::Catalogue};

/// How many emails are sent at once, and how many SMTP connections are kept open.
pub const CONCURRENCY: usize = 64;

/// Where emails go.
enum Transport {
    Smtp(smtp::SmtpPool),
    Files(AsyncFileTransport<Tokio1Executor>),
}

/// A failed send, with whether trying again could help.
#[derive(Debug, Clone)]
pub struct SendError {
    pub message: String,
    /// The server refused for good: retrying would not help.
    pub permanent: bool,
    /// The refusal was about the mailbox itself (550, 551, 553: unknown user, not local,
    /// address not allowed), so no later email to that address should be tried either. A
    /// refusal of this one message (552 too large, 554 rejected) says nothing about the address.
    pub bounced: bool,
}

/// Whether an SMTP reply code says the mailbox cannot receive mail.
fn mailbox_refused(code: u16) -> bool {
    matches!(code, 550 | 551 | 553)
}

/// Everything needed to send email, shared by the request handlers (which wake it) and the
/// dispatcher.
pub struct Mailer {
    transport: Transport,
    pub templates: templates::Templates,
    pub from: Mailbox,
    /// Signs every message when `CONVOCA_DKIM_KEY` is set.
    pub dkim: Option<dkim::Signer>,
    wake: Notify,
    /// Held while a dispatch runs, so shutdown can wait for sends in flight.
    running: Mutex<()>,
    stopping: AtomicBool,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let transport = match self.transport {
            Transport::Smtp(_) => "smtp",
            Transport::Files(_) => "files",
        };
        f.debug_struct("Mailer")
            .field("transport", &transport)
            .field("from", &self.from)
            .field("dkim", &self.dkim)
            .finish()
    }
}

impl Mailer {
    /// The transport `config` names, and the templates. The outbox directory is created here,
    /// so a path that cannot be written stops start-up rather than every email.
    pub fn from_config(config: &Config, catalogue: Arc<Catalogue>) -> anyhow::Result<Self> {
        let transport = match &config.smtp_url {
            Some(url) => Transport::Smtp(
                smtp::SmtpPool::new(url, CONCURRENCY)
                    .map_err(|why| anyhow::anyhow!("SMTP_URL: cannot be used: {why}"))?,
            ),
            None => {
                std::fs::create_dir_all(&config.outbox_dir).with_context(|| {
                    format!(
                        "CONVOCA_OUTBOX_DIR: cannot create {}",
                        config.outbox_dir.display()
                    )
                })?;
                Transport::Files(AsyncFileTransport::new(&config.outbox_dir))
            }
        };
        let from: Mailbox = config
            .mail_from
            .parse()
            .context("CONVOCA_MAIL_FROM: not a mailbox")?;
        let dkim = config
            .dkim_key
            .as_ref()
            .map(|key| dkim::Signer::load(key, &config.dkim_selector, &from))
            .transpose()?;
        if let Some(signer) = &dkim {
            tracing::info!(record = %signer.record, "email is DKIM-signed; publish the public key at this name");
        }
        Ok(Self {
            transport,
            templates: templates::Templates::load(catalogue).context("loading email templates")?,
            from,
            dkim,
            wake: Notify::new(),
            running: Mutex::new(()),
            stopping: AtomicBool::new(false),
        })
    }

    /// Asks the dispatcher to look at the outbox now (a change just enqueued email), instead
    /// of at its next tick.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Completes when [`Mailer::wake`] was called.
    pub async fn woken(&self) {
        self.wake.notified().await;
    }

    /// Stops new dispatches and waits for the one in flight to record its sends.
    pub async fn stop(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        let _running = self.running.lock().await;
        if let Transport::Smtp(smtp) = &self.transport {
            smtp.close().await;
        }
    }

    fn is_stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }

    pub async fn send(&self, mut message: Message) -> Result<(), SendError> {
        // Signed last, here, so that no message goes out unsigned when a key is configured.
        if let Some(signer) = &self.dkim {
            signer.sign(&mut message);
        }
        match &self.transport {
            Transport::Smtp(smtp) => smtp.send(message.envelope(), &message.formatted()).await,
            Transport::Files(files) => files.send(message).await.map(drop).map_err(|e| SendError {
                permanent: false,
                bounced: false,
                message: e.to_string(),
            }),
        }
    }
}
