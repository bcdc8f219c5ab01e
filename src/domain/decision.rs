//! The decision per competence (DOMAIN.md D5, 4.3(5)). Each competence is decided on its own.

use serde::{Deserialize, Serialize};

use super::error::DomainError;
use super::portfolio::CheckStatus;
use super::scales::Decision;
use super::scoring::Outcome;

/// Everything the decision depends on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionFacts {
    /// The assessor's final outcome (after confirm or override), if chosen.
    pub outcome: Option<Outcome>,
    pub portfolio: CheckStatus,
    /// Why the portfolio check failed, in words (empty unless failed).
    pub portfolio_failure: String,
    /// The assessor is the candidate's tutor (must never sign off).
    pub assessor_is_tutor: bool,
    /// The interview record holds notes for this competence (D7: portfolio plus interview).
    pub interviewed: bool,
}

/// The decision the facts lead to; the assessor may record it or a stricter one.
/// Pending while anything a decision rests on is still open.
pub fn proposed(facts: &DecisionFacts) -> Decision {
    if facts.portfolio == CheckStatus::Failed {
        return Decision::NotValidated;
    }
    match facts.outcome {
        None => Decision::Pending,
        Some(Outcome::NotAssessable) => Decision::NotAssessable,
        Some(Outcome::NotValidated) => Decision::NotValidated,
        Some(Outcome::Level(_)) => {
            if validation_blocker(facts).is_none() {
                Decision::Validated
            } else {
                Decision::Pending
            }
        }
    }
}

/// Checks that `wanted` is allowed by the facts. Validated needs a level of at least Basic,
/// a passed portfolio check, an interview record and an independent assessor; Not
/// validated and Not assessable certify nothing and are always open to the assessor.
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

/// The decisions the assessor may record now, in the order the decision key cycles them.
pub fn allowed(facts: &DecisionFacts) -> Vec<Decision> {
    Decision::ALL
        .iter()
        .copied()
        .filter(|d| check(*d, facts).is_ok())
        .collect()
}

/// Why Validated is not possible, said as what to do; `None` when it is.
pub fn validation_blocker(facts: &DecisionFacts) -> Option<String> {
    if facts.assessor_is_tutor {
        return Some(
            "the assessor is the candidate's tutor; another assessor must take over".into(),
        );
    }
    match facts.portfolio {
        CheckStatus::Failed => {
            return Some(format!(
                "the portfolio check failed ({}); decide Not validated",
                facts.portfolio_failure
            ));
        }
        CheckStatus::Pending => {
            return Some("the portfolio check is not complete; judge every criterion first".into());
        }
        CheckStatus::Passed => {}
    }
    match facts.outcome {
        Some(Outcome::Level(_)) => {}
        Some(other) => return Some(format!("the level chosen is {}", other.label())),
        None => return Some("no learning-outcome level yet; confirm or override it first".into()),
    }
    if !facts.interviewed {
        return Some(
            "there is no interview record for this competence; write the interview notes first"
                .into(),
        );
    }
    None
}
