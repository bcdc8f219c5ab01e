//! The one write path for assessment work: a domain change set committed in one
//! `BEGIN IMMEDIATE` transaction, guarded by `assessments.revision`, with an audit row per
//! change. Two `Store` handles on one file stand for two leverup instances.

mod store_fixture;

use std::path::Path;
use std::time::{Duration, Instant};

use leverup::domain::DomainError;
use leverup::domain::assessment::AssessmentState;
use leverup::domain::changes::{Change, ChangeSet};
use leverup::domain::command::{self, Command};
use leverup::domain::path_rules;
use leverup::domain::process::{PathCommand, PathStatus, Step};
use leverup::domain::scales::{Decision, IndicatorRating};
use leverup::domain::scoring::Outcome;
use leverup::store::{Role, SCHEMA_VERSION, Store, StoreError};
use rusqlite::{Connection, OptionalExtension};
use serde_json::Value;
use store_fixture::*;

fn raw(path: &Path) -> Connection {
    Connection::open(path).unwrap()
}

fn revision(conn: &Connection, id: &str) -> i64 {
    conn.query_row(
        "SELECT revision FROM assessments WHERE id = ?1",
        [id],
        |r| r.get(0),
    )
    .unwrap()
}

fn audit_count(conn: &Connection) -> i64 {
    conn.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap()
}

fn note_text(conn: &Connection, id: &str, competence: &str, question: u32) -> Option<String> {
    conn.query_row(
        "SELECT text FROM interview_notes
         WHERE assessment_id = ?1 AND competence_id = ?2 AND question_index = ?3",
        rusqlite::params![id, competence, question],
        |r| r.get(0),
    )
    .optional()
    .unwrap()
}

fn rating(conn: &Connection, id: &str, indicator: &str) -> Option<String> {
    conn.query_row(
        "SELECT rating FROM indicator_ratings WHERE assessment_id = ?1 AND indicator_id = ?2",
        [id, indicator],
        |r| r.get(0),
    )
    .optional()
    .unwrap()
}

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
    match &cs.changes[..] {
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
    assert!(cs.notice.as_deref().is_some_and(|n| n.contains("confirm")));
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
    assert_eq!(cs.state.revision, st.revision + 1);
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
        "CREATE TRIGGER test_decisions_fail BEFORE UPDATE ON decisions
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

/// Two instances on one file: A writes first, B's write made against the older revision
/// is refused with who changed what and when, and A's text stays. After reloading, B's
/// change applies to A's version and goes through.
#[test]
fn a_note_against_an_older_revision_is_refused_naming_who_wrote_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut w = world_at(&path);
    let id = start(&mut w, &["c01"]).id;
    let mut a = w.store;
    let mut b = Store::open(&path).unwrap();
    let mut sa = a.load_state(&id, model()).unwrap();
    let mut sb = b.load_state(&id, model()).unwrap();
    assert_eq!(sa, sb);
    let base = sb.revision;
    let a_time = t0() + chrono::Duration::minutes(3);
    try_apply_at(
        &mut a,
        &mut sa,
        &note("c01", 0, "A: the food bank rota"),
        a_time,
    )
    .unwrap();

    let refused = try_apply(&mut b, &mut sb, &note("c01", 0, "B: the summer camp"));
    match refused {
        Err(Refused::Store(StoreError::Conflict {
            ref who,
            ref at,
            ref what,
            base: b0,
        })) => {
            assert_eq!(who, ASSESSOR, "the person's name, not their id");
            assert_eq!(at, "2026-03-02 09:33 UTC");
            assert_eq!(what, "an interview note");
            assert_eq!(b0, base);
        }
        other => panic!("expected a conflict: {other:?}"),
    }
    let conn = raw(&path);
    assert_eq!(
        note_text(&conn, &id, "c01", 0).as_deref(),
        Some("A: the food bank rota")
    );
    assert_eq!(revision(&conn, &id), base + 1);
    assert_eq!(sb.revision, base, "B's state is untouched by the refusal");

    // B reloads and applies its change again: it now goes over A's text, on purpose.
    sb = b.load_state(&id, model()).unwrap();
    assert_eq!(
        sb.competence("c01").unwrap().note(0),
        "A: the food bank rota"
    );
    assert_eq!(sb, sa);
    let b_time = t0() + chrono::Duration::minutes(5);
    try_apply_at(
        &mut b,
        &mut sb,
        &note("c01", 0, "B: the summer camp"),
        b_time,
    )
    .unwrap();
    assert_eq!(
        note_text(&conn, &id, "c01", 0).as_deref(),
        Some("B: the summer camp")
    );
    assert_eq!(revision(&conn, &id), base + 2);
    // Both writes are in the trail, the refused one is not.
    let saves: Vec<String> = a
        .audit_for(&id)
        .unwrap()
        .into_iter()
        .filter(|e| e.entity == "interview_note")
        .map(|e| e.new.unwrap())
        .collect();
    assert_eq!(saves.len(), 2);
    assert!(saves[1].contains("B: the summer camp"));
    // And now A is the one behind.
    assert!(matches!(
        try_apply(&mut a, &mut sa, &note("c01", 1, "A again")),
        Err(Refused::Store(StoreError::Conflict { .. }))
    ));
}

#[test]
fn a_rating_against_an_older_revision_is_refused_naming_who_wrote_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut w = world_at(&path);
    let id = start(&mut w, &["c01"]).id;
    let mut a = w.store;
    let mut b = Store::open(&path).unwrap();
    let mut sa = a.load_state(&id, model()).unwrap();
    let mut sb = b.load_state(&id, model()).unwrap();
    let base = sb.revision;
    apply_and_commit(&mut a, &mut sa, rate("c01", 2, IndicatorRating::Expert));

    match try_apply(&mut b, &mut sb, &rate("c01", 2, IndicatorRating::Basic)) {
        Err(Refused::Store(StoreError::Conflict {
            ref who,
            ref what,
            base: b0,
            ..
        })) => {
            assert_eq!(who, ASSESSOR);
            assert_eq!(what, "an indicator rating");
            assert_eq!(b0, base);
        }
        other => panic!("expected a conflict: {other:?}"),
    }
    let conn = raw(&path);
    assert_eq!(rating(&conn, &id, "c01-i3").as_deref(), Some("expert"));

    sb = b.load_state(&id, model()).unwrap();
    assert_eq!(
        sb.competence("c01").unwrap().ratings[2],
        Some(IndicatorRating::Expert)
    );
    apply_and_commit(&mut b, &mut sb, rate("c01", 2, IndicatorRating::Basic));
    assert_eq!(rating(&conn, &id, "c01-i3").as_deref(), Some("basic"));
    assert_eq!(revision(&conn, &id), base + 2);
}

/// After a reassignment, the previous assessor's stale screen cannot write: the conflict
/// names the new assessor who wrote meanwhile, and once reloaded the assessment is theirs.
#[test]
fn a_stale_handle_is_told_who_took_over() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut w = world_at(&path);
    let sanne = w
        .store
        .create_person("Sanne de Jong", None, "admin", t0())
        .unwrap();
    w.store
        .add_role(&sanne, &w.centre, Role::Assessor, "admin", t0())
        .unwrap();
    let mut sa = start(&mut w, &["c01"]);
    let id = sa.id.clone();
    let hendrik = w.assessor.clone();
    let mut a = w.store;
    let mut b = Store::open(&path).unwrap();
    let mut sb = sa.clone();
    apply_and_commit(
        &mut a,
        &mut sa,
        Command::Reassign {
            to: sanne.clone(),
            to_name: "Sanne de Jong".into(),
            reason: "Hendrik is away".into(),
        },
    );
    assert_eq!(sa.assessor_id, sanne);
    let later = t0() + chrono::Duration::minutes(1);
    try_apply_at(&mut a, &mut sa, &note("c01", 0, "Sanne's note"), later).unwrap();

    match try_apply(&mut b, &mut sb, &note("c01", 0, "Hendrik's note")) {
        Err(Refused::Store(StoreError::Conflict { ref who, .. })) => {
            assert_eq!(who, "Sanne de Jong")
        }
        other => panic!("expected a conflict: {other:?}"),
    }
    sb = b.load_state(&id, model()).unwrap();
    assert_eq!(sb.assessor_name, "Sanne de Jong");
    assert_eq!(
        command::apply(
            &sb,
            &note("c01", 0, "Hendrik's note"),
            model(),
            &hendrik,
            t0()
        ),
        Err(DomainError::NotYourAssessment("Sanne de Jong".into()))
    );
    assert_eq!(
        note_text(&raw(&path), &id, "c01", 0).as_deref(),
        Some("Sanne's note")
    );
}

/// The conflict says what moved the revision on: interview time recorded after it (which
/// commutes and never causes a conflict) is not what B is told about.
#[test]
fn the_conflict_names_the_write_that_moved_the_revision_not_later_interview_time() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut w = world_at(&path);
    let mut sa = start(&mut w, &["c01"]);
    let mut sb = sa.clone();
    let mut a = w.store;
    let mut b = Store::open(&path).unwrap();
    let minute = |m| t0() + chrono::Duration::minutes(m);
    try_apply_at(
        &mut a,
        &mut sa,
        &rate("c01", 0, IndicatorRating::Basic),
        minute(1),
    )
    .unwrap();
    // A's interview clock keeps ticking after the rating.
    try_apply_at(&mut a, &mut sa, &time("c01", 60), minute(2)).unwrap();
    match try_apply_at(
        &mut b,
        &mut sb,
        &rate("c01", 0, IndicatorRating::Expert),
        minute(3),
    ) {
        Err(Refused::Store(StoreError::Conflict { who, at, what, .. })) => {
            assert_eq!(who, ASSESSOR);
            assert_eq!(
                (what.as_str(), at.as_str()),
                ("an indicator rating", "2026-03-02 09:31 UTC")
            );
        }
        other => panic!("expected a conflict: {other:?}"),
    }
}

/// Interview time only adds up, so two instances adding time never conflict, and adding
/// time does not move the revision (a note from a screen loaded before still goes in).
#[test]
fn interview_time_from_two_handles_adds_up_without_a_new_revision() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut w = world_at(&path);
    let id = start(&mut w, &["c01"]).id;
    let mut a = w.store;
    let mut b = Store::open(&path).unwrap();
    let mut sa = a.load_state(&id, model()).unwrap();
    let mut sb = b.load_state(&id, model()).unwrap();
    let base = sa.revision;
    let cs = apply_and_commit(&mut a, &mut sa, time("c01", 60));
    assert!(cs.commutes());
    assert_eq!(cs.state.revision, base);
    apply_and_commit(&mut b, &mut sb, time("c01", 30));
    apply_and_commit(&mut a, &mut sa, time("c01", 15));

    let conn = raw(&path);
    assert_eq!(revision(&conn, &id), base);
    let rec = a.load_assessment(&id).unwrap();
    assert_eq!(rec.interview_time.len(), 1);
    assert_eq!(rec.interview_time[0].seconds, 105);
    assert_eq!(rec.summary.interview_seconds, 105);
    assert_eq!(a.load_state(&id, model()).unwrap().total_seconds(), 105);
    let adds = a
        .audit_for(&id)
        .unwrap()
        .into_iter()
        .filter(|e| e.entity == "interview_time")
        .count();
    assert_eq!(adds, 3);
    // B's screen is still at the current revision: its note needs no reload.
    apply_and_commit(&mut b, &mut sb, note("c01", 0, "B's note"));
    assert_eq!(revision(&conn, &id), base + 1);
}

/// Another process holds the write lock longer than the 5 s busy timeout: the commit gives
/// up with a message a person understands, and nothing changed.
#[test]
fn a_locked_database_is_reported_as_busy_in_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut w = world_at(&path);
    let mut st = start(&mut w, &["c01"]);
    let holder = raw(&path);
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();

    let started = Instant::now();
    let r = try_apply(&mut w.store, &mut st, &note("c01", 0, "while locked"));
    let waited = started.elapsed();
    let err = match r {
        Err(Refused::Store(e @ StoreError::Busy)) => e,
        other => panic!("expected Busy: {other:?}"),
    };
    assert!(
        waited >= Duration::from_millis(4500),
        "gave up after {waited:?}, before the busy timeout"
    );
    let message = err.to_string();
    assert!(!message.contains("database is locked"), "{message}");
    assert!(!message.contains("SQLITE"), "{message}");
    assert!(message.contains("busy"), "{message}");
    assert!(message.contains("Nothing was changed"), "{message}");

    holder.execute_batch("ROLLBACK").unwrap();
    assert_eq!(note_text(&holder, &st.id, "c01", 0), None);
    // The lock is gone: the same command goes through.
    apply_and_commit(&mut w.store, &mut st, note("c01", 0, "while locked"));
    assert_eq!(
        note_text(&holder, &st.id, "c01", 0).as_deref(),
        Some("while locked")
    );
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
    assert_eq!(SCHEMA_VERSION, 3);
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
        path_rules::start_assessment(&facts, model(), w.assessor(), t0().date_naive()).unwrap();
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
        path_rules::start_assessment(&facts, model(), w.assessor(), t0().date_naive()).unwrap();
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
        path_rules::start_assessment(&facts, model(), w.assessor(), t0().date_naive()),
        Err(DomainError::CannotStart(_))
    ));
}

/// The audit row(s) a commit added, oldest first: (entity, entity_id, actor, action, new,
/// reason).
type AuditRow = (String, String, String, String, Value, Option<String>);

fn audit_since(conn: &Connection, rowid: i64) -> Vec<AuditRow> {
    let mut stmt = conn
        .prepare(
            "SELECT entity, entity_id, actor, action, new, reason FROM audit_log
             WHERE rowid > ?1 ORDER BY rowid",
        )
        .unwrap();
    stmt.query_map([rowid], |r| {
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
        .query_row("SELECT max(rowid) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    let actor = st.assessor_id.clone();
    let cs = apply_and_commit(store, st, cmd.clone());
    assert!(!cs.is_empty(), "{cmd:?}");
    let rows = audit_since(conn, last);
    assert_eq!(rows.len(), cs.changes.len(), "{cmd:?}: {rows:?}");
    for (change, (entity, entity_id, who, action, new, reason)) in cs.changes.iter().zip(&rows) {
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
                assert_eq!(reason.as_deref(), cs.reason.as_deref());
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
    assert_eq!(cs.changes.len(), 3);
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
            to: sanne.clone(),
            to_name: "Sanne de Jong".into(),
            reason: "Hendrik is away".into(),
        },
    );
    // Sanne signs off a valuation (nothing validated): the path moves on to Looking ahead
    // in the same transaction.
    assert_eq!(st.assessor_id, sanne);
    let cs = commit_checked(s, &conn, &mut st, Command::Finalise);
    assert!(matches!(
        &cs.changes[..],
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

/// A stop made in another window changes what the rules allow: a change set decided before
/// it is refused, and once reloaded the rules refuse until the path is resumed.
#[test]
fn a_stop_elsewhere_refuses_work_decided_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut w = world_at(&path);
    let mut st = start(&mut w, &["c01"]);
    let candidate = w.candidate.clone();
    let mut other = Store::open(&path).unwrap();
    path_at(
        &mut other,
        &candidate,
        &PathCommand::Stop {
            reason: "moved abroad".into(),
        },
        t0(),
    )
    .unwrap();
    match try_apply(&mut w.store, &mut st, &note("c01", 0, "after the stop")) {
        Err(Refused::Store(StoreError::Stale(why))) => {
            assert!(why.contains("moved abroad"), "{why}")
        }
        other => panic!("expected Stale, got {other:?}"),
    }
    let mut st = w.store.load_state(&st.id, model()).unwrap();
    match try_apply(&mut w.store, &mut st, &note("c01", 0, "after reloading")) {
        Err(Refused::Rule(DomainError::Invalid(why))) => assert!(why.contains("resume"), "{why}"),
        other => panic!("expected the rules to refuse, got {other:?}"),
    }
}

/// Interview time skips the revision check but not ownership or sign-off: a window of the
/// previous assessor, or one open on an assessment finalised elsewhere, adds none.
#[test]
fn interview_time_needs_the_owner_and_an_open_assessment() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut w = world_at(&path);
    let id = start(&mut w, &["c01"]).id;
    let mut old = Store::open(&path).unwrap();
    let stale = old.load_state(&id, model()).unwrap();
    let st = w.store.load_state(&id, model()).unwrap();
    let tutor = w.tutor.clone();
    let other = w
        .store
        .create_person("Sanne de Vries", None, "admin", t0())
        .unwrap();
    assert_ne!(other, tutor);
    let cs = command::apply(
        &st,
        &Command::Reassign {
            to: other.clone(),
            to_name: "Sanne de Vries".into(),
            reason: "on leave".into(),
        },
        model(),
        &other,
        t0(),
    )
    .unwrap();
    w.store.commit(&cs, &other, t0()).unwrap();
    let time_cs =
        command::apply(&stale, &time("c01", 60), model(), &stale.assessor_id, t0()).unwrap();
    assert!(matches!(
        old.commit(&time_cs, &stale.assessor_id, t0()),
        Err(StoreError::Stale(_))
    ));
    let rec = old.load_assessment(&id).unwrap();
    assert!(
        rec.interview_time.is_empty(),
        "no time from a window that lost the assessment"
    );
}
