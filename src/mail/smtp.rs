//! The SMTP connections emails leave by: lettre's own SMTP client (its connection says EHLO,
//! STARTTLS, AUTH and MAIL/RCPT/DATA, and its errors carry the server's reply) over TCP
//! streams opened here, kept open and reused.
//!
//! Why not lettre's pooled transport (0.11.23): it connects with Nagle's algorithm on, and its
//! connection writes a message's closing `.` apart from the message, so the `.` waits until
//! the server acknowledges the message, which the server's kernel delays by up to 40 ms (Linux's
//! delayed ACK): one connection sent about 22 messages a second however fast both ends were.
//! It also says `NOOP` before every reuse, one more round trip per message. lettre sets
//! `TCP_NODELAY` since its pull request 1159, not in a release yet; once one has it,
//! `AsyncSmtpTransport`'s pool can take this module's place.
//!
//! Implicit TLS (`smtps://`) still connects through lettre, whose TLS set-up is not public, so
//! it keeps Nagle's algorithm until then.

use std::{
    borrow::Cow,
    sync::{Mutex, PoisonError},
    time::{Duration, Instant},
};

use lettre::{
    address::Envelope,
    transport::smtp::{
        self, SMTP_PORT, SUBMISSION_PORT, SUBMISSIONS_PORT,
        authentication::{Credentials, DEFAULT_MECHANISMS},
        client::{AsyncSmtpConnection, Tls, TlsParameters},
        extension::ClientId,
    },
};
use tokio::net::TcpStream;
use url::Url;

use super::{SendError, mailbox_refused};

/// How long connecting to one of the server's addresses may take (then the next is tried),
/// and a `NOOP` check: as lettre's transport was set.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a new connection's greeting, EHLO, STARTTLS and AUTH may take together: RFC 5321
/// gives the greeting five minutes.
const OPEN_TIMEOUT: Duration = Duration::from_secs(300);
/// How long one message may take, to the server's answer after its closing `.`: RFC 5321
/// asks a client to wait ten minutes for that answer, since the server may be checking the
/// message; giving up sooner and trying again later would deliver it twice.
const SEND_TIMEOUT: Duration = Duration::from_secs(600);
/// How long a `QUIT` may take before the connection is simply dropped.
const QUIT_TIMEOUT: Duration = Duration::from_secs(5);
/// A connection unused for longer is closed rather than reused (when it is next looked at:
/// the server has usually closed its side by then; Postfix does after 300 s).
const IDLE_LIMIT: Duration = Duration::from_secs(60);
/// A connection unused for longer is checked with `NOOP` before a message goes on it, so one
/// the server closed meanwhile costs a reconnection, not a failed email. One used a moment
/// ago is not checked: a check before every message was one round trip in five.
const CHECK_AFTER: Duration = Duration::from_secs(5);

/// Where and how to connect: `SMTP_URL` read the way lettre's `from_url` reads it.
struct Server {
    host: String,
    port: u16,
    tls: Tls,
    credentials: Option<Credentials>,
    hello: ClientId,
}

impl Server {
    /// `smtp://host[:25]` (plain), `smtp://host[:587]?tls=required` or `?tls=opportunistic`
    /// (STARTTLS), `smtps://host[:465]` (implicit TLS); `user:password@` to authenticate
    /// (percent-encoded), and a path to name this host in EHLO. Errors never hold the URL:
    /// it may carry a password.
    fn from_url(url: &Url) -> Result<Self, String> {
        let host = url
            .host_str()
            .ok_or_else(|| "no host".to_owned())?
            .to_owned();
        let tls_param = url
            .query_pairs()
            .find(|(key, _)| key == "tls")
            .map(|(_, value)| value.into_owned());
        let parameters =
            || TlsParameters::new(host.clone()).map_err(|e| format!("TLS for {host}: {e}"));
        let (default_port, tls) = match (url.scheme(), tls_param.as_deref()) {
            ("smtp", None) => (SMTP_PORT, Tls::None),
            ("smtp", Some("required")) => (SUBMISSION_PORT, Tls::Required(parameters()?)),
            ("smtp", Some("opportunistic")) => (SUBMISSION_PORT, Tls::Opportunistic(parameters()?)),
            ("smtps", _) => (SUBMISSIONS_PORT, Tls::Wrapper(parameters()?)),
            (scheme, tls) => {
                return Err(format!(
                    "the scheme must be smtp or smtps and tls= required or opportunistic, not {scheme} and {tls:?}"
                ));
            }
        };
        let hello = match url.path().trim_matches('/') {
            "" => ClientId::default(),
            name => ClientId::Domain(name.to_owned()),
        };
        let decode = |part: &str| -> Result<String, String> {
            percent_encoding::percent_decode_str(part)
                .decode_utf8()
                .map(Cow::into_owned)
                .map_err(|_| "the user or password is not UTF-8 once percent-decoded".to_owned())
        };
        let credentials = match url.password() {
            Some(password) => Some(Credentials::new(decode(url.username())?, decode(password)?)),
            None => None,
        };
        Ok(Self {
            port: url.port().unwrap_or(default_port),
            host,
            tls,
            credentials,
            hello,
        })
    }
}

/// Open connections to one SMTP server, reused most recently used first, so that the ones a
/// quieter moment leaves unused age out.
pub struct SmtpPool {
    server: Server,
    /// Idle connections and when each was last used, oldest first.
    idle: Mutex<Vec<(AsyncSmtpConnection, Instant)>>,
    /// How many idle connections are kept: as many as are sent on at once.
    keep: usize,
}

impl SmtpPool {
    pub fn new(url: &Url, keep: usize) -> Result<Self, String> {
        Ok(Self {
            server: Server::from_url(url)?,
            idle: Mutex::new(Vec::new()),
            keep,
        })
    }

    /// Sends `message` on an open connection, or a new one. A send that the server refused
    /// for a reason that may pass, on a connection that was reused, is tried once more on a
    /// new one: the server may have closed it since (a restart, a limit of messages per
    /// connection), which says nothing about the message. One that timed out is not: the
    /// server may have taken it.
    pub async fn send(&self, envelope: &Envelope, message: &[u8]) -> Result<(), SendError> {
        let (conn, reused) = self.take().await?;
        match self.send_on(conn, envelope, message).await {
            Err(Failure::Refused(e)) if reused && !e.permanent => {
                let conn = self.open().await?;
                self.send_on(conn, envelope, message).await
            }
            sent => sent,
        }
        .map_err(|(Failure::Refused(e) | Failure::TimedOut(e))| e)
    }

    async fn send_on(
        &self,
        mut conn: AsyncSmtpConnection,
        envelope: &Envelope,
        message: &[u8],
    ) -> Result<(), Failure> {
        let Ok(sent) = tokio::time::timeout(SEND_TIMEOUT, conn.send(envelope, message)).await
        else {
            // Dropped mid-dialogue: the connection cannot be used again.
            return Err(Failure::TimedOut(transient(format!(
                "the SMTP server did not answer within {} s",
                SEND_TIMEOUT.as_secs()
            ))));
        };
        // lettre aborts a connection on any error (it cannot tell where in the dialogue the
        // server is): only an unbroken one is used again.
        if !conn.has_broken() {
            self.put_back(conn);
        }
        sent.map(drop).map_err(|e| Failure::Refused(refused(e)))
    }

    /// Says QUIT on every idle connection (the service is stopping).
    pub async fn close(&self) {
        let idle = std::mem::take(&mut *self.lock());
        futures_util::future::join_all(idle.into_iter().map(|(mut conn, _)| async move {
            let _ = tokio::time::timeout(QUIT_TIMEOUT, conn.abort()).await;
        }))
        .await;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<(AsyncSmtpConnection, Instant)>> {
        // The list stays whole whatever panicked while it was held: a push or a pop.
        self.idle.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// An idle connection (and `true`), or a new one.
    async fn take(&self) -> Result<(AsyncSmtpConnection, bool), SendError> {
        loop {
            let Some((mut conn, since)) = self.lock().pop() else {
                return Ok((self.open().await?, false));
            };
            let idle_for = since.elapsed();
            if idle_for > IDLE_LIMIT {
                quit(conn);
            } else if idle_for <= CHECK_AFTER
                || tokio::time::timeout(CONNECT_TIMEOUT, conn.test_connected())
                    .await
                    .unwrap_or(false)
            {
                return Ok((conn, true));
            }
        }
    }

    fn put_back(&self, conn: AsyncSmtpConnection) {
        let mut idle = self.lock();
        let expired = idle
            .iter()
            .take_while(|(_, since)| since.elapsed() > IDLE_LIMIT)
            .count();
        let mut closing: Vec<_> = idle.drain(..expired).map(|(conn, _)| conn).collect();
        if idle.len() < self.keep {
            idle.push((conn, Instant::now()));
        } else {
            closing.push(conn);
        }
        drop(idle);
        closing.into_iter().for_each(quit);
    }

    async fn open(&self) -> Result<AsyncSmtpConnection, SendError> {
        tokio::time::timeout(OPEN_TIMEOUT, self.open_within())
            .await
            .unwrap_or_else(|_| {
                Err(transient(format!(
                    "the SMTP server did not greet within {} s",
                    OPEN_TIMEOUT.as_secs()
                )))
            })
    }

    async fn open_within(&self) -> Result<AsyncSmtpConnection, SendError> {
        let server = &self.server;
        let mut conn = match &server.tls {
            Tls::Wrapper(tls) => AsyncSmtpConnection::connect_tokio1(
                (server.host.as_str(), server.port),
                Some(CONNECT_TIMEOUT),
                &server.hello,
                Some(tls.clone()),
                None,
            )
            .await
            .map_err(refused)?,
            tls => {
                let tcp = connect(&server.host, server.port).await?;
                // The point of this module (see above).
                tcp.set_nodelay(true)
                    .map_err(|e| transient(format!("setting TCP_NODELAY: {e}")))?;
                let mut conn =
                    AsyncSmtpConnection::connect_with_transport(Box::new(tcp), &server.hello)
                        .await
                        .map_err(refused)?;
                match tls {
                    Tls::Required(tls) => conn.starttls(tls.clone(), &server.hello).await,
                    Tls::Opportunistic(tls) if conn.can_starttls() => {
                        conn.starttls(tls.clone(), &server.hello).await
                    }
                    _ => Ok(()),
                }
                .map_err(refused)?;
                conn
            }
        };
        if let Some(credentials) = &server.credentials {
            conn.auth(DEFAULT_MECHANISMS, credentials)
                .await
                .map_err(refused)?;
        }
        Ok(conn)
    }
}

/// A TCP connection to the first of `host`'s addresses that answers, each given
/// [`CONNECT_TIMEOUT`] (as lettre does: a silent IPv6 address must not use up the IPv4's).
async fn connect(host: &str, port: u16) -> Result<TcpStream, SendError> {
    let failed = |why: String| transient(format!("connecting to the SMTP server: {why}"));
    let addresses = tokio::net::lookup_host((host, port))
        .await
        .map_err(|e| failed(e.to_string()))?;
    let mut last = "the name has no address".to_owned();
    for address in addresses {
        match tokio::time::timeout(CONNECT_TIMEOUT, TcpStream::connect(address)).await {
            Ok(Ok(tcp)) => return Ok(tcp),
            Ok(Err(e)) => last = format!("{address}: {e}"),
            Err(_) => {
                last = format!(
                    "{address}: no answer within {} s",
                    CONNECT_TIMEOUT.as_secs()
                )
            }
        }
    }
    Err(failed(last))
}

/// How a send failed: the server (or lettre) refused, or it took too long.
enum Failure {
    Refused(SendError),
    TimedOut(SendError),
}

/// Closes a connection politely, without holding up the sender that let it go.
fn quit(mut conn: AsyncSmtpConnection) {
    tokio::spawn(async move {
        let _ = tokio::time::timeout(QUIT_TIMEOUT, conn.abort()).await;
    });
}

/// What the server (or lettre, on its behalf) refused.
fn refused(e: smtp::Error) -> SendError {
    SendError {
        permanent: e.is_permanent(),
        bounced: e.is_permanent() && e.status().map(u16::from).is_some_and(mailbox_refused),
        message: e.to_string(),
    }
}

/// A failure that says nothing about the message: trying again later may work.
fn transient(message: String) -> SendError {
    SendError {
        message,
        permanent: false,
        bounced: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(url: &str) -> Result<Server, String> {
        Server::from_url(&Url::parse(url).expect("a URL"))
    }

    #[test]
    fn reads_the_url_as_lettre_does() {
        let plain = server("smtp://mail.example.org").expect("plain");
        assert_eq!((plain.host.as_str(), plain.port), ("mail.example.org", 25));
        assert!(matches!(plain.tls, Tls::None));
        assert!(plain.credentials.is_none());

        let starttls = server("smtp://u:p@mail.example.org?tls=required").expect("starttls");
        assert_eq!(starttls.port, 587);
        assert!(matches!(starttls.tls, Tls::Required(_)));
        assert!(starttls.credentials.is_some());

        let opportunistic = server("smtp://mail.example.org:2525?tls=opportunistic").expect("opp");
        assert_eq!(opportunistic.port, 2525);
        assert!(matches!(opportunistic.tls, Tls::Opportunistic(_)));

        let implicit = server("smtps://u:p@mail.example.org/convoca.quito.gob.ec").expect("smtps");
        assert_eq!(implicit.port, 465);
        assert!(matches!(implicit.tls, Tls::Wrapper(_)));
        assert_eq!(
            implicit.hello,
            ClientId::Domain("convoca.quito.gob.ec".to_owned())
        );
    }

    #[test]
    fn credentials_are_percent_decoded_and_never_echoed() {
        let decoded =
            server("smtp://festival%40quito:p%40ss%2Fw0rd@mail.example.org").expect("credentials");
        assert_eq!(
            decoded.credentials,
            Some(Credentials::new(
                "festival@quito".to_owned(),
                "p@ss/w0rd".to_owned()
            ))
        );
        let err = server("smtp://user:s3cret@mail.example.org?tls=always")
            .err()
            .expect("an unknown tls mode");
        assert!(!err.contains("s3cret"), "{err}");
        let err = server("smtp://user:%FF%FE@mail.example.org")
            .err()
            .expect("a password that is not UTF-8");
        assert!(!err.contains("FF"), "{err}");
    }
}
