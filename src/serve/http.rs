//! Answering one request from the build being served.
//!
//! GET and HEAD only; the target goes through [`paths::resolve`] before anything is looked up.
//! A directory is answered with its `index.html`, and a directory named without its trailing
//! `/` is redirected to it, as static hosts do, so that the pages' relative links resolve. What
//! is missing gets the site's own `404.html`. HTML pages get the live-reload script on the way
//! out; the build itself never has it. Reading requests and writing responses is
//! [`conn`]'s business.

use std::sync::Arc;

use super::conn::{self, Answer, Body, Method, Request, Response};
use super::livereload::ENDPOINT;
use super::paths::{self, Target};
use super::{Shared, Snapshot};

/// Answers `request` from the build being served; the live-reload stream is answered by the
/// hub it joins.
pub(crate) fn handle(request: &Request, shared: &Shared) -> Answer {
    let target = request.target.as_str();
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (target, None),
    };
    if request.method == Method::Other {
        let mut response = text(405, "only GET and HEAD are served");
        response.headers.push(("Allow", "GET, HEAD".to_owned()));
        return Answer::Response(response);
    }
    if path == ENDPOINT {
        if request.method == Method::Head {
            let stream = "text/event-stream; charset=utf-8";
            return Answer::Response(respond(200, stream, Body::Owned(Vec::new())));
        }
        return Answer::Stream;
    }
    let snapshot = shared.snapshot();
    Answer::Response(match paths::resolve(path, &shared.base) {
        Target::Bad(why) => text(400, why),
        Target::Forbidden => text(403, "that path leads out of the site"),
        // The printed URL has the base path; this helps whoever types the host alone.
        Target::OutsideBase if path == "/" => redirect(&shared.base.prefix(), query),
        Target::OutsideBase => not_found(&snapshot),
        Target::Site { path, dir } => site_file(&snapshot, &shared.base, &path, dir, query),
    })
}

fn site_file(
    snapshot: &Snapshot,
    base: &paths::BasePath,
    path: &str,
    dir: bool,
    query: Option<&str>,
) -> Response {
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
fn not_found(snapshot: &Snapshot) -> Response {
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

/// A file of the build: HTML gets the live-reload script; anything else is answered with the
/// build's own bytes, shared, not copied.
fn file(status: u16, path: &str, bytes: &Arc<Vec<u8>>, snapshot: &Snapshot) -> Response {
    let content_type = content_type(path);
    if content_type.starts_with("text/html") {
        return html(status, bytes, snapshot);
    }
    respond(status, content_type, Body::Shared(Arc::clone(bytes)))
}

fn html(status: u16, bytes: &[u8], snapshot: &Snapshot) -> Response {
    let page = super::livereload::inject(bytes, &snapshot.status);
    respond(status, "text/html; charset=utf-8", Body::Owned(page))
}

fn text(status: u16, message: &str) -> Response {
    let mut response = conn::text(status, message);
    response.headers.extend(no_cache());
    response
}

fn redirect(location: &str, query: Option<&str>) -> Response {
    let location = match query {
        Some(query) => format!("{location}?{query}"),
        None => location.to_owned(),
    };
    let mut response = text(301, &format!("moved to {location}"));
    response.headers.push(("Location", location));
    response
}

fn respond(status: u16, content_type: &str, body: Body) -> Response {
    let mut headers = vec![("Content-Type", content_type.to_owned())];
    headers.extend(no_cache());
    Response {
        status,
        headers,
        body,
    }
}

/// Every answer is of a build that may change at the next save: nothing is cached.
fn no_cache() -> [(&'static str, String); 2] {
    [
        ("Cache-Control", "no-store".to_owned()),
        ("X-Content-Type-Options", "nosniff".to_owned()),
    ]
}

/// The Content-Type of a file of the site, by its extension. A table of the kinds of file a
/// reference holds, with the charset a static host adds to text, rather than a MIME crate's
/// thousand entries, whose answers for these are the same less the charset.
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
