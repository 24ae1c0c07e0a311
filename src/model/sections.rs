//! A schema that carries its own layers: the files of it that mark sections (MadelineProto's
//! `===8===`, `===17===`; TDLib's `secret_api.tl` with `// layer 23`, `// layer 45`, ...), read
//! as they stood at each layer their sections mark.
//!
//! A section holds what is new or changed in its layer; a name defined again in a later section
//! is that later definition from its layer on. So a file as it stood at layer N is every
//! definition in a section up to N, and resolving that (which keeps the newest definition of
//! each name) is layer N's schema. What stands before the first mark is older than it: the
//! layer before the first mark, "or earlier", as the oldest layer of a history reads.

use crate::tl::ast::SchemaFile;

/// Each layer the files' sections mark, oldest first, with the files as they stood then. The
/// definitions before the first mark, if any, are the layer before it.
pub fn layer_files<'a>(files: &[SchemaFile<'a>]) -> Vec<(u32, Vec<SchemaFile<'a>>)> {
    let mut layers: Vec<u32> = files
        .iter()
        .flat_map(|file| file.section_layers.iter().copied())
        .collect();
    layers.sort_unstable();
    layers.dedup();
    let has_base = files
        .iter()
        .any(|file| file.definitions.iter().any(|d| d.section.is_none()));
    if let Some(&first) = layers.first()
        && has_base
        && first > 0
    {
        layers.insert(0, first - 1);
    }
    layers
        .into_iter()
        .map(|layer| {
            let at_layer = files
                .iter()
                .map(|file| SchemaFile {
                    file: file.file,
                    layer: file.layer,
                    section_layers: file.section_layers.clone(),
                    definitions: file
                        .definitions
                        .iter()
                        .filter(|d| d.section.is_none_or(|section| section <= layer))
                        .cloned()
                        .collect(),
                    type_docs: Vec::new(),
                })
                .collect();
            (layer, at_layer)
        })
        .collect()
}
