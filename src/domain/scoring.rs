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
    let reached = |denominator: usize| {
        [
            OutcomeLevel::Expert,
            OutcomeLevel::Accomplished,
            OutcomeLevel::Basic,
        ]
        .into_iter()
        .find(|level| {
            rules
                .level_share
                .reached(at_least(&applicable, *level), denominator)
        })
    };
    let Some(level) = reached(n) else {
        // Unreachable for valid rules: with no NotShown every applicable rating is at least
        // Basic, so the Basic share is n of n. A rule with a share above 1 lands here.
        return ready(
            Outcome::NotAssessable,
            format!(
                "Not assessable, because no level reaches the required share of {n} indicators."
            ),
        );
    };
    let k = at_least(&applicable, level);
    let mut sentence = match level {
        OutcomeLevel::Expert => {
            format!(
                "Expert, because {k} of {n} applicable indicators are Expert and none is below Basic"
            )
        }
        OutcomeLevel::Accomplished => format!(
            "Accomplished, because {k} of {n} applicable indicators are Accomplished or better and none is below Basic"
        ),
        OutcomeLevel::Basic => {
            format!("Basic, because all {n} applicable indicators are at least Basic")
        }
    };
    // Say why the next level up was missed: the count it needs and the count it has.
    let above = match level {
        OutcomeLevel::Basic => Some(OutcomeLevel::Accomplished),
        OutcomeLevel::Accomplished => Some(OutcomeLevel::Expert),
        OutcomeLevel::Expert => None,
    };
    if let Some(up) = above {
        let need = needed(rules, n);
        let have = at_least(&applicable, up);
        let or_better = if up == OutcomeLevel::Expert {
            ""
        } else {
            " or better"
        };
        sentence.push_str(&format!(
            "; {up} needs {need} of {n} at {up}{or_better}, and {have} {}",
            if have == 1 { "is" } else { "are" }
        ));
    }
    let not_applicable = total - n;
    if not_applicable > 0 {
        let counted = reached(total).map_or("below Basic".to_string(), |l| l.label().to_string());
        sentence.push_str(&format!(
            "; {not_applicable} Not applicable {} left out",
            if not_applicable == 1 {
                "indicator is"
            } else {
                "indicators are"
            }
        ));
        if counted != level.label() {
            sentence.push_str(&format!(
                " (counted as not reached, the level would be {counted})"
            ));
        }
    }
    sentence.push('.');
    ready(Outcome::Level(level), sentence)
}

/// How many applicable ratings are at `level` or above.
fn at_least(applicable: &[IndicatorRating], level: OutcomeLevel) -> usize {
    applicable
        .iter()
        .filter(|r| r.level().is_some_and(|l| l >= level))
        .count()
}

/// The smallest count of `n` that reaches the level share.
fn needed(rules: &ScoringRules, n: usize) -> usize {
    (0..=n)
        .find(|k| rules.level_share.reached(*k, n))
        .unwrap_or(n)
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
