//! The portfolio check for the current competence: its evidence items, the five criteria
//! with verdict and note, the result explained, and the interview topics it produces.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::{competence_title, fit, marked};
use crate::domain::portfolio::CheckStatus;
use crate::domain::scales::CriterionVerdict;
use crate::ui::app::App;
use crate::ui::editor::Field;
use crate::ui::widgets;

fn verdict_mark(v: Option<CriterionVerdict>) -> &'static str {
    match v {
        Some(CriterionVerdict::Met) => "[M] Met       ",
        Some(CriterionVerdict::PartlyMet) => "[P] Partly met",
        Some(CriterionVerdict::NotMet) => "[X] Not met   ",
        None => "[ ] not judged",
    }
}

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let Some(st) = app.current_state() else {
        return;
    };
    let block = app
        .theme
        .block(format!("{}· portfolio check ", competence_title(app)));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let [ev, crit, result] = Layout::vertical([
        Constraint::Length(5),
        Constraint::Min(7),
        Constraint::Length(4),
    ])
    .areas(inner);

    let evidence: Vec<_> = app
        .candidate
        .iter()
        .flat_map(|c| c.evidence.iter())
        .filter(|e| e.competence_id == st.competence_id)
        .collect();
    let mut lines = vec![Line::styled(
        format!(
            "Evidence ({} item{})",
            evidence.len(),
            if evidence.len() == 1 { "" } else { "s" }
        ),
        app.theme.title(),
    )];
    for e in evidence.iter().take(4) {
        let dated = e.dated.map_or("undated".to_string(), |d| d.to_string());
        lines.push(Line::raw(format!(
            "  {} {} {}",
            fit(&e.title, 40),
            fit(&e.kind, 16),
            dated
        )));
    }
    if evidence.is_empty() {
        lines.push(Line::raw("  no evidence items recorded"));
    }
    f.render_widget(Paragraph::new(lines), ev);

    let editing = app.view.editor().and_then(|e| match &e.field {
        Field::CriterionNote { criterion, .. } => Some((criterion.clone(), e)),
        _ => None,
    });
    let mut lines = vec![Line::styled("Criteria", app.theme.title())];
    for (i, c) in app.model.portfolio_check.criteria.iter().enumerate() {
        let j = st.portfolio.iter().find(|j| j.criterion_id == c.id);
        let v = j.and_then(|j| j.verdict);
        let note = j.map_or("", |j| j.note.as_str()).replace('\n', " ");
        let text = format!("{} {} {}", fit(&c.name, 14), verdict_mark(v), note);
        let mut line = marked(&app.theme, i == app.view.row(), fit(&text, 72));
        if v == Some(CriterionVerdict::NotMet) {
            line = line.style(app.theme.bad());
        }
        lines.push(line);
    }
    if let Some(c) = app.model.portfolio_check.criteria.get(app.view.row()) {
        lines.push(Line::styled(format!("  {}", c.question), app.theme.dim()));
    }
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), crit);

    if let Some((_, ed)) = editing {
        let leave = app.key(
            crate::ui::keys::Context::Notes,
            crate::ui::keys::Action::Leave,
        );
        let block = app
            .theme
            .block(format!(" Note ({leave} saves and leaves) "));
        widgets::text_field::render(f, &ed.area, block, result);
        return;
    }
    let check = st.check(&app.model, app.today());
    let mut lines = Vec::new();
    let (label, style) = match check.status {
        CheckStatus::Passed => ("Check passed.".to_string(), app.theme.good()),
        CheckStatus::Failed => (
            format!(
                "{} Check FAILED. {}",
                app.theme.warn_sign(),
                check.explanation()
            ),
            app.theme.bad(),
        ),
        CheckStatus::Pending => (check.explanation(), app.theme.dim()),
    };
    lines.push(Line::styled(label, style));
    if !check.interview_topics.is_empty() {
        lines.push(Line::raw(format!(
            "Interview topics (Partly met): {}",
            check.interview_topics.join("; ")
        )));
    }
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), result);
}
