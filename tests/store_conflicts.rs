//! Two leverup instances on one database, as two `Store` handles on one file: a write made
//! against an older revision is refused with who changed what and when; interview time
//! commutes but needs the owner and an open assessment; a busy database is said plainly;
//! a stop elsewhere refuses work decided before it.

mod store_fixture;

use std::time::{Duration, Instant};

use leverup::domain::DomainError;
use leverup::domain::command::{self, Command};
use leverup::domain::process::PathCommand;
use leverup::domain::scales::IndicatorRating;
use leverup::store::{Role, Store, StoreError};
use store_fixture::*;

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
            to: assessor_staff(&sanne, "Sanne de Jong"),
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
    assert_eq!(cs.state().revision, base);
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
            to: assessor_staff(&other, "Sanne de Vries"),
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

/// The assessor decides to start on facts read while the request stood; meanwhile the
/// tutor, in another instance, withdraws it. The start is refused, naming the tutor's
/// change, nothing is opened, and facts read again let the rules refuse.
#[test]
fn a_start_decided_before_the_tutor_withdrew_the_request_is_refused() {
    use leverup::domain::dossier::command::DossierCommand;
    use leverup::domain::path_rules;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut w = world_at(&path);
    let candidate = w.candidate.clone();
    document(&mut w.store, &candidate, &["c01"]);
    let facts = w.store.candidate_facts(&candidate).unwrap();
    assert!(facts.request.is_some());
    let new =
        path_rules::start_assessment(&facts, model(), &w.assessor(), t0().date_naive()).unwrap();
    let mut tutor = Store::open(&path).unwrap();
    dossier(&mut tutor, &candidate, &[DossierCommand::WithdrawRequest]);
    let audit = w.store.audit_for(&candidate).unwrap();
    match w.store.begin_assessment(new, &w.assessor, t0()) {
        Err(StoreError::Stale(why)) => assert!(why.contains("request"), "{why}"),
        other => panic!("expected Stale: {other:?}"),
    }
    assert!(w.store.assessments_for(&candidate).unwrap().is_empty());
    assert_eq!(w.store.audit_for(&candidate).unwrap(), audit);
    let facts = w.store.candidate_facts(&candidate).unwrap();
    match path_rules::start_assessment(&facts, model(), &w.assessor(), t0().date_naive()) {
        Err(DomainError::CannotStart(why)) => assert!(why.contains("not requested"), "{why}"),
        other => panic!("expected the rules to refuse: {other:?}"),
    }
}
