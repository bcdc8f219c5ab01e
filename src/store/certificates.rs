//! Certificate records (D9): issued for a finalised assessment, revoked with a reason,
//! reissued only on purpose, never deleted. The rules are the domain's
//! (`domain::certification`); this module reads their facts and writes what they allow,
//! each change in one transaction with its audit rows.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

use super::assessment::candidate_of;
use super::audit::{Audit, write_audit};
use super::candidates::touch;
use super::demo_data::DEMO_CANDIDATES;
use super::status_list::free_position;
use super::{CertificateRecord, Result, Store, StoreError, get_opt_ts, get_ts, new_id, ts};
use crate::domain::certification::{
    self, CertificateState, Issue, IssueFacts, Withheld, may_reissue, may_revoke,
};
use crate::domain::{DomainError, path_rules};

/// The query behind [`certificates_where`]; `cond` is always a literal from this crate.
pub(crate) fn certificates_sql(cond: &str) -> String {
    format!(
        "SELECT c.id, c.assessment_id, a.candidate_id, p.name, c.issued_at, c.revoked_at,
                c.revoke_reason, c.status_index, c.replaces
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
            status_index: r.get(7)?,
            replaces: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The facts the certification rules decide on, read in the caller's transaction.
fn issue_facts(conn: &Connection, assessment_id: &str) -> Result<IssueFacts> {
    let row: Option<(bool, i64, bool)> = conn
        .prepare_cached(&format!(
            "SELECT a.finalised_at IS NOT NULL,
                    (SELECT COUNT(*) FROM decisions d
                      WHERE d.assessment_id = a.id AND d.decision = 'validated'),
                    a.candidate_id IN ({DEMO_CANDIDATES})
             FROM assessments a WHERE a.id = ?1"
        ))?
        .query_row([assessment_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((finalised, validated, demo)) = row else {
        return Err(StoreError::NotFound {
            entity: "assessment",
            id: assessment_id.to_string(),
        });
    };
    let certificates = conn
        .prepare_cached(
            "SELECT id, revoked_at IS NOT NULL FROM certificates
             WHERE assessment_id = ?1 ORDER BY issued_at, rowid",
        )?
        .query_map([assessment_id], |r| {
            Ok(CertificateState {
                id: r.get(0)?,
                revoked: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(IssueFacts {
        finalised,
        validated: usize::try_from(validated).unwrap_or(0),
        demo,
        certificates,
    })
}

/// One audit row about a certificate, in the caller's transaction.
pub(crate) fn audit_certificate(
    conn: &Connection,
    certificate_id: &str,
    action: &'static str,
    change: (Option<serde_json::Value>, Option<serde_json::Value>),
    reason: Option<&str>,
    (actor, now): (&str, DateTime<Utc>),
) -> Result<()> {
    write_audit(
        conn,
        Audit {
            actor,
            at: now,
            entity: "certificate",
            entity_id: certificate_id,
            action,
            old: change.0,
            new: change.1,
            reason,
        },
    )
}

/// Inserts a certificate with a random status-list position, moves the candidate on to
/// Certification (D1) when the path rules say so, and writes the audit rows: all inside
/// the caller's transaction.
fn insert_certificate(
    tx: &rusqlite::Transaction<'_>,
    assessment_id: &str,
    replaces: Option<&str>,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<String> {
    let candidate = candidate_of(tx, assessment_id)?;
    let id = new_id();
    let position = free_position(tx)?;
    tx.execute(
        "INSERT INTO certificates (id, assessment_id, issued_at, status_index, replaces)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, assessment_id, ts(now), position, replaces],
    )?;
    audit_certificate(
        tx,
        &id,
        if replaces.is_some() {
            "reissue"
        } else {
            "issue"
        },
        (
            replaces.map(|old| json!({ "replaces": old })),
            Some(json!({ "assessment_id": assessment_id, "status_index": position })),
        ),
        None,
        (actor, now),
    )?;
    let facts = super::state::candidate_facts_in(tx, &candidate)?;
    if let Some(change) = path_rules::certified(&facts) {
        super::commit::write_path(
            tx,
            change.candidate_id(),
            (change.from(), change.to()),
            change.reason(),
            actor,
            now,
        )?;
    }
    touch(tx, &candidate, now)?;
    Ok(id)
}

/// Marks `certificate_id` revoked and audits it, inside the caller's transaction.
fn revoke_in(
    tx: &rusqlite::Transaction<'_>,
    certificate_id: &str,
    reason: &str,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        "UPDATE certificates SET revoked_at = ?2, revoke_reason = ?3 WHERE id = ?1",
        params![certificate_id, ts(now), reason],
    )?;
    audit_certificate(
        tx,
        certificate_id,
        "revoke",
        (
            Some(json!({ "revoked": false })),
            Some(json!({ "revoked": true, "revoked_at": ts(now) })),
        ),
        Some(reason),
        (actor, now),
    )
}

/// The assessment a certificate belongs to.
fn assessment_of(conn: &Connection, certificate_id: &str) -> Result<(String, bool)> {
    conn.prepare_cached(
        "SELECT assessment_id, revoked_at IS NOT NULL FROM certificates WHERE id = ?1",
    )?
    .query_row([certificate_id], |r| Ok((r.get(0)?, r.get(1)?)))
    .optional()?
    .ok_or_else(|| StoreError::NotFound {
        entity: "certificate",
        id: certificate_id.to_string(),
    })
}

impl Store {
    /// What the certification rules say about issuing for this assessment now.
    pub fn issue_decision(
        &self,
        assessment_id: &str,
    ) -> Result<std::result::Result<Issue, Withheld>> {
        let facts = issue_facts(&self.conn, assessment_id)?;
        match certification::may_issue(&facts) {
            Ok(issue) => Ok(Ok(issue)),
            Err(Ok(withheld)) => Ok(Err(withheld)),
            Err(Err(rule)) => Err(rule.into()),
        }
    }

    /// Issues the certificate record of a finalised assessment: the row, its status-list
    /// position, the candidate's move to Certification and the audit rows, in one
    /// transaction. Refused when the rules say no (not finalised, demo, a live
    /// certificate exists, or the last one was revoked: that needs `reissue_certificate`).
    pub fn issue_certificate(
        &mut self,
        assessment_id: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<String> {
        let tx = self.conn.transaction()?;
        let facts = issue_facts(&tx, assessment_id)?;
        match certification::may_issue(&facts) {
            Ok(Issue::New) => {}
            Ok(Issue::Existing(id)) => {
                return Err(StoreError::Constraint(format!(
                    "assessment {assessment_id} already has the live certificate {id}"
                )));
            }
            Err(Ok(Withheld::Demo)) => {
                return Err(DomainError::Invalid(
                    "demo records are never signed with the centre's key".into(),
                )
                .into());
            }
            Err(Ok(Withheld::Revoked(id))) => {
                return Err(DomainError::Invalid(format!(
                    "certificate {id} of this assessment was revoked; revoking never \
                     reissues: use `leverup certificates reissue {id} --reason …`"
                ))
                .into());
            }
            Err(Err(rule)) => return Err(rule.into()),
        }
        let id = insert_certificate(&tx, assessment_id, None, actor, now)?;
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
        let tx = self.conn.transaction()?;
        let (assessment_id, revoked) = assessment_of(&tx, certificate_id)?;
        may_revoke(
            &CertificateState {
                id: certificate_id.to_string(),
                revoked,
            },
            reason,
        )?;
        revoke_in(&tx, certificate_id, reason, actor, now)?;
        let candidate = candidate_of(&tx, &assessment_id)?;
        touch(&tx, &candidate, now)?;
        tx.commit()?;
        Ok(())
    }

    /// Replaces a certificate after a correction: revokes it (when still live) with the
    /// reason and issues a new one for the same assessment, with a new status-list
    /// position, in one transaction. Returns the new certificate's id.
    pub fn reissue_certificate(
        &mut self,
        old_id: &str,
        reason: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<String> {
        let tx = self.conn.transaction()?;
        let (assessment_id, revoked) = assessment_of(&tx, old_id)?;
        let facts = issue_facts(&tx, &assessment_id)?;
        may_reissue(&facts, old_id, reason)?;
        if !revoked {
            revoke_in(&tx, old_id, &format!("reissued: {reason}"), actor, now)?;
        }
        let id = insert_certificate(&tx, &assessment_id, Some(old_id), actor, now)?;
        tx.commit()?;
        Ok(id)
    }

    /// Every certificate, newest first.
    pub fn list_certificates(&self) -> Result<Vec<CertificateRecord>> {
        certificates_where(&self.conn, "?1 = ?1", "")
    }

    /// The certificates of one candidate, newest first.
    pub fn certificates_for(&self, candidate_id: &str) -> Result<Vec<CertificateRecord>> {
        certificates_where(&self.conn, "a.candidate_id = ?1", candidate_id)
    }

    /// One certificate.
    pub fn certificate(&self, certificate_id: &str) -> Result<CertificateRecord> {
        certificates_where(&self.conn, "c.id = ?1", certificate_id)?
            .pop()
            .ok_or_else(|| StoreError::NotFound {
                entity: "certificate",
                id: certificate_id.to_string(),
            })
    }
}
