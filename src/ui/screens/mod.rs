//! Rendering: a pure function of `&App` into a frame. The frame is the screen's body, then
//! the hint bar and the status line; overlays sit on top. Below 80×24 only a message.
//!
//! Must not mutate state or reach the store.

pub mod candidates;
pub mod cards;
pub mod dossier;
pub mod dossier_lists;
pub mod first_run;
pub mod interview;
pub mod overview;
pub mod portfolio;
pub mod review;
pub mod scoring;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

use super::app::{App, Overlay, Screen};
use super::theme::Theme;
use super::widgets;

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

pub fn render(app: &App, f: &mut Frame) {
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let quit = app.key(
            crate::ui::keys::Context::Global,
            crate::ui::keys::Action::Quit,
        );
        return widgets::too_small::render(f, area, &quit);
    }
    let [body, hints, status] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    match app.screen() {
        Screen::FirstRun => first_run::render(app, f, body),
        Screen::Candidates => candidates::render(app, f, body),
        Screen::Overview => overview::render(app, f, body),
        Screen::Portfolio => portfolio::render(app, f, body),
        Screen::Interview => interview::render(app, f, body),
        Screen::Scoring => scoring::render(app, f, body),
        Screen::Review => review::render(app, f, body),
        Screen::Dossier => dossier::render(app, f, body),
        Screen::Cards => cards::render(app, f, body),
    }
    if widgets::status_line::is_long(app, status.width) {
        widgets::status_line::render_long(app, f, hints.union(status));
    } else {
        widgets::hint_bar::render(app, f, hints);
        widgets::status_line::render(app, f, status);
    }
    match &app.overlay {
        Some(Overlay::Help) => widgets::help_overlay::render(app, f, body),
        Some(Overlay::Jump { cursor }) => widgets::jump_menu::render(app, *cursor, f, body),
        Some(Overlay::PickPerson { people, cursor }) => {
            widgets::jump_menu::render_people(app, people, *cursor, f, body)
        }
        Some(Overlay::PickAssessor { assessors, cursor }) => {
            widgets::jump_menu::render_assessors(app, assessors, *cursor, f, body)
        }
        Some(Overlay::PickTutor { tutors, cursor }) => {
            widgets::jump_menu::render_tutors(app, tutors, *cursor, f, body)
        }
        Some(Overlay::Confirm(kind)) => widgets::confirm::render_confirm(app, *kind, f, body),
        Some(Overlay::NotSaved(msg)) => widgets::confirm::render_not_saved(app, msg, f, body),
        Some(Overlay::Notice(msg)) => widgets::confirm::render_notice(app, msg, f, body),
        Some(Overlay::Form(form)) => {
            // Two lines a field, the error line, the key line and the borders.
            let r = widgets::centered(body, 64, form.fields.len() as u16 * 2 + 4);
            widgets::form::render(&app.theme, form, &app.form_keys(), f, r);
        }
        None => {}
    }
}

/// The header line of an assessment screen: candidate and competence with its position.
pub fn competence_title(app: &App) -> String {
    let cand = app.candidate.as_ref().map_or("", |c| c.name.as_str());
    let n = app.work.as_ref().map_or(0, |w| w.competences.len());
    match app
        .current_state()
        .and_then(|s| app.model.competence(&s.competence_id))
    {
        Some(c) => format!(
            " {cand} · {} {} ({}/{n}) ",
            c.code,
            c.name,
            app.competence + 1
        ),
        None => format!(" {cand} "),
    }
}

/// A list line with the selection marker; the marker carries the meaning, its style repeats
/// it. Only the marker is styled, so a cursor move rewrites two markers, not two rows.
pub fn marked<'a>(theme: &Theme, selected: bool, text: String) -> Line<'a> {
    let (mark, gap) = theme.marker(selected).split_at(1);
    let mark = if selected {
        Span::styled(mark, theme.selected())
    } else {
        Span::raw(mark)
    };
    Line::from(vec![mark, Span::raw(gap), Span::raw(text)])
}

/// Truncates to `width` characters so columns never re-flow.
pub fn fit(s: &str, width: usize) -> String {
    let count = s.chars().count();
    if count <= width {
        format!("{s:<width$}")
    } else {
        let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
        out.push('~');
        out
    }
}

pub fn inner(area: Rect) -> Rect {
    area.inner(ratatui::layout::Margin::new(1, 1))
}
