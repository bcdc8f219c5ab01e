//! One formal assessment as the domain sees it: the aggregate every command is applied to.
//! Built by the store from its rows; changed only through `command::apply`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::decision::{self, DecisionFacts};
use super::model::{Competence, Model};
use super::portfolio::{self, CheckResult, CriterionJudgement, EvidenceFacts};
use super::process::CandidatePath;
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
    /// One judgement per model criterion, in model order.
    pub portfolio: Vec<CriterionJudgement>,
    /// One slot per model indicator, in model order.
    pub ratings: Vec<Option<IndicatorRating>>,
    pub complexity: PartialComplexity,
    pub level: Option<LevelChoice>,
    pub decision: Decision,
    /// The assessor's reasons; they go into the badge's evidence narrative.
    pub reasons: String,
    /// The candidate's evidence items for this competence (read-only here).
    pub evidence: Vec<EvidenceFacts>,
    /// Interview notes by question index: the interview record (D7).
    pub notes: BTreeMap<u32, String>,
    /// Interview seconds recorded so far (paradata).
    pub seconds: i64,
}

impl CompetenceState {
    /// An empty state with one slot per criterion and indicator of `competence`.
    pub fn new(model: &Model, competence: &Competence) -> Self {
        CompetenceState {
            competence_id: competence.id.clone(),
            portfolio: model
                .portfolio_check
                .criteria
                .iter()
                .map(|c| CriterionJudgement {
                    criterion_id: c.id.clone(),
                    verdict: None,
                    note: String::new(),
                })
                .collect(),
            ratings: vec![None; competence.indicators.len()],
            complexity: PartialComplexity::default(),
            level: None,
            decision: Decision::Pending,
            reasons: String::new(),
            evidence: Vec::new(),
            notes: BTreeMap::new(),
            seconds: 0,
        }
    }

    /// The portfolio check against the current evidence (D6).
    pub fn check(&self, model: &Model, today: NaiveDate) -> CheckResult {
        portfolio::evaluate_with_evidence(
            &model.portfolio_check,
            &self.portfolio,
            &self.evidence,
            today,
        )
    }

    pub fn suggestion(&self, model: &Model) -> Suggestion {
        scoring::suggest(&self.ratings, &model.scoring)
    }

    /// At least one interview note with text: the competence was discussed (D7).
    pub fn interviewed(&self) -> bool {
        self.notes.values().any(|t| !t.trim().is_empty())
    }

    pub fn note(&self, question: u32) -> &str {
        self.notes.get(&question).map_or("", String::as_str)
    }

    pub fn facts(&self, model: &Model, today: NaiveDate, assessor_is_tutor: bool) -> DecisionFacts {
        let check = self.check(model, today);
        DecisionFacts {
            outcome: self.level.as_ref().map(|l| l.chosen),
            portfolio: check.status,
            // Criterion names only: the notes are on the portfolio screen, and the sentence
            // this goes into must fit the status line.
            portfolio_failure: check.failed_short.join(", "),
            assessor_is_tutor,
            interviewed: self.interviewed(),
        }
    }

    /// What still has to be done before this competence can be signed off, as things to do.
    pub fn missing(&self, model: &Model, today: NaiveDate, assessor_is_tutor: bool) -> Vec<String> {
        let mut out = Vec::new();
        match self.decision {
            Decision::Pending => {
                let check = self.check(model, today);
                if check.status == portfolio::CheckStatus::Pending {
                    out.push("portfolio check incomplete".to_string());
                }
                let unrated = self.ratings.iter().filter(|r| r.is_none()).count();
                if unrated > 0 && check.status != portfolio::CheckStatus::Failed {
                    let noun = if unrated == 1 {
                        "indicator"
                    } else {
                        "indicators"
                    };
                    out.push(format!("{unrated} {noun} unrated"));
                }
                if self.level.is_none() && check.status != portfolio::CheckStatus::Failed {
                    out.push("level not confirmed".to_string());
                }
                out.push("no decision".to_string());
            }
            Decision::Validated => {
                let facts = self.facts(model, today, assessor_is_tutor);
                if let Some(why) = decision::validation_blocker(&facts) {
                    out.push(format!("Validated, but {why}"));
                }
                if self.complexity.complete().is_none() {
                    out.push("complexity incomplete".to_string());
                }
                if self.reasons.trim().is_empty() {
                    out.push("reasons for validation missing".to_string());
                }
            }
            Decision::NotValidated | Decision::NotAssessable => {}
        }
        out
    }
}

/// The aggregate: one formal assessment with everything its rules need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentState {
    pub id: String,
    pub candidate_id: String,
    pub assessor_id: String,
    pub assessor_name: String,
    pub tutor_id: Option<String>,
    pub model_id: String,
    pub model_version: String,
    /// Bumped by every committed change; a write against an older revision is refused.
    pub revision: i64,
    pub finalised: bool,
    /// The day of sign-off: a finalised record keeps the judgement it was signed on.
    pub finalised_on: Option<NaiveDate>,
    /// The candidate's path, moved on by finalising (D1).
    pub path: CandidatePath,
    /// One state per claimed competence the model knows, in model order.
    pub competences: Vec<CompetenceState>,
    /// Claimed competence ids the loaded model does not know (shown, never dropped).
    pub unknown: Vec<String>,
}

impl AssessmentState {
    pub fn assessor_is_tutor(&self) -> bool {
        self.tutor_id.as_deref() == Some(self.assessor_id.as_str())
    }

    /// The day time-bound facts (evidence currency) are judged on: the day of sign-off once
    /// finalised, so a record does not change its verdicts as its evidence ages; else today.
    pub fn judged_on(&self, today: NaiveDate) -> NaiveDate {
        self.finalised_on.unwrap_or(today)
    }

    pub fn competence(&self, id: &str) -> Option<&CompetenceState> {
        self.competences.iter().find(|c| c.competence_id == id)
    }

    pub fn total_seconds(&self) -> i64 {
        self.competences.iter().map(|c| c.seconds).sum()
    }

    /// The model this assessment was made with, as "id version".
    pub fn model_label(&self) -> String {
        format!("{} {}", self.model_id, self.model_version)
    }

    /// Why this assessment cannot be changed with `model` by `actor`, if it cannot.
    pub fn write_blocker(&self, model: &Model, actor: &str) -> Option<super::DomainError> {
        if self.finalised {
            return Some(super::DomainError::Finalised);
        }
        if self.model_id != model.id || self.model_version != model.version {
            return Some(super::DomainError::ModelMismatch {
                recorded: self.model_label(),
                loaded: format!("{} {}", model.id, model.version),
            });
        }
        if let super::process::PathStatus::Stopped { reason } = &self.path.status {
            return Some(super::DomainError::Invalid(format!(
                "the candidate stopped at {} ({reason}); resume the path on the overview first",
                self.path.step.label()
            )));
        }
        if !self.unknown.is_empty() {
            return Some(super::DomainError::Invalid(format!(
                "claimed competences unknown to the loaded model: {}; it is read-only",
                self.unknown.join(", ")
            )));
        }
        if actor != self.assessor_id {
            return Some(super::DomainError::NotYourAssessment(
                self.assessor_name.clone(),
            ));
        }
        None
    }
}
