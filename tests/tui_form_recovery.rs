//! Nothing typed into a form is lost: a form left open at a shutdown (SIGHUP/SIGTERM) or
//! a quit goes to the recovery file and is offered back on the next start, reopened with
//! its values; a submit the database refuses keeps the form behind the "not saved" box.
//! Driven through the real `App` against a database file.

use std::path::{Path, PathBuf};

use chrono::{TimeZone, Utc};
use leverup::store::{Store, UnsavedForm};
use leverup::ui::app::{ConfirmKind, Overlay};
use leverup::ui::dossier_view::Tab;
use leverup::ui::form::FormKind;
use leverup::ui::msg::Msg;
use leverup::ui::testing::{app_at_test_time, first_run_as_tutor, fixture_model, keys, type_text};
use leverup::ui::{App, Keymap, Screen, Theme};

fn app(db: &Path) -> App {
    app_at_test_time(Store::open(db).unwrap(), Theme::plain())
}

fn recovery_file(db: &Path) -> PathBuf {
    db.with_file_name(format!(
        "{}.recovery.json",
        db.file_name().unwrap().to_string_lossy()
    ))
}

/// A tutor, their new candidate, and the registration form open with an e-mail typed.
fn typing_a_registration(db: &Path) -> App {
    let mut a = app(db);
    first_run_as_tutor(&mut a, "Centro Milano", "Tina Tutor");
    keys(&mut a, "n");
    type_text(&mut a, "Giulia Rossi");
    keys(&mut a, "enter enter enter");
    assert_eq!(a.screen(), Screen::Dossier);
    keys(&mut a, "enter tab");
    type_text(&mut a, "giulia@example.org");
    keys(&mut a, "tab");
    type_text(&mut a, "it");
    a
}

fn form_values(a: &App) -> Vec<String> {
    match &a.overlay {
        Some(Overlay::Form(f)) => f.fields.iter().map(|f| f.2.clone()).collect(),
        other => panic!("no form open: {other:?}"),
    }
}

fn kept_forms(db: &Path) -> Vec<UnsavedForm> {
    Store::open(db).unwrap().unsaved_forms().unwrap()
}

#[test]
fn a_hang_up_keeps_the_open_form_and_the_next_start_reopens_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hup.db");
    let mut a = typing_a_registration(&db);
    a.update(Msg::Shutdown);
    assert!(a.quit);
    drop(a);
    let kept = kept_forms(&db);
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].form, "registration");
    assert_eq!(kept[0].candidate_name, "Giulia Rossi");
    assert!(
        kept[0]
            .fields
            .contains(&("E-mail".into(), "giulia@example.org".into()))
    );

    let mut a = app(&db);
    assert!(matches!(
        a.overlay,
        Some(Overlay::Confirm(ConfirmKind::PutBack))
    ));
    assert!(a.offering_form());
    let (place, values, _) = a.offered_text().unwrap();
    assert!(
        place.contains("Giulia Rossi · Registration and consent"),
        "{place}"
    );
    assert!(values.contains("E-mail: giulia@example.org"), "{values}");
    assert!(values.contains("Language: it"), "{values}");
    keys(&mut a, "y");
    // The form is open again where it was, with what was typed; the file is tidied.
    assert_eq!(a.screen(), Screen::Dossier);
    assert_eq!(a.view.dossier().unwrap().tab, Tab::Registration);
    let values = form_values(&a);
    assert_eq!(values[1], "giulia@example.org");
    assert_eq!(values[2], "it");
    assert!(!recovery_file(&db).exists());
    // Submitted, it is saved like any form.
    keys(&mut a, "enter enter enter enter enter");
    assert!(a.overlay.is_none(), "{:?}", a.overlay);
    let d = a.dossier.as_ref().unwrap();
    assert_eq!(d.profile.email.as_deref(), Some("giulia@example.org"));
}

#[test]
fn no_leaves_the_form_in_the_file_for_a_later_start() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("no.db");
    let mut a = typing_a_registration(&db);
    a.update(Msg::Shutdown);
    drop(a);
    let mut a = app(&db);
    keys(&mut a, "n");
    assert!(a.status.as_deref().unwrap().contains("kept form stays in"));
    assert!(a.overlay.is_none());
    drop(a);
    assert_eq!(kept_forms(&db).len(), 1);
}

#[test]
fn an_untouched_form_is_not_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("untouched.db");
    let mut a = app(&db);
    first_run_as_tutor(&mut a, "Centro Milano", "Tina Tutor");
    keys(&mut a, "n");
    type_text(&mut a, "Giulia Rossi");
    keys(&mut a, "enter enter enter");
    keys(&mut a, "tab tab tab a");
    assert!(matches!(&a.overlay, Some(Overlay::Form(f)) if f.kind == FormKind::Evidence(None)));
    a.update(Msg::Shutdown);
    assert!(!recovery_file(&db).exists());
}

#[test]
fn a_submit_the_database_refuses_keeps_the_form_and_a_quit_keeps_it_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("refused.db");
    let mut a = app(&db);
    first_run_as_tutor(&mut a, "Centro Milano", "Tina Tutor");
    keys(&mut a, "n");
    type_text(&mut a, "Giulia Rossi");
    keys(&mut a, "enter");
    type_text(&mut a, "C01");
    keys(&mut a, "enter enter");
    // An evidence item, typed in full, and the disk refuses it.
    keys(&mut a, "tab tab tab a");
    type_text(&mut a, "Reference letter");
    keys(&mut a, "tab");
    type_text(&mut a, "letter");
    a.store_mut().fail_writes(true).unwrap();
    keys(&mut a, "enter enter enter enter enter enter");
    assert!(
        matches!(a.overlay, Some(Overlay::NotSaved(_))),
        "{:?}",
        a.overlay
    );
    // Closing the box brings the form back, values and all.
    keys(&mut a, "esc");
    let values = form_values(&a);
    assert_eq!(values[0], "Reference letter");
    assert_eq!(values[1], "letter");
    match &a.overlay {
        Some(Overlay::Form(f)) => assert!(f.error.as_deref().unwrap().contains("Not saved yet")),
        _ => unreachable!(),
    }
    // Still refused; the quit warns once, then leaves with the form in the file.
    keys(&mut a, "enter esc ctrl-q");
    assert!(!a.quit);
    assert!(
        a.status
            .as_deref()
            .unwrap()
            .contains("keeps it for the next start")
    );
    keys(&mut a, "ctrl-q");
    assert!(a.quit);
    drop(a);
    let kept = kept_forms(&db);
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].form, "evidence");
    assert!(
        kept[0]
            .fields
            .contains(&("Title".into(), "Reference letter".into()))
    );

    // The disk works again: the next start reopens it and it is saved.
    let mut a = app(&db);
    keys(&mut a, "y");
    assert_eq!(a.view.dossier().unwrap().tab, Tab::Evidence);
    keys(&mut a, "enter enter enter enter enter enter enter");
    assert!(a.overlay.is_none(), "{:?} {:?}", a.overlay, a.status);
    let d = a.dossier.as_ref().unwrap();
    assert_eq!(
        d.evidence.values().next().unwrap().title,
        "Reference letter"
    );
}

/// Tutors sharing one database (over SSH, each `--as` themselves) are offered back only
/// the forms they typed; the others' stay in the file for them.
#[test]
fn each_person_is_offered_only_their_own_forms() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shared.db");
    let mut a = typing_a_registration(&db);
    a.update(Msg::Shutdown);
    drop(a);
    let mut store = Store::open(&db).unwrap();
    let roles = [leverup::store::Role::Tutor];
    let at = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
    leverup::ui::queries::first_run_as(&mut store, "Centro Milano", "Marco Tutor", &roles, at)
        .unwrap();
    drop(store);
    let marco = {
        let store = Store::open(&db).unwrap();
        leverup::ui::queries::resolve_person(&store, "Marco Tutor").unwrap()
    };
    let m = App::new_as(
        Store::open(&db).unwrap(),
        fixture_model(),
        Keymap::default_bindings(),
        Theme::plain(),
        Some(marco),
    );
    assert!(m.overlay.is_none(), "{:?}", m.overlay);
    drop(m);
    assert_eq!(kept_forms(&db).len(), 1);
    let tina = {
        let store = Store::open(&db).unwrap();
        leverup::ui::queries::resolve_person(&store, "Tina Tutor").unwrap()
    };
    let t = App::new_as(
        Store::open(&db).unwrap(),
        fixture_model(),
        Keymap::default_bindings(),
        Theme::plain(),
        Some(tina),
    );
    assert!(t.offering_form());
}

/// A new candidate's form belongs to no candidate yet: it comes back on the list.
#[test]
fn a_new_candidates_form_comes_back_on_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    let mut a = app(&db);
    first_run_as_tutor(&mut a, "Centro Milano", "Tina Tutor");
    keys(&mut a, "n");
    type_text(&mut a, "Luca Bianchi");
    a.update(Msg::Shutdown);
    drop(a);
    let mut a = app(&db);
    let (place, values, _) = a.offered_text().unwrap();
    assert!(place.starts_with("New candidate"), "{place}");
    assert!(values.contains("Name: Luca Bianchi"), "{values}");
    keys(&mut a, "y");
    assert_eq!(a.screen(), Screen::Candidates);
    assert_eq!(form_values(&a)[0], "Luca Bianchi");
    keys(&mut a, "enter enter enter");
    assert_eq!(a.candidate.as_ref().unwrap().name, "Luca Bianchi");
}
