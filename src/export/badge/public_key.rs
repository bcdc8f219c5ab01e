//! A centre's public key as exchanged in JWK form (RFC 7517): P-256 for ES256 or RSA for
//! RS256, with its RFC 7638 thumbprint and the signature check of its algorithm.
//!
//! Private members are refused on reading, so a leaked private key is noticed.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use p256::ecdsa::signature::Verifier;
use p256::ecdsa::{Signature, VerifyingKey};
use p256::elliptic_curve::sec1::EncodedPoint;
use p256::pkcs8::{EncodePublicKey, LineEnding};
use rsa::traits::PublicKeyParts;
use rsa::{BigUint, RsaPublicKey};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::error::BadgeError;

/// The JWS algorithms leverup signs with (OB 3.0 §8.2 names RS256; ES256 is accepted too).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alg {
    Es256,
    Rs256,
}

impl Alg {
    pub fn name(self) -> &'static str {
        match self {
            Alg::Es256 => "ES256",
            Alg::Rs256 => "RS256",
        }
    }

    pub fn from_name(name: &str) -> Option<Alg> {
        match name {
            "ES256" => Some(Alg::Es256),
            "RS256" => Some(Alg::Rs256),
            _ => None,
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Alg::Es256 => "ES256 (ECDSA P-256)",
            Alg::Rs256 => "RS256 (RSA PKCS#1 v1.5, SHA-256)",
        }
    }
}

/// Smallest RSA modulus accepted (RFC 7518 §3.3 requires 2048 bits for RS256).
pub const RSA_MIN_BITS: usize = 2048;

#[derive(Clone, PartialEq, Eq)]
pub enum PublicJwk {
    Ec(VerifyingKey),
    Rsa(RsaPublicKey),
}

impl fmt::Debug for PublicJwk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicJwk({} {})", self.alg().name(), self.fingerprint())
    }
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

impl PublicJwk {
    pub fn alg(&self) -> Alg {
        match self {
            PublicJwk::Ec(_) => Alg::Es256,
            PublicJwk::Rsa(_) => Alg::Rs256,
        }
    }

    /// The members RFC 7638 hashes, in lexicographic order.
    fn required_members(&self) -> Vec<(&'static str, String)> {
        match self {
            PublicJwk::Ec(key) => {
                let point = key.to_encoded_point(false);
                let enc = |b: Option<&p256::FieldBytes>| b.map(|b| b64(b)).unwrap_or_default();
                vec![
                    ("crv", "P-256".into()),
                    ("kty", "EC".into()),
                    ("x", enc(point.x())),
                    ("y", enc(point.y())),
                ]
            }
            PublicJwk::Rsa(key) => vec![
                ("e", b64(&key.e().to_bytes_be())),
                ("kty", "RSA".into()),
                ("n", b64(&key.n().to_bytes_be())),
            ],
        }
    }

    /// RFC 7638 thumbprint: SHA-256 of the required members in lexicographic order, no
    /// whitespace, base64url. Independent tools compute the same value.
    pub fn fingerprint(&self) -> String {
        let members: Vec<String> = self
            .required_members()
            .iter()
            .map(|(k, v)| format!("\"{k}\":\"{v}\""))
            .collect();
        b64(&Sha256::digest(
            format!("{{{}}}", members.join(",")).as_bytes(),
        ))
    }

    /// The public JWK with `alg`, `use` and `kid` (the thumbprint unless `kid` is given).
    pub fn to_json_with_kid(&self, kid: Option<&str>) -> Value {
        let mut jwk = serde_json::Map::new();
        for (k, v) in self.required_members() {
            jwk.insert(k.into(), json!(v));
        }
        jwk.insert("alg".into(), json!(self.alg().name()));
        jwk.insert("use".into(), json!("sig"));
        let kid = kid
            .map(str::to_string)
            .unwrap_or_else(|| self.fingerprint());
        jwk.insert("kid".into(), json!(kid));
        Value::Object(jwk)
    }

    /// Only the members RFC 7638 requires: the smallest form, for a JWT header (verifiers
    /// cap header sizes; joserfc at 512 bytes).
    pub fn to_minimal_json(&self) -> Value {
        let mut jwk = serde_json::Map::new();
        for (k, v) in self.required_members() {
            jwk.insert(k.into(), json!(v));
        }
        Value::Object(jwk)
    }

    pub fn to_json(&self) -> Value {
        self.to_json_with_kid(None)
    }

    pub fn to_pem(&self) -> Result<String, BadgeError> {
        let pem = match self {
            PublicJwk::Ec(k) => k.to_public_key_pem(LineEnding::LF),
            PublicJwk::Rsa(k) => k.to_public_key_pem(LineEnding::LF),
        };
        pem.map_err(|e| BadgeError::Signing(e.to_string()))
    }

    /// Reads a public JWK (EC P-256 or RSA of at least 2048 bits).
    pub fn from_json(jwk: &Value) -> Result<Self, BadgeError> {
        let field = |name: &str| jwk.get(name).and_then(Value::as_str);
        let bad = |m: String| BadgeError::JwkFormat(m);
        for private in ["d", "p", "q", "dp", "dq", "qi"] {
            if jwk.get(private).is_some() {
                return Err(bad(format!(
                    "it contains a private key member ({private}); publish only the public part"
                )));
            }
        }
        let bytes = |name: &str| -> Result<Vec<u8>, BadgeError> {
            let text = field(name).ok_or_else(|| bad(format!("{name} missing")))?;
            URL_SAFE_NO_PAD
                .decode(text)
                .map_err(|e| bad(format!("{name}: {e}")))
        };
        match field("kty") {
            Some("EC") if field("crv") == Some("P-256") => {
                let coord = |name: &str| -> Result<[u8; 32], BadgeError> {
                    bytes(name)?
                        .try_into()
                        .map_err(|_| bad(format!("{name} must be 32 bytes")))
                };
                let (x, y) = (coord("x")?, coord("y")?);
                let point = EncodedPoint::<p256::NistP256>::from_affine_coordinates(
                    &x.into(),
                    &y.into(),
                    false,
                );
                VerifyingKey::from_encoded_point(&point)
                    .map(PublicJwk::Ec)
                    .map_err(|_| bad("the point is not on the P-256 curve".into()))
            }
            Some("RSA") => {
                let n = BigUint::from_bytes_be(&bytes("n")?);
                let e = BigUint::from_bytes_be(&bytes("e")?);
                let key = RsaPublicKey::new(n, e).map_err(|e| bad(format!("RSA key: {e}")))?;
                if key.size() * 8 < RSA_MIN_BITS {
                    return Err(bad(format!(
                        "the RSA modulus has {} bits; RS256 needs at least {RSA_MIN_BITS}",
                        key.size() * 8
                    )));
                }
                Ok(PublicJwk::Rsa(key))
            }
            _ => Err(bad("kty must be EC (crv P-256) or RSA".into())),
        }
    }

    pub fn from_json_str(text: &str) -> Result<Self, BadgeError> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| BadgeError::JwkFormat(e.to_string()))?;
        Self::from_json(&value)
    }

    /// True when `signature` is a valid `alg` signature of `message` by this key; false
    /// too when `alg` is not this key's algorithm (no algorithm confusion).
    pub fn verify(&self, alg: Alg, message: &[u8], signature: &[u8]) -> bool {
        match (self, alg) {
            (PublicJwk::Ec(key), Alg::Es256) => Signature::from_slice(signature)
                .map(|sig| key.verify(message, &sig).is_ok())
                .unwrap_or(false),
            (PublicJwk::Rsa(key), Alg::Rs256) => {
                let verifier = rsa::pkcs1v15::VerifyingKey::<Sha256>::new(key.clone());
                rsa::pkcs1v15::Signature::try_from(signature)
                    .map(|sig| verifier.verify(message, &sig).is_ok())
                    .unwrap_or(false)
            }
            _ => false,
        }
    }
}

/// The keys of a JWK Set (RFC 7517 §5) that leverup can use, with their `kid`s; keys of
/// other types are skipped, a malformed set is an error.
pub fn parse_jwks(text: &str) -> Result<Vec<(Option<String>, PublicJwk)>, BadgeError> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| BadgeError::JwkFormat(e.to_string()))?;
    let keys = value
        .get("keys")
        .and_then(Value::as_array)
        .ok_or_else(|| BadgeError::JwkFormat("a JWK Set needs a \"keys\" array".into()))?;
    let mut out = Vec::new();
    for k in keys {
        if let Ok(key) = PublicJwk::from_json(k) {
            let kid = k.get("kid").and_then(Value::as_str).map(str::to_string);
            out.push((kid, key));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7638_example_thumbprints() {
        // RFC 7515 A.3's ES256 key, and RFC 7638 §3.1's RSA key (whose thumbprint the RFC
        // states).
        let ec = json!({"kty":"EC","crv":"P-256",
            "x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
            "y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"});
        let key = PublicJwk::from_json(&ec).expect("parse");
        assert_eq!(
            key.fingerprint(),
            "oKIywvGUpTVTyxMQ3bwIIeQUudfr_CkLMjCE19ECD-U"
        );
        let rsa = json!({"kty":"RSA","e":"AQAB","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"});
        let key = PublicJwk::from_json(&rsa).expect("parse");
        assert_eq!(
            key.fingerprint(),
            "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
        );
        assert_eq!(key.alg(), Alg::Rs256);
    }

    #[test]
    fn private_and_small_keys_are_refused() {
        let mut jwk = json!({"kty":"EC","crv":"P-256",
            "x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
            "y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"});
        jwk["d"] = json!("secret");
        assert!(PublicJwk::from_json(&jwk).is_err());
        let small = json!({"kty":"RSA","e":"AQAB","n":"AQAB"});
        assert!(PublicJwk::from_json(&small).is_err());
    }
}
