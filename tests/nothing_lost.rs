//! Nothing is lost: a build killed at any moment leaves the previous output (or, once swapped in,
//! the new one) whole, the next build cleans up after it, and tldoc never deletes a file it did
//! not write.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{TestSite, tree};

/// A site of some 400 pages whose every page names the site's title, so that two titles give
/// two outputs differing in every page. No examples: highlighting would only slow the test.
fn big_site() -> TestSite {
    let mut schema = String::new();
    for i in 0..300 {
        schema.push_str(&format!(
            "c{i} a:int b:string c:Vector<long> = T{};\n",
            i % 40
        ));
    }
    schema.push_str("---functions---\n");
    for i in 0..80 {
        schema.push_str(&format!(
            "ns{}.m{i} x:int y:T{} = T{};\n",
            i % 10,
            i % 40,
            (i + 1) % 40
        ));
    }
    TestSite::new(&[
        ("schema/api.tl", &schema),
        ("tldoc.yaml", "title: One\nexamples: []\n"),
        ("content/guide.md", "# Guide\n\nA page of content.\n"),
    ])
}

fn set_title(site: &TestSite, title: &str) {
    site.write("tldoc.yaml", format!("title: {title}\nexamples: []\n"));
}

/// The output of a site with `title`, built elsewhere.
fn expected_output(site: &TestSite, title: &str) -> BTreeMap<String, Vec<u8>> {
    set_title(site, title);
    let out = tempfile::tempdir().unwrap();
    let out = out.path().join("public");
    site.run(&["build", ".", "-o", out.to_str().unwrap()])
        .success()
        .stdout_has("wrote ");
    tree(&out)
}

/// A small random number generator (xorshift), seeded from the clock and printed, so that a
/// failing run can be repeated with `TLDOC_KILL_SEED`.
struct Random(u64);

impl Random {
    fn new() -> Random {
        let seed = std::env::var("TLDOC_KILL_SEED")
            .ok()
            .and_then(|seed| seed.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
                    | 1
            });
        println!("TLDOC_KILL_SEED={seed}");
        Random(seed)
    }

    /// A duration between zero and `max`.
    fn below(&mut self, max: Duration) -> Duration {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        max.mul_f64((self.0 % 10_000) as f64 / 10_000.0)
    }
}

/// Starts `tldoc build` in the site.
fn start_build(site: &TestSite) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_tldoc"))
        .args(["build", "."])
        .current_dir(site.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Waits until the build's staging directory appears (the rendering is done and the writing
/// begins) or the build ends; returns how long that took. A staging directory left by an
/// earlier killed build is told apart by its inode: the build removes it and makes its own.
fn wait_for_writing(site: &TestSite, child: &mut std::process::Child) -> Duration {
    use std::os::unix::fs::MetadataExt;
    let started = Instant::now();
    let staging = site.path().join(".public.tldoc-new");
    let inode = |path: &Path| fs::metadata(path).ok().map(|meta| meta.ino());
    let leftover = inode(&staging);
    while inode(&staging).is_none_or(|now| Some(now) == leftover)
        && child.try_wait().unwrap().is_none()
    {
        std::thread::sleep(Duration::from_micros(200));
    }
    started.elapsed()
}

#[test]
fn a_build_killed_at_any_moment_leaves_a_whole_output() {
    let site = big_site();
    let outputs = [
        ("One", expected_output(&site, "One")),
        ("Two", expected_output(&site, "Two")),
    ];
    assert_ne!(outputs[0].1, outputs[1].1);
    let public = site.path().join("public");
    set_title(&site, "One");
    site.run(&["build", "."]).success().stdout_has("wrote ");
    assert_eq!(tree(&public), outputs[0].1);

    // How long the writing takes, from the staging directory's appearance to the end.
    set_title(&site, "Two");
    let mut child = start_build(&site);
    let rendering = wait_for_writing(&site, &mut child);
    let writing_started = Instant::now();
    assert!(child.wait().unwrap().success());
    let writing = writing_started.elapsed();
    assert_eq!(tree(&public), outputs[1].1);

    let mut random = Random::new();
    let mut killed_while_writing = 0;
    // Eight rounds, or more until three kills landed while writing; bounded in count and time.
    let deadline = Instant::now() + Duration::from_secs(15);
    let mut round = 0;
    while round < 24 && Instant::now() < deadline && (round < 8 || killed_while_writing < 3) {
        let (title, new) = &outputs[round % 2];
        let previous = tree(&public);
        set_title(&site, title);
        let mut child = start_build(&site);
        // Most kills land while the output is written and swapped in, the moments that matter:
        // a third anywhere in the writing, a third near its end, where the previous output is
        // replaced; the others anywhere in the rendering before it.
        let while_writing = round % 3 != 2;
        if while_writing {
            wait_for_writing(&site, &mut child);
            let delay = match round % 3 {
                0 => random.below(writing.mul_f64(1.2)),
                _ => writing.mul_f64(0.6) + random.below(writing.mul_f64(0.5)),
            };
            std::thread::sleep(delay);
        } else {
            std::thread::sleep(random.below(rendering));
        }
        if while_writing && child.try_wait().unwrap().is_none() {
            killed_while_writing += 1;
        }
        child.kill().unwrap();
        child.wait().unwrap();
        let now = tree(&public);
        assert!(
            now == previous || now == *new,
            "round {round}: the output is neither the previous one nor the new one \
             ({} files; previous {}, new {})",
            now.len(),
            previous.len(),
            new.len()
        );
        round += 1;
    }
    println!("{round} builds killed, {killed_while_writing} of them while writing");
    assert!(
        killed_while_writing > 0,
        "no build was killed while writing"
    );

    // The next build cleans up whatever the killed ones left.
    set_title(&site, "One");
    site.run(&["build", "."]).success().stdout_has("wrote ");
    assert_eq!(tree(&public), outputs[0].1);
    for leftover in [".public.tldoc-new", ".public.tldoc-old"] {
        assert!(!site.path().join(leftover).exists(), "{leftover} is left");
    }
}

/// What a build killed between moving the previous output aside and moving the new one in
/// leaves (where the system cannot exchange two names in one step): the previous output whole
/// beside its place, and a half-written new one. A failed build leaves both alone; the next
/// build that succeeds writes its output whole and leaves neither.
#[test]
fn what_a_build_killed_while_swapping_leaves_is_cleaned_up() {
    let site = TestSite::new(&[("schema/api.tl", "a = A;\n")]);
    site.run(&["build", "."]).success().stdout_has("wrote ");
    let public = site.path().join("public");
    let before = tree(&public);
    let aside = site.path().join(".public.tldoc-old");
    fs::rename(&public, &aside).unwrap();
    // And a half-written new output, manifest first, as a killed build leaves it.
    let staging = site.path().join(".public.tldoc-new");
    fs::create_dir_all(staging.join("methods")).unwrap();
    fs::write(
        staging.join(".tldoc-manifest"),
        "index.html\nmethods/x.html\n",
    )
    .unwrap();
    fs::write(staging.join("index.html"), "half").unwrap();
    // A failing build leaves everything as it is, the moved output included.
    site.write("schema/api.tl", "a = A\n");
    site.run(&["build", "."])
        .failure()
        .stderr_has("error: expected `;` after a definition");
    assert_eq!(tree(&aside), before);
    site.write("schema/api.tl", "a = A;\n");
    site.run(&["build", "."]).success().stdout_has("wrote ");
    assert_eq!(tree(&public), before);
    assert!(!aside.exists() && !staging.exists());
}

/// Whatever tldoc did not write survives: in the output, in a leftover of an earlier build, or
/// named by a manifest that points outside its directory.
#[test]
fn tldoc_never_deletes_a_file_it_did_not_write() {
    let site = TestSite::new(&[("schema/api.tl", "a = A;\n")]);
    site.run(&["build", "."]).success().stdout_has("wrote ");
    let public = site.path().join("public");
    let mine = site.path().join("mine.txt");
    fs::write(&mine, "mine\n").unwrap();
    // A manifest naming a file outside the output.
    let manifest = public.join(".tldoc-manifest");
    let listed = fs::read_to_string(&manifest).unwrap();
    fs::write(
        &manifest,
        format!("{listed}../mine.txt\n{}\n", mine.display()),
    )
    .unwrap();
    site.run(&["build", "."]).success().stdout_has("wrote ");
    assert_eq!(fs::read_to_string(&mine).unwrap(), "mine\n");

    // A file of the user's in a leftover directory of tldoc's name: the build stops and says so.
    let aside = site.path().join(".public.tldoc-new");
    fs::create_dir_all(&aside).unwrap();
    fs::write(aside.join("notes.txt"), "mine\n").unwrap();
    site.run(&["build", "."])
        .failure()
        .stderr_has("holds `notes.txt`, which tldoc did not write");
    assert_eq!(
        fs::read_to_string(aside.join("notes.txt")).unwrap(),
        "mine\n"
    );

    // And one in the output itself.
    fs::remove_dir_all(&aside).unwrap();
    fs::write(public.join("notes.txt"), "mine\n").unwrap();
    site.run(&["build", "."])
        .failure()
        .stderr_has("it holds `notes.txt`, which tldoc did not write");
    assert_eq!(
        fs::read_to_string(public.join("notes.txt")).unwrap(),
        "mine\n"
    );
}
