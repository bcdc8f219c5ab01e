//! Certificate records (D9): issued for a finalised assessment, revoked with a reason,
//! never deleted. The database enforces all three.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

use super::assessment::candidate_of;
use super::audit::{Audit, commit_audited, write_audit};
use super::candidates::touch;
use super::{CertificateRecord, Result, Store, StoreError, get_opt_ts, get_ts, new_id, ts};

/// The query behind [`certificates_where`]; `cond` is always a literal from this crate.
pub(crate) fn certificates_sql(cond: &str) -> String {
    format!(
        "SELECT c.id, c.assessment_id, a.candidate_id, p.name, c.issued_at, c.revoked_at,
                c.revoke_reason
         FROM certificates c
         JOIN assessments a ON a.id = c.assessment_id
         JOIN candidates p ON p.id = a.candidate_id
         WHERE {cond} ORDER BY c.issued_at DESC, c.id"
    )
}

/// Certificates matching `cond` (an SQL condition on `c`, with one parameter `?1`), newest
/// first. `cond` is always a literal from this crate.
pub(crate) fn certificates_where(
    conn: &Connection,
    cond: &str,
    arg: &str,
) -> Result<Vec<CertificateRecord>> {
    let mut stmt = conn.prepare_cached(&certificates_sql(cond))?;
    let rows = stmt.query_map([arg], |r| {
        Ok(CertificateRecord {
            id: r.get(0)?,
            assessment_id: r.get(1)?,
            candidate_id: r.get(2)?,
            candidate_name: r.get(3)?,
            issued_at: get_ts(r, 4, "certificates.issued_at")?,
            revoked_at: get_opt_ts(r, 5, "certificates.revoked_at")?,
            revoke_reason: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Store {
    /// Issues the certificate record of a finalised assessment. Refused (`Constraint`) if
    /// the assessment is not finalised or already has a live certificate.
    pub fn issue_certificate(
        &mut self,
        assessment_id: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<String> {
        let tx = self.conn.transaction()?;
        let candidate = candidate_of(&tx, assessment_id)?;
        let id = new_id();
        tx.execute(
            "INSERT INTO certificates (id, assessment_id, issued_at) VALUES (?1, ?2, ?3)",
            params![id, assessment_id, ts(now)],
        )?;
        touch(&tx, &candidate, now)?;
        write_audit(
            &tx,
            Audit {
                actor,
                at: now,
                entity: "certificate",
                entity_id: &id,
                action: "issue",
                old: None,
                new: Some(json!({ "assessment_id": assessment_id })),
                reason: None,
            },
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Revokes a certificate; the reason is required and kept. Revoking twice is refused.
    pub fn revoke_certificate(
        &mut self,
        certificate_id: &str,
        reason: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        if reason.trim().is_empty() {
            return Err(StoreError::Constraint(
                "revoking a certificate needs a reason".to_string(),
            ));
        }
        let tx = self.conn.transaction()?;
        let found: Option<String> = tx
            .query_row(
                "SELECT assessment_id FROM certificates WHERE id = ?1",
                [certificate_id],
                |r| r.get(0),
            )
            .optional()?;
        let Some(assessment_id) = found else {
            return Err(StoreError::NotFound {
                entity: "certificate",
                id: certificate_id.to_string(),
            });
        };
        tx.execute(
            "UPDATE certificates SET revoked_at = ?2, revoke_reason = ?3 WHERE id = ?1",
            params![certificate_id, ts(now), reason],
        )?;
        let candidate = candidate_of(&tx, &assessment_id)?;
        commit_audited(
            tx,
            &candidate,
            now,
            Audit {
                actor,
                at: now,
                entity: "certificate",
                entity_id: certificate_id,
                action: "revoke",
                old: Some(json!({ "revoked": false })),
                new: Some(json!({ "revoked": true, "revoked_at": ts(now) })),
                reason: Some(reason),
            },
        )
    }

    /// Every certificate, newest first.
    pub fn list_certificates(&self) -> Result<Vec<CertificateRecord>> {
        certificates_where(&self.conn, "?1 = ?1", "")
    }

    /// The certificates of one candidate, newest first.
    pub fn certificates_for(&self, candidate_id: &str) -> Result<Vec<CertificateRecord>> {
        certificates_where(&self.conn, "a.candidate_id = ?1", candidate_id)
    }
}
