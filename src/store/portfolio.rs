//! Reading the candidate's side of the path: quick self-assessments, claimed competences
//! and the evidence register (DOMAIN.md 3.3 steps 2–3), shaped for the screens and exports
//! that list them. Every change goes through the dossier (`commit_dossier`).

use chrono::NaiveDate;

use super::{
    EvidenceRecord, Result, SelfAssessmentMode, SelfAssessmentRecord, Store, get_code, get_ts,
};

impl Store {
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

    /// The competence ids the candidate claims, sorted.
    pub fn claimed_competences(&self, candidate_id: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT competence_id FROM claimed_competences WHERE candidate_id = ?1
             ORDER BY competence_id",
        )?;
        let rows = stmt.query_map([candidate_id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The candidate's evidence, one row per item and competence it supports, by
    /// competence then date (undated last). `id` is the item's number in the register.
    pub fn list_evidence(&self, candidate_id: &str) -> Result<Vec<EvidenceRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.number, r.candidate_id, ec.competence_id, r.title, r.kind, r.dated,
                    r.description, r.added_at
             FROM evidence_register r
             JOIN evidence_competences ec USING (candidate_id, number)
             WHERE r.candidate_id = ?1
             ORDER BY ec.competence_id, r.dated IS NULL, r.dated, r.number",
        )?;
        let rows = stmt.query_map([candidate_id], |r| {
            let dated: Option<String> = r.get(5)?;
            let dated = match dated {
                None => None,
                Some(s) => Some(
                    NaiveDate::parse_from_str(&s, "%Y-%m-%d")
                        .map_err(|_| super::bad(5, "evidence_register.dated", s))?,
                ),
            };
            Ok(EvidenceRecord {
                id: r.get::<_, i64>(0)?.to_string(),
                candidate_id: r.get(1)?,
                competence_id: r.get(2)?,
                title: r.get(3)?,
                kind: r.get(4)?,
                dated,
                description: r.get(6)?,
                added_at: get_ts(r, 7, "evidence_register.added_at")?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
