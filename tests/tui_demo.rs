//! Issue 8, "when things go wrong", for the demo in the TUI: `D` is offered (hint bar and
//! key) only on a new or demo database and asks first; the sign-off's "issue the records"
//! never signs a demo record. The real `App` and the real store (in memory).

use std::cell::Cell;
use std::rc::Rc;

use chrono::{DateTime, TimeZone, Utc};
use leverup::cli::demo_cmd::tui_demo_hook;
use leverup::cli::export_badges::tui_issue_hook;
use leverup::export::badge::signing::SigningKey;
use leverup::store::{ResultFilter, Store};
use leverup::ui::app::{ConfirmKind, Overlay};
use leverup::ui::keys::Action;
use leverup::ui::testing::{fixture_model, keys, register_documented, type_text};
use leverup::ui::widgets::hint_bar;
use leverup::ui::{App, Clock, Keymap, Screen, Theme};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()
}

/// After the first run, on the candidate list, with `D` wired as the binary wires it.
fn app() -> App {
    let mut a = App::with_clock(
        Store::open_in_memory().unwrap(),
        fixture_model(),
        Keymap::default_bindings(),
        Theme::plain(),
        Clock::Fixed(Rc::new(Cell::new(now()))),
    )
    .with_demo_hook(Some(tui_demo_hook()));
    type_text(&mut a, "Centro Milano");
    keys(&mut a, "tab");
    type_text(&mut a, "Anna Assessor");
    keys(&mut a, "enter");
    a
}

fn offers_demo(a: &App) -> bool {
    hint_bar::entries(a)
        .iter()
        .any(|h| h.action == Action::LoadDemo)
}

fn total(a: &App) -> usize {
    a.view.list().map_or(usize::MAX, |l| l.total)
}

fn screen(a: &App) -> String {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    t.draw(|f| leverup::ui::screens::render(a, f)).unwrap();
    t.backend().to_string()
}

#[test]
fn d_is_not_offered_and_does_nothing_with_real_candidates() {
    let mut a = app();
    register_documented(&mut a, "Marco Reale", "C01");
    keys(&mut a, "esc");
    assert_eq!(a.screen(), Screen::Candidates);
    assert_eq!(total(&a), 1);
    assert!(!offers_demo(&a), "{:?}", hint_bar::entries(&a));
    assert!(!screen(&a).contains("D demo"));
    keys(&mut a, "?");
    let help = screen(&a);
    assert!(help.contains("Help ("), "{help}");
    assert!(!help.contains("load the demo candidates"), "{help}");
    keys(&mut a, "esc");
    keys(&mut a, "D");
    assert!(a.overlay.is_none(), "no question, nothing to say yes to");
    keys(&mut a, "y");
    assert_eq!(total(&a), 1, "no demo candidates beside the real one");
    assert!(
        a.status
            .clone()
            .unwrap_or_default()
            .contains("real candidates"),
        "{:?}",
        a.status
    );
}

#[test]
fn d_on_a_new_database_asks_first_and_again_on_a_demo_one() {
    let mut a = app();
    assert!(offers_demo(&a));
    keys(&mut a, "?");
    assert!(screen(&a).contains("load the demo candidates"));
    keys(&mut a, "esc");
    keys(&mut a, "D");
    assert!(matches!(
        a.overlay,
        Some(Overlay::Confirm(ConfirmKind::LoadDemo))
    ));
    assert!(screen(&a).contains("Load the demo"));
    keys(&mut a, "n");
    assert!(a.overlay.is_none());
    assert_eq!(total(&a), 0, "a no loads nothing");

    keys(&mut a, "D y");
    let loaded = total(&a);
    assert!(loaded > 0, "{:?}", a.status);
    // A demo database may take another demo, but only after a yes again.
    assert!(offers_demo(&a));
    keys(&mut a, "D");
    assert!(matches!(
        a.overlay,
        Some(Overlay::Confirm(ConfirmKind::LoadDemo))
    ));
    keys(&mut a, "esc");
    assert_eq!(total(&a), loaded);
}

#[test]
fn issuing_records_for_a_demo_assessment_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let key_path = dir.path().join("centre.pem");
    SigningKey::generate().save(&key_path, false).unwrap();
    let out = dir.path().join("certificates");
    let model = fixture_model();
    let mut store = Store::open_in_memory().unwrap();
    leverup::demo::generate(&mut store, &model, 40, 3, now()).unwrap();
    store
        .set_state("issuer.url", "https://centre.example.org")
        .unwrap();
    store
        .set_state("issuer.email", "info@centre.example.org")
        .unwrap();
    let ids = store
        .certifiable_assessments(&ResultFilter::default())
        .unwrap();
    // One without a certificate yet, so issuing would have written a certificate row.
    let id = ids
        .iter()
        .find(|id| {
            store
                .load_assessment(id)
                .unwrap()
                .certificates
                .iter()
                .all(|c| c.revoked_at.is_some())
        })
        .or(ids.first())
        .expect("a certifiable demo assessment")
        .clone();
    let certificates_before = store.load_assessment(&id).unwrap().certificates.len();
    let mut issue = tui_issue_hook(model, key_path, out.clone());
    let err = issue(&mut store, &id, "someone").expect_err("refused");
    assert!(err.contains("demo"), "{err}");
    assert!(!out.exists() || std::fs::read_dir(&out).unwrap().next().is_none());
    assert_eq!(
        store.load_assessment(&id).unwrap().certificates.len(),
        certificates_before
    );
}
