//! Which key checks a credential's signature, and whether that key is the issuer's:
//! confirmed only by a key the verifier already trusts (`--key`, the issuer's published
//! `--jwks`, or the centre's register), never by the key the credential carries itself.

use serde_json::Value;

use super::jwt::Decoded;
use super::public_key::{Alg, PublicJwk};
use super::verify::Report;

/// A key the verifier trusts, and where it came from ("--key FILE", "the register", …).
#[derive(Debug, Clone)]
pub struct TrustedKey {
    pub key: PublicJwk,
    /// The `kid` it was published under, if any.
    pub kid: Option<String>,
    pub source: String,
}

/// Where the key that checked the signature came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// A trusted key (the header's `jwk`, when present, is the same key).
    Trusted(String),
    /// Only the key in the JWT header: proves the credential is intact, not who issued it.
    HeaderUnconfirmed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyUsed {
    pub fingerprint: String,
    pub source: KeySource,
    /// The key itself, so a status list can be held to the same key.
    pub key: PublicJwk,
    /// The URL the trusted key was published under (its `kid` in a JWK Set), if any.
    pub published_as: Option<String>,
}

/// The trusted key the header points at: its `jwk`, else its `kid` (as published, or
/// containing the thumbprint); a header naming no key at all is tried with the trusted key
/// of its algorithm.
fn trusted_match<'a>(
    trusted: &'a [TrustedKey],
    header_key: Option<&PublicJwk>,
    kid: Option<&str>,
    alg: Alg,
) -> Option<&'a TrustedKey> {
    if let Some(h) = header_key {
        return trusted.iter().find(|t| *h == t.key);
    }
    match kid {
        Some(kid) => trusted
            .iter()
            .find(|t| t.kid.as_deref() == Some(kid) || kid.contains(&t.key.fingerprint())),
        None => trusted.iter().find(|t| t.key.alg() == alg),
    }
}

/// Checks algorithm, key and signature of `d`, adding a check for each to `report`.
/// Returns the key used (whether the signature held is in the `signature` check).
pub fn check_signature(
    d: &Decoded,
    trusted: &[TrustedKey],
    report: &mut Report,
) -> Option<KeyUsed> {
    let alg_name = d.header.get("alg").and_then(Value::as_str).unwrap_or("");
    // OB 3.0 §8.2: typ, when present, must be "JWT".
    let typ = d.header.get("typ");
    let typ_ok = typ.is_none_or(|t| t == "JWT");
    let alg = Alg::from_name(alg_name);
    let detail = match typ {
        Some(t) if !typ_ok => {
            format!("alg {alg_name:?}, typ {t} (typ must be \"JWT\" when present)")
        }
        _ => format!("alg {alg_name:?} (ES256 or RS256 required)"),
    };
    if !report.add_check("algorithm", typ_ok && alg.is_some(), detail) {
        return None;
    }
    let alg = alg?;
    let header_key = match d.header.get("jwk").map(PublicJwk::from_json) {
        Some(Err(e)) => {
            report.add_check(
                "key",
                false,
                format!("the key in the header is unusable: {e}"),
            );
            return None;
        }
        Some(Ok(k)) => Some(k),
        None => None,
    };
    let kid = d.header.get("kid").and_then(Value::as_str);
    let published_as = trusted_match(trusted, header_key.as_ref(), kid, alg)
        .and_then(|t| t.kid.clone())
        .filter(|k| k.starts_with("https://") || k.starts_with("http://"));
    let (key, source) = match (
        trusted_match(trusted, header_key.as_ref(), kid, alg),
        header_key,
    ) {
        (Some(t), _) => (t.key.clone(), KeySource::Trusted(t.source.clone())),
        (None, Some(h)) if !trusted.is_empty() => {
            let sources: Vec<String> = trusted
                .iter()
                .map(|t| format!("{} from {}", t.key.fingerprint(), t.source))
                .collect();
            report.add_check(
                "key",
                false,
                format!(
                    "signed with key {}, which is none of the trusted keys ({}): not the \
                     issuer's key",
                    h.fingerprint(),
                    sources.join(", ")
                ),
            );
            return None;
        }
        (None, Some(h)) => (h, KeySource::HeaderUnconfirmed),
        (None, None) => {
            // Not a fault of the credential: the verifier lacks the key. The outcome stays
            // "not confirmed" and says how to get the key.
            report.notes.push(format!(
                "signature not checked: the header names the key {}; download the issuer's \
                 jwks.json and pass --jwks FILE",
                kid.unwrap_or("(no kid)")
            ));
            return None;
        }
    };
    let fingerprint = key.fingerprint();
    if key.alg() != alg {
        report.add_check(
            "key",
            false,
            format!(
                "alg {} does not fit key {fingerprint} ({})",
                alg.name(),
                key.alg().name()
            ),
        );
        return None;
    }
    let detail = match &source {
        KeySource::Trusted(from) => format!("key {fingerprint}, confirmed by {from}"),
        KeySource::HeaderUnconfirmed => format!(
            "key in the header {fingerprint}, not confirmed: pass the issuer's published keys \
             (--jwks jwks.json), its key (--key JWK) or the register (--db)"
        ),
    };
    report.add_check("key", true, detail);
    let valid = key.verify(alg, d.signing_input.as_bytes(), &d.signature);
    report.add_check(
        "signature",
        valid,
        if valid {
            format!("{} signature valid for key {fingerprint}", alg.name())
        } else {
            format!(
                "signature does not match: the content was changed or signed with another \
                 key than {fingerprint}"
            )
        },
    );
    Some(KeyUsed {
        fingerprint,
        source,
        key,
        published_as,
    })
}
