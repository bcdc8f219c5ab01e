//! What the terminal shows (a copy of every cell sent), where its cursor is and which pen
//! it draws with, and how a frame's changed cells are sent from there with the fewest
//! bytes:
//! - an unchanged stretch between two changes is written out again when that is shorter
//!   than jumping over it (`│Answ` + `r` instead of `│Answ` + `ESC[14;8H` + `r`), and so
//!   are the cells before a change from the row's start or from a tab stop, when a
//!   carriage return or a tab and those cells are shorter than the jump (`\n\r  ` instead
//!   of `\n` + `ESC[3G`); a column on a tab stop is reached by tabs (`moves`);
//! - a change that blanks the rest of a row is one erase-to-end-of-line, a longer run of
//!   blanks one erase-characters;
//! - the pen and the cursor are changed only when the next cell needs it, and nothing is
//!   reset at the end of a frame: the next frame starts from what the terminal has;
//! - a row written to its last column runs on into the next one (the terminal's own
//!   wrap), so a frame's rows follow each other without moves;
//! - with line drawing on, a run of border cells goes out in the DEC set, a byte a cell
//!   (`charset`), and the set is switched back before the first character it would change.

use ratatui::buffer::{Buffer, Cell, CellDiffOption, CellWidth};
use ratatui::layout::{Position, Rect};

use super::charset::{self, Charset};
use super::moves::{self, Cursor};
use super::sgr::{self, Pen};

/// The longest unchanged stretch worth writing out instead of a jump: the longest jump
/// (`ESC[24;80H`) is 8 bytes, so a longer stretch never pays.
const MAX_GAP: u16 = 10;

#[derive(Debug)]
pub struct Screen {
    cells: Buffer,
    pen: Pen,
    /// Unknown at the start and after a character of uncertain width.
    cursor: Cursor,
    /// False once something changed the terminal that the copy did not follow (a partial
    /// clear, appended lines); no unchanged cell is then written out again until a clear.
    known: bool,
    /// Whether runs of border cells may be sent as VT100 line drawing.
    line_drawing: bool,
    /// What G0 holds: ASCII at the start, as every program leaves it.
    charset: Charset,
}

impl Screen {
    /// A blank screen, as after the alternate screen is entered or the terminal is cleared.
    pub fn blank(area: Rect) -> Screen {
        Screen {
            cells: Buffer::empty(area),
            pen: Pen::DEFAULT,
            cursor: Cursor::Unknown,
            known: true,
            line_drawing: false,
            charset: Charset::Ascii,
        }
    }

    pub fn set_line_drawing(&mut self, on: bool) {
        self.line_drawing = on;
    }

    /// Where the cursor is, when known.
    pub fn cursor(&self) -> Option<Position> {
        match self.cursor {
            Cursor::At(p) => Some(p),
            _ => None,
        }
    }

    /// The terminal was cleared (with the default pen; see `reset_pen`) and may have a new
    /// size; the cursor did not move.
    pub fn cleared(&mut self, area: Rect) {
        self.cells = Buffer::empty(area);
        self.known = true;
    }

    /// Something outside this copy's knowledge changed the terminal.
    pub fn forget(&mut self) {
        self.known = false;
        self.cursor = Cursor::Unknown;
    }

    pub fn reset_pen(&mut self, out: &mut Vec<u8>) {
        self.set_pen(Pen::DEFAULT, out);
    }

    pub fn move_cursor(&mut self, to: Position, out: &mut Vec<u8>) {
        moves::encode(self.cursor, to, out);
        self.cursor = Cursor::At(to);
    }

    /// Sends a frame's changed cells (ratatui's diff, in row order).
    pub fn draw<'a>(
        &mut self,
        content: impl Iterator<Item = (u16, u16, &'a Cell)>,
        out: &mut Vec<u8>,
    ) {
        let mut changed = Vec::new();
        for (x, y, cell) in content {
            let p = Position { x, y };
            if self.cells.area.contains(p) {
                self.cells[p] = cell.clone();
                changed.push(p);
            } else {
                // Not on the screen as we know it: sent as it is, from an absolute position.
                self.cursor = Cursor::Unknown;
                self.move_cursor(p, out);
                self.put(cell.clone(), out);
                self.cursor = Cursor::Unknown;
            }
        }
        let mut i = 0;
        while i < changed.len() {
            let p = changed[i];
            self.reach(p, out);
            i = match self.erase(&changed, i, out) {
                Some(next) => next,
                None => {
                    self.enter_dec(&changed, i, out);
                    self.put(self.cells[p].clone(), out);
                    i + 1
                }
            };
        }
    }

    fn set_pen(&mut self, pen: Pen, out: &mut Vec<u8>) {
        sgr::encode(self.pen, pen, out);
        self.pen = pen;
    }

    /// Switches to the DEC set when change `i` starts a run of border cells long enough to
    /// pay for the switches: changes on consecutive cells (across a row's end too), each a
    /// border character.
    fn enter_dec(&mut self, changed: &[Position], i: usize, out: &mut Vec<u8>) {
        if !self.line_drawing || self.charset == Charset::Dec {
            return;
        }
        let border = |p: Position| {
            ordinary(&self.cells[p]) && charset::dec_byte(self.cells[p].symbol()).is_some()
        };
        let mut run = 0;
        let mut at = changed[i];
        for &p in &changed[i..] {
            if p != at || !border(p) {
                break;
            }
            run += 1;
            at = match self.past(p) {
                Cursor::At(next) => next,
                _ => Position {
                    x: self.cells.area.x,
                    y: p.y + 1,
                },
            };
        }
        if run >= charset::MIN_RUN {
            out.extend_from_slice(charset::TO_DEC);
            self.charset = Charset::Dec;
        }
    }

    /// Writes `cell` at the cursor and moves the cursor on as the terminal does.
    fn put(&mut self, cell: Cell, out: &mut Vec<u8>) {
        self.set_pen(Pen::of(&cell), out);
        let symbol = cell.symbol();
        match (self.charset, charset::dec_byte(symbol)) {
            (Charset::Dec, Some(byte)) => out.push(byte),
            (Charset::Dec, None) if charset::same_in_dec(symbol) => {
                out.extend_from_slice(symbol.as_bytes())
            }
            (Charset::Dec, None) => {
                out.extend_from_slice(charset::TO_ASCII);
                self.charset = Charset::Ascii;
                out.extend_from_slice(symbol.as_bytes());
            }
            (Charset::Ascii, _) => out.extend_from_slice(symbol.as_bytes()),
        }
        let at = match self.cursor {
            Cursor::At(p) => p,
            Cursor::Wrapped(y) => Position { x: 0, y: y + 1 },
            Cursor::Unknown => return,
        };
        let width = symbol.cell_width();
        let x = at.x + width;
        // Only a single narrow character moves the cursor by a width every terminal agrees
        // on; after anything else the next cell is placed absolutely.
        self.cursor = if width != 1 || symbol.chars().count() != 1 {
            Cursor::Unknown
        } else if x < self.cells.area.right() {
            Cursor::At(Position { x, y: at.y })
        } else {
            Cursor::Wrapped(at.y)
        };
    }

    /// Whether the next printed character lands on `to` without a move: after the last
    /// column, the start of the next row.
    fn lands_on(&self, to: Position) -> bool {
        match self.cursor {
            Cursor::At(p) => p == to,
            Cursor::Wrapped(y) => to.x == self.cells.area.x && to.y == y + 1,
            Cursor::Unknown => false,
        }
    }

    /// Puts the cursor on `to`: by a move, or by writing out the unchanged cells before it
    /// on its row, from the cursor or after a move to the row's start or to the tab stop
    /// before `to` (`\n\r  ` rather than `\n ESC[3G`), whichever costs least (counting the
    /// pen change each leaves for the cell at `to`).
    fn reach(&mut self, to: Position, out: &mut Vec<u8>) {
        if self.lands_on(to) {
            return;
        }
        let wanted = Pen::of(&self.cells[to]);
        let (pen, cursor, set) = (self.pen, self.cursor, self.charset);
        let mut best: Option<(usize, Vec<u8>, Pen, Charset)> = None;
        let mut anchors = vec![];
        if let Cursor::At(from) = cursor {
            anchors.push(from);
        }
        let row_start = Position {
            x: self.cells.area.x,
            y: to.y,
        };
        let stop = Position {
            x: moves::tab_stop(to.x).max(row_start.x),
            y: to.y,
        };
        anchors.extend([stop, row_start]);
        for anchor in anchors {
            let Some(gap) = self.gap(anchor, to) else {
                continue;
            };
            let mut written = Vec::new();
            // No move when the next character lands there (after a row's last column,
            // the next row's start).
            let written_here = self.lands_on(anchor);
            if !written_here {
                moves::encode(cursor, anchor, &mut written);
                self.cursor = Cursor::At(anchor);
            }
            for cell in gap {
                self.put(cell, &mut written);
            }
            // Written from a move, it must be shorter than the move to `to` itself; from the
            // cursor, as short (the same bytes, and no move: as it always was).
            let cost = written.len() + sgr::len(self.pen, wanted) + usize::from(!written_here);
            if self.cursor == Cursor::At(to) && best.as_ref().is_none_or(|b| cost < b.0) {
                best = Some((cost, written, self.pen, self.charset));
            }
            self.pen = pen;
            self.cursor = cursor;
            self.charset = set;
        }
        let jump = moves::len(cursor, to) + sgr::len(pen, wanted);
        match best {
            Some((fill, written, pen, set)) if fill <= jump => {
                out.extend_from_slice(&written);
                self.pen = pen;
                self.charset = set;
                self.cursor = Cursor::At(to);
            }
            _ => self.move_cursor(to, out),
        }
    }

    /// The unchanged cells from `from` up to `to` when they may be written out again: a
    /// short stretch on the same row of single narrow characters, not starting inside a
    /// wide one.
    fn gap(&self, from: Position, to: Position) -> Option<Vec<Cell>> {
        if !self.known || from.y != to.y || to.x <= from.x || to.x - from.x > MAX_GAP {
            return None;
        }
        if from.x > self.cells.area.x && self.cells[(from.x - 1, from.y)].symbol().cell_width() > 1
        {
            return None;
        }
        let cells: Vec<Cell> = (from.x..to.x)
            .map(|x| self.cells[(x, to.y)].clone())
            .collect();
        cells
            .iter()
            .all(|c| ordinary(c) && c.symbol().cell_width() == 1 && c.symbol().chars().count() == 1)
            .then_some(cells)
    }

    /// At a changed cell that becomes blank: erases the stretch of blanks it starts (to
    /// the end of the row, or with one erase-characters up to the stretch's last change)
    /// when that is shorter than writing the spaces. Blanks left unchanged inside the
    /// stretch are erased again, harmlessly, so the words of an old line go in one erase.
    /// Returns the index of the next change to send.
    fn erase(&mut self, changed: &[Position], i: usize, out: &mut Vec<u8>) -> Option<usize> {
        let p = changed[i];
        // Erasing happens where the cursor is, not where the next character would land.
        if !self.known || !is_blank(&self.cells[p]) || self.cursor != Cursor::At(p) {
            return None;
        }
        let right = self.cells.area.right();
        let blank_to = (p.x..right)
            .find(|&x| !is_blank(&self.cells[(x, p.y)]))
            .unwrap_or(right);
        let covered = changed[i..]
            .iter()
            .take_while(|c| c.y == p.y && c.x < blank_to)
            .count();
        let last = changed[i + covered - 1];
        let next = i + covered;
        let erase = if blank_to == right {
            "\x1b[K".to_string()
        } else {
            format!("\x1b[{}X", last.x - p.x + 1)
        };
        let erasing = erase.len() + self.to_next(changed, next, Cursor::At(p));
        let writing = usize::from(last.x - p.x + 1) + self.to_next(changed, next, self.past(last));
        if erasing >= writing {
            return None;
        }
        self.reset_pen(out);
        out.extend_from_slice(erase.as_bytes());
        Some(next)
    }

    /// The cursor after writing a narrow character at `p`.
    fn past(&self, p: Position) -> Cursor {
        if p.x + 1 < self.cells.area.right() {
            Cursor::At(Position { x: p.x + 1, ..p })
        } else {
            Cursor::Wrapped(p.y)
        }
    }

    /// Bytes to move from `from` to change `next`, if there is one.
    fn to_next(&self, changed: &[Position], next: usize, from: Cursor) -> usize {
        changed.get(next).map_or(0, |&to| match from {
            Cursor::Wrapped(y) if to.x == self.cells.area.x && to.y == y + 1 => 0,
            c => moves::len(c, to),
        })
    }
}

/// A space in the default pen: what an erase leaves behind.
fn is_blank(cell: &Cell) -> bool {
    cell.symbol() == " " && Pen::of(cell) == Pen::DEFAULT && ordinary(cell)
}

/// A cell ratatui draws like any other (not skipped, not forced to a width).
#[allow(deprecated)] // `skip` is still honoured by ratatui's diff
fn ordinary(cell: &Cell) -> bool {
    cell.diff_option == CellDiffOption::None && !cell.skip
}
