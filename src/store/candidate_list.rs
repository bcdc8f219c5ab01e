//! The candidate list at 100,000 rows: pages read by key, so every page costs the same
//! wherever it is, and counts that stop early when only "more than N" matters.
//!
//! The list is ordered by last activity, newest first, then by id (both descending, so one
//! row-value comparison on `candidates_by_activity` finds where a page starts). A page is
//! asked for relative to a row the caller already shows ([`PageAt`]), never by offset: an
//! OFFSET makes SQLite walk and throw away every row before the page.

use chrono::{DateTime, Utc};
use rusqlite::types::Value as SqlValue;
use rusqlite::{Row, params_from_iter};

use super::{
    CandidateFilter, CandidateRow, CandidateStatus, Result, Step, Store, get_code, get_ts, ts,
};

/// Where a row sits in the list order: its last activity, then its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CandidateKey {
    pub last_activity_at: DateTime<Utc>,
    pub id: String,
}

impl CandidateKey {
    pub fn of(row: &CandidateRow) -> CandidateKey {
        CandidateKey {
            last_activity_at: row.last_activity_at,
            id: row.id.clone(),
        }
    }
}

/// Which page to read, relative to rows already shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageAt {
    /// The most recently active rows.
    First,
    /// The rows right after this one (not including it).
    After(CandidateKey),
    /// The rows right before this one (not including it).
    Before(CandidateKey),
    /// This row and those after it: re-reading a page in place.
    From(CandidateKey),
    /// The least recently active rows: a full last page.
    Last,
}

/// The WHERE conditions and their parameters for a filter; shared by the pages and the
/// counts so they agree.
fn conditions(f: &CandidateFilter) -> (Vec<&'static str>, Vec<SqlValue>) {
    let mut conds: Vec<&str> = Vec::new();
    let mut args: Vec<SqlValue> = Vec::new();
    if let Some(name) = f.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        // Escape LIKE wildcards so a typed % or _ matches itself.
        let escaped = name
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        conds.push("c.name LIKE ? ESCAPE '\\'");
        args.push(SqlValue::Text(format!("%{escaped}%")));
    }
    if let Some(state) = f.state {
        conds.push("c.state = ?");
        args.push(SqlValue::Text(state.code().to_string()));
    }
    if let Some(centre) = &f.centre_id {
        conds.push("c.centre_id = ?");
        args.push(SqlValue::Text(centre.clone()));
    }
    if let Some(tutor) = &f.tutor_id {
        conds.push("c.tutor_id = ?");
        args.push(SqlValue::Text(tutor.clone()));
    }
    match f.stopped {
        Some(true) => conds.push("c.exit_outcome IS NOT NULL"),
        Some(false) => conds.push("c.exit_outcome IS NULL"),
        None => {}
    }
    // The list status is derived, so it is a condition on the latest assessment, looked up
    // per row through `assessments_by_candidate`; walking candidates in activity order with
    // LIMIT stops as soon as a page is full.
    match f.status {
        Some(CandidateStatus::Stopped) => conds.push("c.exit_outcome IS NOT NULL"),
        Some(CandidateStatus::Active) => conds.push(
            "c.exit_outcome IS NULL
             AND NOT EXISTS (SELECT 1 FROM assessments a WHERE a.candidate_id = c.id)",
        ),
        Some(s @ (CandidateStatus::InAssessment | CandidateStatus::Finalised)) => {
            conds.push(
                "c.exit_outcome IS NULL
                 AND (SELECT a.status FROM assessments a WHERE a.candidate_id = c.id
                      ORDER BY a.started_at DESC LIMIT 1) = ?",
            );
            args.push(SqlValue::Text(s.code().to_string()));
        }
        None => {}
    }
    (conds, args)
}

fn where_sql(conds: &[&str]) -> String {
    if conds.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conds.join(" AND "))
    }
}

const COLUMNS: &str = "SELECT c.id, c.name, c.state,
        CASE WHEN c.exit_outcome IS NOT NULL THEN 'stopped'
             ELSE coalesce((SELECT a.status FROM assessments a
                            WHERE a.candidate_id = c.id
                            ORDER BY a.started_at DESC LIMIT 1), 'active') END,
        t.name, c.last_activity_at
 FROM candidates c LEFT JOIN people t ON t.id = c.tutor_id";

fn row(r: &Row<'_>) -> rusqlite::Result<CandidateRow> {
    Ok(CandidateRow {
        id: r.get(0)?,
        name: r.get(1)?,
        state: get_code(r, 2, "candidates.state", Step::from_code)?,
        status: get_code(r, 3, "status", CandidateStatus::from_code)?,
        tutor_name: r.get(4)?,
        last_activity_at: get_ts(r, 5, "candidates.last_activity_at")?,
    })
}

/// The page query: `(sql, args, reversed)`; a reversed query walks the list backwards
/// (for the rows before a key, or the last page) and its rows are turned round after.
pub(crate) fn page_sql(
    filter: &CandidateFilter,
    at: &PageAt,
    limit: u32,
) -> (String, Vec<SqlValue>, bool) {
    let (mut conds, mut args) = conditions(filter);
    let (key, reversed) = match at {
        PageAt::First => (None, false),
        PageAt::Last => (None, true),
        PageAt::After(k) => (Some(("(c.last_activity_at, c.id) < (?, ?)", k)), false),
        PageAt::From(k) => (Some(("(c.last_activity_at, c.id) <= (?, ?)", k)), false),
        PageAt::Before(k) => (Some(("(c.last_activity_at, c.id) > (?, ?)", k)), true),
    };
    if let Some((cond, k)) = key {
        conds.push(cond);
        args.push(SqlValue::Text(ts(k.last_activity_at)));
        args.push(SqlValue::Text(k.id.clone()));
    }
    let order = if reversed { "ASC" } else { "DESC" };
    args.push(SqlValue::Integer(i64::from(limit)));
    let sql = format!(
        "{COLUMNS} {} ORDER BY c.last_activity_at {order}, c.id {order} LIMIT ?",
        where_sql(&conds)
    );
    (sql, args, reversed)
}

impl Store {
    /// One page of the list at `at`, in list order (most recently active first). A range
    /// read on the activity index: the same cost at the top, the middle or the end.
    pub fn candidate_page(
        &self,
        filter: &CandidateFilter,
        at: &PageAt,
        limit: u32,
    ) -> Result<Vec<CandidateRow>> {
        let (sql, args, reversed) = page_sql(filter, at, limit);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt
            .query_map(params_from_iter(args), row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if reversed {
            rows.reverse();
        }
        Ok(rows)
    }

    /// Rows `offset..offset + limit` of the list, in the same order: for a whole short list
    /// at once (tests) and for the benchmark's comparison with paging by key. The screens
    /// read by key ([`Store::candidate_page`]): an offset walks every row before it.
    pub fn list_candidates(
        &self,
        filter: &CandidateFilter,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<CandidateRow>> {
        let (conds, mut args) = conditions(filter);
        let sql = format!(
            "{COLUMNS} {} ORDER BY c.last_activity_at DESC, c.id DESC LIMIT ? OFFSET ?",
            where_sql(&conds)
        );
        args.push(SqlValue::Integer(i64::from(limit)));
        args.push(SqlValue::Integer(i64::from(offset)));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many candidates match `filter`, exactly. Without a filter this is one walk of
    /// the smallest index (a few milliseconds at 100,000); with one it tests every row.
    pub fn count_candidates(&self, filter: &CandidateFilter) -> Result<u64> {
        let (conds, args) = conditions(filter);
        let sql = format!("SELECT count(*) FROM candidates c {}", where_sql(&conds));
        let n: i64 = self
            .conn
            .prepare_cached(&sql)?
            .query_row(params_from_iter(args), |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// How many candidates match `filter`, counting no further than `limit`: a filtered
    /// list says "more than 1,000" instead of testing all 100,000 rows per keystroke.
    pub fn count_candidates_up_to(&self, filter: &CandidateFilter, limit: u64) -> Result<u64> {
        let (conds, mut args) = conditions(filter);
        let sql = format!(
            "SELECT count(*) FROM (SELECT 1 FROM candidates c {} LIMIT ?)",
            where_sql(&conds)
        );
        args.push(SqlValue::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
        let n: i64 = self
            .conn
            .prepare_cached(&sql)?
            .query_row(params_from_iter(args), |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }
}
