//! Reading assessment summaries. Every change to an assessment goes through
//! `Store::commit` (commit.rs); the database refuses all of them once it is finalised.

use rusqlite::{Connection, OptionalExtension};

use super::{
    AssessmentStatus, AssessmentSummary, Result, Store, StoreError, get_code, get_opt_ts, get_ts,
};

/// The candidate an assessment belongs to, or `NotFound`.
pub(crate) fn candidate_of(conn: &Connection, assessment_id: &str) -> Result<String> {
    conn.prepare_cached("SELECT candidate_id FROM assessments WHERE id = ?1")?
        .query_row([assessment_id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| StoreError::NotFound {
            entity: "assessment",
            id: assessment_id.to_string(),
        })
}

pub(crate) fn summary_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AssessmentSummary> {
    Ok(AssessmentSummary {
        id: r.get(0)?,
        candidate_id: r.get(1)?,
        assessor_id: r.get(2)?,
        model_id: r.get(3)?,
        model_version: r.get(4)?,
        started_at: get_ts(r, 5, "assessments.started_at")?,
        finalised_at: get_opt_ts(r, 6, "assessments.finalised_at")?,
        status: get_code(r, 7, "assessments.status", AssessmentStatus::from_code)?,
        interview_seconds: r.get(8)?,
    })
}

pub(crate) const SUMMARY_COLUMNS: &str = "id, candidate_id, assessor_id, model_id, \
     model_version, started_at, finalised_at, status, interview_seconds";

impl Store {
    /// A candidate's assessments, newest first.
    pub fn assessments_for(&self, candidate_id: &str) -> Result<Vec<AssessmentSummary>> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM assessments WHERE candidate_id = ?1
             ORDER BY started_at DESC, id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([candidate_id], summary_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Deletes every row that hangs off the assessments whose ids are in `ids_table` (one of the
/// store's own id tables, `demo_removal` or `erasure`, whose triggers vouch for each id),
/// children before parents: foreign keys have no cascade. The assessments themselves are the
/// caller's to delete.
pub(crate) fn delete_children(conn: &Connection, ids_table: &'static str) -> Result<()> {
    for table in [
        "certificates",
        "decisions",
        "scores",
        "indicator_ratings",
        "interview_time",
        "interview_notes",
        "portfolio_checks",
    ] {
        conn.execute(
            &format!("DELETE FROM {table} WHERE assessment_id IN (SELECT id FROM {ids_table})"),
            [],
        )?;
    }
    Ok(())
}
