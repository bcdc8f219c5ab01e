//! An in-memory `Backend`: the reference behaviour for tests and snapshots, with a switch
//! that makes every write fail so the "not saved" path can be exercised.
//!
//! Must not depend on the terminal or the SQLite store.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use chrono::{DateTime, Utc};

use super::backend::*;
use crate::domain::model::Model;
use crate::domain::process::Step;
use crate::domain::scales::{CriterionVerdict, Decision, IndicatorRating};

#[derive(Debug, Clone)]
struct Cand {
    vm: CandidateVm,
    last: DateTime<Utc>,
}

#[derive(Debug, Default)]
pub struct MemoryBackend {
    session: Option<Session>,
    candidates: Vec<Cand>,
    assessments: BTreeMap<String, AssessmentVm>,
    state: BTreeMap<String, String>,
    next_id: u64,
    /// While set, every write fails with this message. Shared, so a test can flip it
    /// after the backend has moved into the `App`.
    pub fail_writes: Rc<RefCell<Option<String>>>,
    /// Assessments whose records were issued, in order. Shared like `fail_writes`.
    pub issued: Rc<RefCell<Vec<String>>>,
}

impl MemoryBackend {
    pub fn new() -> Self {
        Self::default()
    }

    fn id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}-{:04}", self.next_id)
    }

    fn writable(&self) -> BResult<()> {
        match self.fail_writes.borrow().as_ref() {
            Some(m) => Err(BackendError(m.clone())),
            None => Ok(()),
        }
    }

    fn open(&mut self, id: &str) -> BResult<&mut AssessmentVm> {
        self.writable()?;
        let a = self
            .assessments
            .get_mut(id)
            .ok_or_else(|| BackendError(format!("no assessment with id {id}")))?;
        if a.finalised {
            return Err(BackendError(
                "the assessment is finalised and cannot be changed".into(),
            ));
        }
        Ok(a)
    }

    /// Adds a candidate directly, for fixtures (tutor, evidence, step).
    pub fn insert_candidate(&mut self, vm: CandidateVm, last: DateTime<Utc>) {
        self.candidates.push(Cand { vm, last });
    }

    fn status_of(&self, c: &Cand) -> StatusFilter {
        if c.vm.stopped.is_some() {
            return StatusFilter::Stopped;
        }
        match c
            .vm
            .assessment_id
            .as_ref()
            .and_then(|a| self.assessments.get(a))
        {
            Some(a) if a.finalised => StatusFilter::Finalised,
            Some(_) => StatusFilter::InAssessment,
            None => StatusFilter::Active,
        }
    }

    fn matching<'a>(&'a self, q: &'a CandidateQuery) -> impl Iterator<Item = &'a Cand> + 'a {
        let name = q.name.to_lowercase();
        self.candidates.iter().filter(move |c| {
            c.vm.name.to_lowercase().contains(&name)
                && (q.status == StatusFilter::All || self.status_of(c) == q.status)
        })
    }
}

fn upsert<T>(v: &mut Vec<T>, same: impl Fn(&T) -> bool, item: T) {
    match v.iter_mut().find(|x| same(x)) {
        Some(x) => *x = item,
        None => v.push(item),
    }
}

impl Backend for MemoryBackend {
    fn session(&self) -> BResult<Option<Session>> {
        Ok(self.session.clone())
    }

    fn first_run(&mut self, centre: &str, assessor: &str, _now: DateTime<Utc>) -> BResult<Session> {
        self.writable()?;
        let s = Session {
            centre_id: self.id("centre"),
            centre_name: centre.to_string(),
            assessor_id: self.id("person"),
            assessor_name: assessor.to_string(),
        };
        self.session = Some(s.clone());
        Ok(s)
    }

    fn load_demo(&mut self, model: &Model, _session: &Session, now: DateTime<Utc>) -> BResult<()> {
        self.writable()?;
        let names = [
            "Ada Rossi",
            "Bram de Vries",
            "Chiara Bianchi",
            "Dorota Nowak",
        ];
        for (i, name) in names.iter().enumerate() {
            let claimed = model
                .competences
                .iter()
                .skip(i)
                .take(2)
                .map(|c| c.id.clone())
                .collect();
            let id = self.id("cand");
            self.candidates.push(Cand {
                vm: CandidateVm {
                    id,
                    name: (*name).to_string(),
                    tutor_id: None,
                    tutor_name: Some("Tina Tutor".into()),
                    step: Step::Documentation,
                    stopped: None,
                    claimed,
                    evidence: Vec::new(),
                    assessment_id: None,
                },
                last: now,
            });
        }
        Ok(())
    }

    fn count_candidates(&self, q: &CandidateQuery) -> BResult<usize> {
        Ok(self.matching(q).count())
    }

    fn list_candidates(
        &self,
        q: &CandidateQuery,
        limit: usize,
        offset: usize,
    ) -> BResult<Vec<CandidateRowVm>> {
        Ok(self
            .matching(q)
            .skip(offset)
            .take(limit)
            .map(|c| CandidateRowVm {
                id: c.vm.id.clone(),
                name: c.vm.name.clone(),
                step: c.vm.step,
                status: self.status_of(c),
                last_activity: c.last,
            })
            .collect())
    }

    fn create_candidate(
        &mut self,
        _session: &Session,
        name: &str,
        claimed: &[String],
        now: DateTime<Utc>,
    ) -> BResult<String> {
        self.writable()?;
        let id = self.id("cand");
        self.candidates.push(Cand {
            vm: CandidateVm {
                id: id.clone(),
                name: name.to_string(),
                tutor_id: None,
                tutor_name: None,
                step: Step::Documentation,
                stopped: None,
                claimed: claimed.to_vec(),
                evidence: Vec::new(),
                assessment_id: None,
            },
            last: now,
        });
        Ok(id)
    }

    fn candidate(&self, id: &str) -> BResult<CandidateVm> {
        self.candidates
            .iter()
            .find(|c| c.vm.id == id)
            .map(|c| c.vm.clone())
            .ok_or_else(|| BackendError(format!("no candidate with id {id}")))
    }

    fn start_assessment(
        &mut self,
        session: &Session,
        candidate_id: &str,
        _model: &Model,
        now: DateTime<Utc>,
    ) -> BResult<String> {
        self.writable()?;
        let id = self.id("assessment");
        let cand = self
            .candidates
            .iter_mut()
            .find(|c| c.vm.id == candidate_id)
            .ok_or_else(|| BackendError(format!("no candidate with id {candidate_id}")))?;
        if cand.vm.tutor_id.as_deref() == Some(session.assessor_id.as_str()) {
            return Err(BackendError(
                "the assessor is this candidate's tutor".into(),
            ));
        }
        cand.vm.assessment_id = Some(id.clone());
        cand.vm.step = Step::Assessment;
        cand.last = now;
        self.assessments.insert(
            id.clone(),
            AssessmentVm {
                id: id.clone(),
                ..AssessmentVm::default()
            },
        );
        Ok(id)
    }

    fn assessment(&self, id: &str) -> BResult<AssessmentVm> {
        self.assessments
            .get(id)
            .cloned()
            .ok_or_else(|| BackendError(format!("no assessment with id {id}")))
    }

    fn save_verdict(
        &mut self,
        assessment: &str,
        competence: &str,
        criterion: &str,
        verdict: CriterionVerdict,
        note: &str,
        _now: DateTime<Utc>,
    ) -> BResult<()> {
        let a = self.open(assessment)?;
        upsert(
            &mut a.verdicts,
            |v| v.0 == competence && v.1 == criterion,
            (competence.into(), criterion.into(), verdict, note.into()),
        );
        Ok(())
    }

    fn save_note(
        &mut self,
        assessment: &str,
        competence: &str,
        question: u32,
        text: &str,
        _now: DateTime<Utc>,
    ) -> BResult<()> {
        let a = self.open(assessment)?;
        upsert(
            &mut a.notes,
            |n| n.0 == competence && n.1 == question,
            (competence.into(), question, text.into()),
        );
        Ok(())
    }

    fn add_interview_time(&mut self, assessment: &str, competence: &str, secs: i64) -> BResult<()> {
        let a = self.open(assessment)?;
        match a.interview_seconds.iter_mut().find(|t| t.0 == competence) {
            Some(t) => t.1 += secs,
            None => a.interview_seconds.push((competence.into(), secs)),
        }
        Ok(())
    }

    fn save_rating(
        &mut self,
        assessment: &str,
        competence: &str,
        indicator: &str,
        rating: IndicatorRating,
        _now: DateTime<Utc>,
    ) -> BResult<()> {
        let a = self.open(assessment)?;
        upsert(
            &mut a.ratings,
            |r| r.0 == competence && r.1 == indicator,
            (competence.into(), indicator.into(), rating),
        );
        Ok(())
    }

    fn save_score(
        &mut self,
        assessment: &str,
        score: &ScoreVm,
        _now: DateTime<Utc>,
    ) -> BResult<()> {
        let a = self.open(assessment)?;
        upsert(
            &mut a.scores,
            |s| s.competence_id == score.competence_id,
            score.clone(),
        );
        Ok(())
    }

    fn save_decision(
        &mut self,
        assessment: &str,
        competence: &str,
        decision: Decision,
        reasons: &str,
        _now: DateTime<Utc>,
    ) -> BResult<()> {
        let a = self.open(assessment)?;
        upsert(
            &mut a.decisions,
            |d| d.0 == competence,
            (competence.into(), decision, reasons.into()),
        );
        Ok(())
    }

    fn finalise(&mut self, assessment: &str, _now: DateTime<Utc>) -> BResult<()> {
        self.open(assessment)?.finalised = true;
        Ok(())
    }

    fn issue_records(
        &mut self,
        assessment: &str,
        _hook: Option<&mut IssueHook>,
    ) -> BResult<IssueReport> {
        self.writable()?;
        let finalised = self.assessments.get(assessment).map(|a| a.finalised);
        if finalised != Some(true) {
            return Err(BackendError("the assessment is not finalised".into()));
        }
        self.issued.borrow_mut().push(assessment.to_string());
        Ok(IssueReport {
            dir: format!("memory/certificates/{assessment}"),
            credentials: 1,
        })
    }

    fn get_state(&self, key: &str) -> BResult<Option<String>> {
        Ok(self.state.get(key).cloned())
    }

    fn set_state(&mut self, key: &str, value: &str) -> BResult<()> {
        self.writable()?;
        self.state.insert(key.into(), value.into());
        Ok(())
    }
}
