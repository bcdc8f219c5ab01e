//! The lookups that must stay indexed at 100,000 candidates, checked on SQLite's own plan
//! (`EXPLAIN QUERY PLAN`) rather than on a timing: a plan does not depend on the machine,
//! and a scan that slips in shows up here on ten rows as well as on a million.

use rusqlite::types::Value;
use rusqlite::{Connection, params_from_iter};

use super::candidate_list::{CandidateKey, PageAt, page_sql};
use super::certificates::certificates_sql;
use super::{CandidateFilter, CandidateStatus, Store};

/// The plan's lines ("SEARCH c USING INDEX …", "SCAN …", "USE TEMP B-TREE …").
fn plan(conn: &Connection, sql: &str, args: Vec<Value>) -> Vec<String> {
    let mut stmt = conn
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .expect("the query prepares");
    stmt.query_map(params_from_iter(args), |r| r.get::<_, String>(3))
        .expect("the plan runs")
        .collect::<rusqlite::Result<_>>()
        .expect("the plan reads")
}

#[test]
fn certificates_by_assessment_use_an_index() {
    let store = Store::open_in_memory().expect("store");
    for cond in ["c.assessment_id = ?1", "a.candidate_id = ?1"] {
        let lines = plan(
            &store.conn,
            &certificates_sql(cond),
            vec![Value::Text("x".into())],
        );
        let on_certificates: Vec<_> = lines.iter().filter(|l| l.contains(" c ")).collect();
        assert!(
            on_certificates
                .iter()
                .all(|l| l.contains("certificates_by_assessment")),
            "{cond}: {lines:?}"
        );
    }
}

#[test]
fn every_candidate_page_is_a_range_read_in_index_order() {
    let store = Store::open_in_memory().expect("store");
    let key = CandidateKey {
        last_activity_at: chrono::Utc::now(),
        id: "x".into(),
    };
    let filters = [
        CandidateFilter::default(),
        CandidateFilter {
            name: Some("ann".into()),
            status: Some(CandidateStatus::Finalised),
            ..Default::default()
        },
    ];
    let ats = [
        PageAt::First,
        PageAt::Last,
        PageAt::After(key.clone()),
        PageAt::Before(key.clone()),
        PageAt::From(key),
    ];
    for f in &filters {
        for at in &ats {
            let (sql, args, _) = page_sql(f, at, 20);
            let lines = plan(&store.conn, &sql, args);
            let main = &lines[0];
            assert!(
                main.contains("candidates_by_activity"),
                "{at:?}: walks the activity index: {lines:?}"
            );
            if !matches!(at, PageAt::First | PageAt::Last) {
                assert!(
                    main.starts_with("SEARCH"),
                    "{at:?}: starts at the key: {lines:?}"
                );
            }
            assert!(
                !lines.iter().any(|l| l.contains("TEMP B-TREE")),
                "{at:?}: no sort of the whole table: {lines:?}"
            );
        }
    }
}

/// The rows inside an assessment or a portfolio sit behind views over their compact
/// `_rows` tables (migration 13): a lookup by the parent's UUID goes through its key to a
/// range of the table, never a scan of it.
#[test]
fn compact_rows_are_read_by_key_through_their_views() {
    let store = Store::open_in_memory().expect("store");
    for (table, parent) in [
        ("portfolio_checks", "assessment_id"),
        ("interview_notes", "assessment_id"),
        ("interview_time", "assessment_id"),
        ("indicator_ratings", "assessment_id"),
        ("scores", "assessment_id"),
        ("decisions", "assessment_id"),
        ("self_assessments", "candidate_id"),
        ("claimed_competences", "candidate_id"),
        ("evidence_register", "candidate_id"),
        ("evidence_competences", "candidate_id"),
    ] {
        let lines = plan(
            &store.conn,
            &format!("SELECT * FROM {table} WHERE {parent} = ?1"),
            vec![Value::Text("x".into())],
        );
        assert!(
            lines.iter().all(|l| !l.starts_with("SCAN")),
            "{table}: {lines:?}"
        );
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("SEARCH r USING PRIMARY KEY")),
            "{table}: {lines:?}"
        );
    }
}
