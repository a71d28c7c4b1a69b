//! The soak's SMTP server: as much SMTP as lettre speaks (greeting, EHLO/HELO, MAIL, RCPT,
//! DATA, RSET, NOOP, QUIT) on a tokio listener. It keeps what each message *was* (its
//! recipient, its kind read from the subject, a hash of its Message-ID), not the message, so a
//! long soak measures the service's memory rather than the sink's.
//!
//! [`Sink::set_outage`] makes it answer as a mail server in maintenance does: a new connection
//! gets `421` and is closed, an open one gets `421` to its next command and is closed, and a
//! message whose data ends during the outage gets `451` and is not kept. All are transient
//! replies, so the dispatcher must keep the emails and retry them with its backoff; none is
//! accepted and then lost, so every message kept here was answered `250` exactly once.

use std::{
    collections::{HashMap, HashSet, hash_map::DefaultHasher},
    hash::{Hash, Hasher},
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
};

use mail_parser::MessageParser;
use tokio::{
    io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
    net::{TcpListener, TcpStream},
};

/// A subject's first words and the outbox kind they belong to, in both locales. A subject
/// that starts with none of them is reported as `unknown` (a template changed its wording).
const SUBJECTS: &[(&str, &str)] = &[
    ("Registration confirmed:", "confirmed"),
    ("Inscripción confirmada:", "confirmed"),
    ("On the waiting list:", "waitlisted"),
    ("En lista de espera:", "waitlisted"),
    ("Good news: you have a place at", "promoted"),
    ("Buenas noticias: ya tiene lugar en", "promoted"),
    ("Registration cancelled:", "registration_cancelled"),
    ("Inscripción cancelada:", "registration_cancelled"),
    ("Event cancelled:", "event_cancelled"),
    ("Evento cancelado:", "event_cancelled"),
    ("Reminder:", "reminder"),
    ("Recordatorio:", "reminder"),
    ("New time and place:", "event_changed"),
    ("New time:", "event_changed"),
    ("New place:", "event_changed"),
    ("Event updated:", "event_changed"),
    ("Cambio de horario y lugar:", "event_changed"),
    ("Cambio de horario:", "event_changed"),
    ("Cambio de lugar:", "event_changed"),
    ("Cambios en el evento:", "event_changed"),
];

/// What the sink has accepted so far.
#[derive(Debug, Default)]
pub struct Inbox {
    /// Messages accepted, by (envelope recipient, kind).
    pub by_recipient_and_kind: HashMap<(String, &'static str), u32>,
    pub total: u64,
    /// Hashes of the Message-IDs seen, to tell whether one came twice.
    message_ids: HashSet<u64>,
    pub repeated_message_ids: u64,
    pub without_message_id: u64,
    /// Messages whose `To:` header does not name their envelope recipient (a name that broke
    /// out of its header would show here).
    pub to_mismatches: u64,
    /// A few subjects that named no known kind, to show.
    pub unknown_subjects: Vec<String>,
}

#[derive(Debug, Default)]
struct Shared {
    outage: AtomicBool,
    /// Connections and messages answered with a 4xx because of the outage.
    refused: AtomicU64,
    inbox: Mutex<Inbox>,
}

/// A running sink. Its tasks end with the runtime.
#[derive(Debug, Clone)]
pub struct Sink {
    pub port: u16,
    shared: Arc<Shared>,
}

impl Sink {
    /// Listens on a free port of 127.0.0.1.
    pub async fn start() -> anyhow::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let port = listener.local_addr()?.port();
        let shared = Arc::new(Shared::default());
        let for_accept = shared.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let shared = for_accept.clone();
                tokio::spawn(async move {
                    // A connection that breaks is the client's business; it retries.
                    let _ = session(stream, &shared).await;
                });
            }
        });
        Ok(Self { port, shared })
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn set_outage(&self, on: bool) {
        self.shared.outage.store(on, Ordering::SeqCst);
    }

    /// Connections and messages refused because of the outage.
    pub fn refused(&self) -> u64 {
        self.shared.refused.load(Ordering::Relaxed)
    }

    pub fn received(&self) -> u64 {
        self.lock().total
    }

    /// What was accepted, taken out of the sink.
    pub fn take(&self) -> Inbox {
        std::mem::take(&mut *self.lock())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inbox> {
        self.shared
            .inbox
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// One SMTP session, one command per line (lettre does not pipeline without `PIPELINING`,
/// which is not offered).
async fn session(stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    let mut stream = BufReader::new(stream);
    if shared.outage.load(Ordering::SeqCst) {
        shared.refused.fetch_add(1, Ordering::Relaxed);
        return reply(&mut stream, "421 4.3.2 soak.test in maintenance, try later").await;
    }
    reply(&mut stream, "220 soak.test ESMTP").await?;
    let mut line = Vec::new();
    let mut recipients: Vec<String> = Vec::new();
    loop {
        line.clear();
        if stream.read_until(b'\n', &mut line).await? == 0 {
            return Ok(());
        }
        if shared.outage.load(Ordering::SeqCst) {
            shared.refused.fetch_add(1, Ordering::Relaxed);
            return reply(&mut stream, "421 4.3.2 soak.test in maintenance, closing").await;
        }
        let command = String::from_utf8_lossy(&line);
        let command = command.trim_end();
        let verb = command
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_ascii_uppercase();
        match verb.as_str() {
            "EHLO" => reply(&mut stream, "250-soak.test\r\n250 8BITMIME").await?,
            "HELO" => reply(&mut stream, "250 soak.test").await?,
            "MAIL" => {
                recipients.clear();
                reply(&mut stream, "250 2.1.0 OK").await?;
            }
            "RCPT" => {
                recipients.push(angle_address(command));
                reply(&mut stream, "250 2.1.5 OK").await?;
            }
            "DATA" if recipients.is_empty() => {
                reply(&mut stream, "503 5.5.1 RCPT first").await?;
            }
            "DATA" => {
                reply(&mut stream, "354 end with <CRLF>.<CRLF>").await?;
                let data = read_data(&mut stream).await?;
                if shared.outage.load(Ordering::SeqCst) {
                    shared.refused.fetch_add(1, Ordering::Relaxed);
                    reply(
                        &mut stream,
                        "451 4.3.2 soak.test in maintenance, not queued",
                    )
                    .await?;
                } else {
                    keep(shared, &recipients, &data);
                    reply(&mut stream, "250 2.0.0 queued").await?;
                }
                recipients.clear();
            }
            "RSET" => {
                recipients.clear();
                reply(&mut stream, "250 2.0.0 OK").await?;
            }
            "NOOP" => reply(&mut stream, "250 2.0.0 OK").await?,
            "QUIT" => return reply(&mut stream, "221 2.0.0 bye").await,
            _ => reply(&mut stream, "502 5.5.2 not implemented").await?,
        }
    }
}

async fn reply(stream: &mut BufReader<TcpStream>, text: &str) -> std::io::Result<()> {
    let stream = stream.get_mut();
    stream.write_all(text.as_bytes()).await?;
    stream.write_all(b"\r\n").await
}

/// The message up to the line holding a single dot, with dot-stuffing undone.
async fn read_data(stream: &mut BufReader<TcpStream>) -> std::io::Result<Vec<u8>> {
    let mut data = Vec::with_capacity(16 * 1024);
    let mut line = Vec::new();
    loop {
        line.clear();
        if stream.read_until(b'\n', &mut line).await? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        if line == b".\r\n" || line == b".\n" {
            return Ok(data);
        }
        let unstuffed = if line.starts_with(b"..") {
            &line[1..]
        } else {
            &line[..]
        };
        data.extend_from_slice(unstuffed);
    }
}

/// `MAIL FROM:<a@b>` / `RCPT TO:<a@b> …` → `a@b`, lower-cased.
fn angle_address(command: &str) -> String {
    let inner = match (command.find('<'), command.find('>')) {
        (Some(open), Some(close)) if open < close => &command[open + 1..close],
        _ => command.split_once(':').map_or("", |(_, rest)| rest.trim()),
    };
    inner.to_ascii_lowercase()
}

/// Records an accepted message under each of its recipients.
fn keep(shared: &Shared, recipients: &[String], data: &[u8]) {
    let parsed = MessageParser::default().parse(data);
    let subject = parsed
        .as_ref()
        .and_then(|m| m.subject())
        .unwrap_or_default();
    let kind = SUBJECTS
        .iter()
        .find(|(prefix, _)| subject.starts_with(prefix))
        .map_or("unknown", |(_, kind)| *kind);
    let message_id = parsed.as_ref().and_then(|m| m.message_id()).map(|id| {
        let mut hasher = DefaultHasher::new();
        id.hash(&mut hasher);
        hasher.finish()
    });
    let header_to: Vec<String> = parsed
        .as_ref()
        .and_then(|m| m.to())
        .map(|to| {
            to.iter()
                .filter_map(|a| a.address())
                .map(str::to_ascii_lowercase)
                .collect()
        })
        .unwrap_or_default();
    let mut inbox = shared
        .inbox
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    inbox.total += 1;
    match message_id {
        Some(id) => {
            if !inbox.message_ids.insert(id) {
                inbox.repeated_message_ids += 1;
            }
        }
        None => inbox.without_message_id += 1,
    }
    if header_to != recipients {
        inbox.to_mismatches += 1;
    }
    if kind == "unknown" && inbox.unknown_subjects.len() < 5 {
        inbox.unknown_subjects.push(subject.to_owned());
    }
    for recipient in recipients {
        *inbox
            .by_recipient_and_kind
            .entry((recipient.clone(), kind))
            .or_default() += 1;
    }
}
