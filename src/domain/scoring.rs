//! The semi-automated suggestion of the learning-outcome level (DOMAIN.md D4, 4.3(2)),
//! and the assessor's confirm-or-override choice.

use serde::{Deserialize, Serialize};

use super::error::DomainError;
use super::model::ScoringRules;
use super::scales::{IndicatorRating, OutcomeLevel};

/// What the ratings support for one competence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Outcome {
    Level(OutcomeLevel),
    /// At least one applicable indicator was not shown ("to improve").
    NotValidated,
    /// Too few indicators apply to judge.
    NotAssessable,
}

impl Outcome {
    pub const ALL: [Outcome; 5] = [
        Outcome::Level(OutcomeLevel::Basic),
        Outcome::Level(OutcomeLevel::Accomplished),
        Outcome::Level(OutcomeLevel::Expert),
        Outcome::NotValidated,
        Outcome::NotAssessable,
    ];

    /// Stable code: a level code, `not_validated` or `not_assessable`.
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Level(l) => l.code(),
            Outcome::NotValidated => "not_validated",
            Outcome::NotAssessable => "not_assessable",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        match s {
            "not_validated" => Some(Outcome::NotValidated),
            "not_assessable" => Some(Outcome::NotAssessable),
            other => OutcomeLevel::from_code(other).map(Outcome::Level),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Outcome::Level(l) => l.label(),
            Outcome::NotValidated => "Not validated (to improve)",
            Outcome::NotAssessable => "Not assessable",
        }
    }

    pub fn level(self) -> Option<OutcomeLevel> {
        match self {
            Outcome::Level(l) => Some(l),
            _ => None,
        }
    }
}

/// The tool's suggestion, or why it cannot suggest yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Suggestion {
    /// Some indicators are still unrated.
    Incomplete { rated: usize, total: usize },
    Ready {
        outcome: Outcome,
        explanation: String,
    },
}

impl Suggestion {
    pub fn outcome(&self) -> Option<Outcome> {
        match self {
            Suggestion::Ready { outcome, .. } => Some(*outcome),
            Suggestion::Incomplete { .. } => None,
        }
    }

    /// One sentence the assessor can read aloud.
    pub fn explanation(&self) -> String {
        match self {
            Suggestion::Ready { explanation, .. } => explanation.clone(),
            Suggestion::Incomplete { rated, total } => {
                format!("{} of {total} indicators still to rate.", total - rated)
            }
        }
    }
}

/// Suggests the outcome from one rating slot per indicator (`None` = not rated yet).
///
/// Total over every input: order of the ratings never matters, and every threshold is
/// compared in integers so edges are exact.
pub fn suggest(ratings: &[Option<IndicatorRating>], rules: &ScoringRules) -> Suggestion {
    let total = ratings.len();
    let rated: Vec<IndicatorRating> = ratings.iter().flatten().copied().collect();
    if rated.len() < total || total == 0 {
        return Suggestion::Incomplete {
            rated: rated.len(),
            total,
        };
    }
    let applicable: Vec<IndicatorRating> = rated
        .into_iter()
        .filter(|r| *r != IndicatorRating::NotApplicable)
        .collect();
    let n = applicable.len();
    if n == 0 || !rules.min_applicable.reached(n, total) {
        return ready(
            Outcome::NotAssessable,
            format!(
                "Not assessable, because only {n} of {total} indicators apply (at least {}/{} must).",
                rules.min_applicable.num, rules.min_applicable.den
            ),
        );
    }
    let not_shown = applicable
        .iter()
        .filter(|r| **r == IndicatorRating::NotShown)
        .count();
    if not_shown > 0 {
        return ready(
            Outcome::NotValidated,
            format!(
                "Not validated (to improve), because {not_shown} of {n} applicable indicators {} not shown.",
                if not_shown == 1 { "was" } else { "were" }
            ),
        );
    }
    for level in [
        OutcomeLevel::Expert,
        OutcomeLevel::Accomplished,
        OutcomeLevel::Basic,
    ] {
        let at_least = applicable
            .iter()
            .filter(|r| r.level().is_some_and(|l| l >= level))
            .count();
        if rules.level_share.reached(at_least, n) {
            let tail = if level == OutcomeLevel::Basic {
                "every applicable indicator is at least Basic".to_string()
            } else {
                "none is below Basic".to_string()
            };
            let or_better = if level == OutcomeLevel::Expert {
                ""
            } else {
                " or better"
            };
            return ready(
                Outcome::Level(level),
                format!(
                    "{level}, because {at_least} of {n} applicable indicators are {level}{or_better} and {tail}."
                ),
            );
        }
    }
    // Unreachable for valid rules: with no NotShown every applicable rating is at least
    // Basic, so the Basic share is n of n. A rule with a share above 1 lands here.
    ready(
        Outcome::NotAssessable,
        format!("Not assessable, because no level reaches the required share of {n} indicators."),
    )
}

fn ready(outcome: Outcome, explanation: String) -> Suggestion {
    Suggestion::Ready {
        outcome,
        explanation,
    }
}

/// The assessor's final level: the suggestion confirmed, or overridden with a reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelChoice {
    pub suggested: Outcome,
    pub chosen: Outcome,
    pub justification: Option<String>,
}

impl LevelChoice {
    pub fn overridden(&self) -> bool {
        self.suggested != self.chosen
    }
}

/// Confirms (`chosen == suggested`) or overrides; an override needs a non-blank reason.
pub fn choose_level(
    suggested: Outcome,
    chosen: Outcome,
    justification: &str,
) -> Result<LevelChoice, DomainError> {
    let text = justification.trim();
    if suggested != chosen && text.is_empty() {
        return Err(DomainError::JustificationRequired);
    }
    Ok(LevelChoice {
        suggested,
        chosen,
        justification: (!text.is_empty()).then(|| text.to_string()),
    })
}
