//! Bad TL input: each mistake is one diagnostic with its file, line, column, a snippet and what was
//! expected, and every diagnostic of a run is reported at once.

mod common;

use common::{load, load_one};

/// `(severity, message, place)` of the only diagnostic.
fn only(text: &str) -> (String, String, String) {
    let loaded = load_one(text);
    let reported = loaded.reported();
    assert_eq!(
        reported.len(),
        1,
        "expected one diagnostic, got:\n{}",
        loaded.rendered()
    );
    reported.into_iter().next().unwrap()
}

fn error(message: &str, place: &str) -> (String, String, String) {
    ("error".into(), message.into(), place.into())
}

#[test]
fn missing_semicolon_points_past_the_definition() {
    let loaded = load_one(
        "inputPeerEmpty#7f3b18ea = InputPeer;\n\
         inputPeerSelf#7da07ec9 = InputPeer\n\
         inputPeerChat#35a95cb9 chat_id:long = InputPeer;\n",
    );
    insta::assert_snapshot!(loaded.rendered());
    // The definition after it is still read.
    assert_eq!(loaded.schema.constructors.len(), 3);
}

#[test]
fn unterminated_block_comment() {
    let loaded = load_one("a = A;\n/* never closed\nb = B;\n");
    insta::assert_snapshot!(loaded.rendered());
}

#[test]
fn unknown_token() {
    assert_eq!(
        only("boolTrue#997275b5 = Bool;\nuser$ id:long = User;\n"),
        error("unknown token `$`", "schema/api.tl:2:5")
    );
}

#[test]
fn undefined_type_with_a_hint_for_a_case_slip() {
    let loaded = load_one(
        "inputPeerEmpty#7f3b18ea = InputPeer;\n\
         ---functions---\n\
         messages.report peer:Inputpeer reason:ReportReason = Bool;\n",
    );
    insta::assert_snapshot!(loaded.rendered());
    let messages: Vec<String> = loaded.reported().into_iter().map(|r| r.1).collect();
    assert_eq!(
        messages,
        [
            "cannot find type `Inputpeer`",
            "cannot find type `ReportReason`",
        ]
    );
}

#[test]
fn duplicate_names_name_both_places_even_across_files() {
    let loaded = load(&[
        (
            "schema/api.tl",
            "pong#347773c5 msg_id:long ping_id:long = Pong;\n",
        ),
        (
            "schema/mtproto.tl",
            "\npong#347773c5 msg_id:long ping_id:long = Pong;\n",
        ),
    ]);
    insta::assert_snapshot!(loaded.rendered());
}

#[test]
fn names_that_differ_only_in_case() {
    let loaded = load_one(
        "inputPeer = InputPeer;\n\
         inputpeer x:int = InputPeer;\n\
         ---functions---\n\
         help.getConfig = InputPeer;\n\
         help.getconfig = InputPeer;\n",
    );
    insta::assert_snapshot!(loaded.rendered());
    assert_eq!(loaded.diagnostics.error_count(), 2);
}

#[test]
fn types_that_differ_only_in_case() {
    let loaded = load_one("a = UserStatus;\nb = Userstatus;\n");
    let reported = loaded.reported();
    assert_eq!(
        reported,
        [error(
            "the types `UserStatus` and `Userstatus` differ only in case",
            "schema/api.tl:2:5"
        )]
    );
}

/// TDLib's `telegram_api.tl` gives a serialisation helper the id of the function it prefixes, and
/// TDLib's parser accepts it: a warning naming both places, not a failed build.
#[test]
fn shared_ids_are_a_warning_naming_both() {
    let loaded = load_one(
        "error#c4b9f9bb code:int text:string = Error;\n\
         ---functions---\n\
         invokeWithBusinessConnectionPrefix#dd289f8e connection_id:string = Error;\n\
         invokeWithBusinessConnection#dd289f8e {X:Type} connection_id:string query:!X = X;\n",
    );
    assert!(!loaded.diagnostics.has_errors(), "{}", loaded.rendered());
    let shared: Vec<_> = loaded
        .reported()
        .into_iter()
        .filter(|r| r.1.contains("the same id"))
        .collect();
    assert_eq!(
        shared,
        [(
            "warning".to_owned(),
            "`invokeWithBusinessConnection` and `invokeWithBusinessConnectionPrefix` have the \
             same id #dd289f8e"
                .to_owned(),
            "schema/api.tl:4:29".to_owned()
        )]
    );
    assert!(
        loaded.rendered().contains("schema/api.tl:3:35"),
        "{}",
        loaded.rendered()
    );
    assert_eq!(loaded.schema.methods.len(), 2);
}

#[test]
fn a_declared_id_that_differs_from_the_computed_one_is_only_a_warning() {
    // One of the three ids of Telegram's layer 190 that neither rule computes.
    let loaded = load_one(
        "ipPort#d433ad73 ipv4:int port:int = IpPort;\n\
         accessPointRule#4679b65f phone_prefix_rules:string dc_id:int ips:vector<IpPort> = \
         AccessPointRule;\n",
    );
    insta::assert_snapshot!(loaded.rendered());
    assert!(!loaded.diagnostics.has_errors());
}

/// Telegram's `api.tl` line whose declared id is the CRC32 of its text with `bytes` kept, as
/// TDLib's rule has it: correct, so no warning.
#[test]
fn a_declared_id_that_either_rule_computes_is_correct() {
    let loaded = load_one("ipPortSecret#37982646 ipv4:int port:int secret:bytes = IpPort;\n");
    assert!(loaded.reported().is_empty(), "{}", loaded.rendered());
}

#[test]
fn invalid_ids() {
    assert_eq!(
        only("a#123456789 = A;\n"),
        error("invalid constructor id `#123456789`", "schema/api.tl:1:2")
    );
    assert_eq!(
        only("a#12g4 = A;\n"),
        error("invalid constructor id `#12g4`", "schema/api.tl:1:2")
    );
}

#[test]
fn missing_equals() {
    assert_eq!(
        only("a#f6f56033 x:int;\n"),
        error(
            "expected a parameter or `=`, found `;`",
            "schema/api.tl:1:17"
        )
    );
}

#[test]
fn flag_conditions() {
    assert_eq!(
        only("a x:flags.0?int = A;\n"),
        error("unknown flags field `flags`", "schema/api.tl:1:5")
    );
    assert_eq!(
        only("a flags:# x:flags.32?int = A;\n"),
        error("flag bit 32 is out of range", "schema/api.tl:1:13")
    );
    assert_eq!(
        only("a n:string x:n.1?int = A;\n"),
        error("unknown flags field `n`", "schema/api.tl:1:14")
    );
}

#[test]
fn unknown_section_marker() {
    assert_eq!(
        only("---methods---\n"),
        error(
            "unknown section marker `---methods---`",
            "schema/api.tl:1:1"
        )
    );
}

#[test]
fn bang_applies_only_to_type_parameters() {
    assert_eq!(
        only("x = X;\n---functions---\nf {X:Type} q:!x = X;\n"),
        error("`!` applies only to a type parameter", "schema/api.tl:3:15")
    );
}

#[test]
fn constructor_of_a_bare_type() {
    assert_eq!(
        only("a = a;\n"),
        error(
            "a constructor must build a boxed type, not `a`",
            "schema/api.tl:1:5"
        )
    );
}

#[test]
fn parameter_declared_twice() {
    assert_eq!(
        only("a x:int x:long = A;\n"),
        error("the parameter `x` is declared twice", "schema/api.tl:1:9")
    );
}

#[test]
fn documentation_of_an_unknown_parameter_is_a_warning() {
    let reported = only("//@description A thing @sise Its size\nthing size:int = Thing;\n");
    assert_eq!(
        reported,
        (
            "warning".into(),
            "documentation for an unknown parameter `sise` of `thing`".into(),
            "schema/api.tl:1:25".into()
        )
    );
}

#[test]
fn every_problem_of_a_run_is_reported_at_once() {
    let loaded = load(&[
        (
            "schema/api.tl",
            "good = Good;\n\
             broken x:int = Good\n\
             user$ = Good;\n\
             other y:Missing = Good;\n\
             /* open\n",
        ),
        ("schema/extra.tl", "good = Good;\nfine = Good;\n"),
    ]);
    insta::assert_snapshot!(loaded.rendered());
    let places: Vec<String> = loaded.reported().into_iter().map(|r| r.2).collect();
    assert_eq!(
        places,
        [
            "schema/api.tl:2:20",
            "schema/api.tl:3:5",
            "schema/api.tl:4:9",
            "schema/api.tl:5:1",
            "schema/extra.tl:1:1",
        ]
    );
    // What could be read still is.
    assert!(loaded.schema.constructor_named("fine").is_some());
}

#[test]
fn types_nested_too_deeply_are_an_error_not_a_stack_overflow() {
    let deep = 100_000;
    let text = format!(
        "a x:{}int{} = A;\nb [ {} x:int {} ] = B;\nc y:Vector<Vector<int>> = C;\n",
        "Vector<".repeat(deep),
        ">".repeat(deep),
        "[ ".repeat(deep),
        "] ".repeat(deep)
    );
    let loaded = load_one(&text);
    let reported = loaded.reported();
    assert_eq!(
        reported,
        [
            error("types nested too deeply", "schema/api.tl:1:235"),
            error("types nested too deeply", "schema/api.tl:2:67"),
        ]
    );
    // Nesting as deep as real schemas' is read.
    assert!(loaded.schema.constructor_named("c").is_some());
}
