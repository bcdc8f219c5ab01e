//! Erasing a candidate (GDPR art. 17): every record about them leaves every table, and the
//! audit rows about them keep their place in the hash chain without their payload.
//!
//! Migration 0006 holds the narrow way through the integrity triggers: the `erasure` table
//! names the ids being erased (the database checks they are this candidate's), and only
//! those rows may be deleted or have their audit payload blanked. The chain covers each
//! row's `payload_hash`, not its text, so `db check` still finds it whole; the erasure is
//! recorded as one audit row (who, when, why, how much — no content).
//!
//! Text and forms kept in the recovery file beside the database (`recovery.rs`) about the
//! candidate or their assessments go too, once the database erasure is committed.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, params};
use serde_json::json;

use super::audit::{Audit, write_audit};
use super::{Result, Store, StoreError, get_ts, require};

/// What [`Store::erase_candidate`] took out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Erasure {
    pub assessments: usize,
    pub certificates: usize,
    /// Audit rows that lost their payload (they stay, chained, marked erased).
    pub audit_rows: usize,
    /// False when another program held the database open, so the write-ahead log could not
    /// be emptied: the old bytes may stay in the `-wal` file until it closes.
    pub wal_cleared: bool,
    /// Texts and forms about the candidate taken out of the recovery file beside the
    /// database (`<db>.recovery.json`): a kept registration form holds a name and an e-mail.
    pub recovery_entries: usize,
    /// Why the recovery file could not be tidied, when it could not (the database erasure
    /// stands; what the file still holds about the candidate must be removed by hand).
    pub recovery_error: Option<String>,
}

impl Store {
    /// Erases a candidate in one transaction, then overwrites the freed bytes: SQLite's
    /// `secure_delete` zeroes deleted content, a truncating checkpoint empties the
    /// write-ahead log and `VACUUM` rebuilds the file without free pages.
    ///
    /// Refused (nothing changes) while one of the candidate's certificates is issued and
    /// not revoked: an employer may still rely on it, and the register must say it no
    /// longer stands before the record behind it goes.
    pub fn erase_candidate(
        &mut self,
        candidate_id: &str,
        reason: Option<&str>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<Erasure> {
        require(&self.conn, "candidates", "candidate", candidate_id)?;
        let live: Vec<String> = self
            .conn
            .prepare(
                "SELECT cert.id FROM certificates cert
                 JOIN assessments a ON a.id = cert.assessment_id
                 WHERE a.candidate_id = ?1 AND cert.revoked_at IS NULL ORDER BY cert.id",
            )?
            .query_map([candidate_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if !live.is_empty() {
            return Err(StoreError::LiveCertificates {
                candidate: candidate_id.to_string(),
                certificates: live,
            });
        }
        // On for this connection from here on: every page the erasure frees is zeroed, in
        // the WAL and, at the checkpoint, in the file.
        self.conn.pragma_update(None, "secure_delete", "ON")?;
        let tx = self.conn.transaction()?;
        let (mut erasure, assessments) = erase_in(&tx, candidate_id, reason, actor, now)?;
        tx.commit()?;
        erasure.wal_cleared = self.scrub()?;
        match self.forget_unsaved_of(candidate_id, &assessments) {
            Ok(n) => erasure.recovery_entries = n,
            Err(e) => erasure.recovery_error = Some(e.to_string()),
        }
        Ok(erasure)
    }

    /// When a certificate was erased with its candidate: the time it had been revoked.
    pub fn erased_certificate(&self, certificate_id: &str) -> Result<Option<DateTime<Utc>>> {
        Ok(self
            .conn
            .prepare_cached("SELECT revoked_at FROM erased_certificates WHERE id = ?1")?
            .query_row([certificate_id], |r| {
                get_ts(r, 0, "erased_certificates.revoked_at")
            })
            .optional()?)
    }

    /// Moves every WAL page into the file and empties the WAL, rebuilds the file, and
    /// empties the WAL again. True when both checkpoints completed.
    fn scrub(&self) -> Result<bool> {
        let checkpoint = || -> Result<bool> {
            let busy: i64 = self
                .conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
            Ok(busy == 0)
        };
        let first = checkpoint()?;
        self.conn.execute_batch("VACUUM")?;
        let second = checkpoint()?;
        Ok(first && second)
    }
}

fn erase_in(
    tx: &Transaction<'_>,
    candidate_id: &str,
    reason: Option<&str>,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<(Erasure, Vec<String>)> {
    let ids = |sql: &str| -> Result<Vec<String>> {
        Ok(tx
            .prepare(sql)?
            .query_map([candidate_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    };
    let assessments = ids("SELECT id FROM assessments WHERE candidate_id = ?1 ORDER BY id")?;
    let finalised = ids(
        "SELECT id FROM assessments WHERE candidate_id = ?1 AND finalised_at IS NOT NULL
         ORDER BY id",
    )?;
    let certificates = ids(
        "SELECT cert.id FROM certificates cert JOIN assessments a ON a.id = cert.assessment_id
         WHERE a.candidate_id = ?1 ORDER BY cert.id",
    )?;
    // The candidate first: the database accepts their assessments and certificates only
    // once it is named.
    for id in std::iter::once(candidate_id.to_string())
        .chain(assessments.iter().cloned())
        .chain(certificates.iter().cloned())
    {
        tx.execute("INSERT INTO erasure (id) VALUES (?1)", [&id])?;
    }
    // A badge issued from an erased certificate must still verify as revoked.
    tx.execute(
        "INSERT INTO erased_certificates (id, revoked_at, status_index)
         SELECT id, revoked_at, status_index FROM certificates
         WHERE id IN (SELECT id FROM erasure)",
        [],
    )?;
    // Counted first: the log is a view, and SQLite counts no change made through one.
    let audit_rows = tx.query_row(
        "SELECT count(*) FROM audit_log WHERE entity_id IN (SELECT id FROM erasure)",
        [],
        |r| r.get::<_, i64>(0),
    )? as usize;
    tx.execute(
        "UPDATE audit_log SET old = NULL, new = NULL, reason = NULL, erased = 1
         WHERE entity_id IN (SELECT id FROM erasure)",
        [],
    )?;
    super::assessment::delete_children(tx, "erasure")?;
    tx.execute(
        "DELETE FROM assessments WHERE candidate_id = ?1",
        [candidate_id],
    )?;
    for (table, _) in super::subject_access::BY_CANDIDATE {
        tx.execute(
            &format!("DELETE FROM {table} WHERE candidate_id = ?1"),
            [candidate_id],
        )?;
    }
    tx.execute("DELETE FROM candidates WHERE id = ?1", [candidate_id])?;
    // The TUI's resume point may name the candidate or one of their assessments.
    tx.execute(
        "DELETE FROM app_state WHERE EXISTS (
             SELECT 1 FROM erasure e WHERE instr(app_state.key, e.id) > 0
                                        OR instr(app_state.value, e.id) > 0)",
        [],
    )?;
    let erased_ids: Vec<&str> = std::iter::once(candidate_id)
        .chain(assessments.iter().map(String::as_str))
        .chain(certificates.iter().map(String::as_str))
        .collect();
    // Ids and counts only: `db check` reads which rows were blanked and which signed-off
    // assessments left by this erasure, not behind its back.
    write_audit(
        tx,
        Audit {
            actor,
            at: now,
            entity: "candidate",
            entity_id: candidate_id,
            action: "erase",
            old: None,
            new: Some(json!({
                "assessments": assessments.len(),
                "certificates": certificates.len(),
                "audit_rows_erased": audit_rows,
                "erased_ids": erased_ids,
                "finalised_assessment_ids": finalised,
            })),
            reason,
        },
    )?;
    tx.execute("DELETE FROM erasure", params![])?;
    let erasure = Erasure {
        assessments: assessments.len(),
        certificates: certificates.len(),
        audit_rows,
        ..Erasure::default()
    };
    Ok((erasure, assessments))
}
