//! VC-JWT proof (Open Badges 3.0 §8.2): the credential's members are the JWT payload, with
//! the registered claims iss, jti, sub, nbf (+ iat, exp) mirroring its fields; ES256 or
//! RS256 over the compact serialisation.
//!
//! The header names the key by `kid`, a URL on the centre's site that serves the public
//! JWK (and its `kid` in the published jwks.json). An ES256 header also carries the key as
//! `jwk`, so a verifier offline can check that the credential is intact; only a key
//! confirmed some other way (the published keys, the register) says the centre signed it.
//! An RS256 header does not: a 2048-bit modulus makes the header larger than verifiers
//! accept (joserfc refuses headers over 512 bytes), and the key is one download away.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::DateTime;
use serde_json::{Map, Value, json};

use super::error::BadgeError;
use super::public_key::Alg;
use super::signing::SigningKey;

/// Claims that `sign` adds and that are not part of the credential itself.
pub const REGISTERED_CLAIMS: [&str; 6] = ["iss", "jti", "sub", "nbf", "iat", "exp"];

/// `issuer.id`, whether the issuer is an object or a bare IRI.
pub fn issuer_id(credential: &Value) -> Option<&str> {
    let issuer = credential.get("issuer")?;
    issuer
        .as_str()
        .or_else(|| issuer.get("id").and_then(Value::as_str))
}

/// Seconds since the epoch of an RFC 3339 field of the credential.
pub fn numeric_date(credential: &Value, field: &str) -> Option<i64> {
    let text = credential.get(field)?.as_str()?;
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.timestamp())
}

/// The JWT payload: the credential plus its registered claims.
pub fn payload(credential: &Value) -> Result<Value, BadgeError> {
    let missing = |what: &str| BadgeError::Signing(format!("the credential has no {what}"));
    let mut claims: Map<String, Value> = credential
        .as_object()
        .cloned()
        .ok_or_else(|| missing("JSON object"))?;
    let iss = issuer_id(credential).ok_or_else(|| missing("issuer id"))?;
    let jti = credential
        .get("id")
        .and_then(Value::as_str)
        .ok_or_else(|| missing("id"))?;
    let sub = credential
        .pointer("/credentialSubject/id")
        .and_then(Value::as_str)
        .ok_or_else(|| missing("credentialSubject.id"))?;
    let nbf = numeric_date(credential, "validFrom").ok_or_else(|| missing("valid validFrom"))?;
    claims.insert("iss".into(), json!(iss));
    claims.insert("jti".into(), json!(jti));
    claims.insert("sub".into(), json!(sub));
    claims.insert("nbf".into(), json!(nbf));
    claims.insert("iat".into(), json!(nbf));
    if credential.get("validUntil").is_some() {
        let exp =
            numeric_date(credential, "validUntil").ok_or_else(|| missing("valid validUntil"))?;
        claims.insert("exp".into(), json!(exp));
    }
    Ok(Value::Object(claims))
}

/// Signs `credential` and returns the compact JWS `header.payload.signature`; `kid` is the
/// URL that serves the key (see `site::PublicSite::key_url`).
pub fn sign(credential: &Value, key: &SigningKey, kid: Option<&str>) -> Result<String, BadgeError> {
    let mut header = json!({ "alg": key.alg().name(), "typ": "JWT" });
    if key.alg() == Alg::Es256 {
        header["jwk"] = key.public().to_minimal_json();
    }
    if let Some(kid) = kid {
        header["kid"] = json!(kid);
    }
    let encode = |v: &Value| -> Result<String, BadgeError> {
        Ok(URL_SAFE_NO_PAD.encode(serde_json::to_vec(v)?))
    };
    let signing_input = format!("{}.{}", encode(&header)?, encode(&payload(credential)?)?);
    let signature = key.sign(signing_input.as_bytes())?;
    Ok(format!(
        "{signing_input}.{}",
        URL_SAFE_NO_PAD.encode(signature)
    ))
}

/// The three parts of a compact JWS, decoded but not yet verified.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub header: Value,
    pub payload: Value,
    /// `header.payload` exactly as received: the bytes the signature covers.
    pub signing_input: String,
    pub signature: Vec<u8>,
}

/// Splits and decodes a compact JWS; the error says which part is malformed.
pub fn decode(jwt: &str) -> Result<Decoded, String> {
    let jwt = jwt.trim();
    let parts: Vec<&str> = jwt.split('.').collect();
    if parts.len() != 3 {
        return Err(format!(
            "a compact JWS has 3 parts separated by '.', found {}",
            parts.len()
        ));
    }
    let bytes = |name: &str, part: &str| {
        URL_SAFE_NO_PAD
            .decode(part)
            .map_err(|e| format!("the {name} is not base64url: {e}"))
    };
    let json = |name: &str, part: &str| -> Result<Value, String> {
        let raw = bytes(name, part)?;
        let value: Value =
            serde_json::from_slice(&raw).map_err(|e| format!("the {name} is not JSON: {e}"))?;
        if value.is_object() {
            Ok(value)
        } else {
            Err(format!("the {name} is not a JSON object"))
        }
    };
    Ok(Decoded {
        header: json("header", parts[0])?,
        payload: json("payload", parts[1])?,
        signing_input: format!("{}.{}", parts[0], parts[1]),
        signature: bytes("signature", parts[2])?,
    })
}

/// The credential a payload carries: the `vc` claim of VC 1.1-style tokens, otherwise the
/// payload without its registered claims.
pub fn credential_of(payload: &Value) -> Value {
    if let Some(vc) = payload.get("vc").filter(|v| v.is_object()) {
        return vc.clone();
    }
    let mut credential = payload.clone();
    if let Some(map) = credential.as_object_mut() {
        for claim in REGISTERED_CLAIMS {
            map.remove(claim);
        }
    }
    credential
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credential() -> Value {
        json!({
            "id": "urn:uuid:1", "issuer": {"id": "https://centre.example"},
            "validFrom": "2025-01-02T03:04:05Z", "credentialSubject": {"id": "urn:uuid:2"}
        })
    }

    #[test]
    fn sign_then_decode_recovers_the_credential() {
        let key = SigningKey::generate();
        let jwt = sign(&credential(), &key, Some("https://c.example/keys/k.json")).expect("sign");
        let d = decode(&jwt).expect("decode");
        assert_eq!(d.header["alg"], "ES256");
        assert!(d.header["jwk"].get("d").is_none());
        assert_eq!(d.payload["iss"], "https://centre.example");
        assert_eq!(d.payload["nbf"], 1_735_787_045);
        assert_eq!(credential_of(&d.payload), credential());
        assert_eq!(d.signature.len(), 64);
        assert_eq!(d.header["kid"], "https://c.example/keys/k.json");
        assert!(
            key.public()
                .verify(Alg::Es256, d.signing_input.as_bytes(), &d.signature)
        );
    }

    #[test]
    fn malformed_tokens_say_what_is_wrong() {
        assert!(decode("a.b").unwrap_err().contains("3 parts"));
        assert!(decode("!!.e30.AA").unwrap_err().contains("header"));
    }

    #[test]
    fn missing_subject_is_refused() {
        let mut c = credential();
        c["credentialSubject"] = json!({});
        assert!(payload(&c).is_err());
    }
}
