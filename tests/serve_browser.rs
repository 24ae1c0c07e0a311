//! `tldoc serve` in a real browser: headless Chromium, driven over the DevTools protocol, shows
//! a page, then its new text after the content file is saved, without being told to reload;
//! then the error overlay of a broken save, then the fixed page.
//!
//! The protocol is spoken by a few lines over `tungstenite` rather than through a browser-driving
//! crate: one command and its answer is all this needs, and `headless_chrome` would bring its
//! own dependency tree (and a browser downloader) for it. Chromium comes from Debian's
//! `chromium` package (`.ci/run` installs it); without it the test says so and passes, except
//! in CI (see `tests/common/tools.rs`).

mod common;

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tungstenite::{Message, WebSocket};

use common::TestSite;
use common::serve::{PATIENCE, Server};
use common::tools;

/// A headless Chromium, stopped when dropped.
struct Browser {
    child: Child,
    /// Its profile, fresh for each run.
    _profile: tempfile::TempDir,
    socket: WebSocket<TcpStream>,
    next_id: u64,
}

impl Browser {
    fn start(chromium: &Path) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let mut child = Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("chromium starts");
        // Chromium says where its DevTools endpoint is on stderr; the rest of stderr is drained
        // so that it never blocks on a full pipe.
        let stderr = child.stderr.take().unwrap();
        let (found, endpoint) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(at) = line.find("ws://") {
                    let _ = found.send(line[at..].trim().to_owned());
                }
            }
        });
        let url = endpoint
            .recv_timeout(PATIENCE)
            .expect("chromium prints its DevTools endpoint");
        let address = url["ws://".len()..].split('/').next().unwrap();
        let stream = TcpStream::connect(address).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        let (socket, _) = tungstenite::client(url.as_str(), stream).expect("a DevTools socket");
        Browser {
            child,
            _profile: profile,
            socket,
            next_id: 0,
        }
    }

    /// Sends a DevTools command (to a page when `session` is given) and returns its result, or
    /// the error it gave.
    fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Result<Value, Value> {
        self.next_id += 1;
        let id = self.next_id;
        let mut command = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            command["sessionId"] = json!(session);
        }
        self.socket
            .send(Message::text(command.to_string()))
            .expect("a command sent");
        loop {
            let message = self.socket.read().expect("an answer");
            let Message::Text(text) = message else {
                continue;
            };
            let answer: Value = serde_json::from_str(text.as_str()).unwrap();
            if answer["id"] == json!(id) {
                return match answer.get("error") {
                    Some(error) => Err(error.clone()),
                    None => Ok(answer["result"].clone()),
                };
            }
        }
    }

    /// Opens `url` in a new tab and returns the tab's session.
    fn open(&mut self, url: &str) -> String {
        let target = self
            .call(None, "Target.createTarget", json!({ "url": url }))
            .expect("a new tab");
        let attached = self
            .call(
                None,
                "Target.attachToTarget",
                json!({ "targetId": target["targetId"], "flatten": true }),
            )
            .expect("the tab attached");
        attached["sessionId"].as_str().unwrap().to_owned()
    }

    /// The value of a JavaScript expression in the page; `null` when it has none, or while the
    /// page is being replaced by its reload.
    fn evaluate(&mut self, session: &str, expression: &str) -> Value {
        self.call(
            Some(session),
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true }),
        )
        .map_or(Value::Null, |result| result["result"]["value"].clone())
    }

    /// Waits until `expression` gives `true` in the page.
    fn wait_until(&mut self, session: &str, expression: &str) {
        let deadline = Instant::now() + PATIENCE;
        while self.evaluate(session, expression) != json!(true) {
            assert!(
                Instant::now() < deadline,
                "never true in the page: {expression}"
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn content(body: &str) -> String {
    format!("---\ndescription: Logs out.\n---\n\n{body}\n")
}

const TEXT: &str = "document.body.innerText";

const OVERLAY: &str = "document.getElementById('tldoc-live-overlay')";

#[test]
fn the_open_page_follows_every_save_in_a_real_browser() {
    let Some(chromium) = tools::require("all", tools::CHROMIUM.find()) else {
        return;
    };
    let page = content("First words.");
    let site = TestSite::new(&[
        (
            "schema/api.tl",
            "boolFalse#bc799737 = Bool;\nboolTrue#997275b5 = Bool;\n---functions---\nauth.logOut = Bool;\n",
        ),
        ("content/methods/auth.logOut.md", &page),
    ]);
    let file = site.path().join("content/methods/auth.logOut.md");
    let server = Server::start(site.path(), &[]);
    let mut browser = Browser::start(&chromium);
    let tab = browser.open(&format!("{}methods/auth.logOut.html", server.url));
    browser.wait_until(&tab, &format!("{TEXT}.includes('First words.')"));
    // Gone if the page is loaded anew: proof that the page reloaded by itself.
    browser.evaluate(&tab, "window.beforeTheSave = true");

    std::fs::write(&file, content("Second words.")).unwrap();
    browser.wait_until(&tab, &format!("{TEXT}.includes('Second words.')"));
    assert_eq!(browser.evaluate(&tab, "window.beforeTheSave"), Value::Null);

    std::fs::write(&file, "---\ndescription: [unclosed\n---\n").unwrap();
    browser.wait_until(
        &tab,
        &format!("{OVERLAY} !== null && {OVERLAY}.innerText.includes('content/methods/auth.logOut.md:2:14')"),
    );
    assert_eq!(
        browser.evaluate(&tab, &format!("{TEXT}.includes('Second words.')")),
        json!(true),
        "the last good page stays under the overlay"
    );

    std::fs::write(&file, content("Third words.")).unwrap();
    browser.wait_until(
        &tab,
        &format!("{TEXT}.includes('Third words.') && {OVERLAY} === null"),
    );
}
