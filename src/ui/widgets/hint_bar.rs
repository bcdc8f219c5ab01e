//! The one-line hint bar: the keys that matter here, generated from the live bindings
//! (the registry's hint flags), innermost context first, then the global ones.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::ui::app::App;
use crate::ui::keys::{Context, Key, label};

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let ctx = app.top_context();
    let text = app.contexts().iter().any(|c| c.is_text());
    let mut pairs = app.bindings.hints(ctx);
    if !ctx.is_modal() {
        // A key the screen rebinds (esc in notes) is not also listed as its global meaning.
        let global: Vec<_> = app
            .bindings
            .hints(Context::Global)
            .into_iter()
            .filter(|(k, _)| !pairs.iter().any(|(k2, _)| k2 == k))
            // In a text field printable keys are typed, so `?` is not help there.
            .filter(|(k, _)| !text || Key::parse(k).is_ok_and(Key::is_text_bindable))
            .collect();
        pairs.extend(global);
    }
    let mut spans = Vec::new();
    let mut used = 0usize;
    for (key, action) in pairs {
        let name = label(action);
        let len = key.chars().count() + name.chars().count() + 3;
        if used + len > area.width as usize {
            break;
        }
        used += len;
        spans.push(Span::styled(key, app.theme.key()));
        spans.push(Span::raw(format!(" {name}  ")));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}
