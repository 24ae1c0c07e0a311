//! Connections: accepting them, reading requests under limits of size and time, writing
//! responses.
//!
//! A small HTTP/1.1 server of our own, on `std::net` and `httparse` (hyper's parser): the
//! server this replaced, tiny_http, reads request heads with no limit of time or size on
//! sockets it accepts itself, so a client that connects and sends nothing, or sends its headers
//! a byte at a time, held one of its threads for as long as it liked, and enough of them held
//! every thread the process could make. Here every connection has its own thread, and
//! everything a client can make it wait for is bounded:
//!
//! - a request's head must arrive whole within [`HEAD_TIMEOUT`] of the server starting to wait
//!   for it (so an idle kept-alive connection is closed after that too), and hold at most
//!   [`MAX_HEAD`] bytes;
//! - a response must be taken by the client within [`RESPONSE_TIMEOUT`], however slowly it
//!   reads;
//! - at most [`MAX_CONNECTIONS`] connections are served at once; one more is answered 503 and
//!   closed at once.
//!
//! A live-reload stream holds no thread: its socket is handed to the thread that owns every
//! stream (`livereload::Hub`), and its connection thread ends.

use std::io::{ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime};

/// How long the server waits for a whole request head, from the connection's start or the end
/// of the previous response on it.
pub(crate) const HEAD_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a client may take to read a whole response.
pub(crate) const RESPONSE_TIMEOUT: Duration = Duration::from_secs(30);

/// How long one write to a live-reload stream may block before its client is given up on.
pub(crate) const STREAM_WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// The largest request head read: a browser's is under 2 KiB.
pub(crate) const MAX_HEAD: usize = 16 * 1024;

/// The most header fields a request may have.
const MAX_HEADERS: usize = 64;

/// The most connections served at once (live-reload streams, which hold no thread, apart).
pub(crate) const MAX_CONNECTIONS: usize = 512;

/// Responses are written in pieces this large, each within what is left of
/// [`RESPONSE_TIMEOUT`].
const WRITE_CHUNK: usize = 64 * 1024;

/// The request methods the server tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    Get,
    Head,
    Other,
}

/// A request head.
#[derive(Debug)]
pub(crate) struct Request {
    pub(crate) method: Method,
    /// The request target as sent (`/path?query`).
    pub(crate) target: String,
    /// Whether the client will send another request on this connection.
    keep_alive: bool,
    /// Whether a body follows the head (it is never read).
    body: bool,
}

/// A response's body: bytes of its own, or a file of the build being served.
pub(crate) enum Body {
    Owned(Vec<u8>),
    Shared(Arc<Vec<u8>>),
}

impl Body {
    fn bytes(&self) -> &[u8] {
        match self {
            Body::Owned(bytes) => bytes,
            Body::Shared(bytes) => bytes,
        }
    }
}

/// A response, written with a `Content-Length`.
pub(crate) struct Response {
    pub(crate) status: u16,
    /// Header fields besides `Content-Length`, `Connection` and `Date`, which are added.
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Body,
}

/// What a handler makes of a request.
pub(crate) enum Answer {
    /// A response, after which the connection serves the next request if the client wants.
    Response(Response),
    /// The live-reload stream: the socket is given to `stream`, which writes the response.
    Stream,
}

/// Accepts connections on `listener` for as long as the process runs, each served on its own
/// thread by `handle` (and `stream` for the live-reload stream). A failure to accept (no file
/// descriptor left, say) is waited out, never the end of the server.
pub(crate) fn serve<H, S>(listener: &TcpListener, handle: H, stream: S) -> !
where
    H: Fn(&Request) -> Answer + Send + Sync + 'static,
    S: Fn(TcpStream) + Send + Sync + 'static,
{
    let handlers = Arc::new((handle, stream));
    let open = Arc::new(AtomicUsize::new(0));
    let mut warned = false;
    loop {
        let socket = match listener.accept() {
            Ok((socket, _)) => socket,
            Err(error) => {
                // Out of descriptors or memory, or a connection reset before it was taken:
                // the next accept may well work.
                if !warned && error.kind() != ErrorKind::ConnectionAborted {
                    eprintln!("warning: cannot accept a connection: {error}; retrying");
                    warned = true;
                }
                std::thread::sleep(Duration::from_millis(50));
                continue;
            }
        };
        if open.fetch_add(1, Ordering::AcqRel) >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::AcqRel);
            refuse(socket);
            continue;
        }
        let slot = Slot(Arc::clone(&open));
        let handlers = Arc::clone(&handlers);
        let spawned = std::thread::Builder::new()
            .name("tldoc-http".to_owned())
            .spawn(move || {
                let _slot = slot;
                connection(socket, &handlers.0, &handlers.1);
            });
        // When no thread can be had, the socket is closed with the closure.
        if spawned.is_err() && !warned {
            eprintln!("warning: cannot start a thread for a connection; it was closed");
            warned = true;
        }
    }
}

/// A connection counted in the open ones until dropped.
struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Answers a connection over [`MAX_CONNECTIONS`] with 503 and closes it. The answer fits in
/// the empty send buffer of a new socket, so this never blocks the accepting thread.
fn refuse(mut socket: TcpStream) {
    let _ = socket.set_nonblocking(true);
    let response = Response {
        status: 503,
        headers: vec![
            ("Content-Type", "text/plain; charset=utf-8".to_owned()),
            ("Retry-After", "1".to_owned()),
        ],
        body: Body::Owned(b"too many connections\n".to_vec()),
    };
    let _ = socket.write_all(&head(&response, false, response.body.bytes().len()));
    let _ = socket.write_all(response.body.bytes());
}

/// Serves the requests of one connection until it closes, fails, times out or becomes a
/// live-reload stream.
fn connection(
    mut socket: TcpStream,
    handle: &impl Fn(&Request) -> Answer,
    stream: &impl Fn(TcpStream),
) {
    // Heads and small bodies go out at once, without waiting for the client's acknowledgement
    // of an earlier segment (Nagle's algorithm would hold them up to 40 ms).
    let _ = socket.set_nodelay(true);
    let mut buffer = Vec::with_capacity(2048);
    loop {
        let request = match read_request(&mut socket, &mut buffer) {
            Ok(request) => request,
            Err(Failure::Closed) => return,
            Err(Failure::Answer(status, why)) => {
                if write_response(&mut socket, &text(status, why), false, false).is_ok() {
                    linger(socket);
                }
                return;
            }
        };
        match handle(&request) {
            Answer::Response(response) => {
                let head_only = request.method == Method::Head;
                let keep_alive = request.keep_alive;
                if write_response(&mut socket, &response, head_only, keep_alive).is_err() {
                    return;
                }
                if !keep_alive {
                    // Bytes still coming or unread would reset the connection at its close.
                    if request.body || !buffer.is_empty() {
                        linger(socket);
                    }
                    return;
                }
            }
            Answer::Stream => {
                let _ = socket.set_read_timeout(None);
                let _ = socket.set_write_timeout(Some(STREAM_WRITE_TIMEOUT));
                return stream(socket);
            }
        }
    }
}

/// How long a closing connection is read from, at most, for what the client was still
/// sending.
const LINGER: Duration = Duration::from_secs(1);

/// Closes a connection whose client may still be sending (a head too large, a body not
/// read): the response is sent, then what comes in is read and dropped for a while, since
/// closing a socket with unread bytes resets the connection, and the client could lose the
/// response before reading it.
fn linger(mut socket: TcpStream) {
    if socket.shutdown(std::net::Shutdown::Write).is_err() {
        return;
    }
    let deadline = Instant::now() + LINGER;
    let mut chunk = [0; 4096];
    for _ in 0..256 {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || socket.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match socket.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
    }
}

/// Why no request was read.
#[derive(Debug, PartialEq, Eq)]
enum Failure {
    /// The client closed, went silent between requests, or the socket failed: nothing to say.
    Closed,
    /// A request that cannot be served: its status and why, after which the connection
    /// closes.
    Answer(u16, &'static str),
}

/// Reads one request head from `socket`, `buffer` holding what was read past the last one.
fn read_request(socket: &mut TcpStream, buffer: &mut Vec<u8>) -> Result<Request, Failure> {
    let deadline = Instant::now() + HEAD_TIMEOUT;
    let mut chunk = [0; 4096];
    loop {
        if !buffer.is_empty() {
            match parse(buffer)? {
                Some((request, len)) => {
                    buffer.drain(..len);
                    return Ok(request);
                }
                None if buffer.len() >= MAX_HEAD => {
                    return Err(Failure::Answer(431, "the request head is too large"));
                }
                None => {}
            }
        }
        let left = deadline.saturating_duration_since(Instant::now());
        let timed_out = if buffer.is_empty() {
            // An idle connection between requests: closed without a word, as browsers expect.
            Failure::Closed
        } else {
            Failure::Answer(408, "the request head did not arrive in time")
        };
        if left.is_zero() || socket.set_read_timeout(Some(left)).is_err() {
            return Err(timed_out);
        }
        match socket.read(&mut chunk) {
            Ok(0) => return Err(Failure::Closed),
            Ok(read) => buffer.extend_from_slice(&chunk[..read]),
            Err(error) if matches!(error.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return Err(timed_out);
            }
            Err(error) if error.kind() == ErrorKind::Interrupted => {}
            Err(_) => return Err(Failure::Closed),
        }
    }
}

/// The request whose head starts `bytes`, and the head's length; `None` while it is not whole.
fn parse(bytes: &[u8]) -> Result<Option<(Request, usize)>, Failure> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut headers);
    let len = match parsed.parse(bytes) {
        Ok(httparse::Status::Complete(len)) => len,
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(httparse::Error::TooManyHeaders) => {
            return Err(Failure::Answer(
                431,
                "the request has too many header fields",
            ));
        }
        Err(httparse::Error::Version) => {
            return Err(Failure::Answer(
                505,
                "only HTTP/1.0 and HTTP/1.1 are served",
            ));
        }
        Err(_) => return Err(Failure::Answer(400, "the request is not well-formed HTTP")),
    };
    let method = match parsed.method {
        Some("GET") => Method::Get,
        Some("HEAD") => Method::Head,
        _ => Method::Other,
    };
    let target = parsed.path.unwrap_or_default().to_owned();
    let has = |name: &str, token: &str| {
        parsed.headers.iter().any(|header| {
            header.name.eq_ignore_ascii_case(name)
                && String::from_utf8_lossy(header.value)
                    .split(',')
                    .any(|value| value.trim().eq_ignore_ascii_case(token))
        })
    };
    // A request with a body (which no GET or HEAD of a browser has) is answered, and the
    // connection closed rather than the body read.
    let body = parsed.headers.iter().any(|header| {
        header.name.eq_ignore_ascii_case("transfer-encoding")
            || (header.name.eq_ignore_ascii_case("content-length")
                && header
                    .value
                    .iter()
                    .any(|&b| b != b'0' && !b.is_ascii_whitespace()))
    });
    let keep_alive = !body
        && match parsed.version {
            Some(1) => !has("connection", "close"),
            _ => has("connection", "keep-alive"),
        };
    Ok(Some((
        Request {
            method,
            target,
            keep_alive,
            body,
        },
        len,
    )))
}

/// A plain-text response.
pub(crate) fn text(status: u16, message: &str) -> Response {
    Response {
        status,
        headers: vec![("Content-Type", "text/plain; charset=utf-8".to_owned())],
        body: Body::Owned(format!("{message}\n").into_bytes()),
    }
}

/// Writes `response` (its head alone when `head_only`) within [`RESPONSE_TIMEOUT`].
fn write_response(
    socket: &mut TcpStream,
    response: &Response,
    head_only: bool,
    keep_alive: bool,
) -> std::io::Result<()> {
    let body = response.body.bytes();
    let mut out = head(response, keep_alive, body.len());
    let body = if head_only { &[][..] } else { body };
    // One write for a small response; a large body goes after its head, from where it is.
    if body.len() <= WRITE_CHUNK {
        out.extend_from_slice(body);
        return write_within(socket, &out, Instant::now() + RESPONSE_TIMEOUT);
    }
    let deadline = Instant::now() + RESPONSE_TIMEOUT;
    write_within(socket, &out, deadline)?;
    write_within(socket, body, deadline)
}

/// Writes all of `bytes` before `deadline`, however slowly the client reads.
fn write_within(
    socket: &mut TcpStream,
    mut bytes: &[u8],
    deadline: Instant,
) -> std::io::Result<()> {
    while !bytes.is_empty() {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(ErrorKind::TimedOut.into());
        }
        socket.set_write_timeout(Some(left))?;
        match socket.write(&bytes[..bytes.len().min(WRITE_CHUNK)]) {
            Ok(0) => return Err(ErrorKind::WriteZero.into()),
            Ok(written) => bytes = &bytes[written..],
            Err(error) if error.kind() == ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(())
}

/// A response's status line and header fields, with `Content-Length: len`.
fn head(response: &Response, keep_alive: bool, len: usize) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {} {}\r\nDate: {}\r\nContent-Length: {len}\r\nConnection: {}\r\n",
        response.status,
        reason(response.status),
        httpdate::fmt_http_date(SystemTime::now()),
        if keep_alive { "keep-alive" } else { "close" },
    );
    for (name, value) in &response.headers {
        out.push_str(name);
        out.push_str(": ");
        out.push_str(value);
        out.push_str("\r\n");
    }
    out.push_str("\r\n");
    out.into_bytes()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responses_carry_the_date() {
        let response = Response {
            status: 404,
            headers: Vec::new(),
            body: Body::Owned(Vec::new()),
        };
        let head = String::from_utf8(head(&response, false, 0)).unwrap();
        let date = head
            .lines()
            .find_map(|line| line.strip_prefix("Date: "))
            .expect("a Date field");
        let sent = httpdate::parse_http_date(date).expect("an HTTP date");
        let now = SystemTime::now();
        assert!(sent <= now && now.duration_since(sent).unwrap() < Duration::from_secs(5));
        assert!(head.starts_with("HTTP/1.1 404 Not Found\r\n"), "{head}");
    }

    fn request(bytes: &[u8]) -> Result<Option<(Request, usize)>, Failure> {
        parse(bytes)
    }

    #[test]
    fn heads_are_parsed_and_kept_alive_as_asked() {
        let (get, len) = request(b"GET /a?b HTTP/1.1\r\nHost: x\r\n\r\nGET /next")
            .unwrap()
            .unwrap();
        assert_eq!(
            (get.method, get.target.as_str(), get.keep_alive),
            (Method::Get, "/a?b", true)
        );
        assert_eq!(len, 30);
        let close = request(b"HEAD / HTTP/1.1\r\nConnection: Keep-Alive, Close\r\n\r\n");
        let close = close.unwrap().unwrap().0;
        assert_eq!((close.method, close.keep_alive), (Method::Head, false));
        let old = request(b"GET / HTTP/1.0\r\n\r\n").unwrap().unwrap().0;
        assert!(!old.keep_alive);
        let old = request(b"GET / HTTP/1.0\r\nconnection: keep-alive\r\n\r\n");
        assert!(old.unwrap().unwrap().0.keep_alive);
        let post = request(b"POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc");
        let post = post.unwrap().unwrap().0;
        assert_eq!((post.method, post.keep_alive), (Method::Other, false));
        let empty = request(b"POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
        assert!(empty.unwrap().unwrap().0.keep_alive);
    }

    #[test]
    fn partial_and_broken_heads() {
        assert!(request(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap().is_none());
        assert!(request(b"GE").unwrap().is_none());
        assert_eq!(
            request(b"GET / HTTP/2.0\r\n\r\n").err(),
            Some(Failure::Answer(
                505,
                "only HTTP/1.0 and HTTP/1.1 are served"
            ))
        );
        assert!(matches!(
            request(b"GET / HTTP/1.1\r\nBad Header\r\n\r\n"),
            Err(Failure::Answer(400, _))
        ));
        let many: String = (0..=MAX_HEADERS)
            .map(|n| format!("X-{n}: {n}\r\n"))
            .collect();
        assert!(matches!(
            request(format!("GET / HTTP/1.1\r\n{many}\r\n").as_bytes()),
            Err(Failure::Answer(431, _))
        ));
    }
}
