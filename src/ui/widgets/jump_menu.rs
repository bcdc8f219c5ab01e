//! The jump menu: every claimed competence, with where it stands, to jump straight to it;
//! and the same list shape for choosing who is working on first run.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Paragraph};

use crate::ui::app::App;
use crate::ui::screens::{fit, marked};

pub fn render(app: &App, cursor: usize, f: &mut Frame, area: Rect) {
    let Some(work) = &app.work else {
        return;
    };
    let h = (work.competences.len() as u16 + 2).min(area.height);
    let r = super::centered(area, 56, h);
    let lines: Vec<_> = work
        .competences
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let name = app
                .model
                .competence(&s.competence_id)
                .map_or(s.competence_id.clone(), |c| {
                    format!("{} {}", c.code, c.name)
                });
            marked(
                &app.theme,
                i == cursor,
                format!("{} {}", fit(&name, 36), s.decision),
            )
        })
        .collect();
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines).block(app.theme.block(" Jump to competence ")),
        r,
    );
}

/// First run on a database that has people: who are you? The last row is someone new.
pub fn render_people(
    app: &App,
    people: &[(String, String, String)],
    cursor: usize,
    f: &mut Frame,
    area: Rect,
) {
    let h = (people.len() as u16 + 4).min(area.height);
    let r = super::centered(area, 56, h);
    let mut lines: Vec<_> = people
        .iter()
        .map(|(_, name, _)| name.as_str())
        .chain(std::iter::once("someone new (register me)"))
        .enumerate()
        .map(|(i, name)| marked(&app.theme, i == cursor, fit(name, 50)))
        .collect();
    // Keep the cursor's row visible when the list is longer than the box.
    let room = h.saturating_sub(2) as usize;
    if cursor >= room {
        lines.drain(..cursor + 1 - room);
    }
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines).block(app.theme.block(" Who are you? ")),
        r,
    );
}
