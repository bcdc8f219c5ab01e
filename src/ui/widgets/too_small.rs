//! What replaces the layout below 80×24: a clear message, never a broken layout.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Paragraph, Wrap};

pub fn render(f: &mut Frame, area: Rect, quit: &str) {
    let msg = format!(
        "terminal too small (needs 80×24, now {}×{})\nenlarge the window; {quit} quits",
        area.width, area.height
    );
    f.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), area);
}
