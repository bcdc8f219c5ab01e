//! Interview-time work on an assessment: starting it, the portfolio check, notes, time
//! and indicator ratings. Each is an upsert in its own transaction with an audit row on
//! the assessment; the database refuses all of them once the assessment is finalised.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

use super::audit::{Audit, commit_audited, write_audit};
use super::candidates::touch;
use super::{
    AssessmentStatus, AssessmentSummary, Result, Store, StoreError, get_code, get_opt_ts, get_ts,
    new_id, require, ts,
};
use crate::domain::scales::{CriterionVerdict, IndicatorRating};

/// The candidate an assessment belongs to, or `NotFound`.
pub(crate) fn candidate_of(conn: &Connection, assessment_id: &str) -> Result<String> {
    conn.prepare_cached("SELECT candidate_id FROM assessments WHERE id = ?1")?
        .query_row([assessment_id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| StoreError::NotFound {
            entity: "assessment",
            id: assessment_id.to_string(),
        })
}

pub(crate) fn summary_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AssessmentSummary> {
    Ok(AssessmentSummary {
        id: r.get(0)?,
        candidate_id: r.get(1)?,
        assessor_id: r.get(2)?,
        model_id: r.get(3)?,
        model_version: r.get(4)?,
        started_at: get_ts(r, 5, "assessments.started_at")?,
        finalised_at: get_opt_ts(r, 6, "assessments.finalised_at")?,
        status: get_code(r, 7, "assessments.status", AssessmentStatus::from_code)?,
        interview_seconds: r.get(8)?,
    })
}

pub(crate) const SUMMARY_COLUMNS: &str = "id, candidate_id, assessor_id, model_id, \
     model_version, started_at, finalised_at, status, interview_seconds";

impl Store {
    /// Opens a formal assessment, recording the model id and version it is made with (D3).
    pub fn start_assessment(
        &mut self,
        candidate_id: &str,
        assessor_id: &str,
        model_id: &str,
        model_version: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<String> {
        let tx = self.conn.transaction()?;
        require(&tx, "candidates", "candidate", candidate_id)?;
        require(&tx, "people", "assessor", assessor_id)?;
        let id = new_id();
        tx.execute(
            "INSERT INTO assessments (id, candidate_id, assessor_id, model_id, model_version,
                                      started_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                id,
                candidate_id,
                assessor_id,
                model_id,
                model_version,
                ts(now)
            ],
        )?;
        touch(&tx, candidate_id, now)?;
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
                    "candidate_id": candidate_id, "assessor_id": assessor_id,
                    "model_id": model_id, "model_version": model_version,
                })),
                reason: None,
            },
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// A candidate's assessments, newest first.
    pub fn assessments_for(&self, candidate_id: &str) -> Result<Vec<AssessmentSummary>> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM assessments WHERE candidate_id = ?1
             ORDER BY started_at DESC, id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([candidate_id], summary_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Portfolio Quality Check verdict for one criterion of one competence (D6).
    #[allow(clippy::too_many_arguments)] // one value per key column, plus who and when
    pub fn set_portfolio_verdict(
        &mut self,
        assessment_id: &str,
        competence_id: &str,
        criterion_id: &str,
        verdict: CriterionVerdict,
        note: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        let candidate = candidate_of(&tx, assessment_id)?;
        let old: Option<(String, String)> = tx
            .query_row(
                "SELECT verdict, note FROM portfolio_checks
                 WHERE assessment_id = ?1 AND competence_id = ?2 AND criterion_id = ?3",
                [assessment_id, competence_id, criterion_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        tx.execute(
            "INSERT INTO portfolio_checks (id, assessment_id, competence_id, criterion_id,
                                           verdict, note, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT(assessment_id, competence_id, criterion_id) DO UPDATE SET
                 verdict = excluded.verdict, note = excluded.note,
                 updated_at = excluded.updated_at",
            params![
                new_id(),
                assessment_id,
                competence_id,
                criterion_id,
                verdict.code(),
                note,
                ts(now)
            ],
        )?;
        let key = json!({ "competence_id": competence_id, "criterion_id": criterion_id });
        commit_audited(
            tx,
            &candidate,
            now,
            Audit {
                actor,
                at: now,
                entity: "portfolio_check",
                entity_id: assessment_id,
                action: "set_verdict",
                old: old.map(|(v, n)| json!({ "key": key, "verdict": v, "note": n })),
                new: Some(json!({ "key": key, "verdict": verdict.code(), "note": note })),
                reason: None,
            },
        )
    }

    /// Saves the notes typed for one interview question (replacing the previous text).
    pub fn save_note(
        &mut self,
        assessment_id: &str,
        competence_id: &str,
        question_index: u32,
        text: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        let candidate = candidate_of(&tx, assessment_id)?;
        let old: Option<String> = tx
            .query_row(
                "SELECT text FROM interview_notes
                 WHERE assessment_id = ?1 AND competence_id = ?2 AND question_index = ?3",
                params![assessment_id, competence_id, question_index],
                |r| r.get(0),
            )
            .optional()?;
        if old.as_deref() == Some(text) {
            // Autosave fires every 2 s; an unchanged text needs no write and no audit row.
            return Ok(());
        }
        tx.execute(
            "INSERT INTO interview_notes (id, assessment_id, competence_id, question_index,
                                          text, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT(assessment_id, competence_id, question_index) DO UPDATE SET
                 text = excluded.text, updated_at = excluded.updated_at",
            params![
                new_id(),
                assessment_id,
                competence_id,
                question_index,
                text,
                ts(now)
            ],
        )?;
        let key = json!({ "competence_id": competence_id, "question_index": question_index });
        commit_audited(
            tx,
            &candidate,
            now,
            Audit {
                actor,
                at: now,
                entity: "interview_note",
                entity_id: assessment_id,
                action: "save",
                old: old.map(|t| json!({ "key": key, "text": t })),
                new: Some(json!({ "key": key, "text": text })),
                reason: None,
            },
        )
    }

    /// Adds interview time (paradata, D7) to one competence and to the assessment's total.
    #[allow(clippy::too_many_arguments)] // one value per key column, plus who and when
    pub fn add_interview_time(
        &mut self,
        assessment_id: &str,
        competence_id: &str,
        seconds: u32,
        interruptions: u32,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        let candidate = candidate_of(&tx, assessment_id)?;
        tx.execute(
            "INSERT INTO interview_time (id, assessment_id, competence_id, seconds,
                                         interruptions)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(assessment_id, competence_id) DO UPDATE SET
                 seconds = seconds + excluded.seconds,
                 interruptions = interruptions + excluded.interruptions",
            params![
                new_id(),
                assessment_id,
                competence_id,
                seconds,
                interruptions
            ],
        )?;
        tx.execute(
            "UPDATE assessments SET interview_seconds = interview_seconds + ?2 WHERE id = ?1",
            params![assessment_id, seconds],
        )?;
        commit_audited(
            tx,
            &candidate,
            now,
            Audit {
                actor,
                at: now,
                entity: "interview_time",
                entity_id: assessment_id,
                action: "add",
                old: None,
                new: Some(json!({
                    "competence_id": competence_id, "seconds": seconds,
                    "interruptions": interruptions,
                })),
                reason: None,
            },
        )
    }

    /// The assessor's rating of one indicator, with its justification (D4, 4.3(1)).
    #[allow(clippy::too_many_arguments)] // one value per key column, plus who and when
    pub fn rate_indicator(
        &mut self,
        assessment_id: &str,
        competence_id: &str,
        indicator_id: &str,
        rating: IndicatorRating,
        note: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        let candidate = candidate_of(&tx, assessment_id)?;
        let old: Option<(String, String)> = tx
            .query_row(
                "SELECT rating, note FROM indicator_ratings
                 WHERE assessment_id = ?1 AND competence_id = ?2 AND indicator_id = ?3",
                [assessment_id, competence_id, indicator_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        tx.execute(
            "INSERT INTO indicator_ratings (id, assessment_id, competence_id, indicator_id,
                                            rating, note, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT(assessment_id, competence_id, indicator_id) DO UPDATE SET
                 rating = excluded.rating, note = excluded.note,
                 updated_at = excluded.updated_at",
            params![
                new_id(),
                assessment_id,
                competence_id,
                indicator_id,
                rating.code(),
                note,
                ts(now)
            ],
        )?;
        let key = json!({ "competence_id": competence_id, "indicator_id": indicator_id });
        commit_audited(
            tx,
            &candidate,
            now,
            Audit {
                actor,
                at: now,
                entity: "indicator_rating",
                entity_id: assessment_id,
                action: "rate",
                old: old.map(|(r, n)| json!({ "key": key, "rating": r, "note": n })),
                new: Some(json!({ "key": key, "rating": rating.code(), "note": note })),
                reason: None,
            },
        )
    }
}
