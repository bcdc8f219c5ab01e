//! Reading the domain's aggregates back: an assessment as `AssessmentState` (what every
//! command is applied to) and a candidate as `CandidateFacts` (what the path rules need).

use rusqlite::Connection;

use super::commit::read_path;
use super::{AssessmentStatus, Result, Store};
use crate::domain::assessment::{AssessmentState, CompetenceState};
use crate::domain::model::Model;
use crate::domain::path_rules::CandidateFacts;
use crate::domain::portfolio::EvidenceFacts;
use crate::domain::scoring::LevelChoice;

impl Store {
    /// The assessment as the domain sees it, read in one transaction. Claimed competences
    /// the loaded model does not know are listed in `unknown`, never dropped.
    pub fn load_state(&self, id: &str, model: &Model) -> Result<AssessmentState> {
        let tx = self.conn.unchecked_transaction()?;
        let r = super::load::load_record(&tx, id)?;
        let facts = candidate_facts_in(&tx, &r.summary.candidate_id)?;
        let (assessor_name, revision): (String, i64) = tx
            .prepare_cached(
                "SELECT p.name, a.revision FROM assessments a
                 JOIN people p ON p.id = a.assessor_id WHERE a.id = ?1",
            )?
            .query_row([id], |row| Ok((row.get(0)?, row.get(1)?)))?;
        let unknown: Vec<String> = facts
            .claimed
            .iter()
            .filter(|c| model.competence(c).is_none())
            .cloned()
            .collect();
        let mut competences = Vec::new();
        // Model order, so screens and exports list competences the same way.
        for m in model
            .competences
            .iter()
            .filter(|m| facts.claimed.contains(&m.id))
        {
            let mut st = CompetenceState::new(model, m);
            st.evidence = facts.evidence_for(&m.id);
            for p in r
                .portfolio_checks
                .iter()
                .filter(|p| p.competence_id == m.id)
            {
                if let Some(j) = st
                    .portfolio
                    .iter_mut()
                    .find(|j| j.criterion_id == p.criterion_id)
                {
                    j.verdict = Some(p.verdict);
                    j.note = p.note.clone();
                }
            }
            for (i, ind) in m.indicators.iter().enumerate() {
                st.ratings[i] = r
                    .ratings
                    .iter()
                    .find(|x| x.competence_id == m.id && x.indicator_id == ind.id)
                    .map(|x| x.rating);
            }
            if let Some(s) = r.scores.iter().find(|s| s.input.competence_id == m.id) {
                let i = &s.input;
                st.level =
                    i.outcome_level
                        .zip(i.suggested)
                        .map(|(chosen, suggested)| LevelChoice {
                            suggested,
                            chosen,
                            justification: (!i.justification.is_empty())
                                .then(|| i.justification.clone()),
                        });
                st.complexity = i.complexity.clone();
            }
            if let Some(d) = r.decisions.iter().find(|d| d.competence_id == m.id) {
                st.decision = d.decision;
                st.reasons = d.reasons.clone();
            }
            st.notes = r
                .notes
                .iter()
                .filter(|n| n.competence_id == m.id)
                .map(|n| (n.question_index, n.text.clone()))
                .collect();
            st.seconds = r
                .interview_time
                .iter()
                .find(|t| t.competence_id == m.id)
                .map_or(0, |t| t.seconds);
            competences.push(st);
        }
        Ok(AssessmentState {
            id: r.summary.id.clone(),
            candidate_id: r.summary.candidate_id.clone(),
            assessor_id: r.summary.assessor_id.clone(),
            assessor_name,
            tutor_id: facts.tutor_id.clone(),
            model_id: r.summary.model_id.clone(),
            model_version: r.summary.model_version.clone(),
            revision,
            finalised: r.summary.status == AssessmentStatus::Finalised,
            finalised_on: r.summary.finalised_at.map(|t| t.date_naive()),
            path: facts.path,
            competences,
            unknown,
        })
    }

    /// What the path rules need to know about a candidate, read in one transaction: the
    /// facts and the dossier revision they carry are one snapshot, so a start decided on
    /// them is refused (`begin_assessment`) if the tutor changed the dossier since.
    pub fn candidate_facts(&self, candidate_id: &str) -> Result<CandidateFacts> {
        let tx = self.conn.unchecked_transaction()?;
        let facts = candidate_facts_in(&tx, candidate_id)?;
        tx.finish()?;
        Ok(facts)
    }
}

pub(crate) fn candidate_facts_in(conn: &Connection, candidate_id: &str) -> Result<CandidateFacts> {
    let path = read_path(conn, candidate_id)?;
    let tutor_id: Option<String> = conn
        .prepare_cached("SELECT tutor_id FROM candidates WHERE id = ?1")?
        .query_row([candidate_id], |r| r.get(0))?;
    let claimed = conn
        .prepare_cached(
            "SELECT competence_id FROM claimed_competences WHERE candidate_id = ?1
             ORDER BY competence_id",
        )?
        .query_map([candidate_id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    let evidence = conn
        .prepare_cached(
            "SELECT ec.competence_id, r.kind, r.dated
             FROM evidence_competences ec
             JOIN evidence_register r USING (candidate_id, number)
             WHERE ec.candidate_id = ?1
             ORDER BY ec.competence_id, r.dated, r.number",
        )?
        .query_map([candidate_id], |r| {
            let dated: Option<String> = r.get(2)?;
            Ok((
                r.get::<_, String>(0)?,
                EvidenceFacts {
                    kind: r.get(1)?,
                    dated: dated
                        .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
                },
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let open_assessment = conn
        .prepare_cached(
            "SELECT 1 FROM assessments WHERE candidate_id = ?1 AND finalised_at IS NULL",
        )?
        .exists([candidate_id])?;
    // The same reading of the profile row the dossier uses.
    let (consent, request) = super::dossier::consent_and_request(conn, candidate_id)?;
    let dossier_revision: i64 = conn
        .prepare_cached("SELECT dossier_revision FROM candidates WHERE id = ?1")?
        .query_row([candidate_id], |r| r.get(0))?;
    Ok(CandidateFacts {
        id: candidate_id.to_string(),
        tutor_id,
        path,
        claimed,
        evidence,
        open_assessment,
        consent,
        request,
        dossier_revision,
    })
}
