//! The centre's credential-signing key: P-256 (ES256), stored as PKCS#8 PEM with mode 0600.
//!
//! The private key never leaves this module except as the PEM written to its own file; no
//! `Debug` or `Display` prints it.

use std::fmt;
use std::fs;
use std::io;
use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use p256::ecdsa::signature::{Signer, Verifier};
use p256::ecdsa::{Signature, VerifyingKey};
use p256::elliptic_curve::sec1::EncodedPoint;
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey, LineEnding};
use rand_core::OsRng;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::atomic;
use super::error::BadgeError;

/// The private signing key.
pub struct SigningKey {
    inner: p256::ecdsa::SigningKey,
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SigningKey({})", self.fingerprint())
    }
}

impl SigningKey {
    /// A fresh key from the operating system's random source.
    pub fn generate() -> Self {
        SigningKey {
            inner: p256::ecdsa::SigningKey::random(&mut OsRng),
        }
    }

    /// Writes the key as PKCS#8 PEM, mode 0600, atomically. An existing key is kept unless
    /// `overwrite`: replacing it would make every badge issued so far unverifiable.
    pub fn save(&self, path: &Path, overwrite: bool) -> Result<(), BadgeError> {
        if !overwrite && path.exists() {
            return Err(BadgeError::KeyExists(path.to_path_buf()));
        }
        let pem = self
            .inner
            .to_pkcs8_pem(LineEnding::LF)
            .map_err(|e| BadgeError::Signing(e.to_string()))?;
        atomic::write_file(path, pem.as_bytes(), 0o600, overwrite).map_err(|e| match e {
            BadgeError::Exists(p) => BadgeError::KeyExists(p),
            other => other,
        })
    }

    pub fn load(path: &Path) -> Result<Self, BadgeError> {
        let text = fs::read_to_string(path).map_err(|source| {
            if source.kind() == io::ErrorKind::NotFound {
                BadgeError::KeyMissing(path.to_path_buf())
            } else {
                BadgeError::Read {
                    path: path.to_path_buf(),
                    source,
                }
            }
        })?;
        Self::from_pem(&text).map_err(|detail| BadgeError::KeyFormat {
            path: path.to_path_buf(),
            detail,
        })
    }

    pub fn from_pem(pem: &str) -> Result<Self, String> {
        p256::ecdsa::SigningKey::from_pkcs8_pem(pem)
            .map(|inner| SigningKey { inner })
            .map_err(|e| e.to_string())
    }

    pub fn public(&self) -> PublicJwk {
        PublicJwk {
            key: *self.inner.verifying_key(),
        }
    }

    pub fn public_jwk(&self) -> Value {
        self.public().to_json()
    }

    pub fn fingerprint(&self) -> String {
        self.public().fingerprint()
    }

    pub fn public_pem(&self) -> Result<String, BadgeError> {
        self.public().to_pem()
    }

    /// ES256 signature of `message`: SHA-256, deterministic nonce (RFC 6979), raw r||s.
    pub fn sign_es256(&self, message: &[u8]) -> [u8; 64] {
        let sig: Signature = self.inner.sign(message);
        sig.to_bytes().into()
    }
}

/// A P-256 public key, as exchanged in JWK form (RFC 7517).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PublicJwk {
    key: VerifyingKey,
}

impl fmt::Debug for PublicJwk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicJwk({})", self.fingerprint())
    }
}

impl PublicJwk {
    fn coordinates(&self) -> (String, String) {
        let point = self.key.to_encoded_point(false);
        let enc = |b: Option<&p256::FieldBytes>| b.map(|b| URL_SAFE_NO_PAD.encode(b));
        (
            enc(point.x()).unwrap_or_default(),
            enc(point.y()).unwrap_or_default(),
        )
    }

    /// `{kty, crv, x, y, kid}`; `kid` is the thumbprint so a verifier can name the key.
    pub fn to_json(&self) -> Value {
        let (x, y) = self.coordinates();
        json!({ "kty": "EC", "crv": "P-256", "x": x, "y": y, "kid": self.fingerprint() })
    }

    /// RFC 7638 thumbprint: SHA-256 of the required members in lexicographic order, no
    /// whitespace, base64url. Independent tools compute the same value.
    pub fn fingerprint(&self) -> String {
        let (x, y) = self.coordinates();
        let canonical = format!(r#"{{"crv":"P-256","kty":"EC","x":"{x}","y":"{y}"}}"#);
        URL_SAFE_NO_PAD.encode(Sha256::digest(canonical.as_bytes()))
    }

    pub fn to_pem(&self) -> Result<String, BadgeError> {
        self.key
            .to_public_key_pem(LineEnding::LF)
            .map_err(|e| BadgeError::Signing(e.to_string()))
    }

    /// Reads a public JWK; private members are refused so a leaked `d` is noticed.
    pub fn from_json(jwk: &Value) -> Result<Self, BadgeError> {
        let field = |name: &str| jwk.get(name).and_then(Value::as_str);
        if field("kty") != Some("EC") || field("crv") != Some("P-256") {
            return Err(BadgeError::JwkFormat("kty must be EC and crv P-256".into()));
        }
        if jwk.get("d").is_some() {
            return Err(BadgeError::JwkFormat(
                "it contains a private key (d); publish only the public part".into(),
            ));
        }
        let coord = |name: &str| -> Result<[u8; 32], BadgeError> {
            let text =
                field(name).ok_or_else(|| BadgeError::JwkFormat(format!("{name} missing")))?;
            let bytes = URL_SAFE_NO_PAD
                .decode(text)
                .map_err(|e| BadgeError::JwkFormat(format!("{name}: {e}")))?;
            bytes
                .try_into()
                .map_err(|_| BadgeError::JwkFormat(format!("{name} must be 32 bytes")))
        };
        let (x, y) = (coord("x")?, coord("y")?);
        let point =
            EncodedPoint::<p256::NistP256>::from_affine_coordinates(&x.into(), &y.into(), false);
        VerifyingKey::from_encoded_point(&point)
            .map(|key| PublicJwk { key })
            .map_err(|_| BadgeError::JwkFormat("the point is not on the P-256 curve".into()))
    }

    pub fn from_json_str(text: &str) -> Result<Self, BadgeError> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| BadgeError::JwkFormat(e.to_string()))?;
        Self::from_json(&value)
    }

    /// True when `signature` (raw r||s) is a valid ES256 signature of `message`.
    pub fn verify_es256(&self, message: &[u8], signature: &[u8]) -> bool {
        Signature::from_slice(signature)
            .map(|sig| self.key.verify(message, &sig).is_ok())
            .unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jwk_round_trips_and_thumbprint_is_stable() {
        let key = SigningKey::generate();
        let jwk = key.public_jwk();
        let back = PublicJwk::from_json(&jwk).expect("parse");
        assert_eq!(back, key.public());
        assert_eq!(jwk["kid"], key.fingerprint());
        assert_eq!(key.fingerprint().len(), 43);
    }

    #[test]
    fn rfc7638_example_thumbprint() {
        // The ES256 key of RFC 7515 A.3; expected value computed independently with
        // Python's hashlib over the RFC 7638 canonical form.
        let jwk = json!({"kty":"EC","crv":"P-256",
            "x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
            "y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"});
        let key = PublicJwk::from_json(&jwk).expect("parse");
        assert_eq!(
            key.fingerprint(),
            "oKIywvGUpTVTyxMQ3bwIIeQUudfr_CkLMjCE19ECD-U"
        );
    }

    #[test]
    fn pem_round_trip_and_signature() {
        let key = SigningKey::generate();
        let pem = key.inner.to_pkcs8_pem(LineEnding::LF).expect("pem");
        let back = SigningKey::from_pem(&pem).expect("load");
        let sig = back.sign_es256(b"hello");
        assert!(key.public().verify_es256(b"hello", &sig));
        assert!(!key.public().verify_es256(b"hellO", &sig));
        assert!(!format!("{key:?}").contains("PRIVATE"));
    }

    #[test]
    fn private_jwk_is_refused() {
        let mut jwk = SigningKey::generate().public_jwk();
        jwk["d"] = json!("secret");
        assert!(PublicJwk::from_json(&jwk).is_err());
    }
}
