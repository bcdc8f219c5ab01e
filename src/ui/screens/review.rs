//! Review and sign-off: every competence with level, complexity and decision, a bar chart
//! of the competence profile, and what is still missing before the assessment can be
//! finalised.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, BarGroup, Paragraph, Wrap};

use super::{fit, marked};
use crate::domain::scoring::Outcome;
use crate::ui::app::App;

/// Bar height of an outcome: 0 none, 1 Basic, 2 Accomplished, 3 Expert.
fn height(o: Option<Outcome>) -> u64 {
    match o.and_then(Outcome::level) {
        Some(l) => l as u64 + 1,
        None => 0,
    }
}

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let Some(work) = &app.work else {
        return;
    };
    let cand = app.candidate.as_ref().map_or("", |c| c.name.as_str());
    let state = if work.finalised {
        "FINALISED, read-only"
    } else {
        "in progress"
    };
    let block = app
        .theme
        .block(format!(" {cand} · review and sign-off ({state}) "));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let [table, bottom] = Layout::vertical([
        Constraint::Length(work.competences.len() as u16 + 1),
        Constraint::Min(6),
    ])
    .areas(inner);
    let [chart, missing] =
        Layout::horizontal([Constraint::Length(34), Constraint::Min(20)]).areas(bottom);

    let mut lines = vec![Line::styled(
        format!(
            "  {} {} {} {}",
            fit("Competence", 20),
            fit("Level", 13),
            fit("Complexity (comparable)", 26),
            "Decision"
        ),
        app.theme.title(),
    )];
    let mut bars = Vec::new();
    for (i, st) in work.competences.iter().enumerate() {
        let comp = app.model.competence(&st.competence_id);
        let name = comp.map_or(st.competence_id.clone(), |c| {
            format!("{} {}", c.code, c.name)
        });
        let level = st.level.as_ref().map(|l| l.chosen);
        let cx = st.complexity.complete().map_or("-".to_string(), |p| {
            // The header says "comparable to", so the cell keeps only the band itself.
            let band = app.model.eqf_band(p.overall());
            let band = band.strip_prefix("comparable to ").unwrap_or(band);
            format!("{} / {band}", p.overall().label())
        });
        lines.push(marked(
            &app.theme,
            i == app.competence,
            format!(
                "{} {} {} {}",
                fit(&name, 20),
                fit(level.map_or("-", Outcome::label), 13),
                fit(&cx, 26),
                st.decision
            ),
        ));
        let label = comp.map_or(st.competence_id.clone(), |c| c.code.clone());
        bars.push(
            Bar::default()
                .value(height(level))
                .label(Line::raw(label))
                .text_value(
                    level
                        .and_then(Outcome::level)
                        .map_or("-".into(), |l| l.label()[..1].to_string()),
                ),
        );
    }
    f.render_widget(Paragraph::new(lines), table);

    let chart_w = BarChart::default()
        .block(app.theme.block(" Profile (B/A/E) "))
        .data(BarGroup::default().bars(&bars))
        .bar_width(4)
        .bar_gap(1)
        .max(3)
        .bar_style(app.theme.good());
    f.render_widget(chart_w, chart);

    let mut m = Vec::new();
    for st in &work.competences {
        let gaps = st.missing(&app.model, app.today(), app.assessor_is_tutor());
        if !gaps.is_empty() {
            let code = app
                .model
                .competence(&st.competence_id)
                .map_or(st.competence_id.as_str(), |c| c.code.as_str());
            m.push(Line::raw(format!("[ ] {code}: {}", gaps.join(", "))));
        }
    }
    if app.assessor_is_tutor() {
        m.push(Line::styled(
            format!("{} you are the candidate's tutor", app.theme.warn_sign()),
            app.theme.bad(),
        ));
    }
    if m.is_empty() {
        let key = crate::ui::keys::key_for(
            &app.bindings,
            crate::ui::keys::Context::Review,
            crate::ui::keys::Action::Finalise,
        );
        m.push(Line::raw(if work.finalised {
            "[x] Signed off.".to_string()
        } else {
            format!("[x] Nothing missing: press {key} to finalise.")
        }));
    }
    f.render_widget(
        Paragraph::new(m)
            .wrap(Wrap { trim: true })
            .block(app.theme.block(" Still missing ")),
        missing,
    );
}
