//! Candidates: registration (with the first dossier change), last activity. The paged list is `candidate_list`.
//!
//! Which state changes are legal is the domain's rule (`domain::process`); the store only
//! records what the caller decided, with an audit row.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde_json::json;

use super::audit::{Audit, write_audit};
use super::{
    CandidateRecord, NewCandidate, Result, Step, Store, StoreError, get_code, get_ts, new_id,
    require, ts,
};
use crate::domain::dossier::command::DossierChange;
use crate::domain::process::CandidatePath;

/// Moves a candidate's last activity forward (never back) after a change to their file.
pub(crate) fn touch(conn: &Connection, candidate_id: &str, now: DateTime<Utc>) -> Result<()> {
    conn.prepare_cached(
        "UPDATE candidates SET last_activity_at = max(last_activity_at, ?2) WHERE id = ?1",
    )?
    .execute(params![candidate_id, ts(now)])?;
    Ok(())
}

/// The candidate row and its audit row, inside the caller's transaction.
fn insert_candidate(
    tx: &Connection,
    new: &NewCandidate,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<String> {
    require(tx, "centres", "centre", &new.centre_id)?;
    if let Some(tutor) = &new.tutor_id {
        require(tx, "people", "tutor", tutor)?;
    }
    let id = new_id();
    tx.execute(
        "INSERT INTO candidates (id, name, email, centre_id, tutor_id, state, created_at,
                                 last_activity_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        params![
            id,
            new.name,
            new.email,
            new.centre_id,
            new.tutor_id,
            Step::Awareness.code(),
            ts(now)
        ],
    )?;
    write_audit(
        tx,
        Audit {
            actor,
            at: now,
            entity: "candidate",
            entity_id: &id,
            action: "create",
            old: None,
            new: Some(json!({
                "name": new.name, "email": new.email,
                "centre_id": new.centre_id, "tutor_id": new.tutor_id,
            })),
            reason: None,
        },
    )?;
    Ok(id)
}

impl Store {
    pub fn create_candidate(
        &mut self,
        new: &NewCandidate,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<String> {
        let tx = self.conn.transaction()?;
        let id = insert_candidate(&tx, new, actor, now)?;
        tx.commit()?;
        Ok(id)
    }

    /// Registers a candidate and commits what the rules decided for their new dossier
    /// (consent, claims: `first`, decided on a blank `Dossier`) in one transaction, so a
    /// refused write leaves no half-registered candidate behind.
    pub fn register_candidate(
        &mut self,
        new: &NewCandidate,
        first: &DossierChange,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<String> {
        if first.base_revision() != 0 || *first.base_path() != CandidatePath::default() {
            return Err(StoreError::Stale(
                "the registration was decided on a dossier that is not new".into(),
            ));
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let id = insert_candidate(&tx, new, actor, now)?;
        if !first.is_empty() {
            tx.execute(
                "UPDATE candidates SET dossier_revision = 1 WHERE id = ?1",
                [&id],
            )?;
            super::dossier_commit::write_edits(&tx, &id, first, actor, now)?;
        }
        tx.commit()?;
        Ok(id)
    }

    pub fn get_candidate(&self, id: &str) -> Result<CandidateRecord> {
        self.conn
            .prepare_cached(
                "SELECT id, name, email, centre_id, tutor_id, state, exit_outcome, created_at,
                        last_activity_at
                 FROM candidates WHERE id = ?1",
            )?
            .query_row([id], |r| {
                Ok(CandidateRecord {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    email: r.get(2)?,
                    centre_id: r.get(3)?,
                    tutor_id: r.get(4)?,
                    state: get_code(r, 5, "candidates.state", Step::from_code)?,
                    exit_outcome: r.get(6)?,
                    created_at: get_ts(r, 7, "candidates.created_at")?,
                    last_activity_at: get_ts(r, 8, "candidates.last_activity_at")?,
                })
            })
            .optional()?
            .ok_or_else(|| StoreError::NotFound {
                entity: "candidate",
                id: id.to_string(),
            })
    }
}
