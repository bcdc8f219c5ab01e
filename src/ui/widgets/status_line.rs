//! The status line: who and where on the left; saved / unsaved and messages on the right.
//! "● unsaved" is shown whenever typed text is not yet in the database.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::ui::app::App;

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let who = match &app.session {
        Some(s) => format!("{} · {}", s.centre_name, s.assessor_name),
        None => "leverup".to_string(),
    };
    let save = if app.unsaved() {
        Span::styled(
            format!("{} unsaved", app.theme.unsaved_sign()),
            app.theme.warn(),
        )
    } else {
        Span::styled("saved", app.theme.good())
    };
    let ro = app
        .work
        .as_ref()
        .filter(|w| w.finalised)
        .map(|_| " [read-only]")
        .unwrap_or("");
    let msg = app.status.clone().unwrap_or_default();
    let [left, right] =
        Layout::horizontal([Constraint::Min(10), Constraint::Length(12)]).areas(area);
    // A message is what the user must read now: when it does not fit beside the centre
    // and assessor names, the names give way.
    let prefix = format!("{who}{ro} ");
    let fits = prefix.chars().count() + msg.chars().count() <= left.width as usize;
    let prefix = if fits || msg.is_empty() {
        prefix
    } else {
        ro.trim_start().to_string() + if ro.is_empty() { "" } else { " " }
    };
    let left_line = Line::from(vec![Span::styled(prefix, app.theme.dim()), Span::raw(msg)]);
    f.render_widget(Paragraph::new(left_line), left);
    f.render_widget(
        Paragraph::new(Line::from(save)).alignment(ratatui::layout::Alignment::Right),
        right,
    );
}
