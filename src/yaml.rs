//! YAML in a registered file (`tldoc.yaml`, or the front matter of a Markdown file), read with
//! serde-saphyr, whose errors and [`Spanned`] values carry their places.
//!
//! Every location a diagnostic gives for a setting or a front-matter value comes from the
//! parser, never from searching the text: the same words may be written in two places (a key
//! in one value's text, a link copied into two values), and only the parser knows which is
//! which.

use std::ops::Range;

use serde::Deserialize;
use serde::de::{IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{MessageFormatter, Spanned};

use crate::diagnostic::{Diagnostic, FileId, SourceMap, Span};

/// Deserialises the YAML in `range` of a registered file (the whole file, or the front matter of
/// a Markdown file), turning an error into a diagnostic located in the file.
pub fn parse_range<T: for<'de> Deserialize<'de>>(
    sources: &SourceMap,
    file: FileId,
    range: Range<usize>,
) -> Result<T, Diagnostic> {
    let source = sources.file(file);
    let start = range.start;
    let yaml = &source.text[range];
    serde_saphyr::from_str::<T>(yaml).map_err(|error| {
        let message = serde_saphyr::DefaultMessageFormatter
            .format_message(error.without_snippet())
            .to_string();
        let at = error.location().map_or(start, |location| {
            let first_line = source.line_column(start).line;
            let line = first_line + location.line() as usize - 1;
            let column = location.column() as usize
                + if location.line() == 1 {
                    source.line_column(start).column - 1
                } else {
                    0
                };
            source.offset(line, column)
        });
        Diagnostic::error(message, Span::new(file, at..at), "")
    })
}

/// The bytes a value parsed from YAML starting at byte `start` of its file was written in
/// (quotes included), or the empty range at `start` when the parser knows no place for it.
pub fn place<T>(value: &Spanned<T>, start: usize) -> Range<usize> {
    let span = value.referenced.span();
    match (span.byte_offset(), span.byte_len()) {
        (Some(offset), Some(len)) => {
            let at = start + offset as usize;
            at..at + len as usize
        }
        _ => start..start,
    }
}

/// Any value, read for the places of the items of a sequence (and nothing else): what a
/// diagnostic about one entry of a list setting points at.
#[derive(Debug, Default)]
pub struct Items(pub Vec<Spanned<IgnoredAny>>);

impl<'de> Deserialize<'de> for Items {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Items, D::Error> {
        deserializer.deserialize_any(ItemsVisitor)
    }
}

struct ItemsVisitor;

impl<'de> Visitor<'de> for ItemsVisitor {
    type Value = Items;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("any value")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Items, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Items(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Items, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Items::default())
    }

    fn visit_bool<E>(self, _: bool) -> Result<Items, E> {
        Ok(Items::default())
    }

    fn visit_i64<E>(self, _: i64) -> Result<Items, E> {
        Ok(Items::default())
    }

    fn visit_u64<E>(self, _: u64) -> Result<Items, E> {
        Ok(Items::default())
    }

    fn visit_f64<E>(self, _: f64) -> Result<Items, E> {
        Ok(Items::default())
    }

    fn visit_str<E>(self, _: &str) -> Result<Items, E> {
        Ok(Items::default())
    }

    fn visit_none<E>(self) -> Result<Items, E> {
        Ok(Items::default())
    }

    fn visit_unit<E>(self) -> Result<Items, E> {
        Ok(Items::default())
    }
}

/// A mapping key with its place: keys compare by their text alone, so that a map of them looks
/// keys up as a map of strings would.
#[derive(Debug)]
pub struct Key(pub Spanned<String>);

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        self.0.value == other.0.value
    }
}

impl Eq for Key {}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Key) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Key {
    fn cmp(&self, other: &Key) -> std::cmp::Ordering {
        self.0.value.cmp(&other.0.value)
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Key, D::Error> {
        Spanned::deserialize(deserializer).map(Key)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn places_are_where_values_and_keys_are_written() {
        let text = "---\nparams: {hash: \"x: y\", peer: 'z'}\nnote: |\n  peer: text\n";
        let start = 4;
        let mut sources = SourceMap::new();
        let file = sources.add("front.md", text.to_owned());
        #[derive(Deserialize)]
        struct Front {
            params: BTreeMap<Key, Spanned<String>>,
            note: Spanned<String>,
        }
        let front: Front = parse_range(&sources, file, start..text.len()).unwrap();
        let shown = |range: Range<usize>| &text[range];
        let (peer, value) = front
            .params
            .iter()
            .find(|(key, _)| key.0.value == "peer")
            .unwrap();
        assert_eq!(place(&peer.0, start), 27..31);
        assert_eq!(shown(place(&peer.0, start)), "peer");
        assert_eq!(shown(place(value, start)), "'z'");
        assert_eq!(shown(place(&front.note, start)), "peer: text\n");
    }

    #[test]
    fn places_of_the_items_of_a_list_and_nothing_of_other_values() {
        let text = "examples: [python, 'cobol']\ntitle: x\nnested: {a: [1]}\n";
        let mut sources = SourceMap::new();
        let file = sources.add("tldoc.yaml", text.to_owned());
        let settings: BTreeMap<String, Spanned<Items>> =
            parse_range(&sources, file, 0..text.len()).unwrap();
        let items: Vec<&str> = settings["examples"]
            .value
            .0
            .iter()
            .map(|item| &text[place(item, 0)])
            .collect();
        assert_eq!(items, ["python", "'cobol'"]);
        assert_eq!(&text[place(&settings["title"], 0)], "x");
        assert!(settings["title"].value.0.is_empty() && settings["nested"].value.0.is_empty());
    }
}
