//! A site's history: the earlier layers named by `history:` in `tldoc.yaml`, loaded beside the
//! current schema and made into a [`History`].
//!
//! Each `.tl` file of the history directory is one earlier layer, its number taken from its
//! `// LAYER N` line or else from its name. A layer may come more than once (published again,
//! or by two clients): a file named with a `-rN` suffix is its revision N (`api-190-r2.tl`),
//! one without is revision 1, and each revision is a version of the history of its own. The
//! site's own layer may be among them: those files are its earlier revisions, the site's schema
//! the newest. Beside a file, a YAML file of the same name (`api-190-r2.yaml`) may record where
//! it came from ([`Origin`]: its source, commit and date), which its Changes page and the feed
//! show. The files are read, parsed and resolved in parallel,
//! each on its own (they are versions of one schema, not parts of it), and only as deep as
//! comparing layers needs ([`Depth::Layer`]): a site reads twenty of them on every build. That
//! work needs nothing of the rest of the site but the current schema, so it goes on beside the
//! loading of the content ([`Plan::load`]), in a source map of its own joined to the run's after.
//!
//! The history is compared with the files of the current schema that have a `// LAYER` line. A
//! schema versioned apart from the layers, like MTProto's `mtproto.tl` beside Telegram's
//! `api.tl`, has none and is left out: the earlier layers' files do not hold it, so comparing it
//! would report all of it as new in the current layer.
//!
//! A schema that marks its own layers in sections (MadelineProto's `===N===`, TDLib's
//! `// layer N`) and names no `history:` directory has its history made from them
//! ([`from_sections`]): each layer's schema is its files as they stood then
//! ([`model::sections`]), compared as the files of a directory would be.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, FileId, Severity, SourceMap, Span};
use crate::history::{History, Origin, Version, layer_of, revision_of};
use crate::model::{self, Depth, Schema};
use crate::schema;
use crate::tl;

/// What loading the history needs, found before it starts: the files, and the current layer to
/// compare them with. Everything that needs the run's source map is done here, so that the load
/// itself can go on beside the rest of the site's.
pub(super) struct Plan<'a> {
    setting: &'a Path,
    paths: Vec<PathBuf>,
    /// The records of where some of them came from, each named as its file.
    sidecars: Vec<PathBuf>,
    current: u32,
    schema: &'a Schema,
    /// The part of `schema` the history compares, when that is not all of it (see the module's
    /// documentation).
    layered: Option<Schema>,
}

/// A loaded history, with the files it read in a source map of its own and what they reported,
/// for [`SourceMap::append`] to join to the run's.
pub(super) struct Loaded {
    pub(super) history: Option<History>,
    pub(super) sources: SourceMap,
    pub(super) diagnostics: Diagnostics,
}

/// What loading the history the settings name needs, if they name one and nothing stops it
/// (what does is reported). `schema` is the current schema, read from `schema_files`.
pub(super) fn plan<'a>(
    root: &Path,
    config: &'a Config,
    schema: &'a Schema,
    schema_files: &[FileId],
    sources: &SourceMap,
    diagnostics: &mut Diagnostics,
) -> Option<Plan<'a>> {
    let setting = config.history.as_deref()?;
    let at_setting = |severity: Severity, message: String| {
        located(
            severity,
            message,
            config.span_of("history"),
            Path::new(crate::config::FILE_NAME),
        )
    };
    let Some(current) = schema.layer else {
        diagnostics.push(
            at_setting(
                Severity::Error,
                "a history needs the layer of the site's schema, which has no `// LAYER N` line"
                    .to_owned(),
            )
            .with_note(
                "write `// LAYER N` in the schema file whose earlier versions the history holds",
            ),
        );
        return None;
    };
    let dir = root.join(setting);
    let (paths, yaml) = match schema::tl_files(&dir).and_then(|tl| Ok((tl, yaml_files(&dir)?))) {
        Ok(files) => files,
        Err(error) => {
            diagnostics.push(
                at_setting(
                    Severity::Error,
                    format!(
                        "cannot read the history directory `{}`: {error}",
                        setting.display()
                    ),
                )
                .with_note("`history` is a directory of `.tl` files, relative to the site"),
            );
            return None;
        }
    };
    if paths.is_empty() {
        diagnostics.push(at_setting(
            Severity::Warning,
            format!(
                "the history directory `{}` has no `.tl` file: the site is built without a \
                 history",
                setting.display()
            ),
        ));
        return None;
    }
    let sidecars = sidecars(&paths, yaml, setting, diagnostics);
    Some(Plan {
        setting,
        paths,
        sidecars,
        current,
        schema,
        layered: layered_schema(schema, schema_files, sources),
    })
}

impl Plan<'_> {
    /// Reads, parses and resolves the earlier layers, and makes the history of them and the
    /// current one; its `history` is `None` when a file is wrong (its `diagnostics` say how).
    pub(super) fn load(self) -> Loaded {
        let mut sources = SourceMap::new();
        let mut diagnostics = Diagnostics::new();
        // Each shown as the setting joined with its name, as the maintainer wrote it.
        let shown = |path: &Path| {
            self.setting
                .join(path.file_name().unwrap_or(path.as_os_str()))
        };
        let files = schema::read_each(&self.paths, shown, &mut sources, &mut diagnostics);
        let sidecars = schema::read_each(&self.sidecars, shown, &mut sources, &mut diagnostics);
        let stem = |file: FileId| sources.file(file).path.file_stem().map(ToOwned::to_owned);
        let recorded: HashMap<_, Origin> = sidecars
            .iter()
            .filter_map(|&sidecar| {
                Some((stem(sidecar)?, origin(sidecar, &sources, &mut diagnostics)?))
            })
            .collect();
        let origins: HashMap<FileId, Origin> = files
            .iter()
            .filter_map(|&file| Some((file, recorded.get(&stem(file)?)?.clone())))
            .collect();
        let layers = parse_and_resolve(&files, &sources, &mut diagnostics);
        let layers = check_layers(layers, self.current, &sources, &mut diagnostics);
        let history = layers.as_ref().and_then(|layers| {
            let current = self.layered.as_ref().unwrap_or(self.schema);
            let mut all: Vec<(Version, &Schema)> = layers
                .earlier
                .iter()
                .map(|(version, _, schema)| (*version, schema))
                .collect();
            all.push((layers.current, current));
            // Distinct versions were checked above, each with the files that claim it.
            let mut history = History::new(all).ok()?;
            for (version, file, _) in &layers.earlier {
                if let Some(origin) = origins.get(file) {
                    history.set_origin(*version, origin.clone());
                }
            }
            Some(history)
        });
        // Twenty schemas take a while to free, one allocation at a time: free them on every
        // thread rather than on this one.
        layers
            .into_par_iter()
            .flat_map(|layers| layers.earlier)
            .for_each(drop);
        Loaded {
            history,
            sources,
            diagnostics,
        }
    }
}

/// The history the site's schema carries in its sections, when its files mark any (see the
/// module's documentation) and it has a layer to end with: the files with sections, at each
/// layer they mark older than the schema's, then the schema. What resolving those layers
/// reports was reported of the whole schema already.
pub(super) fn from_sections(schema: &Schema, sources: &SourceMap) -> Option<History> {
    let current = schema.layer?;
    let mut ignored = Diagnostics::new();
    let trees: Vec<_> = schema
        .sectioned_files
        .iter()
        .map(|&file| tl::parse(file, &sources.file(file).text, &mut ignored))
        .collect();
    let options = model::Options {
        depth: Depth::Layer,
        id_rule: Some(schema.id_rule),
    };
    let layers: Vec<(u32, Schema)> = model::sections::layer_files(&trees)
        .into_par_iter()
        .filter(|(layer, _)| *layer < current)
        .map(|(layer, files)| {
            let mut ignored = Diagnostics::new();
            (
                layer,
                model::resolve_with(options, &files, sources, &mut ignored),
            )
        })
        .collect();
    if layers.is_empty() {
        return None;
    }
    // Compared only with the files that hold the sections, as a history directory is, and
    // read as deep as the earlier layers.
    let current_schema = model::resolve_with(options, &trees, sources, &mut ignored);
    let mut all: Vec<(u32, &Schema)> = layers.iter().map(|(layer, s)| (*layer, s)).collect();
    all.push((current, &current_schema));
    History::new(all).ok()
}

/// The `.yaml` files of `dir`, sorted by name.
fn yaml_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
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
fn sidecars(
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

/// A sidecar as written: where its file came from.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OriginFile {
    source: Option<String>,
    commit: Option<String>,
    date: Option<Spanned<String>>,
}

/// The origin a sidecar records, or `None` when it is wrong (it is reported, and the history
/// goes on without it: where a file came from changes nothing of what it holds).
fn origin(file: FileId, sources: &SourceMap, diagnostics: &mut Diagnostics) -> Option<Origin> {
    let text = &sources.file(file).text;
    if text.trim().is_empty() {
        return Some(Origin::default());
    }
    let written = match crate::yaml::parse_range::<OriginFile>(sources, file, 0..text.len()) {
        Ok(written) => written,
        Err(mut problem) => {
            problem.severity = Severity::Warning;
            diagnostics.push(problem.with_note(
                "a history file's origin has `source:`, `commit:` and `date:` (YYYY-MM-DD), \
                 each optional",
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
    Some(Origin {
        source: written.source,
        commit: written.commit,
        date,
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

/// Parses and resolves each file as a layer of its own, in parallel. Warnings are dropped: they
/// would repeat the current layer's for every layer (see [`Depth::Layer`]). A file that does not
/// parse is an error; one that parses but does not resolve (an upstream defect of an archived
/// layer, such as a name defined twice) is left out of the history, its problems reported as
/// warnings saying so, so that an archive of a hundred layers with a few such still gives one.
fn parse_and_resolve(
    files: &[FileId],
    sources: &SourceMap,
    diagnostics: &mut Diagnostics,
) -> Vec<(FileId, Schema)> {
    let options = model::Options {
        depth: Depth::Layer,
        id_rule: None,
    };
    schema::resolve_each(files, options, sources)
        .into_iter()
        .filter_map(|resolved| {
            let schema::Resolved {
                file,
                schema,
                parsing,
                resolving,
            } = resolved;
            for diagnostic in parsing.iter().filter(|d| d.is_error()) {
                diagnostics.push(diagnostic.clone());
            }
            if !resolving.has_errors() {
                return Some((file, schema));
            }
            let path = &sources.file(file).path;
            for diagnostic in resolving.iter().filter(|d| d.is_error()) {
                let mut left_out = diagnostic.clone().with_note(format!(
                    "`{}` is left out of the history: its layer does not resolve",
                    path.display()
                ));
                left_out.severity = Severity::Warning;
                diagnostics.push(left_out);
            }
            None
        })
        .collect()
}

/// The history's files, each with its version, and the version of the current schema.
struct Versioned {
    earlier: Vec<(Version, FileId, Schema)>,
    current: Version,
}

/// Each file's version, checked: every file has a layer, none newer than the current one, no
/// two the same revision of one layer. The revisions of a layer are its files' `-rN` suffixes,
/// 1 for a file without; a layer of one file without a suffix is that layer's only version.
/// Returned with the current schema's version: the newest revision of its layer. `None` when
/// any is wrong (each problem is reported).
fn check_layers(
    layers: Vec<(FileId, Schema)>,
    current: u32,
    sources: &SourceMap,
    diagnostics: &mut Diagnostics,
) -> Option<Versioned> {
    let mut numbered: Vec<(u32, Option<u32>, FileId, Schema)> = Vec::with_capacity(layers.len());
    let mut ok = true;
    for (file, schema) in layers {
        let source = sources.file(file);
        let Some(layer) = schema
            .layer
            .or_else(|| layer_of(&source.path, &source.text))
        else {
            diagnostics.push(
                Diagnostic::new(
                    Severity::Error,
                    format!("`{}` has no layer", source.path.display()),
                )
                .in_file(&source.path)
                .with_note(
                    "write `// LAYER N` in it, or name it after its layer, like `api-189.tl`",
                ),
            );
            ok = false;
            continue;
        };
        if layer > current {
            diagnostics.push(
                located(
                    Severity::Error,
                    format!(
                        "`{}` is layer {layer}, newer than the site's schema (layer {current})",
                        source.path.display()
                    ),
                    layer_line(file, sources),
                    &source.path,
                )
                .with_note(
                    "the history holds earlier layers (and earlier revisions of the site's \
                     layer); the site's schema is the newest",
                ),
            );
            ok = false;
            continue;
        }
        numbered.push((layer, revision_of(&source.path), file, schema));
    }
    numbered.sort_by_key(|(layer, revision, file, _)| (*layer, revision.unwrap_or(1), *file));
    for pair in numbered.windows(2) {
        let ((layer, revision, first, _), (other, other_revision, second, _)) =
            (&pair[0], &pair[1]);
        if (layer, revision.unwrap_or(1)) == (other, other_revision.unwrap_or(1)) {
            let (first, second) = (&sources.file(*first).path, &sources.file(*second).path);
            let which = match revision {
                Some(revision) => format!("layer {layer}, revision {revision}"),
                None => format!("layer {layer}"),
            };
            diagnostics.push(
                Diagnostic::new(
                    Severity::Error,
                    format!(
                        "`{}` and `{}` are both {which}",
                        first.display(),
                        second.display()
                    ),
                )
                .in_file(second)
                .with_note(
                    "a layer's later revisions are named after their number, like \
                     `api-190-r2.tl` for the second",
                ),
            );
            ok = false;
        }
    }
    if !ok {
        return None;
    }
    let mut files_of: HashMap<u32, usize> = HashMap::new();
    for (layer, ..) in &numbered {
        *files_of.entry(*layer).or_default() += 1;
    }
    let versions: Vec<(Version, FileId, Schema)> = numbered
        .into_iter()
        .map(|(layer, revision, file, schema)| {
            // One file of a layer whose name gives no revision is simply that layer, unless the
            // site's schema is a later revision of it.
            let alone = files_of[&layer] == 1 && revision.is_none() && layer != current;
            let revision = (!alone).then_some(revision.unwrap_or(1));
            (Version { layer, revision }, file, schema)
        })
        .collect();
    let current_version = Version {
        layer: current,
        revision: versions
            .iter()
            .filter(|(version, ..)| version.layer == current)
            .filter_map(|(version, ..)| version.revision)
            .max()
            .map(|newest| newest + 1),
    };
    Some(Versioned {
        earlier: versions,
        current: current_version,
    })
}

/// A diagnostic pointing at `span` when there is one, else naming `path`.
fn located(severity: Severity, message: String, span: Option<Span>, path: &Path) -> Diagnostic {
    match (span, severity) {
        (Some(span), Severity::Error) => Diagnostic::error(message, span, ""),
        (Some(span), Severity::Warning) => Diagnostic::warning(message, span, ""),
        (None, _) => Diagnostic::new(severity, message).in_file(path),
    }
}

/// Where the file's last `// LAYER` line is (the one that counts, as for the parser).
fn layer_line(file: FileId, sources: &SourceMap) -> Option<Span> {
    let text = &sources.file(file).text;
    let mut offset = 0;
    let mut found = None;
    for line in text.split_inclusive('\n') {
        if let Some(at) = line.find("//")
            && tl::layer_number(&line[at + 2..]).is_some()
        {
            found = Some(Span::new(file, offset + at..offset + line.trim_end().len()));
        }
        offset += line.len();
    }
    found
}

/// The current schema as the history sees it: only its files with a `// LAYER` line (see the
/// module's documentation), or `None` when that is all of them and the schema itself will do.
fn layered_schema(schema: &Schema, files: &[FileId], sources: &SourceMap) -> Option<Schema> {
    let layered: Vec<FileId> = files
        .iter()
        .copied()
        .filter(|&file| layer_of(Path::new(""), &sources.file(file).text).is_some())
        .collect();
    // No file with a `// LAYER` line (GramJS's `api.tl`, its layer from `layer:` in
    // `tldoc.yaml`): the whole schema is the layer.
    if layered.len() == files.len() || layered.is_empty() {
        return None;
    }
    // The files already loaded cleanly as part of the whole schema; whatever this narrower view
    // reports was reported then, or is a reference into a file it leaves out.
    let mut ignored = Diagnostics::new();
    let options = model::Options {
        depth: Depth::Layer,
        id_rule: None,
    };
    let mut view = schema::parse_and_resolve_with(options, sources, &layered, &mut ignored);
    view.layer = schema.layer;
    Some(view)
}
