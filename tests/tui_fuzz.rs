//! Random key scripts against the real `App` on the real store (in memory): whatever is
//! pressed, nothing panics, what the screen holds is what the database holds, and a
//! finalised assessment breaks no rule of the procedure.

use std::cell::Cell;
use std::rc::Rc;

use chrono::{TimeDelta, TimeZone, Utc};
use leverup::domain::invariants::violations;
use leverup::store::Store;
use leverup::ui::msg::Msg;
use leverup::ui::testing::{fixture_model, keys, register_documented, type_text};
use leverup::ui::{App, Clock, Keymap, Theme};
use proptest::prelude::*;

/// Every key any screen binds, plus typing: enough to reach every command.
const VOCABULARY: &[&str] = &[
    "up",
    "down",
    "left",
    "right",
    "enter",
    "esc",
    "tab",
    "shift-tab",
    "ctrl-s",
    "f2",
    "f3",
    "f4",
    "f5",
    "?",
    "a",
    "b",
    "c",
    "d",
    "e",
    "f",
    "g",
    "i",
    "j",
    "m",
    "n",
    "o",
    "p",
    "r",
    "s",
    "t",
    "u",
    "v",
    "x",
    "y",
    "0",
    "1",
    "2",
    "3",
    "[",
    "]",
    "space",
    "backspace",
    "pgdn",
    "home",
    "end",
];

fn script() -> impl Strategy<Value = Vec<(usize, bool)>> {
    // (key index, whether the clock moves 3 s first: lets autosave and interview time run)
    prop::collection::vec((0..VOCABULARY.len(), any::<bool>()), 1..80)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_keys_never_break_the_rules_or_the_database(script in script()) {
        let clock = Rc::new(Cell::new(Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()));
        let model = fixture_model();
        let mut app = App::with_clock(
            Store::open_in_memory().unwrap(),
            model.clone(),
            Keymap::default_bindings(),
            Theme::plain(),
            Clock::Fixed(clock.clone()),
        );
        type_text(&mut app, "Centro");
        keys(&mut app, "tab");
        type_text(&mut app, "Anna");
        keys(&mut app, "enter");
        register_documented(&mut app, "Marco", "C01 C07");
        keys(&mut app, "a");
        let id = app.work.as_ref().map(|w| w.id.clone());
        prop_assert!(id.is_some());
        let id = id.unwrap_or_default();
        for (k, tick) in script {
            if tick {
                clock.set(clock.get() + TimeDelta::seconds(3));
                app.update(Msg::Tick);
            }
            keys(&mut app, VOCABULARY[k]);
        }
        app.update(Msg::Shutdown);
        // The database's assessment breaks no rule, whatever screen the keys ended on; and
        // when it is still on screen, the screen shows what the database holds.
        let stored = app.store().load_state(&id, &model).unwrap();
        let today = clock.get().date_naive();
        prop_assert!(
            violations(&stored, &model, today).is_empty(),
            "{:?}",
            violations(&stored, &model, today)
        );
        if let Some(shown) = app.work.as_ref().filter(|w| w.id == id) {
            prop_assert_eq!(&stored.competences, &shown.competences);
            prop_assert_eq!(stored.finalised, shown.finalised);
        }
    }
}
