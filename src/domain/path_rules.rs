//! Commands on the candidate's path (D1): starting the formal assessment from a documented
//! portfolio, advancing, stopping and resuming with a reason. Pure: the store commits what
//! these return, guarded by the path they were decided against.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::assessment::{AssessmentState, CompetenceState};
use super::error::DomainError;
use super::model::Model;
use super::people::Staff;
use super::portfolio::{self, EvidenceFacts};
use super::process::{CandidatePath, PathCommand, PathStatus, Step};
use super::scales::CriterionVerdict;

/// What the path rules need to know about a candidate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateFacts {
    pub id: String,
    pub tutor_id: Option<String>,
    pub path: CandidatePath,
    /// Claimed competence ids.
    pub claimed: Vec<String>,
    /// (competence id, evidence item)
    pub evidence: Vec<(String, EvidenceFacts)>,
    /// An assessment of this candidate that is not finalised yet.
    pub open_assessment: bool,
    /// The candidate's consent to the processing of their data is recorded.
    pub consent: bool,
    /// The tutor's request for the assessment, if made.
    pub request: Option<crate::domain::dossier::Request>,
    /// The dossier's revision these facts were read at: an assessment decided on them is
    /// not opened once the tutor has changed the dossier (e.g. withdrawn the request).
    pub dossier_revision: i64,
}

impl CandidateFacts {
    pub fn evidence_for(&self, competence: &str) -> Vec<EvidenceFacts> {
        self.evidence
            .iter()
            .filter(|(c, _)| c == competence)
            .map(|(_, e)| e.clone())
            .collect()
    }
}

/// A move of the path, decided against `from`. Only the path rules make one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PathChange {
    candidate_id: String,
    from: CandidatePath,
    to: CandidatePath,
    reason: Option<String>,
}

impl PathChange {
    pub fn candidate_id(&self) -> &str {
        &self.candidate_id
    }

    pub fn from(&self) -> &CandidatePath {
        &self.from
    }

    pub fn to(&self) -> &CandidatePath {
        &self.to
    }

    pub fn reason(&self) -> Option<&str> {
        self.reason.as_deref()
    }
}

/// A formal assessment the rules allow to start. Only `start_assessment` makes one, so the
/// store cannot open an assessment the rules refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAssessment {
    state: AssessmentState,
    path: PathChange,
    dossier_revision: i64,
}

impl NewAssessment {
    /// The initial state (empty id: the store gives it one) with the countable portfolio
    /// criteria pre-filled from the evidence.
    pub fn state(&self) -> &AssessmentState {
        &self.state
    }

    pub fn path(&self) -> &PathChange {
        &self.path
    }

    /// The dossier's revision the decision was made on; the store refuses the start if
    /// the dossier moved since.
    pub fn dossier_revision(&self) -> i64 {
        self.dossier_revision
    }

    /// The state under the id the store gave it.
    pub fn into_state(self, id: String) -> AssessmentState {
        AssessmentState { id, ..self.state }
    }
}

/// Starts a formal assessment (D1, D2, D6) when `may_start` allows it, with the countable
/// portfolio criteria pre-filled from the evidence.
pub fn start_assessment(
    c: &CandidateFacts,
    model: &Model,
    assessor: &Staff,
    today: NaiveDate,
) -> Result<NewAssessment, DomainError> {
    let (assessor_id, assessor_name) = (assessor.id.as_str(), assessor.name.as_str());
    may_start(c, model, assessor)?;
    let competences = model
        .competences
        .iter()
        .filter(|m| c.claimed.contains(&m.id))
        .map(|m| {
            let mut st = CompetenceState::new(model, m);
            st.evidence = c.evidence_for(&m.id);
            prefill(model, &mut st, today);
            st
        })
        .collect();
    let to = CandidatePath {
        step: Step::Assessment,
        status: PathStatus::Active,
    };
    Ok(NewAssessment {
        state: AssessmentState {
            id: String::new(),
            candidate_id: c.id.clone(),
            assessor_id: assessor_id.to_string(),
            assessor_name: assessor_name.to_string(),
            tutor_id: c.tutor_id.clone(),
            model_id: model.id.clone(),
            model_version: model.version.clone(),
            revision: 0,
            finalised: false,
            finalised_on: None,
            path: to.clone(),
            competences,
            unknown: Vec::new(),
        },
        path: PathChange {
            candidate_id: c.id.clone(),
            from: c.path.clone(),
            to,
            reason: None,
        },
        dossier_revision: c.dossier_revision,
    })
}

/// Whether `assessor_id` may start a formal assessment of the candidate, and why not: the
/// verdict `start_assessment` acts on, for anyone who must say beforehand what the key
/// will do. The path must be active at Documentation (or at Assessment with no open
/// assessment: a new assessment after a finalised one), every claimed competence must be
/// known to the model and documented by at least one evidence item, and the assessor must
/// be one of the centre's assessors and not the candidate's tutor. A candidate with a tutor is assessed once the tutor has
/// requested it, by the assessor the request names (or any, from the centre's queue).
pub fn may_start(c: &CandidateFacts, model: &Model, assessor: &Staff) -> Result<(), DomainError> {
    let assessor_id = assessor.id.as_str();
    let refuse = |why: String| Err(DomainError::CannotStart(why));
    // The candidate's own tutor hears the independence rule, whatever else they are.
    if c.tutor_id.as_deref() == Some(assessor_id) {
        return Err(DomainError::AssessorIsTutor);
    }
    assessor.must_assess()?;
    if let PathStatus::Stopped { reason } = &c.path.status {
        return refuse(format!(
            "the candidate stopped at {} ({reason}); resume the path first",
            c.path.step.label()
        ));
    }
    if c.open_assessment {
        return refuse("an assessment of this candidate is already open; continue it".into());
    }
    match c.path.step {
        Step::Documentation | Step::Assessment => {}
        step if step < Step::Documentation => {
            return refuse(format!(
                "the candidate is at {} ({}); the portfolio is documented at step 3 first",
                step.label(),
                step.shown_as()
            ));
        }
        step => {
            return refuse(format!(
                "the candidate is already at {}, past the formal assessment",
                step.label()
            ));
        }
    }
    if c.claimed.is_empty() {
        return refuse("no competence is claimed".into());
    }
    if c.tutor_id.is_some() && c.path.step == Step::Documentation {
        match &c.request {
            None => {
                return refuse("the candidate's tutor has not requested the assessment yet".into());
            }
            Some(r) if r.assessor_id.as_deref().is_some_and(|a| a != assessor_id) => {
                return refuse("the tutor requested the assessment from another assessor".into());
            }
            Some(_) => {}
        }
    }
    let unknown: Vec<&str> = c
        .claimed
        .iter()
        .filter(|id| model.competence(id).is_none())
        .map(String::as_str)
        .collect();
    if !unknown.is_empty() {
        return refuse(format!(
            "claimed competences unknown to model {} {}: {}",
            model.id,
            model.version,
            unknown.join(", ")
        ));
    }
    let undocumented: Vec<&str> = model
        .competences
        .iter()
        .filter(|m| c.claimed.contains(&m.id) && c.evidence_for(&m.id).is_empty())
        .map(|m| m.code.as_str())
        .collect();
    if !undocumented.is_empty() {
        return refuse(format!(
            "no evidence yet for {}; add evidence items to the portfolio first",
            undocumented.join(", ")
        ));
    }
    Ok(())
}

/// The countable criteria (currency, sufficiency, variety) judged from the evidence, with
/// the count as the note; the assessor may lower them, never raise them past the evidence.
fn prefill(model: &Model, st: &mut CompetenceState, today: NaiveDate) {
    for (criterion, verdict, reason) in
        portfolio::suggest_countable(&model.portfolio_check, &st.evidence, today)
    {
        if let Some(j) = st
            .portfolio
            .iter_mut()
            .find(|j| j.criterion_id == criterion)
        {
            j.verdict = Some(verdict);
            j.note = if verdict == CriterionVerdict::Met {
                String::new()
            } else {
                reason
            };
        }
    }
}

/// Advance, stop or resume from the overview. Assessment is entered only by starting one,
/// and left only by finalising or issuing its records.
pub fn change_path(c: &CandidateFacts, cmd: &PathCommand) -> Result<PathChange, DomainError> {
    let illegal = |why: &str| Err(DomainError::IllegalMove(why.to_string()));
    let mut reason = None;
    match cmd {
        PathCommand::Advance { .. } if c.path.status == PathStatus::Active => match c.path.step {
            Step::Awareness if !c.consent => {
                return illegal(
                    "record the candidate's consent to the processing of their data first",
                );
            }
            Step::Identification if c.claimed.is_empty() => {
                return illegal("claim at least one competence before Documentation");
            }
            Step::Documentation => {
                return illegal("an assessor moves the candidate on by starting the assessment");
            }
            Step::Assessment => {
                return illegal("finalising the assessment moves the candidate on");
            }
            Step::LookingAhead => {
                return illegal("Looking ahead is the last step; a new cycle starts later");
            }
            _ => {}
        },
        PathCommand::Stop { reason: why } => {
            if why.trim().is_empty() {
                return illegal("say why the candidate stops; it is recorded as the outcome");
            }
            reason = Some(why.trim().to_string());
        }
        _ => {}
    }
    let to = c.path.apply(cmd)?;
    Ok(PathChange {
        candidate_id: c.id.clone(),
        from: c.path.clone(),
        to,
        reason,
    })
}

/// Issuing the certification records moves a candidate at Assessment to Certification.
pub fn certified(c: &CandidateFacts) -> Option<PathChange> {
    (c.path.step == Step::Assessment && c.path.status == PathStatus::Active).then(|| PathChange {
        candidate_id: c.id.clone(),
        from: c.path.clone(),
        to: CandidatePath {
            step: Step::Certification,
            status: PathStatus::Active,
        },
        reason: None,
    })
}

/// An evidence item may support only competences the candidate claims, and at least one.
pub fn check_evidence(c: &CandidateFacts, competences: &[String]) -> Result<(), DomainError> {
    if competences.is_empty() {
        return Err(DomainError::Invalid(
            "name at least one competence the item supports".into(),
        ));
    }
    let unclaimed: Vec<&str> = competences
        .iter()
        .filter(|id| !c.claimed.contains(id))
        .map(String::as_str)
        .collect();
    if unclaimed.is_empty() {
        Ok(())
    } else {
        Err(DomainError::Invalid(format!(
            "the candidate does not claim {}; evidence supports claimed competences",
            unclaimed.join(", ")
        )))
    }
}
