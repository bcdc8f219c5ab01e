//! The one write path for assessment work: a domain change set committed in one
//! `BEGIN IMMEDIATE` transaction, whole or not at all, with an audit row per change; the
//! migration that brings the revision; `begin_assessment` re-checking its facts. Two
//! instances on one file are in `store_conflicts.rs`.

mod store_fixture;

use std::path::Path;

use leverup::domain::DomainError;
use leverup::domain::assessment::AssessmentState;
use leverup::domain::changes::{Change, ChangeSet};
use leverup::domain::command::{self, Command};
use leverup::domain::path_rules;
use leverup::domain::process::{PathCommand, PathStatus, Step};
use leverup::domain::scales::{Decision, IndicatorRating};
use leverup::domain::scoring::Outcome;
use leverup::store::{SCHEMA_VERSION, Store, StoreError};
use rusqlite::Connection;
use serde_json::Value;
use store_fixture::*;

/// What the cascade of a rating touches, as the database holds it: the rating of c01's first
/// indicator, the score's suggestion and level, the decision, the revision, and the number
/// of audit rows.
#[derive(Debug, PartialEq, Eq)]
struct Rows {
    rating: Option<String>,
    suggested: Option<String>,
    level: Option<String>,
    decision: String,
    revision: i64,
    audit: i64,
}

fn rows(conn: &Connection, id: &str) -> Rows {
    let (suggested, level) = conn
        .query_row(
            "SELECT suggested, outcome_level FROM scores
             WHERE assessment_id = ?1 AND competence_id = 'c01'",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    Rows {
        rating: rating(conn, id, "c01-i1"),
        suggested,
        level,
        decision: conn
            .query_row(
                "SELECT decision FROM decisions
                 WHERE assessment_id = ?1 AND competence_id = 'c01'",
                [id],
                |r| r.get(0),
            )
            .unwrap(),
        revision: revision(conn, id),
        audit: audit_count(conn),
    }
}

/// A file database whose candidate's c01 is Validated on a confirmed Accomplished level.
fn validated(path: &Path) -> (World, AssessmentState) {
    let mut w = world_at(path);
    let mut st = start(&mut w, &["c01"]);
    apply_all(&mut w.store, &mut st, validate("c01"));
    (w, st)
}

/// The rating that takes the suggestion away from the confirmed level: its change set
/// carries the rating, the reopened level and the decision back to Pending.
fn reopening(st: &AssessmentState) -> ChangeSet {
    let cs = command::apply(
        st,
        &rate("c01", 0, IndicatorRating::NotShown),
        model(),
        &st.assessor_id,
        t0(),
    )
    .unwrap();
    match cs.changes() {
        [
            Change::Rating {
                indicator,
                rating: IndicatorRating::NotShown,
                ..
            },
            Change::Score { level: None, .. },
            Change::Decision {
                decision: Decision::Pending,
                ..
            },
        ] => assert_eq!(indicator, "c01-i1"),
        other => panic!("expected rating, reopened level and decision: {other:?}"),
    }
    assert!(cs.notice().is_some_and(|n| n.contains("confirm")));
    cs
}

#[test]
fn a_change_set_with_its_cascade_commits_whole_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let (mut w, st) = validated(&path);
    let conn = raw(&path);
    let before = rows(&conn, &st.id);
    assert_eq!(
        before,
        Rows {
            rating: Some("accomplished".into()),
            suggested: Some("accomplished".into()),
            level: Some("accomplished".into()),
            decision: "validated".into(),
            revision: st.revision,
            audit: before.audit,
        }
    );
    let cs = reopening(&st);

    // The write fails inside SQLite: the error comes back, nothing of the change set landed.
    w.store.fail_writes(true).unwrap();
    let err = w.store.commit(&cs, &st.assessor_id, t0()).unwrap_err();
    assert!(!matches!(err, StoreError::Conflict { .. }), "{err:?}");
    assert_eq!(rows(&conn, &st.id), before);

    // On again: the rating, the reopened level and the pending decision land together,
    // with one audit row each and one new revision.
    w.store.fail_writes(false).unwrap();
    w.store.commit(&cs, &st.assessor_id, t0()).unwrap();
    assert_eq!(
        rows(&conn, &st.id),
        Rows {
            rating: Some("not-shown".into()),
            suggested: None,
            level: None,
            decision: "pending".into(),
            revision: st.revision + 1,
            audit: before.audit + 3,
        }
    );
    assert_eq!(cs.state().revision, st.revision + 1);
}

/// A failure after the first rows of a change set were written (here the decision, the
/// last write of the cascade, is made to fail by a trigger) takes the earlier rows back
/// with it: one change set is one transaction.
#[test]
fn a_failure_midway_rolls_back_the_rows_written_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let (mut w, st) = validated(&path);
    let conn = raw(&path);
    let before = rows(&conn, &st.id);
    conn.execute_batch(
        "CREATE TRIGGER test_decisions_fail BEFORE UPDATE ON decisions_rows
         BEGIN SELECT RAISE(ABORT, 'injected failure'); END;",
    )
    .unwrap();
    let cs = reopening(&st);
    let err = w.store.commit(&cs, &st.assessor_id, t0()).unwrap_err();
    assert!(
        matches!(&err, StoreError::Constraint(m) if m.contains("injected failure")),
        "{err:?}"
    );
    assert_eq!(rows(&conn, &st.id), before);
    conn.execute_batch("DROP TRIGGER test_decisions_fail")
        .unwrap();
    w.store.commit(&cs, &st.assessor_id, t0()).unwrap();
    assert_eq!(rows(&conn, &st.id).decision, "pending");
}

/// A database written by the previous release (schema version 2, no revision column)
/// opens, is migrated to version 3, and its assessments, finalised or not, start at
/// revision 0 and take commits.
#[test]
fn a_version_2_database_migrates_and_its_assessments_get_revision_0() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v2.db");
    {
        let conn = raw(&path);
        conn.execute_batch(include_str!("../src/store/migrations/0001_initial.sql"))
            .unwrap();
        conn.execute_batch(include_str!(
            "../src/store/migrations/0002_integrity_triggers.sql"
        ))
        .unwrap();
        conn.pragma_update(None, "user_version", 2).unwrap();
        let at = "2026-03-01T10:00:00.000Z";
        conn.execute_batch(&format!(
            "INSERT INTO centres (id, name, created_at) VALUES ('k', 'CSV Milano', '{at}');
             INSERT INTO people (id, name, created_at) VALUES ('p', 'Hendrik van Dijk', '{at}');
             INSERT INTO candidates (id, name, centre_id, state, created_at, last_activity_at)
                 VALUES ('c', 'Giulia Rossi', 'k', 'assessment', '{at}', '{at}');
             INSERT INTO claimed_competences (id, candidate_id, competence_id, claimed_at)
                 VALUES ('cl', 'c', 'c01', '{at}');
             INSERT INTO evidence_items (id, candidate_id, competence_id, title, kind, dated,
                                         added_at)
                 VALUES ('e1', 'c', 'c01', 'Letter', 'reference-letter', '2025-01-10', '{at}');
             INSERT INTO assessments (id, candidate_id, assessor_id, model_id, model_version,
                                      started_at, finalised_at, status)
                 VALUES ('old', 'c', 'p', 'lever-up', 'test-1', '2026-01-01T10:00:00.000Z',
                         '{at}', 'finalised');
             INSERT INTO assessments (id, candidate_id, assessor_id, model_id, model_version,
                                      started_at)
                 VALUES ('open', 'c', 'p', 'lever-up', 'test-1', '{at}');
             INSERT INTO interview_notes (id, assessment_id, competence_id, question_index,
                                          text, updated_at)
                 VALUES ('n', 'open', 'c01', 0, 'written by version 2', '{at}');"
        ))
        .unwrap();
        let has_revision: bool = conn
            .prepare("SELECT 1 FROM pragma_table_info('assessments') WHERE name = 'revision'")
            .unwrap()
            .exists([])
            .unwrap();
        assert!(!has_revision);
    }
    let mut s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    const { assert!(SCHEMA_VERSION >= 3) };
    let conn = raw(&path);
    assert_eq!(revision(&conn, "old"), 0);
    assert_eq!(revision(&conn, "open"), 0);

    let mut st = s.load_state("open", model()).unwrap();
    assert_eq!(st.revision, 0);
    assert_eq!(
        st.competence("c01").unwrap().note(0),
        "written by version 2"
    );
    apply_and_commit(&mut s, &mut st, note("c01", 0, "written by version 3"));
    assert_eq!(revision(&conn, "open"), 1);
    assert_eq!(revision(&conn, "old"), 0);
    assert_eq!(
        note_text(&conn, "open", "c01", 0).as_deref(),
        Some("written by version 3")
    );
}

/// `begin_assessment` re-checks in its transaction what the path rules decided on: the
/// candidate's path and that no other assessment was opened meanwhile.
#[test]
fn begin_assessment_refuses_when_the_facts_moved() {
    let mut w = world();
    document(&mut w.store, &w.candidate, &["c01"]);
    let candidate = w.candidate.clone();
    let facts = w.store.candidate_facts(&candidate).unwrap();
    let new =
        path_rules::start_assessment(&facts, model(), &w.assessor(), t0().date_naive()).unwrap();
    // Meanwhile the tutor stops the candidate's path.
    path(
        &mut w.store,
        &candidate,
        &PathCommand::Stop {
            reason: "moved abroad".into(),
        },
    )
    .unwrap();
    let audit = w.store.audit_for(&candidate).unwrap();
    match w.store.begin_assessment(new, &w.assessor, t0()) {
        Err(StoreError::Stale(why)) => assert!(why.contains("path changed"), "{why}"),
        other => panic!("expected Stale: {other:?}"),
    }
    assert!(w.store.assessments_for(&candidate).unwrap().is_empty());
    let c = w.store.get_candidate(&candidate).unwrap();
    assert_eq!(
        (c.state, c.exit_outcome.as_deref()),
        (Step::Documentation, Some("moved abroad"))
    );
    assert_eq!(w.store.audit_for(&candidate).unwrap(), audit);

    // Resumed; two screens start an assessment from the same facts: only one opens.
    path(&mut w.store, &candidate, &PathCommand::Resume).unwrap();
    let facts = w.store.candidate_facts(&candidate).unwrap();
    let first =
        path_rules::start_assessment(&facts, model(), &w.assessor(), t0().date_naive()).unwrap();
    let second = first.clone();
    let opened = w.store.begin_assessment(first, &w.assessor, t0()).unwrap();
    assert_eq!(opened.path.step, Step::Assessment);
    match w.store.begin_assessment(second, &w.assessor, t0()) {
        Err(StoreError::Stale(why)) => assert!(why.contains("another assessment"), "{why}"),
        other => panic!("expected Stale: {other:?}"),
    }
    let open = w.store.assessments_for(&candidate).unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].id, opened.id);
    // Facts read now show the open assessment; the path rules refuse before the store.
    let facts = w.store.candidate_facts(&candidate).unwrap();
    assert!(facts.open_assessment);
    assert_eq!(facts.path.step, Step::Assessment);
    assert!(matches!(
        path_rules::start_assessment(&facts, model(), &w.assessor(), t0().date_naive()),
        Err(DomainError::CannotStart(_))
    ));
}

/// The audit row(s) a commit added, oldest first: (entity, entity_id, actor, action, new,
/// reason).
type AuditRow = (String, String, String, String, Value, Option<String>);

fn audit_since(conn: &Connection, seq: i64) -> Vec<AuditRow> {
    let mut stmt = conn
        .prepare(
            "SELECT entity, entity_id, actor, action, new, reason FROM audit_log
             WHERE seq > ?1 ORDER BY seq",
        )
        .unwrap();
    stmt.query_map([seq], |r| {
        let new: Option<String> = r.get(4)?;
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            new.map_or(Value::Null, |n| serde_json::from_str(&n).unwrap()),
            r.get(5)?,
        ))
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

/// Commits `cmd` and checks that every change of its change set has its own audit row, in
/// order, by the actor, on the assessment (the path move of a sign-off is on the
/// candidate, like every path move), and that the state's revision is the database's.
fn commit_checked(
    store: &mut Store,
    conn: &Connection,
    st: &mut AssessmentState,
    cmd: Command,
) -> ChangeSet {
    let last: i64 = conn
        .query_row("SELECT max(seq) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    let actor = st.assessor_id.clone();
    let cs = apply_and_commit(store, st, cmd.clone());
    assert!(!cs.is_empty(), "{cmd:?}");
    let rows = audit_since(conn, last);
    assert_eq!(rows.len(), cs.changes().len(), "{cmd:?}: {rows:?}");
    for (change, (entity, entity_id, who, action, new, reason)) in cs.changes().iter().zip(&rows) {
        assert_eq!(who, &actor, "{change:?}");
        let on = |e: &str, a: &str| entity == e && action == a;
        let competence = new["competence_id"]
            .as_str()
            .or(new["key"]["competence_id"].as_str());
        match change {
            Change::Verdict {
                competence: c,
                criterion,
                ..
            } => {
                assert!(on("portfolio_check", "set_verdict"));
                assert_eq!(competence, Some(c.as_str()));
                assert_eq!(new["key"]["criterion_id"], criterion.as_str());
            }
            Change::Note {
                competence: c,
                text,
                ..
            } => {
                assert!(on("interview_note", "save"));
                assert_eq!(competence, Some(c.as_str()));
                assert_eq!(new["text"], text.as_str());
            }
            Change::InterviewTime {
                competence: c,
                seconds,
            } => {
                assert!(on("interview_time", "add"));
                assert_eq!(competence, Some(c.as_str()));
                assert_eq!(new["seconds"], *seconds);
            }
            Change::Rating {
                competence: c,
                indicator,
                rating,
            } => {
                assert!(on("indicator_rating", "rate"));
                assert_eq!(competence, Some(c.as_str()));
                assert_eq!(new["key"]["indicator_id"], indicator.as_str());
                assert_eq!(new["rating"], rating.code());
            }
            Change::Score {
                competence: c,
                level,
                ..
            } => {
                assert_eq!(entity, "score");
                assert_eq!(competence, Some(c.as_str()));
                assert_eq!(
                    new["outcome_level"].as_str(),
                    level.as_ref().map(|l| l.chosen.code())
                );
            }
            Change::Decision {
                competence: c,
                decision,
                ..
            } => {
                assert!(on("decision", "decide"));
                assert_eq!(competence, Some(c.as_str()));
                assert_eq!(new["decision"], decision.code());
            }
            Change::Finalised => assert!(on("assessment", "finalise")),
            Change::Assessor { to, .. } => {
                assert!(on("assessment", "reassign"));
                assert_eq!(new["assessor_id"], to.as_str());
                assert_eq!(reason.as_deref(), cs.reason());
                assert!(reason.is_some());
            }
            Change::Path { to, .. } => {
                assert!(on("candidate", "advance"));
                assert_eq!(entity_id, &st.candidate_id);
                assert_eq!(new["state"], to.step.code());
                continue;
            }
        }
        assert_eq!(entity_id, &st.id, "{change:?}");
    }
    assert_eq!(revision(conn, &st.id), st.revision, "after {cmd:?}");
    cs
}

#[test]
fn every_change_of_a_commit_has_its_audit_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut w = world_at(&path);
    let sanne = w
        .store
        .create_person("Sanne de Jong", None, "admin", t0())
        .unwrap();
    let mut st = start(&mut w, &["c01", "c07"]);
    let conn = raw(&path);
    let s = &mut w.store;
    for cmd in ready_to_sign("c01") {
        commit_checked(s, &conn, &mut st, cmd);
    }
    commit_checked(s, &conn, &mut st, time("c07", 90));
    // The cascade: three changes, three rows.
    let cs = commit_checked(s, &conn, &mut st, rate("c01", 0, IndicatorRating::NotShown));
    assert_eq!(cs.changes().len(), 3);
    commit_checked(
        s,
        &conn,
        &mut st,
        Command::ChooseLevel {
            competence: "c01".into(),
            chosen: Outcome::NotValidated,
            justification: String::new(),
        },
    );
    commit_checked(s, &conn, &mut st, decide("c01", Decision::NotValidated));
    commit_checked(s, &conn, &mut st, decide("c07", Decision::NotAssessable));
    commit_checked(
        s,
        &conn,
        &mut st,
        Command::Reassign {
            to: assessor_staff(&sanne, "Sanne de Jong"),
            reason: "Hendrik is away".into(),
        },
    );
    // Sanne signs off a valuation (nothing validated): the path moves on to Looking ahead
    // in the same transaction.
    assert_eq!(st.assessor_id, sanne);
    let cs = commit_checked(s, &conn, &mut st, Command::Finalise);
    assert!(matches!(
        cs.changes(),
        [Change::Path { .. }, Change::Finalised]
    ));
    let c = s.get_candidate(&st.candidate_id).unwrap();
    assert_eq!(c.state, Step::LookingAhead);
    assert_eq!(st.path.status, PathStatus::Active);
    let rec = s.load_assessment(&st.id).unwrap();
    assert_eq!(rec.summary.assessor_id, sanne);
    assert_eq!(
        rec.scores[0].input.outcome_level,
        Some(Outcome::NotValidated)
    );
}

/// Each change of a note is stored once in the audit log: editing a long note a letter at a
/// time adds one copy of the text per edit, not an old and a new copy.
#[test]
fn a_long_note_is_logged_once_per_change() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut w = world_at(&path);
    let mut st = start(&mut w, &["c01"]);
    let long = "x".repeat(100_000);
    let mut text = long.clone();
    for letter in ["a", "b", "c"] {
        text.push_str(letter);
        apply_and_commit(&mut w.store, &mut st, note("c01", 0, &text));
    }
    let conn = raw(&path);
    let logged: i64 = conn
        .query_row(
            "SELECT sum(length(coalesce(old, '')) + length(coalesce(new, '')))
             FROM audit_log WHERE entity = 'interview_note'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let once = 3 * long.len() as i64;
    assert!(logged >= once, "every version is in the log: {logged}");
    assert!(
        logged < once + 2_000,
        "and only once: {logged} bytes for {once}"
    );
}

/// A dossier's audit rows keep the old value beside the new one: a changed e-mail shows
/// both addresses, a removed evidence item the item it was, a withdrawn request the
/// request; a new item's old value is "none".
#[test]
fn dossier_audit_rows_record_the_old_value_and_the_new() {
    use leverup::domain::dossier::Profile;
    use leverup::domain::dossier::command::DossierCommand as D;
    let mut w = world();
    let candidate = w.candidate.clone();
    document(&mut w.store, &candidate, &["c01"]);
    let profile = |email: &str| {
        D::SetProfile(Profile {
            name: "Giulia Rossi".into(),
            email: Some(email.into()),
            language: Some("it".into()),
            goal: None,
        })
    };
    dossier(&mut w.store, &candidate, &[profile("giulia@example.org")]);
    dossier(&mut w.store, &candidate, &[profile("g.rossi@example.org")]);
    dossier(&mut w.store, &candidate, &[D::WithdrawRequest]);
    dossier(&mut w.store, &candidate, &[D::RemoveEvidence { number: 1 }]);
    let audit = w.store.audit_for(&candidate).unwrap();
    let last = |entity: &str| {
        let row = audit
            .iter()
            .rev()
            .find(|e| e.entity == entity)
            .unwrap_or_else(|| panic!("no {entity} row"));
        let parse =
            |s: &Option<String>| serde_json::from_str::<Value>(s.as_deref().unwrap()).unwrap();
        (parse(&row.old), parse(&row.new))
    };
    let (old, new) = last("profile");
    assert_eq!(old["Profile"]["email"], "giulia@example.org", "{old}");
    assert_eq!(new["Profile"]["email"], "g.rossi@example.org", "{new}");
    let (old, new) = last("request");
    assert!(old["Request"]["requested_on"].is_string(), "{old}");
    assert!(new["Request"].is_null(), "{new}");
    let (old, new) = last("evidence");
    assert_eq!(old["Evidence"]["number"], 1, "{old}");
    assert_eq!(
        old["Evidence"]["evidence"]["kind"], "reference-letter",
        "{old}"
    );
    assert!(new["Evidence"]["evidence"].is_null(), "{new}");
    // The first item's row, when it was added: nothing was there before.
    let added = audit
        .iter()
        .find(|e| e.entity == "evidence")
        .expect("the item's first row");
    let old: Value = serde_json::from_str(added.old.as_deref().unwrap()).unwrap();
    assert!(old["Evidence"]["evidence"].is_null(), "{old}");
}
