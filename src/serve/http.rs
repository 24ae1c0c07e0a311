//! Answering one request from the build being served.
//!
//! GET and HEAD only; the target goes through [`paths::resolve`] before anything is looked up.
//! A directory is answered with its `index.html`, and a directory named without its trailing
//! `/` is redirected to it, as static hosts do, so that the pages' relative links resolve. What
//! is missing gets the site's own `404.html`. HTML pages get the live-reload script on the way
//! out; the build itself never has it.

use std::io::{Cursor, Read};
use std::sync::Arc;

use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::livereload::{self, ENDPOINT};
use super::paths::{self, Target};
use super::{Shared, Snapshot};

/// Answers `request`. A client that has gone by the time the answer is written is no error.
pub(crate) fn handle(request: Request, shared: &Shared) {
    let target = request.url().to_owned();
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (target.as_str(), None),
    };
    let head = match request.method() {
        Method::Get => false,
        Method::Head => true,
        _ => {
            let allow = header("Allow", "GET, HEAD");
            return send(request, text(405, "only GET and HEAD are served"), allow);
        }
    };
    if path == ENDPOINT {
        if head {
            let stream = header("Content-Type", "text/event-stream; charset=utf-8");
            return send(
                request,
                Response::new_empty(StatusCode(200)).boxed(),
                stream,
            );
        }
        return shared.subscribe(request.into_writer());
    }
    let snapshot = shared.snapshot();
    let response = match paths::resolve(path, &shared.base) {
        Target::Bad(why) => text(400, why),
        Target::Forbidden => text(403, "that path leads out of the site"),
        // The printed URL has the base path; this helps whoever types the host alone.
        Target::OutsideBase if path == "/" => redirect(&shared.base.prefix(), query),
        Target::OutsideBase => not_found(&snapshot),
        Target::Site { path, dir } => site_file(&snapshot, &shared.base, &path, dir, query),
    };
    send(request, response, None);
}

fn site_file(
    snapshot: &Snapshot,
    base: &paths::BasePath,
    path: &str,
    dir: bool,
    query: Option<&str>,
) -> Response<Box<dyn Read + Send>> {
    let index = if path.is_empty() {
        "index.html".to_owned()
    } else {
        format!("{path}/index.html")
    };
    let key = if dir { index.as_str() } else { path };
    if let Some(bytes) = snapshot.files.get(key) {
        return file(200, key, bytes, snapshot);
    }
    if !dir && snapshot.files.contains_key(&index) {
        return redirect(&base.url(path, true), query);
    }
    not_found(snapshot)
}

/// The site's `404.html` with status 404; before the site has ever built, a page that shows
/// why, with status 503.
fn not_found(snapshot: &Snapshot) -> Response<Box<dyn Read + Send>> {
    match snapshot.files.get("404.html") {
        Some(bytes) => file(404, "404.html", bytes, snapshot),
        None if snapshot.files.is_empty() => html(
            503,
            b"<!DOCTYPE html><title>Not built yet</title><body></body>",
            snapshot,
        ),
        None => html(
            404,
            b"<!DOCTYPE html><title>Not found</title><body><h1>Not found</h1></body>",
            snapshot,
        ),
    }
}

fn file(
    status: u16,
    path: &str,
    bytes: &Arc<Vec<u8>>,
    snapshot: &Snapshot,
) -> Response<Box<dyn Read + Send>> {
    let content_type = content_type(path);
    if content_type.starts_with("text/html") {
        return html(status, bytes, snapshot);
    }
    respond(
        status,
        content_type,
        Cursor::new(Body(Arc::clone(bytes))),
        bytes.len(),
    )
}

/// A file's bytes, shared by the build being served and every response reading them.
struct Body(Arc<Vec<u8>>);

impl AsRef<[u8]> for Body {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

fn html(status: u16, bytes: &[u8], snapshot: &Snapshot) -> Response<Box<dyn Read + Send>> {
    let page = livereload::inject(bytes, &snapshot.status);
    let len = page.len();
    respond(status, "text/html; charset=utf-8", Cursor::new(page), len)
}

fn text(status: u16, message: &str) -> Response<Box<dyn Read + Send>> {
    let body = format!("{message}\n").into_bytes();
    let len = body.len();
    respond(status, "text/plain; charset=utf-8", Cursor::new(body), len)
}

fn redirect(location: &str, query: Option<&str>) -> Response<Box<dyn Read + Send>> {
    let location = match query {
        Some(query) => format!("{location}?{query}"),
        None => location.to_owned(),
    };
    let mut response = text(301, &format!("moved to {location}"));
    if let Some(header) = header("Location", &location) {
        response.add_header(header);
    }
    response
}

fn respond(
    status: u16,
    content_type: &str,
    body: impl Read + Send + 'static,
    len: usize,
) -> Response<Box<dyn Read + Send>> {
    let mut response = Response::new(
        StatusCode(status),
        Vec::new(),
        Box::new(body) as Box<dyn Read + Send>,
        Some(len),
        None,
    );
    // Every answer is of a build that may change at the next save: nothing is cached.
    for (name, value) in [
        ("Content-Type", content_type),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
    ] {
        if let Some(header) = header(name, value) {
            response.add_header(header);
        }
    }
    response
}

fn header(name: &str, value: &str) -> Option<Header> {
    // Only fails on bytes a header cannot hold, which none of ours has.
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn send(request: Request, mut response: Response<Box<dyn Read + Send>>, extra: Option<Header>) {
    if let Some(header) = extra {
        response.add_header(header);
    }
    // The client may have gone; there is nobody left to tell.
    let _ = request.respond(response);
}

/// The Content-Type of a file of the site, by its extension.
pub(crate) fn content_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    let extension = name
        .rsplit_once('.')
        .map(|(_, extension)| extension.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "wasm" => "application/wasm",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::content_type;

    #[test]
    fn content_types() {
        for (path, expected) in [
            ("index.html", "text/html; charset=utf-8"),
            ("assets/style.css", "text/css; charset=utf-8"),
            ("assets/tldoc.js", "text/javascript; charset=utf-8"),
            ("sitemap.xml", "application/xml; charset=utf-8"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("logo.SVG", "image/svg+xml"),
            ("favicon.ico", "image/x-icon"),
            ("a.png", "image/png"),
            ("search.json", "application/json"),
            ("f.woff2", "font/woff2"),
            (".nojekyll", "application/octet-stream"),
            ("dir.v1/file", "application/octet-stream"),
        ] {
            assert_eq!(content_type(path), expected, "{path}");
        }
    }
}
