//! The one-line hint bar: the keys that matter here, generated from the live bindings.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::ui::app::App;
use crate::ui::keys::Context;

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let ctx = app.contexts().first().copied().unwrap_or(Context::Global);
    let mut pairs = app.bindings.bindings_for(ctx);
    // Arrow moves are obvious; the bar is short, so it lists the rest first.
    pairs.retain(|(_, d)| {
        !matches!(
            *d,
            "up" | "down" | "page up" | "page down" | "first" | "last"
        )
    });
    pairs.extend(app.bindings.bindings_for(Context::Global));
    let mut spans = Vec::new();
    let mut used = 0usize;
    for (keys, desc) in pairs {
        let key = keys.split(", ").next().unwrap_or("").to_string();
        let len = key.chars().count() + desc.chars().count() + 3;
        if used + len > area.width as usize {
            break;
        }
        used += len;
        spans.push(Span::styled(key, app.theme.key()));
        spans.push(Span::raw(format!(" {desc}  ")));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}
