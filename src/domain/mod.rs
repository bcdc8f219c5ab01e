//! Pure rules of the LEVER UP procedure: model types, scales, scoring, the candidate's path.
//!
//! Depends on std, serde and chrono only: no terminal, SQL, files or clock (time is passed in).

pub mod model;
pub mod scales;
