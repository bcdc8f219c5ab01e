//! What the screens read besides the assessment itself: the session, the candidate list and
//! the candidate's file, as display rows. Read from the store by `queries.rs`; assessment
//! work is written only as the domain's commands (`App::command`). Must not depend on the
//! terminal.

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::people::Staff;
use crate::domain::process::CandidatePath;
use crate::domain::process::Step;

/// Who is working: the centre and the person chosen on first run or with `--as`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub centre_id: String,
    pub centre_name: String,
    /// The person working (named for the assessor's side, which came first).
    pub assessor_id: String,
    pub assessor_name: String,
    /// The person holds the tutor role at the centre: the tutor's view opens first.
    pub tutor: bool,
    /// The person holds the assessor role at the centre.
    pub assessor: bool,
}

impl Session {
    /// The person working, as the domain's commands name them.
    pub fn staff(&self) -> Staff {
        Staff {
            id: self.assessor_id.clone(),
            name: self.assessor_name.clone(),
            assessor: self.assessor,
            tutor: self.tutor,
        }
    }
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
    /// Only the candidates this person tutors (the tutor's view).
    pub tutor: Option<String>,
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
    pub path: CandidatePath,
    /// Claimed competence ids, in model order.
    pub claimed: Vec<String>,
    pub evidence: Vec<EvidenceVm>,
    /// The latest formal assessment, if one was started.
    pub assessment_id: Option<String>,
    /// Who assesses it.
    pub assessor_name: Option<String>,
}

/// What issuing the certification records produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueReport {
    /// Where the certificate folder was written.
    pub dir: String,
    pub credentials: usize,
}

/// Fills the database with the demo centre (the `leverup demo` code path, handed in by the
/// binary so the UI does not depend on `demo`). Arguments: store, model, now.
pub type DemoHook = Box<
    dyn FnMut(
        &mut crate::store::Store,
        &crate::domain::model::Model,
        chrono::DateTime<chrono::Utc>,
    ) -> Result<(), String>,
>;

/// Issues the certificate and Open Badges of one finalised assessment on the SQLite store
/// (the CLI's `export badges` code path, handed in by the binary through `RunOptions` so the
/// UI does not depend on `cli`). Arguments: store, assessment id, acting assessor id.
/// The error is a sentence saying what to run.
pub type IssueHook =
    Box<dyn FnMut(&mut crate::store::Store, &str, &str) -> Result<IssueReport, String>>;
