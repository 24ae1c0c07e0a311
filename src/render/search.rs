//! The search index: every entity's name and summary, for the search box of every page.
//!
//! It is a script that sets `window.tldocSearchIndex`, not JSON to fetch, so that search works
//! from `file://` too; the page of an entry follows from its kind and name, so none is written.

use super::Renderer;
use crate::model::EntityKind;

impl Renderer<'_> {
    /// The search index: every method, constructor and type with its summary, as a script that
    /// sets `window.tldocSearchIndex` (a script, not JSON to fetch, so that search works from
    /// file:// too). Entries are `[name, summary]`; the page's path follows from the kind and name.
    pub(super) fn search_index(&self) -> String {
        fn entries<'n>(
            names: impl Iterator<Item = &'n str>,
            summaries: &'n [String],
        ) -> Vec<(&'n str, &'n str)> {
            names.zip(summaries.iter().map(String::as_str)).collect()
        }
        let schema = self.inputs.schema;
        let summaries = &self.summaries;
        // A removed entity's page lies where its page was, so its entry is like any other's.
        let with_removed = |entries: Vec<(&str, &str)>, kind| {
            let removed = self.removed_search_entries(kind);
            let all: Vec<(&str, &str)> = entries
                .into_iter()
                .chain(
                    removed
                        .iter()
                        .map(|(name, summary)| (name.as_str(), summary.as_str())),
                )
                .collect();
            serde_json::json!(all)
        };
        let index = serde_json::json!({
            "methods": with_removed(
                entries(schema.methods.iter().map(|m| m.name.as_str()), &summaries.methods),
                EntityKind::Method,
            ),
            "constructors": with_removed(
                entries(
                    schema.constructors.iter().map(|c| c.name.as_str()),
                    &summaries.constructors,
                ),
                EntityKind::Constructor,
            ),
            "types": with_removed(
                entries(schema.types.iter().map(|t| t.name.as_str()), &summaries.types),
                EntityKind::Type,
            ),
        });
        format!("window.tldocSearchIndex = {index};\n")
    }
}
