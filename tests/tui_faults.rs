//! When things go wrong, driven through the real `App` against the real store: a failing
//! autosave backs off (2, 4, 8 … 60 s) and resets on success; text refused at quit or
//! shutdown is kept in the recovery file (0600) and offered back on the next start; a
//! read-only database says so and refuses writes on the status line; an old schema that
//! cannot be upgraded read-only is refused with a message.

use std::cell::Cell;
use std::path::Path;
use std::rc::Rc;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use leverup::store::{Store, StoreError};
use leverup::ui::app::{ConfirmKind, Overlay};
use leverup::ui::msg::Msg;
use leverup::ui::testing::{fixture_model, keys, register_documented, type_text};
use leverup::ui::{App, Clock, Keymap, Theme};

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

    fn advance(&self, secs: i64) {
        self.clock.set(self.clock.get() + TimeDelta::seconds(secs));
    }
}

/// First run, a candidate claiming C07, the assessment started, the second question's note
/// open with `text` typed into it.
fn into_interview_note(h: &mut Harness, text: &str) {
    let app = &mut h.app;
    type_text(app, "C");
    keys(app, "tab");
    type_text(app, "A");
    keys(app, "enter");
    register_documented(app, "Marco", "C07");
    keys(app, "a esc i down enter");
    type_text(app, text);
}

fn note(app: &App, q: u32) -> String {
    app.work
        .as_ref()
        .and_then(|w| w.competence("c07"))
        .map(|c| c.note(q).to_string())
        .unwrap_or_default()
}

fn not_saved(app: &App) -> Option<&str> {
    match &app.overlay {
        Some(Overlay::NotSaved(m)) => Some(m),
        _ => None,
    }
}

fn recovery_file(db: &Path) -> std::path::PathBuf {
    db.with_file_name(format!(
        "{}.recovery.json",
        db.file_name().unwrap().to_string_lossy()
    ))
}

#[test]
fn failing_autosave_backs_off_and_resets_on_success() {
    let mut h = Harness::new(Store::open_in_memory().unwrap());
    into_interview_note(&mut h, "words");
    h.app.store_mut().fail_writes(true).unwrap();
    h.advance(2);
    h.app.update(Msg::Tick);
    let msg = not_saved(&h.app).expect("the first failure opens the box");
    assert!(msg.contains("read-only"), "says what failed: {msg}");
    assert!(msg.contains("permissions"), "says what to do: {msg}");
    keys(&mut h.app, "esc");
    let mut waits = Vec::new();
    for attempt in 2..=8 {
        // The loop also wakes each minute for the interview clock: count the time up to the
        // next try of the save, whatever woke the loop in between.
        let mut waited = 0;
        let tried = format!("(try {attempt};");
        while !h.app.status.as_deref().unwrap_or("").contains(&tried) {
            let wait = h.app.next_timer().expect("a wake-up is planned").as_secs();
            assert!(wait > 0, "no spin");
            waited += wait;
            h.advance(wait as i64);
            h.app.update(Msg::Tick);
            assert!(waited <= 120, "the try came: {:?}", h.app.status);
        }
        waits.push(waited);
        assert!(h.app.unsaved());
        // Later failures report on the status line; no box to dismiss again and again.
        assert!(not_saved(&h.app).is_none(), "{:?}", h.app.overlay);
        assert!(h.app.status.as_deref().unwrap().contains("next in"));
    }
    assert_eq!(waits, [2, 4, 8, 16, 32, 60, 60]);
    // The disk is fixed: the next try saves, and a new failure starts again at 2 s.
    h.app.store_mut().fail_writes(false).unwrap();
    for _ in 0..3 {
        let wait = h.app.next_timer().unwrap();
        h.advance(wait.as_secs() as i64);
        h.app.update(Msg::Tick);
    }
    assert!(!h.app.unsaved());
    assert_eq!(note(&h.app, 1), "words");
    type_text(&mut h.app, " more");
    h.app.store_mut().fail_writes(true).unwrap();
    h.advance(2);
    h.app.update(Msg::Tick);
    keys(&mut h.app, "esc");
    let next = h.app.next_timer().unwrap();
    assert!(
        next <= Duration::from_secs(2),
        "back to the first wait: {next:?}"
    );
}

#[test]
fn quit_with_a_failing_save_keeps_the_text_and_the_next_start_puts_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("quit.db");
    let mut h = Harness::new(Store::open(&db).unwrap());
    into_interview_note(&mut h, "precious words");
    h.app.store_mut().fail_writes(true).unwrap();
    keys(&mut h.app, "ctrl-q");
    assert!(!h.app.quit, "the first quit tells, it does not leave");
    let kept = recovery_file(&db);
    let msg = not_saved(&h.app).unwrap();
    assert!(msg.contains(&kept.display().to_string()), "{msg}");
    assert!(msg.contains("ctrl-q again"), "{msg}");
    let body = std::fs::read_to_string(&kept).unwrap();
    assert!(body.contains("precious words"), "{body}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&kept).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    keys(&mut h.app, "ctrl-q");
    assert!(h.app.quit, "the second quit leaves");
    drop(h);

    let mut h = Harness::new(Store::open(&db).unwrap());
    assert!(matches!(
        h.app.overlay,
        Some(Overlay::Confirm(ConfirmKind::PutBack))
    ));
    let (place, text, file) = h.app.offered_text().unwrap();
    assert!(
        place.contains("Marco") && place.contains("question 2"),
        "{place}"
    );
    assert_eq!(text, "precious words");
    assert_eq!(file, kept.display().to_string());
    keys(&mut h.app, "y");
    assert_eq!(note(&h.app, 1), "precious words");
    assert!(!kept.exists(), "the file goes once its text is saved");
    assert!(h.app.overlay.is_none());
}

#[test]
fn without_a_place_for_the_recovery_file_quit_stays_refused() {
    let mut h = Harness::new(Store::open_in_memory().unwrap());
    into_interview_note(&mut h, "precious");
    h.app.store_mut().fail_writes(true).unwrap();
    // In memory there is no folder for a recovery file: quitting stays refused.
    keys(&mut h.app, "ctrl-q");
    keys(&mut h.app, "ctrl-q");
    assert!(!h.app.quit);
    assert!(not_saved(&h.app).unwrap().contains("could not be kept"));
}

#[test]
fn shutdown_keeps_the_text_and_leaves_and_no_keeps_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("hup.db");
    let mut h = Harness::new(Store::open(&db).unwrap());
    into_interview_note(&mut h, "said on the phone");
    h.app.store_mut().fail_writes(true).unwrap();
    h.app.update(Msg::Shutdown);
    assert!(h.app.quit);
    let kept = recovery_file(&db);
    assert!(
        std::fs::read_to_string(&kept)
            .unwrap()
            .contains("said on the phone")
    );
    drop(h);

    let mut h = Harness::new(Store::open(&db).unwrap());
    keys(&mut h.app, "n");
    assert!(h.app.status.as_deref().unwrap().contains("stays in"));
    assert!(kept.exists());
    assert_eq!(note(&h.app, 1), "");
    drop(h);
    // Offered again on the next start.
    let h = Harness::new(Store::open(&db).unwrap());
    assert!(h.app.offered_text().is_some());
}

/// A database written by leverup, then made read-only (by its permission bits; root
/// ignores those when writing, but leverup honours them, so this holds for root too).
fn read_only_db(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("ro.db");
    let mut h = Harness::new(Store::open(&db).unwrap());
    into_interview_note(&mut h, "saved before");
    keys(&mut h.app, "ctrl-q");
    assert!(h.app.quit);
    drop(h);
    set_mode(&db, 0o444);
    db
}

fn set_mode(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn read_only_database_opens_read_only_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = read_only_db(dir.path());
    let store = Store::open(&db).unwrap();
    assert!(store.read_only());
    let mut h = Harness::new(store);
    let status = h.app.status.clone().unwrap();
    assert!(
        status.contains("read-only database: changes cannot be saved")
            && status.contains(&db.display().to_string()),
        "{status}"
    );
    // Back at the note it left; writing is refused on the status line, not in a box.
    assert_eq!(note(&h.app, 1), "saved before");
    keys(&mut h.app, "enter");
    assert!(h.app.editor().is_none());
    assert!(h.app.overlay.is_none());
    assert!(
        h.app
            .status
            .as_deref()
            .unwrap()
            .contains("read-only database")
    );
    keys(&mut h.app, "ctrl-q");
    assert!(h.app.quit);
    set_mode(&db, 0o600);
}

#[test]
fn read_only_database_with_an_older_schema_is_refused_not_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    drop(Store::open(&db).unwrap());
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.pragma_update(None, "user_version", 2).unwrap();
    drop(conn);
    set_mode(&db, 0o444);
    match Store::open(&db) {
        Err(e @ StoreError::ReadOnlyOldSchema { .. }) => {
            let msg = e.to_string();
            assert!(
                msg.contains("cannot be upgraded") && msg.contains("--db"),
                "{msg}"
            );
        }
        Err(e) => panic!("wrong refusal: {e}"),
        Ok(_) => panic!("an old read-only schema was opened"),
    }
    set_mode(&db, 0o600);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 2, "not modified");
}
