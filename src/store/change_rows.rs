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
            upsert(
                conn,
                "UPDATE portfolio_checks SET verdict = ?4, note = ?5, updated_at = ?6
                 WHERE assessment_id = ?1 AND competence_id = ?2 AND criterion_id = ?3",
                "INSERT INTO portfolio_checks (assessment_id, competence_id, criterion_id,
                                               verdict, note, updated_at)
                 SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE NOT EXISTS (
                     SELECT 1 FROM portfolio_checks
                     WHERE assessment_id = ?1 AND competence_id = ?2 AND criterion_id = ?3)",
                params![aid, competence, criterion, verdict.code(), note, at],
            )?;
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
            upsert(
                conn,
                "UPDATE interview_notes SET text = ?4, updated_at = ?5
                 WHERE assessment_id = ?1 AND competence_id = ?2 AND question_index = ?3",
                "INSERT INTO interview_notes (assessment_id, competence_id, question_index,
                                              text, updated_at)
                 SELECT ?1, ?2, ?3, ?4, ?5 WHERE NOT EXISTS (
                     SELECT 1 FROM interview_notes
                     WHERE assessment_id = ?1 AND competence_id = ?2 AND question_index = ?3)",
                params![aid, competence, question, text, at],
            )?;
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
            upsert(
                conn,
                "UPDATE interview_time SET seconds = seconds + ?3
                 WHERE assessment_id = ?1 AND competence_id = ?2",
                "INSERT INTO interview_time (assessment_id, competence_id, seconds,
                                             interruptions)
                 SELECT ?1, ?2, ?3, 0 WHERE NOT EXISTS (
                     SELECT 1 FROM interview_time
                     WHERE assessment_id = ?1 AND competence_id = ?2)",
                params![aid, competence, seconds],
            )?;
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
            upsert(
                conn,
                "UPDATE indicator_ratings SET rating = ?4, updated_at = ?5
                 WHERE assessment_id = ?1 AND competence_id = ?2 AND indicator_id = ?3",
                "INSERT INTO indicator_ratings (assessment_id, competence_id, indicator_id,
                                                rating, note, updated_at)
                 SELECT ?1, ?2, ?3, ?4, '', ?5 WHERE NOT EXISTS (
                     SELECT 1 FROM indicator_ratings
                     WHERE assessment_id = ?1 AND competence_id = ?2 AND indicator_id = ?3)",
                params![aid, competence, indicator, rating.code(), at],
            )?;
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
            upsert(
                conn,
                "UPDATE scores SET suggested = ?3, outcome_level = ?4, overridden = ?5,
                     justification = ?6, context = ?7, task = ?8, autonomy = ?9,
                     updated_at = ?10
                 WHERE assessment_id = ?1 AND competence_id = ?2",
                "INSERT INTO scores (assessment_id, competence_id, suggested, outcome_level,
                                     overridden, justification, context, task, autonomy,
                                     updated_at)
                 SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10 WHERE NOT EXISTS (
                     SELECT 1 FROM scores WHERE assessment_id = ?1 AND competence_id = ?2)",
                params![
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
                ],
            )?;
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
            upsert(
                conn,
                "UPDATE decisions SET decision = ?3, reasons = ?4, updated_at = ?5
                 WHERE assessment_id = ?1 AND competence_id = ?2",
                "INSERT INTO decisions (assessment_id, competence_id, decision, reasons,
                                        advice, updated_at)
                 SELECT ?1, ?2, ?3, ?4, '', ?5 WHERE NOT EXISTS (
                     SELECT 1 FROM decisions WHERE assessment_id = ?1 AND competence_id = ?2)",
                params![aid, competence, decision.code(), reasons, at],
            )?;
            let new = json!({ "competence_id": competence, "decision": decision.code(),
                              "reasons": reasons });
            audit(
                conn, aid, actor, now, "decision", "decide", old, new, reason,
            )
        }
        Change::Finalised | Change::Assessor { .. } | Change::Path { .. } => Ok(()),
    }
}

/// Writes a row that may already be there: an update, then an insert if there was none.
/// Not an UPSERT, which a view does not take (migration 0013: these tables are views over
/// their compact `_rows` tables); both statements take the same parameters.
fn upsert(
    conn: &Connection,
    update: &str,
    insert: &str,
    args: &[&dyn rusqlite::ToSql],
) -> Result<()> {
    conn.prepare_cached(update)?.execute(args)?;
    conn.prepare_cached(insert)?.execute(args)?;
    Ok(())
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
