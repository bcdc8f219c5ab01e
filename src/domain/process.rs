//! The candidate's path through the six states of DOMAIN.md D1.
//!
//! Stopping is an outcome, never an error: a stopped path keeps the state it stopped at.
//! Only a formal assessment with at least one validated competence leads to Certification.

use serde::{Deserialize, Serialize};

use super::error::DomainError;

macro_rules! steps {
    ($($variant:ident => $code:literal, $label:literal, $shown:literal;)+) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum Step { $($variant),+ }

        impl Step {
            pub const ALL: [Step; 6] = [$(Step::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $(Step::$variant => $code),+ }
            }

            pub fn label(self) -> &'static str {
                match self { $(Step::$variant => $label),+ }
            }

            /// The LEVER UP step number shown to users (Certification closes step 4).
            pub fn shown_as(self) -> &'static str {
                match self { $(Step::$variant => $shown),+ }
            }

            pub fn from_code(s: &str) -> Option<Step> {
                match s { $($code => Some(Step::$variant),)+ _ => None }
            }
        }
    };
}

steps! {
    Awareness => "awareness", "Awareness", "1";
    Identification => "identification", "Identification", "2";
    Documentation => "documentation", "Documentation", "3";
    Assessment => "assessment", "Assessment", "4";
    Certification => "certification", "Certification", "4b";
    LookingAhead => "looking-ahead", "Looking ahead", "5";
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PathStatus {
    Active,
    /// The candidate chose to stop here; the reason is recorded as the outcome.
    Stopped {
        reason: String,
    },
    /// Looking ahead is done: a development plan exists.
    Completed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidatePath {
    pub step: Step,
    pub status: PathStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PathCommand {
    /// Move on. From Assessment, `validated` says whether any competence was validated.
    Advance {
        validated: bool,
    },
    Stop {
        reason: String,
    },
    /// Take up a stopped path again where it stopped.
    Resume,
    /// The "portfolio loop": start a new cycle at Identification after Looking ahead.
    NewCycle,
}

impl Default for CandidatePath {
    fn default() -> Self {
        CandidatePath {
            step: Step::Awareness,
            status: PathStatus::Active,
        }
    }
}

impl CandidatePath {
    pub fn apply(&self, cmd: &PathCommand) -> Result<CandidatePath, DomainError> {
        let at = |step, status| CandidatePath { step, status };
        match (&self.status, cmd) {
            (PathStatus::Stopped { .. }, PathCommand::Resume) => {
                Ok(at(self.step, PathStatus::Active))
            }
            (PathStatus::Stopped { .. }, _) => Err(DomainError::PathStopped(self.step.label())),
            (_, PathCommand::Resume) => {
                Err(DomainError::IllegalMove("the path is not stopped".into()))
            }
            (PathStatus::Completed, PathCommand::NewCycle) => {
                Ok(at(Step::Identification, PathStatus::Active))
            }
            (PathStatus::Completed, _) => Err(DomainError::PathComplete),
            (PathStatus::Active, PathCommand::NewCycle) => Err(DomainError::IllegalMove(
                "a new cycle starts only after Looking ahead".into(),
            )),
            (PathStatus::Active, PathCommand::Stop { reason }) => {
                let reason = reason.trim();
                let reason = if reason.is_empty() {
                    "candidate chose to stop"
                } else {
                    reason
                };
                Ok(at(
                    self.step,
                    PathStatus::Stopped {
                        reason: reason.to_string(),
                    },
                ))
            }
            (PathStatus::Active, PathCommand::Advance { validated }) => {
                let next = match (self.step, validated) {
                    (Step::Awareness, _) => Step::Identification,
                    (Step::Identification, _) => Step::Documentation,
                    (Step::Documentation, _) => Step::Assessment,
                    (Step::Assessment, true) => Step::Certification,
                    // Valuation: advice only, straight on to the development plan.
                    (Step::Assessment, false) => Step::LookingAhead,
                    (Step::Certification, _) => Step::LookingAhead,
                    (Step::LookingAhead, _) => {
                        return Ok(at(Step::LookingAhead, PathStatus::Completed));
                    }
                };
                Ok(at(next, PathStatus::Active))
            }
        }
    }
}
