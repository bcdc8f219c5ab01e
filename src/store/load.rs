//! Reading one assessment back whole: the row and every child table, in a stable order.

use rusqlite::{Connection, OptionalExtension};

use super::assessment::{SUMMARY_COLUMNS, summary_from_row};
use super::{
    AssessmentRecord, DecisionRecord, InterviewTimeRecord, NoteRecord, Outcome, PartialComplexity,
    PortfolioCheckRecord, RatingRecord, Result, ScoreInput, ScoreRecord, Store, StoreError,
    get_code, get_opt_code, get_ts,
};
use crate::domain::scales::{Complexity, CriterionVerdict, Decision, IndicatorRating};

fn query<T>(
    conn: &Connection,
    sql: &str,
    id: &str,
    f: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([id], f)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Store {
    /// Everything about one assessment in one struct (read in one transaction, so the
    /// parts are consistent with each other).
    pub fn load_assessment(&self, id: &str) -> Result<AssessmentRecord> {
        let tx = self.conn.unchecked_transaction()?;
        load_record(&tx, id)
    }
}

/// The assessment's rows, read on `tx` (the caller's transaction keeps them consistent).
pub(crate) fn load_record(tx: &Connection, id: &str) -> Result<AssessmentRecord> {
    {
        let sql = format!("SELECT {SUMMARY_COLUMNS} FROM assessments WHERE id = ?1");
        let summary = tx
            .prepare_cached(&sql)?
            .query_row([id], summary_from_row)
            .optional()?
            .ok_or_else(|| StoreError::NotFound {
                entity: "assessment",
                id: id.to_string(),
            })?;
        let portfolio_checks = query(
            tx,
            "SELECT competence_id, criterion_id, verdict, note, updated_at FROM portfolio_checks
             WHERE assessment_id = ?1 ORDER BY competence_id, criterion_id",
            id,
            |r| {
                Ok(PortfolioCheckRecord {
                    competence_id: r.get(0)?,
                    criterion_id: r.get(1)?,
                    verdict: get_code(
                        r,
                        2,
                        "portfolio_checks.verdict",
                        CriterionVerdict::from_code,
                    )?,
                    note: r.get(3)?,
                    updated_at: get_ts(r, 4, "portfolio_checks.updated_at")?,
                })
            },
        )?;
        let notes = query(
            tx,
            "SELECT competence_id, question_index, text, updated_at FROM interview_notes
             WHERE assessment_id = ?1 ORDER BY competence_id, question_index",
            id,
            |r| {
                Ok(NoteRecord {
                    competence_id: r.get(0)?,
                    question_index: r.get(1)?,
                    text: r.get(2)?,
                    updated_at: get_ts(r, 3, "interview_notes.updated_at")?,
                })
            },
        )?;
        let interview_time = query(
            tx,
            "SELECT competence_id, seconds, interruptions FROM interview_time
             WHERE assessment_id = ?1 ORDER BY competence_id",
            id,
            |r| {
                Ok(InterviewTimeRecord {
                    competence_id: r.get(0)?,
                    seconds: r.get(1)?,
                    interruptions: r.get(2)?,
                })
            },
        )?;
        let ratings = query(
            tx,
            "SELECT competence_id, indicator_id, rating, note, updated_at FROM indicator_ratings
             WHERE assessment_id = ?1 ORDER BY competence_id, indicator_id",
            id,
            |r| {
                Ok(RatingRecord {
                    competence_id: r.get(0)?,
                    indicator_id: r.get(1)?,
                    rating: get_code(r, 2, "indicator_ratings.rating", IndicatorRating::from_code)?,
                    note: r.get(3)?,
                    updated_at: get_ts(r, 4, "indicator_ratings.updated_at")?,
                })
            },
        )?;
        let scores = query(
            tx,
            "SELECT competence_id, suggested, outcome_level, overridden, justification,
                    context, task, autonomy, updated_at
             FROM scores WHERE assessment_id = ?1 ORDER BY competence_id",
            id,
            |r| {
                let complexity = PartialComplexity {
                    context: get_opt_code(r, 5, "scores.context", Complexity::from_code)?,
                    task: get_opt_code(r, 6, "scores.task", Complexity::from_code)?,
                    autonomy: get_opt_code(r, 7, "scores.autonomy", Complexity::from_code)?,
                };
                Ok(ScoreRecord {
                    input: ScoreInput {
                        competence_id: r.get(0)?,
                        suggested: get_opt_code(r, 1, "scores.suggested", Outcome::from_code)?,
                        outcome_level: get_opt_code(
                            r,
                            2,
                            "scores.outcome_level",
                            Outcome::from_code,
                        )?,
                        overridden: r.get(3)?,
                        justification: r.get(4)?,
                        complexity,
                    },
                    updated_at: get_ts(r, 8, "scores.updated_at")?,
                })
            },
        )?;
        let decisions = query(
            tx,
            "SELECT competence_id, decision, reasons, advice, updated_at FROM decisions
             WHERE assessment_id = ?1 ORDER BY competence_id",
            id,
            |r| {
                Ok(DecisionRecord {
                    competence_id: r.get(0)?,
                    decision: get_code(r, 1, "decisions.decision", Decision::from_code)?,
                    reasons: r.get(2)?,
                    advice: r.get(3)?,
                    updated_at: get_ts(r, 4, "decisions.updated_at")?,
                })
            },
        )?;
        let certificates = super::certificates::certificates_where(tx, "c.assessment_id = ?1", id)?;
        Ok(AssessmentRecord {
            summary,
            portfolio_checks,
            notes,
            interview_time,
            ratings,
            scores,
            decisions,
            certificates,
        })
    }
}
