//! Support shared by the tests of the assessment commands (`domain_commands.rs`, the
//! property test, and `domain_scenarios.rs`, one scenario per defect): the people, the
//! random cases and how they become commands, the store's replay of a change set, and the
//! hand-built assessments of the scenarios. Each test binary uses part of it.
#![allow(dead_code)]

pub mod generate;
pub mod replay;
pub mod resolve;
pub mod scenario;

use leverup::domain::changes::Change;
use leverup::domain::command::Command;
use leverup::domain::model::Model;
use leverup::domain::people::Staff;

pub const ASSESSOR: (&str, &str) = ("anna", "Anna");
pub const TUTOR: &str = "tess";
/// Everyone who may act or be handed the assessment: (id, name).
pub const PEOPLE: [(&str, &str); 4] = [
    ("anna", "Anna"),
    ("ben", "Ben"),
    ("cara", "Cara"),
    (TUTOR, "Tess"),
];
/// The fixture model's portfolio criteria; the last three are counted from the evidence.
pub const CRITERIA: [&str; 5] = [
    "relevance",
    "authenticity",
    "currency",
    "sufficiency",
    "variety",
];
pub const COUNTABLE: [&str; 3] = ["currency", "sufficiency", "variety"];

/// One of `PEOPLE` as the commands name a person: every one an assessor of the centre
/// (Tess is the candidate's tutor as well), so only the independence rule tells them apart.
pub fn staff(id: &str) -> Staff {
    Staff {
        id: id.into(),
        name: name_of(id),
        assessor: true,
        tutor: id == TUTOR,
    }
}

pub fn name_of(id: &str) -> String {
    PEOPLE
        .iter()
        .find(|p| p.0 == id)
        .map_or_else(|| id.to_string(), |p| p.1.to_string())
}

/// The same model under another version: what a newer leverup would load.
pub fn other_version(model: &Model) -> Model {
    Model {
        version: format!("{}-next", model.version),
        ..model.clone()
    }
}

/// The competence a change names; `None` for the assessment-wide ones.
pub fn named(change: &Change) -> Option<&str> {
    match change {
        Change::Verdict { competence, .. }
        | Change::Note { competence, .. }
        | Change::InterviewTime { competence, .. }
        | Change::Rating { competence, .. }
        | Change::Score { competence, .. }
        | Change::Decision { competence, .. } => Some(competence),
        Change::Finalised | Change::Assessor { .. } | Change::Path { .. } => None,
    }
}

/// The competence a command names; `None` for Finalise and Reassign.
pub fn target(cmd: &Command) -> Option<&str> {
    match cmd {
        Command::Verdict { competence, .. }
        | Command::Note { competence, .. }
        | Command::AddInterviewTime { competence, .. }
        | Command::Rate { competence, .. }
        | Command::ChooseLevel { competence, .. }
        | Command::Complexity { competence, .. }
        | Command::Decide { competence, .. }
        | Command::Reasons { competence, .. } => Some(competence),
        Command::Finalise | Command::Reassign { .. } => None,
    }
}
