//! `tldoc serve`: the real binary on a free loopback port, serving fixture sites built in
//! temporary directories, driven over raw HTTP.

mod common;

use std::fs;
use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use common::serve::{Event, PATIENCE, Server, send};
use common::{SCHEMA, TestSite};

const PAGE: &str = "/methods/auth.logOut.html";

fn content(body: &str) -> String {
    format!("---\ndescription: Logs out.\n---\n\n{body}\n")
}

fn fixture(extra: &[(&str, &str)]) -> TestSite {
    let page = content("First words.");
    let mut files = vec![
        ("schema/api.tl", SCHEMA),
        ("tldoc.yaml", "title: Fixture\n"),
        ("content/methods/auth.logOut.md", page.as_str()),
    ];
    files.extend_from_slice(extra);
    TestSite::new(&files)
}

/// Writes `text` to `path` and returns when it was saved.
fn save(path: &Path, text: &str) -> Instant {
    fs::write(path, text).unwrap();
    Instant::now()
}

#[test]
fn a_save_reloads_the_page_and_a_broken_edit_shows_over_the_last_good_build() {
    let site = fixture(&[]);
    let server = Server::start(site.path(), &[]);
    let file = site.path().join("content/methods/auth.logOut.md");

    let first = server.get(PAGE);
    assert_eq!(first.status, 200);
    assert!(first.text().contains("First words."));
    let mut events = server.events();
    let build = events.until("build", |_| true).data;
    assert!(
        first
            .text()
            .contains(&format!("<script data-build=\"{build}\">"))
    );

    // A save: the reload event, and the new text served, well within 500 ms.
    let saved = save(&file, &content("Second words."));
    let second = events.until("build", |id| id != build).data;
    let announced = saved.elapsed();
    let page = server.get(PAGE);
    let served = saved.elapsed();
    assert!(page.text().contains("Second words."), "{}", page.text());
    assert!(page.text().contains(&format!("data-build=\"{second}\"")));
    assert!(
        served < Duration::from_millis(500),
        "reload event after {announced:?}, new page served after {served:?}"
    );
    // An edit of one page's body changes that page and its Markdown copy alone.
    server.wait_for_output("updated 2 files in ");

    // Broken front matter: the overlay names the file and line; the last good page stays.
    save(&file, "---\ndescription: [unclosed\n---\n\nThird words.\n");
    let overlay = events.until("overlay", |data| !data.is_empty()).data;
    assert!(
        overlay.contains("--&gt; content/methods/auth.logOut.md:2:14"),
        "{overlay}"
    );
    assert_eq!(events.next(), event("build", &second), "no new build");
    server.wait_for_stderr(
        "error: expected string scalar\n --> content/methods/auth.logOut.md:2:14\n",
    );
    server.wait_for_stderr("the last good build is still served");
    let page = server.get(PAGE);
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Second words."));
    assert!(page.text().contains("<div id=\"tldoc-live-overlay\">"));
    assert!(page.text().contains("content/methods/auth.logOut.md:2:14"));

    // The same failure again: told again, so that a page whose overlay was clicked away shows
    // it once more (a save that came as two bursts, the file emptied then written, fails twice
    // the same way too).
    let failed = "the last good build is still served";
    let failures = server.stderr().matches(failed).count();
    save(&file, "---\ndescription: [unclosed\n---\n\nThird words.\n");
    server.wait_for_stderr_times(failed, failures + 1);

    // Fixed, saved the way many editors save: a temporary file renamed over the original.
    let temporary = site.path().join("content/methods/.auth.logOut.md.tmp");
    fs::write(&temporary, content("Fourth words.")).unwrap();
    fs::rename(&temporary, &file).unwrap();
    let mut repeats = 0;
    let mut next = events.next();
    while next == event("overlay", &overlay) {
        assert_eq!(events.next(), event("build", &second), "no new build");
        repeats += 1;
        next = events.next();
    }
    assert!(repeats >= 1, "the second failure was not told");
    assert_eq!(next, event("overlay", ""));
    let fourth = events.next();
    assert_eq!(fourth.name, "build");
    assert!(fourth.data != second);
    let page = server.get(PAGE);
    assert!(page.text().contains("Fourth words."));
    assert!(!page.text().contains("<div id=\"tldoc-live-overlay\">"));
    // The fix is rendered as the edit was, in part: not a whole build.
    let fixed = server.wait_for_output(" ms");
    assert!(fixed.starts_with("updated 2 files in "), "{fixed}");
}

#[test]
fn an_edit_of_the_theme_is_served_without_rendering_a_page() {
    let site = fixture(&[("themes/default/style.css", "body { color: red; }\n")]);
    let server = Server::start(site.path(), &[]);
    let mut events = server.events();
    let build = events.until("build", |_| true).data;
    assert_eq!(
        server.get("/assets/style.css").text(),
        "body { color: red; }\n"
    );
    let page = server.get(PAGE).text();
    save(
        &site.path().join("themes/default/style.css"),
        "body { color: blue; }\n",
    );
    events.until("build", |id| id != build);
    server.wait_for_output("updated 1 file in ");
    assert_eq!(
        server.get("/assets/style.css").text(),
        "body { color: blue; }\n"
    );
    // The page is the same but for the build it names (for live reload).
    let strip = |html: String| {
        html.split("data-build")
            .next()
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(strip(server.get(PAGE).text()), strip(page));
}

#[test]
fn every_kind_of_broken_input_shows_where_it_is_until_it_is_fixed() {
    let site = fixture(&[]);
    let server = Server::start(site.path(), &[]);
    let mut events = server.events();
    let mut build = events.until("build", |_| true).data;
    let schema = SCHEMA.replace("auth.logOut = Bool;", "auth.logOut = Bool");
    let link = content("See [gone](../methods/auth.gone.md).");
    // `templates/` does not exist when the server starts: it is watched once it is made.
    let template =
        "{% extends \"base.html\" %}\n{% block content %}\n{{ nope( }}\n{% endblock content %}\n";
    for (path, broken, location) in [
        ("schema/api.tl", schema.as_str(), "schema/api.tl:4:19"),
        (
            "content/methods/auth.logOut.md",
            &link,
            "content/methods/auth.logOut.md:5:5",
        ),
        (
            "templates/method.html",
            template,
            "templates/method.html:3:10",
        ),
        ("tldoc.yaml", "title: [unclosed\n", "tldoc.yaml:1:8"),
    ] {
        let file = site.path().join(path);
        let good = fs::read_to_string(&file).ok();
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        save(&file, broken);
        let overlay = events.until("overlay", |data| !data.is_empty()).data;
        assert!(
            overlay.contains(&format!("--&gt; {location}")),
            "{path}: {overlay}"
        );
        assert_eq!(
            server.get(PAGE).status,
            200,
            "{path}: the last good build is served"
        );
        match good {
            Some(good) => save(&file, &good),
            None => {
                fs::remove_file(&file).unwrap();
                Instant::now()
            }
        };
        // A save that came as two bursts fails twice, and is told twice.
        let fixed = events.until("overlay", |data| data != overlay).data;
        assert_eq!(fixed, "", "{path} fixed");
        build = events.until("build", |id| id != build).data;
    }
}

#[cfg(unix)]
#[test]
fn open_hands_the_url_to_the_desktop_launcher() {
    use std::os::unix::fs::PermissionsExt;
    let site = fixture(&[]);
    // A stand-in for xdg-open, found first on PATH, that notes what it was asked to open.
    let bin = tempfile::tempdir().unwrap();
    let opened = bin.path().join("opened");
    let launcher = bin.path().join("xdg-open");
    fs::write(
        &launcher,
        format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", opened.display()),
    )
    .unwrap();
    fs::set_permissions(&launcher, fs::Permissions::from_mode(0o755)).unwrap();
    let path = std::env::join_paths(std::iter::once(bin.path().to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let server = Server::start_with_env(site.path(), &["--open"], &[("PATH", &path)]);
    let deadline = Instant::now() + PATIENCE;
    while fs::read_to_string(&opened).unwrap_or_default() != server.url {
        assert!(
            Instant::now() < deadline,
            "the launcher was not run with {}",
            server.url
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn event(name: &str, data: &str) -> Event {
    Event {
        name: name.to_owned(),
        data: data.to_owned(),
    }
}

#[test]
fn a_site_that_does_not_build_at_the_start_shows_why_until_fixed() {
    let site = fixture(&[("tldoc.yaml", "title: [unclosed\n")]);
    let server = Server::start(site.path(), &[]);
    let page = server.get(PAGE);
    assert_eq!(page.status, 503);
    assert!(page.text().contains("tldoc.yaml:1:8"), "{}", page.text());
    let mut events = server.events();
    let broken = events.until("build", |_| true).data;
    save(&site.path().join("tldoc.yaml"), "title: Fixture\n");
    events.until("build", |id| id != broken);
    assert_eq!(server.get(PAGE).status, 200);
}

#[test]
fn files_directories_and_missing_pages_are_answered_as_a_static_host_would() {
    let site = fixture(&[]);
    let server = Server::start(site.path(), &[]);
    for (target, content_type) in [
        ("/", "text/html; charset=utf-8"),
        ("/index.html", "text/html; charset=utf-8"),
        ("/methods/", "text/html; charset=utf-8"),
        ("/assets/style.css", "text/css; charset=utf-8"),
        ("/assets/tldoc.js", "text/javascript; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/.nojekyll", "application/octet-stream"),
        ("/index.html?q=1", "text/html; charset=utf-8"),
    ] {
        let response = server.get(target);
        assert_eq!(response.status, 200, "{target}");
        assert_eq!(
            response.header("content-type"),
            Some(content_type),
            "{target}"
        );
        assert_eq!(
            response.header("cache-control"),
            Some("no-store"),
            "{target}"
        );
    }
    // The script goes into served pages only, never into other files.
    assert!(server.get("/").text().contains("new EventSource"));
    assert!(!server.get("/sitemap.xml").text().contains("EventSource"));

    let moved = server.get("/methods?x=1");
    assert_eq!(moved.status, 301);
    assert_eq!(moved.header("location"), Some("/methods/?x=1"));

    let missing = server.get("/methods/auth.gone.html");
    assert_eq!(missing.status, 404);
    assert!(
        missing.text().contains("Page not found"),
        "the site's own 404 page"
    );
    // Three folders down, the 404 page still finds its style sheet and its links their pages.
    let deep = server.get("/a/b/c/missing").text();
    for target in ["/assets/style.css", "/index.html", "/methods/index.html"] {
        assert!(deep.contains(&format!("href=\"{target}\"")), "{deep}");
        assert_eq!(server.get(target).status, 200, "{target}");
    }
    // Browsers and feed readers ask for it whatever the pages say.
    let icon = server.get("/favicon.ico");
    assert_eq!(icon.status, 200);
    assert_eq!(icon.header("content-type"), Some("image/x-icon"));

    let head = server.request("HEAD", PAGE);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    let length: usize = head.header("content-length").unwrap().parse().unwrap();
    assert_eq!(length, server.get(PAGE).body.len());

    for method in ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"] {
        let response = server.request(method, "/");
        assert_eq!(response.status, 405, "{method}");
        assert_eq!(response.header("allow"), Some("GET, HEAD"), "{method}");
    }
}

#[test]
fn no_request_reaches_a_file_outside_the_built_site() {
    let site = fixture(&[]);
    // Beside the site, where `/../secret.txt` would lead.
    let beside = site.path().parent().unwrap();
    fs::write(beside.join("secret.txt"), "TOP-SECRET").unwrap();
    let server = Server::start(site.path(), &[]);
    let absolute = format!("{}../secret.txt", server.url);
    for (target, status) in [
        ("/../secret.txt", 403),
        ("/%2e%2e/secret.txt", 403),
        ("/%2E%2E/%2e%2E/secret.txt", 403),
        ("/methods/../../secret.txt", 403),
        ("/..%2fsecret.txt", 400),
        ("/%2e%2e%2fsecret.txt", 400),
        ("/%2f..%2f..%2fsecret.txt", 400),
        ("/..\\secret.txt", 400),
        ("/%5c..%5csecret.txt", 400),
        ("/index.html%00.txt", 400),
        ("/%00", 400),
        ("/%ff", 400),
        (absolute.as_str(), 400),
        ("file:///etc/passwd", 400),
        ("//etc/passwd", 404),
        ("/tldoc.yaml", 404),
        ("/schema/api.tl", 404),
        ("/content/methods/auth.logOut.md", 404),
    ] {
        let response = server.get(target);
        assert_eq!(response.status, status, "{target}: {}", response.text());
        let body = response.text();
        for leaked in ["TOP-SECRET", "title: Fixture", "boolTrue#997275b5", "root:"] {
            assert!(!body.contains(leaked), "{target} gave {leaked:?}");
        }
    }
}

#[test]
fn a_base_url_with_a_path_serves_the_site_under_it() {
    let site = fixture(&[]);
    let server = Server::start(site.path(), &["--base-url", "https://x.github.io/repo/"]);
    assert!(server.url.ends_with("/repo/"), "{}", server.url);
    assert_eq!(server.get("/repo/").status, 200);
    assert_eq!(server.get(&format!("/repo{PAGE}")).status, 200);
    assert_eq!(server.get("/repo").header("location"), Some("/repo/"));
    assert_eq!(server.get("/").header("location"), Some("/repo/"));
    assert_eq!(server.get(PAGE).status, 404);
    assert_eq!(server.get("/repo/../index.html").status, 404);
    // The 404 page, at any depth, leads into the sub-path.
    let deep = server.get("/repo/a/b/c/missing");
    assert_eq!(deep.status, 404);
    for target in ["/repo/assets/style.css", "/repo/index.html"] {
        assert!(
            deep.text().contains(&format!("href=\"{target}\"")),
            "{}",
            deep.text()
        );
        assert_eq!(server.get(target).status, 200, "{target}");
    }
    let sitemap = server.get("/repo/sitemap.xml").text();
    assert!(
        sitemap.contains(&format!("{}index.html", server.url)),
        "{sitemap}"
    );
}

#[test]
fn a_taken_port_is_said_and_the_next_free_one_taken() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let site = fixture(&[]);
    let server = Server::start(site.path(), &["-p", &port]);
    assert!(
        server.banner.contains(&format!("port {port} is taken")),
        "{}",
        server.banner
    );
    assert!(!server.address.ends_with(&format!(":{port}")));
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn sixty_four_concurrent_clients_are_all_answered_while_others_misbehave() {
    // A page of a few megabytes: more than the socket buffers hold for a client that never
    // reads it, so answering that client blocks.
    let big = format!(
        "---\ntitle: Big\n---\n\n{}\n",
        "All work and no play. ".repeat(150_000)
    );
    let site = fixture(&[("content/big.md", &big)]);
    let server = Server::start(site.path(), &[]);
    let mut rude = Vec::new();
    for client in 0..16 {
        let mut stream = TcpStream::connect(&server.address).unwrap();
        let request = if client % 2 == 0 {
            "GET /big.html HTTP/1.1\r\nHost: x\r\n\r\n"
        } else {
            "GET /big.ht"
        };
        stream.write_all(request.as_bytes()).unwrap();
        if client % 4 == 1 {
            drop(stream);
        } else {
            rude.push(stream);
        }
    }

    const CLIENTS: usize = 64;
    const REQUESTS: usize = 25;
    let targets = [
        "/",
        PAGE,
        "/methods/",
        "/assets/style.css",
        "/sitemap.xml",
        "/types/Bool.html",
    ];
    let deadline = Instant::now() + PATIENCE;
    let failures = Mutex::new(Vec::new());
    let answered = Mutex::new(0);
    std::thread::scope(|scope| {
        for client in 0..CLIENTS {
            let (address, failures, answered) = (&server.address, &failures, &answered);
            scope.spawn(move || {
                for request in 0..REQUESTS {
                    if Instant::now() > deadline {
                        failures.lock().unwrap().push("out of time".to_owned());
                        return;
                    }
                    let target = targets[(client + request) % targets.len()];
                    let raw =
                        format!("GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                    match send(address, &raw) {
                        Ok(response) if response.status == 200 && !response.body.is_empty() => {
                            *answered.lock().unwrap() += 1;
                        }
                        Ok(response) => failures
                            .lock()
                            .unwrap()
                            .push(format!("{target}: status {}", response.status)),
                        Err(error) => failures.lock().unwrap().push(format!("{target}: {error}")),
                    }
                }
            });
        }
    });
    assert_eq!(failures.into_inner().unwrap(), Vec::<String>::new());
    assert_eq!(answered.into_inner().unwrap(), CLIENTS * REQUESTS);
    drop(rude);
    assert_eq!(server.get("/big.html").status, 200);
}

/// Threads and open files of a process, from /proc.
#[cfg(target_os = "linux")]
fn threads_and_files(pid: u32) -> (usize, usize) {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let threads = status
        .lines()
        .find_map(|line| line.strip_prefix("Threads:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let files = fs::read_dir(format!("/proc/{pid}/fd")).unwrap().count();
    (threads, files)
}

#[cfg(target_os = "linux")]
#[test]
fn live_reload_clients_that_go_away_leave_no_thread_or_socket_behind() {
    let site = fixture(&[]);
    let server = Server::start(site.path(), &[]);
    assert_eq!(server.get("/").status, 200);
    let (threads, files) = threads_and_files(server.pid());
    let mut streams: Vec<_> = (0..32).map(|_| server.events()).collect();
    for stream in &mut streams {
        stream.until("build", |_| true);
    }
    let (open_threads, open_files) = threads_and_files(server.pid());
    assert!(open_files >= files + 32, "{files} files, then {open_files}");
    drop(streams);
    // Dead streams are found by the heartbeat (a write or two after the client left); their
    // connections' threads ended as soon as the streams started.
    let deadline = Instant::now() + PATIENCE;
    loop {
        let now = threads_and_files(server.pid());
        if now.0 <= threads && now.1 <= files {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "before: {threads} threads, {files} files; with 32 streams: {open_threads}, \
             {open_files}; after they left: {}, {}",
            now.0,
            now.1
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(server.get("/").status, 200);
}

/// How long the server waits for a request head (`serve::conn::HEAD_TIMEOUT`).
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);

/// Reads from `stream` until the server closes it; what it sent, and when it closed.
fn until_closed(mut stream: TcpStream) -> (Vec<u8>, Instant) {
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    let mut received = Vec::new();
    let mut chunk = [0; 1024];
    loop {
        match std::io::Read::read(&mut stream, &mut chunk) {
            Ok(0) | Err(_) => return (received, Instant::now()),
            Ok(read) => received.extend_from_slice(&chunk[..read]),
        }
    }
}

#[cfg(target_os = "linux")]
#[test]
fn clients_that_never_finish_a_request_are_cut_off_and_hold_up_no_one() {
    let site = fixture(&[]);
    let server = Server::start(site.path(), &[]);
    assert_eq!(server.get(PAGE).status, 200);
    let (threads, _) = threads_and_files(server.pid());
    let start = Instant::now();
    // Clients that connect and say nothing, and clients that stop half way through the
    // request line.
    let silent: Vec<_> = (0..20)
        .map(|_| TcpStream::connect(&server.address).unwrap())
        .collect();
    let half: Vec<_> = (0..20)
        .map(|_| {
            let mut stream = TcpStream::connect(&server.address).unwrap();
            stream.write_all(b"GET /index.ht").unwrap();
            stream
        })
        .collect();
    std::thread::scope(|scope| {
        // Clients that send well-formed header lines a byte at a time, for ever: the server's
        // limit is on the whole head, not on each read.
        let trickling: Vec<_> = (0..10)
            .map(|_| {
                let stream = TcpStream::connect(&server.address).unwrap();
                let mut writer = stream.try_clone().unwrap();
                scope.spawn(move || {
                    let head = (0..).flat_map(|n| format!("X-Slow-{n}: {n}\r\n").into_bytes());
                    let bytes = b"GET / HTTP/1.1\r\nHost: x\r\n".iter().copied().chain(head);
                    for byte in bytes {
                        if start.elapsed() > PATIENCE || writer.write_all(&[byte]).is_err() {
                            break;
                        }
                        std::thread::sleep(Duration::from_millis(100));
                    }
                });
                scope.spawn(move || until_closed(stream))
            })
            .collect();

        // Meanwhile others are answered at once, over and over.
        while start.elapsed() < HEAD_TIMEOUT / 2 {
            let asked = Instant::now();
            let response = server.get(PAGE);
            assert_eq!(response.status, 200);
            assert!(response.text().contains("First words."));
            assert!(
                asked.elapsed() < Duration::from_secs(5),
                "a request took {:?} while others hung",
                asked.elapsed()
            );
            std::thread::sleep(Duration::from_millis(50));
        }

        // Every one that hung is cut off by the server, after its time is up.
        let cut_off = |(received, at): (Vec<u8>, Instant), expected: &str| {
            let after = at - start;
            assert!(
                after >= HEAD_TIMEOUT / 2 && after < PATIENCE,
                "cut off after {after:?}"
            );
            let received = String::from_utf8_lossy(&received);
            assert!(received.starts_with(expected), "{received:?}");
        };
        for stream in silent {
            cut_off(until_closed(stream), "");
        }
        for stream in half {
            cut_off(until_closed(stream), "HTTP/1.1 408 ");
        }
        for client in trickling {
            cut_off(client.join().unwrap(), "HTTP/1.1 408 ");
        }
    });
    // Their threads are gone with them.
    let deadline = Instant::now() + PATIENCE;
    while threads_and_files(server.pid()).0 > threads {
        assert!(Instant::now() < deadline, "threads left behind");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(server.get(PAGE).status, 200);
}

#[test]
fn a_request_head_too_large_or_malformed_is_refused() {
    let site = fixture(&[]);
    let server = Server::start(site.path(), &[]);
    let huge = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "a".repeat(20_000)
    );
    assert_eq!(server.send(&huge).unwrap().status, 431);
    let many: String = (0..100).map(|n| format!("X-{n}: {n}\r\n")).collect();
    let many = format!("GET / HTTP/1.1\r\n{many}\r\n");
    assert_eq!(server.send(&many).unwrap().status, 431);
    for bad in [
        "GET / HTTP/1.1\r\nNo colon here\r\n\r\n",
        "GET\r\n\r\n",
        "\x00\x01\x02 / HTTP/1.1\r\n\r\n",
    ] {
        assert_eq!(server.send(bad).unwrap().status, 400, "{bad:?}");
    }
    assert_eq!(server.send("GET / HTTP/2.0\r\n\r\n").unwrap().status, 505);
    // Kept alive: two requests on one connection, the second answered after the first.
    let both = "GET /sitemap.xml HTTP/1.1\r\nHost: x\r\n\r\n\
                GET /.nojekyll HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    let raw = server.send(both).unwrap();
    assert_eq!(raw.status, 200);
    assert_eq!(raw.header("connection"), Some("keep-alive"));
    let text = raw.text();
    assert!(
        text.contains("</urlset>") && text.contains("HTTP/1.1 200 OK"),
        "{text}"
    );
}
