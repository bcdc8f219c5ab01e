//! End to end, the real binary in a pseudo-terminal when the database will not take
//! writes: a read-only file opens read-only and says so; a lock held by another program
//! gets the "not saved" box with the cause, the screen stays responsive, and the typed
//! text survives the quit in the recovery file and comes back on the next start.

mod pty;

use std::path::Path;
use std::time::{Duration, Instant};

use pty::*;

fn set_mode(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn read_only_database_says_so_and_refuses_writes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ro.db");
    let mut p = Pty::spawn(&db);
    set_up_candidate(&mut p);
    open_second_note(&mut p);
    p.type_text("written while writable");
    p.wait_until("the autosave", |s| {
        s.contains("saved") && !s.contains("unsaved")
    });
    p.send(CTRL_Q);
    assert!(p.wait_exit().success());

    // The file and its folder made read-only. Root may still write such a file, but
    // leverup honours the permission bits, so this runs the same as root.
    set_mode(&db, 0o444);
    set_mode(dir.path(), 0o555);
    let mut p = Pty::spawn(&db);
    p.wait_for("read-only database: changes cannot be saved");
    p.wait_for("written while writable");
    // Opening the note for typing is refused with the same words, not a box.
    p.send(ENTER);
    p.wait_for("read-only database");
    assert!(!p.screen().contains("NOT SAVED"), "{}", p.screen());
    assert!(!p.screen().contains("typing"), "{}", p.screen());
    p.send(CTRL_Q);
    assert!(p.wait_exit().success());
    set_mode(dir.path(), 0o755);
    set_mode(&db, 0o600);
    assert!(
        !dir.path().join("ro.db.recovery.json").exists(),
        "nothing was typed, nothing kept"
    );
}

#[test]
fn held_lock_keeps_the_program_responsive_and_the_text_safe() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lock.db");
    let mut p = Pty::spawn(&db);
    set_up_candidate(&mut p);
    open_second_note(&mut p);

    // Another program takes the write lock and keeps it.
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    p.type_text("held lock text");
    // 2 s idle, then the write waits 5 s for the lock before it gives up and says so.
    p.wait_until("the not-saved box naming the lock", |s| {
        s.contains("NOT SAVED") && s.contains("locked") && s.contains("close the other")
    });
    p.send(ESC);
    // Responsive while the lock is held: the retries wait for it only briefly.
    let typed = Instant::now();
    p.type_text(" more");
    p.wait_for("held lock text more");
    assert!(
        typed.elapsed() < Duration::from_secs(4),
        "typing took {:?}",
        typed.elapsed()
    );
    assert!(p.screen().contains("unsaved"));

    // Quitting cannot save: the text goes to the recovery file, and a second quit leaves.
    p.send(CTRL_Q);
    p.wait_for("again to leave");
    let kept = dir.path().join("lock.db.recovery.json");
    let body = std::fs::read_to_string(&kept).unwrap();
    assert!(body.contains("held lock text more"), "{body}");
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&kept).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    p.send(CTRL_Q);
    assert!(p.wait_exit().success());

    // The lock is gone; the next start offers the text back and saves it.
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    let mut p = Pty::spawn(&db);
    p.wait_for("Text that could not be saved was kept");
    p.wait_for("held lock text more");
    p.send(b"y");
    p.wait_for("back in its field and saved");
    p.send(CTRL_Q);
    assert!(p.wait_exit().success());
    assert!(notes_in_db(&db).contains(&"held lock text more".to_string()));
    assert!(!kept.exists());
}
