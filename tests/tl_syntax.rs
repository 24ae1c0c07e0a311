//! Every TL construct met in real schemas parses and resolves to the right model.

mod common;

use common::{load, load_one};
use tldoc::model::{Flag, TypeRef};

#[test]
fn sections_switch_back_and_forth_and_start_in_types() {
    let loaded = load_one(
        "a1 = A;\n\
         ---functions---\n\
         getA = A;\n\
         --- types ---\n\
         a2 = A;\n\
         ---  functions  ---\n\
         getB = A;\n",
    );
    loaded.assert_clean();
    let schema = &loaded.schema;
    let names = |list: &[tldoc::model::Combinator]| -> Vec<String> {
        list.iter().map(|c| c.name.clone()).collect()
    };
    assert_eq!(names(&schema.constructors), ["a1", "a2"]);
    assert_eq!(names(&schema.methods), ["getA", "getB"]);
}

#[test]
fn ids_of_one_to_eight_hex_digits() {
    let loaded = load_one(
        "---functions---\n\
         inputMediaPoll#f94e5f1 = Bool;\n\
         short#1 = Bool;\n\
         padded#05162463 = Bool;\n\
         ---types---\n\
         boolFalse#bc799737 = Bool;\n",
    );
    let ids: Vec<u32> = loaded.schema.methods.iter().map(|m| m.id).collect();
    assert_eq!(ids, [0x0f94e5f1, 0x1, 0x05162463]);
    // Invented ids never match their text: three warnings, no error.
    assert_eq!(loaded.diagnostics.error_count(), 0);
}

#[test]
fn a_missing_id_is_computed_from_the_definition() {
    let loaded = load_one(
        "inputPeerUser user_id:long access_hash:long = InputPeer;\n\
         tlsBlockDomain = TlsBlock;\n",
    );
    loaded.assert_clean();
    let user = loaded
        .schema
        .constructor(loaded.schema.constructor_named("inputPeerUser").unwrap());
    assert_eq!(user.id, 0xdde8a54c);
    assert_eq!(user.declared_id, None);
    assert_eq!(user.computed_id, 0xdde8a54c);
}

#[test]
fn namespaces_group_methods_constructors_and_types() {
    let loaded = load_one(
        "auth.loggedOut#c3a2835f flags:# future_auth_token:flags.0?bytes = auth.LoggedOut;\n\
         ---functions---\n\
         auth.logOut#3e72ba19 = auth.LoggedOut;\n\
         account.resetAuthorization#df77f3bc hash:long = Bool;\n\
         boolTrue#997275b5 = Bool;\n",
    );
    loaded.assert_clean();
    let schema = &loaded.schema;
    let namespaces: Vec<&str> = schema.namespaces.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(namespaces, ["account", "auth"]);
    let auth = &schema.namespaces[1];
    assert_eq!(
        (
            auth.methods.len(),
            auth.constructors.len(),
            auth.types.len()
        ),
        (1, 1, 1)
    );
    let method = schema.method(schema.method_named("account.resetAuthorization").unwrap());
    assert_eq!(method.namespace(), Some("account"));
    assert_eq!(method.short_name(), "resetAuthorization");
}

#[test]
fn flags_fields_conditional_and_bit_only_parameters() {
    let loaded = load_one(
        "inputDocument#1abfb575 id:long = InputDocument;\n\
         inputFile#f52ff27f id:long parts:int name:string md5_checksum:string = InputFile;\n\
         inputMediaUploadedPhoto#1e287d04 flags:# spoiler:flags.2?true file:InputFile \
         stickers:flags.0?Vector<InputDocument> ttl_seconds:flags.1?int = InputMedia;\n\
         two flags:# a:flags.0?true flags2:# b:flags2.31?string = Two;\n",
    );
    let schema = &loaded.schema;
    let photo = schema.constructor(schema.constructor_named("inputMediaUploadedPhoto").unwrap());
    let flags = photo.param("flags").unwrap();
    assert!(flags.is_flags_field() && !flags.is_optional());
    let spoiler = photo.param("spoiler").unwrap();
    assert!(spoiler.is_bit_flag());
    assert_eq!(
        spoiler.flag,
        Some(Flag {
            field: "flags".into(),
            bit: 2
        })
    );
    let stickers = photo.param("stickers").unwrap();
    assert!(stickers.is_optional() && !stickers.is_bit_flag());
    assert_eq!(schema.display(&stickers.ty), "Vector<InputDocument>");
    let two = schema.constructor(schema.constructor_named("two").unwrap());
    assert_eq!(
        two.param("b").unwrap().flag,
        Some(Flag {
            field: "flags2".into(),
            bit: 31
        })
    );
    // `true` flags are left out of the id: this is the real id of inputMediaUploadedPhoto.
    assert_eq!(photo.computed_id, 0x1e287d04);
}

#[test]
fn generic_methods_with_a_query_parameter() {
    let loaded = load_one(
        "---functions---\n\
         invokeWithLayer#da9b0d0d {X:Type} layer:int query:!X = X;\n",
    );
    loaded.assert_clean();
    let method = &loaded.schema.methods[0];
    assert_eq!(method.generics, ["X"]);
    assert_eq!(
        method.param("query").unwrap().ty,
        TypeRef::Generic {
            name: "X".into(),
            bang: true
        }
    );
    assert_eq!(
        method.result,
        TypeRef::Generic {
            name: "X".into(),
            bang: false
        }
    );
    assert_eq!(
        loaded.schema.display(&method.param("query").unwrap().ty),
        "!X"
    );
}

#[test]
fn boxed_bare_and_nested_vectors_and_the_vector_definition() {
    let loaded = load_one(
        "vector#1cb5c415 {t:Type} # [ t ] = Vector t;\n\
         ipPort#d433ad73 ipv4:int port:int = IpPort;\n\
         future_salt#0949d9dc valid_since:int valid_until:int salt:long = FutureSalt;\n\
         future_salts#ae500895 req_msg_id:long now:int salts:vector<future_salt> = FutureSalts;\n\
         rule#4679b65f ips:vector<IpPort> = Rule;\n\
         matrix#00000000 rows:Vector<Vector<long>> = Matrix;\n",
    );
    let schema = &loaded.schema;
    let vector = schema.constructor(schema.constructor_named("vector").unwrap());
    assert_eq!(vector.computed_id, 0x1cb5c415);
    assert_eq!(vector.generics, ["t"]);
    assert_eq!(
        schema
            .ty(schema.type_named("Vector").unwrap())
            .constructors
            .len(),
        1
    );
    let salts = schema.constructor(schema.constructor_named("future_salts").unwrap());
    assert_eq!(salts.computed_id, 0xae500895);
    let element = TypeRef::Constructor(schema.constructor_named("future_salt").unwrap());
    assert_eq!(
        salts.param("salts").unwrap().ty,
        TypeRef::Vector {
            boxed: false,
            element: Box::new(element)
        }
    );
    let matrix = schema.constructor(schema.constructor_named("matrix").unwrap());
    assert_eq!(
        schema.display(&matrix.param("rows").unwrap().ty),
        "Vector<Vector<long>>"
    );
    // The constructor taking a bare `future_salt` counts as using its type.
    let future_salt = schema.ty(schema.type_named("FutureSalt").unwrap());
    assert_eq!(future_salt.taken_by_constructors.len(), 1);
}

#[test]
fn bare_type_markers() {
    let loaded = load_one(
        "message msg_id:long body:Object = Message;\n\
         msg_container messages:vector<%Message> = MessageContainer;\n",
    );
    loaded.assert_clean();
    let schema = &loaded.schema;
    let container = schema.constructor(schema.constructor_named("msg_container").unwrap());
    let message = schema.type_named("Message").unwrap();
    assert_eq!(
        container.param("messages").unwrap().ty,
        TypeRef::Vector {
            boxed: false,
            element: Box::new(TypeRef::BareType(message))
        }
    );
    assert_eq!(
        schema.display(&container.param("messages").unwrap().ty),
        "vector<%Message>"
    );
}

#[test]
fn builtins_and_builtin_declarations() {
    let loaded = load_one(
        "int ? = Int;\n\
         int32 ? = Int32;\n\
         all#00000000 a:int b:long c:double d:string e:bytes f:int128 g:int256 h:int53 \
         i:Bool j:Object k:int32 = All;\n",
    );
    let schema = &loaded.schema;
    assert_eq!(loaded.diagnostics.error_count(), 0, "{}", loaded.rendered());
    let all = schema.constructor(schema.constructor_named("all").unwrap());
    for param in &all.params {
        assert!(
            matches!(param.ty, TypeRef::Builtin(_)),
            "{} is {:?}",
            param.name,
            param.ty
        );
    }
    let int = schema.builtin(schema.builtin_named("int").unwrap());
    assert!(int.span.is_some(), "the declaration is recorded");
    assert!(
        schema.builtin_named("int32").is_some(),
        "a declaration adds a builtin"
    );
    // With its constructors declared, `Bool` is a type of the schema rather than the builtin.
    let with_bool = load_one("boolFalse#bc799737 = Bool;\nx#00000000 b:Bool = X;\n");
    let x = &with_bool.schema.constructors[1];
    assert_eq!(
        x.param("b").unwrap().ty,
        TypeRef::Type(with_bool.schema.type_named("Bool").unwrap())
    );
}

#[test]
fn comments_of_every_kind() {
    let loaded = load_one(
        "// a line comment\n\
         /* a block\n   comment */\n\
         a#00000001 = A; // trailing comment\n\
         //b#00000002 = A; // commented-out definition\n\
         c#00000003 /* inside */ x:int = A;\n\
         ////////////////\n\
         // LAYER 190\n",
    );
    let names: Vec<&str> = loaded
        .schema
        .constructors
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(names, ["a", "c"]);
    assert_eq!(loaded.schema.layer, Some(190));
    assert_eq!(loaded.diagnostics.error_count(), 0, "{}", loaded.rendered());
}

#[test]
fn tdlib_documentation_comments() {
    let loaded = load_one(
        "//@class AuthenticationCodeType @description Provides information about the method by which\n\
         //-an authentication code is delivered to the user\n\
         \n\
         //@description An authentication code is delivered via a private Telegram message\n\
         //@length Length of the code\n\
         authenticationCodeTypeTelegramMessage length:int = AuthenticationCodeType;\n\
         \n\
         //@class Ok @description An object of this type is returned on a successful call\n\
         //@description Represents a successful call\n\
         ok = Ok;\n\
         \n\
         //@description Describes a sticker @param_description Sticker description, may be\n\
         //-empty @id Sticker identifier\n\
         sticker id:long description:string = Sticker;\n",
    );
    loaded.assert_clean();
    let schema = &loaded.schema;
    let code_type = schema.ty(schema.type_named("AuthenticationCodeType").unwrap());
    assert_eq!(
        code_type.description.as_deref(),
        Some(
            "Provides information about the method by which an authentication code is delivered to the user"
        )
    );
    let telegram = &schema.constructors[0];
    assert_eq!(
        telegram.description.as_deref(),
        Some("An authentication code is delivered via a private Telegram message")
    );
    assert_eq!(
        telegram.param("length").unwrap().description.as_deref(),
        Some("Length of the code")
    );
    let ok = &schema.constructors[1];
    assert_eq!(
        ok.description.as_deref(),
        Some("Represents a successful call")
    );
    assert_eq!(
        schema
            .ty(schema.type_named("Ok").unwrap())
            .description
            .as_deref(),
        Some("An object of this type is returned on a successful call")
    );
    let sticker = &schema.constructors[2];
    assert_eq!(sticker.description.as_deref(), Some("Describes a sticker"));
    assert_eq!(
        sticker.param("description").unwrap().description.as_deref(),
        Some("Sticker description, may be empty")
    );
    assert_eq!(
        sticker.param("id").unwrap().description.as_deref(),
        Some("Sticker identifier")
    );
}

#[test]
fn several_files_form_one_schema() {
    let loaded = load(&[
        (
            "schema/api.tl",
            "---functions---\nping#7abe77ec ping_id:long = Pong;\n// LAYER 190\n",
        ),
        (
            "schema/mtproto.tl",
            "pong#347773c5 msg_id:long ping_id:long = Pong;\n",
        ),
    ]);
    loaded.assert_clean();
    let schema = &loaded.schema;
    let pong = schema.ty(schema.type_named("Pong").unwrap());
    assert_eq!(pong.returned_by, [schema.method_named("ping").unwrap()]);
    assert_eq!(schema.layer, Some(190));
}

#[test]
fn types_know_their_constructors_and_who_returns_and_takes_them() {
    let loaded = load_one(
        "inputPeerEmpty#7f3b18ea = InputPeer;\n\
         inputPeerSelf#7da07ec9 = InputPeer;\n\
         inputPeerUserFromMessage#a87b0a1c peer:InputPeer msg_id:int user_id:long = InputPeer;\n\
         boolTrue#997275b5 = Bool;\n\
         ---functions---\n\
         messages.getPeers#00000000 peers:Vector<InputPeer> = Vector<InputPeer>;\n\
         messages.report#00000001 peer:InputPeer = Bool;\n",
    );
    let schema = &loaded.schema;
    let peer = schema.ty(schema.type_named("InputPeer").unwrap());
    assert_eq!(peer.constructors.len(), 3);
    assert_eq!(
        peer.returned_by,
        [schema.method_named("messages.getPeers").unwrap()]
    );
    assert_eq!(peer.taken_by_methods.len(), 2);
    assert_eq!(
        peer.taken_by_constructors,
        [schema
            .constructor_named("inputPeerUserFromMessage")
            .unwrap()]
    );
    // Source locations are kept for every entity and parameter.
    let report = schema.method(schema.method_named("messages.report").unwrap());
    assert_eq!(
        loaded.sources.location(report.span).to_string(),
        "schema/api.tl:7:1"
    );
    let param = report.param("peer").unwrap();
    assert_eq!(
        loaded.sources.location(param.span).to_string(),
        "schema/api.tl:7:26"
    );
}

#[test]
fn windows_line_endings_and_a_byte_order_mark() {
    let loaded =
        load_one("\u{feff}a#00000001 x:int = A;\r\n---functions---\r\nb#00000002 = A;\r\n");
    assert_eq!(loaded.diagnostics.error_count(), 0, "{}", loaded.rendered());
    assert_eq!(loaded.schema.methods[0].name, "b");
}

#[test]
fn definitions_may_span_lines() {
    let loaded = load_one("long_one#00000001\n    a:int\n    b:string\n    = A;\n");
    assert_eq!(loaded.diagnostics.error_count(), 0, "{}", loaded.rendered());
    assert_eq!(loaded.schema.constructors[0].params.len(), 2);
    assert_eq!(
        loaded.schema.constructors[0].definition,
        "long_one#00000001 a:int b:string = A;"
    );
}
