//! Links inside a schema's own descriptions, which are plain text: names of entities
//! (`loadChats`, `authorizationStateWaitTdlibParameters`, `MessageContent`), references to a
//! field (`messageProperties.can_be_edited`, to the field's row) and URLs, as doxygen's
//! autolinking makes them on TDLib's own pages.
//!
//! Common words stay text: TDLib has constructors named `chat`, `message`, `count` and `ok`,
//! and types named `Chat` and `Error`, which prose uses as words. So a name links only when it
//! cannot be a word: a constructor or method with a capital inside (`loadChats`), a type with
//! two capitals (`MessageContent`, not `Chat`), or a name followed by one of its fields
//! (`user.profile_photo`), which is a reference whatever the name.

use crate::html::escape_html;
use crate::model::{EntityKind, Schema};
use crate::urls;

/// `text`, escaped for HTML, with its references linked from a page one folder below the root.
pub(super) fn linked_description(schema: &Schema, text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut plain = 0;
    let mut at = 0;
    let bytes = text.as_bytes();
    while at < bytes.len() {
        let starts_word = at == 0 || !is_name_byte(bytes[at - 1]) && bytes[at - 1] != b'.';
        let link = if !starts_word {
            None
        } else if text[at..].starts_with("https://") || text[at..].starts_with("http://") {
            url_link(text, at)
        } else if bytes[at].is_ascii_alphabetic() {
            name_link(schema, text, at)
        } else {
            None
        };
        match link {
            Some((end, href)) => {
                out.push_str(&escape_html(&text[plain..at]));
                out.push_str("<a href=\"");
                out.push_str(&escape_html(&href));
                out.push_str("\">");
                out.push_str(&escape_html(&text[at..end]));
                out.push_str("</a>");
                at = end;
                plain = end;
            }
            None => at += text[at..].chars().next().map_or(1, char::len_utf8),
        }
    }
    out.push_str(&escape_html(&text[plain..]));
    out
}

fn is_name_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// The URL at `at`, without the punctuation that ends a sentence or clause after it.
fn url_link(text: &str, at: usize) -> Option<(usize, String)> {
    let rest = &text[at..];
    let length = rest
        .find(|c: char| c.is_whitespace() || c == '"' || c == '<' || c == '>')
        .unwrap_or(rest.len());
    let url = rest[..length].trim_end_matches(['.', ',', ';', ':', ')', '!', '?', '\'']);
    (url.len() > "https://".len()).then(|| (at + url.len(), url.to_owned()))
}

/// The entity name at `at` (and the field after it, if it names one), with its page.
fn name_link(schema: &Schema, text: &str, at: usize) -> Option<(usize, String)> {
    let name_end = end_of_name(text, at);
    let name = &text[at..name_end];
    let combinator = schema
        .constructor_named(name)
        .map(|id| (EntityKind::Constructor, schema.constructor(id)))
        .or_else(|| {
            schema
                .method_named(name)
                .map(|id| (EntityKind::Method, schema.method(id)))
        });
    if let Some((kind, combinator)) = combinator {
        let field = text[name_end..]
            .strip_prefix('.')
            .map(|rest| &rest[..end_of_name(rest, 0)])
            .filter(|field| combinator.param(field).is_some());
        if let Some(field) = field {
            let href = format!("../{}#param-{field}", urls::entity_page(kind, name));
            return Some((name_end + 1 + field.len(), href));
        }
        if name.bytes().skip(1).any(|b| b.is_ascii_uppercase()) {
            return Some((name_end, urls::entity_page_from_folder(kind, name)));
        }
        return None;
    }
    let capitals = name.bytes().filter(u8::is_ascii_uppercase).count();
    (capitals >= 2 && schema.type_named(name).is_some()).then(|| {
        (
            name_end,
            urls::entity_page_from_folder(EntityKind::Type, name),
        )
    })
}

fn end_of_name(text: &str, at: usize) -> usize {
    text[at..]
        .bytes()
        .position(|b| !is_name_byte(b))
        .map_or(text.len(), |length| at + length)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Diagnostics, SourceMap};

    fn schema() -> Schema {
        let text = "messageProperties can_be_edited:Bool = MessageProperties;\n\
                    chat id:int53 = Chat;\n\
                    messageText text:string = MessageContent;\n\
                    ---functions---\n\
                    loadChats limit:int32 = Chat;\n";
        let mut sources = SourceMap::new();
        let mut diagnostics = Diagnostics::new();
        let file = sources.add("td_api.tl", text.to_owned());
        crate::schema::parse_and_resolve(&sources, &[file], &mut diagnostics)
    }

    #[test]
    fn names_fields_and_urls_link_and_words_do_not() {
        let schema = schema();
        assert_eq!(
            linked_description(
                &schema,
                "Call loadChats; see messageProperties.can_be_edited."
            ),
            "Call <a href=\"../methods/loadChats.html\">loadChats</a>; see \
             <a href=\"../constructors/messageProperties.html#param-can_be_edited\">\
             messageProperties.can_be_edited</a>."
        );
        assert_eq!(
            linked_description(&schema, "A MessageContent of the Chat chat, chat.id & <b>"),
            "A <a href=\"../types/MessageContent.html\">MessageContent</a> of the Chat chat, \
             <a href=\"../constructors/chat.html#param-id\">chat.id</a> &amp; &lt;b&gt;"
        );
        assert_eq!(
            linked_description(&schema, "See https://core.telegram.org/tdlib/options."),
            "See <a href=\"https://core.telegram.org/tdlib/options\">\
             https://core.telegram.org/tdlib/options</a>."
        );
        assert_eq!(
            linked_description(&schema, "chat.name x.loadChats"),
            "chat.name x.loadChats"
        );
    }
}
