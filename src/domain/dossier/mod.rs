//! The candidate's dossier on the tutor's side of the path (DOMAIN.md D1, D8, D10, §3.3
//! steps 1–3 and 5): registration and consent, claimed competences, self-assessments
//! (quick, detailed, 360°), STARRTT stories, the evidence register, the request for an
//! assessment and the development plan.
//!
//! Like an assessment, a dossier changes only through [`command::apply`], which decides
//! every rule and returns the change for the store to commit against the revision it was
//! decided on.

pub mod change;
pub mod command;
pub mod fields;
pub mod readiness;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::process::CandidatePath;
use super::self_assessment::{Rate, SelfOutcome, lever_final_score, quick_outcome};

/// Why the candidate follows the path (DOMAIN.md §3.3 step 1, cf. S7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum PathGoal {
    SelfEsteem,
    Job,
    Study,
    RoleInOrganisation,
    Other(String),
}

impl PathGoal {
    pub const CHOICES: [(&'static str, &'static str); 4] = [
        ("self-esteem", "self-esteem"),
        ("job", "a job"),
        ("study", "study"),
        ("role", "a role in the organisation"),
    ];

    pub fn code(&self) -> &str {
        match self {
            PathGoal::SelfEsteem => "self-esteem",
            PathGoal::Job => "job",
            PathGoal::Study => "study",
            PathGoal::RoleInOrganisation => "role",
            PathGoal::Other(text) => text,
        }
    }

    /// A known code, or the text itself as the candidate's own goal.
    pub fn from_code(s: &str) -> PathGoal {
        match s.trim() {
            "self-esteem" => PathGoal::SelfEsteem,
            "job" => PathGoal::Job,
            "study" => PathGoal::Study,
            "role" => PathGoal::RoleInOrganisation,
            other => PathGoal::Other(other.to_string()),
        }
    }
}

/// Who the candidate is, as registered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Profile {
    pub name: String,
    pub email: Option<String>,
    /// A language tag such as `it` or `pt-BR`.
    pub language: Option<String>,
    pub goal: Option<PathGoal>,
}

/// Consent to the processing of personal data: when, and recorded by whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Consent {
    pub given_on: NaiveDate,
    pub recorded_by: String,
}

/// Someone who worked with the candidate and gives quick ratings (360°).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Referee {
    pub name: String,
    pub relation: String,
    pub contact: String,
    pub rated_on: NaiveDate,
    pub ratings: BTreeMap<String, Rate>,
}

/// One experience told in the STARRTT form (DOMAIN.md §6.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Story {
    pub title: String,
    pub competences: Vec<String>,
    pub situation: String,
    pub task: String,
    pub activities: String,
    pub result: String,
    pub reflection: String,
    pub transfer: String,
    pub counter_example: String,
}

/// A file an evidence item points to: recorded, not copied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileRef {
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

/// One item of the evidence register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub title: String,
    pub kind: String,
    pub dated: Option<NaiveDate>,
    pub description: String,
    pub competences: Vec<String>,
    pub file: Option<FileRef>,
    pub witness: Option<String>,
}

/// Where a development goal came from (D10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum GoalSource {
    NotValidated,
    AssessorAdvice,
    CandidateWish,
}

impl GoalSource {
    pub fn code(self) -> &'static str {
        match self {
            GoalSource::NotValidated => "not-validated",
            GoalSource::AssessorAdvice => "advice",
            GoalSource::CandidateWish => "wish",
        }
    }

    pub fn from_code(s: &str) -> Option<GoalSource> {
        match s {
            "not-validated" => Some(GoalSource::NotValidated),
            "advice" => Some(GoalSource::AssessorAdvice),
            "wish" => Some(GoalSource::CandidateWish),
            _ => None,
        }
    }
}

/// One goal of the personal development plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Goal {
    pub competence: Option<String>,
    pub goal: String,
    pub actions: String,
    pub review_on: NaiveDate,
    pub source: GoalSource,
}

/// The candidate handed over for assessment: to a named assessor, or the centre's queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Request {
    pub assessor_id: Option<String>,
    pub requested_on: NaiveDate,
}

/// Everything the tutor's side holds about one candidate. Sub-records are numbered within
/// the dossier (the store keys them by candidate and number).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dossier {
    pub candidate_id: String,
    pub centre_id: String,
    /// Bumped by every committed change; a change decided on an older one is refused.
    pub revision: i64,
    pub path: CandidatePath,
    pub tutor_id: Option<String>,
    /// The assessor of the open assessment, if one is open.
    pub assessor_id: Option<String>,
    pub profile: Profile,
    pub consent: Option<Consent>,
    pub claimed: Vec<String>,
    pub quick: BTreeMap<String, Rate>,
    /// (competence, indicator) → rate.
    pub detailed: BTreeMap<(String, String), Rate>,
    pub referees: BTreeMap<u32, Referee>,
    pub stories: BTreeMap<u32, Story>,
    pub evidence: BTreeMap<u32, Evidence>,
    pub plan: BTreeMap<u32, Goal>,
    pub request: Option<Request>,
}

/// One competence's self-assessment side by side: the candidate's quick and detailed
/// outcomes and the referees' quick ratings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelfProfile {
    pub competence: String,
    pub quick: Option<SelfOutcome>,
    /// `None` until every indicator is rated.
    pub detailed: Option<SelfOutcome>,
    pub rated_indicators: usize,
    /// (referee number, their outcome).
    pub referees: Vec<(u32, SelfOutcome)>,
}

impl Dossier {
    /// A fresh dossier for a registered candidate (tests and the store's loader).
    pub fn new(candidate_id: &str, centre_id: &str, name: &str) -> Dossier {
        Dossier {
            candidate_id: candidate_id.to_string(),
            centre_id: centre_id.to_string(),
            revision: 0,
            path: CandidatePath::default(),
            tutor_id: None,
            assessor_id: None,
            profile: Profile {
                name: name.to_string(),
                ..Profile::default()
            },
            consent: None,
            claimed: Vec::new(),
            quick: BTreeMap::new(),
            detailed: BTreeMap::new(),
            referees: BTreeMap::new(),
            stories: BTreeMap::new(),
            evidence: BTreeMap::new(),
            plan: BTreeMap::new(),
            request: None,
        }
    }

    /// The evidence items supporting `competence`.
    pub fn evidence_for<'a>(&'a self, competence: &'a str) -> impl Iterator<Item = &'a Evidence> {
        self.evidence
            .values()
            .filter(move |e| e.competences.iter().any(|c| c == competence))
    }

    /// The self-assessment of `competence` in every mode; `indicators` are the model's.
    pub fn self_profile(&self, competence: &str, indicators: &[String]) -> SelfProfile {
        let rates: Vec<Rate> = indicators
            .iter()
            .filter_map(|i| {
                self.detailed
                    .get(&(competence.to_string(), i.clone()))
                    .copied()
            })
            .collect();
        let complete = !indicators.is_empty() && rates.len() == indicators.len();
        SelfProfile {
            competence: competence.to_string(),
            quick: self.quick.get(competence).copied().map(quick_outcome),
            detailed: complete.then(|| lever_final_score(&rates)),
            rated_indicators: rates.len(),
            referees: self
                .referees
                .iter()
                .filter_map(|(n, r)| r.ratings.get(competence).map(|x| (*n, quick_outcome(*x))))
                .collect(),
        }
    }

    /// The next free number among `records`.
    pub(crate) fn next_number<T>(records: &BTreeMap<u32, T>) -> u32 {
        records.keys().next_back().map_or(1, |n| n + 1)
    }
}
