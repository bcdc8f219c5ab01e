//! Why the domain refuses a command. Shown on the status line; state stays unchanged.
//! Every message says what to do next.

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
    #[error("this assessment is finalised and read-only")]
    Finalised,
    #[error("this assessment belongs to {0}; it is read-only for you unless it is reassigned")]
    NotYourAssessment(String),
    #[error(
        "this assessment was made with model {recorded}, but {loaded} is loaded; it is \
         read-only until leverup runs with that model (--data DIR)"
    )]
    ModelMismatch { recorded: String, loaded: String },
    #[error("{0}")]
    Invalid(String),
    /// A person named for a part they do not hold in the centre.
    #[error(
        "{name} is not one of the centre's {role}s; a person's roles are given when they are added"
    )]
    NotInRole { name: String, role: &'static str },
    #[error("cannot start the assessment: {0}")]
    CannotStart(String),
    /// A form field's value, refused with the reason shown next to the field.
    #[error("{field}: {reason}")]
    Field { field: &'static str, reason: String },
}

/// The name the issue and DESIGN.md use for a refused command.
pub type RuleError = DomainError;
