//! The terminal writer (`ui::wire`) sends fewer bytes than ratatui's own backend, by writing
//! unchanged cells instead of jumps, erasing, keeping the pen and the cursor across frames.
//! Whatever it leaves out, the terminal must end up showing exactly ratatui's buffer: random
//! frames are drawn through it into a vt100 terminal emulator and compared cell by cell
//! (text, colours, attributes) and for the cursor, with VT100 line drawing on and off.

#[path = "pty/line_drawing.rs"]
mod line_drawing;

use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;

use leverup::ui::wire::WireBackend;
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::buffer::{Buffer, CellWidth};
use ratatui::layout::Size;
use ratatui::style::{Color, Modifier, Style};

const W: u16 = 24;
const H: u16 = 6;

/// The bytes written, shared with the test.
#[derive(Clone, Default)]
struct Sink(Rc<RefCell<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn styles() -> [Style; 6] {
    [
        Style::reset(),
        Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
        Style::new()
            .fg(Color::Cyan)
            .add_modifier(Modifier::BOLD | Modifier::REVERSED),
        Style::new().fg(Color::DarkGray),
        Style::new().bg(Color::Red).add_modifier(Modifier::ITALIC),
        Style::new()
            .fg(Color::Indexed(200))
            .add_modifier(Modifier::UNDERLINED),
    ]
}

/// A piece of text put somewhere in a frame.
#[derive(Debug, Clone)]
struct Put {
    x: u16,
    y: u16,
    text: String,
    style: usize,
}

#[derive(Debug, Clone)]
struct Frame {
    puts: Vec<Put>,
    cursor: Option<(u16, u16)>,
    clear: bool,
}

fn put() -> impl Strategy<Value = Put> {
    // No wide characters: overwriting half of one leaves the other half to the terminal's
    // own rules, which ratatui's diff does not follow (wide_characters covers them).
    // Borders in runs, and after them what the DEC set would change (lowercase, `-`, `0`)
    // and what it would not (a space, a capital).
    let glyph = prop::sample::select(vec![
        " ", " ", " ", "a", "b", "│", "─", "·", "─", "┌", "┘", "┼", "-", "0", "Q",
    ]);
    (
        0..W,
        0..H,
        prop::collection::vec(glyph, 1..30),
        0..styles().len(),
    )
        .prop_map(|(x, y, g, style)| Put {
            x,
            y,
            text: g.concat(),
            style,
        })
}

fn frame() -> impl Strategy<Value = Frame> {
    (
        prop::collection::vec(put(), 0..6),
        prop::option::of((0..W, 0..H)),
        prop::bool::weighted(0.1),
    )
        .prop_map(|(puts, cursor, clear)| Frame {
            puts,
            cursor,
            clear,
        })
}

/// The buffer a frame draws: the previous one's text is kept and drawn over, as screens
/// change a few things at a time.
fn draw(term: &mut Terminal<WireBackend<Sink>>, base: &mut Buffer, f: &Frame) -> Buffer {
    for p in &f.puts {
        base.set_stringn(p.x, p.y, &p.text, usize::from(W - p.x), styles()[p.style]);
    }
    if f.clear {
        term.clear().unwrap();
    }
    term.draw(|fr| {
        fr.buffer_mut().merge(base);
        if let Some(c) = f.cursor {
            fr.set_cursor_position(c);
        }
    })
    .unwrap()
    .buffer
    .clone()
}

fn vt_color(c: Color) -> vt100::Color {
    let named = [
        Color::Black,
        Color::Red,
        Color::Green,
        Color::Yellow,
        Color::Blue,
        Color::Magenta,
        Color::Cyan,
        Color::Gray,
        Color::DarkGray,
        Color::LightRed,
        Color::LightGreen,
        Color::LightYellow,
        Color::LightBlue,
        Color::LightMagenta,
        Color::LightCyan,
        Color::White,
    ];
    match c {
        Color::Reset => vt100::Color::Default,
        Color::Indexed(i) => vt100::Color::Idx(i),
        Color::Rgb(r, g, b) => vt100::Color::Rgb(r, g, b),
        c => vt100::Color::Idx(named.iter().position(|n| *n == c).unwrap() as u8),
    }
}

/// Every cell of `want` as the emulator shows it after `bytes`; the cursor where it was set.
fn assert_shows(bytes: &[u8], want: &Buffer, cursor: Option<(u16, u16)>) {
    let mut vt = vt100::Parser::new(H, W, 0);
    vt.process(&line_drawing::translate(bytes));
    let screen = vt.screen();
    for y in 0..H {
        for x in 0..W {
            let got = screen.cell(y, x).unwrap();
            let cell = &want[(x, y)];
            if got.is_wide_continuation() {
                assert_eq!(want[(x - 1, y)].symbol().cell_width(), 2, "({x},{y})");
                continue;
            }
            let at = format!("cell ({x},{y}) after {:?}", String::from_utf8_lossy(bytes));
            let text = if got.contents().is_empty() {
                " ".to_string()
            } else {
                got.contents()
            };
            assert_eq!(text, cell.symbol(), "{at}");
            assert_eq!(got.bgcolor(), vt_color(cell.bg), "bg {at}");
            let m = cell.modifier;
            // On a blank the foreground, bold and italic are invisible; terminals differ in
            // what they keep there (a wide character's orphaned half takes the pen's).
            if cell.symbol() != " " {
                assert_eq!(got.fgcolor(), vt_color(cell.fg), "fg {at}");
                assert_eq!(got.bold(), m.contains(Modifier::BOLD), "bold {at}");
                assert_eq!(got.italic(), m.contains(Modifier::ITALIC), "italic {at}");
            }
            assert_eq!(
                got.underline(),
                m.contains(Modifier::UNDERLINED),
                "underline {at}"
            );
            assert_eq!(
                got.inverse(),
                m.contains(Modifier::REVERSED),
                "inverse {at}"
            );
        }
    }
    assert_eq!(screen.hide_cursor(), cursor.is_none(), "cursor visibility");
    if let Some((x, y)) = cursor {
        assert_eq!(screen.cursor_position(), (y, x), "cursor position");
    }
}

fn terminal_with(line_drawing: bool) -> (Terminal<WireBackend<Sink>>, Sink) {
    let sink = Sink::default();
    let backend = WireBackend::with_size(sink.clone(), Size::new(W, H)).line_drawing(line_drawing);
    (Terminal::new(backend).unwrap(), sink)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn the_terminal_shows_exactly_the_buffer(
        frames in prop::collection::vec(frame(), 1..8),
        line_drawing in any::<bool>(),
    ) {
        let (mut term, sink) = terminal_with(line_drawing);
        let mut base = Buffer::empty(term.get_frame().area());
        for f in &frames {
            let shown = draw(&mut term, &mut base, f);
            assert_shows(&sink.0.borrow(), &shown, f.cursor);
        }
    }
}

fn frame_of(puts: &[(u16, u16, &str, usize)], cursor: Option<(u16, u16)>) -> Frame {
    Frame {
        puts: puts
            .iter()
            .map(|&(x, y, text, style)| Put {
                x,
                y,
                text: text.to_string(),
                style,
            })
            .collect(),
        cursor,
        clear: false,
    }
}

/// Bytes the second frame costs after the first.
fn second_frame_bytes(first: &Frame, second: &Frame) -> String {
    second_frame_bytes_with(false, first, second)
}

fn second_frame_bytes_with(line_drawing: bool, first: &Frame, second: &Frame) -> String {
    let (mut term, sink) = terminal_with(line_drawing);
    let mut base = Buffer::empty(term.get_frame().area());
    draw(&mut term, &mut base, first);
    let before = sink.0.borrow().len();
    let shown = draw(&mut term, &mut base, second);
    assert_shows(&sink.0.borrow(), &shown, second.cursor);
    String::from_utf8_lossy(&sink.0.borrow()[before..]).replace('\x1b', "^")
}

#[test]
fn an_unchanged_cell_between_two_changes_is_written_not_jumped() {
    let first = frame_of(&[(0, 2, "│Answer", 0)], None);
    let second = frame_of(&[(1, 2, "Bnswir", 0)], None);
    // "A" -> "B" and "e" -> "i": the "nsw" between is cheaper written than jumped over.
    assert_eq!(second_frame_bytes(&first, &second), "^[6DBnswi");
}

#[test]
fn nothing_changed_costs_nothing_and_no_trailer_is_sent() {
    let first = frame_of(&[(0, 0, "title", 1), (0, 1, "x", 0)], Some((3, 4)));
    assert_eq!(second_frame_bytes(&first, &first), "");
}

#[test]
fn a_typed_character_at_the_cursor_is_the_character_alone() {
    let first = frame_of(&[(0, 4, "Saturday", 0)], Some((8, 4)));
    let second = frame_of(&[(8, 4, "s", 0)], Some((9, 4)));
    assert_eq!(second_frame_bytes(&first, &second), "s");
}

#[test]
fn a_marker_move_rewrites_two_markers() {
    let rows = [(0, 1, "> Anna", 2), (0, 2, "  Bruno", 0)];
    let first = frame_of(&rows, None);
    let second = frame_of(&[(0, 1, " ", 0), (0, 2, ">", 2)], None);
    assert_eq!(second_frame_bytes(&first, &second), "^[2H \n\r^[1;7;36m>");
}

#[test]
fn a_row_blanked_to_its_end_is_one_erase() {
    let first = frame_of(&[(0, 3, "a long line of notes here", 0)], None);
    let second = frame_of(&[(2, 3, "                      ", 0)], None);
    assert_eq!(second_frame_bytes(&first, &second), "^[4;3H^[K");
}

#[test]
fn wide_characters_are_followed_by_an_absolute_move() {
    let first = frame_of(&[(2, 1, "aコb  c", 0)], None);
    let second = frame_of(&[(2, 1, "xカy", 0)], None);
    // After a wide character the next cell is placed absolutely (terminals disagree on the
    // width of some); an unchanged one is jumped over, never written out again.
    // The two blanks before it are written from the row's start (`\r` and two spaces, 3
    // bytes, against `ESC[7D`).
    assert_eq!(second_frame_bytes(&first, &second), "\r  xカ^[2;6Hy");
    let third = frame_of(&[(2, 1, "zカw", 0)], None);
    assert_eq!(second_frame_bytes(&second, &third), "\r  z^[2Cw");
}

#[test]
fn columns_on_tab_stops_are_reached_with_tabs() {
    let first = frame_of(&[], None);
    let second = frame_of(&[(2, 3, "Anna", 0), (16, 3, "ab", 0), (9, 4, "x", 0)], None);
    // From the end of "Anna" to column 16: two tabs (to 8 and 16), not `ESC[10C`; then to
    // column 9 of the next row: to its start, a tab to 8 and the blank there written out.
    assert_eq!(
        second_frame_bytes(&first, &second),
        "^[4;3HAnna\t\tab\n\r\t x"
    );
}

#[test]
fn a_run_of_border_cells_is_a_byte_a_cell_in_line_drawing() {
    let empty = frame_of(&[], None);
    let edge = frame_of(&[(0, 1, "┌──────┐", 0)], None);
    assert_eq!(
        second_frame_bytes_with(true, &empty, &edge),
        "^[2H^(0lqqqqqqk"
    );
    // Off, the same edge is UTF-8.
    assert_eq!(
        second_frame_bytes_with(false, &empty, &edge),
        "^[2H┌──────┐"
    );
}

#[test]
fn a_short_border_run_stays_utf8_and_text_after_a_run_switches_back() {
    let empty = frame_of(&[], None);
    // Two cells do not pay for two switches.
    let side = frame_of(&[(0, 1, "││ab", 0)], None);
    assert_eq!(second_frame_bytes_with(true, &empty, &side), "^[2H││ab");
    // A space and a capital print alike in both sets; a lowercase letter does not.
    let titled = frame_of(&[(0, 1, "┌──── T ──ab", 0)], None);
    assert_eq!(
        second_frame_bytes_with(true, &empty, &titled),
        "^[2H^(0lqqqq T qq^(Bab"
    );
}

#[test]
fn the_dec_set_is_entered_only_for_borders() {
    // Whatever was drawn, a frame whose last cells are text leaves ASCII in G0.
    let (mut term, sink) = terminal_with(true);
    let mut base = Buffer::empty(term.get_frame().area());
    draw(
        &mut term,
        &mut base,
        &frame_of(&[(0, 0, "┌────┐", 0)], None),
    );
    assert!(line_drawing::ends_in_dec(&sink.0.borrow()));
    draw(&mut term, &mut base, &frame_of(&[(0, 1, "ok", 0)], None));
    assert!(!line_drawing::ends_in_dec(&sink.0.borrow()));
}
