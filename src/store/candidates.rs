//! Candidates: registration, tutor, last activity. The paged list is `candidate_list`.
//!
//! Which state changes are legal is the domain's rule (`domain::process`); the store only
//! records what the caller decided, with an audit row.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

use super::audit::{Audit, write_audit};
use super::{
    CandidateRecord, NewCandidate, Result, Step, Store, StoreError, get_code, get_ts, new_id,
    require, ts,
};

/// Moves a candidate's last activity forward (never back) after a change to their file.
pub(crate) fn touch(conn: &Connection, candidate_id: &str, now: DateTime<Utc>) -> Result<()> {
    conn.prepare_cached(
        "UPDATE candidates SET last_activity_at = max(last_activity_at, ?2) WHERE id = ?1",
    )?
    .execute(params![candidate_id, ts(now)])?;
    Ok(())
}

impl Store {
    pub fn create_candidate(
        &mut self,
        new: &NewCandidate,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<String> {
        let tx = self.conn.transaction()?;
        require(&tx, "centres", "centre", &new.centre_id)?;
        if let Some(tutor) = &new.tutor_id {
            require(&tx, "people", "tutor", tutor)?;
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
            &tx,
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

    /// Gives the candidate a tutor (or none), audited. The independence rule (the assessor
    /// is never the tutor) is the domain's, checked on every assessment command.
    pub fn assign_tutor(
        &mut self,
        candidate_id: &str,
        tutor_id: Option<&str>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        let old: Option<Option<String>> = tx
            .query_row(
                "SELECT tutor_id FROM candidates WHERE id = ?1",
                [candidate_id],
                |r| r.get(0),
            )
            .optional()?;
        let Some(old) = old else {
            return Err(StoreError::NotFound {
                entity: "candidate",
                id: candidate_id.to_string(),
            });
        };
        if let Some(t) = tutor_id {
            require(&tx, "people", "tutor", t)?;
        }
        tx.execute(
            "UPDATE candidates SET tutor_id = ?2 WHERE id = ?1",
            params![candidate_id, tutor_id],
        )?;
        touch(&tx, candidate_id, now)?;
        write_audit(
            &tx,
            Audit {
                actor,
                at: now,
                entity: "candidate",
                entity_id: candidate_id,
                action: "assign_tutor",
                old: Some(json!({ "tutor_id": old })),
                new: Some(json!({ "tutor_id": tutor_id })),
                reason: None,
            },
        )?;
        tx.commit()?;
        Ok(())
    }
}
