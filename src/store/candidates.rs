//! Candidates: registration, the paged list (fast at 100,000 rows), state and exit.
//!
//! Which state changes are legal is the domain's rule (`domain::process`); the store only
//! records what the caller decided, with an audit row.

use chrono::{DateTime, Utc};
use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};
use serde_json::json;

use super::audit::{Audit, write_audit};
use super::{
    CandidateFilter, CandidateRecord, CandidateRow, CandidateStatus, NewCandidate, Result, Step,
    Store, StoreError, get_code, get_ts, new_id, require, ts,
};

/// Moves a candidate's last activity forward (never back) after a change to their file.
pub(crate) fn touch(conn: &Connection, candidate_id: &str, now: DateTime<Utc>) -> Result<()> {
    conn.prepare_cached(
        "UPDATE candidates SET last_activity_at = max(last_activity_at, ?2) WHERE id = ?1",
    )?
    .execute(params![candidate_id, ts(now)])?;
    Ok(())
}

/// The WHERE clause and its parameters for a filter; shared by list and count so they agree.
fn where_clause(f: &CandidateFilter) -> (String, Vec<SqlValue>) {
    let mut conds: Vec<&str> = Vec::new();
    let mut args: Vec<SqlValue> = Vec::new();
    if let Some(name) = f.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        // Escape LIKE wildcards so a typed % or _ matches itself.
        let escaped = name
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        conds.push("c.name LIKE ? ESCAPE '\\'");
        args.push(SqlValue::Text(format!("%{escaped}%")));
    }
    if let Some(state) = f.state {
        conds.push("c.state = ?");
        args.push(SqlValue::Text(state.code().to_string()));
    }
    if let Some(centre) = &f.centre_id {
        conds.push("c.centre_id = ?");
        args.push(SqlValue::Text(centre.clone()));
    }
    if let Some(tutor) = &f.tutor_id {
        conds.push("c.tutor_id = ?");
        args.push(SqlValue::Text(tutor.clone()));
    }
    match f.stopped {
        Some(true) => conds.push("c.exit_outcome IS NOT NULL"),
        Some(false) => conds.push("c.exit_outcome IS NULL"),
        None => {}
    }
    // The list status is derived, so it is a condition on the latest assessment, looked up
    // per row through `assessments_by_candidate`; walking candidates in activity order with
    // LIMIT stops as soon as a page is full.
    match f.status {
        Some(CandidateStatus::Stopped) => conds.push("c.exit_outcome IS NOT NULL"),
        Some(CandidateStatus::Active) => conds.push(
            "c.exit_outcome IS NULL
             AND NOT EXISTS (SELECT 1 FROM assessments a WHERE a.candidate_id = c.id)",
        ),
        Some(s @ (CandidateStatus::InAssessment | CandidateStatus::Finalised)) => {
            conds.push(
                "c.exit_outcome IS NULL
                 AND (SELECT a.status FROM assessments a WHERE a.candidate_id = c.id
                      ORDER BY a.started_at DESC LIMIT 1) = ?",
            );
            args.push(SqlValue::Text(s.code().to_string()));
        }
        None => {}
    }
    let sql = if conds.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conds.join(" AND "))
    };
    (sql, args)
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

    /// One page of candidates, most recently active first. Uses the activity index and
    /// LIMIT, so a page costs the same at 100 or 100,000 candidates.
    pub fn list_candidates(
        &self,
        filter: &CandidateFilter,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<CandidateRow>> {
        let (cond, mut args) = where_clause(filter);
        let sql = format!(
            "SELECT c.id, c.name, c.state,
                    CASE WHEN c.exit_outcome IS NOT NULL THEN 'stopped'
                         ELSE coalesce((SELECT a.status FROM assessments a
                                        WHERE a.candidate_id = c.id
                                        ORDER BY a.started_at DESC LIMIT 1), 'active') END,
                    t.name, c.last_activity_at
             FROM candidates c LEFT JOIN people t ON t.id = c.tutor_id
             {cond}
             ORDER BY c.last_activity_at DESC, c.id
             LIMIT ? OFFSET ?"
        );
        args.push(SqlValue::Integer(i64::from(limit)));
        args.push(SqlValue::Integer(i64::from(offset)));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), |r| {
            Ok(CandidateRow {
                id: r.get(0)?,
                name: r.get(1)?,
                state: get_code(r, 2, "candidates.state", Step::from_code)?,
                status: get_code(r, 3, "status", CandidateStatus::from_code)?,
                tutor_name: r.get(4)?,
                last_activity_at: get_ts(r, 5, "candidates.last_activity_at")?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many candidates match `filter` (for "page 3 of 2,000").
    pub fn count_candidates(&self, filter: &CandidateFilter) -> Result<u64> {
        let (cond, args) = where_clause(filter);
        let sql = format!("SELECT count(*) FROM candidates c {cond}");
        let n: i64 = self
            .conn
            .prepare_cached(&sql)?
            .query_row(params_from_iter(args), |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
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
