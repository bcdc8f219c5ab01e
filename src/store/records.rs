//! Plain record types the store reads and writes, and the few store-level codes
//! (role, self-assessment mode, statuses) that the domain does not define.
//!
//! No SQL here: these are what the rest of the program sees of the database.

use chrono::{DateTime, NaiveDate, Utc};

pub use crate::domain::assessment::PartialComplexity;
pub use crate::domain::process::Step;
use crate::domain::scales::{CriterionVerdict, Decision, IndicatorRating};
pub use crate::domain::scoring::Outcome;

/// Declares a small enum with stable text codes, as stored in CHECK-constrained columns.
macro_rules! store_code {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $code:literal,)+ }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn from_code(s: &str) -> Option<Self> {
                match s { $($code => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

store_code!(
    /// What a person may do at a centre (DOMAIN.md D2).
    Role {
        Assessor => "assessor",
        Tutor => "tutor",
        Admin => "admin",
    }
);

store_code!(
    /// Self-assessment mode (DOMAIN.md D8); 360° ratings are quick ratings by referees.
    SelfAssessmentMode {
        Quick => "quick",
        Detailed => "detailed",
    }
);

store_code!(
    AssessmentStatus {
        InProgress => "in_progress",
        Finalised => "finalised",
    }
);

store_code!(
    /// Where a candidate stands, for the candidate list: derived, not stored.
    CandidateStatus {
        Active => "active",
        InAssessment => "in_progress",
        Finalised => "finalised",
        Stopped => "stopped",
    }
);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CentreRecord {
    pub id: String,
    pub name: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRecord {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// What is needed to register a candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCandidate {
    pub name: String,
    pub email: Option<String>,
    pub centre_id: String,
    pub tutor_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CandidateRecord {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub centre_id: String,
    pub tutor_id: Option<String>,
    pub state: Step,
    pub exit_outcome: Option<String>,
    pub created_at: DateTime<Utc>,
    pub last_activity_at: DateTime<Utc>,
}

/// Which candidates the list shows. Empty filter = everyone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CandidateFilter {
    /// Case-insensitive substring of the name.
    pub name: Option<String>,
    pub state: Option<Step>,
    pub centre_id: Option<String>,
    pub tutor_id: Option<String>,
    /// `Some(true)` only stopped candidates, `Some(false)` only active ones.
    pub stopped: Option<bool>,
    /// Only candidates whose list status (stopped, else their latest assessment's status,
    /// else active) is this one.
    pub status: Option<CandidateStatus>,
}

/// One line of the candidate list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CandidateRow {
    pub id: String,
    pub name: String,
    pub state: Step,
    pub status: CandidateStatus,
    pub tutor_name: Option<String>,
    pub last_activity_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelfAssessmentRecord {
    pub competence_id: String,
    pub mode: SelfAssessmentMode,
    /// Quick: `1`..`4` or `n/a`; detailed: the LEVER outcome code (DOMAIN.md 4.1).
    pub rating: String,
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceRecord {
    pub id: String,
    pub candidate_id: String,
    pub competence_id: String,
    pub title: String,
    pub kind: String,
    pub dated: Option<NaiveDate>,
    pub description: String,
    pub added_at: DateTime<Utc>,
}

/// The assessment row itself, without its children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessmentSummary {
    pub id: String,
    pub candidate_id: String,
    pub assessor_id: String,
    pub model_id: String,
    pub model_version: String,
    pub started_at: DateTime<Utc>,
    pub finalised_at: Option<DateTime<Utc>>,
    pub status: AssessmentStatus,
    pub interview_seconds: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortfolioCheckRecord {
    pub competence_id: String,
    pub criterion_id: String,
    pub verdict: CriterionVerdict,
    pub note: String,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteRecord {
    pub competence_id: String,
    pub question_index: u32,
    pub text: String,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterviewTimeRecord {
    pub competence_id: String,
    pub seconds: i64,
    pub interruptions: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatingRecord {
    pub competence_id: String,
    pub indicator_id: String,
    pub rating: IndicatorRating,
    pub note: String,
    pub updated_at: DateTime<Utc>,
}

/// A score to save: the suggestion, the assessor's final level and the complexity
/// ratings. Complexity may be given (in part) before every indicator is rated, so before a
/// suggestion exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreInput {
    pub competence_id: String,
    /// The tool's suggestion (DOMAIN.md 4.3(2)); `None` until every indicator is rated.
    pub suggested: Option<Outcome>,
    /// The outcome the assessor confirmed or chose; `None` until they choose.
    pub outcome_level: Option<Outcome>,
    pub overridden: bool,
    /// Required (non-empty) when `overridden`.
    pub justification: String,
    /// Context, task and autonomy, each possibly not given yet; `.complete()` gives the
    /// profile once all three are known.
    pub complexity: PartialComplexity,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreRecord {
    pub input: ScoreInput,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRecord {
    pub competence_id: String,
    pub decision: Decision,
    pub reasons: String,
    pub advice: String,
    pub updated_at: DateTime<Utc>,
}

/// Everything about one assessment, as `load_assessment` returns it. Children are sorted by
/// competence, then criterion / question / indicator, so the order is stable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessmentRecord {
    pub summary: AssessmentSummary,
    pub portfolio_checks: Vec<PortfolioCheckRecord>,
    pub notes: Vec<NoteRecord>,
    pub interview_time: Vec<InterviewTimeRecord>,
    pub ratings: Vec<RatingRecord>,
    pub scores: Vec<ScoreRecord>,
    pub decisions: Vec<DecisionRecord>,
    pub certificates: Vec<CertificateRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateRecord {
    pub id: String,
    pub assessment_id: String,
    pub candidate_id: String,
    pub candidate_name: String,
    pub issued_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub revoke_reason: Option<String>,
    /// Position in the revocation status list (`None` for demo records).
    pub status_index: Option<u32>,
    /// The certificate this one replaced (revoked by the reissue that issued this one).
    pub replaces: Option<String>,
}

/// One append-only audit row: who, when, what, old → new (JSON), why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: String,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    pub old: Option<String>,
    pub new: Option<String>,
    pub reason: Option<String>,
}
