//! Pure rules of the LEVER UP procedure: model types, scales, scoring, the candidate's path,
//! the commands that change an assessment (`command::apply`) and those that change a
//! candidate's dossier on the tutor's side (`dossier::command::apply`).
//!
//! Depends on std, serde and chrono only: no terminal, SQL, files or clock (time is passed in).

pub mod assessment;
pub mod certification;
pub mod changes;
pub mod command;
pub mod decision;
pub mod dossier;
pub mod error;
pub mod invariants;
pub mod model;
pub mod path_rules;
pub mod people;
pub mod portfolio;
pub mod process;
pub mod results;
pub mod scales;
pub mod scoring;
pub mod self_assessment;

pub use error::{DomainError, RuleError};
