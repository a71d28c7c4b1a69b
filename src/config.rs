//! Configuration from the environment. Every variable the service reads is a field here, with
//! its default; a bad value stops start-up with one line that names the variable. (Over 400
//! lines because every variable is read, checked and tested here, so that an operator's
//! question "what does X accept" has one answer in one file.)

use std::{
    net::{IpAddr, SocketAddr},
    path::PathBuf,
    time::Duration,
};

use ipnet::IpNet;
use url::Url;

/// The service's settings, read once at start-up.
#[derive(Debug, Clone)]
pub struct Config {
    /// `DATABASE_URL`: `sqlite://convoca.db?mode=rwc` (embedded default) or `postgres://…`.
    pub database_url: String,
    /// `CONVOCA_BIND`: the listen address, `127.0.0.1:8080` by default.
    pub bind: SocketAddr,
    /// `CONVOCA_PUBLIC_URL`: the base of every link put in emails and feeds; `http://` + bind by
    /// default. Stored without a trailing slash.
    pub public_url: Url,
    /// `SMTP_URL`: `smtp://host:port` or `smtps://user:pass@host`; unset means every email is
    /// written as an `.eml` file to [`Config::outbox_dir`].
    pub smtp_url: Option<Url>,
    /// `CONVOCA_OUTBOX_DIR`: where emails go when no SMTP server is configured (`./outbox`).
    pub outbox_dir: PathBuf,
    /// `CONVOCA_MAIL_FROM`: the sender, `Convoca <no-reply@localhost>` by default.
    pub mail_from: String,
    /// `CONVOCA_TICK_SECONDS`: how often the scheduler looks for due reminders and unsent mail.
    pub tick: Duration,
    /// `CONVOCA_RETENTION_DAYS`: registrations are anonymised this many days after their
    /// festival ended (365 by default).
    pub retention_days: u32,
    /// `CONVOCA_SECRET_KEY`: the key manage and calendar links are derived from (at least 32
    /// characters). Unset, see [`Config::secret_key_file`].
    pub secret_key: Option<String>,
    /// `CONVOCA_SECRET_KEY_FILE`: where the key is kept when `CONVOCA_SECRET_KEY` is unset;
    /// created once with mode 0600. Default: `convoca.key` beside the SQLite file. On
    /// PostgreSQL there is no default (instances on several machines must share one key), and
    /// without either variable the key is kept in the database, with a warning at start-up.
    pub secret_key_file: Option<PathBuf>,
    /// `CONVOCA_RATE_LIMIT_PER_MINUTE`: anonymous writes (registrations, calendar-link
    /// requests) allowed per client address per minute; `0` turns the limit off.
    pub rate_limit_per_minute: u32,
    /// `CONVOCA_TRUSTED_PROXIES`: comma-separated addresses or networks of reverse proxies whose
    /// `X-Forwarded-For` gives the client address. Unset: the peer address is the client.
    pub trusted_proxies: Vec<IpNet>,
    /// `CONVOCA_CORS_ORIGINS`: comma-separated origins (`https://agenda.quito.gob.ec`) allowed
    /// to call the API from a browser. Unset: none.
    pub cors_origins: Vec<String>,
    /// `CONVOCA_METRICS_ALLOW`: comma-separated addresses or networks allowed to read
    /// `/metrics`. Default: loopback (`127.0.0.0/8, ::1`).
    pub metrics_allow: Vec<IpNet>,
    /// `CONVOCA_IDLE_TIMEOUT_SECONDS`: a connection that sends nothing for this long is closed,
    /// also in the middle of a request's headers (30 by default).
    pub idle_timeout: Duration,
    /// `CONVOCA_DKIM_KEY`: an RSA private key in PEM (PKCS#1 or PKCS#8), or the path of a file
    /// holding one, to DKIM-sign every email for the domain of `CONVOCA_MAIL_FROM`
    /// ([`crate::mail::dkim`]). Unset: mail goes unsigned.
    pub dkim_key: Option<Secret>,
    /// `CONVOCA_DKIM_SELECTOR`: the selector the public key is published under in DNS
    /// (`{selector}._domainkey.{domain}`); `convoca` by default.
    pub dkim_selector: String,
}

/// Text that must never reach a log or an error message (a private key): its `Debug` says
/// only that it is there.
#[derive(Clone)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// A variable whose value cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{variable}: {message} (got {value:?})")]
pub struct ConfigError {
    pub variable: &'static str,
    pub value: String,
    pub message: String,
}

impl Config {
    pub const DEFAULT_DATABASE_URL: &'static str = "sqlite://convoca.db?mode=rwc";

    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads settings through `lookup`, so tests can pass a map instead of the environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        let fail = |variable: &'static str, value: &str, message: &str| ConfigError {
            variable,
            value: value.to_owned(),
            message: message.to_owned(),
        };

        let database_url =
            get("DATABASE_URL").unwrap_or_else(|| Self::DEFAULT_DATABASE_URL.to_owned());
        let scheme = Url::parse(&database_url)
            .map_err(|e| fail("DATABASE_URL", &database_url, &e.to_string()))?
            .scheme()
            .to_owned();
        if !matches!(scheme.as_str(), "sqlite" | "postgres" | "postgresql") {
            return Err(fail(
                "DATABASE_URL",
                &database_url,
                "must start with sqlite:// or postgres://",
            ));
        }

        let bind_text = get("CONVOCA_BIND").unwrap_or_else(|| "127.0.0.1:8080".to_owned());
        // An address, or a host name and port (`localhost:8080`), resolved once here. IPv4
        // first: `localhost` often resolves to `::1` first, and a proxy or a browser given
        // 127.0.0.1 would not reach a service listening on `::1` only.
        let bind: SocketAddr = bind_text
            .parse()
            .ok()
            .or_else(|| {
                let mut resolved: Vec<SocketAddr> =
                    std::net::ToSocketAddrs::to_socket_addrs(bind_text.as_str())
                        .ok()?
                        .collect();
                resolved.sort_by_key(|a| !a.is_ipv4());
                resolved.first().copied()
            })
            .ok_or_else(|| {
                fail(
                    "CONVOCA_BIND",
                    &bind_text,
                    "must be an address and port like 127.0.0.1:8080 or localhost:8080",
                )
            })?;

        let public_text = get("CONVOCA_PUBLIC_URL").unwrap_or_else(|| format!("http://{bind}"));
        let public_url = Url::parse(public_text.trim_end_matches('/'))
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
            .ok_or_else(|| fail("CONVOCA_PUBLIC_URL", &public_text, "must be an http(s) URL"))?;

        let smtp_url = match get("SMTP_URL") {
            None => None,
            Some(text) => Some(
                Url::parse(&text)
                    .ok()
                    .filter(|u| matches!(u.scheme(), "smtp" | "smtps") && u.host().is_some())
                    .ok_or_else(|| {
                        // The URL may carry a password: never echo it.
                        fail(
                            "SMTP_URL",
                            "(hidden)",
                            "must be smtp://host:port or smtps://user:pass@host",
                        )
                    })?,
            ),
        };

        let outbox_dir =
            PathBuf::from(get("CONVOCA_OUTBOX_DIR").unwrap_or_else(|| "./outbox".to_owned()));

        let mail_from =
            get("CONVOCA_MAIL_FROM").unwrap_or_else(|| "Convoca <no-reply@localhost>".to_owned());
        if !looks_like_mailbox(&mail_from) {
            return Err(fail(
                "CONVOCA_MAIL_FROM",
                &mail_from,
                "must be `Name <address@host>` or `address@host`",
            ));
        }

        let tick_text = get("CONVOCA_TICK_SECONDS").unwrap_or_else(|| "60".to_owned());
        let tick = tick_text
            .parse::<u64>()
            .ok()
            .filter(|s| (1..=86_400).contains(s))
            .map(Duration::from_secs)
            .ok_or_else(|| {
                fail(
                    "CONVOCA_TICK_SECONDS",
                    &tick_text,
                    "must be a whole number of seconds from 1 to 86400",
                )
            })?;

        let retention_text = get("CONVOCA_RETENTION_DAYS").unwrap_or_else(|| "365".to_owned());
        let retention_days = retention_text
            .parse::<u32>()
            .ok()
            .filter(|d| (1..=36_500).contains(d))
            .ok_or_else(|| {
                fail(
                    "CONVOCA_RETENTION_DAYS",
                    &retention_text,
                    "must be a whole number of days from 1 to 36500",
                )
            })?;

        let secret_key = match get("CONVOCA_SECRET_KEY") {
            Some(key) if key.trim().len() < 32 => {
                return Err(fail(
                    "CONVOCA_SECRET_KEY",
                    "(hidden)",
                    "must be at least 32 characters",
                ));
            }
            key => key,
        };

        let secret_key_file = get("CONVOCA_SECRET_KEY_FILE")
            .map(PathBuf::from)
            .or_else(|| sqlite_path(&database_url).map(|db| db.with_file_name("convoca.key")));

        let limit_text = get("CONVOCA_RATE_LIMIT_PER_MINUTE").unwrap_or_else(|| "30".to_owned());
        let rate_limit_per_minute = limit_text
            .parse::<u32>()
            .ok()
            .filter(|n| *n <= 1_000_000)
            .ok_or_else(|| {
                fail(
                    "CONVOCA_RATE_LIMIT_PER_MINUTE",
                    &limit_text,
                    "must be a whole number (0 turns the limit off)",
                )
            })?;

        let trusted_proxies = match get("CONVOCA_TRUSTED_PROXIES") {
            None => Vec::new(),
            Some(text) => networks(&text).ok_or_else(|| {
                fail(
                    "CONVOCA_TRUSTED_PROXIES",
                    &text,
                    "must be addresses or networks separated by commas, e.g. 10.0.0.5, 10.1.0.0/16",
                )
            })?,
        };

        let cors_origins = match get("CONVOCA_CORS_ORIGINS") {
            None => Vec::new(),
            Some(text) => origins(&text).ok_or_else(|| {
                fail(
                    "CONVOCA_CORS_ORIGINS",
                    &text,
                    "must be origins separated by commas, e.g. https://agenda.quito.gob.ec",
                )
            })?,
        };

        let metrics_allow = match get("CONVOCA_METRICS_ALLOW") {
            None => networks("127.0.0.0/8, ::1").unwrap_or_default(),
            Some(text) => networks(&text).ok_or_else(|| {
                fail(
                    "CONVOCA_METRICS_ALLOW",
                    &text,
                    "must be addresses or networks separated by commas, e.g. 127.0.0.1, 10.0.0.0/8",
                )
            })?,
        };

        let idle_text = get("CONVOCA_IDLE_TIMEOUT_SECONDS").unwrap_or_else(|| "30".to_owned());
        let idle_timeout = idle_text
            .parse::<u64>()
            .ok()
            .filter(|s| (1..=3_600).contains(s))
            .map(Duration::from_secs)
            .ok_or_else(|| {
                fail(
                    "CONVOCA_IDLE_TIMEOUT_SECONDS",
                    &idle_text,
                    "must be a whole number of seconds from 1 to 3600",
                )
            })?;

        let dkim_key = get("CONVOCA_DKIM_KEY").map(Secret);
        let dkim_selector = get("CONVOCA_DKIM_SELECTOR").unwrap_or_else(|| "convoca".to_owned());
        // A DNS label: letters, digits and hyphens, dot-separated (RFC 6376 §3.1).
        if !dkim_selector.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        }) {
            return Err(fail(
                "CONVOCA_DKIM_SELECTOR",
                &dkim_selector,
                "must be a DNS name such as convoca or mail2026",
            ));
        }

        Ok(Self {
            database_url,
            bind,
            public_url,
            smtp_url,
            outbox_dir,
            mail_from,
            tick,
            retention_days,
            secret_key,
            secret_key_file,
            rate_limit_per_minute,
            trusted_proxies,
            cors_origins,
            metrics_allow,
            idle_timeout,
            dkim_key,
            dkim_selector,
        })
    }

    /// Whether the database is PostgreSQL (several instances may share it).
    pub fn is_postgres(&self) -> bool {
        self.database_url.starts_with("postgres")
    }

    /// The public base URL as text, without a trailing slash, ready for `format!("{base}/…")`.
    pub fn public_base(&self) -> &str {
        self.public_url.as_str().trim_end_matches('/')
    }

    /// The page where a person manages their registration (`/r/{token}`).
    pub fn manage_url(&self, manage_token: &str) -> String {
        format!("{}/r/{manage_token}", self.public_base())
    }

    /// The page that turns a registration's reminders off (`/r/{token}/reminders`): the
    /// reminders' `List-Unsubscribe` link, which also takes RFC 8058's one-click POST.
    pub fn reminders_url(&self, manage_token: &str) -> String {
        format!("{}/reminders", self.manage_url(manage_token))
    }

    /// The page of an event (`/festivals/{slug}/events/{id}`).
    pub fn event_url(&self, festival_slug: &str, event_id: uuid::Uuid) -> String {
        format!(
            "{}/festivals/{festival_slug}/events/{event_id}",
            self.public_base()
        )
    }

    /// A person's own calendar feed.
    pub fn calendar_url(&self, feed_token: &str) -> String {
        format!("{}/feeds/people/{feed_token}.ics", self.public_base())
    }

    /// The console's one-time sign-in link (`/console/sign-in/{token}`).
    pub fn sign_in_url(&self, sign_in_token: &str) -> String {
        format!("{}/console/sign-in/{sign_in_token}", self.public_base())
    }

    /// The console page a door member's phone opens from a registration's QR code.
    pub fn check_in_url(&self, registration_id: uuid::Uuid) -> String {
        format!("{}/console/check-in/{registration_id}", self.public_base())
    }
}

/// The file of a `sqlite://PATH?…` URL; `None` for PostgreSQL and in-memory databases.
fn sqlite_path(database_url: &str) -> Option<PathBuf> {
    let rest = database_url.strip_prefix("sqlite://")?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && !path.contains(":memory:")).then(|| PathBuf::from(path))
}

/// `10.0.0.5, 10.1.0.0/16, ::1`: single addresses become one-address networks.
fn networks(text: &str) -> Option<Vec<IpNet>> {
    text.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| {
            t.parse::<IpNet>()
                .ok()
                .or_else(|| t.parse::<IpAddr>().ok().map(IpNet::from))
        })
        .collect()
}

/// `https://a.example, http://localhost:3000`: scheme, host and optional port, nothing more.
fn origins(text: &str) -> Option<Vec<String>> {
    text.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| {
            let url = Url::parse(t).ok()?;
            let bare = matches!(url.scheme(), "http" | "https")
                && url.host().is_some()
                && url.path() == "/"
                && url.query().is_none()
                && url.username().is_empty();
            bare.then(|| url.origin().ascii_serialization())
        })
        .collect()
}

/// `Name <local@domain>` or `local@domain`, with no line breaks (it goes into a header).
fn looks_like_mailbox(text: &str) -> bool {
    if text.contains(['\r', '\n']) {
        return false;
    }
    let address = match (text.rfind('<'), text.strip_suffix('>')) {
        (Some(open), Some(inner)) => &inner[open + 1..],
        (None, None) => text,
        _ => return false,
    };
    validator::ValidateEmail::validate_email(&address.trim())
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|name| map.get(name).cloned())
    }

    #[test]
    fn defaults_match_the_contract() {
        let c = config(&[]).expect("defaults are valid");
        assert_eq!(c.database_url, "sqlite://convoca.db?mode=rwc");
        assert_eq!(c.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(c.public_base(), "http://127.0.0.1:8080");
        assert!(c.smtp_url.is_none());
        assert_eq!(c.outbox_dir, PathBuf::from("./outbox"));
        assert_eq!(c.mail_from, "Convoca <no-reply@localhost>");
        assert_eq!(c.tick, Duration::from_secs(60));
        assert_eq!(c.retention_days, 365);
        assert!(c.secret_key.is_none());
    }

    #[test]
    fn a_host_name_and_port_can_be_bound() {
        let c = config(&[("CONVOCA_BIND", "localhost:8080")]).expect("valid");
        assert!(c.bind.ip().is_loopback());
        assert_eq!(c.bind.port(), 8080);
    }

    #[test]
    fn a_dkim_key_never_shows_in_debug_output() {
        let c = config(&[("CONVOCA_DKIM_KEY", "-----BEGIN PRIVATE KEY-----\nMIIsecret")])
            .expect("valid");
        let shown = format!("{c:?}");
        assert!(!shown.contains("MIIsecret"), "{shown}");
        assert_eq!(c.dkim_selector, "convoca");
    }

    #[test]
    fn a_bad_value_names_its_variable() {
        for (name, value) in [
            ("DATABASE_URL", "mysql://x"),
            ("DATABASE_URL", "not a url"),
            ("CONVOCA_BIND", "localhost"),
            ("CONVOCA_PUBLIC_URL", "ftp://x"),
            ("SMTP_URL", "http://mail"),
            ("CONVOCA_MAIL_FROM", "nobody"),
            ("CONVOCA_TICK_SECONDS", "0"),
            ("CONVOCA_RETENTION_DAYS", "0"),
            ("CONVOCA_SECRET_KEY", "short"),
            ("CONVOCA_RATE_LIMIT_PER_MINUTE", "-1"),
            ("CONVOCA_TRUSTED_PROXIES", "proxy.local"),
            ("CONVOCA_CORS_ORIGINS", "*"),
            ("CONVOCA_METRICS_ALLOW", "everyone"),
            ("CONVOCA_IDLE_TIMEOUT_SECONDS", "0"),
            ("CONVOCA_DKIM_SELECTOR", "bad selector"),
            ("CONVOCA_DKIM_SELECTOR", "a..b"),
        ] {
            let err = config(&[(name, value)]).expect_err(name);
            assert_eq!(err.variable, name);
            assert!(err.to_string().starts_with(name), "{err}");
        }
    }

    #[test]
    fn a_bad_smtp_url_is_named_without_its_password() {
        let err = config(&[("SMTP_URL", "smtpx://user:s3cret@mail")]).expect_err("bad scheme");
        assert_eq!(err.variable, "SMTP_URL");
        assert!(!err.to_string().contains("s3cret"), "{err}");
    }

    #[test]
    fn the_key_file_sits_beside_the_sqlite_file_only() {
        let c = config(&[(
            "DATABASE_URL",
            "sqlite:///var/lib/convoca/convoca.db?mode=rwc",
        )])
        .expect("valid");
        assert_eq!(
            c.secret_key_file,
            Some(PathBuf::from("/var/lib/convoca/convoca.key"))
        );
        let c = config(&[("DATABASE_URL", "postgres://db/convoca")]).expect("valid");
        assert_eq!(c.secret_key_file, None);
    }

    #[test]
    fn lists_of_networks_and_origins() {
        let c = config(&[
            ("CONVOCA_TRUSTED_PROXIES", "10.0.0.5, 10.1.0.0/16"),
            (
                "CONVOCA_CORS_ORIGINS",
                "https://agenda.quito.gob.ec/, http://localhost:3000",
            ),
        ])
        .expect("valid");
        assert_eq!(c.trusted_proxies.len(), 2);
        assert!(c.trusted_proxies[1].contains(&"10.1.2.3".parse::<IpAddr>().expect("ip")));
        assert_eq!(
            c.cors_origins,
            vec!["https://agenda.quito.gob.ec", "http://localhost:3000"]
        );
        let defaults = config(&[]).expect("valid");
        assert!(
            defaults
                .metrics_allow
                .iter()
                .any(|n| n.contains(&"127.0.0.1".parse::<IpAddr>().expect("ip")))
        );
        assert_eq!(defaults.rate_limit_per_minute, 30);
    }

    #[test]
    fn public_url_loses_its_trailing_slash() {
        let c = config(&[("CONVOCA_PUBLIC_URL", "https://agenda.quito.gob.ec/")]).expect("valid");
        assert_eq!(c.public_base(), "https://agenda.quito.gob.ec");
    }
}
