//! What the diff finds between two small schemas, written in TL.

use super::*;
use crate::diagnostic::{Diagnostics, SourceMap};

/// A schema from TL text that must resolve without errors; also used by the history's tests.
pub(crate) fn schema(text: &str) -> Schema {
    let mut sources = SourceMap::new();
    let file = sources.add("api.tl", text.to_owned());
    let mut diagnostics = Diagnostics::new();
    let schema = crate::schema::parse_and_resolve(&sources, &[file], &mut diagnostics);
    assert!(
        !diagnostics.has_errors(),
        "{}",
        diagnostics.render(&sources, false)
    );
    schema
}

fn between(old: &str, new: &str) -> SchemaDiff {
    diff(&schema(old), &schema(new))
}

/// The one changed constructor of a diff.
fn only_change(diff: &SchemaDiff) -> &Changed {
    assert_eq!(diff.constructors.changed.len(), 1, "{diff:#?}");
    &diff.constructors.changed[0]
}

fn flag(bit: u32) -> FlagBit {
    FlagBit {
        field: "flags".to_owned(),
        bit,
    }
}

#[test]
fn the_same_schema_has_no_differences() {
    let text = "a#1 flags:# x:flags.0?int = A;\n---functions---\nf = A;\n";
    assert!(between(text, text).is_empty());
    // Spacing and the digits of an id change the text, not the schema.
    assert!(between("a#01 x:int = A;\n", "a#00000001  x:int   = A;\n").is_empty());
}

#[test]
fn added_and_removed_combinators_and_types_sorted_by_name() {
    let found = between(
        "b = B;\nkeep = A;\n---functions---\nold = A;\n",
        "keep = A;\nz = Z;\nc#7 = A;\n---functions---\nnew = A;\n",
    );
    let names =
        |entries: &[Entry]| -> Vec<String> { entries.iter().map(|e| e.name.clone()).collect() };
    assert_eq!(names(&found.constructors.added), ["c", "z"]);
    assert_eq!(found.constructors.added[0].id, Id(7));
    assert_eq!(found.constructors.added[0].definition, "c#7 = A;");
    assert_eq!(names(&found.constructors.removed), ["b"]);
    assert_eq!(names(&found.methods.added), ["new"]);
    assert_eq!(names(&found.methods.removed), ["old"]);
    assert_eq!(found.types.added.len(), 1);
    assert_eq!(found.types.added[0].name, "Z");
    assert_eq!(found.types.removed[0].name, "B");
    assert_eq!(found.types.removed[0].constructors, ["b"]);
    assert_eq!(found.types.changed.len(), 1);
    assert_eq!(found.types.changed[0].added, ["c"]);
    assert!(found.types.changed[0].removed.is_empty());
}

#[test]
fn a_new_parameter_and_a_new_id() {
    let found = between(
        "a#1 flags:# x:int = A;\n",
        "a#2 flags:# x:int message:flags.1?Vector<A> = A;\n",
    );
    let changed = only_change(&found);
    assert_eq!(
        changed.id,
        Some(Pair {
            old: Id(1),
            new: Id(2)
        })
    );
    assert_eq!(
        changed.params,
        [ParamChange::Added(ParamInfo {
            name: "message".to_owned(),
            ty: "Vector<A>".to_owned(),
            flag: Some(flag(1)),
        })]
    );
    assert_eq!(changed.definition.old, "a#1 flags:# x:int = A;");
    assert!(changed.renamed_from.is_none() && changed.result.is_none());
    assert!(changed.order.is_none() && changed.generics.is_none());
    assert!(found.types.is_empty());
}

#[test]
fn a_removed_parameter() {
    let found = between("a#1 x:int y:string = A;\n", "a#1 x:int = A;\n");
    assert_eq!(
        only_change(&found).params,
        [ParamChange::Removed(ParamInfo {
            name: "y".to_owned(),
            ty: "string".to_owned(),
            flag: None,
        })]
    );
    assert!(only_change(&found).id.is_none());
}

#[test]
fn a_retyped_parameter() {
    let found = between(
        "a#1 x:int y:B = A;\nb = B;\n",
        "a#1 x:long y:%B = A;\nb = B;\n",
    );
    assert_eq!(
        only_change(&found).params,
        [
            ParamChange::Retyped {
                name: "x".to_owned(),
                old: "int".to_owned(),
                new: "long".to_owned(),
            },
            ParamChange::Retyped {
                name: "y".to_owned(),
                old: "B".to_owned(),
                new: "%B".to_owned(),
            },
        ]
    );
}

#[test]
fn optional_required_and_flag_moves() {
    let found = between(
        "a#1 flags:# flags2:# x:int y:flags.0?int z:flags.1?int w:flags.2?true = A;\n",
        "a#1 flags:# flags2:# x:flags.3?int y:int z:flags.4?int w:flags2.0?true = A;\n",
    );
    assert_eq!(
        only_change(&found).params,
        [
            ParamChange::MadeOptional {
                name: "x".to_owned(),
                flag: flag(3),
            },
            ParamChange::MadeRequired {
                name: "y".to_owned(),
                flag: flag(0),
            },
            ParamChange::FlagMoved {
                name: "z".to_owned(),
                old: flag(1),
                new: flag(4),
            },
            ParamChange::FlagMoved {
                name: "w".to_owned(),
                old: flag(2),
                new: FlagBit {
                    field: "flags2".to_owned(),
                    bit: 0,
                },
            },
        ]
    );
}

#[test]
fn a_retyped_parameter_that_also_became_optional_reports_both() {
    let found = between(
        "a#1 flags:# x:true = A;\n",
        "a#1 flags:# x:flags.0?Bool = A;\n",
    );
    let params = &only_change(&found).params;
    assert_eq!(params.len(), 2, "{params:?}");
    assert!(matches!(params[0], ParamChange::Retyped { .. }));
    assert!(matches!(params[1], ParamChange::MadeOptional { .. }));
}

#[test]
fn reordered_parameters() {
    let found = between(
        "a#1 x:int y:int z:int = A;\n",
        "a#1 y:int x:int w:int z:int = A;\n",
    );
    let changed = only_change(&found);
    assert_eq!(
        changed.order,
        Some(Pair {
            old: vec!["x".to_owned(), "y".to_owned(), "z".to_owned()],
            new: vec!["y".to_owned(), "x".to_owned(), "z".to_owned()],
        })
    );
    assert_eq!(changed.params.len(), 1, "only `w` was added");
}

#[test]
fn a_method_result_and_a_constructor_type_change() {
    let found = between(
        "a#1 = A;\nb#2 = B;\n---functions---\nf#3 = A;\ng#4 {X:Type} q:!X = X;\n",
        "a#1 = B;\nb#2 = B;\n---functions---\nf#3 = Vector<B>;\ng#4 {Y:Type} q:!Y = Y;\n",
    );
    let changed = only_change(&found);
    assert_eq!(
        changed.result,
        Some(Pair {
            old: "A".to_owned(),
            new: "B".to_owned(),
        })
    );
    assert_eq!(found.methods.changed.len(), 2);
    let f = &found.methods.changed[0];
    assert_eq!(f.result.as_ref().map(|r| r.new.as_str()), Some("Vector<B>"));
    let g = &found.methods.changed[1];
    assert_eq!(
        g.generics,
        Some(Pair {
            old: vec!["X".to_owned()],
            new: vec!["Y".to_owned()],
        })
    );
    assert_eq!(g.params.len(), 1, "`q` retyped from `!X` to `!Y`");
    // `a` left `A` (now gone) and joined `B`.
    assert_eq!(found.types.removed[0].name, "A");
    assert_eq!(found.types.changed[0].name, "B");
    assert_eq!(found.types.changed[0].added, ["a"]);
}

#[test]
fn a_rename_by_id_is_not_a_removal_and_an_addition() {
    let found = between(
        "old#5 x:int = A;\nother = A;\n---functions---\ngetOld#6 = A;\n",
        "new#5 x:int = A;\nother = A;\n---functions---\ngetNew#6 = A;\n",
    );
    assert!(found.constructors.added.is_empty());
    assert!(found.constructors.removed.is_empty());
    assert!(found.constructors.changed.is_empty());
    let renamed = &found.constructors.renamed[0];
    assert_eq!(renamed.name, "new");
    assert_eq!(renamed.renamed_from.as_deref(), Some("old"));
    assert!(renamed.id.is_none() && renamed.params.is_empty());
    assert_eq!(found.methods.renamed[0].name, "getNew");
    assert!(
        found.types.is_empty(),
        "a renamed constructor still builds its type"
    );
}

#[test]
fn a_rename_may_change_more_than_the_name() {
    let found = between("old#5 x:int = A;\n", "new#5 x:long = A;\n");
    let renamed = &found.constructors.renamed[0];
    assert_eq!(renamed.params.len(), 1);
}

#[test]
fn a_name_kept_wins_over_an_id_moved() {
    // `a` changed its id and `b` took the old one: `b` is new, not `a` renamed.
    let found = between("a#1 = A;\n", "a#2 x:int = A;\nb#1 = A;\n");
    assert_eq!(found.constructors.changed[0].name, "a");
    assert_eq!(found.constructors.added[0].name, "b");
    assert!(found.constructors.renamed.is_empty());
}

#[test]
fn schemas_with_errors_still_compare() {
    let mut sources = SourceMap::new();
    let file = sources.add("api.tl", "a#1 x:Missing = A;\nb#1 = A;\nbroken".to_owned());
    let mut diagnostics = Diagnostics::new();
    let broken = crate::schema::parse_and_resolve(&sources, &[file], &mut diagnostics);
    assert!(diagnostics.has_errors());
    let found = diff(&broken, &schema("c#1 = A;\n"));
    assert_eq!(found.constructors.renamed.len(), 1, "{found:#?}");
    assert_eq!(found.constructors.removed.len(), 1);
    diff(&Schema::default(), &broken);
}

#[test]
fn json_names_the_changes() {
    let found = between("a#1 flags:# = A;\n", "a#2 flags:# m:flags.1?int = A;\n");
    let json = serde_json::to_value(&found).unwrap();
    let changed = &json["constructors"]["changed"][0];
    assert_eq!(changed["id"]["new"], "00000002");
    assert_eq!(changed["params"][0]["change"], "added");
    assert_eq!(changed["params"][0]["type"], "int");
    assert_eq!(changed["params"][0]["flag"]["bit"], 1);
}
