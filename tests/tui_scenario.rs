//! Scenario tests: the real `App`, driven by key scripts, against the real store (in memory
//! or a temp file); rows asserted.

use std::cell::Cell;
use std::rc::Rc;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use leverup::cli::signing_cmd::seal_signer_from;
use leverup::domain::scales::{CriterionVerdict, Decision, IndicatorRating};
use leverup::export::badge::signing::SigningKey;
use leverup::store::Store;
use leverup::ui::msg::Msg;
use leverup::ui::testing::{fixture_model, keys, register_documented, type_text};
use leverup::ui::{App, Clock, Keymap, Screen, Theme};

struct Harness {
    app: App,
    clock: Rc<Cell<DateTime<Utc>>>,
}

impl Harness {
    fn new(store: Store) -> Harness {
        let clock = Rc::new(Cell::new(
            Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(),
        ));
        let app = App::with_clock(
            store,
            fixture_model(),
            Keymap::default_bindings(),
            Theme::plain(),
            Clock::Fixed(clock.clone()),
        );
        Harness { app, clock }
    }

    fn mem() -> Harness {
        Harness::new(Store::open_in_memory().unwrap())
    }

    fn advance(&self, secs: i64) {
        self.clock.set(self.clock.get() + TimeDelta::seconds(secs));
    }
}

/// First run, a candidate with two claims, the whole procedure, sign-off.
fn walk_to_finalise(h: &mut Harness) {
    let app = &mut h.app;
    assert_eq!(app.screen(), Screen::FirstRun);
    type_text(app, "Centro Milano");
    keys(app, "tab");
    type_text(app, "Anna Assessor");
    keys(app, "enter");
    assert_eq!(app.screen(), Screen::Candidates);
    register_documented(app, "Marco Volontario", "C01 C08");
    assert_eq!(app.screen(), Screen::Overview);
    keys(app, "a");
    assert_eq!(app.screen(), Screen::Portfolio);
    // Competence 1: all Met but sufficiency Partly met (becomes an interview topic).
    keys(app, "m m m p");
    keys(app, "up enter");
    type_text(app, "only one letter");
    keys(app, "esc down m");
    // Competence 2: all met.
    keys(app, "] m m m m m");
    keys(app, "[ esc i");
    assert_eq!(app.screen(), Screen::Interview);
    keys(app, "enter");
    type_text(app, "Led the Saturday shift, 12 people.");
    keys(app, "esc down enter");
    type_text(app, "Second answer");
    // Competence 2 is interviewed too: validation needs an interview record.
    keys(app, "esc tab enter");
    type_text(app, "Ran the team rota for a year.");
    keys(app, "esc shift-tab r");
    assert_eq!(app.screen(), Screen::Scoring);
    // Four indicators: Accomplished, Accomplished, Accomplished, Basic (digits rate and
    // move down), confirm the suggestion, complexity mid-low on all three, decide, reasons.
    keys(app, "2 2 2 1");
    keys(app, "down c");
    keys(app, "down right right down right right down right right");
    keys(app, "d e");
    type_text(app, "Clear examples with outcomes.");
    keys(app, "esc");
    // Competence 2: all Basic, overridden to Accomplished with a justification.
    keys(app, "tab 1 1 1 1 o");
    type_text(app, "Interview showed more than the portfolio.");
    keys(app, "esc down right down right down right d e");
    type_text(app, "Consistent teamwork.");
    keys(app, "esc esc v");
    assert_eq!(app.screen(), Screen::Review);
    keys(app, "f");
    keys(app, "y");
}

/// With the centre's key on the machine the sign-off is signed, and the assessor told so.
#[test]
fn a_sign_off_with_the_centres_key_is_signed_and_says_so() {
    let key = SigningKey::generate();
    let fingerprint = key.fingerprint();
    let mut store = Store::open_in_memory().unwrap();
    store.set_seal_signer(Some(seal_signer_from(key)));
    let mut h = Harness::new(store);
    walk_to_finalise(&mut h);
    assert_eq!(
        h.app.status.as_deref(),
        Some(
            format!(
                "Assessment finalised and signed with the centre's key {}…. It is now read-only.",
                &fingerprint[..8]
            )
            .as_str()
        )
    );
    let offs = h.app.store().sign_offs().unwrap();
    assert_eq!(offs.len(), 1);
    let sig = offs[0].signature.as_ref().expect("signed");
    assert_eq!(sig.key_id, fingerprint);
    assert_eq!(sig.signed_hash, offs[0].link_hash);
}

#[test]
fn whole_interview_from_list_to_finalise() {
    let mut h = Harness::mem();
    walk_to_finalise(&mut h);
    let app = &h.app;
    assert_eq!(
        app.status.as_deref(),
        Some("Assessment finalised. It is now read-only.")
    );
    let work = app.work.as_ref().unwrap();
    assert!(work.finalised);
    let c1 = &work.competences[0];
    assert_eq!(c1.portfolio[3].verdict, Some(CriterionVerdict::PartlyMet));
    assert_eq!(c1.portfolio[3].note, "only one letter");
    assert_eq!(c1.ratings[0], Some(IndicatorRating::Accomplished));
    assert_eq!(c1.decision, Decision::Validated);
    let c2 = &work.competences[1];
    let level = c2.level.as_ref().unwrap();
    assert!(level.overridden());
    assert_eq!(c2.reasons, "Consistent teamwork.");
    assert_eq!(c1.note(0), "Led the Saturday shift, 12 people.");
    assert_eq!(c1.note(1), "Second answer");
}

#[test]
fn finalised_assessment_refuses_changes() {
    let mut h = Harness::mem();
    walk_to_finalise(&mut h);
    let before = h.app.work.as_ref().unwrap().competences.clone();
    // Sign-off offered to issue the records; not now. Then a rating on the scoring screen.
    keys(&mut h.app, "n enter");
    assert_eq!(h.app.screen(), Screen::Scoring);
    keys(&mut h.app, "1");
    assert_eq!(
        h.app.status.as_deref(),
        Some("This assessment is finalised and read-only.")
    );
    assert_eq!(h.app.work.as_ref().unwrap().competences, before);
    let id = h.app.work.as_ref().unwrap().id.clone();
    let stored = h.app.store().load_state(&id, &fixture_model()).unwrap();
    assert_eq!(stored.competences, before, "nothing reached the database");
}

#[test]
fn note_autosaves_two_seconds_after_last_key() {
    let mut h = Harness::mem();
    let app = &mut h.app;
    type_text(app, "C");
    keys(app, "tab");
    type_text(app, "A");
    keys(app, "enter");
    register_documented(app, "X", "C07");
    keys(app, "a esc i enter");
    type_text(app, "draft");
    assert!(h.app.unsaved());
    h.advance(1);
    h.app.update(Msg::Tick);
    assert!(h.app.unsaved(), "saved too early");
    h.advance(1);
    h.app.update(Msg::Tick);
    assert!(!h.app.unsaved());
    assert_eq!(note(&h.app, "c07", 0), "draft");
}

/// Registers a candidate claiming C07 and opens the interview's first note, typed into.
fn into_interview_note(h: &mut Harness, text: &str) {
    let app = &mut h.app;
    type_text(app, "C");
    keys(app, "tab");
    type_text(app, "A");
    keys(app, "enter");
    register_documented(app, "X", "C07");
    keys(app, "a esc i down enter");
    type_text(app, text);
}

fn note(app: &App, competence: &str, q: u32) -> String {
    app.work
        .as_ref()
        .and_then(|w| w.competence(competence))
        .map(|c| c.note(q).to_string())
        .unwrap_or_default()
}

#[test]
fn failed_write_opens_modal_and_keeps_the_text() {
    let mut h = Harness::mem();
    into_interview_note(&mut h, "keep me");
    h.app.store_mut().fail_writes(true).unwrap();
    keys(&mut h.app, "ctrl-s");
    assert!(
        matches!(h.app.overlay, Some(leverup::ui::app::Overlay::NotSaved(ref m)) if m.contains("readonly")),
        "{:?}",
        h.app.overlay
    );
    assert!(h.app.unsaved(), "status must keep saying unsaved");
    assert_eq!(note(&h.app, "c07", 1), "");
    // Acknowledge, fix the disk, quit: the quit saves first.
    keys(&mut h.app, "esc");
    h.app.store_mut().fail_writes(false).unwrap();
    keys(&mut h.app, "ctrl-q");
    assert!(h.app.quit);
    assert_eq!(note(&h.app, "c07", 1), "keep me");
}

#[test]
fn quit_with_unsaved_text_is_refused_while_the_save_fails() {
    let mut h = Harness::mem();
    into_interview_note(&mut h, "precious");
    h.app.store_mut().fail_writes(true).unwrap();
    keys(&mut h.app, "ctrl-q");
    assert!(!h.app.quit, "quitting would lose the note");
}

#[test]
fn reopening_returns_to_the_same_screen_question_and_text() {
    let mut h = Harness::mem();
    into_interview_note(&mut h, "second question notes");
    h.advance(90);
    keys(&mut h.app, "ctrl-q");
    let store = h.app.into_store();
    let h2 = Harness::new(store);
    assert_eq!(h2.app.screen(), Screen::Interview);
    assert_eq!(h2.app.view.question(), 1);
    assert_eq!(note(&h2.app, "c07", 1), "second question notes");
    // Paradata: the 90 s spent on the competence were recorded on quit.
    let c07 = h2.app.work.as_ref().unwrap().competence("c07").unwrap();
    assert_eq!(c07.seconds, 90);
}

#[test]
fn tutor_cannot_start_the_assessment() {
    let mut h = Harness::mem();
    let app = &mut h.app;
    type_text(app, "Centro");
    keys(app, "tab");
    type_text(app, "Tina");
    keys(app, "enter");
    register_documented(app, "Tutored", "C01");
    // Tina, a tutor too, is recorded as the candidate's tutor (the tutor's side sets this).
    let cand = app.candidate.as_ref().unwrap().id.clone();
    let session = app.session.clone().unwrap();
    let me = session.assessor_id.clone();
    let mut store = h.app.into_store();
    store
        .add_role(
            &me,
            &session.centre_id,
            leverup::store::Role::Tutor,
            &me,
            Utc::now(),
        )
        .unwrap();
    let d = store.load_dossier(&cand).unwrap();
    let tina = leverup::domain::people::Staff {
        tutor: true,
        ..session.staff()
    };
    let change = leverup::domain::dossier::command::apply(
        &d,
        &leverup::domain::dossier::command::DossierCommand::AssignTutor { tutor: tina },
        &fixture_model(),
        &me,
        Utc::now().date_naive(),
    )
    .unwrap();
    store.commit_dossier(&change, &me, Utc::now()).unwrap();
    let mut h = Harness::new(store);
    keys(&mut h.app, "a");
    assert_eq!(h.app.screen(), Screen::Overview);
    assert!(h.app.work.is_none());
    assert!(h.app.status.as_deref().unwrap().contains("tutor"));
}

/// The same walk against a real SQLite file; the rows are read back through the store.
#[test]
fn whole_interview_against_the_sqlite_store() {
    use leverup::store::Store;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scenario.db");
    let mut h = Harness::new(Store::open(&path).unwrap());
    walk_to_finalise(&mut h);
    assert_eq!(
        h.app.status.as_deref(),
        Some("Assessment finalised. It is now read-only.")
    );

    let store = Store::open(&path).unwrap();
    let rows = store.list_candidates(&Default::default(), 10, 0).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].name, "Marco Volontario");
    let assessments = store.assessments_for(&rows[0].id).unwrap();
    let rec = store.load_assessment(&assessments[0].id).unwrap();
    assert!(rec.summary.finalised_at.is_some());
    let notes: Vec<_> = rec.notes.iter().map(|n| n.text.as_str()).collect();
    assert!(notes.contains(&"Led the Saturday shift, 12 people."));
    assert!(notes.contains(&"Second answer"));
    let sufficiency = rec
        .portfolio_checks
        .iter()
        .find(|p| p.competence_id == "c01" && p.criterion_id == "sufficiency")
        .unwrap();
    assert_eq!(sufficiency.verdict, CriterionVerdict::PartlyMet);
    assert_eq!(sufficiency.note, "only one letter");
    assert_eq!(rec.portfolio_checks.len(), 10);
    assert_eq!(rec.ratings.len(), 8);
    let c08 = rec
        .scores
        .iter()
        .find(|s| s.input.competence_id == "c08")
        .unwrap();
    assert!(c08.input.overridden);
    assert_eq!(
        c08.input.justification,
        "Interview showed more than the portfolio."
    );
    assert!(c08.input.complexity.complete().is_some());
    assert!(
        rec.decisions
            .iter()
            .all(|d| d.decision == Decision::Validated)
    );
    assert_eq!(rec.decisions.len(), 2);
    // The database refuses changes too, not only the screen and the domain.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let refused = conn.execute(
        "UPDATE interview_notes SET text = 'late edit' WHERE assessment_id = ?1",
        [&rec.summary.id],
    );
    assert!(refused.is_err());
}

/// After sign-off with a validated competence the app offers to issue the records; yes goes
/// through the backend. `b` on review offers it again.
#[test]
fn sign_off_offers_to_issue_the_records() {
    use leverup::ui::app::{ConfirmKind, Overlay};
    use leverup::ui::data::IssueReport;
    let issued = Rc::new(std::cell::RefCell::new(Vec::<String>::new()));
    let seen = issued.clone();
    let hook: leverup::ui::data::IssueHook = Box::new(move |_store, id, _actor| {
        seen.borrow_mut().push(id.to_string());
        Ok(IssueReport {
            dir: "/tmp/certificates/x".into(),
            credentials: 1,
        })
    });
    let mut h = Harness::mem();
    h.app = std::mem::replace(&mut h.app, Harness::mem().app).with_issue_hook(Some(hook));
    walk_to_finalise(&mut h);
    assert!(matches!(
        h.app.overlay,
        Some(Overlay::Confirm(ConfirmKind::IssueRecords))
    ));
    keys(&mut h.app, "y");
    let id = h.app.work.as_ref().unwrap().id.clone();
    assert_eq!(*issued.borrow(), vec![id.clone()]);
    assert!(
        h.app
            .status
            .as_deref()
            .unwrap()
            .starts_with("Issued 1 badge")
    );
    assert!(matches!(h.app.overlay, Some(Overlay::Notice(_))));
    keys(&mut h.app, "enter");
    assert!(h.app.overlay.is_none(), "any key closes the notice");
    keys(&mut h.app, "b");
    assert!(h.app.overlay.is_some());
    keys(&mut h.app, "n");
    assert!(h.app.overlay.is_none());
    assert_eq!(issued.borrow().len(), 1);
    assert!(h.app.status.as_deref().unwrap().contains("not issued"));
}

/// On the SQLite store the hook is the `export badges` code path: without a key it says what
/// to run; with a key and the issuer profile the certificate folder appears.
#[test]
fn issuing_from_the_tui_writes_the_files() {
    use leverup::cli::export_badges::tui_issue_hook;
    use leverup::export::badge::signing::SigningKey;
    use leverup::store::Store;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("issue.db");
    let key = dir.path().join("key.pem");
    let out = dir.path().join("certificates");
    let hook = tui_issue_hook(fixture_model(), key.clone(), out.clone());
    let mut h = Harness::new(Store::open(&path).unwrap());
    h.app = std::mem::replace(&mut h.app, Harness::mem().app).with_issue_hook(Some(hook));
    walk_to_finalise(&mut h);
    keys(&mut h.app, "y");
    let status = h.app.status.clone().unwrap();
    assert!(status.contains("leverup signing-key init"), "{status}");
    keys(&mut h.app, "enter"); // closes the notice

    SigningKey::generate().save(&key, false).unwrap();
    keys(&mut h.app, "b y");
    let status = h.app.status.clone().unwrap();
    assert!(status.contains("--issuer-url"), "{status}");
    keys(&mut h.app, "enter");

    {
        let mut store = Store::open(&path).unwrap();
        store
            .set_state("issuer.url", "https://centre.example")
            .unwrap();
        store
            .set_state("issuer.email", "info@centre.example")
            .unwrap();
    }
    keys(&mut h.app, "b y");
    let status = h.app.status.clone().unwrap();
    // Both competences of the walk are validated: two badges.
    assert!(status.starts_with("Issued 2 badge"), "{status}");
    // Issuing (the `export badges` path) moved the candidate on to Certification (4b).
    let step = h.app.candidate.as_ref().unwrap().step;
    assert_eq!(step, leverup::domain::process::Step::Certification);
    let certs: Vec<_> = std::fs::read_dir(&out).unwrap().flatten().collect();
    assert_eq!(certs.len(), 1);
    let files: Vec<String> = std::fs::read_dir(certs[0].path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(files.iter().any(|f| f == "certificate.html"), "{files:?}");
    assert!(files.iter().any(|f| f.ends_with(".jwt")), "{files:?}");
}

#[test]
fn changed_ratings_reopen_a_confirmed_level() {
    let mut h = Harness::mem();
    let app = &mut h.app;
    type_text(app, "Centro Milano");
    keys(app, "tab");
    type_text(app, "Anna Assessor");
    keys(app, "enter");
    register_documented(app, "Marco Volontario", "C01");
    keys(app, "a m m m m m esc r");
    keys(app, "2 2 2 1 down c");
    let level = |app: &App| app.work.as_ref().unwrap().competences[0].level.clone();
    let accomplished = Some(leverup::domain::scoring::Outcome::Level(
        leverup::domain::scales::OutcomeLevel::Accomplished,
    ));
    assert_eq!(level(app).map(|l| l.chosen), accomplished, "confirmed");
    // A change that keeps the suggestion (the Basic indicator rated Expert): it stands.
    keys(app, "up 3");
    let ratings = app.work.as_ref().unwrap().competences[0].ratings.clone();
    assert_eq!(ratings[3], Some(IndicatorRating::Expert));
    assert_eq!(level(app).map(|l| l.chosen), accomplished);
    // A not-shown indicator changes the suggestion: confirm again.
    keys(app, "0");
    assert_eq!(level(app), None);
    assert!(
        app.status.as_deref().unwrap().contains("ratings changed"),
        "{:?}",
        app.status
    );
}

/// Complexity given before any indicator is rated (so before a suggestion exists) goes into
/// the score row, survives a new App on the same file, and leaves nothing in `app_state`.
#[test]
fn complexity_before_any_rating_survives_reopening() {
    use leverup::domain::assessment::PartialComplexity;
    use leverup::domain::scales::Complexity;
    use leverup::store::Store;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("complexity.db");
    let mut h = Harness::new(Store::open(&path).unwrap());
    let app = &mut h.app;
    type_text(app, "Centro Milano");
    keys(app, "tab");
    type_text(app, "Anna Assessor");
    keys(app, "enter");
    register_documented(app, "Marco Volontario", "C01");
    keys(app, "a m m m m m esc r");
    assert_eq!(app.screen(), Screen::Scoring);
    let work = |app: &App| app.work.as_ref().unwrap().competences[0].clone();
    assert!(work(app).ratings.iter().all(Option::is_none));
    // Four indicators and the level row, then context (mid-low) and task (low).
    keys(app, "down down down down down right right down right");
    let expected = PartialComplexity {
        context: Some(Complexity::MidLow),
        task: Some(Complexity::Low),
        autonomy: None,
    };
    assert_eq!(work(app).complexity, expected);
    assert_eq!(work(app).level, None);
    keys(app, "ctrl-q");
    drop(h);

    let h2 = Harness::new(Store::open(&path).unwrap());
    assert_eq!(h2.app.screen(), Screen::Scoring);
    assert_eq!(work(&h2.app).complexity, expected);
    drop(h2);

    let store = Store::open(&path).unwrap();
    let rows = store.list_candidates(&Default::default(), 10, 0).unwrap();
    let assessments = store.assessments_for(&rows[0].id).unwrap();
    let rec = store.load_assessment(&assessments[0].id).unwrap();
    assert_eq!(rec.scores.len(), 1);
    assert_eq!(rec.scores[0].input.suggested, None);
    assert_eq!(rec.scores[0].input.outcome_level, None);
    assert_eq!(rec.scores[0].input.complexity, expected);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let stashed: i64 = conn
        .query_row(
            "SELECT count(*) FROM app_state WHERE key LIKE 'ui.complexity.%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stashed, 0);
}

/// A failing autosave tells once, waits while the box is up, and retries 2 s later, never
/// at once in a loop.
#[test]
fn a_failing_autosave_does_not_spin() {
    let mut h = Harness::mem();
    into_interview_note(&mut h, "words");
    h.app.store_mut().fail_writes(true).unwrap();
    h.advance(2);
    h.app.update(Msg::Tick);
    assert!(matches!(
        h.app.overlay,
        Some(leverup::ui::app::Overlay::NotSaved(_))
    ));
    let behind_the_box = h.app.next_timer();
    assert!(
        behind_the_box.is_none_or(|d| d >= std::time::Duration::from_secs(60)),
        "no retry behind the box: {behind_the_box:?}"
    );
    keys(&mut h.app, "esc");
    let wait = h.app.next_timer().expect("a retry is planned");
    let second = std::time::Duration::from_secs(1);
    assert!(wait >= second && wait <= 2 * second, "{wait:?}");
    h.app.store_mut().fail_writes(false).unwrap();
    h.advance(2);
    h.app.update(Msg::Tick);
    assert!(!h.app.unsaved());
    assert_eq!(note(&h.app, "c07", 1), "words");
}
