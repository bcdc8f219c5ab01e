//! Scoring the current competence: each indicator's rating, the suggested level with its
//! one-line reason, the confirmed or overridden level, context / task / autonomy with their
//! anchors and the EQF-comparable band, the decision and its reasons. The panel under the
//! rows shows the descriptor or anchor of whatever the cursor is on.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::{competence_title, fit, marked};
use crate::domain::scales::{Dimension, IndicatorRating};
use crate::ui::app::App;
use crate::ui::app_assess::{ScoreRow, score_rows};
use crate::ui::editor::Field;
use crate::ui::widgets;

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let Some(st) = app.current_state() else {
        return;
    };
    let Some(comp) = app.model.competence(&st.competence_id) else {
        return;
    };
    let block = app
        .theme
        .block(format!("{}· scoring ", competence_title(app)));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let rows = score_rows(comp.indicators.len());
    let [head, list, detail] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(rows.len() as u16),
        Constraint::Min(3),
    ])
    .areas(inner);

    let suggestion = st.suggestion(&app.model);
    f.render_widget(
        Paragraph::new(Line::styled(
            suggestion_line(&suggestion),
            app.theme.title(),
        ))
        .wrap(Wrap { trim: true }),
        head,
    );
    let mut lines = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let text = match row {
            ScoreRow::Indicator(k) => {
                let rating = st.ratings.get(*k).copied().flatten();
                let ind = comp.indicators.get(*k);
                // The candidate's own detailed rating (tutor's side), beside the assessor's.
                let own = ind
                    .and_then(|x| {
                        app.dossier
                            .as_ref()?
                            .detailed
                            .get(&(comp.id.clone(), x.id.clone()))
                    })
                    .map_or("-".to_string(), |r| {
                        r.number().map_or("N/A".to_string(), |n| n.to_string())
                    });
                format!(
                    "{} < {} > self {own}",
                    fit(ind.map_or("", |x| x.text.as_str()), 44),
                    fit(rating.map_or("not rated", |r| r.label()), 14)
                )
            }
            ScoreRow::Level => {
                let chosen = app
                    .view
                    .pending_choice()
                    .map(|o| format!("{} (override, needs justification)", o.label()))
                    .or_else(|| {
                        st.level.as_ref().map(|l| {
                            let how = if l.overridden() {
                                "overridden"
                            } else {
                                "confirmed"
                            };
                            format!("{} ({how})", l.chosen.label())
                        })
                    })
                    .unwrap_or_else(|| {
                        let key = crate::ui::keys::key_for(
                            &app.bindings,
                            crate::ui::keys::Context::Scoring,
                            crate::ui::keys::Action::ConfirmLevel,
                        );
                        format!("not confirmed ({key} confirms the suggestion)")
                    });
                format!("{} {}", fit("Level", 16), chosen)
            }
            ScoreRow::Dim(d) => {
                let v = dim_value(&st.complexity, *d);
                format!(
                    "{} < {} >",
                    fit(d.label(), 16),
                    v.map_or("not rated", |c| c.label())
                )
            }
            ScoreRow::Decision => {
                let facts = st.facts(&app.model, app.today(), app.assessor_is_tutor());
                let proposed = crate::domain::decision::proposed(&facts);
                format!(
                    "{} < {} > (proposed: {proposed})",
                    fit("Decision", 16),
                    st.decision
                )
            }
            ScoreRow::Reasons => {
                let r = st.reasons.replace('\n', " ");
                format!(
                    "{} {}",
                    fit("Reasons", 16),
                    if r.is_empty() {
                        let key = crate::ui::keys::key_for(
                            &app.bindings,
                            crate::ui::keys::Context::Scoring,
                            crate::ui::keys::Action::Reasons,
                        );
                        format!("(press {key} to write)")
                    } else {
                        r
                    }
                )
            }
        };
        lines.push(marked(&app.theme, i == app.view.row(), fit(&text, 74)));
    }
    f.render_widget(Paragraph::new(lines), list);

    if let Some(ed) = app.view.editor() {
        let leave = app.key(
            crate::ui::keys::Context::Notes,
            crate::ui::keys::Action::Leave,
        );
        let title = match ed.field {
            Field::Justification { .. } => {
                format!(" Justification of the override ({leave} saves) ")
            }
            _ => format!(" Reasons for the decision ({leave} saves) "),
        };
        widgets::text_field::render(f, &ed.area, app.theme.block(title), detail);
        return;
    }
    let detail_lines = describe(app, comp, st, rows.get(app.view.row()).copied());
    f.render_widget(
        Paragraph::new(detail_lines)
            .wrap(Wrap { trim: true })
            .block(app.theme.block(" Descriptor ")),
        detail,
    );
}

/// The descriptor for the row under the cursor: level descriptors, anchors, or the band.
fn describe<'a>(
    app: &App,
    comp: &crate::domain::model::Competence,
    st: &crate::domain::assessment::CompetenceState,
    row: Option<ScoreRow>,
) -> Vec<Line<'a>> {
    let dim = app.theme.dim();
    match row {
        Some(ScoreRow::Indicator(k)) => {
            let current = st.ratings.get(k).copied().flatten();
            let text = comp.indicators.get(k).map_or("", |i| i.text.as_str());
            std::iter::once(Line::styled(text.to_string(), app.theme.title()))
                .chain(
                    IndicatorRating::ALL
                        .iter()
                        .filter_map(|r| r.level().map(|l| (r, l)))
                        .map(|(r, l)| {
                            let mark = if Some(*r) == current { ">" } else { " " };
                            Line::raw(format!("{mark} {}: {}", l.label(), comp.outcome(l)))
                        }),
                )
                .collect()
        }
        Some(ScoreRow::Dim(d)) => dimension_lines(app, st, d),
        Some(ScoreRow::Level) => vec![Line::styled(
            st.level
                .as_ref()
                .and_then(|l| l.justification.clone())
                .map_or(
                    "left/right picks another level; o overrides with a justification".into(),
                    |j| format!("Justification: {j}"),
                ),
            dim,
        )],
        _ => {
            let band = st
                .complexity
                .complete()
                .map(|p| {
                    format!(
                        "Complexity {} (median), {}",
                        p.overall().label(),
                        app.model.eqf_band(p.overall())
                    )
                })
                .unwrap_or_else(|| "Complexity: rate context, task and autonomy.".into());
            vec![Line::raw(band)]
        }
    }
}

fn dimension_lines<'a>(
    app: &App,
    st: &crate::domain::assessment::CompetenceState,
    d: Dimension,
) -> Vec<Line<'a>> {
    let Some(scale) = app.model.dimension(d) else {
        return Vec::new();
    };
    let current = dim_value(&st.complexity, d);
    let mut lines = vec![Line::styled(scale.question.clone(), app.theme.dim())];
    for (c, anchor) in &scale.anchors {
        let mark = if Some(*c) == current { ">" } else { " " };
        lines.push(Line::raw(format!("{mark} {}: {anchor}", c.label())));
    }
    if let Some(p) = st.complexity.complete() {
        lines.push(Line::raw(format!(
            "Overall {} · {}",
            p.overall().label(),
            app.model.eqf_band(p.overall())
        )));
    }
    lines
}

/// One dimension of a possibly incomplete complexity rating.
fn dim_value(
    c: &crate::domain::assessment::PartialComplexity,
    d: Dimension,
) -> Option<crate::domain::scales::Complexity> {
    match d {
        Dimension::Context => c.context,
        Dimension::Task => c.task,
        Dimension::Autonomy => c.autonomy,
    }
}

/// The suggestion line: the explanation already starts with the outcome
/// ("Accomplished, because …").
fn suggestion_line(s: &crate::domain::scoring::Suggestion) -> String {
    format!("Suggested: {}", s.explanation())
}
