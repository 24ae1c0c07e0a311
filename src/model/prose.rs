//! What a method's description says of it in TDLib's fixed phrases, as data: who may call it,
//! when it may be called, and which errors it names. TDLib writes these the same way throughout
//! `td_api.tl` ("; for bots only", "Can be called synchronously", "Returns a 404 error if the
//! message doesn't exist"), so pages, indexes and search can show them as facts.

/// The facts a description states.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Traits<'a> {
    /// "for bots only".
    pub bots_only: bool,
    /// "for users only".
    pub users_only: bool,
    /// Short labels of when it may be called, in a fixed order: "Can be called synchronously",
    /// "Can be called before authorization", "Offline method", "Authorization state: ...".
    pub badges: Vec<String>,
    /// The sentences that name an error: "Returns a 404 error if the message doesn't exist".
    pub errors: Vec<&'a str>,
}

/// The [`Traits`] of a description.
pub fn traits(description: &str) -> Traits<'_> {
    let lower = description.to_ascii_lowercase();
    let mut badges = Vec::new();
    if lower.contains("can be called synchronously") {
        badges.push("Can be called synchronously".to_owned());
    }
    if lower.contains("can be called before authorization") {
        badges.push("Can be called before authorization".to_owned());
    }
    if lower.contains("this is an offline method") || lower.contains("this is an offline request") {
        badges.push("Offline method".to_owned());
    }
    const STATE: &str = "works only when the current authorization state is ";
    if let Some(at) = lower.find(STATE) {
        let states: Vec<&str> = description[at + STATE.len()..]
            .split(|c: char| !c.is_ascii_alphanumeric())
            .take_while(|word| {
                word.is_empty() || word.starts_with("authorizationState") || *word == "or"
            })
            .filter(|word| word.starts_with("authorizationState"))
            .collect();
        if !states.is_empty() {
            badges.push(format!("Authorization state: {}", states.join(" or ")));
        }
    }
    let errors = sentences(description)
        .filter(|sentence| {
            sentence
                .strip_prefix("Returns a ")
                .and_then(|rest| rest.split_once(" error"))
                .is_some_and(|(code, _)| {
                    code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit())
                })
        })
        .collect();
    Traits {
        bots_only: lower.contains("for bots only"),
        users_only: lower.contains("for users only"),
        badges,
        errors,
    }
}

/// The sentences and `;`-separated clauses of a description, trimmed.
fn sentences(description: &str) -> impl Iterator<Item = &str> {
    description
        .split(['.', ';'])
        .map(str::trim)
        .filter(|sentence| !sentence.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_phrases_of_td_api_are_read() {
        // td_api 1.8.65's descriptions of getTextEntities, getMessage, sendBotStartMessage's
        // neighbours, checkAuthenticationCode and setTdlibParameters.
        let sync = traits(
            "Returns all entities (mentions, hashtags, cashtags, bot commands, bank card numbers, \
             email addresses, and URLs) found in the text. Can be called synchronously",
        );
        assert_eq!(sync.badges, ["Can be called synchronously"]);
        let message = traits(
            "Returns information about a message. Returns a 404 error if the message doesn't exist",
        );
        assert_eq!(
            message.errors,
            ["Returns a 404 error if the message doesn't exist"]
        );
        assert!(traits("Sends a message on behalf of a business account; for bots only").bots_only);
        let code = traits(
            "Checks the authentication code. Works only when the current authorization state is \
             authorizationStateWaitCode",
        );
        assert_eq!(
            code.badges,
            ["Authorization state: authorizationStateWaitCode"]
        );
        let phone = traits(
            "Sets the phone number of the user. Works only when the current authorization state \
             is authorizationStateWaitPhoneNumber, or if there is no pending authentication query",
        );
        assert_eq!(
            phone.badges,
            ["Authorization state: authorizationStateWaitPhoneNumber"]
        );
        assert_eq!(traits("Target chat"), Traits::default());
    }
}
