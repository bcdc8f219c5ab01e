//! The jump menu: every claimed competence, with where it stands, to jump straight to it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Paragraph};

use crate::ui::app::App;
use crate::ui::screens::{fit, marked};

pub fn render(app: &App, cursor: usize, f: &mut Frame, area: Rect) {
    let Some(work) = &app.work else {
        return;
    };
    let h = (work.states.len() as u16 + 2).min(area.height);
    let r = super::centered(area, 56, h);
    let lines: Vec<_> = work
        .states
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
