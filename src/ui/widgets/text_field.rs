//! A text field (ratatui-textarea) in its box, with the terminal's own cursor at the
//! insertion point. The textarea's drawn cursor is a reverse-video cell that has to be
//! redrawn, with its attributes, on every keystroke; the terminal's cursor costs nothing
//! when it already stands where the next character lands (`Editor::new` turns the drawn
//! one off).

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::widgets::Block;
use ratatui_textarea::TextArea;

pub fn render(f: &mut Frame, field: &TextArea<'static>, block: Block<'static>, area: Rect) {
    let mut ta = field.clone();
    ta.set_block(block);
    f.render_widget(&ta, area);
    // Known once drawn: where the cursor is in the wrapped text, and the text's scroll.
    let inner = ta.block().map_or(area, |b| b.inner(area));
    let at = ta.screen_cursor();
    let (top, left) = ta.scroll_offset();
    let row = u16::try_from(at.row)
        .unwrap_or(u16::MAX)
        .saturating_sub(top);
    let col = u16::try_from(at.col)
        .unwrap_or(u16::MAX)
        .saturating_sub(left);
    // At the end of a full line the insertion point is just past the box: show it on the
    // last column rather than on the border.
    let p = Position::new(
        inner.x + col.min(inner.width.saturating_sub(1)),
        inner.y.saturating_add(row),
    );
    if inner.contains(p) {
        f.set_cursor_position(p);
    }
}
