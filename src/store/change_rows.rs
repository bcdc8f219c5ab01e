//! One changed row of an assessment, written with its audit row (old → new): the part of
//! `Store::commit` that knows the tables. Decides nothing; the domain made the change.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Value, json};

use super::audit::{Audit, write_audit};
use super::{Result, ts};
use crate::domain::changes::Change;

#[allow(clippy::too_many_arguments)] // the audit row's columns
pub(crate) fn audit(
    conn: &Connection,
    entity_id: &str,
    actor: &str,
    at: DateTime<Utc>,
    entity: &'static str,
    action: &'static str,
    old: Option<Value>,
    new: Value,
    reason: Option<&str>,
) -> Result<()> {
    write_audit(
        conn,
        Audit {
            actor,
            at,
            entity,
            entity_id,
            action,
            old,
            new: Some(new),
            reason,
        },
    )
}

/// Upserts one child row of the assessment and appends its audit row (old → new).
pub(crate) fn write_row(
    conn: &Connection,
    aid: &str,
    change: &Change,
    actor: &str,
    now: DateTime<Utc>,
    reason: Option<&str>,
) -> Result<()> {
    let at = ts(now);
    match change {
        Change::Verdict {
            competence,
            criterion,
            verdict,
            note,
        } => {
            let key = json!({ "competence_id": competence, "criterion_id": criterion });
            let old = old_json(
                conn,
                "SELECT json_object('verdict', verdict, 'note', note) FROM portfolio_checks
                 WHERE assessment_id = ?1 AND competence_id = ?2 AND criterion_id = ?3",
                params![aid, competence, criterion],
            )?;
            conn.prepare_cached(
                "INSERT INTO portfolio_checks (assessment_id, competence_id, criterion_id,
                                               verdict, note, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT(assessment_id, competence_id, criterion_id) DO UPDATE SET
                     verdict = excluded.verdict, note = excluded.note,
                     updated_at = excluded.updated_at",
            )?
            .execute(params![
                aid,
                competence,
                criterion,
                verdict.code(),
                note,
                at
            ])?;
            let new = json!({ "key": key, "verdict": verdict.code(), "note": note });
            audit(
                conn,
                aid,
                actor,
                now,
                "portfolio_check",
                "set_verdict",
                keyed(old, &key),
                new,
                reason,
            )
        }
        Change::Note {
            competence,
            question,
            text,
        } => {
            let key = json!({ "competence_id": competence, "question_index": question });
            // A note is stored once per change: the previous text is the previous row of the
            // same key, so `old` names the key only (a long note edited a letter at a time
            // must not double the log).
            let had = old_json(
                conn,
                "SELECT json_object('length', length(text)) FROM interview_notes
                 WHERE assessment_id = ?1 AND competence_id = ?2 AND question_index = ?3",
                params![aid, competence, question],
            )?;
            conn.prepare_cached(
                "INSERT INTO interview_notes (assessment_id, competence_id, question_index,
                                              text, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(assessment_id, competence_id, question_index) DO UPDATE SET
                     text = excluded.text, updated_at = excluded.updated_at",
            )?
            .execute(params![aid, competence, question, text, at])?;
            let new = json!({ "key": key, "text": text });
            audit(
                conn,
                aid,
                actor,
                now,
                "interview_note",
                "save",
                keyed(had, &key),
                new,
                reason,
            )
        }
        Change::InterviewTime {
            competence,
            seconds,
        } => {
            conn.prepare_cached(
                "INSERT INTO interview_time (assessment_id, competence_id, seconds,
                                             interruptions)
                 VALUES (?1, ?2, ?3, 0)
                 ON CONFLICT(assessment_id, competence_id) DO UPDATE SET
                     seconds = seconds + excluded.seconds",
            )?
            .execute(params![aid, competence, seconds])?;
            conn.prepare_cached(
                "UPDATE assessments SET interview_seconds = interview_seconds + ?2 WHERE id = ?1",
            )?
            .execute(params![aid, seconds])?;
            let new = json!({ "competence_id": competence, "seconds": seconds });
            audit(
                conn,
                aid,
                actor,
                now,
                "interview_time",
                "add",
                None,
                new,
                reason,
            )
        }
        Change::Rating {
            competence,
            indicator,
            rating,
        } => {
            let key = json!({ "competence_id": competence, "indicator_id": indicator });
            let old = old_json(
                conn,
                "SELECT json_object('rating', rating) FROM indicator_ratings
                 WHERE assessment_id = ?1 AND competence_id = ?2 AND indicator_id = ?3",
                params![aid, competence, indicator],
            )?;
            conn.prepare_cached(
                "INSERT INTO indicator_ratings (assessment_id, competence_id, indicator_id,
                                                rating, note, updated_at)
                 VALUES (?1, ?2, ?3, ?4, '', ?5)
                 ON CONFLICT(assessment_id, competence_id, indicator_id) DO UPDATE SET
                     rating = excluded.rating, updated_at = excluded.updated_at",
            )?
            .execute(params![aid, competence, indicator, rating.code(), at])?;
            let new = json!({ "key": key, "rating": rating.code() });
            audit(
                conn,
                aid,
                actor,
                now,
                "indicator_rating",
                "rate",
                keyed(old, &key),
                new,
                reason,
            )
        }
        Change::Score {
            competence,
            level,
            complexity,
        } => {
            let old = old_json(
                conn,
                "SELECT json_object('suggested', suggested, 'outcome_level', outcome_level,
                        'overridden', overridden, 'justification', justification,
                        'context', context, 'task', task, 'autonomy', autonomy)
                 FROM scores WHERE assessment_id = ?1 AND competence_id = ?2",
                params![aid, competence],
            )?;
            let overridden = level.as_ref().is_some_and(|l| l.overridden());
            let justification = level
                .as_ref()
                .and_then(|l| l.justification.clone())
                .unwrap_or_default();
            conn.prepare_cached(
                "INSERT INTO scores (assessment_id, competence_id, suggested, outcome_level,
                                     overridden, justification, context, task, autonomy,
                                     updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT(assessment_id, competence_id) DO UPDATE SET
                     suggested = excluded.suggested, outcome_level = excluded.outcome_level,
                     overridden = excluded.overridden, justification = excluded.justification,
                     context = excluded.context, task = excluded.task,
                     autonomy = excluded.autonomy, updated_at = excluded.updated_at",
            )?
            .execute(params![
                aid,
                competence,
                level.as_ref().map(|l| l.suggested.code()),
                level.as_ref().map(|l| l.chosen.code()),
                overridden,
                justification,
                complexity.context.map(|x| x.code()),
                complexity.task.map(|x| x.code()),
                complexity.autonomy.map(|x| x.code()),
                at
            ])?;
            let new = json!({
                "competence_id": competence,
                "suggested": level.as_ref().map(|l| l.suggested.code()),
                "outcome_level": level.as_ref().map(|l| l.chosen.code()),
                "overridden": overridden, "justification": justification,
                "context": complexity.context.map(|c| c.code()),
                "task": complexity.task.map(|c| c.code()),
                "autonomy": complexity.autonomy.map(|c| c.code()),
            });
            let action = match level {
                Some(l) if l.overridden() => "override",
                Some(_) => "confirm",
                None => "rate_complexity",
            };
            let why = if overridden {
                Some(justification.as_str())
            } else {
                reason
            };
            audit(conn, aid, actor, now, "score", action, old, new, why)
        }
        Change::Decision {
            competence,
            decision,
            reasons,
        } => {
            let old = old_json(
                conn,
                "SELECT json_object('competence_id', competence_id, 'decision', decision,
                        'reasons', reasons) FROM decisions
                 WHERE assessment_id = ?1 AND competence_id = ?2",
                params![aid, competence],
            )?;
            conn.prepare_cached(
                "INSERT INTO decisions (assessment_id, competence_id, decision, reasons,
                                        advice, updated_at)
                 VALUES (?1, ?2, ?3, ?4, '', ?5)
                 ON CONFLICT(assessment_id, competence_id) DO UPDATE SET
                     decision = excluded.decision, reasons = excluded.reasons,
                     updated_at = excluded.updated_at",
            )?
            .execute(params![aid, competence, decision.code(), reasons, at])?;
            let new = json!({ "competence_id": competence, "decision": decision.code(),
                              "reasons": reasons });
            audit(
                conn, aid, actor, now, "decision", "decide", old, new, reason,
            )
        }
        Change::Finalised | Change::Assessor { .. } | Change::Path { .. } => Ok(()),
    }
}

fn old_json(conn: &Connection, sql: &str, args: impl rusqlite::Params) -> Result<Option<Value>> {
    let raw: Option<String> = conn
        .prepare_cached(sql)?
        .query_row(args, |r| r.get(0))
        .optional()?;
    Ok(raw.and_then(|s| serde_json::from_str(&s).ok()))
}

fn keyed(old: Option<Value>, key: &Value) -> Option<Value> {
    old.map(|mut v| {
        v["key"] = key.clone();
        v
    })
}
