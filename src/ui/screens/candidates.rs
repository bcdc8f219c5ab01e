//! The candidate list: one page of rows (name, step, status, last activity), the filter and
//! the count. Holds only the visible page, so 100,000 candidates cost one page query.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{fit, marked};
use crate::ui::app::App;
use crate::ui::keys::{Action, Context};

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let Some(l) = app.view.list() else {
        return;
    };
    let filter = if l.filtering {
        format!("/{}_", l.query.name)
    } else if l.query.name.is_empty() {
        String::new()
    } else {
        format!("/{}", l.query.name)
    };
    let mine = l.query.tutor.is_some();
    let whose = if mine { "My candidates" } else { "Candidates" };
    let title = format!(
        " {whose}: {} shown of {} · status: {} {filter} ",
        l.rows.len(),
        l.total_label(),
        l.query.status.label()
    );
    let last = if mine {
        "What is next"
    } else {
        "Last activity"
    };
    let mut lines = vec![Line::styled(
        format!(
            "  {} {} {} {}",
            fit("Name", 26),
            fit("Step", 17),
            fit("Status", 13),
            last
        ),
        app.theme.title(),
    )];
    for (i, row) in l.rows.iter().enumerate() {
        let selected = l.offset + i == l.cursor;
        let step = format!("{} {}", row.step.shown_as(), row.step.label());
        let last = match l.next.get(i) {
            Some(next) if mine => fit(next, 16),
            _ => row.last_activity.format("%Y-%m-%d %H:%M").to_string(),
        };
        lines.push(marked(
            &app.theme,
            selected,
            format!(
                "{} {} {} {last}",
                fit(&row.name, 26),
                fit(&step, 17),
                fit(row.status.label(), 13),
            ),
        ));
    }
    if l.total == 0 {
        let demo = crate::ui::keys::key_for(&app.bindings, Context::Candidates, Action::LoadDemo);
        let new =
            crate::ui::keys::key_for(&app.bindings, Context::Candidates, Action::NewCandidate);
        let all = crate::ui::keys::key_for(&app.bindings, Context::Candidates, Action::Mine);
        let msg = if !l.query.name.is_empty() {
            "No candidate matches the filter.".to_string()
        } else if mine {
            format!(
                "You tutor no candidates yet. Press {new} to register one, {all} for everyone's."
            )
        } else if app.demo_offered() {
            format!("No candidates yet. Press {new} to register one, or {demo} to load the demo.")
        } else {
            format!("No candidates yet. Press {new} to register one.")
        };
        lines.push(Line::raw(""));
        lines.push(Line::raw(format!("  {msg}")));
    }
    f.render_widget(Paragraph::new(lines).block(app.theme.block(title)), area);
}
