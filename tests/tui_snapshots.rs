//! Every screen at 80×24 with a fixed clock (and the too-small message), as text snapshots.
//! Colour is invisible in snapshots, so styles that carry meaning are asserted explicitly.

use std::cell::Cell;
use std::rc::Rc;

use chrono::{TimeZone, Utc};
use insta::assert_snapshot;
use leverup::store::Store;
use leverup::ui::testing::{fixture_model, keys, register_documented, type_text};
use leverup::ui::{App, Clock, Keymap, Theme, screens};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

fn app_with(theme: Theme) -> App {
    let clock = Rc::new(Cell::new(
        Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(),
    ));
    App::with_clock(
        Store::open_in_memory().unwrap(),
        fixture_model(),
        Keymap::default_bindings(),
        theme,
        Clock::Fixed(clock),
    )
    .with_demo_hook(Some(leverup::cli::demo_cmd::tui_demo_hook()))
}

fn app() -> App {
    app_with(Theme::default())
}

fn draw(app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| screens::render(app, f)).unwrap();
    t
}

fn screen(app: &App) -> String {
    draw(app, 80, 24).backend().to_string()
}

fn buffer(app: &App) -> Buffer {
    draw(app, 80, 24).backend().buffer().clone()
}

/// The row of the buffer that contains `needle`.
fn row_of(buf: &Buffer, needle: &str) -> u16 {
    (0..buf.area.height)
        .find(|y| {
            let line: String = (0..buf.area.width).map(|x| buf[(x, *y)].symbol()).collect();
            line.contains(needle)
        })
        .unwrap_or_else(|| panic!("{needle:?} not on screen"))
}

fn setup(app: &mut App) {
    type_text(app, "Centro Milano");
    keys(app, "tab");
    type_text(app, "Anna Assessor");
    keys(app, "enter");
}

/// A candidate documented for assessment, on the overview.
fn open_candidate(app: &mut App) {
    setup(app);
    register_documented(app, "Marco Volontario", "C01 C07 C08");
}

#[test]
fn first_run() {
    let mut a = app();
    type_text(&mut a, "Centro Mil");
    assert_snapshot!(screen(&a));
}

#[test]
fn candidates_empty_offers_demo() {
    let mut a = app();
    setup(&mut a);
    assert_snapshot!(screen(&a));
}

#[test]
fn candidates_with_demo_and_selection_marked() {
    let mut a = app();
    setup(&mut a);
    keys(&mut a, "D y down");
    let buf = buffer(&a);
    assert_snapshot!(screen(&a));
    let y = row_of(&buf, "> ");
    // The marker carries the selection, reverse video repeats it on the marker alone: a
    // restyled row would cost two rows of bytes per cursor move (issue 10).
    assert_eq!(buf[(0, y)].symbol(), ">");
    assert!(buf[(0, y)].modifier.contains(Modifier::REVERSED));
    assert!(!buf[(2, y)].modifier.contains(Modifier::REVERSED));
    // No box: the heading and the column header stand out in bold, not by a border.
    assert!(buf[(0, 0)].modifier.contains(Modifier::BOLD));
    assert!(buf[(2, 1)].modifier.contains(Modifier::BOLD));
}

#[test]
fn candidates_filtered() {
    let mut a = app();
    setup(&mut a);
    keys(&mut a, "D y /");
    type_text(&mut a, "ro");
    assert_snapshot!(screen(&a));
}

#[test]
fn overview() {
    let mut a = app();
    open_candidate(&mut a);
    assert_snapshot!(screen(&a));
}

#[test]
fn portfolio_with_failed_check_in_red() {
    let mut a = app();
    open_candidate(&mut a);
    keys(&mut a, "a m x p");
    let buf = buffer(&a);
    assert_snapshot!(screen(&a));
    let y = row_of(&buf, "Not met");
    assert_eq!(buf[(20, y)].fg, Color::Red);
}

#[test]
fn interview_typing_shows_unsaved() {
    let mut a = app();
    open_candidate(&mut a);
    keys(&mut a, "a m m m p m esc i enter");
    type_text(&mut a, "She organised the rota herself.");
    let buf = buffer(&a);
    assert_snapshot!(screen(&a));
    let y = row_of(&buf, "unsaved");
    assert_eq!(buf[(79, y)].fg, Color::Yellow);
}

#[test]
fn scoring() {
    let mut a = app();
    open_candidate(&mut a);
    keys(&mut a, "a esc r 2 1");
    assert_snapshot!(screen(&a));
}

#[test]
fn review() {
    let mut a = app();
    open_candidate(&mut a);
    keys(&mut a, "a esc r 2 1 2 esc v");
    assert_snapshot!(screen(&a));
}

#[test]
fn help_overlay() {
    let mut a = app();
    open_candidate(&mut a);
    keys(&mut a, "a esc i ?");
    assert_snapshot!(screen(&a));
}

#[test]
fn jump_menu() {
    let mut a = app();
    open_candidate(&mut a);
    keys(&mut a, "a esc i g down");
    assert_snapshot!(screen(&a));
}

#[test]
fn low_bandwidth_uses_ascii_and_markers() {
    let mut a = app_with(Theme::plain());
    open_candidate(&mut a);
    let s = screen(&a);
    assert!(s.contains('+') && s.contains("> C01"));
    assert!(!s.contains('┌'));
    assert_snapshot!(s);
}

#[test]
fn too_small() {
    let a = app();
    assert_snapshot!(draw(&a, 60, 20).backend().to_string());
}
