//! A site's history: the earlier layers named by `history:` in `tldoc.yaml`, loaded beside the
//! current schema and made into a [`History`].
//!
//! TDLib's schema has no layers: it changes with TDLib's releases, so the history of a TDLib
//! schema is one of releases ([`Version::Tdlib`]). Each file is named after its release
//! (`td_api-1.8.50.tl`, see [`release_of`]), or its sidecar says it (`version: 1.8.50`); the
//! site's schema is the release `version:` of `tldoc.yaml` names, or else the one of the history
//! file identical to it (a history of every release, the newest the site's own). A file that
//! is the site's schema is not read again.
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

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, FileId, Severity, SourceMap, Span};
use crate::history::{History, Release, Version, layer_of, release_of, revision_of};
use crate::model::{self, Depth, Schema, SchemaKind};
use crate::schema;
use crate::tl;

use super::sidecars::{Sidecar, sidecar_of, sidecars, yaml_files};

/// What loading the history needs, found before it starts: the files, and the current layer to
/// compare them with. Everything that needs the run's source map is done here, so that the load
/// itself can go on beside the rest of the site's.
pub(super) struct Plan<'a> {
    setting: &'a Path,
    paths: Vec<PathBuf>,
    /// The records of where some of them came from, each named as its file.
    sidecars: Vec<PathBuf>,
    current: Current,
    schema: &'a Schema,
    /// The part of `schema` the history compares, when that is not all of it (see the module's
    /// documentation).
    layered: Option<Schema>,
}

/// What the site's schema is, as far as the settings and the schema say before the history is
/// read.
enum Current {
    /// Its layer.
    Layer(u32),
    /// A TDLib schema: its release, when `version:` names it, and its text when it is one file,
    /// to know it among the history's files.
    Tdlib {
        setting: Option<Release>,
        text: Option<String>,
    },
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
    let current = if schema.kinds.contains(&SchemaKind::Tdlib) {
        Current::Tdlib {
            setting: config.version,
            text: match schema_files {
                [file] => Some(sources.file(*file).text.clone()),
                _ => None,
            },
        }
    } else if let Some(layer) = schema.layer {
        Current::Layer(layer)
    } else {
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
        let recorded: HashMap<_, Sidecar> = sidecars
            .iter()
            .filter_map(|&sidecar| {
                Some((
                    stem(sidecar)?,
                    sidecar_of(sidecar, &sources, &mut diagnostics)?,
                ))
            })
            .collect();
        let sidecar_of_file: HashMap<FileId, &Sidecar> = files
            .iter()
            .filter_map(|&file| Some((file, recorded.get(&stem(file)?)?)))
            .collect();
        let layers = match &self.current {
            &Current::Layer(current) => {
                ignore_versions(&sidecar_of_file, &mut diagnostics);
                let layers = parse_and_resolve(&files, &sources, &mut diagnostics);
                check_layers(layers, current, &sources, &mut diagnostics)
            }
            Current::Tdlib { setting, text } => {
                let current = (*setting, text.as_deref());
                load_releases(
                    &files,
                    &sidecar_of_file,
                    current,
                    &sources,
                    &mut diagnostics,
                )
            }
        };
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
                if let Some(sidecar) = sidecar_of_file.get(file) {
                    history.set_origin(*version, sidecar.origin.clone());
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
            (Version::Layer { layer, revision }, file, schema)
        })
        .collect();
    let current_version = Version::Layer {
        layer: current,
        revision: versions
            .iter()
            .filter(|(version, ..)| version.layer() == Some(current))
            .filter_map(|(version, ..)| version.revision())
            .max()
            .map(|newest| newest + 1),
    };
    Some(Versioned {
        earlier: versions,
        current: current_version,
    })
}

/// A layer's history has no releases: a sidecar's `version:` is warned of.
fn ignore_versions(sidecars: &HashMap<FileId, &Sidecar>, diagnostics: &mut Diagnostics) {
    for (_, span) in sidecars.values().filter_map(|sidecar| sidecar.version) {
        diagnostics.push(
            Diagnostic::warning(
                "`version:` is for the releases of a TDLib schema: ignored",
                span,
                "this site's history is one of layers",
            )
            .with_note("a layer's file says its layer in a `// LAYER N` line or its name"),
        );
    }
}

/// The history's files as TDLib releases ([`check_releases`]), those to read parsed and
/// resolved; `current` is the site's release as `version:` gives it, and its schema's text.
fn load_releases(
    files: &[FileId],
    sidecars: &HashMap<FileId, &Sidecar>,
    (setting, current_text): (Option<Release>, Option<&str>),
    sources: &SourceMap,
    diagnostics: &mut Diagnostics,
) -> Option<Versioned> {
    let stated: HashMap<FileId, (Release, Span)> = sidecars
        .iter()
        .filter_map(|(&file, sidecar)| Some((file, sidecar.version?)))
        .collect();
    let (earlier, current) =
        check_releases(files, &stated, setting, current_text, sources, diagnostics)?;
    let release_of_file: HashMap<FileId, Version> = earlier
        .iter()
        .map(|&(version, file)| (file, version))
        .collect();
    let to_read: Vec<FileId> = earlier.into_iter().map(|(_, file)| file).collect();
    let earlier = parse_and_resolve(&to_read, sources, diagnostics)
        .into_iter()
        .map(|(file, schema)| (release_of_file[&file], file, schema))
        .collect();
    Some(Versioned { earlier, current })
}

/// Each file's TDLib release, checked: every file has one (its sidecar's `version:` in `stated`,
/// or else its name's; the two agree when both are given), none newer than the site's schema,
/// no two the same. Returned are the files to read, each with its release, and
/// the release of the site's schema: `setting`, or else the one of the file whose text is the
/// schema's (`current_text`). A file of the site's own release is left out when it is the site's
/// schema, and wrong when it is not. `None` when any is wrong (each problem is reported).
fn check_releases(
    files: &[FileId],
    stated: &HashMap<FileId, (Release, Span)>,
    setting: Option<Release>,
    current_text: Option<&str>,
    sources: &SourceMap,
    diagnostics: &mut Diagnostics,
) -> Option<(Vec<(Version, FileId)>, Version)> {
    let mut ok = true;
    let mut released: Vec<(Release, FileId)> = Vec::with_capacity(files.len());
    for &file in files {
        let path = &sources.file(file).path;
        match (stated.get(&file), release_of(path)) {
            (Some(&(stated, span)), Some(named)) if stated != named => {
                diagnostics.push(
                    Diagnostic::error(
                        format!(
                            "`{}` is named TDLib {named}, but its sidecar says {stated}",
                            path.display()
                        ),
                        span,
                        "the version stated",
                    )
                    .with_note("give the file its version's name, or correct its `version:`"),
                );
                ok = false;
            }
            (Some(&(release, _)), _) | (None, Some(release)) => released.push((release, file)),
            (None, None) => {
                diagnostics.push(
                    Diagnostic::new(
                        Severity::Error,
                        format!("`{}` names no TDLib version", path.display()),
                    )
                    .in_file(path)
                    .with_note(
                        "a TDLib schema's history holds its earlier releases, each named after \
                         its version, like `td_api-1.8.50.tl`, or with `version: 1.8.50` in a \
                         YAML file beside it of the same name",
                    ),
                );
                ok = false;
            }
        }
    }
    released.sort_unstable();
    for pair in released.windows(2) {
        let ((release, first), (other, second)) = (pair[0], pair[1]);
        if release == other {
            let (first, second) = (&sources.file(first).path, &sources.file(second).path);
            diagnostics.push(
                Diagnostic::new(
                    Severity::Error,
                    format!(
                        "`{}` and `{}` are both TDLib {release}",
                        first.display(),
                        second.display()
                    ),
                )
                .in_file(second),
            );
            ok = false;
        }
    }
    let is_current = |file: FileId| current_text == Some(sources.file(file).text.as_str());
    let current = setting.or_else(|| {
        released
            .iter()
            .rev()
            .find(|(_, file)| is_current(*file))
            .map(|(release, _)| *release)
    });
    let Some(current) = current else {
        diagnostics.push(
            Diagnostic::new(
                Severity::Error,
                "a TDLib history needs the TDLib version of the site's schema".to_owned(),
            )
            .in_file(crate::config::FILE_NAME)
            .with_note(
                "write it in `tldoc.yaml`, like `version: 1.8.65`, or put a copy of the schema \
                 in the history, named after its version",
            ),
        );
        return None;
    };
    let mut earlier = Vec::with_capacity(released.len());
    for (release, file) in released {
        let path = &sources.file(file).path;
        if release > current {
            diagnostics.push(
                Diagnostic::new(
                    Severity::Error,
                    format!(
                        "`{}` is TDLib {release}, newer than the site's schema (TDLib {current})",
                        path.display()
                    ),
                )
                .in_file(path)
                .with_note(
                    "the history holds earlier releases; the site's schema is the newest (its \
                     version is `version:` in `tldoc.yaml`)",
                ),
            );
            ok = false;
        } else if release == current {
            if !is_current(file) {
                diagnostics.push(
                    Diagnostic::new(
                        Severity::Error,
                        format!(
                            "`{}` is TDLib {release}, the site's schema's version, but differs \
                             from it",
                            path.display()
                        ),
                    )
                    .in_file(path)
                    .with_note(
                        "the history holds earlier releases; a copy of the site's schema may \
                         be among them only as it is",
                    ),
                );
                ok = false;
            }
        } else {
            earlier.push((Version::Tdlib(release), file));
        }
    }
    ok.then_some((earlier, Version::Tdlib(current)))
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
