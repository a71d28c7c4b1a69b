//! A real headless Chromium for the tests of the server-rendered pages, driven over WebDriver
//! (Debian's `chromedriver`, through fantoccini), with axe-core to check WCAG 2.2 A/AA.
//!
//! The browser tests run only when `CONVOCA_TEST_BROWSER` is set (`.ci/run` sets it): then
//! [`Browser::start`] starts the browser or panics, so a CI that asks for them cannot pass
//! without them. Unset, it returns `None` and each browser test returns early, so the suite
//! still runs on a machine without Chromium. A page test reads:
//!
//! ```ignore
//! let Some(browser) = Browser::start(true).await else { return };
//! browser.goto(&format!("{}/festivals/quito", app.address)).await;
//! browser.assert_accessible("the festival's programme").await;
//! browser.close().await;
//! ```
//!
//! - Every request stays on 127.0.0.1: any other host name (`localhost` and
//!   `CONVOCA_PUBLIC_URL`'s host too) fails at once with `net::ERR_NAME_NOT_RESOLVED`, so a
//!   page that loads something from elsewhere fails its test instead of hanging on it.
//! - `Browser::start(false)` is a browser with JavaScript off (`scriptEnabled=false`), for the
//!   journeys that must work without it. Its page runs no script and fires no timer; WebDriver's
//!   own scripts ([`Browser::script`], and what the helpers use underneath) still run, so a
//!   no-JS journey must move only by clicks, typing and submitting, never by `script`.
//! - axe-core runs in both browsers and under the pages' Content-Security-Policy: WebDriver's
//!   scripts bypass the page's CSP. With JavaScript off the page's timers never fire, and
//!   axe waits on `setTimeout`; see [`Browser::accessibility_violations`] for how it still runs.
//! - The tests run on two threads, so two browsers at most run at once; each is a
//!   chromedriver with its Chromium (a few hundred MB), ended when the [`Browser`] is dropped,
//!   also when its test panics.

use std::{
    fmt,
    net::{Ipv4Addr, SocketAddr},
    os::unix::process::CommandExt,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::OnceLock,
    time::{Duration, Instant},
};

use fantoccini::{Client, ClientBuilder, Locator, elements::Element, error::CmdError};
use hyper_util::client::legacy::connect::HttpConnector;
use serde::Deserialize;
use serde_json::{Value, json};

/// The WCAG levels the pages must meet, as axe-core tags its rules (2.0, 2.1 and 2.2, A and
/// AA; 2.2 added no level A rule axe tests).
pub const WCAG_TAGS: [&str; 5] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/// Page loads and scripts (axe on a long page) that take longer than this fail the test.
const TIMEOUT: Duration = Duration::from_secs(30);

/// How long chromedriver may take to listen.
const DRIVER_START: Duration = Duration::from_secs(15);

/// A headless Chromium session with its own chromedriver. See the module's documentation.
pub struct Browser {
    client: Client,
    js: bool,
    // Declared last: dropped after the client, it kills chromedriver and Chromium.
    driver: Driver,
}

/// One accessibility rule a page breaks, as axe-core reports it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Violation {
    /// The rule, such as `image-alt` or `label`.
    pub id: String,
    /// `minor`, `moderate`, `serious` or `critical`.
    pub impact: Option<String>,
    /// What the rule asks for, in a sentence.
    pub help: String,
    pub help_url: String,
    /// How many elements break it.
    pub nodes: usize,
    /// CSS selectors of the first few of those elements.
    pub targets: Vec<String>,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({}): {}; {} element(s): {}; {}",
            self.id,
            self.impact.as_deref().unwrap_or("no impact given"),
            self.help,
            self.nodes,
            self.targets.join(", "),
            self.help_url
        )
    }
}

impl Browser {
    /// A new browser with JavaScript on (`js`) or off; `None` when `CONVOCA_TEST_BROWSER` is
    /// unset (or empty, or `0`). When it is set, a browser that cannot start is a panic.
    ///
    /// `CONVOCA_TEST_CHROMEDRIVER` names the driver (default: `chromedriver` on the PATH) and
    /// `CONVOCA_TEST_CHROMIUM` the browser (default: the one chromedriver finds,
    /// `/usr/bin/chromium` on Debian).
    pub async fn start(js: bool) -> Option<Browser> {
        match std::env::var("CONVOCA_TEST_BROWSER") {
            Ok(value) if !value.is_empty() && value != "0" => {}
            _ => {
                eprintln!(
                    "browser test skipped: CONVOCA_TEST_BROWSER is not set (the README says \
                     how to run the browser tests)"
                );
                return None;
            }
        }
        match Self::launch(js).await {
            Ok(browser) => Some(browser),
            Err(why) => panic!(
                "CONVOCA_TEST_BROWSER is set, so the browser tests must run, but the browser \
                 did not start: {why}"
            ),
        }
    }

    async fn launch(js: bool) -> Result<Browser, String> {
        let driver = Driver::spawn().await?;
        let mut args = vec![
            "--headless=new".to_owned(),
            // Root in a container has no user namespace for Chromium's sandbox.
            "--no-sandbox".to_owned(),
            // /dev/shm is 64 MB in many containers; Chromium crashes when it fills.
            "--disable-dev-shm-usage".to_owned(),
            "--window-size=1280,900".to_owned(),
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1".to_owned(),
            // A profile of our own, in the driver's temporary directory: removed with it,
            // also when the driver is killed before it could remove one of its own.
            format!("--user-data-dir={}", driver.profile().display()),
        ];
        if !js {
            args.push("--blink-settings=scriptEnabled=false".to_owned());
        }
        let mut chrome = json!({ "args": args });
        if let Some(binary) = std::env::var_os("CONVOCA_TEST_CHROMIUM") {
            chrome["binary"] = json!(binary.to_string_lossy());
        }
        let timeout = u64::try_from(TIMEOUT.as_millis()).unwrap_or(u64::MAX);
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": chrome,
            "timeouts": { "pageLoad": timeout, "script": timeout, "implicit": 0 },
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!("capabilities are an object")
        };
        // chromedriver listens on 127.0.0.1 only and speaks plain HTTP: no TLS to set up.
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await
            .map_err(|e| {
                format!(
                    "chromedriver did not open a Chromium session ({e}); is Debian's \
                     `chromium` installed, or CONVOCA_TEST_CHROMIUM set? {}",
                    driver.log_tail()
                )
            })?;
        Ok(Browser { client, js, driver })
    }

    /// Ends the session (Chromium closes its windows and exits), then stops chromedriver.
    /// Dropping a `Browser` without it kills both, which is enough for a test that panics.
    pub async fn close(self) {
        let Browser { client, driver, .. } = self;
        if let Err(e) = client.close().await {
            eprintln!("closing the browser session: {e}");
        }
        drop(driver);
    }

    /// Whether this browser runs the pages' JavaScript.
    pub fn js(&self) -> bool {
        self.js
    }

    /// The WebDriver client, for what the helpers below do not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Opens `url` and waits until it has loaded; panics if it cannot be loaded.
    pub async fn goto(&self, url: &str) {
        if let Err(e) = self.try_goto(url).await {
            panic!("the browser could not load {url}: {e}");
        }
    }

    /// Opens `url`, returning the error when it cannot be loaded (a host other than 127.0.0.1
    /// is `net::ERR_NAME_NOT_RESOLVED`).
    pub async fn try_goto(&self, url: &str) -> Result<(), CmdError> {
        self.client.goto(url).await
    }

    /// The address of the page shown now.
    pub async fn current_url(&self) -> url::Url {
        self.client
            .current_url()
            .await
            .expect("the browser gives its current URL")
    }

    /// The page's title.
    pub async fn title(&self) -> String {
        self.client
            .title()
            .await
            .expect("the browser gives the title")
    }

    /// The page's HTML as the browser has it now (after its scripts, if it runs any).
    pub async fn source(&self) -> String {
        self.client
            .source()
            .await
            .expect("the browser gives the page source")
    }

    /// The first element matching `css`; panics, naming the page, if there is none.
    pub async fn find(&self, css: &str) -> Element {
        match self.client.find(Locator::Css(css)).await {
            Ok(element) => element,
            Err(e) => panic!("no element `{css}` on {}: {e}", self.current_url().await),
        }
    }

    /// Every element matching `css`, in document order.
    pub async fn find_all(&self, css: &str) -> Vec<Element> {
        self.client
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("looking for `{css}`: {e}"))
    }

    /// Whether an element matches `css`.
    pub async fn exists(&self, css: &str) -> bool {
        !self.find_all(css).await.is_empty()
    }

    /// The rendered text of the first element matching `css` (as a person sees it: hidden
    /// elements give "").
    pub async fn text(&self, css: &str) -> String {
        let element = self.find(css).await;
        element
            .text()
            .await
            .unwrap_or_else(|e| panic!("reading the text of `{css}`: {e}"))
    }

    /// The attribute `name` of the first element matching `css`.
    pub async fn attr(&self, css: &str, name: &str) -> Option<String> {
        let element = self.find(css).await;
        element
            .attr(name)
            .await
            .unwrap_or_else(|e| panic!("reading `{name}` of `{css}`: {e}"))
    }

    /// Clicks the first element matching `css` as a person would (it must be visible and not
    /// covered), and waits for the page it opens, if any.
    pub async fn click(&self, css: &str) {
        let element = self.find(css).await;
        let navigates = opens_a_page(&element).await;
        self.click_and_follow(element, css, navigates).await;
    }

    /// Clicks `element`; when the click opens a page, waits until the page it was on is gone
    /// and the new one has loaded. WebDriver's click returns once the click is dispatched: with
    /// JavaScript on, before the next page arrives, so the next look would read the old one.
    async fn click_and_follow(&self, element: Element, what: &str, navigates: bool) {
        let old_page = if navigates {
            Some(self.find("html").await)
        } else {
            None
        };
        element
            .click()
            .await
            .unwrap_or_else(|e| panic!("clicking `{what}`: {e}"));
        let Some(old_page) = old_page else {
            return;
        };
        let deadline = std::time::Instant::now() + TIMEOUT;
        // The old page's root answers until the browser replaces the document; then it is a
        // stale element and every command on it fails.
        while old_page.tag_name().await.is_ok() {
            assert!(
                std::time::Instant::now() < deadline,
                "clicking `{what}` opened no page within {TIMEOUT:?}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        self.client
            .wait()
            .at_most(TIMEOUT)
            .for_element(Locator::Css("body"))
            .await
            .unwrap_or_else(|e| panic!("the page `{what}` opened has no body: {e}"));
    }

    /// Replaces the text of the field matching `css` by `text`, typing it.
    pub async fn fill(&self, css: &str, text: &str) {
        let element = self.find(css).await;
        element
            .clear()
            .await
            .unwrap_or_else(|e| panic!("clearing `{css}`: {e}"));
        element
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("typing into `{css}`: {e}"));
    }

    /// Chooses the option whose value is `value` in the `<select>` matching `css`.
    pub async fn select(&self, css: &str, value: &str) {
        let element = self.find(css).await;
        element
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("choosing `{value}` in `{css}`: {e}"));
    }

    /// Submits the form matching `form_css` by clicking its first submit button (as a person
    /// does, so it works without JavaScript), and waits for the page it opens.
    pub async fn submit(&self, form_css: &str) {
        let form = self.find(form_css).await;
        let button = form
            .find(Locator::Css(
                "button:not([type]), button[type=submit], input[type=submit], input[type=image]",
            ))
            .await
            .unwrap_or_else(|e| panic!("the form `{form_css}` has no submit button: {e}"));
        self.click_and_follow(button, form_css, true).await;
    }

    /// Waits until an element matching `css` is on the page (up to the harness's timeout): a
    /// click that submits a form returns once the request is sent, not once the next page
    /// has loaded.
    pub async fn wait_for(&self, css: &str) {
        self.client
            .wait()
            .at_most(TIMEOUT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no `{css}` appeared: {e}"));
    }

    /// Resizes the window; the page's viewport (`innerWidth`, what CSS media queries see)
    /// becomes `width` wide, also below Chromium's smallest window (500): 360 and 320 for
    /// phones.
    pub async fn set_window_size(&self, width: u32, height: u32) {
        self.client
            .set_window_size(width, height)
            .await
            .unwrap_or_else(|e| panic!("resizing the window to {width}×{height}: {e}"));
    }

    /// Saves a PNG of the viewport at `path` (creating its directory), for people to look at.
    pub async fn screenshot(&self, path: impl AsRef<Path>) {
        let path = path.as_ref();
        let png = self
            .client
            .screenshot()
            .await
            .expect("the browser takes a screenshot");
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .unwrap_or_else(|e| panic!("creating {}: {e}", dir.display()));
        }
        std::fs::write(path, png).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
    }

    /// Runs `javascript` (a function body: `return …` gives its value) through WebDriver. It
    /// runs in the no-JS browser too, and under any CSP: use it to look, not to move a journey.
    pub async fn script(&self, javascript: &str) -> Value {
        self.client
            .execute(javascript, Vec::new())
            .await
            .unwrap_or_else(|e| panic!("running a script: {e}"))
    }

    /// Checks the page shown now with axe-core against WCAG 2.2 A and AA ([`WCAG_TAGS`]).
    ///
    /// axe's `axe.min.js` is read from `CONVOCA_TEST_AXE` (default
    /// `$HOME/.cache/convoca-axe/node_modules/axe-core/axe.min.js`) and injected through
    /// WebDriver, which Chrome runs whatever the page's Content-Security-Policy says.
    ///
    /// With JavaScript off the page fires no timer, and axe yields with `setTimeout` between
    /// steps: it would never finish. In that browser the run replaces `setTimeout` for its
    /// duration: a delay of 0 or 1 ms (axe's yields) runs as a microtask, which still runs;
    /// longer ones (axe's guards: frames that do not answer, stylesheets that do not load) never
    /// fire, and WebDriver's script timeout stands in for them. The page's own scripts are off,
    /// so nothing but axe sees the replacement.
    pub async fn accessibility_violations(&self) -> Vec<Violation> {
        let loaded = self
            .client
            .execute("return typeof window.axe === 'object';", Vec::new())
            .await
            .unwrap_or_else(|e| panic!("looking for axe on the page: {e}"));
        if loaded != Value::Bool(true) {
            let inject = format!("{}\n;return typeof window.axe === 'object';", axe_source());
            let injected = self
                .client
                .execute(&inject, Vec::new())
                .await
                .unwrap_or_else(|e| panic!("injecting axe-core: {e}"));
            assert_eq!(
                injected,
                Value::Bool(true),
                "axe-core did not load into {}",
                self.current_url().await
            );
        }
        let options = json!({
            "runOnly": { "type": "tag", "values": WCAG_TAGS },
            "resultTypes": ["violations"],
        });
        let answer = self
            .client
            .execute_async(RUN_AXE, vec![options, Value::Bool(!self.js)])
            .await
            .unwrap_or_else(|e| panic!("running axe-core: {e}"));
        if let Some(error) = answer.get("error") {
            panic!("axe-core failed on {}: {error}", self.current_url().await);
        }
        serde_json::from_value(answer["violations"].clone())
            .unwrap_or_else(|e| panic!("reading axe-core's answer ({e}): {answer}"))
    }

    /// Panics, listing each violation on a line of its own, unless the page shown now meets
    /// WCAG 2.2 A and AA as far as axe-core can tell. `what` names the page in the message.
    pub async fn assert_accessible(&self, what: &str) {
        let violations = self.accessibility_violations().await;
        if violations.is_empty() {
            return;
        }
        let list: Vec<String> = violations.iter().map(|v| format!("  - {v}")).collect();
        panic!(
            "{what} ({}) breaks {} WCAG rule(s), by axe-core:\n{}",
            self.current_url().await,
            violations.len(),
            list.join("\n")
        );
    }
}

/// Runs axe (arguments: its options, whether to stand in for `setTimeout`, WebDriver's
/// callback) and answers `{violations}` or `{error}`.
const RUN_AXE: &str = r#"
const [options, noTimers, done] = arguments;
const realSetTimeout = window.setTimeout;
if (noTimers) {
  window.setTimeout = function (callback, delay, ...rest) {
    if (!(delay > 1)) Promise.resolve().then(() => callback(...rest));
    return 0;
  };
}
const target = (t) => (Array.isArray(t) ? t.join(" >>> ") : String(t));
axe
  .run(document, options)
  .then((result) => done({
    violations: result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.length,
      targets: v.nodes.slice(0, 5).map((n) => n.target.map(target).join(" ")),
    })),
  }))
  .catch((e) => done({ error: String((e && e.stack) || e) }))
  .finally(() => { window.setTimeout = realSetTimeout; });
"#;

/// The text of `axe.min.js`, read once.
fn axe_source() -> &'static str {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let path = match std::env::var_os("CONVOCA_TEST_AXE") {
            Some(path) => PathBuf::from(path),
            None => PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
                .join(".cache/convoca-axe/node_modules/axe-core/axe.min.js"),
        };
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "cannot read axe-core at {} ({e}): run `npm install --prefix \
                 $HOME/.cache/convoca-axe axe-core@4`, or set CONVOCA_TEST_AXE to its axe.min.js",
                path.display()
            )
        })
    })
}

/// A chromedriver process on a port of its own, with a temporary directory for its log and
/// Chromium's profile. Dropping it kills chromedriver and every Chromium process.
struct Driver {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl Driver {
    /// Starts chromedriver on a free port and waits until it listens. A port taken between
    /// choosing it and binding it makes chromedriver exit: then it tries another.
    async fn spawn() -> Result<Driver, String> {
        let program =
            std::env::var_os("CONVOCA_TEST_CHROMEDRIVER").unwrap_or_else(|| "chromedriver".into());
        let mut last_error = String::new();
        for _ in 0..3 {
            let dir = tempfile::tempdir().map_err(|e| format!("a temporary directory: {e}"))?;
            let port = free_port()?;
            let child = Command::new(&program)
                .arg(format!("--port={port}"))
                .arg(format!(
                    "--log-path={}",
                    dir.path().join("chromedriver.log").display()
                ))
                .arg("--log-level=WARNING")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                // A process group of its own, which the Chromium processes it starts join:
                // dropping the driver kills the group, so nothing outlives the test.
                .process_group(0)
                .spawn()
                .map_err(|e| {
                    format!(
                        "cannot run {} ({e}): install Debian's chromium-driver, or set \
                         CONVOCA_TEST_CHROMEDRIVER",
                        program.to_string_lossy()
                    )
                })?;
            let mut driver = Driver { child, port, dir };
            match driver.wait_until_listening().await {
                Ok(()) => return Ok(driver),
                Err(e) => last_error = e,
            }
        }
        Err(last_error)
    }

    async fn wait_until_listening(&mut self) -> Result<(), String> {
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, self.port));
        let deadline = Instant::now() + DRIVER_START;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!(
                    "chromedriver exited at start ({status}) {}",
                    self.log_tail()
                ));
            }
            if tokio::net::TcpStream::connect(address).await.is_ok() {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "chromedriver did not listen on {address} within {DRIVER_START:?} {}",
                    self.log_tail()
                ));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    fn profile(&self) -> PathBuf {
        self.dir.path().join("profile")
    }

    /// The end of chromedriver's log, to explain a failure to start.
    fn log_tail(&self) -> String {
        let log =
            std::fs::read_to_string(self.dir.path().join("chromedriver.log")).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        let tail = lines[lines.len().saturating_sub(20)..].join("\n");
        if tail.is_empty() {
            "(chromedriver logged nothing)".to_owned()
        } else {
            format!("chromedriver's log ends:\n{tail}")
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The group's id is chromedriver's pid (`process_group(0)`). Without `unsafe` there is
        // no kill(2) of a group from Rust's standard library: sh's `kill` does it.
        let group = format!("-{}", self.child.id());
        let _ = Command::new("sh")
            .args(["-c", "kill -s KILL -- \"$1\" 2>/dev/null", "sh", &group])
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port nobody listens on now.
fn free_port() -> Result<u16, String> {
    std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .map_err(|e| format!("no free port on 127.0.0.1: {e}"))
}

/// Whether clicking `element` opens a page: a link elsewhere than on this page, or a button
/// that submits its form. Checkboxes, radios and `#fragment` links do not.
async fn opens_a_page(element: &Element) -> bool {
    let attr = |name: &'static str| async move { element.attr(name).await.ok().flatten() };
    match element.tag_name().await.unwrap_or_default().as_str() {
        "a" => attr("href")
            .await
            .is_some_and(|href| !href.starts_with('#')),
        "button" => attr("type").await.is_none_or(|t| t == "submit"),
        "input" => attr("type")
            .await
            .is_some_and(|t| t == "submit" || t == "image"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    //! The harness's own tests: a tiny server of fixed pages on 127.0.0.1, each sent with the
    //! Content-Security-Policy the real pages send.

    use std::collections::BTreeMap;

    use futures::FutureExt;
    use poem::{
        EndpointExt, Route, Server,
        endpoint::make_sync,
        get, handler,
        listener::{Acceptor, Listener, TcpListener},
        middleware::SetHeader,
        post,
        web::{Form, Html},
    };

    use super::*;

    const CSP: &str = "default-src 'self'; script-src 'self'";

    /// An image without a text alternative and a field without a label, and an inline script
    /// that the CSP must stop.
    const BROKEN: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Broken</title></head>
<body><main><h1>Broken</h1>
<img src="/missing.png">
<form method="post" action="/result"><input name="q"><button>Search</button></form>
<p id="inline">the inline script did not run</p>
<script>document.getElementById("inline").textContent = "the inline script ran";</script>
</main></body></html>"#;

    const CLEAN: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Search</title></head>
<body><main><h1>Search</h1>
<form method="post" action="/result">
<label for="q">Words</label> <input id="q" name="q">
<label for="lang">Language</label>
<select id="lang" name="lang"><option value="es">Español</option><option value="en">English</option></select>
<button>Search</button>
</form></main></body></html>"#;

    /// A page whose own script (allowed by the CSP: same origin) changes a text.
    const SCRIPTED: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Scripted</title></head>
<body><main><h1>Scripted</h1>
<p id="state">no script ran</p>
<noscript><p id="noscript">scripts are off</p></noscript>
<script src="/state.js"></script>
</main></body></html>"#;

    const STATE_JS: &str =
        r#"document.getElementById("state").textContent = "the page's script ran";"#;

    #[handler]
    fn result(Form(fields): Form<BTreeMap<String, String>>) -> Html<String> {
        let echo: Vec<String> = fields.iter().map(|(k, v)| format!("{k}={v}")).collect();
        Html(format!(
            r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Result</title></head>
<body><main><h1>Result</h1><p id="echo">{}</p></main></body></html>"#,
            echo.join(" ")
        ))
    }

    /// Serves the pages on 127.0.0.1 and returns the base URL.
    async fn serve() -> String {
        let page = |body: &'static str| get(make_sync(move |_| Html(body)));
        let script = make_sync(|_| {
            poem::Response::builder()
                .content_type("text/javascript")
                .body(STATE_JS)
        });
        let app = Route::new()
            .at("/broken", page(BROKEN))
            .at("/clean", page(CLEAN))
            .at("/scripted", page(SCRIPTED))
            .at("/state.js", get(script))
            .at("/result", post(result))
            .with(SetHeader::new().overriding("Content-Security-Policy", CSP));
        let acceptor = TcpListener::bind("127.0.0.1:0")
            .into_acceptor()
            .await
            .expect("a port for the test pages");
        let port = acceptor
            .local_addr()
            .first()
            .and_then(|a| a.as_socket_addr().map(|s| s.port()))
            .expect("the port of the test pages");
        tokio::spawn(Server::new_with_acceptor(acceptor).run(app.map_to_response()));
        format!("http://127.0.0.1:{port}")
    }

    fn ids(violations: &[Violation]) -> Vec<&str> {
        violations.iter().map(|v| v.id.as_str()).collect()
    }

    #[tokio::test]
    async fn axe_finds_a_missing_alt_and_a_missing_label_under_the_csp() {
        let Some(browser) = Browser::start(true).await else {
            return;
        };
        let base = serve().await;
        let reply = reqwest::get(format!("{base}/broken"))
            .await
            .expect("the test page answers");
        assert_eq!(
            reply.headers()["content-security-policy"],
            CSP,
            "the page is served with the CSP"
        );

        browser.goto(&format!("{base}/broken")).await;
        assert_eq!(
            browser.text("#inline").await,
            "the inline script did not run",
            "the browser enforces the page's CSP"
        );
        let violations = browser.accessibility_violations().await;
        assert_eq!(ids(&violations), ["image-alt", "label"], "{violations:#?}");
        assert_eq!(violations[0].targets, ["img"]);
        assert_eq!(violations[1].targets, ["input"]);
        assert_eq!(violations[1].impact.as_deref(), Some("critical"));

        let failed = std::panic::AssertUnwindSafe(browser.assert_accessible("the broken page"))
            .catch_unwind()
            .await
            .expect_err("assert_accessible panics on the broken page");
        let message = failed
            .downcast_ref::<String>()
            .expect("a formatted panic message");
        assert!(
            message.contains("the broken page") && message.contains("\n  - image-alt (critical)"),
            "{message}"
        );
        browser.close().await;
    }

    #[tokio::test]
    async fn a_clean_page_has_no_violations_with_or_without_javascript() {
        let base = serve().await;
        for js in [true, false] {
            let Some(browser) = Browser::start(js).await else {
                return;
            };
            browser.goto(&format!("{base}/clean")).await;
            let violations = browser.accessibility_violations().await;
            assert!(violations.is_empty(), "js {js}: {violations:#?}");
            browser.assert_accessible("the clean page").await;
            // Run twice on one page: axe is injected once and runs again.
            browser.assert_accessible("the clean page, again").await;
            browser.close().await;
        }
    }

    #[tokio::test]
    async fn axe_runs_with_javascript_off() {
        let Some(browser) = Browser::start(false).await else {
            return;
        };
        let base = serve().await;
        browser.goto(&format!("{base}/broken")).await;
        let violations = browser.accessibility_violations().await;
        assert_eq!(ids(&violations), ["image-alt", "label"], "{violations:#?}");
        browser.close().await;
    }

    #[tokio::test]
    async fn the_no_js_browser_runs_no_script_of_the_page() {
        let base = serve().await;
        let Some(browser) = Browser::start(false).await else {
            return;
        };
        assert!(!browser.js());
        browser.goto(&format!("{base}/scripted")).await;
        assert_eq!(browser.text("#state").await, "no script ran");
        assert_eq!(browser.text("#noscript").await, "scripts are off");
        browser.close().await;

        // The same page in the other browser: its script runs, so the check above can fail.
        let browser = Browser::start(true)
            .await
            .expect("a browser, as the first one started");
        assert!(browser.js());
        browser.goto(&format!("{base}/scripted")).await;
        assert_eq!(browser.text("#state").await, "the page's script ran");
        assert!(!browser.exists("#noscript").await);
        browser.close().await;
    }

    #[tokio::test]
    async fn requests_off_127_0_0_1_fail_at_once() {
        let Some(browser) = Browser::start(true).await else {
            return;
        };
        let base = serve().await;
        let port = base.rsplit(':').next().expect("a port");
        // `localhost` resolves on any machine, network or not: only the resolver rule stops it.
        for url in [
            format!("http://localhost:{port}/clean"),
            "http://example.com/".to_owned(),
            "https://convoca.test/".to_owned(),
        ] {
            let started = Instant::now();
            let error = browser
                .try_goto(&url)
                .await
                .expect_err("a host other than 127.0.0.1 does not load");
            assert!(
                error.to_string().contains("ERR_NAME_NOT_RESOLVED"),
                "{url}: {error}"
            );
            assert!(started.elapsed() < Duration::from_secs(5), "{url} was slow");
        }
        browser.goto(&format!("{base}/clean")).await;
        assert_eq!(browser.title().await, "Search");
        browser.close().await;
    }

    #[tokio::test]
    async fn a_journey_without_javascript_on_a_phone() {
        let Some(browser) = Browser::start(false).await else {
            return;
        };
        let base = serve().await;
        browser.goto(&format!("{base}/clean")).await;
        for width in [360, 320] {
            browser.set_window_size(width, 800).await;
            assert_eq!(
                browser.script("return window.innerWidth;").await,
                json!(width),
                "the viewport is as wide as the window"
            );
        }
        let shots = tempfile::tempdir().expect("a temporary directory");
        let shot = shots.path().join("phone/clean.png");
        browser.screenshot(&shot).await;
        let png = std::fs::read(&shot).expect("the screenshot is written");
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");

        assert_eq!(browser.attr("#q", "name").await.as_deref(), Some("q"));
        browser.fill("#q", "robótica").await;
        browser.fill("#q", "robótica para niñas").await;
        browser.select("#lang", "en").await;
        browser.submit("form").await;
        assert_eq!(browser.current_url().await.path(), "/result");
        assert_eq!(browser.title().await, "Result");
        assert_eq!(browser.text("#echo").await, "lang=en q=robótica para niñas");
        assert!(browser.source().await.contains("q=robótica para niñas"));
        assert_eq!(browser.find_all("main > *").await.len(), 2);

        browser.goto(&format!("{base}/clean")).await;
        browser.fill("#q", "huertos").await;
        browser.click("button").await;
        assert_eq!(browser.text("#echo").await, "lang=es q=huertos");
        browser
            .client()
            .back()
            .await
            .expect("the browser goes back");
        assert_eq!(browser.title().await, "Search");
        browser.close().await;
    }
}
