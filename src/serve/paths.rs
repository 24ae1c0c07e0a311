//! Request targets to paths of the built site.
//!
//! The server answers from the build in memory, keyed by output path, so no request can reach
//! the file system whatever its target says. This module still refuses every target that tries
//! to leave the site, so that an attempt gets a clear 400 or 403 instead of a lookup that
//! happens to miss, and a later change (serving a theme's files from disk, say) cannot turn
//! into a hole. Targets are split into segments first and each segment is percent-decoded on
//! its own: a decoded `/` or `\` can then never act as a separator, and `%2e%2e` is recognised
//! as `..` only as a whole segment.
//!
//! Its items are `pub` only for the fuzz target `paths` (`fuzz/`, `tests/fuzz_harness/`), which
//! reaches them through the hidden [`super::fuzzing`]; the crate's API has none of them.

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

/// The path prefix the site is served under: empty, or segments such as `["repo"]` for a site
/// published at `https://x.github.io/repo/`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BasePath {
    segments: Vec<String>,
}

impl BasePath {
    /// The path of `--base-url`: its URL's path (`https://x.github.io/repo/` gives `/repo/`), or
    /// the argument itself when it is only a path.
    pub fn from_base_url(url: &str) -> Result<BasePath, String> {
        let path = match url.split_once("://") {
            Some((_, rest)) => rest.find('/').map_or("", |slash| &rest[slash..]),
            None => url,
        };
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let mut segments = Vec::new();
        for raw in path.split('/').filter(|segment| !segment.is_empty()) {
            match decode_segment(raw) {
                Ok(Segment::Name(name)) => segments.push(name),
                Ok(Segment::Current | Segment::Parent) | Err(_) => {
                    return Err(format!(
                        "`{url}` has no usable path: its segments must be plain names"
                    ));
                }
            }
        }
        Ok(BasePath { segments })
    }

    /// The prefix as a URL path, starting and ending with `/` (`/` when there is none).
    pub fn prefix(&self) -> String {
        self.url("", true)
    }

    /// The URL path of `path`, a path of the site, under the prefix: each segment
    /// percent-encoded, ending in `/` when `dir`.
    pub fn url(&self, path: &str, dir: bool) -> String {
        let segments = self.segments.iter().map(String::as_str);
        url_path(
            segments.chain(path.split('/').filter(|s| !s.is_empty())),
            dir,
        )
    }

    /// The decoded segments of the prefix.
    pub fn segments(&self) -> &[String] {
        &self.segments
    }
}

/// What a request target names.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A path of the site, relative to its root, without a leading `/` (empty for the root);
    /// `dir` when the target ended in `/`.
    Site {
        /// The path, segments joined with `/`.
        path: String,
        /// Whether the target named a directory.
        dir: bool,
    },
    /// A well-formed path outside the base path.
    OutsideBase,
    /// A `..` that would climb above the server's root.
    Forbidden,
    /// A target no browser sends: absolute-form, a decoded NUL, `/` or `\` in a segment, or
    /// bytes that are not UTF-8 once decoded. The text says which.
    Bad(&'static str),
}

/// Resolves the path of a request target (the part before `?`) against the base path.
pub fn resolve(path: &str, base: &BasePath) -> Target {
    // Only origin-form (`/path`) is accepted: absolute-form (`http://host/path`) is for proxies,
    // and taking its path would let a target name a host this server does not stand for.
    let Some(rest) = path.strip_prefix('/') else {
        return Target::Bad("the request target must be a path starting with `/`");
    };
    let mut segments: Vec<String> = Vec::new();
    let mut dir = true;
    for raw in rest.split('/') {
        dir = true;
        match decode_segment(raw) {
            Err(why) => return Target::Bad(why),
            Ok(Segment::Current) => {}
            Ok(Segment::Parent) => {
                if segments.pop().is_none() {
                    return Target::Forbidden;
                }
            }
            Ok(Segment::Name(name)) => {
                segments.push(name);
                dir = false;
            }
        }
    }
    let Some(inside) = segments.strip_prefix(base.segments.as_slice()) else {
        return Target::OutsideBase;
    };
    Target::Site {
        path: inside.join("/"),
        dir,
    }
}

/// One decoded segment of a path.
enum Segment {
    /// Empty or `.`: names the directory it is in.
    Current,
    /// `..`, written plainly or percent-encoded.
    Parent,
    /// Anything else.
    Name(String),
}

fn decode_segment(raw: &str) -> Result<Segment, &'static str> {
    let decoded = percent_decode_str(raw)
        .decode_utf8()
        .map_err(|_| "the path is not UTF-8 once percent-decoded")?;
    if decoded.contains('\0') {
        return Err("the path holds a NUL byte");
    }
    if decoded.contains(['/', '\\']) {
        return Err("a path segment holds an encoded `/` or a `\\`");
    }
    Ok(match &*decoded {
        "" | "." => Segment::Current,
        ".." => Segment::Parent,
        name => Segment::Name(name.to_owned()),
    })
}

/// What a path segment may hold unencoded in a `Location`: unreserved characters and the
/// sub-delimiters that are harmless in a path.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// `segments` as an absolute URL path, each percent-encoded, ending in `/` when `dir`.
fn url_path<'a>(segments: impl IntoIterator<Item = &'a str>, dir: bool) -> String {
    let mut out = String::from("/");
    for segment in segments {
        if !out.ends_with('/') {
            out.push('/');
        }
        out.extend(utf8_percent_encode(segment, SEGMENT));
    }
    if dir && !out.ends_with('/') {
        out.push('/');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(path: &str, dir: bool) -> Target {
        Target::Site {
            path: path.to_owned(),
            dir,
        }
    }

    #[test]
    fn plain_paths_and_directories() {
        let base = BasePath::default();
        assert_eq!(resolve("/", &base), site("", true));
        assert_eq!(resolve("/methods/", &base), site("methods", true));
        assert_eq!(resolve("/methods", &base), site("methods", false));
        assert_eq!(
            resolve("/methods/auth.logOut.html", &base),
            site("methods/auth.logOut.html", false)
        );
        assert_eq!(
            resolve("//methods//./a%20b.html", &base),
            site("methods/a b.html", false)
        );
        assert_eq!(resolve("/methods/..", &base), site("", true));
    }

    #[test]
    fn escapes_are_refused() {
        let base = BasePath::default();
        for target in [
            "/..",
            "/../etc/passwd",
            "/%2e%2e/x",
            "/a/%2E%2E/../x",
            "/.%2e",
        ] {
            assert_eq!(resolve(target, &base), Target::Forbidden, "{target}");
        }
        for target in [
            "/..%2fetc%2fpasswd",
            "/..%2Fx",
            "/%5c..%5cx",
            "/..\\x",
            "/index.html%00.txt",
            "/%ff.html",
            "http://127.0.0.1/../x",
            "file:///etc/passwd",
            "*",
            "",
        ] {
            assert!(matches!(resolve(target, &base), Target::Bad(_)), "{target}");
        }
    }

    #[test]
    fn a_base_path_is_required_and_stripped() {
        let base = BasePath::from_base_url("https://x.github.io/repo/").unwrap();
        assert_eq!(base.prefix(), "/repo/");
        assert_eq!(resolve("/repo/", &base), site("", true));
        assert_eq!(resolve("/repo", &base), site("", false));
        assert_eq!(resolve("/repo/types/", &base), site("types", true));
        assert_eq!(resolve("/", &base), Target::OutsideBase);
        assert_eq!(resolve("/other/index.html", &base), Target::OutsideBase);
        assert_eq!(resolve("/repo/../index.html", &base), Target::OutsideBase);
        assert_eq!(resolve("/repo/../..", &base), Target::Forbidden);
    }

    #[test]
    fn base_urls() {
        let prefix = |url: &str| BasePath::from_base_url(url).map(|base| base.prefix());
        assert_eq!(prefix("https://example.org").as_deref(), Ok("/"));
        assert_eq!(prefix("https://example.org/").as_deref(), Ok("/"));
        assert_eq!(prefix("https://example.org/a/b").as_deref(), Ok("/a/b/"));
        assert_eq!(prefix("/docs/").as_deref(), Ok("/docs/"));
        assert_eq!(prefix("https://e.org/a%20b/?q").as_deref(), Ok("/a%20b/"));
        assert!(prefix("https://example.org/a/../b").is_err());
    }

    #[test]
    fn urls_are_encoded_once() {
        let base = BasePath::from_base_url("/my%20docs/").unwrap();
        assert_eq!(base.url("a b/c?d", true), "/my%20docs/a%20b/c%3Fd/");
        assert_eq!(base.url("x.html", false), "/my%20docs/x.html");
        assert_eq!(BasePath::default().url("", true), "/");
    }
}
