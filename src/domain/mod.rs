//! Pure rules of the LEVER UP procedure: model types, scales, scoring, the candidate's path.
//!
//! Depends on std, serde and chrono only: no terminal, SQL, files or clock (time is passed in).

pub mod assessment;
pub mod decision;
pub mod error;
pub mod model;
pub mod portfolio;
pub mod process;
pub mod results;
pub mod scales;
pub mod scoring;
pub mod self_assessment;

pub use error::DomainError;
