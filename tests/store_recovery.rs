//! The recovery file beside the database (`<db>.recovery.json`) through the store API:
//! each person's copy of a form stays theirs, several processes keeping things at the same
//! moment lose nothing, a file from before texts named their person still loads, and an
//! erasure takes out everything kept about the candidate.

mod store_fixture;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier};

use chrono::{TimeZone, Utc};
use leverup::store::{Store, UnsavedForm, UnsavedText};
use store_fixture::world_at;

fn recovery_file(db: &Path) -> PathBuf {
    db.with_file_name(format!(
        "{}.recovery.json",
        db.file_name().unwrap().to_string_lossy()
    ))
}

fn form(person: &str, candidate: &str, kind: &str, name: &str) -> UnsavedForm {
    UnsavedForm {
        candidate: candidate.into(),
        candidate_name: String::new(),
        form: kind.into(),
        number: None,
        title: "New candidate".into(),
        person: person.into(),
        fields: vec![("Name".into(), name.into())],
        time: Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(),
    }
}

fn text(person: Option<&str>, candidate: &str, assessment: &str, words: &str) -> UnsavedText {
    UnsavedText {
        candidate: candidate.into(),
        candidate_name: "Giulia Rossi".into(),
        assessment: assessment.into(),
        field: "note".into(),
        competence: "c01".into(),
        question: Some(1),
        criterion: None,
        text: words.into(),
        person: person.map(String::from),
        time: Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(),
    }
}

/// Every new candidate's form has no candidate yet: two tutors' copies are two forms, and
/// forgetting one leaves the other.
#[test]
fn two_peoples_new_candidate_forms_both_stay() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("shared.db")).unwrap();
    let tina = form("p-tina", "", "new_candidate", "Luca Bianchi");
    let marco = form("p-marco", "", "new_candidate", "Sara Verdi");
    store.keep_unsaved_form(tina.clone()).unwrap();
    store.keep_unsaved_form(marco.clone()).unwrap();
    assert_eq!(
        store.unsaved_forms().unwrap(),
        vec![tina.clone(), marco.clone()]
    );
    // A newer copy of one's own form still replaces the older one.
    let tina2 = form("p-tina", "", "new_candidate", "Luca Bianchi Neri");
    store.keep_unsaved_form(tina2.clone()).unwrap();
    assert_eq!(
        store.unsaved_forms().unwrap(),
        vec![marco.clone(), tina2.clone()]
    );
    store.forget_unsaved_form(&tina2).unwrap();
    assert_eq!(store.unsaved_forms().unwrap(), vec![marco]);
}

/// The same field typed by two people: each keeps their own words.
#[test]
fn two_peoples_texts_in_one_field_both_stay() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("shared.db")).unwrap();
    let tina = text(Some("p-tina"), "c", "a", "Tina's words");
    let marco = text(Some("p-marco"), "c", "a", "Marco's words");
    store.keep_unsaved(tina.clone()).unwrap();
    store.keep_unsaved(marco.clone()).unwrap();
    assert_eq!(store.unsaved_texts().unwrap(), vec![tina.clone(), marco]);
    store.forget_unsaved(&tina).unwrap();
    assert_eq!(store.unsaved_texts().unwrap().len(), 1);
}

/// A server shutdown hangs up every session at once: each keeps its form in the same file
/// at the same moment, and none is lost.
#[test]
fn keeps_at_the_same_moment_all_survive() {
    const THREADS: usize = 8;
    const EACH: usize = 6;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shared.db");
    drop(Store::open(&db).unwrap());
    let barrier = Arc::new(Barrier::new(THREADS));
    let workers: Vec<_> = (0..THREADS)
        .map(|t| {
            let (db, barrier) = (db.clone(), barrier.clone());
            std::thread::spawn(move || {
                // Its own connection and its own open file, as another process would have.
                let store = Store::open(&db).unwrap();
                barrier.wait();
                for i in 0..EACH {
                    let person = format!("p-{t}");
                    store
                        .keep_unsaved_form(form(&person, &format!("c-{i}"), "registration", "x"))
                        .unwrap();
                    store
                        .keep_unsaved(text(Some(&person), &format!("c-{i}"), "a", "y"))
                        .unwrap();
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    let store = Store::open(&db).unwrap();
    assert_eq!(store.unsaved_forms().unwrap().len(), THREADS * EACH);
    assert_eq!(store.unsaved_texts().unwrap().len(), THREADS);
    // No temp file is left behind.
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// Texts kept before they named their person (single-user files) still load, with none.
#[test]
fn a_file_whose_texts_name_no_person_still_loads() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    let store = Store::open(&db).unwrap();
    std::fs::write(
        recovery_file(&db),
        r#"{"about": "", "texts": [{"candidate": "c", "candidate_name": "Giulia Rossi",
            "assessment": "a", "field": "note", "competence": "c01", "question": 1,
            "text": "old words", "time": "2026-03-01T10:00:00Z"}]}"#,
    )
    .unwrap();
    let texts = store.unsaved_texts().unwrap();
    assert_eq!(texts.len(), 1);
    assert_eq!(texts[0].person, None);
    assert_eq!(texts[0].text, "old words");
}

/// A kept registration form holds a name and an e-mail: the erasure takes it (and every
/// text kept about the candidate) out of the file, and leaves the others' alone.
#[test]
fn erasure_takes_the_candidates_entries_out_of_the_recovery_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("centre.db");
    let mut w = world_at(&db);
    let giulia = w.candidate.clone();
    let mut registration = form("p-tina", &giulia, "registration", "Giulia Rossi");
    registration
        .fields
        .push(("E-mail".into(), "giulia@example.org".into()));
    w.store.keep_unsaved_form(registration).unwrap();
    w.store
        .keep_unsaved(text(Some("p-tina"), &giulia, "a-1", "about Giulia"))
        .unwrap();
    let other_form = form("p-tina", "c-other", "registration", "Sara Verdi");
    let new_form = form("p-marco", "", "new_candidate", "Luca Bianchi");
    let other_text = text(None, "c-other", "a-2", "about Sara");
    w.store.keep_unsaved_form(other_form.clone()).unwrap();
    w.store.keep_unsaved_form(new_form.clone()).unwrap();
    w.store.keep_unsaved(other_text.clone()).unwrap();

    let erasure = w
        .store
        .erase_candidate(&giulia, None, "admin", Utc::now())
        .unwrap();
    assert_eq!(erasure.recovery_entries, 2);
    assert_eq!(erasure.recovery_error, None);
    assert_eq!(w.store.unsaved_forms().unwrap(), vec![other_form, new_form]);
    assert_eq!(w.store.unsaved_texts().unwrap(), vec![other_text]);
    let body = std::fs::read_to_string(recovery_file(&db)).unwrap();
    assert!(!body.contains("giulia@example.org"), "{body}");
    assert!(!body.contains("about Giulia"), "{body}");
}

/// A temp file a crashed writer left (`<file>.<pid>.tmp`) may hold what an erasure has
/// since taken out: the next change of the file, holding the lock, removes it.
#[test]
fn a_crashed_writers_temp_file_is_swept() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("swept.db");
    let store = Store::open(&db).unwrap();
    let stale = dir.path().join("swept.db.recovery.json.4242.tmp");
    std::fs::write(&stale, "giulia@example.org").unwrap();
    let unrelated = dir.path().join("swept.db.recovery.json.notes.tmp");
    std::fs::write(&unrelated, "mine").unwrap();
    store
        .keep_unsaved_form(form("p-tina", "", "new_candidate", "Luca Bianchi"))
        .unwrap();
    assert!(!stale.exists());
    assert!(
        unrelated.exists(),
        "only temp files named by a process id go"
    );
}

/// An erasure on a database that never kept anything leaves no file beside it.
#[test]
fn erasure_without_a_recovery_file_leaves_none() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("clean.db");
    let mut w = world_at(&db);
    let id = w.candidate.clone();
    let erasure = w
        .store
        .erase_candidate(&id, None, "admin", Utc::now())
        .unwrap();
    assert_eq!(
        (erasure.recovery_entries, erasure.recovery_error),
        (0, None)
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("recovery"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}
