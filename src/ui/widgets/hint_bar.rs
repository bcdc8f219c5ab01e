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
    let pairs = app.bindings.hints(ctx);
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
        // Quit and help must always be visible: their room is reserved first.
        let width = area.width as usize;
        let reserved: usize = global.iter().map(|(k, a)| entry_len(k, *a)).sum();
        let mut spans = Vec::new();
        let mut used = 0usize;
        for (key, action) in pairs {
            let len = entry_len(&key, action);
            if used + len + reserved > width {
                break;
            }
            used += len;
            push(&mut spans, app, key, action);
        }
        for (key, action) in global {
            if used + entry_len(&key, action) <= width {
                used += entry_len(&key, action);
                push(&mut spans, app, key, action);
            }
        }
        f.render_widget(Paragraph::new(Line::from(spans)), area);
        return;
    }
    let mut spans = Vec::new();
    let mut used = 0usize;
    for (key, action) in pairs {
        let len = entry_len(&key, action);
        if used + len > area.width as usize {
            break;
        }
        used += len;
        push(&mut spans, app, key, action);
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn entry_len(key: &str, action: crate::ui::keys::Action) -> usize {
    key.chars().count() + label(action).chars().count() + 3
}

fn push<'a>(spans: &mut Vec<Span<'a>>, app: &App, key: String, action: crate::ui::keys::Action) {
    spans.push(Span::styled(key, app.theme.key()));
    spans.push(Span::raw(format!(" {}  ", label(action))));
}
