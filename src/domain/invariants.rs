//! What must hold of every finalised assessment, whatever path led to it (D4–D7). Used to
//! check data that did not come through `command::apply` (the demo generator, imports) and
//! by the property tests; `command::apply` keeps these true by construction.

use chrono::NaiveDate;

use super::assessment::AssessmentState;
use super::model::Model;
use super::portfolio::CheckStatus;
use super::scales::Decision;
use super::scoring::Outcome;

/// Every rule a finalised assessment breaks, in words; empty when it breaks none.
pub fn violations(state: &AssessmentState, model: &Model, today: NaiveDate) -> Vec<String> {
    let mut out = Vec::new();
    if !state.finalised {
        return out;
    }
    let today = state.judged_on(today);
    if state.assessor_is_tutor() {
        out.push("D2: the assessor is the candidate's tutor".to_string());
    }
    for c in &state.competences {
        let id = &c.competence_id;
        if c.decision == Decision::Pending {
            out.push(format!("{id}: finalised with no decision"));
        }
        if let Some(level) = &c.level {
            if level.overridden()
                && level
                    .justification
                    .as_deref()
                    .unwrap_or("")
                    .trim()
                    .is_empty()
            {
                out.push(format!("{id}: D4 override without justification"));
            }
            if c.suggestion(model).outcome() != Some(level.suggested) {
                out.push(format!(
                    "{id}: D4 level confirmed against a suggestion the ratings no longer give"
                ));
            }
        }
        if c.decision != Decision::Validated {
            continue;
        }
        match c.level.as_ref().map(|l| l.chosen) {
            Some(Outcome::Level(_)) => {}
            _ => out.push(format!(
                "{id}: D5 validated without a level of at least Basic"
            )),
        }
        if c.check(model, today).status != CheckStatus::Passed {
            out.push(format!(
                "{id}: D5/D6 validated without a passed portfolio check"
            ));
        }
        if !c.interviewed() {
            out.push(format!("{id}: D7 validated without an interview record"));
        }
        if c.complexity.complete().is_none() {
            out.push(format!(
                "{id}: D4 validated without context, task and autonomy"
            ));
        }
        if c.reasons.trim().is_empty() {
            out.push(format!("{id}: D9 validated without reasons for the badge"));
        }
    }
    out
}
