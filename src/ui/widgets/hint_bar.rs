//! The one-line hint bar: the keys that matter here, generated from the live bindings
//! (the registry's hint priorities), innermost context first, then the global ones.
//!
//! When not everything fits, the bar keeps the most important entries (priority 1, then 2,
//! then 3, each in registry order) and shows the kept ones in registry order, so the line
//! stays stable from one keystroke to the next.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::ui::app::App;
use crate::ui::keys::{Context, Hint, Key};

/// Space between entries.
const GAP: usize = 2;

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let entries = entries(app);
    let kept = fit(&entries, area.width as usize);
    let mut spans = Vec::new();
    for (h, _) in entries.iter().zip(&kept).filter(|(_, k)| **k) {
        spans.push(Span::styled(h.key.clone(), app.theme.key()));
        spans.push(Span::raw(format!(" {}{}", h.label, " ".repeat(GAP))));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The candidates: the innermost context's hints, then (unless it is modal) the global ones.
pub fn entries(app: &App) -> Vec<Hint> {
    let ctx = app.top_context();
    let mut out = app.bindings.hints(ctx);
    out.retain(|h| app.offers(h.action));
    if ctx.is_modal() {
        return out;
    }
    let text = app.contexts().iter().any(|c| c.is_text());
    let global: Vec<Hint> = app
        .bindings
        .hints(Context::Global)
        .into_iter()
        // A key the screen rebinds (esc in notes) is not also listed as its global meaning.
        .filter(|g| !out.iter().any(|h| h.key == g.key))
        // In a text field printable keys are typed, so `?` is not help there.
        .filter(|g| !text || Key::parse(&g.key).is_ok_and(Key::is_text_bindable))
        .collect();
    out.extend(global);
    out
}

/// Which entries fit in `width` columns, most important first.
pub fn fit(entries: &[Hint], width: usize) -> Vec<bool> {
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by_key(|&i| (entries[i].priority, i));
    let mut kept = vec![false; entries.len()];
    // The last entry's gap may hang off the edge.
    let mut used = 0usize;
    for i in order {
        let len = entry_len(&entries[i]);
        if used + len <= width + GAP {
            used += len;
            kept[i] = true;
        }
    }
    kept
}

fn entry_len(h: &Hint) -> usize {
    h.key.chars().count() + 1 + h.label.chars().count() + GAP
}
