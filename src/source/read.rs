//! Reading a file as text: within a size limit, as UTF-8, without a byte order mark, and into
//! the source map with a diagnostic for whatever went wrong.

use std::fs;
use std::path::Path;

use crate::diagnostic::{
    Diagnostic, Diagnostics, FileId, MAX_SOURCE_LEN, Severity, SourceMap, Span,
};

/// Reads a file into the source map, shown as `shown`; a file that cannot be read, or is not
/// UTF-8, is reported and yields `None`.
pub fn read_source(
    path: &Path,
    shown: &Path,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
) -> Option<FileId> {
    register_source(read_text(path), shown, sources, diagnostics)
}

/// Puts what [`read_text`] gave for a file shown as `shown` into the source map, reporting why
/// it could not be read. Split from [`read_source`] so that many files can be read in parallel
/// and then registered in order, which keeps their ids the same from one load to the next.
pub fn register_source(
    read: Result<String, ReadError>,
    shown: &Path,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
) -> Option<FileId> {
    match read {
        Ok(text) => Some(sources.add(shown, text)),
        Err(ReadError::Io(message)) => {
            diagnostics.push(Diagnostic::new(Severity::Error, message).in_file(shown));
            None
        }
        Err(ReadError::TooLarge(len)) => {
            let mib = |bytes: u64| bytes as f64 / f64::from(1 << 20);
            diagnostics.push(
                Diagnostic::new(
                    Severity::Error,
                    format!(
                        "`{}` is too large: {:.1} MiB, over the {} MiB tldoc reads",
                        shown.display(),
                        mib(len),
                        mib(MAX_FILE_LEN)
                    ),
                )
                .in_file(shown)
                .with_note("split it into several files, or leave it out of the site"),
            );
            None
        }
        Err(ReadError::NotUtf8 { lossy, offset }) => {
            let invalid = offset..offset + char::REPLACEMENT_CHARACTER.len_utf8();
            let file = sources.add(shown, lossy);
            diagnostics.push(
                Diagnostic::error(
                    format!("`{}` is not valid UTF-8", shown.display()),
                    Span::new(file, invalid),
                    "invalid byte",
                )
                .with_note("tldoc reads every file as UTF-8; re-save the file in that encoding"),
            );
            None
        }
    }
}

/// The largest file tldoc reads, 10 MiB. Real sources are far smaller (Telegram's `api.tl` is
/// under 1 MiB, a content page a few KiB); a larger one is a mistake, such as a generated dump,
/// and would make a page no browser shows well, so it is refused before it is read.
pub const MAX_FILE_LEN: u64 = 10 << 20;

const _: () = assert!(MAX_FILE_LEN as usize <= MAX_SOURCE_LEN);

/// Why a file could not be read as text.
#[derive(Debug)]
pub enum ReadError {
    /// The file system refused; the message names the file.
    Io(String),
    /// The file is larger than [`MAX_FILE_LEN`]: its length in bytes.
    TooLarge(u64),
    /// The bytes are not UTF-8: the text with invalid bytes replaced, and the offset of the first.
    NotUtf8 {
        /// The text, invalid sequences replaced by U+FFFD.
        lossy: String,
        /// Byte offset of the first replacement in `lossy`.
        offset: usize,
    },
}

/// Reads a file as UTF-8, without its byte order mark if it has one: an editor does not count
/// the mark as a column, so neither may the positions of diagnostics.
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    use std::io::Read;
    let io =
        |error: std::io::Error| ReadError::Io(format!("cannot read `{}`: {error}", path.display()));
    let file = fs::File::open(path).map_err(io)?;
    let len = file.metadata().map_err(io)?.len();
    if len > MAX_FILE_LEN {
        return Err(ReadError::TooLarge(len));
    }
    // The length is read again from what arrives: a file may grow while it is read, and a
    // special file has no length to tell.
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(MAX_FILE_LEN + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_LEN {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    if bytes.starts_with("\u{feff}".as_bytes()) {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|error| {
        let offset = error.utf8_error().valid_up_to();
        ReadError::NotUtf8 {
            lossy: String::from_utf8_lossy(error.as_bytes()).into_owned(),
            offset,
        }
    })
}
