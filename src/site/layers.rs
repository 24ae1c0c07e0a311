//! A site's history: the earlier layers named by `history:` in `tldoc.yaml`, loaded beside the
//! current schema and made into a [`History`].
//!
//! Each `.tl` file of the history directory is one earlier layer, its number taken from its
//! `// LAYER N` line or else from its name. The files are read, parsed and resolved in parallel,
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

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, FileId, Severity, SourceMap, Span};
use crate::history::{History, layer_of};
use crate::model::{self, Depth, Schema};
use crate::schema;
use crate::tl;

/// What loading the history needs, found before it starts: the files, and the current layer to
/// compare them with. Everything that needs the run's source map is done here, so that the load
/// itself can go on beside the rest of the site's.
pub(super) struct Plan<'a> {
    setting: &'a Path,
    paths: Vec<PathBuf>,
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
    let paths = match schema::tl_files(&root.join(setting)) {
        Ok(paths) => paths,
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
    Some(Plan {
        setting,
        paths,
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
        let layers = parse_and_resolve(&files, &sources, &mut diagnostics);
        let layers = check_layers(layers, self.current, &sources, &mut diagnostics);
        let history = layers.as_ref().and_then(|layers| {
            let current = self.layered.as_ref().unwrap_or(self.schema);
            let mut all: Vec<(u32, &Schema)> =
                layers.iter().map(|(layer, s)| (*layer, s)).collect();
            all.push((self.current, current));
            // Distinct layers were checked above, each with the files that claim it.
            History::new(all).ok()
        });
        // Twenty schemas take a while to free, one allocation at a time: free them on every
        // thread rather than on this one.
        layers.into_par_iter().flatten().for_each(drop);
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

/// Each layer's number, checked: every file has one, no two the same, each older than the
/// current layer. `None` when any is wrong (each problem is reported).
fn check_layers(
    layers: Vec<(FileId, Schema)>,
    current: u32,
    sources: &SourceMap,
    diagnostics: &mut Diagnostics,
) -> Option<Vec<(u32, Schema)>> {
    let mut numbered: Vec<(u32, FileId, Schema)> = Vec::with_capacity(layers.len());
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
        if layer >= current {
            diagnostics.push(
                located(
                    Severity::Error,
                    format!(
                        "`{}` is layer {layer}, not older than the site's schema (layer \
                         {current})",
                        source.path.display()
                    ),
                    layer_line(file, sources),
                    &source.path,
                )
                .with_note("the history holds earlier layers; the site's schema is the newest"),
            );
            ok = false;
            continue;
        }
        numbered.push((layer, file, schema));
    }
    numbered.sort_by_key(|(layer, file, _)| (*layer, *file));
    for pair in numbered.windows(2) {
        let ((layer, first, _), (other, second, _)) = (&pair[0], &pair[1]);
        if layer == other {
            let (first, second) = (&sources.file(*first).path, &sources.file(*second).path);
            diagnostics.push(
                Diagnostic::new(
                    Severity::Error,
                    format!(
                        "`{}` and `{}` are both layer {layer}",
                        first.display(),
                        second.display()
                    ),
                )
                .in_file(second)
                .with_note("the history holds one file per layer"),
            );
            ok = false;
        }
    }
    ok.then(|| {
        numbered
            .into_iter()
            .map(|(layer, _, schema)| (layer, schema))
            .collect()
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
