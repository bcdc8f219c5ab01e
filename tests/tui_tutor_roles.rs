//! Who is working on the tutor's side: `--as` resolves tutors as well as assessors, first
//! run records the role typed, a person with both roles sees the candidates they tutor
//! first and keeps the assessor's screens, and the picker offers tutors. The overview's
//! hint is the domain's verdict on starting the assessment; a tutor hands a candidate to
//! another tutor.

use chrono::{DateTime, TimeZone, Utc};
use leverup::domain::self_assessment::Rate;
use leverup::store::{Role, Store};
use leverup::ui::app::Overlay;
use leverup::ui::queries;
use leverup::ui::testing::{
    app_at_test_time, first_run_as, first_run_as_tutor, keys, screen_text, type_text,
};
use leverup::ui::{App, Screen, Theme};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()
}

fn app(store: Store) -> App {
    app_at_test_time(store, Theme::plain())
}

fn screen(app: &App) -> String {
    screen_text(app)
}

/// The status line says `needle`.
fn status_says(app: &App, needle: &str) {
    let status = app.status.as_deref().unwrap_or("");
    assert!(
        status.contains(needle),
        "{status:?} does not say {needle:?}"
    );
}

fn with_tina(store: &mut Store) {
    let roles = [Role::Tutor];
    queries::first_run_as(store, "Centro Milano", "Tina Tutor", &roles, now()).unwrap();
}

#[test]
fn as_resolves_a_tutor_and_says_who_exists_when_nobody_matches() {
    let mut store = Store::open_in_memory().unwrap();
    with_tina(&mut store);
    let s = queries::resolve_person(&store, "tina tutor").unwrap();
    assert!(s.tutor && !s.assessor);
    let e = queries::resolve_person(&store, "Nobody").unwrap_err();
    assert!(e.contains("Tutors and assessors: Tina Tutor"), "{e}");
}

#[test]
fn first_run_as_tutor_opens_the_tutors_list_and_registers_candidates_as_theirs() {
    let mut a = app(Store::open_in_memory().unwrap());
    first_run_as_tutor(&mut a, "Centro Milano", "Tina Tutor");
    assert_eq!(a.screen(), Screen::Candidates);
    let s = screen(&a);
    assert!(s.contains("My candidates: 0"), "{s}");
    assert!(s.contains("You tutor no candidates yet"), "{s}");
    keys(&mut a, "n");
    type_text(&mut a, "Giulia Rossi");
    keys(&mut a, "enter enter enter");
    assert_eq!(a.screen(), Screen::Dossier);
    let me = a.session.as_ref().unwrap().assessor_id.clone();
    assert_eq!(a.candidate.as_ref().unwrap().tutor_id, Some(me));
}

#[test]
fn both_roles_see_their_candidates_first_and_keep_the_assessors_screens() {
    let mut a = app(Store::open_in_memory().unwrap());
    first_run_as(&mut a, "Centro Milano", "Bea Both", "both");
    let s = a.session.clone().unwrap();
    assert!(s.tutor && s.assessor);
    keys(&mut a, "n");
    type_text(&mut a, "Giulia Rossi");
    keys(&mut a, "enter enter enter esc");
    assert!(screen(&a).contains("My candidates: 1"));
    keys(&mut a, "m");
    assert!(screen(&a).contains("Candidates: 1 shown"));
    // Their own candidate opens on the dossier; the overview is one key away, and back.
    keys(&mut a, "enter");
    assert_eq!(a.screen(), Screen::Dossier);
    keys(&mut a, "o");
    assert_eq!(a.screen(), Screen::Overview);
    keys(&mut a, "d");
    assert_eq!(a.screen(), Screen::Dossier);
}

#[test]
fn the_picker_offers_tutors_too() {
    let mut store = Store::open_in_memory().unwrap();
    queries::first_run(&mut store, "Centro Milano", "Anna Assessor", now()).unwrap();
    with_tina(&mut store);
    let names: Vec<String> = queries::people(&store)
        .unwrap()
        .into_iter()
        .map(|p| p.1)
        .collect();
    assert_eq!(names, ["Anna Assessor", "Tina Tutor"]);
}

#[test]
fn quitting_with_a_form_open_warns_once() {
    let mut a = app(Store::open_in_memory().unwrap());
    first_run_as_tutor(&mut a, "Centro Milano", "Tina Tutor");
    keys(&mut a, "n");
    type_text(&mut a, "Giulia");
    keys(&mut a, "ctrl-q");
    assert!(!a.quit);
    assert!(a.status.as_deref().unwrap_or("").contains("not saved yet"));
    keys(&mut a, "ctrl-q");
    assert!(a.quit);
}

#[test]
fn the_tutor_stops_and_resumes_the_path_from_the_dossier() {
    let mut a = app(Store::open_in_memory().unwrap());
    first_run_as_tutor(&mut a, "Centro Milano", "Tina Tutor");
    leverup::ui::testing::register_as_tutor(&mut a, "Giulia Rossi", "giulia@example.org");
    keys(&mut a, "s");
    type_text(&mut a, "moved abroad");
    keys(&mut a, "enter");
    assert_eq!(a.screen(), Screen::Dossier);
    let s = screen(&a);
    assert!(s.contains("Stopped at Awareness: moved abroad"), "{s}");
    keys(&mut a, "tab 3");
    status_says(&a, "stopped");
    keys(&mut a, "u");
    assert!(
        a.status
            .as_deref()
            .unwrap_or("")
            .contains("Resumed at Awareness")
    );
    // Active again: the same key now records the rating.
    keys(&mut a, "3");
    let d = a.dossier.as_ref().unwrap();
    assert_eq!(d.quick.get("c01"), Some(&Rate::Fair));
}

/// Anna assesses, Tina tutors, at the same centre.
fn anna_and_tina() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    queries::first_run(&mut store, "Centro Milano", "Anna Assessor", now()).unwrap();
    with_tina(&mut store);
    store
}

fn app_as(store: Store, who: &str) -> App {
    let session = queries::resolve_person(&store, who).unwrap();
    app(store).with_session(Some(session))
}

/// Tina registers Giulia claiming C01 and documents the portfolio from the overview (two
/// items), then moves her on to Documentation; nothing is requested yet.
fn documented_by_tina(store: Store) -> Store {
    documented_by(store, "Tina Tutor")
}

/// As `documented_by_tina`, by whoever `who` is.
fn documented_by(store: Store, who: &str) -> Store {
    let mut a = app_as(store, who);
    keys(&mut a, "n");
    type_text(&mut a, "Giulia Rossi");
    keys(&mut a, "tab");
    type_text(&mut a, "C01");
    keys(&mut a, "enter enter o");
    assert_eq!(a.screen(), Screen::Overview);
    for (title, kind, date) in [
        ("Reference letter", "reference letter", "2025-06-01"),
        ("Service certificate", "certificate", "2024-09-15"),
    ] {
        keys(&mut a, "e tab");
        type_text(&mut a, title);
        keys(&mut a, "tab");
        type_text(&mut a, kind);
        keys(&mut a, "tab");
        type_text(&mut a, date);
        keys(&mut a, "enter");
    }
    keys(&mut a, "n n");
    status_says(&a, "Documentation");
    a.into_store()
}

/// The overview's left pane as one line of words: the hint wraps.
fn overview_words(a: &App) -> String {
    screen(a)
        .lines()
        .map(|l| l.split("||").next().unwrap_or(""))
        .map(|l| l.trim_matches(|c: char| c == '"' || c == '|' || c == ' '))
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The overview's hint before the assessment is the domain's verdict on `a`: for a
/// tutored candidate not yet requested it gives the reason the key would give, and once
/// the tutor has requested the assessment it offers the key.
#[test]
fn the_overview_hint_says_what_starting_would_do() {
    let store = documented_by_tina(anna_and_tina());
    let mut a = app_as(store, "Anna Assessor");
    keys(&mut a, "enter");
    assert_eq!(a.screen(), Screen::Overview);
    let s = overview_words(&a);
    assert!(
        s.contains("Cannot start the assessment: the candidate's tutor has not requested the assessment yet."),
        "{s}"
    );
    assert!(!s.contains("to start the formal"), "{s}");
    // Only her tutor adds evidence: the hint does not offer Anna the key.
    assert!(!s.contains("Press e to add one"), "{s}");
    // The key says the same, and nothing starts.
    keys(&mut a, "a");
    status_says(&a, "has not requested the assessment yet");
    assert!(a.work.is_none());
    // Nor does the portfolio key promise `a`: it gives the same reason.
    keys(&mut a, "p");
    let status = a.status.clone().unwrap_or_default();
    assert!(
        status.contains("No assessment started yet") && status.contains("not requested"),
        "{status}"
    );

    // Tina requests it (the centre's queue); now Anna's hint offers the key, and it works.
    let mut t = app_as(a.into_store(), "Tina Tutor");
    // She comes back where she left off: Giulia's overview; `d` is her dossier.
    assert_eq!(t.screen(), Screen::Overview);
    keys(&mut t, "d tab tab tab tab r enter");
    status_says(&t, "requested");
    let mut a = app_as(t.into_store(), "Anna Assessor");
    keys(&mut a, "enter");
    let s = overview_words(&a);
    assert!(s.contains("a to start the formal assessment."), "{s}");
    assert!(!s.contains("Cannot start"), "{s}");
    keys(&mut a, "a");
    assert_eq!(a.screen(), Screen::Portfolio, "{:?}", a.status);
}

/// Tina's own view of her candidate's overview: the domain's "the assessor is this
/// candidate's tutor" verdict, said to her as who she is.
#[test]
fn the_tutors_overview_hint_says_an_independent_assessor_must_assess() {
    let store = documented_by_tina(anna_and_tina());
    let mut t = app_as(store, "Tina Tutor");
    assert_eq!(t.screen(), Screen::Overview);
    let s = overview_words(&t);
    assert!(s.contains("You are this candidate's tutor"), "{s}");
    assert!(!s.contains("to start the formal"), "{s}");
    // Nor does the hint bar offer the key.
    assert!(!s.contains("a start"), "{s}");
    // `a`, and the keys that need an assessment, say the same to her.
    for key in ["a", "p"] {
        keys(&mut t, key);
        let status = t.status.clone().unwrap_or_default();
        assert!(
            status.contains("You are this candidate's tutor: an independent assessor must assess"),
            "{key}: {status}"
        );
    }
}

/// Tina hands Giulia to Marco: a picker of the centre's other tutors, one domain command,
/// one audited transaction; afterwards Tina reads the dossier and Marco has the candidate.
#[test]
fn the_tutor_hands_the_candidate_to_another_tutor() {
    let mut store = anna_and_tina();
    let roles = [Role::Tutor];
    queries::first_run_as(&mut store, "Centro Milano", "Marco Tutor", &roles, now()).unwrap();
    let mut t = app_as(store, "Tina Tutor");
    leverup::ui::testing::register_as_tutor(&mut t, "Giulia Rossi", "giulia@example.org");
    assert_eq!(t.screen(), Screen::Dossier);
    let s = screen(&t);
    assert!(
        s.contains("you (T hands the candidate to another tutor)"),
        "{s}"
    );
    keys(&mut t, "T");
    let s = screen(&t);
    // Only the other tutors: not Tina herself, not Anna (an assessor).
    assert!(s.contains("Hand the candidate to the tutor"), "{s}");
    assert!(s.contains("Marco Tutor"), "{s}");
    assert!(!s.contains("Anna Assessor"), "{s}");
    keys(&mut t, "enter");
    status_says(&t, "Giulia Rossi is now Marco Tutor's candidate");
    let id = t.dossier.as_ref().unwrap().candidate_id.clone();
    let tina = t.session.as_ref().unwrap().assessor_id.clone();
    let marco = queries::resolve_person(t.store(), "Marco Tutor")
        .unwrap()
        .assessor_id;
    assert_eq!(
        t.store().load_dossier(&id).unwrap().tutor_id.as_deref(),
        Some(marco.as_str())
    );
    let audit = t.store().audit_for(&id).unwrap();
    let handed = audit
        .iter()
        .rev()
        .find(|e| e.entity == "tutor")
        .expect("an audit row for the hand-over");
    assert_eq!(handed.actor, tina);
    let new = handed.new.clone().unwrap_or_default();
    assert!(new.contains(&marco) && new.contains(&tina), "{new}");

    // Tina is no longer offered the key; pressing it says why.
    assert!(!t.offers(leverup::ui::keys::Action::HandOver));
    let s = screen(&t);
    assert!(s.contains("Marco Tutor"), "{s}");
    assert!(!s.contains("hand over"), "{s}");
    keys(&mut t, "T");
    status_says(&t, "Only the candidate's tutor changes the dossier");
    assert!(t.overlay.is_none());
    // Nor does the registration open a form for her to type in vain.
    keys(&mut t, "enter");
    assert!(t.overlay.is_none(), "{:?}", t.overlay);
    status_says(&t, "Only the candidate's tutor changes the dossier");

    // Marco has her among his candidates.
    let m = app_as(t.into_store(), "Marco Tutor");
    assert!(screen(&m).contains("My candidates: 1"), "{}", screen(&m));
}

/// The keys follow the domain's verdicts. Once Bea (tutor and assessor) has requested the
/// assessment the portfolio is closed: her overview stops offering `e` and `e` opens no
/// form. Her request picker leaves herself out (she is the candidate's tutor). Anna, who
/// only assesses, is not offered `t` on a candidate without a tutor, and `t` says why.
#[test]
fn keys_are_offered_only_where_the_domain_would_accept_them() {
    let mut store = Store::open_in_memory().unwrap();
    queries::first_run(&mut store, "Centro Milano", "Anna Assessor", now()).unwrap();
    let both = [Role::Tutor, Role::Assessor];
    queries::first_run_as(&mut store, "Centro Milano", "Bea Both", &both, now()).unwrap();
    let mut b = app_as(documented_by(store, "Bea Both"), "Bea Both");
    keys(&mut b, "d tab tab tab tab r");
    let Some(Overlay::PickAssessor { assessors, .. }) = &b.overlay else {
        panic!("the request picker: {:?}", b.overlay);
    };
    let names: Vec<&str> = assessors.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Anna Assessor"]);
    keys(&mut b, "enter o");
    assert_eq!(b.screen(), Screen::Overview);
    let s = overview_words(&b);
    assert!(!s.contains("Press e to add one"), "{s}");
    keys(&mut b, "e");
    assert!(b.overlay.is_none(), "{:?}", b.overlay);
    status_says(&b, "withdraw the request");

    // Anna registers Marco herself: nobody tutors him, and she is no tutor.
    let mut a = app_as(b.into_store(), "Anna Assessor");
    keys(&mut a, "esc n");
    type_text(&mut a, "Marco Volontario");
    keys(&mut a, "enter enter enter d");
    assert_eq!(a.screen(), Screen::Dossier);
    let s = screen(&a);
    assert!(s.contains("Tutor       none"), "{s}");
    assert!(!s.contains("makes you the tutor"), "{s}");
    keys(&mut a, "t");
    status_says(&a, "not one of the centre's tutors");
    assert_eq!(a.candidate.as_ref().unwrap().tutor_id, None);
}
