//! The procedure's rules as an assessor meets them in the TUI, one scenario per defect the
//! rules-in-one-place issue listed: the real `App` and the real store (in memory).

use std::cell::Cell;
use std::rc::Rc;

use chrono::{DateTime, TimeZone, Utc};
use leverup::domain::process::Step;
use leverup::domain::scales::{CriterionVerdict, Decision};
use leverup::keymap::{DEFAULT_TOML, from_sources};
use leverup::store::Store;
use leverup::ui::app::Overlay;
use leverup::ui::testing::{fixture_model, keys, register_documented, type_text};
use leverup::ui::{App, Clock, Keymap, Screen, Theme};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()
}

fn app_on(store: Store, bindings: Keymap) -> App {
    App::with_clock(
        store,
        fixture_model(),
        bindings,
        Theme::plain(),
        Clock::Fixed(Rc::new(Cell::new(now()))),
    )
}

fn app() -> App {
    app_on(Store::open_in_memory().unwrap(), Keymap::default_bindings())
}

fn first_run(app: &mut App, who: &str) {
    type_text(app, "Centro Milano");
    keys(app, "tab");
    type_text(app, who);
    keys(app, "enter");
}

fn screen(app: &App) -> String {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    t.draw(|f| leverup::ui::screens::render(app, f)).unwrap();
    t.backend().to_string()
}

fn status(app: &App) -> String {
    app.status.clone().unwrap_or_default()
}

fn c01(app: &App) -> leverup::domain::assessment::CompetenceState {
    app.work.as_ref().unwrap().competences[0].clone()
}

/// C01 interviewed, rated Accomplished and confirmed, complexity set, reasons written,
/// decided Validated. Starts and ends on the scoring screen.
fn validate_c01(app: &mut App) {
    keys(app, "esc i enter");
    type_text(app, "Ran the Saturday shift alone.");
    keys(app, "esc r 2 2 2 1 down c");
    keys(
        app,
        "down right right down right right down right right d e",
    );
    type_text(app, "Clear examples.");
    keys(app, "esc");
}

#[test]
fn a_failed_portfolio_check_leads_to_not_validated_and_sign_off() {
    let mut a = app();
    first_run(&mut a, "Anna Assessor");
    register_documented(&mut a, "Marco", "C01");
    // Relevance not met: the check fails.
    keys(&mut a, "a x m m m m esc r");
    assert_eq!(a.screen(), Screen::Scoring);
    keys(&mut a, "d");
    assert_eq!(c01(&a).decision, Decision::NotValidated, "{}", status(&a));
    assert!(
        status(&a).contains("Validated is not possible"),
        "{}",
        status(&a)
    );
    keys(&mut a, "v f y");
    let w = a.work.as_ref().unwrap();
    assert!(w.finalised, "{}", status(&a));
    // Valuation: nothing validated goes straight on to Looking ahead.
    assert_eq!(a.candidate.as_ref().unwrap().step, Step::LookingAhead);
    assert!(a.overlay.is_none(), "no records to offer");
}

#[test]
fn a_validated_decision_does_not_survive_a_later_portfolio_failure() {
    let mut a = app();
    first_run(&mut a, "Anna Assessor");
    register_documented(&mut a, "Marco", "C01");
    keys(&mut a, "a m m m m m");
    validate_c01(&mut a);
    assert_eq!(c01(&a).decision, Decision::Validated, "{}", status(&a));
    keys(&mut a, "p down x");
    assert_eq!(c01(&a).decision, Decision::Pending);
    assert!(status(&a).contains("Pending"), "{}", status(&a));
    keys(&mut a, "v f");
    assert!(status(&a).contains("Cannot finalise"), "{}", status(&a));
    assert!(!a.work.as_ref().unwrap().finalised);
}

#[test]
fn validation_needs_an_interview_record() {
    let mut a = app();
    first_run(&mut a, "Anna Assessor");
    register_documented(&mut a, "Marco", "C01");
    keys(&mut a, "a m m m m m esc r 3 3 3 3 down c");
    keys(&mut a, "down down down down d");
    // Validated is left out of the cycle: Pending goes on to Not validated, and says why.
    assert_eq!(c01(&a).decision, Decision::NotValidated);
    assert!(
        status(&a).contains("there is no interview record for this competence"),
        "{}",
        status(&a)
    );
}

#[test]
fn a_met_the_evidence_contradicts_is_refused_and_counts_are_prefilled() {
    let mut a = app();
    first_run(&mut a, "Anna Assessor");
    keys(&mut a, "n");
    type_text(&mut a, "Marco");
    keys(&mut a, "tab");
    type_text(&mut a, "C01");
    keys(&mut a, "enter enter e tab");
    type_text(&mut a, "One letter");
    keys(&mut a, "tab");
    type_text(&mut a, "letter");
    keys(&mut a, "tab");
    type_text(&mut a, "2025-01-10");
    keys(&mut a, "enter n n a");
    assert_eq!(a.screen(), Screen::Portfolio, "{}", status(&a));
    // Pre-filled from the single item: sufficiency and variety Partly met with the count.
    let check = &c01(&a).portfolio;
    assert_eq!(check[3].verdict, Some(CriterionVerdict::PartlyMet));
    assert!(check[3].note.contains("1 item"), "{:?}", check[3]);
    keys(&mut a, "down down down m");
    assert_eq!(
        c01(&a).portfolio[3].verdict,
        Some(CriterionVerdict::PartlyMet)
    );
    assert!(status(&a).contains("cannot be Met"), "{}", status(&a));
}

#[test]
fn an_undocumented_candidate_cannot_be_assessed() {
    let mut a = app();
    first_run(&mut a, "Anna Assessor");
    keys(&mut a, "n");
    type_text(&mut a, "Step One");
    keys(&mut a, "tab");
    type_text(&mut a, "C01");
    keys(&mut a, "enter enter a");
    assert!(a.work.is_none());
    assert_eq!(a.candidate.as_ref().unwrap().step, Step::Awareness);
    assert!(status(&a).contains("Awareness"), "{}", status(&a));
    // Too long for the status line: it takes the hint bar's row too, and is read whole.
    let shown = screen(&a).replace("\"\n\"", " ");
    assert!(shown.contains("step 3 first."), "{shown}");
    // Moving on without evidence: Documentation is reached, the assessment still refused.
    keys(&mut a, "n n a");
    assert!(a.work.is_none());
    assert!(status(&a).contains("no evidence"), "{}", status(&a));
}

#[test]
fn finalising_with_a_validated_competence_waits_at_assessment_for_the_records() {
    let mut a = app();
    first_run(&mut a, "Anna Assessor");
    register_documented(&mut a, "Marco", "C01");
    keys(&mut a, "a m m m m m");
    validate_c01(&mut a);
    keys(&mut a, "v f y");
    assert!(a.work.as_ref().unwrap().finalised, "{}", status(&a));
    assert_eq!(a.candidate.as_ref().unwrap().step, Step::Assessment);
}

#[test]
fn someone_elses_assessment_is_read_only_until_taken_over() {
    let mut a = app();
    first_run(&mut a, "Anna Assessor");
    register_documented(&mut a, "Marco", "C01");
    keys(&mut a, "a m");
    let mut store = a.into_store();
    let bruno =
        leverup::ui::queries::first_run(&mut store, "Centro Milano", "Bruno Bianchi", now())
            .unwrap();
    let mut b = app_on(store, Keymap::default_bindings()).with_session(Some(bruno));
    // Bruno has his own resume point: he starts on the list and opens Marco himself.
    assert_eq!(b.screen(), Screen::Candidates);
    keys(&mut b, "enter p m");
    assert_eq!(b.screen(), Screen::Portfolio);
    assert!(
        status(&b).contains("belongs to Anna Assessor"),
        "{}",
        status(&b)
    );
    keys(&mut b, "esc");
    let overview = screen(&b);
    assert!(overview.contains("Anna Assessor"), "{overview}");
    keys(&mut b, "t");
    type_text(&mut b, "Anna is on leave");
    keys(&mut b, "enter");
    assert!(status(&b).contains("belongs to you"), "{}", status(&b));
    keys(&mut b, "p down m");
    assert_eq!(
        b.work.as_ref().unwrap().competences[0].portfolio[1].verdict,
        Some(CriterionVerdict::Met)
    );
    let id = b.work.as_ref().unwrap().id.clone();
    let audit = b.store().audit_for(&id).unwrap();
    let reassign = audit.iter().find(|e| e.action == "reassign").unwrap();
    assert_eq!(reassign.reason.as_deref(), Some("Anna is on leave"));
}

#[test]
fn a_model_version_mismatch_is_shown_and_blocks_writes() {
    let mut a = app();
    first_run(&mut a, "Anna Assessor");
    register_documented(&mut a, "Marco", "C01");
    keys(&mut a, "a");
    let store = a.into_store();
    let mut newer = fixture_model();
    newer.version = "test-2".into();
    let mut b = App::with_clock(
        store,
        newer,
        Keymap::default_bindings(),
        Theme::plain(),
        Clock::Fixed(Rc::new(Cell::new(now()))),
    );
    assert_eq!(
        b.screen(),
        Screen::Portfolio,
        "resumed on the portfolio check"
    );
    b.status = None;
    keys(&mut b, "m");
    assert!(status(&b).contains("test-1"), "{}", status(&b));
    assert!(status(&b).contains("read-only"), "{}", status(&b));
    assert_eq!(
        b.work.as_ref().unwrap().competences[0].portfolio[0].verdict,
        None
    );
    let id = b.work.as_ref().unwrap().id.clone();
    let stored = b.store().load_assessment(&id).unwrap();
    assert!(
        stored
            .portfolio_checks
            .iter()
            .all(|p| p.criterion_id != "relevance"),
        "nothing reached the database"
    );
}

#[test]
fn first_run_on_a_database_with_people_offers_them() {
    let mut store = Store::open_in_memory().unwrap();
    leverup::demo::generate(&mut store, &fixture_model(), 5, 7, now()).unwrap();
    let people = leverup::ui::queries::people(&store).unwrap();
    assert!(!people.is_empty());
    let mut a = app_on(store, Keymap::default_bindings());
    assert!(matches!(a.overlay, Some(Overlay::PickPerson { .. })));
    keys(&mut a, "enter");
    assert_eq!(a.screen(), Screen::Candidates);
    assert_eq!(a.session.as_ref().unwrap().assessor_name, people[0].1);
    assert_eq!(
        leverup::ui::queries::people(a.store()).unwrap(),
        people,
        "nobody duplicated"
    );
}

#[test]
fn texts_name_the_keys_as_rebound() {
    let user = "[portfolio]\nmet = [\"y\"]\n";
    let bindings = from_sources(&[("default.toml", DEFAULT_TOML), ("user.toml", user)]).unwrap();
    let mut a = app_on(Store::open_in_memory().unwrap(), bindings);
    first_run(&mut a, "Anna Assessor");
    register_documented(&mut a, "Marco", "C01");
    keys(&mut a, "a e");
    assert!(status(&a).contains("y / p / x"), "{}", status(&a));
}

/// On the shipped model the ids do not sort in model order: the row the overview marks is
/// the competence the assessment screens open.
#[test]
fn the_overview_row_is_the_competence_that_opens() {
    let mut a = App::with_clock(
        Store::open_in_memory().unwrap(),
        leverup::datafile::load_embedded(),
        Keymap::default_bindings(),
        Theme::plain(),
        Clock::Fixed(Rc::new(Cell::new(now()))),
    );
    first_run(&mut a, "Anna Assessor");
    register_documented(&mut a, "Marco", "C07 C01");
    keys(&mut a, "a esc down");
    let marked = screen(&a)
        .lines()
        .find(|l| l.contains("> C"))
        .map(str::to_string)
        .unwrap();
    keys(&mut a, "i");
    let open = a.work.as_ref().unwrap().competences[a.competence]
        .competence_id
        .clone();
    let code = a.model.competence(&open).unwrap().code.clone();
    assert!(marked.contains(&code), "marked {marked:?}, opened {code}");
}

/// `--as` is for one run: the next plain start opens as the person chosen before.
#[test]
fn as_person_is_not_remembered() {
    let mut a = app();
    first_run(&mut a, "Anna Assessor");
    let mut store = a.into_store();
    leverup::ui::queries::first_run(&mut store, "Centro Milano", "Bruno Bianchi", now()).unwrap();
    // Bruno registered last, so he is the recorded session; Anna opens with --as.
    let anna = leverup::ui::queries::resolve_person(&store, "anna assessor").unwrap();
    let b = app_on(store, Keymap::default_bindings()).with_session(Some(anna));
    assert_eq!(b.session.as_ref().unwrap().assessor_name, "Anna Assessor");
    let c = app_on(b.into_store(), Keymap::default_bindings());
    assert_eq!(c.session.as_ref().unwrap().assessor_name, "Bruno Bianchi");
    assert!(
        leverup::ui::queries::resolve_person(c.store(), "nobody").is_err(),
        "an unknown name is refused"
    );
}

/// Evidence supports claimed competences only; a stop needs a reason, and a refused form
/// keeps what was typed.
#[test]
fn evidence_for_an_unclaimed_competence_and_a_stop_without_reason_are_refused() {
    let mut a = app();
    first_run(&mut a, "Anna Assessor");
    keys(&mut a, "n");
    type_text(&mut a, "Marco");
    keys(&mut a, "tab");
    type_text(&mut a, "C01");
    keys(&mut a, "enter enter e backspace backspace backspace");
    type_text(&mut a, "C07");
    keys(&mut a, "tab");
    type_text(&mut a, "A letter");
    keys(&mut a, "tab");
    type_text(&mut a, "letter");
    keys(&mut a, "tab enter");
    match &a.overlay {
        Some(Overlay::Form(f)) => {
            let why = f.error.clone().unwrap_or_default();
            assert!(why.contains("c07 not claimed"), "{why}");
            assert_eq!(f.value(1), "A letter", "what was typed stays");
        }
        other => panic!("the form should stay open: {other:?}"),
    }
    assert!(a.candidate.as_ref().unwrap().evidence.is_empty());
    keys(&mut a, "esc s enter");
    match &a.overlay {
        Some(Overlay::Form(f)) => {
            assert_eq!(f.kind, leverup::ui::form::FormKind::StopPath);
            let why = f.error.clone().unwrap_or_default();
            assert!(why.contains("Say why the candidate stops"), "{why}");
        }
        other => panic!("the form should stay open: {other:?}"),
    }
    assert_eq!(a.candidate.as_ref().unwrap().stopped, None);
}

/// The help of a long screen scrolls with its keys instead of closing, and says when
/// there is more below; a form box is not thrown away by F1.
#[test]
fn help_scrolls_and_f1_keeps_a_form() {
    let mut a = app();
    first_run(&mut a, "Anna Assessor");
    register_documented(&mut a, "Marco", "C01");
    keys(&mut a, "a esc r ?");
    let first = screen(&a);
    assert!(first.contains("down for more"), "{first}");
    assert!(!first.contains("quit leverup"), "{first}");
    keys(&mut a, "pgdn pgdn pgdn");
    assert!(
        matches!(a.overlay, Some(Overlay::Help)),
        "scrolling keeps help open"
    );
    assert!(screen(&a).contains("quit leverup"), "{}", screen(&a));
    // The assessment has started, so the portfolio is closed: `e` is refused before any
    // form opens. The new-candidate form on the list is the form F1 must keep.
    keys(&mut a, "esc esc e");
    assert!(a.overlay.is_none(), "{:?}", a.overlay);
    assert!(
        a.status
            .as_deref()
            .unwrap_or("")
            .contains("portfolio is closed"),
        "{:?}",
        a.status
    );
    keys(&mut a, "esc n");
    type_text(&mut a, "A name");
    keys(&mut a, "f1");
    assert!(
        matches!(a.overlay, Some(Overlay::Form(_))),
        "{:?}",
        a.overlay
    );
}
