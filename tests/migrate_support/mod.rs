//! Shared by the migration tests (`store_migrate_keyed.rs`, `store_migrate_compact.rs`,
//! `store_migrate_audit.rs`): a fixture copied to a temporary folder, a table's values as
//! text in key order, ids read by a query, and a check report's problems as lines.
#![allow(dead_code)] // each test binary uses its own part

use std::path::{Path, PathBuf};

use leverup::store::{CheckReport, SCHEMA_VERSION, Store};
use rusqlite::Connection;

/// The rows migration 10 rebuilt with natural keys and migration 13 stores compactly,
/// with the columns they keep and their key.
pub const ASSESSMENT_ROWS: &[(&str, &str, &str)] = &[
    (
        "portfolio_checks",
        "assessment_id, competence_id, criterion_id, verdict, note, updated_at",
        "assessment_id, competence_id, criterion_id",
    ),
    (
        "interview_notes",
        "assessment_id, competence_id, question_index, text, updated_at",
        "assessment_id, competence_id, question_index",
    ),
    (
        "interview_time",
        "assessment_id, competence_id, seconds, interruptions",
        "assessment_id, competence_id",
    ),
    (
        "indicator_ratings",
        "assessment_id, competence_id, indicator_id, rating, note, updated_at",
        "assessment_id, competence_id, indicator_id",
    ),
    (
        "scores",
        "assessment_id, competence_id, suggested, outcome_level, overridden, justification, context, task, autonomy, updated_at",
        "assessment_id, competence_id",
    ),
    (
        "decisions",
        "assessment_id, competence_id, decision, reasons, advice, updated_at",
        "assessment_id, competence_id",
    ),
    (
        "self_assessments",
        "candidate_id, competence_id, mode, rating, recorded_at",
        "candidate_id, competence_id, mode",
    ),
    (
        "claimed_competences",
        "candidate_id, competence_id, claimed_at",
        "candidate_id, competence_id",
    ),
];

/// A copy of a file of an older schema, relabelled to the current version and opened
/// read-only: this store reading the old tables, which is what it must read in the same
/// file once migrated.
pub fn read_as_current(copy: &Path) -> Store {
    Connection::open(copy)
        .unwrap()
        .pragma_update(None, "user_version", SCHEMA_VERSION)
        .unwrap();
    Store::open_read_only(copy).unwrap()
}

/// `path` migrated to the current version, `db check` clean.
pub fn migrated_clean(path: &Path) -> Store {
    let store = Store::open(path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let report = store.check().unwrap();
    assert!(report.is_clean(), "{:?}", problems(&report));
    store
}

/// `tests/fixtures/<fixture>` copied to `dir/<name>`.
pub fn fixture_copy(dir: &Path, fixture: &str, name: &str) -> PathBuf {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture);
    let to = dir.join(name);
    std::fs::copy(from, &to).expect("copy the fixture");
    to
}

/// Every value of each (table, columns, key) as text, in key order; each table must have
/// rows, so a comparison of empty tables cannot pass for one of kept values.
pub fn table_rows(conn: &Connection, tables: &[(&str, &str, &str)]) -> Vec<String> {
    let mut out = Vec::new();
    for (table, cols, key) in tables {
        let sql = format!(
            "SELECT quote({}) FROM {table} ORDER BY {key}",
            cols.replace(", ", ") || ',' || quote(")
        );
        let rows = ids(conn, &sql);
        assert!(!rows.is_empty(), "the fixture has {table} rows");
        out.extend(rows.into_iter().map(|r| format!("{table}: {r}")));
    }
    out
}

/// The first column of every row `sql` returns, as text.
pub fn ids(conn: &Connection, sql: &str) -> Vec<String> {
    conn.prepare(sql)
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// A check report's problems, one line each, named by the part that found them.
pub fn problems(r: &CheckReport) -> Vec<String> {
    r.parts
        .iter()
        .flat_map(|p| p.problems.iter().map(move |x| format!("{}: {x}", p.name)))
        .collect()
}
