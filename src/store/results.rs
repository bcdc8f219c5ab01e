//! The results query behind the CSV export: one row per assessment × claimed competence,
//! streamed to a callback so memory stays flat at any size.
//!
//! The portfolio check comes as the recorded verdicts (`criterion=verdict,…`); its status
//! is the domain's to say (`domain::portfolio::status`), not the query's.

use rusqlite::types::Value;

use super::{Result, Store};

/// Which assessments to export; every field narrows the set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResultFilter {
    /// Inclusive ISO dates (YYYY-MM-DD) on the finalisation day, or the start day while
    /// the assessment is in progress.
    pub since: Option<String>,
    pub until: Option<String>,
    /// Centre name or id.
    pub centre: Option<String>,
    /// Assessor name or id.
    pub assessor: Option<String>,
    /// `in_progress` or `finalised`.
    pub status: Option<String>,
    pub competence: Option<String>,
}

/// One row as the database holds it; the exporter derives names, median and EQF band.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResultRecord {
    pub assessment_id: String,
    pub candidate_id: String,
    pub candidate_name: String,
    pub centre: String,
    pub assessor: String,
    pub tutor: String,
    pub competence_id: String,
    /// The recorded verdicts, `criterion=verdict` joined by commas (empty: none yet).
    pub portfolio_verdicts: String,
    pub suggested: String,
    pub outcome_level: String,
    pub overridden: String,
    pub context: String,
    pub task: String,
    pub autonomy: String,
    pub decision: String,
    pub interview_minutes: i64,
    pub assessed_on: String,
    pub finalised_at: String,
    pub model_id: String,
    pub model_version: String,
    pub certificate_id: String,
}

const SELECT: &str = "\
WITH pc AS (
  SELECT assessment_id, competence_id,
         group_concat(criterion_id || '=' || verdict, ',') AS verdicts
  FROM portfolio_checks GROUP BY assessment_id, competence_id)
SELECT a.id, c.id, c.name, ce.name, asr.name, COALESCE(t.name, ''), cc.competence_id,
       COALESCE(pc.verdicts, ''), COALESCE(s.suggested, ''), COALESCE(s.outcome_level, ''),
       CASE WHEN s.assessment_id IS NULL THEN '' WHEN s.overridden = 1 THEN 'true' ELSE 'false' END,
       COALESCE(s.context, ''), COALESCE(s.task, ''), COALESCE(s.autonomy, ''),
       COALESCE(d.decision, 'pending'), COALESCE(it.seconds, 0) / 60,
       substr(a.started_at, 1, 10),
       CASE WHEN a.finalised_at IS NULL THEN '' ELSE substr(a.finalised_at, 1, 19) || 'Z' END,
       a.model_id, a.model_version, COALESCE(cert.id, '')
FROM assessments a
JOIN candidates c ON c.id = a.candidate_id
JOIN centres ce ON ce.id = c.centre_id
JOIN people asr ON asr.id = a.assessor_id
LEFT JOIN people t ON t.id = c.tutor_id
JOIN claimed_competences cc ON cc.candidate_id = a.candidate_id
LEFT JOIN pc ON pc.assessment_id = a.id AND pc.competence_id = cc.competence_id
LEFT JOIN scores s ON s.assessment_id = a.id AND s.competence_id = cc.competence_id
LEFT JOIN decisions d ON d.assessment_id = a.id AND d.competence_id = cc.competence_id
LEFT JOIN interview_time it ON it.assessment_id = a.id AND it.competence_id = cc.competence_id
LEFT JOIN certificates cert ON cert.assessment_id = a.id AND cert.revoked_at IS NULL
WHERE 1 = 1";

/// Rows come grouped by assessment (the wide layout relies on it), oldest first.
const ORDER: &str = " ORDER BY a.started_at, a.id, cc.competence_id";

/// The SQL and its parameters for `filter`. Public so the benchmark can hand the very same
/// query to the sqlite3 shell.
pub fn results_sql(filter: &ResultFilter) -> (String, Vec<Value>) {
    let mut sql = String::from(SELECT);
    let mut params: Vec<Value> = Vec::new();
    push_filters(&mut sql, &mut params, filter, "cc.competence_id");
    sql.push_str(ORDER);
    (sql, params)
}

/// Appends one `AND …` per set field. The query must name its tables `a` (assessments),
/// `ce` (centres) and `asr` (the assessor); `competence` is the column to match.
fn push_filters(
    sql: &mut String,
    params: &mut Vec<Value>,
    filter: &ResultFilter,
    competence: &str,
) {
    let mut add = |clause: &str, v: &str| {
        params.push(Value::Text(v.to_string()));
        sql.push_str(&clause.replace('?', &format!("?{}", params.len())));
    };
    let day = "substr(COALESCE(a.finalised_at, a.started_at), 1, 10)";
    if let Some(v) = &filter.since {
        add(&format!(" AND {day} >= ?"), v);
    }
    if let Some(v) = &filter.until {
        add(&format!(" AND {day} <= ?"), v);
    }
    if let Some(v) = &filter.centre {
        add(" AND (ce.id = ? OR ce.name = ?)", v);
    }
    if let Some(v) = &filter.assessor {
        add(" AND (asr.id = ? OR asr.name = ?)", v);
    }
    if let Some(v) = &filter.status {
        add(" AND a.status = ?", v);
    }
    if let Some(v) = &filter.competence {
        add(&format!(" AND {competence} = ?"), v);
    }
}

impl Store {
    /// Finalised assessments with at least one validated competence (in `filter`): the ones
    /// that get certification records. Oldest first.
    pub fn certifiable_assessments(&self, filter: &ResultFilter) -> Result<Vec<String>> {
        let mut sql = String::from(
            "SELECT DISTINCT a.id, a.finalised_at FROM assessments a
             JOIN candidates c ON c.id = a.candidate_id
             JOIN centres ce ON ce.id = c.centre_id
             JOIN people asr ON asr.id = a.assessor_id
             JOIN decisions d ON d.assessment_id = a.id AND d.decision = 'validated'
             WHERE a.status = 'finalised'",
        );
        let mut params = Vec::new();
        push_filters(&mut sql, &mut params, filter, "d.competence_id");
        sql.push_str(" ORDER BY a.finalised_at, a.id");
        let mut stmt = self.conn.prepare(&sql)?;
        let ids = stmt
            .query_map(rusqlite::params_from_iter(params), |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(ids)
    }

    /// Streams every matching row to `each`; stops at the first error `each` returns.
    pub fn for_each_result<E: From<super::StoreError>>(
        &self,
        filter: &ResultFilter,
        mut each: impl FnMut(&ResultRecord) -> std::result::Result<(), E>,
    ) -> std::result::Result<u64, E> {
        let (sql, params) = results_sql(filter);
        let mut stmt = self.conn.prepare(&sql).map_err(super::StoreError::from)?;
        let mut rows = stmt
            .query(rusqlite::params_from_iter(params))
            .map_err(super::StoreError::from)?;
        let mut rec = ResultRecord::default();
        let mut n = 0u64;
        while let Some(r) = rows.next().map_err(super::StoreError::from)? {
            fill(&mut rec, r).map_err(super::StoreError::from)?;
            each(&rec)?;
            n += 1;
        }
        Ok(n)
    }
}

/// Reuses the record's strings so a long export allocates little per row.
fn fill(rec: &mut ResultRecord, r: &rusqlite::Row<'_>) -> rusqlite::Result<()> {
    let fields: [&mut String; 20] = [
        &mut rec.assessment_id,
        &mut rec.candidate_id,
        &mut rec.candidate_name,
        &mut rec.centre,
        &mut rec.assessor,
        &mut rec.tutor,
        &mut rec.competence_id,
        &mut rec.portfolio_verdicts,
        &mut rec.suggested,
        &mut rec.outcome_level,
        &mut rec.overridden,
        &mut rec.context,
        &mut rec.task,
        &mut rec.autonomy,
        &mut rec.decision,
        &mut rec.assessed_on,
        &mut rec.finalised_at,
        &mut rec.model_id,
        &mut rec.model_version,
        &mut rec.certificate_id,
    ];
    const COLUMNS: [usize; 20] = [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 18, 19, 20,
    ];
    for (field, idx) in fields.into_iter().zip(COLUMNS) {
        field.clear();
        field.push_str(r.get_ref(idx)?.as_str()?);
    }
    rec.interview_minutes = r.get(15)?;
    Ok(())
}
