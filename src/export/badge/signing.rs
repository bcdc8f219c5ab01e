//! The centre's credential-signing key: P-256 (ES256) or RSA 2048 (RS256), stored as
//! PKCS#8 PEM with mode 0600.
//!
//! The private key never leaves this module except as the PEM written to its own file; no
//! `Debug` or `Display` prints it.

use std::fmt;
use std::fs;
use std::io;
use std::path::Path;

use p256::ecdsa::Signature;
use p256::ecdsa::signature::{RandomizedSigner, SignatureEncoding, Signer};
use p256::pkcs8::der::zeroize::Zeroizing;
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding};
use rand_core::OsRng;
use rsa::RsaPrivateKey;
use rsa::traits::PublicKeyParts;
use serde_json::Value;
use sha2::Sha256;

use super::atomic;
use super::error::BadgeError;
pub use super::public_key::{Alg, PublicJwk};

/// RSA keys are generated at this size: RFC 7518's minimum for RS256, and what the
/// validators that ask for RS256 use.
pub const RSA_BITS: usize = 2048;

enum Inner {
    Ec(p256::ecdsa::SigningKey),
    Rsa(Box<RsaPrivateKey>),
}

/// The private signing key.
pub struct SigningKey {
    inner: Inner,
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "SigningKey({} {})",
            self.alg().name(),
            self.fingerprint()
        )
    }
}

impl SigningKey {
    /// A fresh ES256 key from the operating system's random source.
    pub fn generate() -> Self {
        SigningKey {
            inner: Inner::Ec(p256::ecdsa::SigningKey::random(&mut OsRng)),
        }
    }

    /// A fresh key for `alg`. RSA generation can fail only on a broken random source.
    pub fn generate_with(alg: Alg) -> Result<Self, BadgeError> {
        let inner = match alg {
            Alg::Es256 => return Ok(Self::generate()),
            Alg::Rs256 => Inner::Rsa(Box::new(
                RsaPrivateKey::new(&mut OsRng, RSA_BITS)
                    .map_err(|e| BadgeError::Signing(e.to_string()))?,
            )),
        };
        Ok(SigningKey { inner })
    }

    pub fn alg(&self) -> Alg {
        match self.inner {
            Inner::Ec(_) => Alg::Es256,
            Inner::Rsa(_) => Alg::Rs256,
        }
    }

    fn to_pem(&self) -> Result<Zeroizing<String>, BadgeError> {
        match &self.inner {
            Inner::Ec(k) => k.to_pkcs8_pem(LineEnding::LF),
            Inner::Rsa(k) => k.to_pkcs8_pem(LineEnding::LF),
        }
        .map_err(|e| BadgeError::Signing(e.to_string()))
    }

    /// Writes the key as PKCS#8 PEM, mode 0600, atomically. An existing key is kept unless
    /// `overwrite`: replacing it would make every badge issued so far unverifiable.
    pub fn save(&self, path: &Path, overwrite: bool) -> Result<(), BadgeError> {
        if !overwrite && path.exists() {
            return Err(BadgeError::KeyExists(path.to_path_buf()));
        }
        let pem = self.to_pem()?;
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

    /// A P-256 or RSA private key in PKCS#8 PEM; the algorithm follows from the key.
    pub fn from_pem(pem: &str) -> Result<Self, String> {
        if let Ok(k) = p256::ecdsa::SigningKey::from_pkcs8_pem(pem) {
            return Ok(SigningKey {
                inner: Inner::Ec(k),
            });
        }
        match RsaPrivateKey::from_pkcs8_pem(pem) {
            Ok(k) if k.size() * 8 >= super::public_key::RSA_MIN_BITS => Ok(SigningKey {
                inner: Inner::Rsa(Box::new(k)),
            }),
            Ok(k) => Err(format!(
                "the RSA key has {} bits; RS256 needs at least 2048",
                k.size() * 8
            )),
            Err(e) => Err(format!("neither a P-256 nor an RSA key: {e}")),
        }
    }

    pub fn public(&self) -> PublicJwk {
        match &self.inner {
            Inner::Ec(k) => PublicJwk::Ec(*k.verifying_key()),
            Inner::Rsa(k) => PublicJwk::Rsa(k.to_public_key()),
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

    /// The JWS signature of `message` with this key's algorithm. ES256: SHA-256,
    /// deterministic nonce (RFC 6979), raw r||s. RS256: PKCS#1 v1.5 with SHA-256, the
    /// private-key operation blinded with fresh randomness on every call.
    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>, BadgeError> {
        match &self.inner {
            Inner::Ec(k) => {
                let sig: Signature = k.sign(message);
                Ok(sig.to_bytes().to_vec())
            }
            Inner::Rsa(k) => {
                let signer = rsa::pkcs1v15::SigningKey::<Sha256>::new((**k).clone());
                signer
                    .try_sign_with_rng(&mut OsRng, message)
                    .map(|s| s.to_vec())
                    .map_err(|e| BadgeError::Signing(e.to_string()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn es256_pem_round_trip_and_signature() {
        let key = SigningKey::generate();
        let back = SigningKey::from_pem(&key.to_pem().expect("pem")).expect("load");
        let sig = back.sign(b"hello").expect("sign");
        assert_eq!(sig.len(), 64);
        assert!(key.public().verify(Alg::Es256, b"hello", &sig));
        assert!(!key.public().verify(Alg::Es256, b"hellO", &sig));
        assert!(!key.public().verify(Alg::Rs256, b"hello", &sig));
        assert!(!format!("{key:?}").contains("PRIVATE"));
        assert_eq!(key.public_jwk()["kid"], key.fingerprint());
    }

    #[test]
    fn rs256_pem_round_trip_and_signature() {
        let key = SigningKey::generate_with(Alg::Rs256).expect("rsa");
        let back = SigningKey::from_pem(&key.to_pem().expect("pem")).expect("load");
        assert_eq!(back.alg(), Alg::Rs256);
        let sig = back.sign(b"hello").expect("sign");
        assert_eq!(sig.len(), 256);
        assert!(key.public().verify(Alg::Rs256, b"hello", &sig));
        assert!(!key.public().verify(Alg::Rs256, b"hellO", &sig));
        assert!(!key.public().verify(Alg::Es256, b"hello", &sig));
        let jwk = key.public_jwk();
        assert_eq!(jwk["kty"], "RSA");
        assert_eq!(PublicJwk::from_json(&jwk).expect("jwk"), key.public());
    }
}
