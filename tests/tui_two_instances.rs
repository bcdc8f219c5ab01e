//! Two instances of the real binary on one database, in two pseudo-terminals, editing the
//! same note and the same rating. No write is lost without the instance that made it being
//! told (who changed what, when); neither crashes.

mod pty;

use std::path::Path;

use leverup::store::Store;
use pty::*;

fn ratings_in_db(db: &Path) -> Vec<String> {
    let store = Store::open(db).unwrap();
    let mut out = Vec::new();
    for row in store.list_candidates(&Default::default(), 10, 0).unwrap() {
        for a in store.assessments_for(&row.id).unwrap() {
            let rec = store.load_assessment(&a.id).unwrap();
            out.extend(rec.ratings.into_iter().map(|r| r.rating.code().to_string()));
        }
    }
    out
}

#[test]
fn two_instances_never_overwrite_each_other_silently() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shared.db");
    let mut a = Pty::spawn(&db);
    set_up_candidate(&mut a);
    open_second_note(&mut a);

    // B opens the same database and resumes on the same question, before A writes.
    let mut b = Pty::spawn(&db);
    b.wait_for("interview");

    a.type_text("from A");
    a.send(b"\x13"); // ctrl-s
    a.wait_until("A saved", |s| {
        s.contains(" saved") && !s.contains("unsaved")
    });
    assert_eq!(notes_in_db(&db), vec!["from A".to_string()]);

    // B writes the same note against the revision it loaded: refused, and told by whom.
    b.send(ENTER);
    b.wait_for("typing");
    b.type_text("from B");
    b.send(b"\x13");
    b.wait_for("NOT SAVED");
    b.wait_for("Anna Assessor changed");
    assert_eq!(
        notes_in_db(&db),
        vec!["from A".to_string()],
        "A's text stands"
    );
    // B's words are still in its editor; saving again is B's informed choice.
    b.send(b" ");
    b.wait_until("the modal closed", |s| !s.contains("NOT SAVED"));
    assert!(b.screen().contains("from B"), "{}", b.screen());
    // Leaving the field does not put B's text over A's unasked.
    b.send(ESC);
    b.wait_for("Save your text over theirs?");
    assert_eq!(notes_in_db(&db), vec!["from A".to_string()]);
    b.send(b"y");
    b.wait_for("saved over theirs");
    assert_eq!(notes_in_db(&db), vec!["from B".to_string()]);

    // A, still on the older revision, is told in turn when it writes next: the same rating.
    a.send(ESC);
    a.send(b"r");
    a.wait_for("scoring");
    a.send(b"2");
    a.wait_for("NOT SAVED");
    a.wait_for("changed this assessment");
    assert!(
        ratings_in_db(&db).is_empty(),
        "the refused rating did not land"
    );
    a.send(b" ");
    a.wait_until("the box closed", |s| !s.contains("NOT SAVED"));
    a.send(b"2");
    // The scoring screen names every level, so wait on the database, not the screen.
    let start = std::time::Instant::now();
    while ratings_in_db(&db) != ["accomplished"] {
        assert!(start.elapsed().as_secs() < 15, "A's rating never landed");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }

    // B rates the same indicator against its older revision: refused and told.
    b.send(ESC);
    b.send(b"r");
    b.wait_for("scoring");
    b.send(b"1");
    b.wait_for("NOT SAVED");
    b.wait_for("Anna Assessor changed");
    assert_eq!(ratings_in_db(&db), vec!["accomplished".to_string()]);
    b.send(b" ");

    for p in [&mut a, &mut b] {
        p.send(CTRL_Q);
        let status = p.wait_exit();
        assert!(status.success(), "{status:?}");
    }
}
