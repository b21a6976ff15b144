//! Signed reply tokens: every mail gridchat sends answers to `bot+TOKEN@domain`, where TOKEN
//! names one sent message (and through it the conversation) and is bound to the address it
//! was sent to. Forging one needs the key; guessing one, 2^64 tries per message.

use hmac::{Hmac, KeyInit, Mac};
use secrecy::{ExposeSecret, SecretSlice};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Hex characters of the message id part and of the signature part.
const ID_LEN: usize = 16;
const MAC_LEN: usize = 16;

/// The HMAC key, never printed.
#[derive(Clone)]
pub struct TokenKey(SecretSlice<u8>);

impl std::fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenKey(***)")
    }
}

/// A token as read from an address: its parts, not yet checked against a stored thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub id: String,
    mac: String,
}

impl TokenKey {
    pub fn new(bytes: Vec<u8>) -> TokenKey {
        TokenKey(SecretSlice::from(bytes))
    }

    fn mac(&self) -> HmacSha256 {
        <HmacSha256 as KeyInit>::new_from_slice(self.0.expose_secret())
            .expect("HMAC takes any key length")
    }

    /// The token id of an outbox row: stable across retries, unguessable without the key.
    pub fn id_for(&self, outbox_id: i64) -> String {
        let mut m = self.mac();
        m.update(b"gridchat-token-id-v1\0");
        m.update(&outbox_id.to_be_bytes());
        hex::encode(&m.finalize().into_bytes()[..ID_LEN / 2])
    }

    /// The whole token for a message sent to `recipient` in conversation `conversation`.
    pub fn sign(&self, id: &str, recipient: &str, conversation: &str) -> String {
        format!("{id}{}", self.signature(id, recipient, conversation))
    }

    fn signature(&self, id: &str, recipient: &str, conversation: &str) -> String {
        let mut m = self.mac();
        m.update(b"gridchat-reply-v1\0");
        m.update(id.as_bytes());
        m.update(b"\0");
        m.update(recipient.to_lowercase().as_bytes());
        m.update(b"\0");
        m.update(conversation.as_bytes());
        hex::encode(&m.finalize().into_bytes()[..MAC_LEN / 2])
    }

    /// Whether `token` was signed for this recipient and conversation (constant time).
    pub fn verify(&self, token: &Token, recipient: &str, conversation: &str) -> bool {
        let mut m = self.mac();
        m.update(b"gridchat-reply-v1\0");
        m.update(token.id.as_bytes());
        m.update(b"\0");
        m.update(recipient.to_lowercase().as_bytes());
        m.update(b"\0");
        m.update(conversation.as_bytes());
        let Ok(given) = hex::decode(&token.mac) else {
            return false;
        };
        m.verify_truncated_left(&given).is_ok()
    }
}

impl Token {
    /// Reads `TOKEN` out of `local+TOKEN@domain` when `local@domain` is the bot's address.
    pub fn from_address(addr: &str, bot: &str) -> Option<Token> {
        let (local, domain) = addr.trim().rsplit_once('@')?;
        let (blocal, bdomain) = bot.rsplit_once('@')?;
        let (base, tag) = local.split_once('+')?;
        if !base.eq_ignore_ascii_case(blocal) || !domain.eq_ignore_ascii_case(bdomain) {
            return None;
        }
        // MTAs may change the case of a local part; hex survives that.
        let tag = tag.to_ascii_lowercase();
        if tag.len() != ID_LEN + MAC_LEN || !tag.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        Some(Token {
            id: tag[..ID_LEN].to_string(),
            mac: tag[ID_LEN..].to_string(),
        })
    }

    /// The first token among a message's recipients.
    pub fn find<'a>(recipients: impl IntoIterator<Item = &'a str>, bot: &str) -> Option<Token> {
        recipients
            .into_iter()
            .find_map(|r| Token::from_address(r, bot))
    }
}

/// `local+TOKEN@domain`.
pub fn reply_address(bot: &str, token: &str) -> String {
    match bot.rsplit_once('@') {
        Some((l, d)) => format!("{l}+{token}@{d}"),
        None => bot.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_verifies_only_for_its_recipient_and_conversation() {
        let key = TokenKey::new(b"test key".to_vec());
        let id = key.id_for(42);
        assert_eq!(id, key.id_for(42), "stable across retries");
        let t = key.sign(&id, "Maria@Example.com", "maria@example.com");
        let addr = reply_address("bot@gridchat.example", &t);
        assert!(
            addr.len() - "@gridchat.example".len() <= 64,
            "fits a local part"
        );
        let token = Token::from_address(&addr.to_uppercase(), "bot@gridchat.example").unwrap();
        assert!(key.verify(&token, "maria@example.com", "maria@example.com"));
        assert!(!key.verify(&token, "mallory@example.com", "maria@example.com"));
        assert!(!key.verify(&token, "maria@example.com", "other"));
        assert!(!TokenKey::new(b"other".to_vec()).verify(
            &token,
            "maria@example.com",
            "maria@example.com"
        ));
        assert!(Token::from_address("bot+zz@gridchat.example", "bot@gridchat.example").is_none());
        assert!(Token::from_address(&addr, "robot@gridchat.example").is_none());
    }
}
