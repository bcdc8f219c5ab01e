//! One line of results: an assessment × one claimed competence, as centres export it.
//!
//! Filled by the store's export query, written by the CSV exporter; every value is already
//! a stable code, an ISO 8601 date or empty, so the writers only format.

use serde::Serialize;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ResultRow {
    pub assessment_id: String,
    pub candidate_id: String,
    pub candidate_name: String,
    pub centre: String,
    pub assessor: String,
    pub tutor: String,
    pub competence_id: String,
    pub competence_name: String,
    pub cluster: String,
    pub portfolio_check: String,
    pub suggested_level: String,
    pub outcome_level: String,
    pub level_overridden: String,
    pub context: String,
    pub task: String,
    pub autonomy: String,
    pub complexity: String,
    pub eqf_comparable: String,
    pub decision: String,
    pub interview_minutes: String,
    pub assessed_on: String,
    pub finalised_at: String,
    pub model_id: String,
    pub model_version: String,
    pub certificate_id: String,
}

impl ResultRow {
    /// The values in the documented column order (see `export::csv_columns::LONG`).
    pub fn fields(&self) -> [&str; 25] {
        [
            &self.assessment_id,
            &self.candidate_id,
            &self.candidate_name,
            &self.centre,
            &self.assessor,
            &self.tutor,
            &self.competence_id,
            &self.competence_name,
            &self.cluster,
            &self.portfolio_check,
            &self.suggested_level,
            &self.outcome_level,
            &self.level_overridden,
            &self.context,
            &self.task,
            &self.autonomy,
            &self.complexity,
            &self.eqf_comparable,
            &self.decision,
            &self.interview_minutes,
            &self.assessed_on,
            &self.finalised_at,
            &self.model_id,
            &self.model_version,
            &self.certificate_id,
        ]
    }
}

/// The language-neutral EQF-comparability code for an overall complexity code.
pub fn eqf_code(complexity: &str) -> &'static str {
    match complexity {
        "low" => "eqf-1-2",
        "mid-low" => "eqf-3",
        "mid-high" => "eqf-4",
        "high" => "eqf-5-plus",
        _ => "",
    }
}
