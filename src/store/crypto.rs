//! Encryption at rest for bank account numbers: AES-256-GCM, a fresh nonce per value, the
//! owning customer number as associated data (a ciphertext moved to another row fails).

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use rand::RngCore;

use super::StoreError;

/// Holds the key; `Debug` never shows it.
#[derive(Clone)]
pub struct Cipher(Aes256Gcm);

impl std::fmt::Debug for Cipher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Cipher(..)")
    }
}

const VERSION: &str = "v1:";

impl Cipher {
    /// # Errors
    /// The key is not 32 bytes of base64.
    pub fn from_base64(key: &str) -> Result<Cipher, StoreError> {
        let bytes = B64
            .decode(key.trim())
            .map_err(|_| StoreError::Config("payments encryption key is not base64".into()))?;
        if bytes.len() != 32 {
            return Err(StoreError::Config(format!(
                "payments encryption key must be 32 bytes, got {}",
                bytes.len()
            )));
        }
        Ok(Cipher(
            Aes256Gcm::new_from_slice(&bytes).map_err(|_| StoreError::Config("bad key".into()))?,
        ))
    }

    /// A new random key, base64, for the embedded default's generated key file.
    pub fn generate_key() -> String {
        let mut k = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut k);
        B64.encode(k)
    }

    pub fn encrypt(&self, plaintext: &str, owner: &str) -> Result<String, StoreError> {
        let mut nonce = [0u8; 12];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let ct = self
            .0
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plaintext.as_bytes(),
                    aad: owner.as_bytes(),
                },
            )
            .map_err(|_| StoreError::Corrupt("encryption failed".into()))?;
        let mut out = nonce.to_vec();
        out.extend(ct);
        Ok(format!("{VERSION}{}", B64.encode(out)))
    }

    pub fn decrypt(&self, stored: &str, owner: &str) -> Result<String, StoreError> {
        let raw = stored
            .strip_prefix(VERSION)
            .ok_or_else(|| StoreError::Corrupt("unknown ciphertext version".into()))?;
        let bytes = B64
            .decode(raw)
            .map_err(|_| StoreError::Corrupt("ciphertext is not base64".into()))?;
        if bytes.len() < 13 {
            return Err(StoreError::Corrupt("ciphertext too short".into()));
        }
        let (nonce, ct) = bytes.split_at(12);
        let pt = self
            .0
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: ct,
                    aad: owner.as_bytes(),
                },
            )
            .map_err(|_| {
                StoreError::Corrupt(
                    "bank account ciphertext does not authenticate (wrong key or moved row)".into(),
                )
            })?;
        String::from_utf8(pt).map_err(|_| StoreError::Corrupt("plaintext is not UTF-8".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_is_bound_to_its_owner() {
        let c = Cipher::from_base64(&Cipher::generate_key()).unwrap();
        let s = c.encrypt("000123456789", "3000000001").unwrap();
        assert!(!s.contains("123456789"));
        assert_eq!(c.decrypt(&s, "3000000001").unwrap(), "000123456789");
        assert!(c.decrypt(&s, "3000000002").is_err());
        assert_ne!(
            s,
            c.encrypt("000123456789", "3000000001").unwrap(),
            "fresh nonce each time"
        );
    }
}
