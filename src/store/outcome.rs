//! The outcome of an assessment: score and decision per competence, then finalising,
//! after which the database refuses every change to it (DESIGN.md §4).
//!
//! Whether a decision is allowed (level, portfolio check, independence — D5) is decided
//! by `domain::decision` before these are called; the store records it.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use serde_json::{Value, json};

use super::assessment::candidate_of;
use super::audit::{Audit, commit_audited};
use super::{Result, ScoreInput, Store, StoreError, new_id, ts};
use crate::domain::scales::Decision;

fn score_json(s: &ScoreInput) -> Value {
    json!({
        "competence_id": s.competence_id,
        "suggested": s.suggested.map(|o| o.code()),
        "outcome_level": s.outcome_level.map(|l| l.code()),
        "overridden": s.overridden,
        "justification": s.justification,
        "context": s.complexity.context.map(|c| c.code()),
        "task": s.complexity.task.map(|c| c.code()),
        "autonomy": s.complexity.autonomy.map(|c| c.code()),
    })
}

impl Store {
    /// Saves the suggestion, the assessor's level and the complexity ratings for one
    /// competence; any of them may still be missing (complexity is often given before every
    /// indicator is rated). An override without justification is refused by the database (D4).
    pub fn save_score(
        &mut self,
        assessment_id: &str,
        score: &ScoreInput,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        let candidate = candidate_of(&tx, assessment_id)?;
        let old: Option<String> = tx
            .query_row(
                "SELECT json_object('suggested', suggested, 'outcome_level', outcome_level,
                        'overridden', overridden, 'justification', justification,
                        'context', context, 'task', task, 'autonomy', autonomy)
                 FROM scores WHERE assessment_id = ?1 AND competence_id = ?2",
                [assessment_id, &score.competence_id],
                |r| r.get(0),
            )
            .optional()?;
        let c = &score.complexity;
        tx.execute(
            "INSERT INTO scores (id, assessment_id, competence_id, suggested, outcome_level,
                                 overridden, justification, context, task, autonomy, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             ON CONFLICT(assessment_id, competence_id) DO UPDATE SET
                 suggested = excluded.suggested, outcome_level = excluded.outcome_level,
                 overridden = excluded.overridden, justification = excluded.justification,
                 context = excluded.context, task = excluded.task,
                 autonomy = excluded.autonomy, updated_at = excluded.updated_at",
            params![
                new_id(),
                assessment_id,
                score.competence_id,
                score.suggested.map(|o| o.code()),
                score.outcome_level.map(|l| l.code()),
                score.overridden,
                score.justification,
                c.context.map(|x| x.code()),
                c.task.map(|x| x.code()),
                c.autonomy.map(|x| x.code()),
                ts(now)
            ],
        )?;
        commit_audited(
            tx,
            &candidate,
            now,
            Audit {
                actor,
                at: now,
                entity: "score",
                entity_id: assessment_id,
                action: if score.overridden {
                    "override"
                } else if score.outcome_level.is_some() {
                    "confirm"
                } else {
                    "rate_complexity"
                },
                old: old.and_then(|o| serde_json::from_str(&o).ok()),
                new: Some(score_json(score)),
                reason: score.overridden.then_some(score.justification.as_str()),
            },
        )
    }

    /// Records the decision for one competence, with the reasons (they go into the badge)
    /// and advice for the development plan (D5, D10).
    #[allow(clippy::too_many_arguments)] // one value per column, plus who and when
    pub fn save_decision(
        &mut self,
        assessment_id: &str,
        competence_id: &str,
        decision: Decision,
        reasons: &str,
        advice: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        let candidate = candidate_of(&tx, assessment_id)?;
        let old: Option<(String, String, String)> = tx
            .query_row(
                "SELECT decision, reasons, advice FROM decisions
                 WHERE assessment_id = ?1 AND competence_id = ?2",
                [assessment_id, competence_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        tx.execute(
            "INSERT INTO decisions (id, assessment_id, competence_id, decision, reasons, advice,
                                    updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT(assessment_id, competence_id) DO UPDATE SET
                 decision = excluded.decision, reasons = excluded.reasons,
                 advice = excluded.advice, updated_at = excluded.updated_at",
            params![
                new_id(),
                assessment_id,
                competence_id,
                decision.code(),
                reasons,
                advice,
                ts(now)
            ],
        )?;
        commit_audited(
            tx,
            &candidate,
            now,
            Audit {
                actor,
                at: now,
                entity: "decision",
                entity_id: assessment_id,
                action: "decide",
                old: old.map(|(d, r, a)| {
                    json!({ "competence_id": competence_id, "decision": d,
                            "reasons": r, "advice": a })
                }),
                new: Some(
                    json!({ "competence_id": competence_id, "decision": decision.code(),
                                  "reasons": reasons, "advice": advice }),
                ),
                reason: None,
            },
        )
    }

    /// Signs the assessment off. From then on the database refuses any change to it or
    /// its children; a correction is a new assessment. Finalising twice is `Finalised`.
    pub fn finalise_assessment(
        &mut self,
        assessment_id: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        let candidate = candidate_of(&tx, assessment_id)?;
        let done: Option<String> = tx.query_row(
            "SELECT finalised_at FROM assessments WHERE id = ?1",
            [assessment_id],
            |r| r.get(0),
        )?;
        if done.is_some() {
            return Err(StoreError::Finalised);
        }
        tx.execute(
            "UPDATE assessments SET finalised_at = ?2, status = 'finalised' WHERE id = ?1",
            params![assessment_id, ts(now)],
        )?;
        commit_audited(
            tx,
            &candidate,
            now,
            Audit {
                actor,
                at: now,
                entity: "assessment",
                entity_id: assessment_id,
                action: "finalise",
                old: Some(json!({ "status": "in_progress" })),
                new: Some(json!({ "status": "finalised", "finalised_at": ts(now) })),
                reason: None,
            },
        )
    }
}
