//! The port through which `App::update` persists and reads: everything the TUI needs from
//! the database, in view-model shapes the screens can render directly.
//!
//! Screens never see this trait; only `app.rs` calls it. Implemented for the SQLite store
//! (`store_backend.rs`) and in memory (`memory_backend.rs`, for tests and snapshots).
//! Must not depend on the terminal.

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::assessment::PartialComplexity;
use crate::domain::model::Model;
use crate::domain::process::Step;
use crate::domain::scales::{CriterionVerdict, Decision, IndicatorRating};
use crate::domain::scoring::LevelChoice;

/// Why a write or read failed, said so the assessor can act on it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct BackendError(pub String);

pub type BResult<T> = Result<T, BackendError>;

/// Who is working: the centre and the assessor chosen on first run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub centre_id: String,
    pub centre_name: String,
    pub assessor_id: String,
    pub assessor_name: String,
}

/// The candidate list's status filter, cycled with one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusFilter {
    #[default]
    All,
    Active,
    InAssessment,
    Finalised,
    Stopped,
}

impl StatusFilter {
    pub fn next(self) -> Self {
        use StatusFilter::*;
        match self {
            All => Active,
            Active => InAssessment,
            InAssessment => Finalised,
            Finalised => Stopped,
            Stopped => All,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            StatusFilter::All => "all",
            StatusFilter::Active => "active",
            StatusFilter::InAssessment => "in assessment",
            StatusFilter::Finalised => "finalised",
            StatusFilter::Stopped => "stopped",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CandidateQuery {
    pub name: String,
    pub status: StatusFilter,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CandidateRowVm {
    pub id: String,
    pub name: String,
    pub step: Step,
    pub status: StatusFilter,
    pub last_activity: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceVm {
    pub competence_id: String,
    pub title: String,
    pub kind: String,
    pub dated: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CandidateVm {
    pub id: String,
    pub name: String,
    pub tutor_id: Option<String>,
    pub tutor_name: Option<String>,
    pub step: Step,
    /// The recorded outcome when the candidate stopped.
    pub stopped: Option<String>,
    /// Claimed competence ids, in model order.
    pub claimed: Vec<String>,
    pub evidence: Vec<EvidenceVm>,
    /// The latest formal assessment, if one was started.
    pub assessment_id: Option<String>,
}

/// One competence's score as stored: the level choice (suggestion, final outcome,
/// justification) and the complexity ratings given so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreVm {
    pub competence_id: String,
    pub level: Option<LevelChoice>,
    pub complexity: PartialComplexity,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AssessmentVm {
    pub id: String,
    pub finalised: bool,
    pub interview_seconds: Vec<(String, i64)>,
    /// (competence, criterion, verdict, note)
    pub verdicts: Vec<(String, String, CriterionVerdict, String)>,
    /// (competence, question index, text)
    pub notes: Vec<(String, u32, String)>,
    /// (competence, indicator, rating)
    pub ratings: Vec<(String, String, IndicatorRating)>,
    pub scores: Vec<ScoreVm>,
    /// (competence, decision, reasons)
    pub decisions: Vec<(String, Decision, String)>,
}

/// What issuing the certification records produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueReport {
    /// Where the certificate folder was written.
    pub dir: String,
    pub credentials: usize,
}

/// Issues the certificate and Open Badges of one finalised assessment on the SQLite store
/// (the CLI's `export badges` code path, handed in by the binary through `RunOptions` so the
/// UI does not depend on `cli`). Arguments: store, assessment id, acting assessor id.
/// The error is a sentence saying what to run.
pub type IssueHook =
    Box<dyn FnMut(&mut crate::store::Store, &str, &str) -> Result<IssueReport, String>>;

/// Everything the TUI reads and writes. Every write is one transaction in the store.
pub trait Backend {
    /// The session chosen on an earlier run, if any.
    fn session(&self) -> BResult<Option<Session>>;
    fn first_run(&mut self, centre: &str, assessor: &str, now: DateTime<Utc>) -> BResult<Session>;
    fn load_demo(&mut self, model: &Model, session: &Session, now: DateTime<Utc>) -> BResult<()>;
    fn count_candidates(&self, q: &CandidateQuery) -> BResult<usize>;
    /// One page only: the list never loads every row.
    fn list_candidates(
        &self,
        q: &CandidateQuery,
        limit: usize,
        offset: usize,
    ) -> BResult<Vec<CandidateRowVm>>;
    fn create_candidate(
        &mut self,
        session: &Session,
        name: &str,
        claimed: &[String],
        now: DateTime<Utc>,
    ) -> BResult<String>;
    fn candidate(&self, id: &str) -> BResult<CandidateVm>;
    fn start_assessment(
        &mut self,
        session: &Session,
        candidate_id: &str,
        model: &Model,
        now: DateTime<Utc>,
    ) -> BResult<String>;
    fn assessment(&self, id: &str) -> BResult<AssessmentVm>;
    fn save_verdict(
        &mut self,
        assessment: &str,
        competence: &str,
        criterion: &str,
        verdict: CriterionVerdict,
        note: &str,
        now: DateTime<Utc>,
    ) -> BResult<()>;
    fn save_note(
        &mut self,
        assessment: &str,
        competence: &str,
        question: u32,
        text: &str,
        now: DateTime<Utc>,
    ) -> BResult<()>;
    fn add_interview_time(&mut self, assessment: &str, competence: &str, secs: i64) -> BResult<()>;
    fn save_rating(
        &mut self,
        assessment: &str,
        competence: &str,
        indicator: &str,
        rating: IndicatorRating,
        now: DateTime<Utc>,
    ) -> BResult<()>;
    fn save_score(&mut self, assessment: &str, score: &ScoreVm, now: DateTime<Utc>) -> BResult<()>;
    fn save_decision(
        &mut self,
        assessment: &str,
        competence: &str,
        decision: Decision,
        reasons: &str,
        now: DateTime<Utc>,
    ) -> BResult<()>;
    fn finalise(&mut self, assessment: &str, now: DateTime<Utc>) -> BResult<()>;
    /// Issues the certificate and badges of a finalised assessment through `hook` (absent in
    /// tests and when the binary gave none).
    fn issue_records(
        &mut self,
        assessment: &str,
        hook: Option<&mut IssueHook>,
    ) -> BResult<IssueReport>;
    fn get_state(&self, key: &str) -> BResult<Option<String>>;
    fn set_state(&mut self, key: &str, value: &str) -> BResult<()>;
}
