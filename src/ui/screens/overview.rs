//! The candidate's overview: claimed competences and where each stands, the tutor, and the
//! procedure's steps with what is done.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::{fit, marked};
use crate::domain::process::Step;
use crate::ui::app::App;
use crate::ui::keys::{Action, Context};

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let Some(cand) = &app.candidate else {
        return;
    };
    let [left, right] =
        Layout::horizontal([Constraint::Min(40), Constraint::Length(26)]).areas(area);
    let mut lines = vec![Line::styled(
        format!("  {} {}", fit("Claimed competence", 24), "Where it stands"),
        app.theme.title(),
    )];
    for (i, id) in cand.claimed.iter().enumerate() {
        let name = app
            .model
            .competence(id)
            .map_or(id.clone(), |c| format!("{} {}", c.code, c.name));
        let stands = match app.state_of(id) {
            None => "not assessed yet".to_string(),
            Some(s) => {
                let missing = s.missing(&app.model);
                if missing.is_empty() {
                    format!("[x] {}", s.decision)
                } else {
                    format!("[ ] {}", missing.first().cloned().unwrap_or_default())
                }
            }
        };
        lines.push(marked(
            &app.theme,
            i == app.cursor.competence,
            fit(&format!("{} {}", fit(&name, 24), stands), 49),
        ));
    }
    lines.push(Line::raw(""));
    let start = crate::ui::keys::key_for(&app.bindings, Context::Overview, Action::StartAssessment);
    let hint = match &app.work {
        None if app.assessor_is_tutor() => format!(
            "{} You are this candidate's tutor: an independent assessor must assess.",
            app.theme.warn_sign()
        ),
        None => format!("Press {start} to start the formal assessment."),
        Some(w) if w.finalised => "The assessment is finalised (read-only).".to_string(),
        Some(_) => "Assessment in progress.".to_string(),
    };
    lines.push(Line::raw(hint));
    let title = format!(" {} · overview ", cand.name);
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(app.theme.block(title)),
        left,
    );

    let mut side = vec![
        Line::styled("Tutor", app.theme.title()),
        Line::raw(cand.tutor_name.clone().unwrap_or_else(|| "none".into())),
        Line::raw(""),
        Line::styled("Procedure", app.theme.title()),
    ];
    for step in Step::ALL {
        let mark = if step < cand.step {
            "[x]"
        } else if step == cand.step {
            "[>]"
        } else {
            "[ ]"
        };
        side.push(Line::raw(format!(
            "{mark} {} {}",
            step.shown_as(),
            step.label()
        )));
    }
    if let Some(why) = &cand.stopped {
        side.push(Line::raw(""));
        side.push(Line::raw(format!("Stopped: {why}")));
    }
    f.render_widget(
        Paragraph::new(side)
            .wrap(Wrap { trim: true })
            .block(app.theme.block(" Path ")),
        right,
    );
}
