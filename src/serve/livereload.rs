//! Live reload: the Server-Sent Events channel at [`ENDPOINT`], and what served pages get so
//! that they listen to it.
//!
//! Every served HTML page carries a small script with the id of the build it came from. The
//! script opens an `EventSource` on [`ENDPOINT`]; the server sends the current state when it
//! connects and again after every rebuild: an `overlay` event (the errors of a failed build as
//! HTML, or empty) and a `build` event (the id of the build being served). A page whose id is
//! not the one announced reloads, so it reloads only once the new build is in place, and also
//! after a restart of the server, when `EventSource` reconnects by itself and hears a new id.
//!
//! Events go out on the stream's socket itself, which its connection hands over (see
//! `conn`), so a stream holds no thread of its own. One thread owns every open stream. Nothing
//! else writes to them, so no lock is held while writing to a slow client, and a client that
//! has gone is found by the next write to it, the heartbeat at the latest, and dropped with its
//! socket: no thread or buffer is left behind. (The socket's write timeout,
//! `conn::STREAM_WRITE_TIMEOUT`, bounds how long a client that stops reading can hold that
//! thread.)

use std::io::Write;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use crate::html::escape_html;

/// The path of the event stream, at the server's root whatever the base path.
pub(crate) const ENDPOINT: &str = "/__livereload";

/// How often an idle stream gets a comment line, to find clients that have gone.
const HEARTBEAT: Duration = Duration::from_secs(5);

/// How long a browser waits before reconnecting to a stream that closed, in milliseconds.
const RETRY_MS: u32 = 500;

/// The id of the element that shows a failed build's errors.
const OVERLAY_ID: &str = "tldoc-live-overlay";

/// What served pages run: reload when the server announces another build, show or hide the
/// error overlay when told. `data-build` on the script element is the page's own build.
const SCRIPT: &str = r#"(function () {
  var build = document.currentScript.getAttribute("data-build");
  var source = new EventSource("/__livereload");
  source.addEventListener("overlay", function (event) {
    var overlay = document.getElementById("tldoc-live-overlay");
    if (!event.data) {
      if (overlay) overlay.remove();
      return;
    }
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "tldoc-live-overlay";
      document.body.appendChild(overlay);
    }
    overlay.innerHTML = event.data;
  });
  document.addEventListener("click", function (event) {
    var overlay = document.getElementById("tldoc-live-overlay");
    if (overlay && overlay.contains(event.target)) overlay.remove();
  });
  source.addEventListener("build", function (event) {
    if (event.data !== build) {
      source.close();
      location.reload();
    }
  });
})();"#;

/// What the live-reload channel says about the site being served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Status {
    /// The id of the build being served.
    pub(crate) build: String,
    /// The errors of the last build, when it failed, as HTML (see [`overlay_html`]).
    pub(crate) overlay: Option<String>,
}

impl Status {
    /// The two events that tell a page this status: the overlay first, so that a page about to
    /// reload does not flash it.
    pub(crate) fn events(&self) -> Vec<u8> {
        let mut out = event("overlay", self.overlay.as_deref().unwrap_or_default());
        out.extend(event("build", &self.build));
        out
    }
}

/// One event in the `text/event-stream` format: every line of `data` gets its own `data:`
/// field, since a line break inside one would end it.
fn event(name: &str, data: &str) -> Vec<u8> {
    let mut out = format!("event: {name}\n");
    for line in data.split(['\r', '\n']) {
        out.push_str("data: ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out.into_bytes()
}

/// The overlay shown over every page while the site does not build: `errors` (diagnostics as
/// printed, without colour) escaped into a `<pre>`, with styles of its own so that no theme
/// hides it. `built` says whether an earlier build is being served beneath it.
pub(crate) fn overlay_html(errors: &str, built: bool) -> String {
    let beneath = if built {
        "The site does not build; beneath is the last build that did (click to see it)."
    } else {
        "The site does not build yet."
    };
    // `all:unset` first: the site's own styles (a theme's `pre`, say) must not reach in.
    format!(
        "<div role=\"alert\" style=\"all:unset;display:block;position:fixed;inset:0;\
         z-index:2147483647;overflow:auto;box-sizing:border-box;padding:2rem;\
         background:rgba(24,24,27,.94);color:#f4f4f5;\
         font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace\">\
         <p style=\"all:unset;display:block;margin:0 0 1rem;color:#fca5a5;font-weight:bold\">\
         {beneath} Once the error is fixed, the page reloads.</p>\
         <pre style=\"all:unset;display:block;white-space:pre-wrap\">{}</pre></div>",
        escape_html(errors.trim_end())
    )
}

/// `html` with the live-reload script, and the overlay when `status` has one, before
/// `</body>` (at the end when there is none).
pub(crate) fn inject(html: &[u8], status: &Status) -> Vec<u8> {
    let mut insert = String::new();
    if let Some(overlay) = &status.overlay {
        insert.push_str(&format!("<div id=\"{OVERLAY_ID}\">{overlay}</div>"));
    }
    // The build id is made of letters, digits and `-` (see `serve::Snapshot`): safe in an
    // attribute as it is.
    insert.push_str(&format!(
        "<script data-build=\"{}\">{SCRIPT}</script>",
        status.build
    ));
    let at = last_body_close(html).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + insert.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(insert.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn last_body_close(html: &[u8]) -> Option<usize> {
    const CLOSE: &[u8] = b"</body";
    html.windows(CLOSE.len())
        .rposition(|window| window.eq_ignore_ascii_case(CLOSE))
}

/// The response head of an event stream; the body runs until the connection closes.
pub(crate) const STREAM_HEAD: &[u8] = b"HTTP/1.1 200 OK\r\n\
Content-Type: text/event-stream; charset=utf-8\r\n\
Cache-Control: no-store\r\n\
X-Content-Type-Options: nosniff\r\n\
Connection: close\r\n\r\n";

/// The start of a new stream: its head, how soon to reconnect, and the current status.
pub(crate) fn stream_start(status: &Status) -> Vec<u8> {
    let mut out = STREAM_HEAD.to_vec();
    out.extend(format!("retry: {RETRY_MS}\n\n").into_bytes());
    out.extend(status.events());
    out
}

enum Message {
    /// A new stream and the bytes it starts with.
    Join(Box<dyn Write + Send>, Vec<u8>),
    /// Bytes for every stream.
    Broadcast(Vec<u8>),
}

/// The open event streams, owned by one thread; see the module's comment.
pub(crate) struct Hub {
    sender: Sender<Message>,
}

impl Hub {
    /// Starts the thread that owns the streams.
    pub(crate) fn start() -> std::io::Result<Hub> {
        let (sender, receiver) = mpsc::channel();
        std::thread::Builder::new()
            .name("tldoc-livereload".to_owned())
            .spawn(move || run(&receiver, HEARTBEAT))?;
        Ok(Hub { sender })
    }

    /// Adds a stream, which first gets `start` (see [`stream_start`]). Messages are handled in
    /// the order they are sent, so a caller that sends this and [`Hub::broadcast`] under one
    /// lock keeps every stream in step with what it was told first.
    pub(crate) fn join(&self, writer: Box<dyn Write + Send>, start: Vec<u8>) {
        // The thread lives as long as the process; were it gone, dropping the writer is all
        // that is left to do.
        let _ = self.sender.send(Message::Join(writer, start));
    }

    /// Sends `bytes` to every stream.
    pub(crate) fn broadcast(&self, bytes: Vec<u8>) {
        let _ = self.sender.send(Message::Broadcast(bytes));
    }
}

fn run(receiver: &Receiver<Message>, heartbeat: Duration) {
    let mut streams = Streams::default();
    let mut next_beat = Instant::now() + heartbeat;
    loop {
        match receiver.recv_timeout(next_beat.saturating_duration_since(Instant::now())) {
            Ok(Message::Join(writer, start)) => streams.join(writer, &start),
            Ok(Message::Broadcast(bytes)) => streams.broadcast(&bytes),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
        // Checked after every message too, so that a steady flow of joins cannot starve it.
        if Instant::now() >= next_beat {
            streams.broadcast(b":\n\n");
            next_beat = Instant::now() + heartbeat;
        }
    }
}

/// The writers of the open streams.
#[derive(Default)]
struct Streams {
    writers: Vec<Box<dyn Write + Send>>,
}

impl Streams {
    fn join(&mut self, mut writer: Box<dyn Write + Send>, start: &[u8]) {
        if send(&mut writer, start) {
            self.writers.push(writer);
        }
    }

    /// Sends `bytes` to every stream, dropping those that fail.
    fn broadcast(&mut self, bytes: &[u8]) {
        self.writers.retain_mut(|writer| send(writer, bytes));
    }
}

fn send(writer: &mut Box<dyn Write + Send>, bytes: &[u8]) -> bool {
    writer
        .write_all(bytes)
        .and_then(|()| writer.flush())
        .is_ok()
}

#[cfg(test)]
mod tests {
    use std::io;
    use std::sync::{Arc, Mutex};

    use super::*;

    /// A stream whose bytes the test can read, and which fails once `gone` is set, as a socket
    /// does once its client has closed.
    #[derive(Clone, Default)]
    struct Client {
        received: Arc<Mutex<Vec<u8>>>,
        gone: Arc<Mutex<bool>>,
    }

    impl Write for Client {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            if *self.gone.lock().unwrap() {
                return Err(io::ErrorKind::BrokenPipe.into());
            }
            self.received.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Client {
        fn text(&self) -> String {
            String::from_utf8(self.received.lock().unwrap().clone()).unwrap()
        }
    }

    #[test]
    fn the_script_uses_the_endpoint_and_the_overlay_id() {
        assert!(SCRIPT.contains(&format!("new EventSource(\"{ENDPOINT}\")")));
        assert!(SCRIPT.contains(&format!("getElementById(\"{OVERLAY_ID}\")")));
        assert!(SCRIPT.contains(&format!("overlay.id = \"{OVERLAY_ID}\"")));
    }

    #[test]
    fn events_frame_every_line() {
        let status = Status {
            build: "a-1".to_owned(),
            overlay: Some("one\ntwo\r\nthree".to_owned()),
        };
        assert_eq!(
            String::from_utf8(status.events()).unwrap(),
            "event: overlay\ndata: one\ndata: two\ndata: \ndata: three\n\n\
             event: build\ndata: a-1\n\n"
        );
        let fixed = Status {
            overlay: None,
            ..status
        };
        assert!(
            String::from_utf8(fixed.events())
                .unwrap()
                .starts_with("event: overlay\ndata: \n\n")
        );
    }

    #[test]
    fn clients_that_went_away_are_dropped() {
        let mut streams = Streams::default();
        let (stays, leaves) = (Client::default(), Client::default());
        streams.join(Box::new(stays.clone()), b"hello\n");
        streams.join(Box::new(leaves.clone()), b"hello\n");
        *leaves.gone.lock().unwrap() = true;
        streams.broadcast(b"ping\n");
        assert_eq!(streams.writers.len(), 1);
        assert_eq!(stays.text(), "hello\nping\n");
        assert_eq!(leaves.text(), "hello\n");
    }

    #[test]
    fn the_hub_thread_heartbeats_and_stops_with_its_sender() {
        let (sender, receiver) = mpsc::channel();
        let thread = std::thread::spawn(move || run(&receiver, Duration::from_millis(10)));
        let client = Client::default();
        sender
            .send(Message::Join(Box::new(client.clone()), b"start\n".to_vec()))
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(5);
        while !client.text().contains(":\n\n") && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        assert!(
            client.text().starts_with("start\n:\n\n"),
            "{}",
            client.text()
        );
        drop(sender);
        thread.join().unwrap();
    }

    #[test]
    fn injection_goes_before_the_last_body_close() {
        let status = Status {
            build: "b-2".to_owned(),
            overlay: Some(overlay_html("error: <bad> & \"worse\"", true)),
        };
        let html = inject(b"<html><body><p>x</p></BODY></html>", &status);
        let html = String::from_utf8(html).unwrap();
        assert!(html.starts_with("<html><body><p>x</p><div id=\"tldoc-live-overlay\">"));
        assert!(html.contains("error: &lt;bad&gt; &amp; &quot;worse&quot;"));
        assert!(html.contains("<script data-build=\"b-2\">"));
        assert!(html.ends_with("</script></BODY></html>"));
        let bare = String::from_utf8(inject(b"text", &status)).unwrap();
        assert!(bare.starts_with("text<div"));
    }
}
