//! The status line: who and where on the left; saved / unsaved and messages on the right.
//! "● unsaved" is shown whenever typed text is not yet in the database.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::ui::app::{App, Screen};

/// Width the saved/unsaved indicator keeps on the right.
const INDICATOR: u16 = 12;

/// A message too long for the status line: it takes the hint bar's row as well (two
/// rows, wrapped), so the user reads all of it; the hints come back with the next key.
pub fn is_long(app: &App, width: u16) -> bool {
    app.status
        .as_ref()
        .is_some_and(|m| m.chars().count() > width.saturating_sub(INDICATOR) as usize)
}

pub fn render_long(app: &App, f: &mut Frame, area: Rect) {
    let [left, right] =
        Layout::horizontal([Constraint::Min(10), Constraint::Length(INDICATOR)]).areas(area);
    let msg = app.status.clone().unwrap_or_default();
    f.render_widget(
        Paragraph::new(msg).wrap(ratatui::widgets::Wrap { trim: true }),
        left,
    );
    let [_, bottom] = Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(right);
    f.render_widget(
        Paragraph::new(Line::from(save_span(app))).alignment(ratatui::layout::Alignment::Right),
        bottom,
    );
}

fn save_span(app: &App) -> Span<'static> {
    if app.unsaved() {
        Span::styled(
            format!("{} unsaved", app.theme.unsaved_sign()),
            app.theme.warn(),
        )
    } else {
        Span::styled("saved", app.theme.good())
    }
}

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let who = match &app.session {
        Some(s) => format!("{} · {}", s.centre_name, s.assessor_name),
        None => "leverup".to_string(),
    };
    let save = save_span(app);
    let ro = if app.read_only_db() {
        " [read-only db]"
    } else if app.work.as_ref().is_some_and(|w| w.finalised)
        && !matches!(app.screen(), Screen::Dossier | Screen::Cards)
    {
        // The finalised assessment is read-only; the tutor's dossier is not.
        " [read-only]"
    } else {
        ""
    };
    let msg = app.status.clone().unwrap_or_default();
    let [left, right] =
        Layout::horizontal([Constraint::Min(10), Constraint::Length(INDICATOR)]).areas(area);
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
