//! The decision per competence (DOMAIN.md D5, 4.3(5)). Each competence is decided on its own.

use serde::{Deserialize, Serialize};

use super::error::DomainError;
use super::portfolio::CheckStatus;
use super::scales::Decision;
use super::scoring::Outcome;

/// Everything the decision depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionFacts {
    /// The assessor's final outcome (after confirm or override), if chosen.
    pub outcome: Option<Outcome>,
    pub portfolio: CheckStatus,
    /// The assessor is the candidate's tutor (must never sign off).
    pub assessor_is_tutor: bool,
}

/// The decision the facts lead to; the assessor may record it or a stricter one.
pub fn proposed(facts: &DecisionFacts) -> Decision {
    match facts.outcome {
        None => Decision::Pending,
        Some(Outcome::NotAssessable) => Decision::NotAssessable,
        Some(Outcome::NotValidated) => Decision::NotValidated,
        Some(Outcome::Level(_)) => {
            if validation_blocker(facts).is_none() {
                Decision::Validated
            } else {
                Decision::NotValidated
            }
        }
    }
}

/// Checks that `wanted` is allowed by the facts. Validated needs a level of at least Basic,
/// a passed portfolio check and an independent assessor.
pub fn check(wanted: Decision, facts: &DecisionFacts) -> Result<Decision, DomainError> {
    if facts.assessor_is_tutor && wanted != Decision::Pending {
        return Err(DomainError::AssessorIsTutor);
    }
    if wanted == Decision::Validated
        && let Some(why) = validation_blocker(facts)
    {
        return Err(DomainError::CannotValidate(why));
    }
    Ok(wanted)
}

fn validation_blocker(facts: &DecisionFacts) -> Option<String> {
    if facts.assessor_is_tutor {
        return Some("the assessor is the candidate's tutor".into());
    }
    match facts.outcome {
        Some(Outcome::Level(_)) => {}
        Some(other) => return Some(format!("the outcome is {}", other.label())),
        None => return Some("no learning-outcome level chosen yet".into()),
    }
    match facts.portfolio {
        CheckStatus::Passed => None,
        CheckStatus::Failed => Some("the portfolio check failed".into()),
        CheckStatus::Pending => Some("the portfolio check is not complete".into()),
    }
}
