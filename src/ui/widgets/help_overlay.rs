//! `?` / F1: every binding of the current contexts, generated from the live bindings.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::ui::app::App;
use crate::ui::keys::Context;

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let r = super::centered(area, 76, area.height.saturating_sub(2));
    let mut lines = Vec::new();
    // The screen's own keys first (innermost context under the overlay), then global.
    let ctxs: Vec<Context> = app
        .contexts()
        .into_iter()
        .rev()
        .filter(|c| *c != Context::Help)
        .chain([Context::Global])
        .collect();
    for ctx in ctxs {
        lines.push(Line::styled(
            ctx.description().to_string(),
            app.theme.title(),
        ));
        for (_, desc, keys) in app
            .bindings
            .bindings_for(ctx)
            .into_iter()
            .filter(|(action, _, _)| app.offers(*action))
        {
            let keys = if keys.is_empty() {
                "(unbound)".to_string()
            } else {
                keys.join(", ")
            };
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys:<16}"), app.theme.key()),
                Span::raw(desc),
            ]));
        }
    }
    // Scrolled with the help's own keys; the title says when there is more below.
    let room = r.height.saturating_sub(2) as usize;
    let top = app.help_scroll.min(lines.len().saturating_sub(room));
    let more = if top + room < lines.len() {
        format!(
            ", {} for more",
            app.key(
                crate::ui::keys::Context::Help,
                crate::ui::keys::Action::Down
            )
        )
    } else {
        String::new()
    };
    let title = format!(
        " Help ({} closes{more}) ",
        app.key(
            crate::ui::keys::Context::Help,
            crate::ui::keys::Action::Close
        )
    );
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines.split_off(top)).block(app.theme.block(title)),
        r,
    );
}
