//! Driving `tldoc serve` as a browser would, over loopback only: the server on a free port (its
//! URL read from what it prints), a raw HTTP client that sends targets exactly as written (no
//! client library would send `/../x` unnormalised), and a reader of the live-reload stream.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a test waits for anything before failing: generous, since CI machines are shared.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// A running `tldoc serve`, stopped when dropped.
pub struct Server {
    child: Child,
    /// The URL it printed, e.g. `http://127.0.0.1:40123/`.
    pub url: String,
    /// `host:port`.
    pub address: String,
    /// What it printed on stdout after the URL, line by line.
    pub stdout: Receiver<String>,
    /// Everything printed on stdout up to the URL.
    pub banner: String,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    /// Starts `tldoc serve SITE ARGS` (with `-p 0` unless ARGS has a port) and waits for its
    /// URL.
    pub fn start(site: &Path, args: &[&str]) -> Server {
        Server::start_with_env(site, args, &[])
    }

    /// [`Server::start`] with more environment variables.
    pub fn start_with_env(site: &Path, args: &[&str], env: &[(&str, &OsStr)]) -> Server {
        let any_port: &[&str] = if args.contains(&"-p") {
            &[]
        } else {
            &["-p", "0"]
        };
        let mut child = Command::new(env!("CARGO_BIN_EXE_tldoc"))
            .arg("serve")
            .arg(site)
            .args(any_port)
            .args(args)
            .env("NO_COLOR", "1")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("tldoc runs");
        let stderr = Arc::new(Mutex::new(String::new()));
        let errors = child.stderr.take().expect("piped stderr");
        let sink = Arc::clone(&stderr);
        std::thread::spawn(move || {
            for line in BufReader::new(errors).lines().map_while(Result::ok) {
                let mut sink = sink.lock().unwrap();
                sink.push_str(&line);
                sink.push('\n');
            }
        });
        let output = child.stdout.take().expect("piped stdout");
        let (lines, stdout) = mpsc::channel::<String>();
        std::thread::spawn(move || {
            for line in BufReader::new(output).lines().map_while(Result::ok) {
                if lines.send(line).is_err() {
                    break;
                }
            }
        });
        let mut banner = String::new();
        let url = loop {
            let line = stdout
                .recv_timeout(PATIENCE)
                .unwrap_or_else(|_| panic!("tldoc serve printed no URL; it printed:\n{banner}"));
            banner.push_str(&line);
            banner.push('\n');
            if let Some(at) = line.find("http://") {
                break line[at..].split_whitespace().next().unwrap().to_owned();
            }
        };
        let address = url["http://".len()..].split('/').next().unwrap().to_owned();
        Server {
            child,
            url,
            address,
            stdout,
            banner,
            stderr,
        }
    }

    /// What it printed on stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits until stderr holds `text`.
    pub fn wait_for_stderr(&self, text: &str) {
        self.wait_for_stderr_times(text, 1);
    }

    /// Waits until stderr holds `text` at least `times` times.
    pub fn wait_for_stderr_times(&self, text: &str, times: usize) {
        let deadline = Instant::now() + PATIENCE;
        while self.stderr().matches(text).count() < times {
            assert!(
                Instant::now() < deadline,
                "tldoc serve never printed {text:?} {times} times on stderr:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The process id, for looking at it in /proc.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// `GET target`.
    pub fn get(&self, target: &str) -> Response {
        self.request("GET", target)
    }

    /// `METHOD target`, the target sent as written.
    pub fn request(&self, method: &str, target: &str) -> Response {
        self.send(&format!(
            "{method} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.address
        ))
        .unwrap_or_else(|error| panic!("{method} {target}: {error}"))
    }

    /// Sends `raw` as the request and reads the response until the server closes.
    pub fn send(&self, raw: &str) -> std::io::Result<Response> {
        send(&self.address, raw)
    }

    /// Opens the live-reload stream.
    pub fn events(&self) -> Events {
        let stream = TcpStream::connect(&self.address).expect("connects");
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        let mut writer = stream.try_clone().unwrap();
        write!(
            writer,
            "GET /__livereload HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            self.address
        )
        .unwrap();
        let mut reader = BufReader::new(stream);
        let mut head = String::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).expect("a response head");
            if line == "\r\n" || line.is_empty() {
                break;
            }
            head.push_str(&line);
        }
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(
            head.to_ascii_lowercase()
                .contains("content-type: text/event-stream"),
            "{head}"
        );
        Events { reader }
    }

    /// Waits for a line on stdout containing `text`.
    pub fn wait_for_output(&self, text: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.stdout.recv_timeout(left) {
                Ok(line) if line.contains(text) => return line,
                Ok(_) => {}
                Err(_) => break,
            }
        }
        panic!("tldoc serve never printed {text:?}");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            eprintln!("tldoc serve printed on stderr:\n{}", self.stderr());
        }
    }
}

/// Sends `raw` to `address` (`host:port`) and reads the response until the server closes.
pub fn send(address: &str, raw: &str) -> std::io::Result<Response> {
    let mut stream = TcpStream::connect(address)?;
    stream.set_read_timeout(Some(PATIENCE))?;
    stream.write_all(raw.as_bytes())?;
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes)?;
    Response::parse(&bytes)
        .ok_or_else(|| std::io::Error::other(format!("not an HTTP response: {bytes:?}")))
}

/// One HTTP response.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    /// Names lower-cased.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    fn parse(bytes: &[u8]) -> Option<Response> {
        let end = bytes.windows(4).position(|w| w == b"\r\n\r\n")?;
        let head = std::str::from_utf8(&bytes[..end]).ok()?;
        let mut lines = head.split("\r\n");
        let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
        let headers: Vec<(String, String)> = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
            .collect();
        let mut body = bytes[end + 4..].to_vec();
        let chunked = headers
            .iter()
            .any(|(name, value)| name == "transfer-encoding" && value.contains("chunked"));
        if chunked {
            body = dechunk(&body)?;
        }
        Some(Response {
            status,
            headers,
            body,
        })
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn dechunk(mut bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = bytes.windows(2).position(|w| w == b"\r\n")?;
        let size = std::str::from_utf8(&bytes[..line_end]).ok()?;
        let size = usize::from_str_radix(size.split(';').next()?.trim(), 16).ok()?;
        bytes = &bytes[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(bytes.get(..size)?);
        bytes = bytes.get(size + 2..)?;
    }
}

/// The live-reload stream of a server.
pub struct Events {
    reader: BufReader<TcpStream>,
}

/// One server-sent event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub name: String,
    pub data: String,
}

impl Events {
    /// The next event (comments and `retry:` are skipped); panics after [`PATIENCE`], however
    /// many heartbeats come meanwhile.
    pub fn next(&mut self) -> Event {
        let deadline = Instant::now() + PATIENCE;
        let mut name = String::new();
        let mut data: Vec<String> = Vec::new();
        loop {
            assert!(Instant::now() < deadline, "no event for {PATIENCE:?}");
            let mut line = String::new();
            let read = self
                .reader
                .read_line(&mut line)
                .expect("the stream goes on");
            assert!(read > 0, "the stream ended");
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                if !name.is_empty() || !data.is_empty() {
                    return Event {
                        name,
                        data: data.join("\n"),
                    };
                }
                continue;
            }
            if let Some(value) = line.strip_prefix("event:") {
                name = value.trim_start().to_owned();
            } else if let Some(value) = line.strip_prefix("data:") {
                data.push(value.strip_prefix(' ').unwrap_or(value).to_owned());
            }
        }
    }

    /// The next event called `name` whose data passes `test`, skipping others; panics after
    /// [`PATIENCE`].
    pub fn until(&mut self, name: &str, test: impl Fn(&str) -> bool) -> Event {
        let deadline = Instant::now() + PATIENCE;
        loop {
            assert!(
                Instant::now() < deadline,
                "no `{name}` event as expected for {PATIENCE:?}"
            );
            let event = self.next();
            if event.name == name && test(&event.data) {
                return event;
            }
        }
    }
}
