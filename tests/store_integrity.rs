//! Rules the database enforces itself: finalised assessments are immutable (through the
//! API and through raw SQL), the audit log is append-only, foreign keys and codes hold.

use chrono::{DateTime, TimeZone, Utc};
use leverup::domain::scales::{CriterionVerdict, Decision, IndicatorRating};
use leverup::store::*;
use rusqlite::Connection;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 30, 0).unwrap()
}

/// A file database with one finalised assessment; returns (dir, path, assessment id).
fn finalised() -> (tempfile::TempDir, std::path::PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut s = Store::open(&path).unwrap();
    let centre = s.create_centre("C", "a", now()).unwrap();
    let assessor = s.create_person("A", None, "a", now()).unwrap();
    let cand = s
        .create_candidate(
            &NewCandidate {
                name: "Cand".into(),
                email: None,
                centre_id: centre,
                tutor_id: None,
            },
            "a",
            now(),
        )
        .unwrap();
    let a = s
        .start_assessment(&cand, &assessor, "m", "1", "a", now())
        .unwrap();
    s.set_portfolio_verdict(
        &a,
        "C01",
        "relevance",
        CriterionVerdict::Met,
        "",
        "a",
        now(),
    )
    .unwrap();
    s.save_note(&a, "C01", 0, "note", "a", now()).unwrap();
    s.add_interview_time(&a, "C01", 60, 0, "a", now()).unwrap();
    s.rate_indicator(&a, "C01", "i1", IndicatorRating::Basic, "", "a", now())
        .unwrap();
    s.save_decision(&a, "C01", Decision::Validated, "ok", "", "a", now())
        .unwrap();
    s.finalise_assessment(&a, "a", now()).unwrap();
    (dir, path, a)
}

#[test]
fn finalised_assessment_refuses_changes_through_the_api() {
    let (_dir, path, a) = finalised();
    let mut s = Store::open(&path).unwrap();
    let before = s.load_assessment(&a).unwrap();
    let n = now();
    let results = [
        s.set_portfolio_verdict(&a, "C01", "relevance", CriterionVerdict::NotMet, "", "x", n),
        s.save_note(&a, "C01", 0, "changed", "x", n),
        s.save_note(&a, "C02", 1, "new", "x", n),
        s.add_interview_time(&a, "C01", 5, 1, "x", n),
        s.rate_indicator(&a, "C01", "i1", IndicatorRating::Expert, "", "x", n),
        s.save_decision(&a, "C01", Decision::NotValidated, "", "", "x", n),
        s.save_score(
            &a,
            &ScoreInput {
                competence_id: "C01".into(),
                suggested: Some(Outcome::NotAssessable),
                outcome_level: None,
                overridden: false,
                justification: String::new(),
                complexity: PartialComplexity::default(),
            },
            "x",
            n,
        ),
        s.finalise_assessment(&a, "x", n),
    ];
    for r in results {
        assert!(matches!(r, Err(StoreError::Finalised)), "{r:?}");
    }
    assert_eq!(s.load_assessment(&a).unwrap(), before);
    // Certificates may still be issued for it.
    s.issue_certificate(&a, "x", n).unwrap();
    assert!(
        StoreError::Finalised
            .to_string()
            .contains("cannot be changed"),
        "message explains"
    );
}

#[test]
fn finalised_assessment_refuses_raw_sql() {
    let (_dir, path, a) = finalised();
    let conn = Connection::open(&path).unwrap();
    let statements = [
        "UPDATE assessments SET model_version = '2' WHERE id = ?1",
        "UPDATE assessments SET finalised_at = NULL, status = 'in_progress' WHERE id = ?1",
        "DELETE FROM assessments WHERE id = ?1",
        "UPDATE portfolio_checks SET verdict = 'not-met' WHERE assessment_id = ?1",
        "DELETE FROM portfolio_checks WHERE assessment_id = ?1",
        "INSERT INTO portfolio_checks (id, assessment_id, competence_id, criterion_id, verdict,
         updated_at) VALUES ('p2', ?1, 'C02', 'variety', 'met', 'x')",
        "UPDATE interview_notes SET text = 'x' WHERE assessment_id = ?1",
        "DELETE FROM interview_notes WHERE assessment_id = ?1",
        "UPDATE interview_time SET seconds = 0 WHERE assessment_id = ?1",
        "UPDATE indicator_ratings SET rating = 'expert' WHERE assessment_id = ?1",
        "DELETE FROM indicator_ratings WHERE assessment_id = ?1",
        "INSERT INTO scores (id, assessment_id, competence_id, suggested, updated_at)
         VALUES ('s1', ?1, 'C01', 'basic', 'x')",
        "UPDATE decisions SET decision = 'not_validated' WHERE assessment_id = ?1",
        "DELETE FROM decisions WHERE assessment_id = ?1",
    ];
    for sql in statements {
        let err = conn.execute(sql, [&a]).expect_err(sql);
        assert!(
            err.to_string().contains("assessment is finalised"),
            "{sql}: {err}"
        );
    }
}

#[test]
fn audit_log_is_append_only() {
    let (_dir, path, a) = finalised();
    let conn = Connection::open(&path).unwrap();
    for sql in [
        "UPDATE audit_log SET actor = 'someone else'",
        "DELETE FROM audit_log",
        "DELETE FROM audit_log WHERE entity_id = ?1",
    ] {
        let r = if sql.contains("?1") {
            conn.execute(sql, [&a])
        } else {
            conn.execute(sql, [])
        };
        let err = r.expect_err(sql);
        assert!(err.to_string().contains("append-only"), "{err}");
    }
    let n: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE entity_id = ?1",
            [&a],
            |r| r.get(0),
        )
        .unwrap();
    assert!(n >= 7);
}

#[test]
fn certificates_are_never_deleted_and_need_a_finalised_assessment() {
    let (_dir, path, a) = finalised();
    let mut s = Store::open(&path).unwrap();
    let cert = s.issue_certificate(&a, "x", now()).unwrap();
    let conn = Connection::open(&path).unwrap();
    assert!(
        conn.execute("DELETE FROM certificates WHERE id = ?1", [&cert])
            .is_err()
    );
    assert!(
        conn.execute(
            "UPDATE certificates SET issued_at = 'x' WHERE id = ?1",
            [&cert]
        )
        .is_err()
    );
    let cand = s.load_assessment(&a).unwrap().summary.candidate_id;
    let assessor = s.load_assessment(&a).unwrap().summary.assessor_id;
    let open = s
        .start_assessment(&cand, &assessor, "m", "1", "a", now())
        .unwrap();
    assert!(matches!(
        s.issue_certificate(&open, "x", now()),
        Err(StoreError::Constraint(m)) if m.contains("finalised")
    ));
}

#[test]
fn foreign_keys_and_codes_are_enforced() {
    let mut s = Store::open_in_memory().unwrap();
    assert!(matches!(
        s.create_candidate(
            &NewCandidate {
                name: "X".into(),
                email: None,
                centre_id: "no-such-centre".into(),
                tutor_id: None,
            },
            "a",
            now(),
        ),
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        s.save_note("no-such-assessment", "C01", 0, "t", "a", now()),
        Err(StoreError::NotFound { .. })
    ));
    // Raw SQL on a file database: the FK and CHECK constraints themselves.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fk.db");
    drop(Store::open(&path).unwrap());
    let conn = Connection::open(&path).unwrap();
    conn.pragma_update(None, "foreign_keys", "ON").unwrap();
    let fk = conn.execute(
        "INSERT INTO candidates (id, name, centre_id, state, created_at, last_activity_at)
         VALUES ('c', 'n', 'missing', 'awareness', 'x', 'x')",
        [],
    );
    assert!(fk.unwrap_err().to_string().contains("FOREIGN KEY"));
    conn.execute(
        "INSERT INTO centres (id, name, created_at) VALUES ('k', 'K', 'x')",
        [],
    )
    .unwrap();
    let bad_state = conn.execute(
        "INSERT INTO candidates (id, name, centre_id, state, created_at, last_activity_at)
         VALUES ('c', 'n', 'k', 'dreaming', 'x', 'x')",
        [],
    );
    assert!(bad_state.unwrap_err().to_string().contains("CHECK"));
}

#[test]
fn override_without_justification_is_refused() {
    let (_dir, path, _) = finalised();
    let mut s = Store::open(&path).unwrap();
    let centre = s.list_centres().unwrap()[0].id.clone();
    let cand = s
        .create_candidate(
            &NewCandidate {
                name: "Other".into(),
                email: None,
                centre_id: centre,
                tutor_id: None,
            },
            "a",
            now(),
        )
        .unwrap();
    let p = s.create_person("B", None, "a", now()).unwrap();
    let a = s.start_assessment(&cand, &p, "m", "1", "a", now()).unwrap();
    let r = s.save_score(
        &a,
        &ScoreInput {
            competence_id: "C01".into(),
            suggested: Some(Outcome::NotValidated),
            outcome_level: None,
            overridden: true,
            justification: "  ".into(),
            complexity: PartialComplexity::default(),
        },
        "a",
        now(),
    );
    assert!(matches!(r, Err(StoreError::Constraint(_))), "{r:?}");
    assert!(s.audit_for(&a).unwrap().iter().all(|e| e.entity != "score"));
}

/// `scores.suggested` may be NULL (complexity given before a suggestion exists), but a
/// code that is given must be one of the allowed ones, for the suggestion and complexity.
#[test]
fn score_codes_are_checked_and_suggestion_may_be_missing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("codes.db");
    let mut s = Store::open(&path).unwrap();
    let centre = s.create_centre("C", "a", now()).unwrap();
    let assessor = s.create_person("A", None, "a", now()).unwrap();
    let cand = s
        .create_candidate(
            &NewCandidate {
                name: "Cand".into(),
                email: None,
                centre_id: centre,
                tutor_id: None,
            },
            "a",
            now(),
        )
        .unwrap();
    let a = s
        .start_assessment(&cand, &assessor, "m", "1", "a", now())
        .unwrap();
    drop(s);
    let conn = Connection::open(&path).unwrap();
    let insert = |id: &str, comp: &str, suggested: Option<&str>, context: Option<&str>| {
        conn.execute(
            "INSERT INTO scores (id, assessment_id, competence_id, suggested, context,
                                 updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 'x')",
            rusqlite::params![id, a, comp, suggested, context],
        )
    };
    insert("s1", "C01", None, Some("mid-low")).unwrap();
    insert("s2", "C02", Some("basic"), None).unwrap();
    let bad = insert("s3", "C03", Some("great"), None);
    assert!(bad.unwrap_err().to_string().contains("CHECK"));
    let bad = insert("s4", "C04", None, Some("huge"));
    assert!(bad.unwrap_err().to_string().contains("CHECK"));
}
