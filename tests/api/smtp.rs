//! A real SMTP server inside the test process (mailin-embedded), receiving what the app sends
//! through lettre's real SMTP transport. Messages are parsed back with mail-parser.

use std::{
    net::{IpAddr, TcpListener},
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
};

use mail_parser::{MessageParser, MimeHeaders, PartType};
use mailin_embedded::{Handler, Response, Server, SslConfig, response};

/// One message as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub to: Vec<String>,
    pub raw: Vec<u8>,
}

/// What a test checks in a received message.
#[derive(Debug, Clone)]
pub struct Mail {
    pub to: Vec<String>,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub message_id: Option<String>,
    pub date: Option<String>,
    /// Header names, lower-cased, in order.
    pub headers: Vec<String>,
    /// The MIME tree, one part per line in order: two spaces of indent per level, then the
    /// content type with its parameters (`  text/calendar; charset=utf-8; method=REQUEST`).
    pub tree: Vec<String>,
    /// The body of every part, in the order of `tree`.
    pub bodies: Vec<String>,
    /// The same, decoded to bytes (an image's).
    pub contents: Vec<Vec<u8>>,
    pub reply_to: Option<String>,
    pub raw: String,
}

/// One per connection: mailin clones it for each.
#[derive(Clone)]
struct Collector {
    inbox: Arc<Mutex<Vec<Received>>>,
    to: Vec<String>,
    data: Vec<u8>,
    /// Connections greeted, across all clones.
    connections: Arc<AtomicUsize>,
    /// After this many messages on one connection, the next `MAIL FROM` is answered 421 and
    /// the connection closed, as servers with a limit of messages per connection do.
    per_connection: Option<usize>,
    received_here: usize,
}

/// Addresses at this domain do not exist: the server refuses them at `RCPT TO` with a 550,
/// as a real server refuses an unknown mailbox.
pub const BOUNCING_DOMAIN: &str = "@bounce.example.org";

impl Handler for Collector {
    fn helo(&mut self, _ip: IpAddr, _domain: &str) -> Response {
        self.connections.fetch_add(1, Ordering::SeqCst);
        response::OK
    }

    fn mail(&mut self, _ip: IpAddr, _domain: &str, _from: &str) -> Response {
        if self
            .per_connection
            .is_some_and(|limit| self.received_here >= limit)
        {
            response::NO_SERVICE
        } else {
            response::OK
        }
    }

    fn rcpt(&mut self, to: &str) -> Response {
        if to.to_ascii_lowercase().ends_with(BOUNCING_DOMAIN) {
            response::NO_MAILBOX
        } else {
            response::OK
        }
    }

    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.to = to.to_vec();
        self.data.clear();
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        self.received_here += 1;
        self.inbox.lock().expect("inbox lock").push(Received {
            to: std::mem::take(&mut self.to),
            raw: std::mem::take(&mut self.data),
        });
        response::OK
    }
}

/// A running SMTP server. It has no shutdown call: its threads end with the test process.
#[derive(Clone)]
pub struct SmtpServer {
    pub port: u16,
    inbox: Arc<Mutex<Vec<Received>>>,
    connections: Arc<AtomicUsize>,
}

impl SmtpServer {
    /// Starts on a free port.
    pub fn start() -> Self {
        Self::start_on(0)
    }

    /// Starts on `port` (0 for any free one).
    pub fn start_on(port: u16) -> Self {
        Self::serve(port, None)
    }

    /// Starts on a free port, closing each connection after `messages` messages.
    pub fn start_closing_after(messages: usize) -> Self {
        Self::serve(0, Some(messages))
    }

    fn serve(port: u16, per_connection: Option<usize>) -> Self {
        let listener = TcpListener::bind(("127.0.0.1", port)).expect("an SMTP port");
        let port = listener.local_addr().expect("an address").port();
        let inbox = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let collector = Collector {
            inbox: inbox.clone(),
            to: Vec::new(),
            data: Vec::new(),
            connections: connections.clone(),
            per_connection,
            received_here: 0,
        };
        std::thread::spawn(move || {
            let mut server = Server::new(collector);
            server
                .with_name("smtp.test")
                // More threads than the app's pool keeps connections: each holds one.
                .with_num_threads(80)
                .with_tcp_listener(listener);
            if server.with_ssl(SslConfig::None).is_ok() {
                // The error type is not Send; a failure shows as a test that receives nothing.
                let _ = server.serve();
            }
        });
        Self {
            port,
            inbox,
            connections,
        }
    }

    /// How many connections clients opened (each says EHLO once).
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Everything received so far, parsed.
    pub fn mails(&self) -> Vec<Mail> {
        self.inbox
            .lock()
            .expect("inbox lock")
            .iter()
            .map(parse)
            .collect()
    }

    /// The mails sent to `address`.
    pub fn mails_to(&self, address: &str) -> Vec<Mail> {
        self.mails()
            .into_iter()
            .filter(|m| m.to.iter().any(|t| t.eq_ignore_ascii_case(address)))
            .collect()
    }

    pub fn count(&self) -> usize {
        self.inbox.lock().expect("inbox lock").len()
    }
}

/// The MIME tree of an email that carries an invitation, where RFC 6047 and Outlook look for
/// it: `text/calendar; method=…` as the last alternative beside the text and HTML, and the
/// same `.ics` again as an attachment.
pub const INVITATION_TREE: [&str; 6] = [
    "multipart/mixed",
    "  multipart/alternative",
    "    text/plain",
    "    text/html",
    "    text/calendar",
    "  application/ics",
];

/// The same for a confirmed registration, whose HTML shows the check-in QR code: the HTML and
/// its PNG go together in a `multipart/related`.
pub const INVITATION_TREE_WITH_QR: [&str; 8] = [
    "multipart/mixed",
    "  multipart/alternative",
    "    text/plain",
    "    multipart/related",
    "      text/html",
    "      image/png",
    "    text/calendar",
    "  application/ics",
];

impl Mail {
    /// Whether the message shows the check-in QR code: a PNG beside the HTML, which refers to
    /// it by its `Content-ID`.
    pub fn has_qr(&self) -> bool {
        let shape = self.shape();
        let Some(at) = shape.iter().position(|t| t.trim() == "image/png") else {
            return false;
        };
        assert_eq!(shape[at - 2].trim(), "multipart/related", "{shape:?}");
        assert!(
            self.html.contains("src=\"cid:check-in-qr\""),
            "{}",
            self.html
        );
        assert!(
            self.raw.contains("Content-ID: <check-in-qr>"),
            "the image's Content-ID"
        );
        true
    }

    /// The decoded body of part `at` (in the order of `tree`).
    pub fn binary(&self, at: usize) -> Vec<u8> {
        self.contents[at].clone()
    }

    /// The tree's content types, without their parameters.
    pub fn shape(&self) -> Vec<String> {
        self.tree
            .iter()
            .map(|t| t.split(';').next().unwrap_or_default().to_owned())
            .collect()
    }

    /// The invitation this email carries, read as a calendar client reads it: the tree is
    /// [`INVITATION_TREE`], the attachment is the same `.ics`, and the part's `method` is the
    /// calendar's `METHOD`. Returns that METHOD and the VEVENT.
    pub fn invitation(&self) -> (String, icalendar::Event) {
        use icalendar::{Calendar, CalendarComponent};
        let shape = self.shape();
        assert!(
            shape == INVITATION_TREE || shape == INVITATION_TREE_WITH_QR,
            "the MIME tree of {:?}: {shape:?}",
            self.subject
        );
        let at = shape.len() - 2;
        let (content_type, body) = (&self.tree[at], &self.bodies[at]);
        assert_eq!(
            &self.bodies[at + 1],
            body,
            "the attachment is the same .ics"
        );
        let calendar: Calendar = body.parse().expect("the invitation parses");
        let method = calendar
            .property_value("METHOD")
            .expect("a METHOD")
            .to_owned();
        assert!(
            content_type.contains(&format!("method={method}"))
                && content_type.contains("charset=utf-8"),
            "{content_type}"
        );
        let event = calendar
            .components
            .iter()
            .find_map(|c| match c {
                CalendarComponent::Event(e) => Some(e.clone()),
                _ => None,
            })
            .expect("a VEVENT");
        (method, event)
    }
}

/// A part's content type with its parameters, as one line.
fn content_type(part: &impl MimeHeaders<'static>) -> String {
    part.content_type()
        .map(|ct| {
            let mut text = format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or_default());
            for attribute in ct.attributes().unwrap_or_default() {
                text.push_str(&format!("; {}={}", attribute.name, attribute.value));
            }
            text
        })
        .unwrap_or_default()
}

/// The MIME tree under part `id`, depth first, with each part's body.
fn walk(
    message: &mail_parser::Message<'static>,
    id: u32,
    depth: usize,
    out: &mut Vec<(String, (String, Vec<u8>))>,
) {
    let Some(part) = message.parts.get(id as usize) else {
        return;
    };
    out.push((
        format!("{}{}", "  ".repeat(depth), content_type(part)),
        match &part.body {
            PartType::Multipart(_) => (String::new(), Vec::new()),
            _ => (
                String::from_utf8_lossy(part.contents()).into_owned(),
                part.contents().to_vec(),
            ),
        },
    ));
    if let PartType::Multipart(children) = &part.body {
        for child in children {
            walk(message, *child, depth + 1, out);
        }
    }
}

fn parse(received: &Received) -> Mail {
    let message = MessageParser::default()
        .parse(&received.raw)
        .expect("a parsable message")
        .into_owned();
    let mut parts = Vec::new();
    walk(&message, 0, 0, &mut parts);
    let (tree, bodies): (Vec<String>, Vec<(String, Vec<u8>)>) = parts.into_iter().unzip();
    let (bodies, contents) = bodies.into_iter().unzip();
    Mail {
        to: received.to.clone(),
        subject: message.subject().unwrap_or_default().to_owned(),
        text: message
            .body_text(0)
            .map(|t| t.into_owned())
            .unwrap_or_default(),
        html: message
            .body_html(0)
            .map(|t| t.into_owned())
            .unwrap_or_default(),
        message_id: message.message_id().map(str::to_owned),
        date: message.date().map(|d| d.to_rfc3339()),
        headers: message
            .headers()
            .iter()
            .map(|h| h.name().to_ascii_lowercase())
            .collect(),
        tree,
        bodies,
        contents,
        reply_to: message
            .reply_to()
            .and_then(|r| r.first())
            .and_then(|a| a.address())
            .map(str::to_owned),
        raw: String::from_utf8_lossy(&received.raw).into_owned(),
    }
}
