//! What the store does with a change set, restated here: each change written as a row.
//! Used by check (g) of the property test: replaying a change set on the old state must give
//! the state the command produced, so the change set holds everything that changed.

use leverup::domain::assessment::AssessmentState;
use leverup::domain::changes::{Change, ChangeSet};
use leverup::domain::model::Model;

use super::name_of;

pub fn replay(model: &Model, old: &AssessmentState, cs: &ChangeSet) -> AssessmentState {
    let mut s = old.clone();
    for change in cs.changes() {
        let competence = |s: &mut AssessmentState, id: &str| {
            s.competences
                .iter()
                .position(|c| c.competence_id == id)
                .unwrap_or_else(|| panic!("change names unclaimed competence {id}"))
        };
        match change {
            Change::Verdict {
                competence: id,
                criterion,
                verdict,
                note,
            } => {
                let i = competence(&mut s, id);
                let j = s.competences[i]
                    .portfolio
                    .iter_mut()
                    .find(|j| j.criterion_id == *criterion)
                    .expect("criterion");
                j.verdict = Some(*verdict);
                j.note = note.clone();
            }
            Change::Note {
                competence: id,
                question,
                text,
            } => {
                let i = competence(&mut s, id);
                s.competences[i].notes.insert(*question, text.clone());
            }
            Change::InterviewTime {
                competence: id,
                seconds,
            } => {
                let i = competence(&mut s, id);
                s.competences[i].seconds += seconds;
            }
            Change::Rating {
                competence: id,
                indicator,
                rating,
            } => {
                let i = competence(&mut s, id);
                let k = model
                    .competence(id)
                    .expect("model competence")
                    .indicators
                    .iter()
                    .position(|x| x.id == *indicator)
                    .expect("indicator id");
                s.competences[i].ratings[k] = Some(*rating);
            }
            Change::Score {
                competence: id,
                level,
                complexity,
            } => {
                let i = competence(&mut s, id);
                s.competences[i].level = level.clone();
                s.competences[i].complexity = complexity.clone();
            }
            Change::Decision {
                competence: id,
                decision,
                reasons,
            } => {
                let i = competence(&mut s, id);
                s.competences[i].decision = *decision;
                s.competences[i].reasons = reasons.clone();
            }
            Change::Finalised => {
                s.finalised = true;
                // The change carries no date: the store stamps sign-off with its clock.
                s.finalised_on = cs.state().finalised_on;
            }
            Change::Assessor { from, to } => {
                assert_eq!(
                    *from, s.assessor_id,
                    "Assessor change from the wrong person"
                );
                s.assessor_id = to.clone();
                s.assessor_name = name_of(to);
            }
            Change::Path { from, to } => {
                assert_eq!(*from, s.path, "Path change from the wrong path");
                s.path = to.clone();
            }
        }
    }
    if !cs.is_empty() && !cs.commutes() {
        s.revision += 1;
    }
    s
}
