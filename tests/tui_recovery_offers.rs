//! What the next start offers back from the recovery file, driven through the real `App`:
//! tutors sharing one database are each offered only what they typed (texts and forms,
//! new candidates' forms too), `n` on a kept text goes on to the kept forms, and a form
//! kept for a candidate erased since is dropped, not reopened.

use std::path::{Path, PathBuf};

use chrono::{TimeZone, Utc};
use leverup::store::{Role, Store, UnsavedForm};
use leverup::ui::app::{ConfirmKind, Overlay};
use leverup::ui::data::Session;
use leverup::ui::msg::Msg;
use leverup::ui::queries::{first_run_as, resolve_person};
use leverup::ui::testing::{
    app_at_test_time, first_run_as_tutor, fixture_model, keys, register_documented, type_text,
};
use leverup::ui::{App, Keymap, Screen, Theme};

fn app(db: &Path) -> App {
    app_at_test_time(Store::open(db).unwrap(), Theme::plain())
}

fn app_as(db: &Path, person: &str) -> App {
    App::new_as(
        Store::open(db).unwrap(),
        fixture_model(),
        Keymap::default_bindings(),
        Theme::plain(),
        Some(session(db, person)),
    )
}

fn session(db: &Path, person: &str) -> Session {
    resolve_person(&Store::open(db).unwrap(), person).unwrap()
}

/// A second tutor in the same centre, as another SSH session would add them.
fn add_tutor(db: &Path, centre: &str, name: &str) {
    let mut store = Store::open(db).unwrap();
    let at = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
    first_run_as(&mut store, centre, name, &[Role::Tutor], at).unwrap();
}

fn recovery_file(db: &Path) -> PathBuf {
    db.with_file_name(format!(
        "{}.recovery.json",
        db.file_name().unwrap().to_string_lossy()
    ))
}

fn kept_forms(db: &Path) -> Vec<UnsavedForm> {
    Store::open(db).unwrap().unsaved_forms().unwrap()
}

fn offered_values(a: &App) -> String {
    a.offered_text()
        .map(|(_, values, _)| values)
        .unwrap_or_default()
}

/// Tina and Marco each start a new candidate and are hung up: both forms are kept (every
/// new candidate's form has no candidate yet, so only the person tells them apart), each is
/// offered only their own, and reopening Tina's leaves Marco's in the file.
#[test]
fn two_tutors_new_candidate_forms_both_survive_and_go_back_to_each() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shared.db");
    let mut t = app(&db);
    first_run_as_tutor(&mut t, "Centro Milano", "Tina Tutor");
    keys(&mut t, "n");
    type_text(&mut t, "Luca Bianchi");
    add_tutor(&db, "Centro Milano", "Marco Tutor");
    let mut m = app_as(&db, "Marco Tutor");
    assert!(m.overlay.is_none(), "{:?}", m.overlay);
    keys(&mut m, "n");
    type_text(&mut m, "Sara Verdi");
    t.update(Msg::Shutdown);
    m.update(Msg::Shutdown);
    drop((t, m));
    assert_eq!(kept_forms(&db).len(), 2);

    let mut t = app_as(&db, "Tina Tutor");
    assert!(t.offering_form());
    assert!(
        offered_values(&t).contains("Luca Bianchi"),
        "{}",
        offered_values(&t)
    );
    keys(&mut t, "y");
    assert_eq!(t.screen(), Screen::Candidates);
    assert!(matches!(t.overlay, Some(Overlay::Form(_))));
    drop(t);
    let left = kept_forms(&db);
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(
        left[0]
            .fields
            .contains(&("Name".into(), "Sara Verdi".into()))
    );

    let m = app_as(&db, "Marco Tutor");
    assert!(m.offering_form());
    assert!(
        offered_values(&m).contains("Sara Verdi"),
        "{}",
        offered_values(&m)
    );
}

/// First run as A, a candidate claiming C07, the second question's note typed into, and
/// the database refusing it when the session is hung up: the text goes to the file.
fn text_kept_at_a_hang_up(db: &Path, words: &str) {
    let mut a = app(db);
    type_text(&mut a, "C");
    keys(&mut a, "tab");
    type_text(&mut a, "A");
    keys(&mut a, "enter");
    register_documented(&mut a, "Marco", "C07");
    keys(&mut a, "a esc i down enter");
    type_text(&mut a, words);
    a.store_mut().fail_writes(true).unwrap();
    a.update(Msg::Shutdown);
    assert!(a.quit);
}

/// A kept text names who typed it and goes back only to them; a text from a file written
/// before texts named their person goes to whoever opens.
#[test]
fn kept_texts_go_back_only_to_who_typed_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("texts.db");
    text_kept_at_a_hang_up(&db, "A's own words");
    let a_id = session(&db, "A").assessor_id;
    let texts = Store::open(&db).unwrap().unsaved_texts().unwrap();
    assert_eq!(texts.len(), 1);
    assert_eq!(texts[0].person.as_deref(), Some(a_id.as_str()));

    add_tutor(&db, "C", "B");
    let b = app_as(&db, "B");
    assert!(
        b.overlay.is_none(),
        "B is offered A's text: {:?}",
        b.offered_text()
    );
    drop(b);
    assert!(recovery_file(&db).exists());

    // The same text as an older, single-user leverup kept it: without a person.
    let path = recovery_file(&db);
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    json["texts"][0].as_object_mut().unwrap().remove("person");
    std::fs::write(&path, json.to_string()).unwrap();
    let b = app_as(&db, "B");
    assert!(matches!(
        b.overlay,
        Some(Overlay::Confirm(ConfirmKind::PutBack))
    ));
    assert_eq!(offered_values(&b), "A's own words");
}

/// `n` on a kept text leaves the texts for later and goes on to the kept forms, which are
/// offered in the same run.
#[test]
fn no_to_a_kept_text_goes_on_to_the_kept_forms() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("both.db");
    text_kept_at_a_hang_up(&db, "kept words");
    let me = session(&db, "A").assessor_id;
    let store = Store::open(&db).unwrap();
    store
        .keep_unsaved_form(UnsavedForm {
            candidate: String::new(),
            candidate_name: String::new(),
            form: "new_candidate".into(),
            number: None,
            title: "New candidate".into(),
            person: me,
            fields: vec![("Name".into(), "Luca Bianchi".into())],
            time: Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(),
        })
        .unwrap();
    drop(store);

    let mut a = app(&db);
    assert!(!a.offering_form());
    assert_eq!(offered_values(&a), "kept words");
    keys(&mut a, "n");
    assert!(a.status.as_deref().unwrap().contains("kept text stays in"));
    assert!(
        matches!(a.overlay, Some(Overlay::Confirm(ConfirmKind::PutBack))),
        "the kept form is not offered: {:?}",
        a.overlay
    );
    assert!(a.offering_form());
    assert!(offered_values(&a).contains("Name: Luca Bianchi"));
    keys(&mut a, "y");
    assert_eq!(a.screen(), Screen::Candidates);
    assert!(matches!(a.overlay, Some(Overlay::Form(_))));
    drop(a);
    // The text is still in the file for a later start.
    assert_eq!(Store::open(&db).unwrap().unsaved_texts().unwrap().len(), 1);
}

/// The candidate is erased (`leverup candidate erase`) while a tutor has their registration
/// form open; the hang-up keeps it. The next start does not reopen it: it is dropped from
/// the file and the status line says why.
#[test]
fn a_form_whose_candidate_was_erased_is_dropped_not_reopened() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("erased.db");
    let mut a = app(&db);
    first_run_as_tutor(&mut a, "Centro Milano", "Tina Tutor");
    keys(&mut a, "n");
    type_text(&mut a, "Giulia Rossi");
    keys(&mut a, "enter enter enter");
    keys(&mut a, "enter tab");
    type_text(&mut a, "giulia@example.org");
    let giulia = a.candidate.as_ref().unwrap().id.clone();
    let erasure = Store::open(&db)
        .unwrap()
        .erase_candidate(&giulia, Some("asked"), "admin", Utc::now())
        .unwrap();
    assert_eq!(erasure.recovery_entries, 0);
    a.update(Msg::Shutdown);
    drop(a);
    assert_eq!(kept_forms(&db).len(), 1);

    let mut a = app(&db);
    assert!(a.offering_form());
    keys(&mut a, "y");
    let status = a.status.clone().unwrap_or_default();
    assert!(status.contains("dropped"), "{status}");
    assert!(
        status.contains("Giulia Rossi is no longer in the database"),
        "{status}"
    );
    assert!(a.overlay.is_none(), "{:?}", a.overlay);
    assert!(kept_forms(&db).is_empty());
    assert!(!recovery_file(&db).exists());
}
