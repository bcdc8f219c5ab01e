//! Shared by the migration tests (`store_migrate_keyed.rs`, `store_migrate_compact.rs`,
//! `store_migrate_audit.rs`): a fixture copied to a temporary folder, a table's values as
//! text in key order, ids read by a query, and a check report's problems as lines.
#![allow(dead_code)] // each test binary uses its own part

use std::path::{Path, PathBuf};

use leverup::store::CheckReport;
use rusqlite::Connection;

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
