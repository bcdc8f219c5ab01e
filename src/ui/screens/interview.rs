//! The interview for the current competence: description and indicators, the questions
//! (one line each) with the focused one in full and its probes, mandatory topics from the portfolio check, the notes area
//! of the selected question, and the elapsed time with a soft warning past the recommended
//! length. The time is refreshed only when something redraws (at most once a minute idle).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{competence_title, fit, marked};
use crate::domain::model::Competence;
use crate::ui::app::App;
use crate::ui::editor::Field;
use crate::ui::widgets;

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

    let topics = st.check(&app.model, app.today()).interview_topics;
    let width = inner.width as usize;
    let p_lines = focus_lines(app, comp, app.view.question(), &topics);
    // As tall as the tallest question's, so that moving between questions never moves the
    // notes box below (a moved box is sent again whole).
    let focus_height = (0..comp.questions.len())
        .map(|i| {
            focus_lines(app, comp, i, &topics)
                .iter()
                .map(|(t, _)| wrapped_height(t, width))
                .sum::<u16>()
        })
        .max()
        .unwrap_or(0);
    let [about, questions, probes, notes] = Layout::vertical([
        Constraint::Length(if app.details { 3 } else { 0 }),
        Constraint::Length(comp.questions.len() as u16 + 1),
        Constraint::Length(focus_height),
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
        let has_note = !st.note(i as u32).trim().is_empty();
        let mark = if has_note { "[n]" } else { "[ ]" };
        let text = format!("{mark} Q{} {}", i + 1, q.text);
        q_lines.push(marked(
            &app.theme,
            i == app.view.question(),
            fit(&text, width.saturating_sub(2)),
        ));
    }
    f.render_widget(Paragraph::new(q_lines), questions);

    let p_lines: Vec<Line> = p_lines
        .into_iter()
        .map(|(t, style)| Line::styled(t, style))
        .collect();
    f.render_widget(Paragraph::new(p_lines).wrap(Wrap { trim: true }), probes);

    let q = app.view.question() as u32;
    let title = format!(" Notes Q{} ", q + 1);
    match app.view.editor() {
        Some(ed) if matches!(&ed.field, Field::Note { question, .. } if *question == q) => {
            let leave = app.key(
                crate::ui::keys::Context::Notes,
                crate::ui::keys::Action::Leave,
            );
            let block = app.theme.block(format!("{title}(typing; {leave} leaves) "));
            widgets::text_field::render(f, &ed.area, block, notes);
        }
        _ => {
            let text = st.note(q).to_string();
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

/// Question `i` in full (the assessor reads it aloud), then its probes and the topics the
/// portfolio check made mandatory; the list above stays one line a question.
fn focus_lines(app: &App, comp: &Competence, i: usize, topics: &[String]) -> Vec<(String, Style)> {
    let mut lines = Vec::new();
    if let Some(q) = comp.questions.get(i) {
        lines.push((format!("Q{} {}", i + 1, q.text), app.theme.title()));
        if app.details && !q.probes.is_empty() {
            lines.push((format!("Probes: {}", q.probes.join(" · ")), app.theme.dim()));
        }
    }
    if !topics.is_empty() {
        lines.push((
            format!("Must cover (portfolio): {}", topics.join("; ")),
            app.theme.warn(),
        ));
    }
    lines
}

/// Lines `text` takes when word-wrapped to `width` columns (as `Wrap { trim: true }` does).
fn wrapped_height(text: &str, width: usize) -> u16 {
    if width == 0 {
        return 1;
    }
    let mut lines = 1u16;
    let mut used = 0usize;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if used > 0 && used + 1 + len > width {
            lines += 1;
            used = 0;
        }
        if used > 0 {
            used += 1;
        }
        used += len;
        while used > width {
            lines += 1;
            used -= width;
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::wrapped_height;

    #[test]
    fn wraps_at_word_boundaries() {
        assert_eq!(wrapped_height("", 10), 1);
        assert_eq!(wrapped_height("aaaa bbbb", 9), 1);
        assert_eq!(wrapped_height("aaaa bbbb", 8), 2);
        assert_eq!(wrapped_height("aaaa bbbb cccc", 9), 2);
        assert_eq!(wrapped_height("abcdefghijkl", 5), 3);
    }
}
