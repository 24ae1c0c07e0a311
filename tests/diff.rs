//! `tldoc diff` as a user runs it, and the differences of real consecutive layers.

mod common;

use std::path::Path;

use common::{TestSite, sample_root, shared, tldoc, tldoc_with_env};
use tldoc::diff::{self, Changed, FlagBit, Id, Pair, ParamChange, SchemaDiff, report};
use tldoc::history::{EventKind, History, LastDefinition, layer_of};
use tldoc::model::EntityKind;
use tldoc::model::Schema;

/// A real schema file of the history (`api-170.tl`..`api-189.tl`), or layer 190.
fn real(layer: u32) -> Option<Schema> {
    let path = if layer == 190 {
        shared("telegram-190/schema/api.tl")?
    } else {
        shared(&format!("telegram-history/api-{layer}.tl"))?
    };
    let text = std::fs::read_to_string(&path).unwrap();
    let loaded = common::load(&[(path.to_str().unwrap(), &text)]);
    assert!(!loaded.diagnostics.has_errors(), "{}", loaded.rendered());
    assert_eq!(loaded.schema.layer, Some(layer));
    Some(loaded.schema)
}

fn real_diff(old: u32, new: u32) -> Option<SchemaDiff> {
    Some(diff::diff(&real(old)?, &real(new)?))
}

fn constructor<'a>(diff: &'a SchemaDiff, name: &str) -> &'a Changed {
    find(&diff.constructors.changed, name)
}

fn method<'a>(diff: &'a SchemaDiff, name: &str) -> &'a Changed {
    find(&diff.methods.changed, name)
}

fn find<'a>(list: &'a [Changed], name: &str) -> &'a Changed {
    list.iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("`{name}` did not change"))
}

fn flag(field: &str, bit: u32) -> FlagBit {
    FlagBit {
        field: field.to_owned(),
        bit,
    }
}

fn added(diff: &Changed) -> Vec<String> {
    diff.params
        .iter()
        .filter_map(|change| match change {
            ParamChange::Added(param) => Some(param.to_string()),
            _ => None,
        })
        .collect()
}

fn removed(diff: &Changed) -> Vec<String> {
    diff.params
        .iter()
        .filter_map(|change| match change {
            ParamChange::Removed(param) => Some(param.to_string()),
            _ => None,
        })
        .collect()
}

#[test]
fn layer_190_changed_three_constructors_each_a_new_parameter_and_id() {
    let Some(found) = real_diff(189, 190) else {
        return;
    };
    assert_eq!(
        report::summary(&found),
        "layer 189 → 190: 3 constructors changed"
    );
    let names: Vec<&str> = found
        .constructors
        .changed
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "inputStorePaymentPremiumGiftCode",
            "messageActionGiftCode",
            "messageActionGiftPremium"
        ]
    );
    for (name, old, new, param) in [
        (
            "messageActionGiftPremium",
            0xc83d6aec,
            0x6c6274fa,
            "message:flags.1?TextWithEntities",
        ),
        (
            "messageActionGiftCode",
            0x678c2e09,
            0x56d03994,
            "message:flags.4?TextWithEntities",
        ),
        (
            "inputStorePaymentPremiumGiftCode",
            0xa3805f3f,
            0xfb790393,
            "message:flags.1?TextWithEntities",
        ),
    ] {
        let changed = constructor(&found, name);
        assert_eq!(
            changed.id,
            Some(Pair {
                old: Id(old),
                new: Id(new)
            })
        );
        assert_eq!(added(changed), [param], "{name}");
        assert_eq!(changed.params.len(), 1, "{name}: nothing else changed");
        assert!(changed.result.is_none() && changed.order.is_none());
    }
    assert!(found.constructors.added.is_empty() && found.constructors.removed.is_empty());
    assert!(found.methods.is_empty() && found.types.is_empty());
}

#[test]
fn tldoc_diff_189_190_as_a_user_sees_it() {
    let (Some(old), Some(new)) = (
        shared("telegram-history/api-189.tl"),
        shared("telegram-190/schema/api.tl"),
    ) else {
        return;
    };
    let run = tldoc(
        sample_root(),
        &["diff", old.to_str().unwrap(), new.to_str().unwrap()],
    );
    run.success();
    assert_eq!(
        run.stdout,
        "constructors\n\
         \x20 ~ inputStorePaymentPremiumGiftCode  #a3805f3f → #fb790393\n\
         \x20     + message:flags.1?TextWithEntities\n\
         \x20 ~ messageActionGiftCode             #678c2e09 → #56d03994\n\
         \x20     + message:flags.4?TextWithEntities\n\
         \x20 ~ messageActionGiftPremium          #c83d6aec → #6c6274fa\n\
         \x20     + message:flags.1?TextWithEntities\n\
         \n\
         layer 189 → 190: 3 constructors changed\n"
    );
    assert_eq!(run.stderr, "", "warnings are `tldoc check`'s to report");
}

/// Layer 178 remade sponsored messages: parameters added and removed, one made required, and a
/// constructor and its type removed.
#[test]
fn layer_178_added_removed_and_required_parameters() {
    let Some(found) = real_diff(177, 178) else {
        return;
    };
    assert_eq!(
        report::summary(&found),
        "layer 177 → 178: 5 constructors added, 1 removed, 6 changed; 4 methods added, 3 changed; \
         2 types added, 1 removed, 2 changed"
    );
    let sponsored = constructor(&found, "sponsoredMessage");
    assert_eq!(
        sponsored.id,
        Some(Pair {
            old: Id(0xed5383f7),
            new: Id(0xbdedf566)
        })
    );
    assert_eq!(
        added(sponsored),
        [
            "url:string",
            "title:string",
            "photo:flags.6?Photo",
            "color:flags.13?PeerColor"
        ]
    );
    assert_eq!(
        removed(sponsored),
        [
            "show_peer_photo:flags.6?true",
            "from_id:flags.3?Peer",
            "chat_invite:flags.4?ChatInvite",
            "chat_invite_hash:flags.4?string",
            "channel_post:flags.2?int",
            "start_param:flags.0?string",
            "webpage:flags.9?SponsoredWebPage",
            "app:flags.10?BotApp"
        ]
    );
    assert!(sponsored.params.contains(&ParamChange::MadeRequired {
        name: "button_text".to_owned(),
        flag: flag("flags", 11),
    }));
    assert_eq!(found.constructors.removed[0].name, "sponsoredWebPage");
    assert_eq!(found.types.removed[0].name, "SponsoredWebPage");

    let recommendations = method(&found, "channels.getChannelRecommendations");
    assert_eq!(added(recommendations), ["flags:#"]);
    assert!(recommendations.params.contains(&ParamChange::MadeOptional {
        name: "channel".to_owned(),
        flag: flag("flags", 0),
    }));
}

/// Layer 177: retyped parameters, methods that return another type, and bit flags removed without
/// a new id (the id of a definition leaves out its `flags.N?true` parameters).
#[test]
fn layer_177_retyped_parameters_and_results() {
    let Some(found) = real_diff(176, 177) else {
        return;
    };
    assert_eq!(
        report::summary(&found),
        "layer 176 → 177: 41 constructors added, 1 removed, 9 changed; 21 methods added, \
         8 changed; 24 types added, 7 changed"
    );
    assert_eq!(
        method(&found, "account.updateConnectedBot").params,
        [ParamChange::Retyped {
            name: "recipients".to_owned(),
            old: "InputBusinessRecipients".to_owned(),
            new: "InputBusinessBotRecipients".to_owned(),
        }]
    );
    for name in [
        "messages.createChat",
        "messages.addChatUser",
        "channels.inviteToChannel",
    ] {
        assert_eq!(
            method(&found, name).result,
            Some(Pair {
                old: "Updates".to_owned(),
                new: "messages.InvitedUsers".to_owned()
            }),
            "{name}"
        );
    }
    let stickers = method(&found, "stickers.createStickerSet");
    assert_eq!(
        removed(stickers),
        ["animated:flags.1?true", "videos:flags.4?true"]
    );
    assert!(stickers.id.is_none());
    let update = found.types.changed.iter().find(|t| t.name == "Update");
    assert_eq!(
        update.map(|t| &t.removed[..]),
        Some(&["updateGroupInvitePrivacyForbidden".to_owned()][..])
    );
}

/// Layer 187: a parameter moved to another flag bit, parameters made optional, and a bit flag
/// that became a `Bool` at the end of the list.
#[test]
fn layer_187_flag_moves_and_optional_parameters() {
    let Some(found) = real_diff(186, 187) else {
        return;
    };
    let giveaway = constructor(&found, "payments.giveawayInfoResults");
    assert_eq!(
        giveaway.params,
        [
            ParamChange::FlagMoved {
                name: "gift_code_slug".to_owned(),
                old: flag("flags", 0),
                new: flag("flags", 3),
            },
            ParamChange::Added(tldoc::diff::ParamInfo {
                name: "stars_prize".to_owned(),
                ty: "long".to_owned(),
                flag: Some(flag("flags", 4)),
            }),
            ParamChange::MadeOptional {
                name: "activated_count".to_owned(),
                flag: flag("flags", 2),
            },
        ]
    );
    for name in ["messageMediaGiveaway", "messageMediaGiveawayResults"] {
        assert!(
            constructor(&found, name)
                .params
                .contains(&ParamChange::MadeOptional {
                    name: "months".to_owned(),
                    flag: flag("flags", 4),
                }),
            "{name}"
        );
    }
    let reaction = method(&found, "messages.sendPaidReaction");
    assert_eq!(
        reaction.params,
        [ParamChange::Retyped {
            name: "private".to_owned(),
            old: "true".to_owned(),
            new: "Bool".to_owned(),
        }]
    );
    assert_eq!(
        reaction.order.as_ref().map(|order| order.new.join(" ")),
        Some("flags peer msg_id count random_id private".to_owned())
    );
}

#[test]
fn layer_179_poll_questions_became_rich_text() {
    let Some(found) = real_diff(178, 179) else {
        return;
    };
    assert!(
        constructor(&found, "poll")
            .params
            .contains(&ParamChange::Retyped {
                name: "question".to_owned(),
                old: "string".to_owned(),
                new: "TextWithEntities".to_owned(),
            })
    );
}

/// The whole real history: the counts of every layer (cross-checked once against a plain
/// set difference of the files' names and definitions), and a few facts of its entities.
#[test]
fn the_real_history_of_layers_170_to_190() {
    let mut layers = Vec::new();
    for layer in 170..=190 {
        let Some(schema) = real(layer) else {
            return;
        };
        layers.push((layer, schema));
    }
    let history = History::new(layers).unwrap();
    assert_eq!(history.versions().len(), 21);
    let summaries: Vec<String> = history.diffs().iter().map(report::summary).collect();
    assert_eq!(
        summaries,
        [
            "layer 170 → 171: 4 constructors added, 1 changed; 3 methods added, 1 changed; 2 types added, 1 changed",
            "layer 171 → 172: 1 constructor added, 6 changed; 2 methods added; 1 type added",
            "layer 172 → 173: 2 methods changed",
            "layer 173 → 174: 2 constructors added, 6 changed; 2 methods added; 2 types changed",
            "layer 174 → 175: 4 constructors added; 7 methods added; 3 types added, 1 changed",
            "layer 175 → 176: 28 constructors added, 4 changed; 16 methods added, 7 changed; 18 types added, 1 changed",
            "layer 176 → 177: 41 constructors added, 1 removed, 9 changed; 21 methods added, 8 changed; 24 types added, 7 changed",
            "layer 177 → 178: 5 constructors added, 1 removed, 6 changed; 4 methods added, 3 changed; 2 types added, 1 removed, 2 changed",
            "layer 178 → 179: 5 constructors added, 3 changed; 2 methods added; 1 type added, 2 changed",
            "layer 179 → 180: 4 constructors added, 2 changed; 4 methods added, 5 changed; 2 types added, 1 changed",
            "layer 180 → 181: 15 constructors added, 3 changed; 8 methods added; 5 types added, 5 changed",
            "layer 181 → 182: 9 constructors added, 4 changed; 3 methods added, 2 changed; 6 types added, 2 changed",
            "layer 182 → 183: 5 constructors added, 2 removed, 5 changed; 2 methods added, 3 changed; 2 types added, 2 removed, 3 changed",
            "layer 183 → 184: 1 constructor added, 1 changed; 1 type changed",
            "layer 184 → 185: 9 constructors added, 1 removed, 5 changed; 9 methods added, 1 changed; 4 types added, 4 changed",
            "layer 185 → 186: 7 constructors added, 11 changed; 5 methods added, 5 changed; 3 types added, 4 changed",
            "layer 186 → 187: 8 constructors added, 10 changed; 2 methods added, 1 changed; 2 types added, 5 changed",
            "layer 187 → 188: 1 constructor added, 2 changed; 1 method changed; 1 type changed",
            "layer 188 → 189: 12 constructors added, 2 changed; 4 methods added, 3 changed; 6 types added, 3 changed",
            "layer 189 → 190: 3 constructors changed",
        ]
    );

    let gift = history
        .entity(EntityKind::Constructor, "messageActionGiftCode")
        .unwrap();
    assert_eq!(
        gift.since,
        170.into(),
        "there from the first layer of the history"
    );
    assert_eq!(gift.events.last().map(|e| e.version), Some(190.into()));
    assert!(gift.removed.is_none());

    let privacy = history
        .entity(EntityKind::Method, "messages.getPaidReactionPrivacy")
        .unwrap();
    assert_eq!(privacy.since, 187.into());
    assert_eq!(privacy.events[0].what, EventKind::Added);

    let web_page = history
        .entity(EntityKind::Constructor, "sponsoredWebPage")
        .unwrap();
    let removal = web_page.removed.as_ref().unwrap();
    assert_eq!(removal.version, 178.into());
    assert_eq!(
        removal.last,
        LastDefinition::Combinator(
            "sponsoredWebPage#3db8ec63 flags:# url:string site_name:string photo:flags.0?Photo = SponsoredWebPage;"
                .to_owned()
        )
    );
    let removed_types: Vec<&str> = history
        .removed(EntityKind::Type)
        .iter()
        .map(|(name, _)| *name)
        .collect();
    assert!(
        removed_types.contains(&"SponsoredWebPage"),
        "{removed_types:?}"
    );
    assert!(
        history.removed(EntityKind::Constructor).len() >= 5,
        "the five constructors removed in 177, 178, 183 and 185"
    );
}

#[test]
fn the_layer_comes_from_the_file_or_its_name() {
    let Some(path) = shared("telegram-history/api-180.tl") else {
        return;
    };
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(layer_of(&path, &text), Some(180));
    assert_eq!(layer_of(&path, "no layer line"), Some(180));
}

/// One of each kind of change, for the snapshots of the two reports.
const OLD: &str = "\
inputPeerEmpty#7f3b18ea = InputPeer;
inputPeerSelf#7da07ec9 = InputPeer;
inputPeerChat#35a95cb9 chat_id:long = InputPeer;
peerSettings#a518110d flags:# report_spam:flags.0?true need_contacts_exception:flags.1?true geo_distance:flags.6?int business_bot_id:long charge_paid:flags.2?long = PeerSettings;
oldPhoto#00000001 id:long = Photo;
legacyThing#00000002 = Legacy;
---functions---
account.getPassword#548a30f5 = Bool;
messages.sendReaction#d30d78d4 flags:# big:flags.1?true peer:InputPeer msg_id:int reaction:flags.0?string = Bool;
contacts.getOld#00000003 = Bool;
";

const NEW: &str = "\
inputPeerEmpty#7f3b18ea = InputPeer;
inputPeerSelf#7da07ec9 = InputPeer;
inputPeerChat#35a95cb9 chat_id:long = InputPeer;
inputPeerUser#dde8a54c user_id:long access_hash:long = InputPeer;
peerSettings#acd66c5e flags:# report_spam:flags.0?true geo_distance:flags.5?int business_bot_id:flags.13?long charge_paid:long request_chat_title:flags.9?string = PeerSettings;
photo#00000001 id:long = Photo;
---functions---
account.getPassword#548a30f5 = InputPeer;
messages.sendReaction#d30d78d4 flags:# big:flags.1?true msg_id:long peer:InputPeer reaction:flags.0?Vector<string> = Bool;
";

fn fixture() -> TestSite {
    TestSite::new(&[("api-1.tl", OLD), ("api-2.tl", NEW)])
}

#[test]
fn text_report_of_every_kind_of_change() {
    let site = fixture();
    let run = site.run(&["diff", "api-1.tl", "api-2.tl"]);
    run.success();
    insta::assert_snapshot!(run.stdout);
    // The same report, coloured for a terminal.
    let coloured = tldoc_with_env(
        site.path(),
        &["diff", "api-1.tl", "api-2.tl"],
        &[("CLICOLOR_FORCE", "1")],
    );
    assert!(
        coloured.stdout.contains("\x1b[32m+\x1b[0m "),
        "{}",
        coloured.stdout
    );
    assert_ne!(coloured.stdout, run.stdout);
}

#[test]
fn markdown_report_of_every_kind_of_change() {
    let site = fixture();
    let run = site.run(&["diff", "api-1.tl", "api-2.tl", "--format", "markdown"]);
    run.success();
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn json_report_parses_and_names_every_change() {
    let site = fixture();
    let run = site.run(&["diff", "api-1.tl", "api-2.tl", "--format", "json"]);
    run.success();
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    assert_eq!(json["old_layer"], 1, "from the file name");
    assert_eq!(json["new_layer"], 2);
    let renamed = &json["constructors"]["renamed"][0];
    assert_eq!(renamed["name"], "photo");
    assert_eq!(renamed["renamed_from"], "oldPhoto");
    let settings = &json["constructors"]["changed"][0];
    assert_eq!(settings["name"], "peerSettings");
    assert_eq!(settings["id"]["old"], "a518110d");
    let kinds: Vec<&str> = settings["params"]
        .as_array()
        .unwrap()
        .iter()
        .map(|change| change["change"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "flag_moved",
            "made_optional",
            "made_required",
            "added",
            "removed"
        ]
    );
    assert_eq!(json["methods"]["removed"][0]["name"], "contacts.getOld");
    assert_eq!(json["methods"]["changed"][0]["result"]["new"], "InputPeer");
    assert_eq!(json["types"]["removed"][0]["name"], "Legacy");
}

#[test]
fn identical_schemas_have_no_differences() {
    let site = TestSite::new(&[("a.tl", OLD), ("b.tl", OLD)]);
    site.run(&["diff", "a.tl", "b.tl"])
        .success()
        .stdout_has("layer ? → ?: no differences\n");
    site.run(&["diff", "a.tl", "b.tl", "--format", "markdown"])
        .success()
        .stdout_has("Changes from layer ?: no differences.\n");
}

#[test]
fn bad_input_fails_with_located_errors() {
    let site = TestSite::new(&[
        ("old.tl", "a = A;\n"),
        ("new.tl", "a = A;\nb = B\n---functions---\nf = Missing;\n"),
    ]);
    site.run(&["diff", "old.tl", "new.tl"])
        .failure()
        .stderr_has("error: expected `;` after a definition\n --> new.tl:2:6")
        .stderr_has("error: cannot find type `Missing`\n --> new.tl:4:5")
        .stderr_has("error: cannot compare the schemas: 2 errors");
    let run = site.run(&["diff", "old.tl", "absent.tl"]);
    run.failure().stderr_has("cannot read `absent.tl`");
    assert_eq!(run.stdout, "", "no report on bad input");
}

#[test]
fn a_file_that_is_not_utf8_is_bad_input() {
    let site = TestSite::new(&[("old.tl", "a = A;\n")]);
    site.write("new.tl", b"a = A;\nb\xff = B;\n");
    site.run(&["diff", "old.tl", "new.tl"])
        .failure()
        .stderr_has("error: `new.tl` is not valid UTF-8\n --> new.tl:2:2");
}

#[test]
fn sites_and_directories_of_tl_files() {
    let site = TestSite::new(&[
        ("old/schema/api.tl", "a = A;\n// LAYER 7\n"),
        ("old/schema/extra.tl", "x = X;\n"),
        ("new/api.tl", "a = A;\nb = A;\n// LAYER 8\n"),
        ("new/extra.tl", "x = X;\n"),
        ("empty/README", "nothing\n"),
    ]);
    site.run(&["diff", "old", "new"])
        .success()
        .stdout_has("layer 7 → 8: 1 constructor added; 1 type changed\n");
    site.run(&["diff", "old", "empty"])
        .failure()
        .stderr_has("no schema: the `empty` directory has no `.tl` file");
}

#[test]
fn the_real_site_against_itself() {
    let Some(site) = shared("telegram-190") else {
        return;
    };
    let site = site.to_str().unwrap();
    tldoc(Path::new("."), &["diff", site, site])
        .success()
        .stdout_has("layer 190 → 190: no differences\n");
}
