//! Everything held about one candidate, for their right of access (GDPR art. 15): every
//! row of every table that is about them, and the audit rows about them with payloads.
//!
//! Rows are read column by column into JSON objects, so a column a later migration adds
//! is exported without anyone remembering to list it here.

use rusqlite::types::ValueRef;
use rusqlite::{Connection, ToSql};
use serde_json::{Map, Value, json};

use super::{Result, Store, require};

/// The candidate's own tables, by the column that names them, with the order their rows
/// are listed in (a table keyed by its natural key has no rowid: its key is the order).
/// Listed children first, so that deleting in this order never strands a row: erasure and
/// `demo --remove` take the candidate's records out by this same list.
pub(crate) const BY_CANDIDATE: &[(&str, &str)] = &[
    ("candidate_profiles", "candidate_id"),
    ("self_assessments", "competence_id, mode"),
    ("self_ratings", "competence_id, indicator_id"),
    ("referee_ratings", "number, competence_id"),
    ("referees", "number"),
    ("story_competences", "number, competence_id"),
    ("starrtt_stories", "number"),
    ("evidence_competences", "number, competence_id"),
    ("evidence_register", "number"),
    ("development_goals", "number"),
    ("claimed_competences", "competence_id"),
];

/// The tables inside an assessment, likewise.
const BY_ASSESSMENT: &[(&str, &str)] = &[
    (
        "portfolio_checks",
        "assessment_id, competence_id, criterion_id",
    ),
    (
        "interview_notes",
        "assessment_id, competence_id, question_index",
    ),
    ("interview_time", "assessment_id, competence_id"),
    (
        "indicator_ratings",
        "assessment_id, competence_id, indicator_id",
    ),
    ("scores", "assessment_id, competence_id"),
    ("decisions", "assessment_id, competence_id"),
    ("certificates", "rowid"),
];

/// The candidate's assessments, as a subquery on `?1`.
const ASSESSMENTS: &str = "SELECT id FROM assessments WHERE candidate_id = ?1";

impl Store {
    /// All data held about a candidate as one JSON document; `NotFound` for an unknown id.
    pub fn candidate_data(&self, candidate_id: &str) -> Result<Value> {
        require(&self.conn, "candidates", "candidate", candidate_id)?;
        let c = &self.conn;
        let id: &dyn ToSql = &candidate_id;
        let mut doc = Map::new();
        let candidate = rows(c, "SELECT * FROM candidates WHERE id = ?1", id)?;
        doc.insert(
            "candidate".into(),
            candidate.into_iter().next().unwrap_or(Value::Null),
        );
        // The tutor is staff, not the candidate; their name says who looked after them.
        let tutor = rows(
            c,
            "SELECT p.id, p.name FROM people p JOIN candidates c ON c.tutor_id = p.id
             WHERE c.id = ?1",
            id,
        )?;
        doc.insert(
            "tutor".into(),
            tutor.into_iter().next().unwrap_or(Value::Null),
        );
        for (table, order) in BY_CANDIDATE.iter().chain(&[("assessments", "rowid")]) {
            let sql = format!("SELECT * FROM {table} WHERE candidate_id = ?1 ORDER BY {order}");
            doc.insert((*table).into(), Value::Array(rows(c, &sql, id)?));
        }
        for (table, order) in BY_ASSESSMENT {
            let sql = format!(
                "SELECT * FROM {table} WHERE assessment_id IN ({ASSESSMENTS}) ORDER BY {order}"
            );
            doc.insert((*table).into(), Value::Array(rows(c, &sql, id)?));
        }
        let audit = rows(
            c,
            &format!(
                "SELECT seq, id, at, actor, entity, entity_id, action, old, new, reason
                 FROM audit_log
                 WHERE entity_id = ?1 OR entity_id IN ({ASSESSMENTS})
                    OR entity_id IN (SELECT id FROM certificates
                                     WHERE assessment_id IN ({ASSESSMENTS}))
                 ORDER BY seq"
            ),
            id,
        )?;
        doc.insert("audit_log".into(), Value::Array(audit));
        Ok(json!({ "format": "leverup candidate data, version 1", "data": doc }))
    }
}

/// Every row of a one-parameter query as a JSON object keyed by column name. Audit
/// payloads are JSON text and are kept as text: they are exported as they are stored.
fn rows(c: &Connection, sql: &str, param: &dyn ToSql) -> Result<Vec<Value>> {
    let mut stmt = c.prepare(sql)?;
    let names: Vec<String> = stmt.column_names().iter().map(|n| n.to_string()).collect();
    let mut out = Vec::new();
    let mut q = stmt.query([param])?;
    while let Some(r) = q.next()? {
        let mut obj = Map::new();
        for (i, name) in names.iter().enumerate() {
            let v = match r.get_ref(i)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(n) => json!(n),
                ValueRef::Real(x) => json!(x),
                ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
                ValueRef::Blob(b) => json!(b),
            };
            obj.insert(name.clone(), v);
        }
        out.push(Value::Object(obj));
    }
    Ok(out)
}
