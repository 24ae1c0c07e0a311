//! `tldoc serve`: the site built into memory, served over HTTP, rebuilt on every save, and
//! reloaded in the browser when the new build is in place.
//!
//! One job a part: `watch` turns file events into lists of changed inputs; `build` turns
//! those into a build; `Shared`, here, holds the build being served and swaps in a new one
//! only when it succeeded, telling the pages through `livereload`; `http` answers requests
//! from whatever build is current, through `paths`, which keeps every request inside the site.
//! Nothing is written to disk: `public/` is the business of `tldoc build`.
//!
//! Threads: the main thread accepts connections and gives each its own thread, for as long as
//! `conn`'s limits of time allow (a client that is slow to send or to read holds up only
//! itself, and not for long); one thread rebuilds, so builds never overlap; one owns the
//! live-reload streams, which hold no other thread; notify runs its own.

mod build;
mod conn;
mod http;
mod livereload;
mod paths;
mod watch;

/// The request-path normaliser, for the fuzz target `paths` and its regression tests only: not
/// an API, and hidden from the documentation.
#[doc(hidden)]
pub mod fuzzing {
    pub use super::paths::{BasePath, Target, resolve};
}

use std::collections::HashMap;
use std::convert::Infallible;
use std::io::Write as _;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::diagnostic::{Diagnostic, Severity};

use self::build::{Builder, Files, Terminal};
use self::livereload::{Hub, Status};
use self::paths::BasePath;

/// What `tldoc serve` was asked for.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site directory.
    pub site: PathBuf,
    /// The address to listen on.
    pub interface: IpAddr,
    /// The port to listen on (the next free one when it is taken; any when 0).
    pub port: u16,
    /// The URL the site will be published at; only its path is used, to serve the site under
    /// it as the host will.
    pub base_url: Option<String>,
    /// Whether to open the site in the default browser.
    pub open: bool,
}

/// How many ports, from the one asked for, are tried before giving up.
const PORT_TRIES: u16 = 20;

/// Builds the site and serves it until the process is stopped; returns only when it cannot go
/// on (the site is missing, no port can be had, the server fails).
pub fn serve(options: &Options) -> Result<Infallible, Diagnostic> {
    let fail = |message: String| Diagnostic::new(Severity::Error, message);
    let root = std::fs::canonicalize(&options.site)
        .ok()
        .filter(|root| root.is_dir())
        .ok_or_else(|| {
            fail(format!("no site at `{}`", options.site.display()))
                .with_note("give the site's directory, the one holding `schema/`")
        })?;
    let base = match &options.base_url {
        Some(url) => BasePath::from_base_url(url).map_err(fail)?,
        None => BasePath::default(),
    };
    let listener = bind(options.interface, options.port)?;
    let port = listener
        .local_addr()
        .map_err(|error| fail(format!("cannot read the address listened on: {error}")))?
        .port();
    let url = format!(
        "http://{}{}",
        url_host(options.interface, port),
        base.prefix()
    );

    // Watching starts before the first build, so that a save made during it is not missed.
    let watcher = match watch::Watcher::start(&root) {
        Ok(watcher) => Some(watcher),
        Err(message) => {
            eprintln!("warning: {message}; pages will not reload by themselves");
            None
        }
    };
    let mut builder = Builder::new(root, url.clone());
    let hub = Hub::start().map_err(|error| fail(format!("cannot start a thread: {error}")))?;
    let shared = Arc::new(Shared::new(hub, base));
    let mut terminal = Terminal::default();
    let first = builder.rebuild(&[]);
    terminal.report(&first, None);
    shared.publish(first.files, &first.overlay);

    let _ = writeln!(
        std::io::stdout(),
        "serving `{}` at {url} (Ctrl+C stops)",
        options.site.display()
    );
    if options.open
        && let Err(error) = open::that_detached(&url)
    {
        eprintln!("warning: cannot open a browser: {error}");
    }
    if let Some(watcher) = watcher {
        let shared = Arc::clone(&shared);
        std::thread::Builder::new()
            .name("tldoc-rebuild".to_owned())
            .spawn(move || {
                watcher.run(|changed| {
                    let build = builder.rebuild(changed);
                    terminal.report(&build, Some(changed));
                    shared.publish(build.files, &build.overlay);
                });
            })
            .map_err(|error| fail(format!("cannot start a thread: {error}")))?;
    }
    let streams = Arc::clone(&shared);
    conn::serve(
        &listener,
        move |request| http::handle(request, &shared),
        move |socket| streams.subscribe(Box::new(socket)),
    )
}

/// Listens on `port`, or the next free one when it is taken (any free one when it is 0).
fn bind(interface: IpAddr, port: u16) -> Result<TcpListener, Diagnostic> {
    let last = if port == 0 {
        0
    } else {
        port.saturating_add(PORT_TRIES - 1)
    };
    for candidate in port..=last {
        let address = SocketAddr::new(interface, candidate);
        match listen(address) {
            Ok(listener) => {
                if candidate != port {
                    let _ = writeln!(
                        std::io::stdout(),
                        "port {port} is taken; using port {candidate}"
                    );
                }
                return Ok(listener);
            }
            Err(error) if error.kind() == std::io::ErrorKind::AddrInUse => {}
            Err(error) => {
                return Err(Diagnostic::new(
                    Severity::Error,
                    format!("cannot listen on {address}: {error}"),
                ));
            }
        }
    }
    Err(Diagnostic::new(
        Severity::Error,
        format!("ports {port} to {last} on {interface} are all taken"),
    )
    .with_note("pick another with `-p PORT`, or any free one with `-p 0`"))
}

fn listen(address: SocketAddr) -> std::io::Result<TcpListener> {
    use socket2::{Domain, Protocol, Socket, Type};
    let socket = Socket::new(
        Domain::for_address(address),
        Type::STREAM,
        Some(Protocol::TCP),
    )?;
    // As std's `TcpListener::bind` does on Unix: a restarted server may take its port back
    // while the last run's connections linger. (On Windows it would allow stealing a port.)
    #[cfg(unix)]
    socket.set_reuse_address(true)?;
    socket.bind(&address.into())?;
    socket.listen(1024)?;
    Ok(socket.into())
}

/// The host and port of the printed URL: an unspecified address (listening everywhere) is
/// reached through loopback.
fn url_host(interface: IpAddr, port: u16) -> String {
    match interface {
        IpAddr::V4(ip) if ip.is_unspecified() => format!("127.0.0.1:{port}"),
        IpAddr::V4(ip) => format!("{ip}:{port}"),
        IpAddr::V6(ip) if ip.is_unspecified() => format!("[::1]:{port}"),
        IpAddr::V6(ip) => format!("[{ip}]:{port}"),
    }
}

/// The build being served.
struct Snapshot {
    /// Counts the good builds of this run; 0 before the first.
    generation: u64,
    /// Every file of the last good build, by path relative to the site's root.
    files: Arc<HashMap<String, Arc<Vec<u8>>>>,
    /// What the live-reload channel says: which build this is, and the errors of the last
    /// build when it failed.
    status: Status,
}

/// What the request threads and the rebuilding thread share.
struct Shared {
    current: RwLock<Arc<Snapshot>>,
    hub: Hub,
    base: BasePath,
    /// Tells this run's builds from another's, so that a page served before a restart reloads
    /// after it: letters and digits only (it goes into an HTML attribute).
    run: String,
}

impl Shared {
    fn new(hub: Hub, base: BasePath) -> Shared {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| since.as_nanos());
        let run = format!("{nanos:x}{:x}", std::process::id());
        let empty = Snapshot {
            generation: 0,
            files: Arc::default(),
            status: Status {
                build: format!("{run}-0"),
                overlay: None,
            },
        };
        Shared {
            current: RwLock::new(Arc::new(empty)),
            hub,
            base,
            run,
        }
    }

    /// The build being served.
    fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.current.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Serves `files` from now on when there are some; otherwise keeps the last good build and
    /// shows `errors` over it. Either way every page listening is told, of the same errors again
    /// too: a page whose overlay was clicked away shows it once more.
    fn publish(&self, files: Option<Files>, errors: &str) {
        let mut current = self.current.write().unwrap_or_else(PoisonError::into_inner);
        let next = match files {
            Some(files) => {
                let generation = current.generation + 1;
                // `Arc::new` moves the bytes; `Arc<[u8]>` would copy every one of them, tens of
                // megabytes for a large site.
                let files = match files {
                    Files::All(files) => files
                        .into_iter()
                        .map(|(path, bytes)| (path, Arc::new(bytes)))
                        .collect(),
                    Files::Changed(changed) => {
                        let mut files = HashMap::clone(&current.files);
                        files.extend(
                            changed
                                .into_iter()
                                .map(|(path, bytes)| (path, Arc::new(bytes))),
                        );
                        files
                    }
                };
                Snapshot {
                    generation,
                    files: Arc::new(files),
                    status: Status {
                        build: format!("{}-{generation}", self.run),
                        overlay: None,
                    },
                }
            }
            None => Snapshot {
                generation: current.generation,
                files: Arc::clone(&current.files),
                status: Status {
                    build: current.status.build.clone(),
                    overlay: Some(livereload::overlay_html(errors, current.generation > 0)),
                },
            },
        };
        // Told under the lock, so that no stream joining meanwhile hears of an older build
        // after this one (see `Shared::subscribe`).
        self.hub.broadcast(next.status.events());
        *current = Arc::new(next);
    }

    /// Adds a live-reload stream, which starts with the current status.
    fn subscribe(&self, writer: Box<dyn std::io::Write + Send>) {
        let current = self.current.read().unwrap_or_else(PoisonError::into_inner);
        self.hub
            .join(writer, livereload::stream_start(&current.status));
    }
}
