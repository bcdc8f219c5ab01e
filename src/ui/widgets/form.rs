//! Draws a `Form`: labelled single-line fields, the focused one marked with `>` and a cursor.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::ui::form::Form;
use crate::ui::theme::Theme;

/// `keys_line` names the live keys, e.g. "tab next field · enter submit".
pub fn render(theme: &Theme, form: &Form, keys_line: &str, f: &mut Frame, area: Rect) {
    let mut lines = Vec::new();
    let mut cursor = None;
    for (i, (label, help, value)) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        lines.push(Line::from(vec![
            Span::raw(theme.marker(focused)),
            Span::styled(format!("{label}: "), theme.title()),
            Span::raw(value.clone()),
        ]));
        if focused {
            let x =
                area.x + 1 + 2 + label.chars().count() as u16 + 2 + value.chars().count() as u16;
            cursor = Some(Position::new(x, area.y + 1 + lines.len() as u16 - 1));
        }
        // The reason replaces the help line, so the box never grows or re-flows.
        match form.refusal(i) {
            Some(why) => lines.push(Line::styled(
                format!("    {} {why}", theme.warn_sign()),
                theme.bad(),
            )),
            None => lines.push(Line::styled(format!("    {help}"), theme.dim())),
        }
    }
    lines.push(Line::raw(""));
    if let Some(e) = &form.error {
        lines.push(Line::styled(
            format!("{} {e}", theme.warn_sign()),
            theme.bad(),
        ));
    } else {
        lines.push(Line::styled(keys_line, theme.dim()));
    }
    f.render_widget(Clear, area);
    f.render_widget(
        Paragraph::new(lines).block(theme.block(format!(" {} ", form.title))),
        area,
    );
    if let Some(p) = cursor
        && area.contains(p)
    {
        f.set_cursor_position(p);
    }
}
