//! The one write path for assessment work: a domain change set committed in one
//! `BEGIN IMMEDIATE` transaction with an audit row per change, guarded by the assessment's
//! revision. A write made against an older revision is refused with who changed what and
//! when; nothing is ever overwritten silently.
//!
//! The store decides no rule here: `domain::command::apply` made the change set.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde_json::{Value, json};

use super::audit::{Audit, write_audit, write_audit_sealed};
use super::candidates::touch;
use super::chain::{Seal, assessment_seal};
use super::change_rows::{audit, write_row};
use super::seal_signature::{any_signed, sign_seal};
use super::{Result, Store, StoreError, new_id, ts};
use crate::domain::assessment::AssessmentState;
use crate::domain::changes::{Change, ChangeSet};
use crate::domain::path_rules::{NewAssessment, PathChange};
use crate::domain::process::{CandidatePath, PathStatus};

impl Store {
    /// Commits `cs` made by `actor` at `now`. On success the database holds exactly
    /// `cs.state`; on any failure it holds what it held before.
    pub fn commit(&mut self, cs: &ChangeSet, actor: &str, now: DateTime<Utc>) -> Result<()> {
        if cs.is_empty() {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let row: Option<(i64, String, Option<String>)> = tx
            .prepare_cached(
                "SELECT revision, assessor_id, finalised_at FROM assessments WHERE id = ?1",
            )?
            .query_row([&cs.assessment_id()], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        let Some((current, assessor, finalised)) = row else {
            return Err(StoreError::NotFound {
                entity: "assessment",
                id: cs.assessment_id().to_string(),
            });
        };
        if current != cs.base_revision() && !cs.commutes() {
            return Err(conflict(&tx, cs.assessment_id(), cs.base_revision())?);
        }
        // Interview time skips the revision check, not these: it is still the assessor's
        // own work on an open assessment.
        if finalised.is_some() {
            return Err(StoreError::Finalised);
        }
        // Staleness, like the revision: the owner the change set was decided against must
        // still be the owner (whether the actor may write is the domain's rule).
        let base_assessor = cs
            .changes()
            .iter()
            .find_map(|c| match c {
                Change::Assessor { from, .. } => Some(from.as_str()),
                _ => None,
            })
            .unwrap_or(cs.state().assessor_id.as_str());
        if assessor != base_assessor {
            return Err(StoreError::Stale(
                "the assessment was handed to another assessor meanwhile".into(),
            ));
        }
        // A stop or resume elsewhere changes what the rules allow: decide again.
        ensure_path(&tx, cs.candidate_id(), cs.base_path())?;
        // Before the rows: once a sign-off is written the row refuses every update.
        if !cs.commutes() {
            tx.execute(
                "UPDATE assessments SET revision = revision + 1 WHERE id = ?1",
                [&cs.assessment_id()],
            )?;
        }
        for change in cs.changes() {
            write_change(&tx, cs, change, actor, now)?;
        }
        if cs.changes().contains(&Change::Finalised) {
            match &self.seal_signer {
                Some(signer) => sign_seal(&tx, signer, cs.assessment_id(), actor, now)?,
                // Once sign-offs are signed, an unsigned one would read as a stripped
                // signature to `db check`: refused, not recorded.
                None if any_signed(&tx)? => {
                    return Err(StoreError::Signing(
                        "earlier sign-offs in this database are signed with the centre's key, \
                     and this machine has no key; sign off where the key is (see `leverup \
                     signing-key show`)"
                            .into(),
                    ));
                }
                None => {}
            }
        }
        touch(&tx, cs.candidate_id(), now)?;
        tx.commit()?;
        Ok(())
    }

    /// Opens the assessment the domain allowed (`path_rules::start_assessment`), with its
    /// pre-filled portfolio verdicts and the candidate's move to Assessment, in one
    /// transaction. Refused if the candidate's path or dossier (the tutor's request, the
    /// evidence, the claims) moved since the facts were read.
    pub fn begin_assessment(
        &mut self,
        new: NewAssessment,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<AssessmentState> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let open: bool = tx
            .prepare_cached(
                "SELECT 1 FROM assessments WHERE candidate_id = ?1 AND finalised_at IS NULL",
            )?
            .exists([&new.state().candidate_id])?;
        if open {
            return Err(StoreError::Stale(
                "another assessment of this candidate was opened meanwhile; reopen the candidate"
                    .into(),
            ));
        }
        let candidate = &new.state().candidate_id;
        let revision: i64 = tx
            .prepare_cached("SELECT dossier_revision FROM candidates WHERE id = ?1")?
            .query_row([candidate], |r| r.get(0))?;
        if revision != new.dossier_revision() {
            return Err(StoreError::Stale(super::dossier_commit::last_change(
                &tx, candidate,
            )?));
        }
        let p = new.path();
        write_path(
            &tx,
            p.candidate_id(),
            (p.from(), p.to()),
            p.reason(),
            actor,
            now,
        )?;
        let id = new_id();
        let s = new.state();
        tx.execute(
            "INSERT INTO assessments (id, candidate_id, assessor_id, model_id, model_version,
                                      started_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                id,
                s.candidate_id,
                s.assessor_id,
                s.model_id,
                s.model_version,
                ts(now)
            ],
        )?;
        write_audit(
            &tx,
            Audit {
                actor,
                at: now,
                entity: "assessment",
                entity_id: &id,
                action: "start",
                old: None,
                new: Some(json!({
                    "candidate_id": s.candidate_id, "assessor_id": s.assessor_id,
                    "model_id": s.model_id, "model_version": s.model_version,
                })),
                reason: None,
            },
        )?;
        let state = new.into_state(id.clone());
        for c in &state.competences {
            for j in &c.portfolio {
                if let Some(verdict) = j.verdict {
                    let change = Change::Verdict {
                        competence: c.competence_id.clone(),
                        criterion: j.criterion_id.clone(),
                        verdict,
                        note: j.note.clone(),
                    };
                    write_row(
                        &tx,
                        &id,
                        &change,
                        actor,
                        now,
                        Some("pre-filled from the evidence"),
                    )?;
                }
            }
        }
        touch(&tx, &state.candidate_id, now)?;
        tx.commit()?;
        Ok(state)
    }

    /// Commits a move of the candidate's path, refused if the path moved meanwhile.
    pub fn commit_path(
        &mut self,
        change: &PathChange,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        write_path(
            &tx,
            change.candidate_id(),
            (change.from(), change.to()),
            change.reason(),
            actor,
            now,
        )?;
        touch(&tx, change.candidate_id(), now)?;
        tx.commit()?;
        Ok(())
    }

    /// Test and fault-drill hook: while on, every write fails inside SQLite itself
    /// (`PRAGMA query_only`), so callers meet the real failure path.
    pub fn fail_writes(&mut self, on: bool) -> Result<()> {
        self.conn.pragma_update(None, "query_only", on)?;
        Ok(())
    }
}

/// The path stored for a candidate: its step, and the reason when it stopped.
pub(crate) fn read_path(conn: &Connection, candidate_id: &str) -> Result<CandidatePath> {
    // A finished development plan (migration 0012) is what makes Looking ahead Completed.
    let row: Option<(String, Option<String>, bool)> = conn
        .prepare_cached(
            "SELECT c.state, c.exit_outcome, p.plan_finished_on IS NOT NULL
             FROM candidates c LEFT JOIN candidate_profiles p ON p.candidate_id = c.id
             WHERE c.id = ?1",
        )?
        .query_row([candidate_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((step, stopped, finished)) = row else {
        return Err(StoreError::NotFound {
            entity: "candidate",
            id: candidate_id.to_string(),
        });
    };
    let step = crate::domain::process::Step::from_code(&step).ok_or(StoreError::BadCode {
        column: "candidates.state",
        value: step,
    })?;
    Ok(CandidatePath {
        step,
        status: match stopped {
            Some(reason) => PathStatus::Stopped { reason },
            None if finished && step == crate::domain::process::Step::LookingAhead => {
                PathStatus::Completed
            }
            None => PathStatus::Active,
        },
    })
}

fn path_json(p: &CandidatePath) -> Value {
    match &p.status {
        PathStatus::Stopped { reason } => json!({ "state": p.step.code(), "stopped": reason }),
        PathStatus::Completed => json!({ "state": p.step.code(), "completed": true }),
        PathStatus::Active => json!({ "state": p.step.code() }),
    }
}

/// Refuses (`Stale`) when the candidate's stored path is not the one a change was decided
/// against.
pub(crate) fn ensure_path(
    conn: &Connection,
    candidate_id: &str,
    expected: &CandidatePath,
) -> Result<()> {
    let stored = read_path(conn, candidate_id)?;
    if path_json(&stored) == path_json(expected) {
        return Ok(());
    }
    Err(StoreError::Stale(format!(
        "the candidate's path changed meanwhile (now {}); the screen shows it after reloading",
        match &stored.status {
            PathStatus::Stopped { reason } => format!("stopped: {reason}"),
            _ => stored.step.label().to_string(),
        }
    )))
}

/// Moves the candidate's path `from` → `to`, with its audit row; refused when the path in
/// the database is no longer `from`.
pub(crate) fn write_path(
    conn: &Connection,
    candidate_id: &str,
    (from, to): (&CandidatePath, &CandidatePath),
    reason: Option<&str>,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    ensure_path(conn, candidate_id, from)?;
    let stopped = match &to.status {
        PathStatus::Stopped { reason } => Some(reason.as_str()),
        _ => None,
    };
    conn.prepare_cached("UPDATE candidates SET state = ?2, exit_outcome = ?3 WHERE id = ?1")?
        .execute(params![candidate_id, to.step.code(), stopped])?;
    let completed = to.status == PathStatus::Completed;
    if completed || from.status == PathStatus::Completed {
        conn.prepare_cached(
            "INSERT INTO candidate_profiles (candidate_id, plan_finished_on) VALUES (?1, ?2)
             ON CONFLICT(candidate_id) DO UPDATE SET plan_finished_on = excluded.plan_finished_on",
        )?
        .execute(params![
            candidate_id,
            completed.then(|| now.date_naive().format("%Y-%m-%d").to_string())
        ])?;
    }
    let action = match (&from.status, &to.status) {
        (_, PathStatus::Stopped { .. }) => "stop",
        (PathStatus::Stopped { .. }, _) => "resume",
        (_, PathStatus::Completed) => "complete",
        _ => "advance",
    };
    write_audit(
        conn,
        Audit {
            actor,
            at: now,
            entity: "candidate",
            entity_id: candidate_id,
            action,
            old: Some(path_json(from)),
            new: Some(path_json(to)),
            reason,
        },
    )
}

/// Who changed the assessment after `base`, what and when, from its audit trail. Interview
/// time commutes and moves no revision, so it is never the change that conflicted.
fn conflict(conn: &Connection, assessment_id: &str, base: i64) -> Result<StoreError> {
    let last: Option<(String, String, String, String)> = conn
        .prepare_cached(
            "SELECT coalesce(p.name, a.actor), a.at, a.entity, a.action
             FROM audit_log a LEFT JOIN people p ON p.id = a.actor
             WHERE a.entity_id = ?1 AND a.entity <> 'interview_time'
             ORDER BY a.at DESC, a.seq DESC LIMIT 1",
        )?
        .query_row([assessment_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    // Every revision bump writes an audit row in the same transaction, so one is there; the
    // fallback only keeps the sentence whole for a database edited by hand.
    let (who, at, entity, action) = last.unwrap_or_else(|| {
        (
            "another leverup".into(),
            String::new(),
            "assessment".into(),
            "change".into(),
        )
    });
    let at = chrono::DateTime::parse_from_rfc3339(&at)
        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|_| "a moment ago".into());
    Ok(StoreError::Conflict {
        who,
        at,
        what: change_phrase(&entity, &action),
        base,
    })
}

/// An audit row's entity and action as words a person reads in "X changed this assessment
/// (…)".
fn change_phrase(entity: &str, action: &str) -> String {
    match (entity, action) {
        ("interview_note", _) => "an interview note".into(),
        ("indicator_rating", _) => "an indicator rating".into(),
        ("portfolio_check", _) => "a portfolio verdict".into(),
        ("score", "rate_complexity") => "the complexity".into(),
        ("score", _) => "the level".into(),
        ("decision", _) => "a decision or its reasons".into(),
        ("assessment", "finalise") => "signed it off".into(),
        ("assessment", "reassign") => "took it over".into(),
        (entity, action) => format!("{} {}", entity.replace('_', " "), action.replace('_', " ")),
    }
}

fn write_change(
    conn: &Connection,
    cs: &ChangeSet,
    change: &Change,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let id = cs.assessment_id();
    match change {
        Change::Finalised => {
            conn.execute(
                "UPDATE assessments SET finalised_at = ?2, status = 'finalised' WHERE id = ?1",
                params![id, ts(now)],
            )?;
            // Sealed after the update, so the digest covers the sign-off time itself; the
            // triggers refuse any later change to what it covers in the assessment's rows.
            let seal = assessment_seal(conn, id)?;
            let sealed = seal.as_ref().map(Seal::parts_json);
            write_audit_sealed(
                conn,
                Audit {
                    actor,
                    at: now,
                    entity: "assessment",
                    entity_id: id,
                    action: "finalise",
                    old: None,
                    new: Some(json!({ "status": "finalised", "sealed": sealed })),
                    reason: None,
                },
                seal.as_ref().map(|s| s.digest.as_str()),
            )
        }
        Change::Assessor { from, to } => {
            conn.execute(
                "UPDATE assessments SET assessor_id = ?2 WHERE id = ?1",
                params![id, to],
            )?;
            audit(
                conn,
                id,
                actor,
                now,
                "assessment",
                "reassign",
                Some(json!({ "assessor_id": from })),
                json!({ "assessor_id": to }),
                cs.reason(),
            )
        }
        Change::Path { from, to } => {
            write_path(conn, cs.candidate_id(), (from, to), None, actor, now)
        }
        row => write_row(conn, id, row, actor, now, None),
    }
}
