//! The open assessment as the TUI holds it: domain states per claimed competence, notes per
//! question and interview time, rebuilt from what the backend returns.
//!
//! Pure data; must not depend on the terminal or the backend implementation.

use std::collections::BTreeMap;

use super::backend::{AssessmentVm, CandidateVm};
use crate::domain::assessment::CompetenceState;
use crate::domain::model::{Competence, Model};
use crate::domain::portfolio::CriterionJudgement;
use crate::domain::scoring::Suggestion;

#[derive(Debug, Clone, PartialEq)]
pub struct Work {
    pub id: String,
    pub finalised: bool,
    /// One state per claimed competence known to the model, in claim order.
    pub states: Vec<CompetenceState>,
    /// (competence, question index) → saved note text.
    pub notes: BTreeMap<(String, u32), String>,
    /// Interview seconds already recorded per competence.
    pub seconds: BTreeMap<String, i64>,
}

impl Work {
    pub fn from_vm(model: &Model, cand: &CandidateVm, vm: &AssessmentVm) -> Work {
        let states = cand
            .claimed
            .iter()
            .filter_map(|id| model.competence(id))
            .map(|c| state_from_vm(model, c, vm))
            .collect();
        Work {
            id: vm.id.clone(),
            finalised: vm.finalised,
            states,
            notes: vm
                .notes
                .iter()
                .map(|(c, q, t)| ((c.clone(), *q), t.clone()))
                .collect(),
            seconds: vm.interview_seconds.iter().cloned().collect(),
        }
    }

    pub fn note(&self, competence: &str, q: u32) -> &str {
        self.notes
            .get(&(competence.to_string(), q))
            .map_or("", String::as_str)
    }

    pub fn total_seconds(&self) -> i64 {
        self.seconds.values().sum()
    }
}

fn state_from_vm(model: &Model, c: &Competence, vm: &AssessmentVm) -> CompetenceState {
    let mut st = CompetenceState::new(c);
    st.portfolio = model
        .portfolio_check
        .criteria
        .iter()
        .map(|crit| {
            let found = vm.verdicts.iter().find(|v| v.0 == c.id && v.1 == crit.id);
            CriterionJudgement {
                criterion_id: crit.id.clone(),
                verdict: found.map(|v| v.2),
                note: found.map(|v| v.3.clone()).unwrap_or_default(),
            }
        })
        .collect();
    for (i, ind) in c.indicators.iter().enumerate() {
        st.ratings[i] = vm
            .ratings
            .iter()
            .find(|r| r.0 == c.id && r.1 == ind.id)
            .map(|r| r.2);
    }
    if let Some(s) = vm.scores.iter().find(|s| s.competence_id == c.id) {
        st.level = s.level.clone();
        st.complexity = s.complexity.clone();
    }
    if let Some(d) = vm.decisions.iter().find(|d| d.0 == c.id) {
        st.decision = d.1;
        st.reasons = d.2.clone();
    }
    st
}

/// The suggestion line shown on the scoring screen: outcome label and its one-line reason.
pub fn suggestion_line(s: &Suggestion) -> String {
    // The explanation already starts with the outcome ("Accomplished, because …").
    format!("Suggested: {}", s.explanation())
}
