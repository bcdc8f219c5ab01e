//! The tutor's screens at 80×24 with a fixed clock: the tutor's list, the dossier's parts
//! (registration, self-assessment side by side, a story in the STARRTT form, the evidence
//! register, readiness, the plan), the forms with a field's reason shown as it is typed,
//! the request picker and the competence cards.

use std::cell::Cell;
use std::rc::Rc;

use chrono::{NaiveDate, TimeZone, Utc};
use insta::assert_snapshot;
use leverup::domain::dossier::{Goal, GoalSource};
use leverup::domain::process::Step;
use leverup::store::Store;
use leverup::ui::dossier_view::{DossierView, Tab};
use leverup::ui::testing::{
    app_at_test_time, first_run_as_tutor, fixture_model, keys, register_as_tutor, retype,
    screen_text, type_text,
};
use leverup::ui::views::View;
use leverup::ui::{App, Clock, Keymap, Screen, Theme};

fn app() -> App {
    app_at_test_time(Store::open_in_memory().unwrap(), Theme::default())
}

fn screen(app: &App) -> String {
    screen_text(app)
}

/// A tutor with one registered candidate, on the dossier.
fn registered() -> App {
    let mut a = app();
    first_run_as_tutor(&mut a, "Centro Milano", "Tina Tutor");
    register_as_tutor(&mut a, "Giulia Rossi", "giulia@example.org");
    a
}

/// Registered, at Identification, with C01 and C07 rated and claimed.
fn self_assessed() -> App {
    let mut a = registered();
    keys(&mut a, "n tab 3 c down 4 c");
    a
}

#[test]
fn tutors_list_shows_their_candidates_and_what_is_next() {
    let mut a = registered();
    keys(&mut a, "esc");
    assert_eq!(a.screen(), Screen::Candidates);
    let s = screen(&a);
    assert!(s.contains("My candidates"), "{s}");
    assert_snapshot!(s);
}

#[test]
fn dossier_registration() {
    let a = registered();
    assert_eq!(a.screen(), Screen::Dossier);
    assert_snapshot!(screen(&a));
}

#[test]
fn registration_form_says_why_as_it_is_typed() {
    let mut a = registered();
    keys(&mut a, "enter tab");
    retype(&mut a, "giulia@example.org", "giulia@example");
    let s = screen(&a);
    assert!(s.contains("the part after @ needs a dot"), "{s}");
    assert_snapshot!(s);
}

#[test]
fn self_assessment_side_by_side_with_indicators_and_a_referee() {
    let mut a = self_assessed();
    keys(&mut a, "d down 4 4 3 4 a");
    type_text(&mut a, "Marta Neri");
    keys(&mut a, "tab");
    type_text(&mut a, "volunteer coordinator");
    keys(&mut a, "tab tab");
    type_text(&mut a, "2026-03-01");
    keys(&mut a, "tab");
    type_text(&mut a, "C01=2 C07=4");
    keys(&mut a, "enter");
    assert_snapshot!(screen(&a));
}

#[test]
fn story_in_the_starrtt_form_while_typing() {
    let mut a = self_assessed();
    keys(&mut a, "tab a");
    type_text(&mut a, "Food bank rota");
    keys(&mut a, "enter enter enter");
    type_text(
        &mut a,
        "The food bank lost its coordinator before the summer.",
    );
    assert_snapshot!(screen(&a));
}

/// At Documentation, on the evidence, the form of a new item with its title, kind and date.
fn evidence_form(a: &mut App) {
    keys(a, "n tab tab a");
    type_text(a, "Reference letter");
    keys(a, "tab");
    type_text(a, "reference letter");
    keys(a, "tab");
    type_text(a, "2025-06-01");
}

#[test]
fn evidence_form_says_a_file_is_missing() {
    let mut a = self_assessed();
    evidence_form(&mut a);
    keys(&mut a, "tab tab tab");
    type_text(&mut a, "/nonexistent/letter.pdf");
    let s = screen(&a);
    assert!(s.contains("no such file"), "{s}");
    assert_snapshot!(s);
}

#[test]
fn readiness_says_what_is_missing_and_the_request_picker() {
    let mut a = self_assessed();
    evidence_form(&mut a);
    // Enter moves on through the optional fields, then submits.
    keys(&mut a, "enter enter enter enter enter");
    let s = screen(&a);
    assert!(s.contains("Reference letter"), "{s}");
    assert_snapshot!("evidence_register", s);
    keys(&mut a, "tab");
    assert_snapshot!("readiness", screen(&a));
    keys(&mut a, "r");
    assert_snapshot!("request_picker", screen(&a));
}

#[test]
fn development_plan() {
    let mut a = registered();
    let d = a.dossier.as_mut().unwrap();
    d.path.step = Step::LookingAhead;
    d.plan.insert(
        1,
        Goal {
            competence: Some("c07".into()),
            goal: "Lead the weekly volunteers' meeting".into(),
            actions: "Chair two meetings with the coordinator; ask for feedback".into(),
            review_on: NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
            source: GoalSource::NotValidated,
        },
    );
    a.view = View::Dossier(DossierView {
        tab: Tab::Plan,
        ..DossierView::default()
    });
    assert_snapshot!(screen(&a));
}

#[test]
fn competence_cards() {
    let mut a = registered();
    keys(&mut a, "k tab");
    assert_eq!(a.screen(), Screen::Cards);
    assert_snapshot!(screen(&a));
    // Back where the cards were opened from.
    keys(&mut a, "esc tab k esc");
    assert_eq!(a.view.dossier().map(|v| v.tab), Some(Tab::SelfAssessment));
}

#[test]
fn help_on_the_dossier_lists_its_keys() {
    let mut a = registered();
    keys(&mut a, "?");
    let s = screen(&a);
    assert!(s.contains("next part of the dossier"), "{s}");
}

#[test]
fn the_tutor_comes_back_to_the_part_they_were_on() {
    let mut a = registered();
    keys(&mut a, "tab tab");
    let a = App::with_clock(
        a.into_store(),
        fixture_model(),
        Keymap::default_bindings(),
        Theme::default(),
        Clock::Fixed(Rc::new(Cell::new(
            Utc.with_ymd_and_hms(2026, 3, 2, 9, 5, 0).unwrap(),
        ))),
    );
    assert_eq!(a.screen(), Screen::Dossier);
    assert_eq!(a.view.dossier().map(|v| v.tab), Some(Tab::Stories));
}

/// The stories part lists each story with the competences it supports once the form is
/// left (the text saved like a note).
#[test]
fn stories_part_lists_the_stories() {
    let mut a = self_assessed();
    keys(&mut a, "tab a");
    type_text(&mut a, "Food bank rota");
    keys(&mut a, "enter enter enter");
    type_text(&mut a, "The food bank lost its coordinator.");
    keys(&mut a, "esc");
    let s = screen(&a);
    assert!(s.contains("Food bank rota"), "{s}");
    assert_snapshot!(s);
}

/// `T` hands the candidate to another of the centre's tutors: the picker lists them, not
/// the tutor working nor the centre's assessors.
#[test]
fn hand_over_picker_lists_the_centres_other_tutors() {
    let mut a = registered();
    let session = a.session.clone().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
    for (name, role) in [
        ("Paolo Esposito", leverup::store::Role::Tutor),
        ("Anna Assessor", leverup::store::Role::Assessor),
    ] {
        let store = a.store_mut();
        let id = store.create_person(name, None, "test", now).unwrap();
        store
            .add_role(&id, &session.centre_id, role, "test", now)
            .unwrap();
    }
    keys(&mut a, "T");
    let s = screen(&a);
    assert!(s.contains("Paolo Esposito"), "{s}");
    assert!(!s.contains("Anna Assessor"), "{s}");
    assert_snapshot!(s);
}
