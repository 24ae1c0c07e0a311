//! The real schemas in `../shared`: Telegram's layer 190 (`api.tl` and `mtproto.tl`) and the
//! twenty layers before it. Skipped, with the reason printed, where the shared data is absent.

mod common;

use common::{load, shared};
use tldoc::model::TypeRef;

fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn layer_190_resolves_with_only_the_two_known_id_warnings() {
    let Some(dir) = shared("telegram-190/schema") else {
        return;
    };
    let api = read(&dir.join("api.tl"));
    let mtproto = read(&dir.join("mtproto.tl"));
    let loaded = load(&[("schema/api.tl", &api), ("schema/mtproto.tl", &mtproto)]);
    let schema = &loaded.schema;
    assert_eq!(schema.layer, Some(190));
    // `vector` counts as a constructor (of the generic type `Vector`), and `Vector`, `Bool` and
    // `True` as types, since the schema declares them; `int`, `long` and the other builtins are
    // counted apart.
    assert_eq!(
        (
            schema.constructors.len(),
            schema.methods.len(),
            schema.types.len()
        ),
        (1411, 673, 544)
    );
    assert!(!loaded.diagnostics.has_errors(), "{}", loaded.rendered());
    let warned: Vec<String> = loaded.reported().into_iter().map(|r| r.1).collect();
    assert_eq!(
        warned,
        // `ipPortSecret`'s declared id is the CRC32 of its line with `bytes` kept (TDLib's
        // rule), so it is correct and not warned of.
        [
            "the id of `accessPointRule` differs from the one computed from its definition",
            "the id of `help.configSimple` differs from the one computed from its definition",
        ]
    );

    let reset = schema.method(schema.method_named("account.resetAuthorization").unwrap());
    assert_eq!(reset.id, 0xdf77f3bc);
    assert_eq!(reset.params.len(), 1);
    assert_eq!(schema.display(&reset.params[0].ty), "long");
    assert_eq!(
        reset.result,
        TypeRef::Type(schema.type_named("Bool").unwrap())
    );

    let input_peer = schema.ty(schema.type_named("InputPeer").unwrap());
    assert_eq!(input_peer.constructors.len(), 7);
    let ping = schema.method_named("ping").unwrap();
    assert!(
        schema
            .ty(schema.type_named("Pong").unwrap())
            .returned_by
            .contains(&ping)
    );
}

#[test]
fn every_real_declared_id_but_two_equals_the_computed_one() {
    let Some(history) = shared("telegram-history") else {
        return;
    };
    let Some(current) = shared("telegram-190/schema") else {
        return;
    };
    let mut files: Vec<_> = std::fs::read_dir(&history)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    files.push(current.join("api.tl"));
    files.push(current.join("mtproto.tl"));
    let (mut checked, mut differing) = (0, Vec::new());
    for path in &files {
        let loaded = load(&[("schema/x.tl", &read(path))]);
        for combinator in loaded
            .schema
            .constructors
            .iter()
            .chain(&loaded.schema.methods)
        {
            if let Some(declared) = combinator.declared_id {
                checked += 1;
                if declared != combinator.computed_id {
                    differing.push(combinator.name.clone());
                }
            }
        }
    }
    assert!(checked > 38_000, "{checked} ids checked");
    assert_eq!(differing, ["accessPointRule", "help.configSimple"]);
}

#[test]
fn the_twenty_earlier_layers_resolve_without_errors() {
    let Some(history) = shared("telegram-history") else {
        return;
    };
    for layer in 170..190 {
        let text = read(&history.join(format!("api-{layer}.tl")));
        let loaded = load(&[("schema/api.tl", &text)]);
        assert!(
            loaded.diagnostics.is_empty(),
            "layer {layer}:\n{}",
            loaded.rendered()
        );
        assert_eq!(loaded.schema.layer, Some(layer));
        assert!(loaded.schema.methods.len() > 500);
    }
}

#[test]
fn parsing_is_deterministic() {
    let Some(dir) = shared("telegram-190/schema") else {
        return;
    };
    let api = read(&dir.join("api.tl"));
    let first = load(&[("schema/api.tl", &api)]);
    let second = load(&[("schema/api.tl", &api)]);
    let names = |l: &common::Loaded| -> Vec<(String, u32)> {
        l.schema
            .types
            .iter()
            .map(|t| (t.name.clone(), t.constructors.len() as u32))
            .collect()
    };
    assert_eq!(names(&first), names(&second));
}
