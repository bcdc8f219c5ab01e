//! Committing a dossier change (`domain::dossier::command::apply`) in one `BEGIN IMMEDIATE`
//! transaction: the revision it was decided on and the candidate's path are checked, every
//! edit is written with one audit row, keyed to the candidate (so an erasure blanks them).
//! Decides nothing: the domain made the change.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::audit::{Audit, write_audit};
use super::candidates::touch;
use super::commit::{ensure_path, write_path};
use super::dossier::{day, rate_code};
use super::{Result, Store, StoreError, ts};
use crate::domain::dossier::command::{DossierChange, DossierEdit};

impl Store {
    /// Commits `ch` made by `actor` at `now`; on any failure the database holds what it
    /// held before. A change decided on an older revision of the dossier is refused.
    pub fn commit_dossier(
        &mut self,
        ch: &DossierChange,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        if ch.is_empty() {
            return Ok(());
        }
        let id = ch.candidate_id();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current: Option<i64> = tx
            .prepare_cached("SELECT dossier_revision FROM candidates WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?;
        let Some(current) = current else {
            return Err(StoreError::NotFound {
                entity: "candidate",
                id: id.to_string(),
            });
        };
        if current != ch.base_revision() {
            return Err(StoreError::Stale(last_change(&tx, id)?));
        }
        ensure_path(&tx, id, ch.base_path())?;
        tx.execute(
            "UPDATE candidates SET dossier_revision = dossier_revision + 1 WHERE id = ?1",
            [id],
        )?;
        write_edits(&tx, id, ch, actor, now)?;
        touch(&tx, id, now)?;
        tx.commit()?;
        Ok(())
    }
}

/// Writes the edits of `ch` to candidate `id`, each with its audit row (the old value and
/// the new), in the caller's transaction.
pub(crate) fn write_edits(
    c: &Connection,
    id: &str,
    ch: &DossierChange,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    for (edit, old) in ch.edits_with_old() {
        write_edit(c, id, (edit, old), actor, now)?;
    }
    Ok(())
}

/// Who changed the dossier last, and when, for the refusal.
pub(crate) fn last_change(c: &Connection, id: &str) -> Result<String> {
    let last: Option<(String, String, String)> = c
        .prepare_cached(
            "SELECT actor, entity, at FROM audit_log WHERE entity_id = ?1
             ORDER BY seq DESC LIMIT 1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    Ok(match last {
        Some((who, what, at)) => format!(
            "{who} changed this candidate's {what} at {at}; the screen shows it after reloading"
        ),
        None => "the candidate changed meanwhile; the screen shows it after reloading".into(),
    })
}

/// The audit row of one edit: what it is about, the edit itself as its new value and the
/// edit that would undo it as its old value.
fn audit(
    c: &Connection,
    id: &str,
    entity: &'static str,
    action: &'static str,
    (edit, old): (&DossierEdit, &DossierEdit),
    actor: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let json = |e: &DossierEdit| serde_json::to_value(e).unwrap_or(serde_json::Value::Null);
    write_audit(
        c,
        Audit {
            actor,
            at: now,
            entity,
            entity_id: id,
            action,
            // The old value is the edit that would put the part back as it was.
            old: Some(json(old)),
            new: Some(json(edit)),
            reason: None,
        },
    )
}

/// Makes sure the candidate has a profile row to update.
fn profile_row(c: &Connection, id: &str) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO candidate_profiles (candidate_id) VALUES (?1) ON CONFLICT DO NOTHING",
    )?
    .execute([id])?;
    Ok(())
}

fn write_edit(
    c: &Connection,
    id: &str,
    (edit, old): (&DossierEdit, &DossierEdit),
    actor: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let at = ts(now);
    let set = |action: bool| if action { "set" } else { "remove" };
    match edit {
        DossierEdit::Profile(p) => {
            c.execute(
                "UPDATE candidates SET name = ?2, email = ?3 WHERE id = ?1",
                params![id, p.name, p.email],
            )?;
            profile_row(c, id)?;
            c.execute(
                "UPDATE candidate_profiles SET language = ?2, goal = ?3 WHERE candidate_id = ?1",
                params![
                    id,
                    p.language,
                    p.goal.as_ref().map(|g| g.code().to_string())
                ],
            )?;
            audit(c, id, "profile", "set", (edit, old), actor, now)
        }
        DossierEdit::Consent(consent) => {
            profile_row(c, id)?;
            c.execute(
                "UPDATE candidate_profiles SET consent_on = ?2, consent_by = ?3
                 WHERE candidate_id = ?1",
                params![
                    id,
                    consent.as_ref().map(|x| day(x.given_on)),
                    consent.as_ref().map(|x| x.recorded_by.clone())
                ],
            )?;
            audit(
                c,
                id,
                "consent",
                set(consent.is_some()),
                (edit, old),
                actor,
                now,
            )
        }
        DossierEdit::Tutor { to, .. } => {
            c.execute(
                "UPDATE candidates SET tutor_id = ?2 WHERE id = ?1",
                params![id, to],
            )?;
            audit(c, id, "tutor", "assign", (edit, old), actor, now)
        }
        DossierEdit::Claim {
            competence,
            claimed,
        } => {
            if *claimed {
                c.execute(
                    "INSERT INTO claimed_competences (candidate_id, competence_id, claimed_at)
                     VALUES (?1, ?2, ?3)",
                    params![id, competence, at],
                )?;
            } else {
                c.execute(
                    "DELETE FROM claimed_competences WHERE candidate_id = ?1 AND competence_id = ?2",
                    params![id, competence],
                )?;
            }
            audit(
                c,
                id,
                "claim",
                if *claimed { "claim" } else { "withdraw" },
                (edit, old),
                actor,
                now,
            )
        }
        DossierEdit::Quick { competence, rate } => {
            c.execute(
                "DELETE FROM self_assessments
                 WHERE candidate_id = ?1 AND competence_id = ?2 AND mode = 'quick'",
                params![id, competence],
            )?;
            if let Some(r) = rate {
                c.execute(
                    "INSERT INTO self_assessments (candidate_id, competence_id, mode, rating,
                                                   recorded_at)
                     VALUES (?1, ?2, 'quick', ?3, ?4)",
                    params![id, competence, rate_code(*r), at],
                )?;
            }
            audit(
                c,
                id,
                "self_assessment",
                set(rate.is_some()),
                (edit, old),
                actor,
                now,
            )
        }
        DossierEdit::Detailed {
            competence,
            indicator,
            rate,
        } => {
            c.execute(
                "DELETE FROM self_ratings
                 WHERE candidate_id = ?1 AND competence_id = ?2 AND indicator_id = ?3",
                params![id, competence, indicator],
            )?;
            if let Some(r) = rate {
                c.execute(
                    "INSERT INTO self_ratings (candidate_id, competence_id, indicator_id, rating,
                                               recorded_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![id, competence, indicator, rate_code(*r), at],
                )?;
            }
            audit(
                c,
                id,
                "self_assessment",
                set(rate.is_some()),
                (edit, old),
                actor,
                now,
            )
        }
        DossierEdit::Referee { number, referee } => {
            clear(c, &["referee_ratings", "referees"], id, *number)?;
            if let Some(r) = referee {
                c.execute(
                    "INSERT INTO referees (candidate_id, number, name, relation, contact, rated_on)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![id, number, r.name, r.relation, r.contact, day(r.rated_on)],
                )?;
                for (competence, rate) in &r.ratings {
                    c.execute(
                        "INSERT INTO referee_ratings (candidate_id, number, competence_id, rating)
                         VALUES (?1, ?2, ?3, ?4)",
                        params![id, number, competence, rate_code(*rate)],
                    )?;
                }
            }
            audit(
                c,
                id,
                "referee",
                set(referee.is_some()),
                (edit, old),
                actor,
                now,
            )
        }
        DossierEdit::Story { number, story } => {
            clear(c, &["story_competences", "starrtt_stories"], id, *number)?;
            if let Some(s) = story {
                c.execute(
                    "INSERT INTO starrtt_stories (candidate_id, number, title, situation, task,
                         activities, result, reflection, transfer, counter_example)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                    params![
                        id,
                        number,
                        s.title,
                        s.situation,
                        s.task,
                        s.activities,
                        s.result,
                        s.reflection,
                        s.transfer,
                        s.counter_example
                    ],
                )?;
                tag(c, "story_competences", id, *number, &s.competences)?;
            }
            audit(
                c,
                id,
                "story",
                set(story.is_some()),
                (edit, old),
                actor,
                now,
            )
        }
        DossierEdit::Evidence { number, evidence } => {
            // An edited item keeps the time it was first added.
            let added: Option<String> = c
                .prepare_cached(
                    "SELECT added_at FROM evidence_register WHERE candidate_id = ?1 AND number = ?2",
                )?
                .query_row(params![id, number], |r| r.get(0))
                .optional()?;
            clear(
                c,
                &["evidence_competences", "evidence_register"],
                id,
                *number,
            )?;
            if let Some(e) = evidence {
                c.execute(
                    "INSERT INTO evidence_register (candidate_id, number, title, kind, dated,
                         description, file_path, file_size, file_sha256, witness, added_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                    params![
                        id,
                        number,
                        e.title,
                        e.kind,
                        e.dated.map(day),
                        e.description,
                        e.file.as_ref().map(|f| f.path.clone()),
                        e.file
                            .as_ref()
                            .map(|f| i64::try_from(f.size).unwrap_or(i64::MAX)),
                        e.file.as_ref().map(|f| f.sha256.clone()),
                        e.witness,
                        added.unwrap_or_else(|| at.clone())
                    ],
                )?;
                tag(c, "evidence_competences", id, *number, &e.competences)?;
            }
            audit(
                c,
                id,
                "evidence",
                set(evidence.is_some()),
                (edit, old),
                actor,
                now,
            )
        }
        DossierEdit::Goal { number, goal } => {
            clear(c, &["development_goals"], id, *number)?;
            if let Some(g) = goal {
                c.execute(
                    "INSERT INTO development_goals (candidate_id, number, competence_id, goal,
                                                    actions, review_on, source)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![
                        id,
                        number,
                        g.competence,
                        g.goal,
                        g.actions,
                        day(g.review_on),
                        g.source.code()
                    ],
                )?;
            }
            audit(c, id, "goal", set(goal.is_some()), (edit, old), actor, now)
        }
        DossierEdit::Request(request) => {
            profile_row(c, id)?;
            c.execute(
                "UPDATE candidate_profiles SET requested_on = ?2, requested_assessor = ?3
                 WHERE candidate_id = ?1",
                params![
                    id,
                    request.as_ref().map(|r| day(r.requested_on)),
                    request.as_ref().and_then(|r| r.assessor_id.clone())
                ],
            )?;
            audit(
                c,
                id,
                "request",
                set(request.is_some()),
                (edit, old),
                actor,
                now,
            )
        }
        DossierEdit::Path { from, to } => write_path(c, id, (from, to), None, actor, now),
    }
}

/// Takes numbered record `number` out of `tables` (its tags or ratings first), before
/// it is written again or for good.
fn clear(c: &Connection, tables: &[&str], id: &str, number: u32) -> Result<()> {
    for table in tables {
        c.execute(
            &format!("DELETE FROM {table} WHERE candidate_id = ?1 AND number = ?2"),
            params![id, number],
        )?;
    }
    Ok(())
}

fn tag(c: &Connection, table: &str, id: &str, number: u32, competences: &[String]) -> Result<()> {
    let sql = format!(
        "INSERT OR IGNORE INTO {table} (candidate_id, number, competence_id) VALUES (?1, ?2, ?3)"
    );
    for competence in competences {
        c.execute(&sql, params![id, number, competence])?;
    }
    Ok(())
}
