//! The interview for the current competence: description and indicators, the questions
//! with the selected one's probes, mandatory topics from the portfolio check, the notes area
//! of the selected question, and the elapsed time with a soft warning past the recommended
//! length. The time is refreshed only when something redraws (at most once a minute idle).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{competence_title, fit, marked};
use crate::ui::app::App;
use crate::ui::editor::Field;

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let Some(st) = app.current_state() else {
        return;
    };
    let Some(comp) = app.model.competence(&st.competence_id) else {
        return;
    };
    let total_min = app.total_elapsed_seconds() / 60;
    let here_min = app.elapsed_seconds(&comp.id) / 60;
    let rec = app.model.interview.recommended_minutes as i64;
    let mut clock = vec![Span::raw(format!(
        " {here_min} min here · {total_min}/{rec} min "
    ))];
    if total_min >= rec {
        clock.push(Span::styled(
            format!("{} past the recommended {rec} min ", app.theme.warn_sign()),
            app.theme.warn(),
        ));
    }
    let block = app
        .theme
        .block(format!("{}· interview ", competence_title(app)))
        .title_top(Line::from(clock).right_aligned());
    let inner = block.inner(area);
    f.render_widget(block, area);

    let topics = st.check(&app.model).interview_topics;
    let [about, questions, probes, notes] = Layout::vertical([
        Constraint::Length(if app.details { 3 } else { 0 }),
        Constraint::Length(comp.questions.len() as u16 + 1),
        Constraint::Length(match (app.details, topics.is_empty()) {
            (true, true) => 3,
            (true, false) => 4,
            (false, true) => 0,
            (false, false) => 2,
        }),
        Constraint::Min(4),
    ])
    .areas(inner);

    let indicators: Vec<&str> = comp.indicators.iter().map(|i| i.text.as_str()).collect();
    let about_lines = vec![
        Line::raw(comp.description.clone()),
        Line::styled(
            format!("Indicators: {}", indicators.join(" · ")),
            app.theme.dim(),
        ),
    ];
    f.render_widget(Paragraph::new(about_lines).wrap(Wrap { trim: true }), about);

    let mut q_lines = vec![Line::styled("Questions", app.theme.title())];
    for (i, q) in comp.questions.iter().enumerate() {
        let has_note = app
            .work
            .as_ref()
            .is_some_and(|w| !w.note(&comp.id, i as u32).trim().is_empty());
        let mark = if has_note { "[n]" } else { "[ ]" };
        let text = format!("{mark} Q{} {}", i + 1, q.text);
        q_lines.push(marked(&app.theme, i == app.cursor.question, fit(&text, 74)));
    }
    f.render_widget(Paragraph::new(q_lines), questions);

    let mut p_lines = Vec::new();
    if let Some(q) = comp
        .questions
        .get(app.cursor.question)
        .filter(|_| app.details)
    {
        p_lines.push(Line::styled(
            format!("Probes: {}", q.probes.join(" · ")),
            app.theme.dim(),
        ));
    }
    if !topics.is_empty() {
        p_lines.push(Line::styled(
            format!("Must cover (portfolio): {}", topics.join("; ")),
            app.theme.warn(),
        ));
    }
    f.render_widget(Paragraph::new(p_lines).wrap(Wrap { trim: true }), probes);

    let q = app.cursor.question as u32;
    let title = format!(" Notes Q{} ", q + 1);
    match &app.editor {
        Some(ed) if matches!(&ed.field, Field::Note { question, .. } if *question == q) => {
            let mut ta = ed.area.clone();
            ta.set_block(app.theme.block(format!("{title}(typing; esc leaves) ")));
            f.render_widget(&ta, notes);
        }
        _ => {
            let text = app
                .work
                .as_ref()
                .map(|w| w.note(&comp.id, q).to_string())
                .unwrap_or_default();
            let shown = if text.is_empty() {
                let key = crate::ui::keys::key_for(
                    &app.bindings,
                    crate::ui::keys::Context::Interview,
                    crate::ui::keys::Action::EditNotes,
                );
                Line::styled(format!("(no notes yet; {key} to write)"), app.theme.dim()).into()
            } else {
                ratatui::text::Text::raw(text)
            };
            f.render_widget(
                Paragraph::new(shown)
                    .wrap(Wrap { trim: false })
                    .block(app.theme.block(title)),
                notes,
            );
        }
    }
}
