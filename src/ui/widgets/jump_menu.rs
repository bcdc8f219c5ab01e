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
    let names = people
        .iter()
        .map(|(_, name, _)| name.as_str())
        .chain(std::iter::once(
            "someone new (register me, tutor or assessor)",
        ));
    choices(app, " Who are you? ", names, cursor, f, area);
}

/// "Request the assessment": the centre's queue first, then its assessors.
pub fn render_assessors(
    app: &App,
    assessors: &[crate::domain::people::Staff],
    cursor: usize,
    f: &mut Frame,
    area: Rect,
) {
    let names = std::iter::once("the centre's queue (any assessor)")
        .chain(assessors.iter().map(|a| a.name.as_str()));
    choices(app, " Hand the candidate to ", names, cursor, f, area);
}

/// The centre's other tutors, to hand the candidate to.
pub fn render_tutors(
    app: &App,
    tutors: &[crate::domain::people::Staff],
    cursor: usize,
    f: &mut Frame,
    area: Rect,
) {
    let names = tutors.iter().map(|t| t.name.as_str());
    choices(
        app,
        " Hand the candidate to the tutor ",
        names,
        cursor,
        f,
        area,
    );
}

/// A box of names with the cursor's row marked and kept visible.
fn choices<'a>(
    app: &App,
    title: &'static str,
    names: impl Iterator<Item = &'a str>,
    cursor: usize,
    f: &mut Frame,
    area: Rect,
) {
    let mut lines: Vec<_> = names
        .enumerate()
        .map(|(i, name)| marked(&app.theme, i == cursor, fit(name, 50)))
        .collect();
    let h = (lines.len() as u16 + 2).min(area.height);
    let r = super::centered(area, 56, h);
    // Keep the cursor's row visible when the list is longer than the box.
    let room = h.saturating_sub(2) as usize;
    if cursor >= room {
        lines.drain(..cursor + 1 - room);
    }
    f.render_widget(Clear, r);
    f.render_widget(Paragraph::new(lines).block(app.theme.block(title)), r);
}
