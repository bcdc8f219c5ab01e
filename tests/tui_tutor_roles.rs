//! Who is working on the tutor's side: `--as` resolves tutors as well as assessors, first
//! run records the role typed, a person with both roles sees the candidates they tutor
//! first and keeps the assessor's screens, and the picker offers tutors.

use chrono::{DateTime, TimeZone, Utc};
use leverup::domain::self_assessment::Rate;
use leverup::store::{Role, Store};
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
    assert!(
        a.status.as_deref().unwrap_or("").contains("stopped"),
        "{:?}",
        a.status
    );
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
