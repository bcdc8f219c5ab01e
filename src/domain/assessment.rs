//! Where one claimed competence stands in a formal assessment, and whether the whole
//! assessment can be finalised. Built from stored rows; decides nothing on its own.

use serde::{Deserialize, Serialize};

use super::decision::{self, DecisionFacts};
use super::error::DomainError;
use super::model::{Competence, Model};
use super::portfolio::{self, CheckResult, CriterionJudgement};
use super::scales::{Complexity, ComplexityProfile, Decision, IndicatorRating};
use super::scoring::{self, LevelChoice, Suggestion};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PartialComplexity {
    pub context: Option<Complexity>,
    pub task: Option<Complexity>,
    pub autonomy: Option<Complexity>,
}

impl PartialComplexity {
    pub fn complete(&self) -> Option<ComplexityProfile> {
        Some(ComplexityProfile {
            context: self.context?,
            task: self.task?,
            autonomy: self.autonomy?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompetenceState {
    pub competence_id: String,
    pub portfolio: Vec<CriterionJudgement>,
    /// One slot per model indicator, in model order.
    pub ratings: Vec<Option<IndicatorRating>>,
    pub complexity: PartialComplexity,
    pub level: Option<LevelChoice>,
    pub decision: Decision,
    /// The assessor's reasons; they go into the badge's evidence narrative.
    pub reasons: String,
}

impl CompetenceState {
    /// An empty state with one rating slot per indicator of `competence`.
    pub fn new(competence: &Competence) -> Self {
        CompetenceState {
            competence_id: competence.id.clone(),
            portfolio: Vec::new(),
            ratings: vec![None; competence.indicators.len()],
            complexity: PartialComplexity::default(),
            level: None,
            decision: Decision::Pending,
            reasons: String::new(),
        }
    }

    pub fn check(&self, model: &Model) -> CheckResult {
        portfolio::evaluate(&model.portfolio_check, &self.portfolio)
    }

    pub fn suggestion(&self, model: &Model) -> Suggestion {
        scoring::suggest(&self.ratings, &model.scoring)
    }

    pub fn facts(&self, model: &Model, assessor_is_tutor: bool) -> DecisionFacts {
        DecisionFacts {
            outcome: self.level.as_ref().map(|l| l.chosen),
            portfolio: self.check(model).status,
            assessor_is_tutor,
        }
    }

    pub fn proposed_decision(&self, model: &Model, assessor_is_tutor: bool) -> Decision {
        decision::proposed(&self.facts(model, assessor_is_tutor))
    }

    /// What still has to be done before this competence can be signed off.
    pub fn missing(&self, model: &Model) -> Vec<String> {
        let mut out = Vec::new();
        let check = self.check(model);
        if check.status == portfolio::CheckStatus::Pending {
            out.push("portfolio check incomplete".to_string());
        }
        let unrated = self.ratings.iter().filter(|r| r.is_none()).count();
        if unrated > 0 {
            out.push(format!("{unrated} indicators unrated"));
        }
        if self.level.is_none() {
            out.push("level not confirmed".to_string());
        }
        if self.decision == Decision::Pending {
            out.push("no decision".to_string());
        }
        if self.decision == Decision::Validated {
            if self.complexity.complete().is_none() {
                out.push("complexity incomplete".to_string());
            }
            if self.reasons.trim().is_empty() {
                out.push("reasons for validation missing".to_string());
            }
        }
        out
    }
}

/// Sign-off is refused while anything is missing or the assessor is the tutor.
pub fn ready_to_finalise(
    model: &Model,
    states: &[CompetenceState],
    assessor_is_tutor: bool,
) -> Result<(), DomainError> {
    if assessor_is_tutor {
        return Err(DomainError::AssessorIsTutor);
    }
    if states.is_empty() {
        return Err(DomainError::NotReady("no competence claimed".into()));
    }
    let gaps: Vec<String> = states
        .iter()
        .filter_map(|s| {
            let missing = s.missing(model);
            let name = model
                .competence(&s.competence_id)
                .map_or(s.competence_id.as_str(), |c| c.name.as_str());
            (!missing.is_empty()).then(|| format!("{name}: {}", missing.join(", ")))
        })
        .collect();
    if gaps.is_empty() {
        Ok(())
    } else {
        Err(DomainError::NotReady(gaps.join("; ")))
    }
}
