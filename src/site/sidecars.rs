//! The sidecars of a history's files: `api-190-r2.yaml` beside `api-190-r2.tl` records where
//! that file came from (its source, commit and date, which its Changes page and the feed show)
//! and, for a TDLib release's file, which release it is. Read by [`super::layers`].

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::diagnostic::{Diagnostic, Diagnostics, FileId, Severity, SourceMap, Span};
use crate::history::{Origin, Release};

/// The `.yaml` files of `dir`, sorted by name.
pub(super) fn yaml_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path
            .extension()
            .is_some_and(|ext| ext == "yaml" || ext == "yml")
            && path.is_file()
        {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}

/// The sidecars among the `.yaml` files: those named as a `.tl` file. One that is no file's
/// sidecar is reported, as it is likely misnamed.
pub(super) fn sidecars(
    paths: &[PathBuf],
    yaml: Vec<PathBuf>,
    setting: &Path,
    diagnostics: &mut Diagnostics,
) -> Vec<PathBuf> {
    let stems: HashSet<_> = paths.iter().filter_map(|path| path.file_stem()).collect();
    let (found, stray): (Vec<PathBuf>, Vec<PathBuf>) = yaml
        .into_iter()
        .partition(|sidecar| sidecar.file_stem().is_some_and(|stem| stems.contains(stem)));
    for stray in stray {
        let shown = setting.join(stray.file_name().unwrap_or(stray.as_os_str()));
        diagnostics.push(
            Diagnostic::new(
                Severity::Warning,
                format!(
                    "`{}` is beside no `.tl` file of the same name: it is ignored",
                    shown.display()
                ),
            )
            .in_file(&shown)
            .with_note(
                "a history file's origin goes beside it under its name: `api-190.yaml` for \
                 `api-190.tl`",
            ),
        );
    }
    found
}

/// A sidecar as written: where its file came from, and which TDLib release it is.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OriginFile {
    source: Option<String>,
    commit: Option<String>,
    date: Option<Spanned<String>>,
    version: Option<Spanned<Release>>,
}

/// What a sidecar records.
pub(super) struct Sidecar {
    pub(super) origin: Origin,
    /// The TDLib release its file is, and where that is written.
    pub(super) version: Option<(Release, Span)>,
}

/// What a sidecar records, or `None` when it is wrong (it is reported, and the history goes on
/// without it: where a file came from changes nothing of what it holds, and a file's name can
/// say its version too).
pub(super) fn sidecar_of(
    file: FileId,
    sources: &SourceMap,
    diagnostics: &mut Diagnostics,
) -> Option<Sidecar> {
    let text = &sources.file(file).text;
    if text.trim().is_empty() {
        return Some(Sidecar {
            origin: Origin::default(),
            version: None,
        });
    }
    let written = match crate::yaml::parse_range::<OriginFile>(sources, file, 0..text.len()) {
        Ok(written) => written,
        Err(mut problem) => {
            problem.severity = Severity::Warning;
            diagnostics.push(problem.with_note(
                "a history file's origin has `source:`, `commit:` and `date:` (YYYY-MM-DD), \
                 and a TDLib release's file its `version:` (1.8.50), each optional",
            ));
            return None;
        }
    };
    let date = match written.date {
        Some(date) if !is_date(&date.value) => {
            diagnostics.push(
                Diagnostic::warning(
                    format!("`{}` is not a date", date.value),
                    Span::new(file, crate::yaml::place(&date, 0)),
                    "expected YYYY-MM-DD, or an RFC 3339 date and time",
                )
                .with_note("the date is left out: the feed dates the entry as it dates the others"),
            );
            None
        }
        date => date.map(|date| date.value),
    };
    Some(Sidecar {
        origin: Origin {
            source: written.source,
            commit: written.commit,
            date,
        },
        version: written.version.map(|version| {
            (
                version.value,
                Span::new(file, crate::yaml::place(&version, 0)),
            )
        }),
    })
}

/// Whether `text` is a date an Atom feed can carry: `2024-09-12`, or that followed by a time
/// as RFC 3339 writes it (`T12:30:00Z`, `T12:30:00+02:00`, with fractions of a second).
fn is_date(text: &str) -> bool {
    let digits =
        |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
    let (day, time) = match text.split_once(['T', 't']) {
        Some((day, time)) => (day, Some(time)),
        None => (text, None),
    };
    let day_ok = matches!(day.split('-').collect::<Vec<_>>()[..],
        [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2)
            && (1..=12).contains(&m.parse::<u32>().unwrap_or(0))
            && (1..=31).contains(&d.parse::<u32>().unwrap_or(0)));
    let time_ok = time.is_none_or(|time| {
        let (clock, zone) = match time.strip_suffix(['Z', 'z']) {
            Some(clock) => (clock, None),
            None => match time.rfind(['+', '-']) {
                Some(at) => (&time[..at], Some(&time[at + 1..])),
                None => return false,
            },
        };
        let clock = clock.split_once('.').map_or(clock, |(whole, fraction)| {
            if digits(fraction, fraction.len()) && !fraction.is_empty() {
                whole
            } else {
                ""
            }
        });
        let hms = matches!(clock.split(':').collect::<Vec<_>>()[..],
            [h, m, s] if digits(h, 2) && digits(m, 2) && digits(s, 2));
        let zone_ok = zone.is_none_or(|zone| {
            matches!(zone.split(':').collect::<Vec<_>>()[..],
            [h, m] if digits(h, 2) && digits(m, 2))
        });
        hms && zone_ok
    });
    day_ok && time_ok
}
