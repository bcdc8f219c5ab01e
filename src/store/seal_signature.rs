//! Sign-off seals signed with the centre's key.
//!
//! The hash chain alone shows edits made behind leverup's back, but someone who rewrites
//! the whole chain and its head consistently goes unseen. So when the centre has a signing
//! key, every sign-off's chain link (which covers the sealed content and all history before
//! it) is signed in the same transaction, and the signature is itself a chained audit row
//! (`entity = 'seal'`, `entity_id` = the signed row's `seq`). Rewriting anything before a
//! signed sign-off now needs the centre's private key.
//!
//! The store holds no cryptography: the binary hands it a [`SealSigner`] (the key stays
//! where the badges' signing lives) and `db check` verifies what [`Store::sign_offs`] lists.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde_json::{Value, json};

use super::audit::{Audit, write_audit};
use super::{Result, Store, StoreError};

/// Signs [`seal_message`]'s bytes with the centre's private key; the signature as
/// unpadded base64url, the way JOSE writes it, or why it could not be made.
pub type SignFn = Box<dyn Fn(&[u8]) -> std::result::Result<String, String> + Send + Sync>;

/// Signs sign-offs with the centre's key.
pub struct SealSigner {
    /// JOSE algorithm name of the signature (`ES256`, `RS256`).
    pub alg: String,
    /// The key's fingerprint (JWK thumbprint), as `signing-key show` prints it.
    pub key_id: String,
    /// The public key as a JWK, so the signature can be checked on another machine.
    pub public_jwk: Value,
    pub sign: SignFn,
}

impl std::fmt::Debug for SealSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SealSigner")
            .field("alg", &self.alg)
            .field("key_id", &self.key_id)
            .finish_non_exhaustive()
    }
}

/// The bytes a sign-off's signature covers: its chain link, with a label so the signature
/// cannot be passed off as anything else the key signs (a badge).
pub fn seal_message(link_hash: &str) -> Vec<u8> {
    format!("leverup sign-off seal v1:{link_hash}").into_bytes()
}

/// A signature as recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct SealSignature {
    pub alg: String,
    pub key_id: String,
    pub public_jwk: Value,
    /// The link hash it was made over (to say what changed since when it does not match).
    pub signed_hash: String,
    /// Unpadded base64url, as the signer gave it.
    pub signature: String,
}

/// One sign-off in the audit log: its chain link as it stands now, and its signature.
#[derive(Debug, Clone, PartialEq)]
pub struct SignOff {
    pub seq: i64,
    pub assessment_id: String,
    pub at: String,
    pub link_hash: String,
    pub signature: Option<SealSignature>,
}

impl Store {
    /// From now on every sign-off committed through this store is signed (`None`: not).
    pub fn set_seal_signer(&mut self, signer: Option<SealSigner>) {
        self.seal_signer = signer;
    }

    /// Whether sign-offs made through this store are signed, and by which key.
    pub fn seal_key_id(&self) -> Option<&str> {
        self.seal_signer.as_ref().map(|s| s.key_id.as_str())
    }

    /// Every sign-off row in chain order, with its signature when it has one.
    pub fn sign_offs(&self) -> Result<Vec<SignOff>> {
        let mut signature_of = self.conn.prepare(
            "SELECT new FROM audit_log WHERE entity = 'seal' AND action = 'sign'
               AND entity_id = ?1 ORDER BY seq LIMIT 1",
        )?;
        let rows: Vec<(i64, String, String, String)> = self
            .conn
            .prepare(
                "SELECT seq, entity_id, at, hash FROM audit_log
                 WHERE entity = 'assessment' AND action = 'finalise' ORDER BY seq",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::with_capacity(rows.len());
        for (seq, assessment_id, at, link_hash) in rows {
            let payload: Option<Option<String>> = signature_of
                .query_row([seq.to_string()], |r| r.get(0))
                .optional()?;
            let signature = payload.map(|p| parse_signature(p.as_deref()));
            out.push(SignOff {
                seq,
                assessment_id,
                at,
                link_hash,
                signature,
            });
        }
        Ok(out)
    }
}

/// A signature row whose payload was tampered with still counts as a signature (one that
/// fails), never as none.
fn parse_signature(payload: Option<&str>) -> SealSignature {
    let v: Value = payload
        .and_then(|p| serde_json::from_str(p).ok())
        .unwrap_or(Value::Null);
    let text = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    SealSignature {
        alg: text("alg"),
        key_id: text("key"),
        public_jwk: v.get("jwk").cloned().unwrap_or(Value::Null),
        signed_hash: text("signed"),
        signature: text("signature"),
    }
}

/// Whether any sign-off in the database is signed.
pub(crate) fn any_signed(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM audit_log WHERE entity = 'seal' AND action = 'sign'")?
        .exists([])?)
}

/// Signs the newest sign-off of `assessment_id` (just written, in the same transaction).
pub(crate) fn sign_seal(
    conn: &Connection,
    signer: &SealSigner,
    assessment_id: &str,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let (seq, hash): (i64, String) = conn
        .prepare_cached(
            "SELECT seq, hash FROM audit_log
             WHERE entity = 'assessment' AND action = 'finalise' AND entity_id = ?1
             ORDER BY seq DESC LIMIT 1",
        )?
        .query_row([assessment_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    // A sign-off the centre's key cannot sign is not committed: better refused and said
    // than recorded unsigned by surprise.
    let signature = (signer.sign)(&seal_message(&hash)).map_err(StoreError::Signing)?;
    write_audit(
        conn,
        Audit {
            actor,
            at: now,
            entity: "seal",
            entity_id: &seq.to_string(),
            action: "sign",
            old: None,
            new: Some(json!({
                "alg": signer.alg,
                "key": signer.key_id,
                "jwk": signer.public_jwk,
                "signed": hash,
                "signature": signature,
            })),
            reason: None,
        },
    )
}
