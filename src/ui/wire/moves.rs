//! The shortest way to put the terminal's cursor somewhere: an absolute position
//! (`ESC [ row ; col H`) when nothing is known, otherwise the cheapest of that and a relative
//! move (carriage return, line feed, backspace, `ESC [ n C` and friends), the way curses
//! picks its moves. Line feed and backspace are plain moves here: raw mode turns off the
//! output processing that would add a carriage return, and the cursor is never on the last
//! row when a line feed moves it down (the target is below it). A tab moves right to the
//! next multiple of 8, the stops every terminal starts with (terminfo's `it#8`, which
//! curses relies on the same way); it is used only to reach a stop left of the target, so
//! it never runs into the right margin.

use ratatui::layout::Position;

/// Where the terminal's cursor is, as far as the writer knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cursor {
    Unknown,
    At(Position),
    /// The last column of row `y` was just written. The next printed character lands at
    /// the start of row `y + 1` (auto-wrap), but where the cursor is until then differs:
    /// most terminals hold it on row `y` with the wrap pending, some have wrapped already.
    /// Only an absolute move is sure to arrive.
    Wrapped(u16),
}

/// Appends the cheapest sequence that moves the cursor from `from` to `to`.
pub fn encode(from: Cursor, to: Position, out: &mut Vec<u8>) {
    let relative = match from {
        Cursor::At(p) if p == to => return,
        Cursor::At(p) => Some(vertical(p.y, to.y) + &horizontal(p.x, to.x)),
        Cursor::Wrapped(_) | Cursor::Unknown => None,
    };
    let absolute = absolute(to);
    let best = match relative {
        Some(r) if r.len() < absolute.len() => r,
        _ => absolute,
    };
    out.extend_from_slice(best.as_bytes());
}

/// Bytes `encode` would append.
pub fn len(from: Cursor, to: Position) -> usize {
    let mut v = Vec::new();
    encode(from, to, &mut v);
    v.len()
}

fn absolute(to: Position) -> String {
    match (to.x, to.y) {
        (0, 0) => "\x1b[H".to_string(),
        (0, y) => format!("\x1b[{}H", y + 1),
        (x, y) => format!("\x1b[{};{}H", y + 1, x + 1),
    }
}

/// `ESC [ n <final>`, with the count left out when it is 1.
fn csi(n: u16, fin: char) -> String {
    if n == 1 {
        format!("\x1b[{fin}")
    } else {
        format!("\x1b[{n}{fin}")
    }
}

fn shortest(options: impl IntoIterator<Item = String>) -> String {
    options
        .into_iter()
        .min_by_key(String::len)
        .unwrap_or_default()
}

/// Moves that keep the column.
fn vertical(from: u16, to: u16) -> String {
    if to > from {
        let n = to - from;
        shortest([
            "\n".repeat(n as usize),
            csi(n, 'B'),
            format!("\x1b[{}d", to + 1),
        ])
    } else if to < from {
        shortest([csi(from - to, 'A'), format!("\x1b[{}d", to + 1)])
    } else {
        String::new()
    }
}

/// Moves that keep the row.
fn horizontal(from: u16, to: u16) -> String {
    let cha = csi(to + 1, 'G');
    if to == from {
        String::new()
    } else if to == 0 {
        "\r".to_string()
    } else if to > from {
        shortest([
            csi(to - from, 'C'),
            cha,
            format!("\r{}", csi(to, 'C')),
            tabbed(from, to),
            format!("\r{}", tabbed(0, to)),
        ])
    } else {
        let n = from - to;
        shortest([
            "\x08".repeat(n as usize),
            csi(n, 'D'),
            cha,
            format!("\r{}", csi(to, 'C')),
            format!("\r{}", tabbed(0, to)),
        ])
    }
}

/// Tabs to the last tab stop at or before `to`, then `ESC [ n C` for the rest; `from < to`.
/// When no stop lies between them, just the `ESC [ n C`.
fn tabbed(from: u16, to: u16) -> String {
    let stop = to - to % 8;
    if stop <= from {
        return csi(to - from, 'C');
    }
    let mut s = "\t".repeat(usize::from(stop / 8 - from / 8));
    if to > stop {
        s += &csi(to - stop, 'C');
    }
    s
}

/// The last tab stop at or before `x`: where a move may end before the cells up to `x` are
/// written out.
pub fn tab_stop(x: u16) -> u16 {
    x - x % 8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mv(from: Option<(u16, u16)>, to: (u16, u16)) -> String {
        let from = from.map_or(Cursor::Unknown, |p| Cursor::At(p.into()));
        let mut v = Vec::new();
        encode(from, Position::from(to), &mut v);
        String::from_utf8(v).unwrap().replace('\x1b', "^")
    }

    #[test]
    fn absolute_when_the_cursor_is_unknown() {
        assert_eq!(mv(None, (0, 0)), "^[H");
        assert_eq!(mv(None, (0, 4)), "^[5H");
        assert_eq!(mv(None, (7, 13)), "^[14;8H");
    }

    #[test]
    fn relative_when_shorter() {
        assert_eq!(mv(Some((5, 5)), (5, 5)), "");
        assert_eq!(mv(Some((1, 4)), (1, 5)), "\n");
        assert_eq!(mv(Some((3, 4)), (1, 5)), "\n\x08\x08");
        assert_eq!(mv(Some((40, 4)), (0, 5)), "\n\r");
        assert_eq!(mv(Some((10, 4)), (30, 4)), "^[20C");
        assert_eq!(mv(Some((10, 4)), (11, 4)), "^[C");
        assert_eq!(mv(Some((10, 20)), (10, 2)), "^[3d");
        assert_eq!(mv(Some((60, 20)), (2, 2)), "^[3;3H");
    }

    #[test]
    fn tabs_to_a_tab_stop() {
        assert_eq!(mv(Some((17, 4)), (32, 4)), "\t\t");
        assert_eq!(mv(Some((16, 4)), (24, 4)), "\t");
        assert_eq!(mv(Some((70, 4)), (64, 5)), "\n^[6D");
        // Past the stop, the rest is a jump: no shorter than one jump from the start.
        assert_eq!(mv(Some((3, 4)), (33, 4)), "^[30C");
        assert_eq!(mv(Some((40, 4)), (8, 5)), "\n\r\t");
    }

    #[test]
    fn after_the_last_column_only_absolute() {
        let mut v = Vec::new();
        encode(Cursor::Wrapped(3), Position::new(0, 4), &mut v);
        assert_eq!(v, b"\x1b[5H");
    }
}
