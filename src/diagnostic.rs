//! Diagnostics: every problem tldoc reports, in one shape, rendered the way rustc renders its own.
//!
//! Each stage (TL parsing, resolution, and later content and templates) pushes [`Diagnostic`]s into
//! one [`Diagnostics`] list instead of returning at the first error, so a run reports everything that
//! is wrong at once. A diagnostic points into a file registered in the [`SourceMap`] by byte
//! [`Span`]s; line and column are computed only when a diagnostic is printed or a location shown,
//! so the hot path of parsing stores two integers per location.
//!
//! Rendering is left to `annotate-snippets`, the library rustc itself uses for this layout.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use rayon::prelude::*;

/// Index of a file in a [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(u32);

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    /// The file the range is in.
    pub file: FileId,
    /// Byte offset of the first byte.
    pub start: u32,
    /// Byte offset one past the last byte (equal to `start` for a point).
    pub end: u32,
}

impl Span {
    /// A span covering `range` of `file`.
    pub fn new(file: FileId, range: Range<usize>) -> Span {
        Span {
            file,
            start: offset(range.start),
            end: offset(range.end),
        }
    }

    /// The span from the start of `self` to the end of `other` (both in the same file).
    pub fn to(self, other: Span) -> Span {
        Span {
            end: other.end.max(self.start),
            ..self
        }
    }

    /// The empty span just past the end of `self`, where something missing was expected.
    pub fn after(self) -> Span {
        Span {
            start: self.end,
            ..self
        }
    }

    fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// Schema and content files are far below 4 GiB; `SourceMap::add` rejects larger ones, so offsets
/// into a registered file always fit.
fn offset(byte: usize) -> u32 {
    u32::try_from(byte).unwrap_or(u32::MAX)
}

/// A 1-based line and column (the column counts characters, as editors do).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineColumn {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// One loaded source file.
#[derive(Debug)]
pub struct SourceFile {
    /// Path as shown to the user (relative to the site when it lies inside it).
    pub path: PathBuf,
    /// The text, valid UTF-8.
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// Line and column of a byte offset.
    pub fn line_column(&self, byte: usize) -> LineColumn {
        let line = self.line_starts.partition_point(|&start| start <= byte) - 1;
        let line_start = self.line_starts[line];
        let byte = floor_char_boundary(&self.text, byte.min(self.text.len()));
        LineColumn {
            line: line + 1,
            column: self.text[line_start..byte].chars().count() + 1,
        }
    }
}

impl SourceFile {
    /// Byte offset of a 1-based line and column (in characters); clamped to the text.
    pub fn offset(&self, line: usize, column: usize) -> usize {
        let Some(&line_start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let line_end = self.text[line_start..]
            .find('\n')
            .map_or(self.text.len(), |end| line_start + end);
        self.text[line_start..line_end]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_end, |(byte, _)| line_start + byte)
    }
}

fn floor_char_boundary(text: &str, mut byte: usize) -> usize {
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    byte
}

/// Every source file of a run, so that spans can be resolved to a path, a line and a snippet.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

/// Where the files of a map [`SourceMap::append`] moved into another are in that one.
#[derive(Debug, Clone, Copy)]
pub struct Appended {
    offset: u32,
}

impl Appended {
    /// The id in the map appended to of the file that was `id` in the map appended.
    pub fn id(self, id: FileId) -> FileId {
        FileId(id.0.saturating_add(self.offset))
    }
}

/// The largest source file accepted; spans store 32-bit offsets.
pub const MAX_SOURCE_LEN: usize = u32::MAX as usize;

impl SourceMap {
    /// An empty map.
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// Registers a file and returns its id. Text longer than [`MAX_SOURCE_LEN`] is the caller's to
    /// reject first.
    pub fn add(&mut self, path: impl Into<PathBuf>, text: String) -> FileId {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(SourceFile {
            path: path.into(),
            text,
            line_starts,
        });
        id
    }

    /// Gives the file `id` a new text (the file was edited), keeping its id and path.
    pub fn replace(&mut self, id: FileId, text: String) {
        if let Some(file) = self.files.get_mut(id.0 as usize) {
            file.line_starts = std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect();
            file.text = text;
        }
    }

    /// Moves every file of `other` to the end of this map, and `diagnostics`, which point into
    /// `other`, along with them: files loaded on their own (in parallel with others, which
    /// cannot share one map while they add to it) join the run's map afterwards. What else
    /// holds their ids renumbers them with the [`Appended`] returned.
    pub fn append(
        &mut self,
        other: SourceMap,
        diagnostics: Diagnostics,
    ) -> (Appended, Diagnostics) {
        let appended = Appended {
            offset: u32::try_from(self.files.len()).unwrap_or(u32::MAX),
        };
        self.files.extend(other.files);
        let mut list = diagnostics.list;
        for label in list.iter_mut().flat_map(|d| d.labels.iter_mut()) {
            label.span.file = appended.id(label.span.file);
        }
        (appended, Diagnostics { list })
    }

    /// The ids of every file, in the order they were added.
    pub fn ids(&self) -> impl Iterator<Item = FileId> + use<> {
        (0..self.files.len()).map(|index| FileId(u32::try_from(index).unwrap_or(u32::MAX)))
    }

    /// The file behind an id.
    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// Path, line and column of the start of a span.
    pub fn location(&self, span: Span) -> Location<'_> {
        let file = self.file(span.file);
        Location {
            path: &file.path,
            position: file.line_column(span.start as usize),
        }
    }
}

/// A place in a file as people read it: `schema/api.tl:12:35`.
#[derive(Debug, Clone, Copy)]
pub struct Location<'a> {
    /// The file.
    pub path: &'a Path,
    /// Line and column in it.
    pub position: LineColumn,
}

impl fmt::Display for Location<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}",
            self.path.display(),
            self.position.line,
            self.position.column
        )
    }
}

/// How bad a diagnostic is: errors fail the run, warnings are only shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Fails the run (exit code 1).
    Error,
    /// Reported; the run still succeeds.
    Warning,
}

/// A span with what it shows, underlined in the snippet.
#[derive(Debug, Clone)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What is there (may be empty).
    pub message: String,
    /// The primary label is where the problem is; secondary ones give context.
    pub primary: bool,
}

/// One reported problem.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The headline: what is wrong.
    pub message: String,
    /// Places in source files, the primary one first.
    pub labels: Vec<Label>,
    /// A file the diagnostic concerns when there is no place inside it to point to (a file that
    /// cannot be read, a missing directory).
    pub path: Option<PathBuf>,
    /// Extra explanations shown after the snippet (`= note: ...`).
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// An error with a primary label at `span`.
    pub fn error(message: impl Into<String>, span: Span, label: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, message).with_label(span, label, true)
    }

    /// A warning with a primary label at `span`.
    pub fn warning(message: impl Into<String>, span: Span, label: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, message).with_label(span, label, true)
    }

    /// A diagnostic about a whole file, or no file at all, without a place to point to.
    pub fn new(severity: Severity, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            message: message.into(),
            labels: Vec::new(),
            path: None,
            notes: Vec::new(),
        }
    }

    /// Names the file the diagnostic concerns when no span does.
    pub fn in_file(mut self, path: impl Into<PathBuf>) -> Diagnostic {
        self.path = Some(path.into());
        self
    }

    /// Adds a secondary label, for context such as the first of two duplicate definitions.
    pub fn with_context(self, span: Span, label: impl Into<String>) -> Diagnostic {
        self.with_label(span, label, false)
    }

    /// Adds a note shown below the snippet.
    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    fn with_label(mut self, span: Span, message: impl Into<String>, primary: bool) -> Diagnostic {
        self.labels.push(Label {
            span,
            message: message.into(),
            primary,
        });
        self
    }

    /// Whether this diagnostic fails the run.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The primary span, if any.
    pub fn primary_span(&self) -> Option<Span> {
        self.labels
            .iter()
            .find(|label| label.primary)
            .map(|label| label.span)
    }

    /// Renders the diagnostic as rustc would, with colour when `styled`.
    pub fn render(&self, sources: &SourceMap, styled: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let mut group = Group::with_title(level.primary_title(self.message.as_str()));
        // One snippet per file, in the order the files first appear among the labels, so the
        // primary place comes first.
        let mut files: Vec<FileId> = Vec::new();
        for label in &self.labels {
            if !files.contains(&label.span.file) {
                files.push(label.span.file);
            }
        }
        for file_id in files {
            let file = sources.file(file_id);
            let annotations = self
                .labels
                .iter()
                .filter(|label| label.span.file == file_id)
                .map(|label| {
                    let kind = if label.primary {
                        AnnotationKind::Primary
                    } else {
                        AnnotationKind::Context
                    };
                    kind.span(label.span.range()).label(label.message.as_str())
                });
            group = group.element(
                Snippet::source(file.text.as_str())
                    .path(file.path.to_string_lossy())
                    .fold(true)
                    .annotations(annotations),
            );
        }
        if self.labels.is_empty()
            && let Some(path) = &self.path
        {
            group = group.element(Origin::path(path.to_string_lossy()));
        }
        for note in &self.notes {
            group = group.element(Level::NOTE.message(note.as_str()));
        }
        let renderer = if styled {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        renderer.render(&[group])
    }
}

/// The diagnostics of one run, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty list.
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    /// Records a diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.list.push(diagnostic);
    }

    /// Keeps only the diagnostics for which `keep` holds.
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.list.retain(keep);
    }

    /// Records a copy of every diagnostic of another list, after those already here.
    pub fn extend_from(&mut self, other: &Diagnostics) {
        self.list.extend(other.list.iter().cloned());
    }

    /// Records every diagnostic of another list, after those already here.
    pub fn extend(&mut self, other: Diagnostics) {
        self.list.extend(other.list);
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.list.iter().any(Diagnostic::is_error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.list.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.list.len() - self.error_count()
    }

    /// All diagnostics, in the order they were found.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.list.iter()
    }

    /// Number of diagnostics.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Sorts by file and position, keeping the found order for equal places, so output does not
    /// depend on the order in which files were loaded.
    pub fn sort_by_location(&mut self, sources: &SourceMap) {
        self.list.sort_by_cached_key(|d| match d.primary_span() {
            Some(span) => (Some(sources.file(span.file).path.clone()), span.start),
            None => (d.path.clone(), 0),
        });
    }

    /// Renders every diagnostic, each followed by a blank line.
    pub fn render(&self, sources: &SourceMap, styled: bool) -> String {
        // Each is laid out on its own, in parallel: a site with hundreds of broken links in
        // its content would otherwise wait for them at the end of every build.
        let rendered: Vec<String> = (self.list.par_iter())
            .map(|diagnostic| diagnostic.render(sources, styled))
            .collect();
        let mut out = String::with_capacity(rendered.iter().map(|text| text.len() + 2).sum());
        for text in rendered {
            out.push_str(&text);
            out.push_str("\n\n");
        }
        out
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.list.iter()
    }
}
