//! The `Backend` port implemented on the SQLite `Store`: the only UI file that names the
//! store. Converts store records to the view models the screens render.
//!
//! What the store has no column for is kept in `app_state`: the session (centre and
//! assessor chosen on first run). Complexity given before a level exists (even before a
//! suggestion does) goes into the score row like everything else.

use chrono::{DateTime, Utc};
use serde_json::json;

use super::backend::*;
use crate::domain::model::Model;
use crate::domain::process::Step;
use crate::domain::scales::{CriterionVerdict, Decision, IndicatorRating};
use crate::domain::scoring::LevelChoice;
use crate::store::{
    AssessmentStatus, CandidateFilter, CandidateStatus, NewCandidate, Role, ScoreInput, Store,
};

const SESSION_KEY: &str = "ui.session";

/// How many candidates "load demo" creates: enough to feel real, quick to generate.
const DEMO_CANDIDATES: usize = 40;

fn err(e: impl std::fmt::Display) -> BackendError {
    BackendError(e.to_string())
}

fn filter_of(q: &CandidateQuery) -> CandidateFilter {
    CandidateFilter {
        name: (!q.name.is_empty()).then(|| q.name.clone()),
        status: match q.status {
            StatusFilter::All => None,
            StatusFilter::Active => Some(CandidateStatus::Active),
            StatusFilter::InAssessment => Some(CandidateStatus::InAssessment),
            StatusFilter::Finalised => Some(CandidateStatus::Finalised),
            StatusFilter::Stopped => Some(CandidateStatus::Stopped),
        },
        ..CandidateFilter::default()
    }
}

fn status_of(s: CandidateStatus) -> StatusFilter {
    match s {
        CandidateStatus::Active => StatusFilter::Active,
        CandidateStatus::InAssessment => StatusFilter::InAssessment,
        CandidateStatus::Finalised => StatusFilter::Finalised,
        CandidateStatus::Stopped => StatusFilter::Stopped,
    }
}

impl Store {
    fn session_assessor(&self) -> BResult<String> {
        self.ui_session()?
            .map(|s| s.assessor_id)
            .ok_or_else(|| BackendError("no assessor chosen yet".into()))
    }

    fn ui_session(&self) -> BResult<Option<Session>> {
        let Some(raw) = self.get_state(SESSION_KEY).map_err(err)? else {
            return Ok(None);
        };
        let v: serde_json::Value = serde_json::from_str(&raw).map_err(err)?;
        let (Some(centre_id), Some(assessor_id)) = (v["centre"].as_str(), v["assessor"].as_str())
        else {
            return Ok(None);
        };
        let centre_name = self
            .list_centres()
            .map_err(err)?
            .into_iter()
            .find(|c| c.id == centre_id)
            .map(|c| c.name)
            .unwrap_or_default();
        let assessor_name = self.get_person(assessor_id).map_err(err)?.name;
        Ok(Some(Session {
            centre_id: centre_id.to_string(),
            centre_name,
            assessor_id: assessor_id.to_string(),
            assessor_name,
        }))
    }
}

impl Backend for Store {
    fn session(&self) -> BResult<Option<Session>> {
        self.ui_session()
    }

    fn first_run(&mut self, centre: &str, assessor: &str, now: DateTime<Utc>) -> BResult<Session> {
        // A database filled by `leverup demo` already has the centre: reuse it by name.
        let existing = self
            .list_centres()
            .map_err(err)?
            .into_iter()
            .find(|c| c.name.eq_ignore_ascii_case(centre));
        let centre_id = match existing {
            Some(c) => c.id,
            None => self.create_centre(centre, assessor, now).map_err(err)?,
        };
        let person = self
            .create_person(assessor, None, assessor, now)
            .map_err(err)?;
        self.add_role(&person, &centre_id, Role::Assessor, &person, now)
            .map_err(err)?;
        let value = json!({ "centre": centre_id, "assessor": person }).to_string();
        self.set_state(SESSION_KEY, &value).map_err(err)?;
        self.ui_session()?
            .ok_or_else(|| BackendError("the session was not recorded".into()))
    }

    fn load_demo(&mut self, model: &Model, _session: &Session, now: DateTime<Utc>) -> BResult<()> {
        let seed = now.timestamp() as u64;
        crate::demo::generate(self, model, DEMO_CANDIDATES, seed, now)
            .map(|_| ())
            .map_err(err)
    }

    fn count_candidates(&self, q: &CandidateQuery) -> BResult<usize> {
        Store::count_candidates(self, &filter_of(q))
            .map(|n| n as usize)
            .map_err(err)
    }

    fn list_candidates(
        &self,
        q: &CandidateQuery,
        limit: usize,
        offset: usize,
    ) -> BResult<Vec<CandidateRowVm>> {
        let limit = u32::try_from(limit).unwrap_or(u32::MAX);
        let offset = u32::try_from(offset).unwrap_or(u32::MAX);
        let rows = Store::list_candidates(self, &filter_of(q), limit, offset).map_err(err)?;
        Ok(rows
            .into_iter()
            .map(|r| CandidateRowVm {
                id: r.id,
                name: r.name,
                step: r.state,
                status: status_of(r.status),
                last_activity: r.last_activity_at,
            })
            .collect())
    }

    fn create_candidate(
        &mut self,
        session: &Session,
        name: &str,
        claimed: &[String],
        now: DateTime<Utc>,
    ) -> BResult<String> {
        let actor = session.assessor_id.as_str();
        let new = NewCandidate {
            name: name.to_string(),
            email: None,
            centre_id: session.centre_id.clone(),
            tutor_id: None,
        };
        let id = Store::create_candidate(self, &new, actor, now).map_err(err)?;
        for c in claimed {
            self.claim_competence(&id, c, actor, now).map_err(err)?;
        }
        Ok(id)
    }

    fn candidate(&self, id: &str) -> BResult<CandidateVm> {
        let c = self.get_candidate(id).map_err(err)?;
        let tutor_name = match &c.tutor_id {
            Some(t) => Some(self.get_person(t).map_err(err)?.name),
            None => None,
        };
        let evidence = self
            .list_evidence(id)
            .map_err(err)?
            .into_iter()
            .map(|e| EvidenceVm {
                competence_id: e.competence_id,
                title: e.title,
                kind: e.kind,
                dated: e.dated,
            })
            .collect();
        let assessment_id = self
            .assessments_for(id)
            .map_err(err)?
            .into_iter()
            .next()
            .map(|a| a.id);
        Ok(CandidateVm {
            id: c.id,
            name: c.name,
            tutor_id: c.tutor_id,
            tutor_name,
            step: c.state,
            stopped: c.exit_outcome,
            claimed: self.claimed_competences(id).map_err(err)?,
            evidence,
            assessment_id,
        })
    }

    fn start_assessment(
        &mut self,
        session: &Session,
        candidate_id: &str,
        model: &Model,
        now: DateTime<Utc>,
    ) -> BResult<String> {
        let actor = session.assessor_id.as_str();
        let id = Store::start_assessment(
            self,
            candidate_id,
            actor,
            &model.id,
            &model.version,
            actor,
            now,
        )
        .map_err(err)?;
        let state = self.get_candidate(candidate_id).map_err(err)?.state;
        if state < Step::Assessment {
            self.set_candidate_state(candidate_id, Step::Assessment, actor, None, now)
                .map_err(err)?;
        }
        Ok(id)
    }

    fn assessment(&self, id: &str) -> BResult<AssessmentVm> {
        let r = self.load_assessment(id).map_err(err)?;
        let scores: Vec<ScoreVm> = r
            .scores
            .iter()
            .map(|s| {
                let i = &s.input;
                // A score row without a chosen outcome only carries the complexity.
                let level =
                    i.outcome_level
                        .zip(i.suggested)
                        .map(|(chosen, suggested)| LevelChoice {
                            suggested,
                            chosen,
                            justification: (!i.justification.is_empty())
                                .then(|| i.justification.clone()),
                        });
                ScoreVm {
                    competence_id: i.competence_id.clone(),
                    level,
                    complexity: i.complexity.clone(),
                }
            })
            .collect();
        Ok(AssessmentVm {
            id: r.summary.id.clone(),
            finalised: r.summary.status == AssessmentStatus::Finalised,
            interview_seconds: r
                .interview_time
                .iter()
                .map(|t| (t.competence_id.clone(), t.seconds))
                .collect(),
            verdicts: r
                .portfolio_checks
                .iter()
                .map(|p| {
                    (
                        p.competence_id.clone(),
                        p.criterion_id.clone(),
                        p.verdict,
                        p.note.clone(),
                    )
                })
                .collect(),
            notes: r
                .notes
                .iter()
                .map(|n| (n.competence_id.clone(), n.question_index, n.text.clone()))
                .collect(),
            ratings: r
                .ratings
                .iter()
                .map(|x| (x.competence_id.clone(), x.indicator_id.clone(), x.rating))
                .collect(),
            scores,
            decisions: r
                .decisions
                .iter()
                .map(|d| (d.competence_id.clone(), d.decision, d.reasons.clone()))
                .collect(),
        })
    }

    fn save_verdict(
        &mut self,
        assessment: &str,
        competence: &str,
        criterion: &str,
        verdict: CriterionVerdict,
        note: &str,
        now: DateTime<Utc>,
    ) -> BResult<()> {
        let actor = self.session_assessor()?;
        self.set_portfolio_verdict(
            assessment, competence, criterion, verdict, note, &actor, now,
        )
        .map_err(err)
    }

    fn save_note(
        &mut self,
        assessment: &str,
        competence: &str,
        question: u32,
        text: &str,
        now: DateTime<Utc>,
    ) -> BResult<()> {
        let actor = self.session_assessor()?;
        Store::save_note(self, assessment, competence, question, text, &actor, now).map_err(err)
    }

    fn add_interview_time(&mut self, assessment: &str, competence: &str, secs: i64) -> BResult<()> {
        let actor = self.session_assessor()?;
        let secs = u32::try_from(secs.max(0)).unwrap_or(u32::MAX);
        Store::add_interview_time(self, assessment, competence, secs, 0, &actor, Utc::now())
            .map_err(err)
    }

    fn save_rating(
        &mut self,
        assessment: &str,
        competence: &str,
        indicator: &str,
        rating: IndicatorRating,
        now: DateTime<Utc>,
    ) -> BResult<()> {
        let actor = self.session_assessor()?;
        self.rate_indicator(assessment, competence, indicator, rating, "", &actor, now)
            .map_err(err)
    }

    fn save_score(&mut self, assessment: &str, score: &ScoreVm, now: DateTime<Utc>) -> BResult<()> {
        let actor = self.session_assessor()?;
        let level = score.level.as_ref();
        let input = ScoreInput {
            competence_id: score.competence_id.clone(),
            suggested: level.map(|l| l.suggested),
            outcome_level: level.map(|l| l.chosen),
            overridden: level.is_some_and(LevelChoice::overridden),
            justification: level
                .and_then(|l| l.justification.clone())
                .unwrap_or_default(),
            complexity: score.complexity.clone(),
        };
        Store::save_score(self, assessment, &input, &actor, now).map_err(err)
    }

    fn save_decision(
        &mut self,
        assessment: &str,
        competence: &str,
        decision: Decision,
        reasons: &str,
        now: DateTime<Utc>,
    ) -> BResult<()> {
        let actor = self.session_assessor()?;
        Store::save_decision(
            self, assessment, competence, decision, reasons, "", &actor, now,
        )
        .map_err(err)
    }

    fn finalise(&mut self, assessment: &str, now: DateTime<Utc>) -> BResult<()> {
        let actor = self.session_assessor()?;
        self.finalise_assessment(assessment, &actor, now)
            .map_err(err)
    }

    fn issue_records(
        &mut self,
        assessment: &str,
        hook: Option<&mut IssueHook>,
    ) -> BResult<IssueReport> {
        let actor = self.session_assessor()?;
        match hook {
            Some(issue) => issue(self, assessment, &actor).map_err(BackendError),
            None => Err(BackendError(
                "Issuing is not available here: run `leverup export badges --out DIR`.".into(),
            )),
        }
    }

    fn get_state(&self, key: &str) -> BResult<Option<String>> {
        Store::get_state(self, key).map_err(err)
    }

    fn set_state(&mut self, key: &str, value: &str) -> BResult<()> {
        Store::set_state(self, key, value).map_err(err)
    }
}
