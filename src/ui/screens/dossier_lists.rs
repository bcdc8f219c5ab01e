//! The dossier's lists: the self-assessment side by side (quick, detailed, 360°), the
//! STARRTT stories and the story open in its form, the evidence register with the item
//! under the cursor in full.
//!
//! Must not mutate state or reach the store. Rows never re-flow: columns are cut to width.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::dossier::{cut, panel_or_field, register, window};
use super::{fit, marked};
use crate::domain::dossier::Dossier;
use crate::domain::self_assessment::Rate;
use crate::ui::app::App;
use crate::ui::dossier_view::{DossierView, SelfRow, StoryPart, codes, self_rows};
use crate::ui::editor::Field;
use crate::ui::keys::Action;

fn rate(r: Option<&Rate>) -> String {
    match r {
        None => "-".into(),
        Some(Rate::NotApplicable) => "N/A".into(),
        Some(r) => r.number().map_or("-".into(), |n| n.to_string()),
    }
}

pub fn self_assessment(app: &App, d: &Dossier, v: &DossierView, f: &mut Frame, area: Rect) {
    let rows = self_rows(&app.model, v.open.as_deref(), d);
    let [list, foot] = Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(area);
    let mut lines = vec![Line::styled(
        format!(
            "  {} {} {} {} {}",
            fit("Claim", 5),
            fit("Competence", 24),
            fit("Quick", 5),
            fit("Detailed", 16),
            "360°"
        ),
        app.theme.title(),
    )];
    let height = list.height.saturating_sub(1) as usize;
    let first = window(v.row, height);
    for (i, row) in rows.iter().enumerate().skip(first).take(height) {
        let text = match *row {
            SelfRow::Competence(c) => {
                let Some(m) = app.model.competences.get(c) else {
                    continue;
                };
                let ids: Vec<String> = m.indicators.iter().map(|i| i.id.clone()).collect();
                let p = d.self_profile(&m.id, &ids);
                let claim = if d.claimed.contains(&m.id) {
                    "[x]"
                } else {
                    "[ ]"
                };
                let detailed = match p.detailed {
                    Some(o) => o.label().to_string(),
                    None if p.rated_indicators == 0 => "-".into(),
                    None => format!("{}/{} rated", p.rated_indicators, ids.len()),
                };
                let others: Vec<&str> = p.referees.iter().map(|(_, o)| o.label()).collect();
                format!(
                    "{} {} {} {} {}",
                    fit(claim, 5),
                    fit(&format!("{} {}", m.code, m.name), 24),
                    fit(&rate(d.quick.get(&m.id)), 5),
                    fit(&detailed, 16),
                    fit(&others.join(", "), 22)
                )
            }
            SelfRow::Indicator(c, j) => {
                let Some(m) = app.model.competences.get(c) else {
                    continue;
                };
                let Some(ind) = m.indicators.get(j) else {
                    continue;
                };
                let r = d.detailed.get(&(m.id.clone(), ind.id.clone()));
                // Under "Detailed": an indicator's rating is the detailed self-assessment.
                format!("      {} {}", fit(&ind.text, 30), rate(r))
            }
            SelfRow::Referee(n) => {
                let Some(r) = d.referees.get(&n) else {
                    continue;
                };
                let what = format!(
                    "Referee {n}: {} ({}, {}), {} rated",
                    r.name,
                    r.relation,
                    r.rated_on,
                    r.ratings.len()
                );
                fit(&what, 74)
            }
        };
        lines.push(marked(&app.theme, i == v.row, text));
    }
    f.render_widget(Paragraph::new(lines), list);
    let k = |a| app.dossier_key(a);
    let keys = format!(
        "  {}-{} rate · {} N/A · {} claim · {} indicators · {} referee",
        k(Action::RateOne),
        k(Action::RateFour),
        k(Action::NotApplicable),
        k(Action::Claim),
        k(Action::Detailed),
        k(Action::Add),
    );
    f.render_widget(Paragraph::new(Line::styled(keys, app.theme.dim())), foot);
}

pub fn stories(app: &App, d: &Dossier, v: &DossierView, f: &mut Frame, area: Rect) {
    if let Some(n) = v.story
        && let Some(s) = d.stories.get(&n)
    {
        return story(app, n, s, v, f, area);
    }
    let empty = format!(
        "No stories yet: {} adds one (Situation, Task, Activities, Result, Reflection, Transfer).",
        app.dossier_key(Action::Add)
    );
    let lines = register(
        app,
        &[("Experience", 40), ("Competences", 14), ("Parts", 0)],
        &d.stories,
        empty,
        (v.row, area.height.saturating_sub(1) as usize),
        |s| {
            let written = StoryPart::ALL
                .iter()
                .filter(|p| !p.text(s, &app.model).trim().is_empty())
                .count();
            format!(
                "{} {} {}/{}",
                fit(&s.title, 40),
                fit(&codes(&app.model, &s.competences), 14),
                written,
                StoryPart::ALL.len()
            )
        },
    );
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

/// One story in the STARRTT form: a line per part, and the part under the cursor in full
/// (or its text field) below.
fn story(
    app: &App,
    n: u32,
    s: &crate::domain::dossier::Story,
    v: &DossierView,
    f: &mut Frame,
    area: Rect,
) {
    let [parts, detail] = Layout::vertical([Constraint::Length(9), Constraint::Min(3)]).areas(area);
    let lines: Vec<Line> = StoryPart::ALL
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let first = p.text(s, &app.model);
            let first = first.lines().next().unwrap_or("");
            marked(
                &app.theme,
                i == v.row,
                format!("{} {}", fit(p.label(), 16), fit(first, 58)),
            )
        })
        .collect();
    f.render_widget(Paragraph::new(lines), parts);
    let Some(part) = StoryPart::ALL.get(v.row) else {
        return;
    };
    let title = format!(" Story {n} · {}: {} ", part.label(), part.prompt());
    let editing = v.editor.as_ref().filter(
        |e| matches!(e.field, Field::Story { number, part: p } if number == n && p == *part),
    );
    match editing {
        Some(ed) => {
            let mut block = app
                .theme
                .block(cut(&title, detail.width.saturating_sub(4) as usize));
            if let Some(why) = &ed.reason {
                block = block.title_bottom(Line::styled(
                    format!(" {} {why} ", app.theme.warn_sign()),
                    app.theme.bad(),
                ));
            }
            let inner = block.inner(detail);
            f.render_widget(block, detail);
            f.render_widget(&ed.area, inner);
        }
        None => {
            let text = part.text(s, &app.model);
            let hint = format!(
                "{} writes it (saved as you type: on leaving, ctrl-s, after 2 s)",
                app.dossier_key(Action::Open)
            );
            let body = if text.trim().is_empty() { hint } else { text };
            f.render_widget(
                Paragraph::new(body).wrap(Wrap { trim: false }).block(
                    app.theme
                        .block(cut(&title, detail.width.saturating_sub(4) as usize)),
                ),
                detail,
            );
        }
    }
}

pub fn evidence(app: &App, d: &Dossier, v: &DossierView, f: &mut Frame, area: Rect) {
    let [list, detail] = Layout::vertical([Constraint::Min(3), Constraint::Length(6)]).areas(area);
    let empty = format!(
        "No evidence yet: {} adds an item (claimed competences only).",
        app.dossier_key(Action::Add)
    );
    let lines = register(
        app,
        &[
            ("Title", 26),
            ("Kind", 16),
            ("Date", 10),
            ("Supports", 10),
            ("File", 0),
        ],
        &d.evidence,
        empty,
        (v.row, list.height.saturating_sub(1) as usize),
        |e| {
            format!(
                "{} {} {} {} {}",
                fit(&e.title, 26),
                fit(&e.kind, 16),
                fit(&e.dated.map_or("-".into(), |d| d.to_string()), 10),
                fit(&codes(&app.model, &e.competences), 10),
                if e.file.is_some() { "yes" } else { "-" }
            )
        },
    );
    f.render_widget(Paragraph::new(lines), list);
    let mut text = Vec::new();
    if let Some(e) = v.number(&d.evidence).and_then(|n| d.evidence.get(&n)) {
        if e.description.is_empty() {
            let write = app.dossier_key(Action::Write);
            text.push(Line::styled(
                format!("No description yet: {write} writes it."),
                app.theme.dim(),
            ));
        } else {
            text.push(Line::raw(e.description.clone()));
        }
        match &e.file {
            Some(file) => text.push(Line::raw(format!(
                "File: {} ({} bytes, sha256 {})",
                file.path,
                file.size,
                &file.sha256[..file.sha256.len().min(16)]
            ))),
            None => text.push(Line::raw("No file recorded.")),
        }
        if let Some(w) = &e.witness {
            text.push(Line::raw(format!("Witness: {w}")));
        }
    }
    let number = v.number(&d.evidence).unwrap_or(0);
    let field = Field::Description { number };
    panel_or_field(app, ("The item", text), &field, f, detail);
}
