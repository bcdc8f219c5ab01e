//! Rules the database enforces itself: finalised assessments are immutable (through the
//! commit path and through raw SQL), the audit log is append-only, foreign keys and codes
//! hold. The domain refuses most of these first; the tests forge change sets past it to
//! show the database still does.

mod store_fixture;

use chrono::{DateTime, Utc};
use leverup::domain::DomainError;
use leverup::domain::assessment::AssessmentState;
use leverup::domain::command::{self, Command};
use leverup::domain::path_rules;
use leverup::domain::scales::{
    Complexity, CriterionVerdict, Decision, Dimension, IndicatorRating, OutcomeLevel,
};
use leverup::store::*;
use rusqlite::Connection;
use store_fixture::*;

fn now() -> DateTime<Utc> {
    t0()
}

/// A file database with one finalised assessment of c01 (validated) that has a row in
/// every child table; returns (dir, path, its final state).
fn finalised() -> (tempfile::TempDir, std::path::PathBuf, AssessmentState) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut w = world_at(&path);
    let mut st = start(&mut w, &["c01"]);
    apply_all(&mut w.store, &mut st, ready_to_sign("c01"));
    apply_and_commit(&mut w.store, &mut st, time("c01", 60));
    apply_and_commit(&mut w.store, &mut st, Command::Finalise);
    assert!(st.finalised);
    (dir, path, st)
}

/// Every kind of command, for c01 of the finalised fixture.
fn every_command(other_assessor: &str) -> Vec<Command> {
    vec![
        verdict("c01", "relevance", CriterionVerdict::NotMet),
        note("c01", 0, "changed"),
        note("c01", 1, "new"),
        time("c01", 5),
        rate("c01", 0, IndicatorRating::Expert),
        Command::ChooseLevel {
            competence: "c01".into(),
            chosen: Outcome::NotAssessable,
            justification: "on second thoughts".into(),
        },
        complexity("c01", Dimension::Task, Complexity::High),
        decide("c01", Decision::NotValidated),
        Command::Reasons {
            competence: "c01".into(),
            text: "changed".into(),
        },
        Command::Finalise,
        Command::Reassign {
            to: assessor_staff(other_assessor, "Sanne de Jong"),
            reason: "after the fact".into(),
        },
    ]
}

#[test]
fn finalised_assessment_refuses_changes_through_the_commit_path() {
    let (_dir, path, state) = finalised();
    let mut s = Store::open(&path).unwrap();
    let a = state.id.clone();
    let actor = state.assessor_id.clone();
    let other = s
        .create_person("Sanne de Jong", None, "admin", now())
        .unwrap();
    let before = s.load_assessment(&a).unwrap();
    let audit_before = s.audit_for(&a).unwrap();
    // The domain refuses every command on a finalised assessment.
    for cmd in every_command(&other) {
        let r = command::apply(&state, &cmd, model(), &actor, now());
        assert_eq!(r, Err(DomainError::Finalised), "{cmd:?}");
    }
    // A change set forged past the domain (a state that claims to be open, at the current
    // revision, so the revision check passes; interview time skips that check anyway) is
    // refused by the database triggers, whatever table it writes first.
    let mut forged = state.clone();
    forged.finalised = false;
    for cmd in every_command(&other) {
        let cs = command::apply(&forged, &cmd, model(), &actor, now())
            .unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
        assert!(!cs.is_empty(), "{cmd:?}");
        assert_eq!(cs.base_revision(), state.revision);
        let r = s.commit(&cs, &actor, now());
        assert!(matches!(r, Err(StoreError::Finalised)), "{cmd:?}: {r:?}");
    }
    assert_eq!(s.load_assessment(&a).unwrap(), before);
    assert_eq!(s.audit_for(&a).unwrap(), audit_before);
    // Certificates may still be issued for it.
    s.issue_certificate(&a, "x", now()).unwrap();
    assert!(
        StoreError::Finalised
            .to_string()
            .contains("cannot be changed"),
        "message explains"
    );
}

#[test]
fn finalised_assessment_refuses_raw_sql() {
    let (_dir, path, st) = finalised();
    let a = st.id;
    let conn = Connection::open(&path).unwrap();
    let statements = [
        "UPDATE assessments SET model_version = '2' WHERE id = ?1",
        "UPDATE assessments SET revision = revision + 1 WHERE id = ?1",
        "UPDATE assessments SET assessor_id = (SELECT id FROM people LIMIT 1) WHERE id = ?1",
        "UPDATE assessments SET finalised_at = NULL, status = 'in_progress' WHERE id = ?1",
        "DELETE FROM assessments WHERE id = ?1",
        "UPDATE portfolio_checks SET verdict = 'not-met' WHERE assessment_id = ?1",
        "DELETE FROM portfolio_checks WHERE assessment_id = ?1",
        "INSERT INTO portfolio_checks (assessment_id, competence_id, criterion_id, verdict,
         updated_at) VALUES (?1, 'C02', 'variety', 'met', 'x')",
        "UPDATE interview_notes SET text = 'x' WHERE assessment_id = ?1",
        "DELETE FROM interview_notes WHERE assessment_id = ?1",
        "UPDATE interview_time SET seconds = 0 WHERE assessment_id = ?1",
        "UPDATE indicator_ratings SET rating = 'expert' WHERE assessment_id = ?1",
        "DELETE FROM indicator_ratings WHERE assessment_id = ?1",
        "INSERT INTO scores (assessment_id, competence_id, suggested, updated_at)
         VALUES (?1, 'C01', 'basic', 'x')",
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
    let (_dir, path, st) = finalised();
    let a = st.id;
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
    let (_dir, path, st) = finalised();
    let a = st.id.clone();
    let mut s = Store::open(&path).unwrap();
    // A new assessment of the same candidate (allowed at Assessment once the first is
    // finalised) has no certificate until it is finalised itself. Started first: issuing
    // the first one's records moves the candidate on to Certification.
    let facts = s.candidate_facts(&st.candidate_id).unwrap();
    let new = path_rules::start_assessment(
        &facts,
        model(),
        &assessor_staff(&st.assessor_id, &st.assessor_name),
        now().date_naive(),
    )
    .unwrap();
    let open = s.begin_assessment(new, &st.assessor_id, now()).unwrap().id;
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
    // The certification rules (domain) refuse it before the database would.
    assert!(matches!(
        s.issue_certificate(&open, "x", now()),
        Err(StoreError::Rule(e)) if e.to_string().contains("finalised")
    ));
    // A certificate's place in the status list never changes once given.
    assert!(
        conn.execute(
            "UPDATE certificates SET status_index = status_index + 1 WHERE id = ?1",
            [&cert]
        )
        .is_err()
    );
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
    // A change set for an assessment the database does not have.
    let mut w = world();
    let mut st = start(&mut w, &["c01"]);
    let mut ghost = st.clone();
    ghost.id = "no-such-assessment".into();
    for cmd in [note("c01", 0, "t"), time("c01", 5)] {
        let cs = command::apply(&ghost, &cmd, model(), &w.assessor, now()).unwrap();
        assert!(matches!(
            w.store.commit(&cs, &w.assessor, now()),
            Err(StoreError::NotFound { .. })
        ));
    }
    assert!(w.store.load_assessment(&st.id).unwrap().notes.is_empty());
    apply_and_commit(&mut w.store, &mut st, note("c01", 0, "t"));
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
    document(&mut s, &cand, &["c01"]);
    let p = s.create_person("B", None, "a", now()).unwrap();
    let facts = s.candidate_facts(&cand).unwrap();
    let new = path_rules::start_assessment(
        &facts,
        model(),
        &assessor_staff(&p, "B"),
        now().date_naive(),
    )
    .unwrap();
    let mut st = s.begin_assessment(new, &p, now()).unwrap();
    apply_all(
        &mut s,
        &mut st,
        rate_all("c01", IndicatorRating::Accomplished),
    );
    let a = st.id.clone();
    // The domain refuses it…
    let overriding = |justification: &str| Command::ChooseLevel {
        competence: "c01".into(),
        chosen: Outcome::Level(OutcomeLevel::Expert),
        justification: justification.into(),
    };
    assert_eq!(
        command::apply(&st, &overriding("  "), model(), &p, now()),
        Err(DomainError::JustificationRequired)
    );
    // …and so does the database, for a row forged past leverup with raw SQL.
    let r = Connection::open(&path).unwrap().execute(
        "INSERT INTO scores (assessment_id, competence_id, suggested, outcome_level,
                             overridden, justification, updated_at)
         VALUES (?1, 'c01', 'accomplished', 'expert', 1, '  ', 'x')",
        [&a],
    );
    let e = r.unwrap_err().to_string();
    assert!(e.contains("CHECK"), "refused for another reason: {e}");
    assert!(s.audit_for(&a).unwrap().iter().all(|e| e.entity != "score"));
    assert!(s.load_assessment(&a).unwrap().scores.is_empty());
    // The honest override goes through.
    apply_and_commit(&mut s, &mut st, overriding("reason"));
    assert_eq!(s.load_assessment(&a).unwrap().scores.len(), 1);
}

/// `scores.suggested` may be NULL (complexity given before a suggestion exists), but a
/// code that is given must be one of the allowed ones, for the suggestion and complexity.
#[test]
fn score_codes_are_checked_and_suggestion_may_be_missing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("codes.db");
    let mut w = world_at(&path);
    let a = start(&mut w, &["c01"]).id;
    drop(w);
    let conn = Connection::open(&path).unwrap();
    let insert = |comp: &str, suggested: Option<&str>, context: Option<&str>| {
        conn.execute(
            "INSERT INTO scores (assessment_id, competence_id, suggested, context, updated_at)
             VALUES (?1, ?2, ?3, ?4, 'x')",
            rusqlite::params![a, comp, suggested, context],
        )
    };
    insert("C01", None, Some("mid-low")).unwrap();
    insert("C02", Some("basic"), None).unwrap();
    let bad = insert("C03", Some("great"), None);
    assert!(bad.unwrap_err().to_string().contains("CHECK"));
    let bad = insert("C04", None, Some("huge"));
    assert!(bad.unwrap_err().to_string().contains("CHECK"));
}
