//! What is next for a candidate on the tutor's side, in a few words, read from the
//! dossier: the path's step and status, consent, claims, stories, readiness and the
//! request. Shown in the tutor's list and on the dossier. It reads the domain's answers
//! (`readiness`, the path); it decides nothing.
//!
//! Pure: no store, no terminal.

use chrono::NaiveDate;

use crate::domain::dossier::Dossier;
use crate::domain::dossier::readiness::readiness;
use crate::domain::model::Model;
use crate::domain::process::{PathStatus, Step};

pub fn what_next(d: &Dossier, model: &Model, today: NaiveDate) -> String {
    match &d.path.status {
        PathStatus::Stopped { reason } => return format!("stopped: {reason}"),
        PathStatus::Completed => return "path complete; the plan is made".into(),
        PathStatus::Active => {}
    }
    let code = |id: &str| {
        model
            .competence(id)
            .map_or(id.to_string(), |c| c.code.clone())
    };
    if d.consent.is_none() && d.path.step <= Step::Documentation {
        return "record the candidate's consent".into();
    }
    match d.path.step {
        Step::Awareness => "cards and goal; then on to Identification".into(),
        Step::Identification if d.claimed.is_empty() => "self-assessment; claim competences".into(),
        Step::Identification if d.stories.is_empty() => "a STARRTT story per claim".into(),
        Step::Identification => "on to Documentation".into(),
        Step::Documentation if d.request.is_some() => "assessment requested".into(),
        Step::Documentation => {
            let r = readiness(d, model, today);
            match r.iter().find(|r| !r.ready()) {
                Some(x) => format!(
                    "{}: {}",
                    code(&x.competence),
                    x.missing.first().cloned().unwrap_or_default()
                ),
                None => "ready: request the assessment".into(),
            }
        }
        Step::Assessment => "with the assessor".into(),
        Step::Certification | Step::LookingAhead if d.plan.is_empty() => {
            "the development plan".into()
        }
        Step::Certification | Step::LookingAhead => "review the plan; finish it".into(),
    }
}
