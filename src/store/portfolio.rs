//! The candidate's side of the path: self-assessments, claimed competences and the
//! evidence portfolio (DOMAIN.md 3.3 steps 2–3). Audit rows go to the candidate.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, params};
use serde_json::json;

use super::audit::{Audit, commit_audited, write_audit};
use super::candidates::touch;
use super::{
    EvidenceRecord, NewEvidence, Result, SelfAssessmentMode, SelfAssessmentRecord, Store, get_code,
    get_ts, new_id, require, ts,
};

impl Store {
    /// Records (or replaces) the candidate's own rating of one competence in one mode.
    pub fn save_self_assessment(
        &mut self,
        candidate_id: &str,
        competence_id: &str,
        mode: SelfAssessmentMode,
        rating: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        require(&tx, "candidates", "candidate", candidate_id)?;
        let old: Option<String> = tx
            .query_row(
                "SELECT rating FROM self_assessments
                 WHERE candidate_id = ?1 AND competence_id = ?2 AND mode = ?3",
                [candidate_id, competence_id, mode.code()],
                |r| r.get(0),
            )
            .optional()?;
        tx.execute(
            "INSERT INTO self_assessments (candidate_id, competence_id, mode, rating,
                                           recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(candidate_id, competence_id, mode)
             DO UPDATE SET rating = excluded.rating, recorded_at = excluded.recorded_at",
            params![candidate_id, competence_id, mode.code(), rating, ts(now)],
        )?;
        let key = json!({ "competence_id": competence_id, "mode": mode.code() });
        commit_audited(
            tx,
            candidate_id,
            now,
            Audit {
                actor,
                at: now,
                entity: "self_assessment",
                entity_id: candidate_id,
                action: "rate",
                old: old.map(|o| json!({ "key": key, "rating": o })),
                new: Some(json!({ "key": key, "rating": rating })),
                reason: None,
            },
        )
    }

    pub fn self_assessments(&self, candidate_id: &str) -> Result<Vec<SelfAssessmentRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT competence_id, mode, rating, recorded_at FROM self_assessments
             WHERE candidate_id = ?1 ORDER BY competence_id, mode",
        )?;
        let rows = stmt.query_map([candidate_id], |r| {
            Ok(SelfAssessmentRecord {
                competence_id: r.get(0)?,
                mode: get_code(r, 1, "self_assessments.mode", SelfAssessmentMode::from_code)?,
                rating: r.get(2)?,
                recorded_at: get_ts(r, 3, "self_assessments.recorded_at")?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Adds a competence to the candidate's claims; claiming twice is a no-op.
    pub fn claim_competence(
        &mut self,
        candidate_id: &str,
        competence_id: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.change_claim(candidate_id, competence_id, true, actor, now)
    }

    /// Removes a claim (the candidate changed their mind before assessment).
    pub fn withdraw_claim(
        &mut self,
        candidate_id: &str,
        competence_id: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.change_claim(candidate_id, competence_id, false, actor, now)
    }

    fn change_claim(
        &mut self,
        candidate_id: &str,
        competence_id: &str,
        claim: bool,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        require(&tx, "candidates", "candidate", candidate_id)?;
        let changed = if claim {
            tx.execute(
                "INSERT INTO claimed_competences (candidate_id, competence_id, claimed_at)
                 VALUES (?1, ?2, ?3) ON CONFLICT(candidate_id, competence_id) DO NOTHING",
                params![candidate_id, competence_id, ts(now)],
            )?
        } else {
            tx.execute(
                "DELETE FROM claimed_competences WHERE candidate_id = ?1 AND competence_id = ?2",
                [candidate_id, competence_id],
            )?
        };
        if changed > 0 {
            touch(&tx, candidate_id, now)?;
            let value = Some(json!({ "competence_id": competence_id }));
            let (old, new) = if claim { (None, value) } else { (value, None) };
            write_audit(
                &tx,
                Audit {
                    actor,
                    at: now,
                    entity: "claim",
                    entity_id: candidate_id,
                    action: if claim { "claim" } else { "withdraw" },
                    old,
                    new,
                    reason: None,
                },
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The competence ids the candidate claims, sorted.
    pub fn claimed_competences(&self, candidate_id: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT competence_id FROM claimed_competences WHERE candidate_id = ?1
             ORDER BY competence_id",
        )?;
        let rows = stmt.query_map([candidate_id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn add_evidence(
        &mut self,
        candidate_id: &str,
        item: &NewEvidence,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<String> {
        let competences = [item.competence_id.clone()];
        let mut ids = self.add_evidence_for(candidate_id, &competences, item, actor, now)?;
        Ok(ids.pop().unwrap_or_default())
    }

    /// One evidence item supporting several competences: a row per competence, all in one
    /// transaction (`item.competence_id` is ignored). Which competences it may support is
    /// the domain's rule (`path_rules::check_evidence`).
    pub fn add_evidence_for(
        &mut self,
        candidate_id: &str,
        competences: &[String],
        item: &NewEvidence,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<String>> {
        let tx = self.conn.transaction()?;
        require(&tx, "candidates", "candidate", candidate_id)?;
        let dated = item.dated.map(|d| d.format("%Y-%m-%d").to_string());
        let mut ids = Vec::new();
        for competence in competences {
            let id = new_id();
            tx.execute(
                "INSERT INTO evidence_items (id, candidate_id, competence_id, title, kind, dated,
                                             description, added_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    id,
                    candidate_id,
                    competence,
                    item.title,
                    item.kind,
                    dated,
                    item.description,
                    ts(now)
                ],
            )?;
            write_audit(
                &tx,
                Audit {
                    actor,
                    at: now,
                    entity: "evidence",
                    entity_id: candidate_id,
                    action: "add",
                    old: None,
                    new: Some(json!({
                        "id": id, "competence_id": competence, "title": item.title,
                        "kind": item.kind, "dated": dated,
                    })),
                    reason: None,
                },
            )?;
            ids.push(id);
        }
        touch(&tx, candidate_id, now)?;
        tx.commit()?;
        Ok(ids)
    }

    /// The candidate's evidence, by competence then date (undated last).
    pub fn list_evidence(&self, candidate_id: &str) -> Result<Vec<EvidenceRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, candidate_id, competence_id, title, kind, dated, description, added_at
             FROM evidence_items WHERE candidate_id = ?1
             ORDER BY competence_id, dated IS NULL, dated, id",
        )?;
        let rows = stmt.query_map([candidate_id], |r| {
            let dated: Option<String> = r.get(5)?;
            let dated = match dated {
                None => None,
                Some(s) => Some(
                    NaiveDate::parse_from_str(&s, "%Y-%m-%d")
                        .map_err(|_| super::bad(5, "evidence_items.dated", s))?,
                ),
            };
            Ok(EvidenceRecord {
                id: r.get(0)?,
                candidate_id: r.get(1)?,
                competence_id: r.get(2)?,
                title: r.get(3)?,
                kind: r.get(4)?,
                dated,
                description: r.get(6)?,
                added_at: get_ts(r, 7, "evidence_items.added_at")?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
