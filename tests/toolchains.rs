//! Real schemas read the way their own toolchains read them: TDLib's `td_api.tl`, `e2e_api.tl`
//! and `secret_api.tl`, TDLib's copy of Telegram's `telegram_api.tl`, MadelineProto's secret-chat
//! schema, and old layers of Telegram's `api.tl`. Each case is written with the real lines it
//! comes from (short excerpts of the public files); `tldoc check` on every real schema in
//! `../shared` is at the end.

mod common;

use common::{TestSite, load, load_one, shared, tldoc};
use tldoc::model::{IdRule, Schema, SchemaKind};

/// The head of TDLib's `td_api.tl`: its builtin declarations.
const TD_API_HEAD: &str = "double ? = Double;\n\
string ? = String;\n\
\n\
int32 = Int32;\n\
int53 = Int53;\n\
int64 = Int64;\n\
bytes = Bytes;\n\
\n\
boolFalse = Bool;\n\
boolTrue = Bool;\n\
\n\
vector {t:Type} # [ t ] = Vector t;\n";

/// Lines of TDLib 1.8.65's `td_api.tl`, whose ids TDLib's `tl-parser` computes.
const TD_API_BODY: &str = "\n\
//@description An object of this type can be returned on every function call, in case of an error\n\
//@code Error code; subject to future changes. If the error code is 406, the error message must not be processed in any way and must not be displayed to the user\n\
//@message Error message; subject to future changes\n\
error code:int32 message:string = Error;\n\
\n\
//@description An object of this type is returned on a successful function call for certain functions\n\
ok = Ok;\n\
\n\
//@description Thumbnail image of a very poor quality and low resolution @width Thumbnail width, usually doesn't exceed 40 @height Thumbnail height, usually doesn't exceed 40 @data The thumbnail in JPEG format\n\
minithumbnail width:int32 height:int32 data:bytes = Minithumbnail;\n\
\n\
//@description A list of chats @total_count Approximate total number of chats found @chat_ids List of chat identifiers\n\
chats total_count:int32 chat_ids:vector<int53> = Chats;\n\
\n\
//@class ChatList @description Describes a list of chats\n\
\n\
//@description A main list of chats\n\
chatListMain = ChatList;\n\
\n\
//@description Contains a custom emoji @custom_emoji_id Identifier of the custom emoji @is_default Whether it is the default one\n\
emojiStatus custom_emoji_id:int64 is_default:Bool = EmojiStatus;\n\
\n\
---functions---\n\
\n\
//@description Returns an ordered list of chats from the beginning of a chat list @chat_list The chat list in which to return chats @limit The maximum number of chats to be returned\n\
getChats chat_list:ChatList limit:int32 = Chats;\n\
\n\
//@description Sets the parameters for TDLib initialization. Works only when the current authorization state is authorizationStateWaitTdlibParameters\n\
//@use_test_dc Pass true to use Telegram test environment instead of the production environment\n\
//@database_directory The path to the directory for the persistent database; if empty, the current working directory will be used\n\
//@files_directory The path to the directory for storing files; if empty, database_directory will be used\n\
//@database_encryption_key Encryption key for the database. If the encryption key is invalid, then an error with code 401 will be returned\n\
//@use_file_database Pass true to keep information about downloaded and uploaded files between application restarts\n\
//@use_chat_info_database Pass true to keep cache of users, basic groups, supergroups, channels and secret chats between restarts. Implies use_file_database\n\
//@use_message_database Pass true to keep cache of chats and messages between restarts. Implies use_chat_info_database\n\
//@use_secret_chats Pass true to enable support for secret chats\n\
//@api_id Application identifier for Telegram API access, which can be obtained at https://my.telegram.org\n\
//@api_hash Application identifier hash for Telegram API access, which can be obtained at https://my.telegram.org\n\
//@system_language_code IETF language tag of the user's operating system language; must be non-empty\n\
//@device_model Model of the device the application is being run on; must be non-empty\n\
//@system_version Version of the operating system the application is being run on. If empty, the version is automatically detected by TDLib\n\
//@application_version Application version; must be non-empty\n\
setTdlibParameters use_test_dc:Bool database_directory:string files_directory:string database_encryption_key:bytes use_file_database:Bool use_chat_info_database:Bool use_message_database:Bool use_secret_chats:Bool api_id:int32 api_hash:string system_language_code:string device_model:string system_version:string application_version:string = Ok;\n\
\n\
//@description Sets the emoji status of the current user @emoji_status New emoji status\n\
setEmojiStatus emoji_status:emojiStatus = Ok;\n";

fn td_api() -> String {
    format!("{TD_API_HEAD}{TD_API_BODY}")
}

fn names(schema: &Schema) -> Vec<&str> {
    schema
        .listed_builtins()
        .map(|id| schema.builtin(id).name.as_str())
        .collect()
}

#[test]
fn tdlib_builtin_declarations_are_builtins() {
    let loaded = load(&[("schema/td_api.tl", &td_api())]);
    loaded.assert_clean();
    let schema = &loaded.schema;
    for builtin in ["int32", "int53", "int64", "bytes", "double", "string"] {
        assert!(schema.constructor_named(builtin).is_none(), "{builtin}");
        let id = schema.builtin_named(builtin).unwrap();
        assert!(schema.builtin(id).span.is_some(), "{builtin} is declared");
    }
    for ty in ["Int32", "Int53", "Int64", "Bytes"] {
        assert!(schema.type_named(ty).is_none(), "{ty}");
    }
    // What it declares or uses, not a fixed list: no `int`, `long`, `int128` or `true`.
    assert_eq!(
        names(schema),
        ["double", "string", "bytes", "int32", "int53", "int64"]
    );
    // `boolFalse` and `vector` stay constructors, as in TDLib's own documentation.
    assert!(schema.constructor_named("boolTrue").is_some());
    assert!(schema.constructor_named("vector").is_some());
    assert_eq!(schema.id_rule, IdRule::Tdlib);
    assert_eq!(schema.kinds, [SchemaKind::Tdlib]);
}

/// TDLib 1.6.0's `td_api.tl` declares `int64`; a schema that uses it without declaring it (as
/// hand-trimmed copies do) still reads it as TDLib's 64-bit integer.
#[test]
fn an_undeclared_int64_is_still_a_builtin() {
    let loaded = load_one(
        "int32 = Int32;\nint53 = Int53;\n\
         emojiStatus custom_emoji_id:int64 is_default:Bool = EmojiStatus;\n\
         boolFalse = Bool;\nboolTrue = Bool;\n",
    );
    loaded.assert_clean();
}

/// The test vectors of TDLib's `tl-parser`: `td_api.h`'s `ID` of each.
#[test]
fn tdlib_ids_keep_bytes() {
    let loaded = load(&[("schema/td_api.tl", &td_api())]);
    let schema = &loaded.schema;
    let constructor = |name| schema.constructor(schema.constructor_named(name).unwrap());
    let method = |name| schema.method(schema.method_named(name).unwrap());
    assert_eq!(constructor("minithumbnail").id, 0xec6addaa);
    assert_eq!(method("getChats").id, 0xc604bac2);
    let parameters = method("setTdlibParameters");
    assert_eq!(parameters.id, 0xd1c0f62e);
    assert_eq!(parameters.signed_id(), -775_883_218);
}

#[test]
fn a_tdlib_site_has_no_builtin_pages_and_literal_examples() {
    let site = TestSite::new(&[("schema/td_api.tl", &td_api())]);
    site.run(&["build"]).success().stdout_has("wrote ");
    let public = site.path().join("public");
    for page in [
        "constructors/int32.html",
        "constructors/int64.html",
        "constructors/bytes.html",
        "types/Int32.html",
        "types/Int64.html",
        "types/Bytes.html",
    ] {
        assert!(!public.join(page).exists(), "{page}");
    }
    let get_chats = std::fs::read_to_string(public.join("methods/getChats.html")).unwrap();
    assert!(get_chats.contains("href=\"../builtins.html#int32\""));
    let set_status = std::fs::read_to_string(public.join("methods/setEmojiStatus.html")).unwrap();
    for example in [&get_chats, &set_status] {
        assert!(!example.contains("Api.Int"), "no object for a builtin");
        assert!(!example.contains("types.Int"));
        assert!(!example.contains("&#x27;int32&#x27;") && !example.contains("'int64'"));
    }
    // The signed decimal id beside the hex one: TDLib's `ID`, Java's `CONSTRUCTOR`.
    let parameters =
        std::fs::read_to_string(public.join("methods/setTdlibParameters.html")).unwrap();
    assert!(parameters.contains("#d1c0f62e"));
    assert!(parameters.contains("-775883218"));
    let builtins = std::fs::read_to_string(public.join("builtins.html")).unwrap();
    assert!(builtins.contains("id=\"int64\"") && builtins.contains("id=\"int32\""));
    assert!(!builtins.contains("id=\"int128\"") && !builtins.contains("id=\"long\""));
    // `vector` is used: its type's page says where.
    let vector = std::fs::read_to_string(public.join("types/Vector.html")).unwrap();
    assert!(vector.contains("../constructors/chats.html"));
    assert!(!vector.contains("No method or constructor of this schema uses it."));
}

/// TDLib's `e2e_api.tl`: names with several dots.
#[test]
fn nested_namespaces() {
    let head = format!("{TD_API_HEAD}int128 4*[ int ] = Int128;\nint256 8*[ int ] = Int256;\n");
    let loaded = load_one(&format!(
        "{head}e2e.chain.groupParticipant user_id:long public_key:int256 flags:# add_users:flags.0?true \
         remove_users:flags.1?true version:int = e2e.chain.GroupParticipant;\n\
         e2e.chain.groupState participants:vector<e2e.chain.GroupParticipant> \
         external_permissions:int = e2e.chain.GroupState;\n\
         e2e.callPacket = e2e.CallPacket;\n\
         ---functions---\n\
         e2e.chain.getState = e2e.chain.GroupState;\n"
    ));
    // `flags.0?true` needs `true`, which `e2e_api.tl` leaves to the builtins.
    loaded.assert_clean();
    let schema = &loaded.schema;
    let state = schema.constructor_named("e2e.chain.groupState").unwrap();
    assert_eq!(schema.constructor(state).namespace(), Some("e2e.chain"));
    assert_eq!(schema.constructor(state).short_name(), "groupState");
    let namespaces: Vec<&str> = schema.namespaces.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(namespaces, ["e2e", "e2e.chain"]);
    assert!(schema.kinds.contains(&SchemaKind::E2e));
    assert!(schema.builtin_named("int256").is_some());
    assert!(schema.constructor_named("int256").is_none());
}

#[test]
fn nested_namespaces_in_pages_and_examples() {
    let site = TestSite::new(&[(
        "schema/e2e_api.tl",
        "e2e.chain.groupState participants:vector<long> external_permissions:int = \
         e2e.chain.GroupState;\n---functions---\ne2e.chain.getState limit:int = \
         e2e.chain.GroupState;\n",
    )]);
    site.run(&["build"]).success().stdout_has("wrote ");
    let public = site.path().join("public");
    assert!(
        public
            .join("constructors/e2e.chain.groupState.html")
            .is_file()
    );
    assert!(public.join("types/e2e.chain.GroupState.html").is_file());
    let method = std::fs::read_to_string(public.join("methods/e2e.chain.getState.html")).unwrap();
    // PHP reaches a namespace through `->` at each level, JavaScript through `.`.
    let text = html_text(&method);
    assert!(
        text.contains("$MadelineProto->e2e->chain->getState("),
        "{text}"
    );
    assert!(text.contains("new Api.e2e.chain.GetState("), "{text}");
    let index = std::fs::read_to_string(public.join("methods/index.html")).unwrap();
    assert!(index.contains("id=\"e2e.chain\""));
}

/// The text of a page with its tags taken out and `&...;` entities read: what a reader sees.
fn html_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&gt;", ">")
        .replace("&lt;", "<")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// Layers up to about 65 declare `flags:int`.
#[test]
fn old_flags_fields() {
    let loaded = load_one(
        "userEmpty#200250ba id:int = User;\n\
         auth.authorization#ff036af1 user:User = auth.Authorization;\n\
         ---functions---\n\
         auth.importBotAuthorization#67a3ff2c flags:int a:flags.0?true b:flags.0?true \
         api_id:int api_hash:string bot_auth_token:string = auth.Authorization;\n",
    );
    assert!(!loaded.diagnostics.has_errors(), "{}", loaded.rendered());
    let schema = &loaded.schema;
    let import = schema.method(schema.method_named("auth.importBotAuthorization").unwrap());
    assert!(import.param("flags").unwrap().is_flags_field());
    assert!(import.param("a").unwrap().is_bit_flag());
    assert_eq!(
        import.param("b").unwrap().flag.as_ref().unwrap().field,
        "flags"
    );
    assert!(!import.param("api_id").unwrap().is_flags_field());
}

/// A parameter whose type did not resolve still exists: its documentation is no second problem.
#[test]
fn no_follow_on_warnings_for_an_unresolved_parameter() {
    let loaded = load_one(
        "int32 = Int32;\n\
         //@description A custom emoji @custom_emoji_id Identifier of the custom emoji\n\
         emojiStatus custom_emoji_id:int65 = EmojiStatus;\n",
    );
    let reported: Vec<String> = loaded.reported().into_iter().map(|r| r.1).collect();
    assert_eq!(reported, ["cannot find type `int65`"]);
}

/// MadelineProto's secret-chat schema: `===N===` sections, later ones redefining what changed.
const MADELINE_SECRET: &str = "===8===\n\
decryptedMessage#1f814f1f random_id:long random_bytes:bytes message:string media:DecryptedMessageMedia = DecryptedMessage;\n\
decryptedMessageService#aa48327d random_id:long random_bytes:bytes action:DecryptedMessageAction = DecryptedMessage;\n\
decryptedMessageMediaEmpty#89f5c4a = DecryptedMessageMedia;\n\
decryptedMessageMediaAudio#6080758f duration:int size:int key:bytes iv:bytes = DecryptedMessageMedia;\n\
decryptedMessageActionFlushHistory#6719e45c = DecryptedMessageAction;\n\
===17===\n\
decryptedMessage#204d3878 random_id:long ttl:int message:string media:DecryptedMessageMedia = DecryptedMessage;\n\
decryptedMessageService#73164160 random_id:long action:DecryptedMessageAction = DecryptedMessage;\n\
decryptedMessageMediaAudio#57e0a9cb duration:int mime_type:string size:int key:bytes iv:bytes = DecryptedMessageMedia;\n\
decryptedMessageLayer#1be31789 random_bytes:bytes layer:int in_seq_no:int out_seq_no:int message:DecryptedMessage = DecryptedMessageLayer;\n\
===45===\n\
decryptedMessage#36b091de flags:# random_id:long ttl:int message:string media:flags.9?DecryptedMessageMedia entities:flags.7?Vector<MessageEntity> via_bot_name:flags.11?string reply_to_random_id:flags.3?long = DecryptedMessage;\n\
messageEntityUnknown#bb92ba95 offset:int length:int = MessageEntity;\n";

#[test]
fn madeline_sections_are_the_newest_definitions() {
    let loaded = load(&[("schema/secret.tl", MADELINE_SECRET)]);
    loaded.assert_clean();
    let schema = &loaded.schema;
    assert_eq!(schema.layer, Some(45));
    let message = schema.constructor(schema.constructor_named("decryptedMessage").unwrap());
    assert_eq!(message.id, 0x36b091de);
    let audio = schema.constructor(
        schema
            .constructor_named("decryptedMessageMediaAudio")
            .unwrap(),
    );
    assert_eq!(audio.id, 0x57e0a9cb);
    assert_eq!(schema.constructors.len(), 7);
    assert_eq!(schema.kinds, [SchemaKind::SecretChats]);
}

#[test]
fn madeline_sections_are_the_history() {
    let site = TestSite::new(&[("schema/secret.tl", MADELINE_SECRET)]);
    site.run(&["check"])
        .success()
        .stdout_has("layer 45: 7 constructors")
        .stdout_has("read as a secret chats schema")
        .stdout_has("history: 3 layers from layer 8 to 45");
    site.run(&["build"]).success().stdout_has("wrote ");
    let public = site.path().join("public");
    let message =
        std::fs::read_to_string(public.join("constructors/decryptedMessage.html")).unwrap();
    let text = html_text(&message);
    assert!(text.contains("In layer 8 or earlier"), "{text}");
    assert!(message.contains("changes/17.html#constructor-decryptedMessage"));
    assert!(message.contains("changes/45.html#constructor-decryptedMessage"));
    assert!(message.contains("#36b091de"));
    let layer =
        std::fs::read_to_string(public.join("constructors/decryptedMessageLayer.html")).unwrap();
    assert!(html_text(&layer).contains("Since layer 17"));
    let changes = std::fs::read_to_string(public.join("changes/17.html")).unwrap();
    assert!(changes.contains("id=\"constructor-decryptedMessageLayer\""));
}

/// TDLib's `secret_api.tl`: `// layer N` comments before each layer's new definitions, the old
/// versions kept under names with their layer, with the id of the name without it.
const TDLIB_SECRET: &str = "int ? = Int;\nlong ? = Long;\ndouble ? = Double;\nstring ? = String;\n\n\
bytes = Bytes;\n\nboolFalse = Bool;\nboolTrue = Bool;\n\ntrue#3fedd339 = True;\n\n\
vector {t:Type} # [ t ] = Vector t;\n\n\
decryptedMessage8#1f814f1f random_id:long random_bytes:bytes message:string media:DecryptedMessageMedia = DecryptedMessage;\n\
decryptedMessageMediaEmpty#89f5c4a = DecryptedMessageMedia;\n\
decryptedMessageActionReadMessages#c4f40be random_ids:Vector<long> = DecryptedMessageAction;\n\n\
// layer 23\n\n\
decryptedMessage23#204d3878 random_id:long ttl:int message:string media:DecryptedMessageMedia = DecryptedMessage;\n\
decryptedMessageLayer#1be31789 random_bytes:bytes layer:int in_seq_no:int out_seq_no:int message:DecryptedMessage = DecryptedMessageLayer;\n\n\
// layer 45\n\n\
documentAttributeAudio45#ded218e0 duration:int title:string performer:string = DocumentAttribute;\n\n\
// layer 46\n\n\
decryptedMessage46#36b091de flags:# random_id:long ttl:int message:string media:flags.9?DecryptedMessageMedia entities:flags.7?Vector<MessageEntity> via_bot_name:flags.11?string reply_to_random_id:flags.3?long = DecryptedMessage;\n\
messageEntityUnknown#bb92ba95 offset:int length:int = MessageEntity;\n\n\
// layer 73\n\n\
decryptedMessage#91cc4674 flags:# random_id:long ttl:int message:string media:flags.9?DecryptedMessageMedia entities:flags.7?Vector<MessageEntity> via_bot_name:flags.11?string reply_to_random_id:flags.3?long grouped_id:flags.17?long = DecryptedMessage;\n\n\
---functions---\n\n\
test.dummyFunction = Bool;\n";

#[test]
fn tdlib_secret_layer_comments_say_since_when() {
    let loaded = load(&[("schema/secret_api.tl", TDLIB_SECRET)]);
    // `decryptedMessage8#1f814f1f` is `decryptedMessage`'s id in layer 8: no warning.
    loaded.assert_clean();
    assert_eq!(loaded.schema.layer, Some(73));
    assert!(loaded.schema.constructor_named("bytes").is_none());
    let site = TestSite::new(&[("schema/secret_api.tl", TDLIB_SECRET)]);
    site.run(&["check"])
        .success()
        .stdout_has("history: 5 layers from layer 22 to 73");
    site.run(&["build"]).success().stdout_has("wrote ");
    let page = |name: &str| html_text(&site.read(&format!("public/constructors/{name}.html")));
    assert!(page("decryptedMessage46").contains("Since layer 46"));
    assert!(page("decryptedMessageLayer").contains("Since layer 23"));
    assert!(page("decryptedMessage8").contains("In layer 22 or earlier"));
}

const HISTORY_CURRENT: &str = "inputPeerEmpty#7f3b18ea = InputPeer;\n\
inputPeerSelf#7da07ec9 = InputPeer;\n\
// LAYER 3\n";

#[test]
fn archive_names_and_defective_layers() {
    let site = TestSite::new(&[
        ("tldoc.yaml", "history: archive/\n"),
        ("schema/api.tl", HISTORY_CURRENT),
        // No `// LAYER` line: the layer is in the name, as archives write it.
        (
            "archive/TL_telegram_v1.tl",
            "inputPeerEmpty#7f3b18ea = InputPeer;\n",
        ),
        // An upstream defect: one name defined twice in one layer.
        (
            "archive/TL_telegram_v2.tl",
            "inputPeerEmpty#7f3b18ea = InputPeer;\ninputPeerEmpty#7f3b18ea = InputPeer;\n",
        ),
    ]);
    site.run(&["check"])
        .success()
        .stdout_has("history: 2 layers from layer 1 to 3")
        .stderr_has("warning: the constructor `inputPeerEmpty` is defined twice")
        .stderr_has(" --> archive/TL_telegram_v2.tl:2:1")
        .stderr_has("`archive/TL_telegram_v2.tl` is left out of the history");
}

#[test]
fn the_layer_setting_gives_examples_the_real_layer() {
    // GramJS's `api.tl` has no `// LAYER` line.
    let site = TestSite::new(&[
        ("tldoc.yaml", "layer: 214\n"),
        (
            "schema/api.tl",
            "boolFalse#bc799737 = Bool;\nboolTrue#997275b5 = Bool;\n---functions---\n\
             help.getConfig#c4f9186b = Bool;\n\
             invokeWithLayer#da9b0d0d {X:Type} layer:int query:!X = X;\n",
        ),
    ]);
    site.run(&["check"]).success().stdout_has("layer 214:");
    site.run(&["build"]).success().stdout_has("wrote ");
    let page = html_text(&site.read("public/methods/invokeWithLayer.html"));
    assert!(page.contains("layer: 214"), "{page}");
    assert!(!page.contains("42"), "{page}");
    // Without it, the placeholder is said to be one.
    site.remove("tldoc.yaml");
    site.run(&["check"])
        .success()
        .stderr_has("warning: the schema states no layer, so the examples of `invokeWithLayer`");
}

#[test]
fn check_says_what_it_read() {
    let site = TestSite::new(&[("schema/td_api.tl", &td_api())]);
    site.run(&["check"]).success().stdout_has(
        "read as a TDLib schema; the ids it leaves out are computed by TDLib's rule (`bytes` \
         kept)",
    );
    let root = common::sample_root();
    tldoc(root, &["check"]).success().stdout_has(
        "read as a Telegram API schema; the ids it leaves out are computed by Telegram's rule",
    );
    // A setting states the rule.
    let stated = TestSite::new(&[
        ("tldoc.yaml", "ids: telegram\n"),
        ("schema/td_api.tl", &td_api()),
    ]);
    tldoc(stated.path(), &["check"])
        .success()
        .stdout_has("computed by Telegram's rule");
}

/// `tldoc check` on every real schema in `../shared`, each as a site of its own.
#[test]
fn check_passes_every_real_schema() {
    let Some(shared_dir) = shared("") else {
        return;
    };
    let mut schemas: Vec<std::path::PathBuf> = Vec::new();
    for dir in ["tdlib", "telegram-history"] {
        let mut files: Vec<_> = std::fs::read_dir(shared_dir.join(dir))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "tl"))
            .collect();
        files.sort();
        schemas.extend(files);
    }
    assert!(schemas.len() >= 25, "{schemas:?}");
    for schema in &schemas {
        let text = std::fs::read_to_string(schema).unwrap();
        let site = TestSite::new(&[("schema/api.tl", &text)]);
        let run = site.run(&["check"]);
        assert_eq!(run.code, Some(0), "{}:\n{}", schema.display(), run.stderr);
        if schema.to_string_lossy().contains("tdlib") {
            assert!(
                run.stdout.contains("read as a TDLib schema"),
                "{}",
                run.stdout
            );
            assert!(!run.stderr.contains("warning"), "{}", run.stderr);
        }
    }
    for site in ["telegram-190", "client-schemas/telegram-214"] {
        let run = tldoc(&shared_dir.join(site), &["check"]);
        assert_eq!(run.code, Some(0), "{site}:\n{}", run.stderr);
    }
}

/// The head of TDLib's copy of Telegram's schema, `telegram_api.tl`, and the two definitions that
/// share an id there on purpose.
const TDLIB_TELEGRAM_API: &str = "int ? = Int;\nlong ? = Long;\ndouble ? = Double;\nstring ? = String;\n\n\
bytes = Bytes;\n\ntrue#3fedd339 = True;\n\nboolFalse#bc799737 = Bool;\nboolTrue#997275b5 = Bool;\n\n\
vector#1cb5c415 {t:Type} # [ t ] = Vector t;\n\n\
error#c4b9f9bb code:int text:string = Error;\n\n\
ipPort#d433ad73 ipv4:int port:int = IpPort;\n\
ipPortSecret#37982646 ipv4:int port:int secret:bytes = IpPort;\n\n\
---functions---\n\n\
test.useError = Error;\n\n\
---types---\n\n\
inputPeerEmpty#7f3b18ea = InputPeer;\n\n\
---functions---\n\n\
invokeWithLayer#da9b0d0d {X:Type} layer:int query:!X = X;\n\
invokeWithBusinessConnectionPrefix#dd289f8e connection_id:string = Error;\n\
invokeWithBusinessConnection#dd289f8e {X:Type} connection_id:string query:!X = X;\n";

#[test]
fn tdlib_telegram_api_builds() {
    // The file has no `// LAYER` line; the setting gives it.
    let site = TestSite::new(&[
        ("tldoc.yaml", "layer: 214\n"),
        ("schema/telegram_api.tl", TDLIB_TELEGRAM_API),
    ]);
    let run = site.run(&["build"]);
    run.success().stdout_has("wrote ");
    assert!(
        run.stderr
            .contains("warning: `invokeWithBusinessConnection` and `invokeWithBusinessConnectionPrefix` have the same id #dd289f8e"),
        "{}",
        run.stderr
    );
    // Besides, only the helper's id is not its line's CRC32; `ipPortSecret`'s is correct, and
    // `bytes` is a builtin.
    assert!(run.stderr.contains(
        "warning: the id of `invokeWithBusinessConnectionPrefix` differs from the one computed"
    ));
    assert_eq!(run.stderr.matches("warning:").count(), 2, "{}", run.stderr);
    site.run(&["check"])
        .success()
        .stdout_has("read as a Telegram API schema");
    assert!(!site.has("public/constructors/bytes.html"));
}
