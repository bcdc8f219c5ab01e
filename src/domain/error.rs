//! Why the domain refuses a command. Shown on the status line; state stays unchanged.

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DomainError {
    #[error("an override of the suggested level needs a written justification")]
    JustificationRequired,
    #[error("the assessor is this candidate's tutor: an independent assessor must sign off")]
    AssessorIsTutor,
    #[error("cannot validate: {0}")]
    CannotValidate(String),
    #[error("the candidate has stopped at {0}; resume the path first")]
    PathStopped(&'static str),
    #[error("the path is complete")]
    PathComplete,
    #[error("{0}")]
    IllegalMove(String),
    #[error("cannot finalise: {0}")]
    NotReady(String),
}
