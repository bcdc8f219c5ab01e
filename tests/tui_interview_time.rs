//! Interview time (paradata, DOMAIN.md D7) is recorded as it runs, not only on leaving the
//! competence: once a minute while the interview screen is open and on every save, so a
//! crash (kill -9) loses less than a minute of it, and nothing is counted twice. The real
//! `App` with a fixed clock the tests move, against the real store.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use leverup::store::Store;
use leverup::ui::msg::Msg;
use leverup::ui::testing::{fixture_model, keys, register_documented, type_text};
use leverup::ui::{App, Clock, Keymap, Screen, Theme};

struct Harness {
    app: App,
    clock: Rc<Cell<DateTime<Utc>>>,
}

impl Harness {
    /// A candidate claiming C07, the assessment started, the interview screen open.
    fn on_interview() -> Harness {
        let clock = Rc::new(Cell::new(
            Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(),
        ));
        let mut app = App::with_clock(
            Store::open_in_memory().unwrap(),
            fixture_model(),
            Keymap::default_bindings(),
            Theme::plain(),
            Clock::Fixed(clock.clone()),
        );
        type_text(&mut app, "C");
        keys(&mut app, "tab");
        type_text(&mut app, "A");
        keys(&mut app, "enter");
        register_documented(&mut app, "X", "C07");
        keys(&mut app, "a esc i");
        assert_eq!(app.screen(), Screen::Interview);
        Harness { app, clock }
    }

    fn advance(&self, secs: i64) {
        self.clock.set(self.clock.get() + TimeDelta::seconds(secs));
    }

    /// What the loop does when `next_timer` runs out: move the clock there and tick.
    fn wait_for_timer(&mut self) -> Duration {
        let wait = self
            .app
            .next_timer()
            .expect("a timer on the interview screen");
        self.advance(wait.as_secs() as i64);
        self.app.update(Msg::Tick);
        wait
    }

    /// The seconds for C07 in the database, not in the app's memory: what survives kill -9.
    fn recorded(&self) -> i64 {
        let id = &self.app.work.as_ref().unwrap().id;
        let state = self.app.store().load_state(id, &self.app.model).unwrap();
        state.competence("c07").unwrap().seconds
    }
}

#[test]
fn time_is_recorded_every_minute_on_the_interview() {
    let mut h = Harness::on_interview();
    assert_eq!(h.app.next_timer(), Some(Duration::from_secs(60)));
    h.advance(59);
    h.app.update(Msg::Tick);
    assert_eq!(h.recorded(), 0, "recorded before the minute was full");
    assert_eq!(h.app.next_timer(), Some(Duration::from_secs(1)));
    h.advance(1);
    h.app.update(Msg::Tick);
    assert_eq!(h.recorded(), 60);
    // The stretch starts again where it was recorded: the next minute, not more often.
    assert_eq!(h.wait_for_timer(), Duration::from_secs(60));
    assert_eq!(h.recorded(), 120);
    // 5 s more are shown but not yet recorded; a crash now loses only those.
    h.advance(5);
    assert_eq!(h.app.elapsed_seconds("c07"), 125);
    assert_eq!(h.recorded(), 120);
}

/// The bug this fixes: 65 s shown on the interview, 0 in the database after kill -9.
#[test]
fn a_crash_after_a_minute_on_the_interview_keeps_the_minute() {
    let mut h = Harness::on_interview();
    h.wait_for_timer();
    h.advance(5);
    assert_eq!(h.app.elapsed_seconds("c07"), 65);
    // kill -9: no quit, no shutdown; only what is in the database is left.
    let store = h.app.into_store();
    let reopened = App::with_clock(
        store,
        fixture_model(),
        Keymap::default_bindings(),
        Theme::plain(),
        Clock::Fixed(h.clock.clone()),
    );
    let c07 = reopened.work.as_ref().unwrap().competence("c07").unwrap();
    assert_eq!(c07.seconds, 60);
}

#[test]
fn every_save_records_the_time_without_counting_it_twice() {
    let mut h = Harness::on_interview();
    h.advance(30);
    keys(&mut h.app, "enter");
    type_text(&mut h.app, "first answer");
    keys(&mut h.app, "ctrl-s");
    assert_eq!(h.recorded(), 30, "ctrl-s");
    h.advance(20);
    type_text(&mut h.app, ", more");
    // The autosave 2 s after the last key is a save too.
    assert_eq!(h.wait_for_timer(), Duration::from_secs(2));
    assert!(!h.app.unsaved());
    assert_eq!(h.recorded(), 52, "autosave");
    // The minute timer counts from the last record, not from entering the screen.
    assert_eq!(h.wait_for_timer(), Duration::from_secs(60));
    assert_eq!(h.recorded(), 112);
    h.advance(8);
    keys(&mut h.app, "esc ctrl-q");
    assert!(h.app.quit);
    assert_eq!(h.recorded(), 120, "quit adds only the last stretch");
}

/// A failing write neither loses the stretch nor retries in a spin: the next minute
/// records all of it.
#[test]
fn a_failed_time_write_is_recorded_a_minute_later() {
    let mut h = Harness::on_interview();
    h.app.store_mut().fail_writes(true).unwrap();
    h.wait_for_timer();
    // Nothing is lost (the stretch keeps running), so no box is put in the way.
    assert!(h.app.overlay.is_none(), "{:?}", h.app.overlay);
    assert_eq!(h.recorded(), 0);
    h.app.store_mut().fail_writes(false).unwrap();
    assert_eq!(h.app.next_timer(), Some(Duration::from_secs(60)));
    h.wait_for_timer();
    assert!(h.app.overlay.is_none(), "{:?}", h.app.overlay);
    assert_eq!(h.recorded(), 120);
}
