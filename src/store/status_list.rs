//! The register's side of checkable credentials (migration 0008): each certificate's random
//! position in the revocation status list, which positions are revoked, and the public keys
//! the centre has signed with.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

use super::audit::{Audit, write_audit};
use super::{Result, Store, StoreError, ts};

/// Positions in the list: 131,072 bits, the W3C minimum (16 KB), so that one centre's few
/// certificates hide among many unused positions (herd privacy).
pub const STATUS_LIST_BITS: u32 = 131_072;

/// A random position no certificate holds yet. Random so that a position says nothing
/// about when, or after whom, a certificate was issued.
pub(crate) fn free_position(conn: &Connection) -> Result<u32> {
    let taken = |i: u32| -> Result<bool> {
        Ok(conn
            .prepare_cached(
                "SELECT 1 FROM certificates WHERE status_index = ?1
                 UNION ALL SELECT 1 FROM erased_certificates WHERE status_index = ?1",
            )?
            .query_row([i], |_| Ok(()))
            .optional()?
            .is_some())
    };
    // A v4 UUID carries 122 random bits from the operating system: the store's source of
    // randomness without another dependency.
    for _ in 0..64 {
        let i = (uuid::Uuid::new_v4().as_u128() % u128::from(STATUS_LIST_BITS)) as u32;
        if !taken(i)? {
            return Ok(i);
        }
    }
    Err(StoreError::Constraint(
        "the revocation status list is full: no free position found".into(),
    ))
}

/// Migration 0008's step: a position for every certificate issued before it.
pub(crate) fn place_existing(tx: &rusqlite::Transaction<'_>) -> Result<()> {
    let ids: Vec<String> = tx
        .prepare("SELECT id FROM certificates WHERE status_index IS NULL ORDER BY rowid")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in ids {
        let i = free_position(tx)?;
        tx.execute(
            "UPDATE certificates SET status_index = ?2 WHERE id = ?1",
            params![id, i],
        )?;
    }
    Ok(())
}

/// One public key of the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisteredKey {
    /// RFC 7638 thumbprint.
    pub thumbprint: String,
    pub alg: String,
    /// The public JWK as JSON text.
    pub jwk: String,
    pub first_used_at: DateTime<Utc>,
}

impl Store {
    /// The positions of revoked certificates, erased ones included, for the status list.
    pub fn revoked_status_positions(&self) -> Result<Vec<u32>> {
        let mut stmt = self.conn.prepare(
            "SELECT status_index FROM certificates
               WHERE revoked_at IS NOT NULL AND status_index IS NOT NULL
             UNION SELECT status_index FROM erased_certificates WHERE status_index IS NOT NULL
             ORDER BY 1",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A certificate's position in the status list (`None` for demo records).
    pub fn status_position(&self, certificate_id: &str) -> Result<Option<u32>> {
        let found: Option<Option<u32>> = self
            .conn
            .prepare_cached("SELECT status_index FROM certificates WHERE id = ?1")?
            .query_row([certificate_id], |r| r.get(0))
            .optional()?;
        match found {
            Some(p) => Ok(p),
            None => Err(StoreError::NotFound {
                entity: "certificate",
                id: certificate_id.to_string(),
            }),
        }
    }

    /// The certificate's position, given one now (audited) when it has none: a record
    /// issued by an older version, or a demo record taken over as real.
    pub fn ensure_status_position(
        &mut self,
        certificate_id: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<u32> {
        if let Some(p) = self.status_position(certificate_id)? {
            return Ok(p);
        }
        let tx = self.conn.transaction()?;
        let position = free_position(&tx)?;
        tx.execute(
            "UPDATE certificates SET status_index = ?2 WHERE id = ?1 AND status_index IS NULL",
            params![certificate_id, position],
        )?;
        super::certificates::audit_certificate(
            &tx,
            certificate_id,
            "place_in_status_list",
            (None, Some(json!({ "status_index": position }))),
            None,
            (actor, now),
        )?;
        tx.commit()?;
        Ok(position)
    }

    /// Records a key the centre signs with; the first use is audited, later ones change
    /// nothing.
    pub fn register_signing_key(
        &mut self,
        thumbprint: &str,
        alg: &str,
        jwk: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        let added = tx.execute(
            // Not INSERT OR IGNORE: that would also swallow the CHECK on the algorithm.
            "INSERT INTO signing_keys (thumbprint, alg, jwk, first_used_at)
             VALUES (?1, ?2, ?3, ?4) ON CONFLICT (thumbprint) DO NOTHING",
            params![thumbprint, alg, jwk, ts(now)],
        )?;
        if added == 1 {
            write_audit(
                &tx,
                Audit {
                    actor,
                    at: now,
                    entity: "signing_key",
                    entity_id: thumbprint,
                    action: "register",
                    old: None,
                    new: Some(json!({ "alg": alg })),
                    reason: None,
                },
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Every key the centre has signed with, oldest first.
    pub fn signing_keys(&self) -> Result<Vec<RegisteredKey>> {
        let mut stmt = self.conn.prepare(
            "SELECT thumbprint, alg, jwk, first_used_at FROM signing_keys
             ORDER BY first_used_at, thumbprint",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(RegisteredKey {
                thumbprint: r.get(0)?,
                alg: r.get(1)?,
                jwk: r.get(2)?,
                first_used_at: super::get_ts(r, 3, "signing_keys.first_used_at")?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
