//! The candidate's overview: claimed competences and where each stands, the tutor, and the
//! procedure's steps with what is done.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::{fit, marked};
use crate::domain::DomainError;
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
            None if app.model.competence(id).is_none() => "not in the loaded model".to_string(),
            None => "not assessed yet".to_string(),
            Some(s) => {
                let missing = s.missing(&app.model, app.today(), app.assessor_is_tutor());
                if missing.is_empty() {
                    format!("[x] {}", s.decision)
                } else {
                    format!("[ ] {}", missing.first().cloned().unwrap_or_default())
                }
            }
        };
        lines.push(marked(
            &app.theme,
            i == app.competence,
            fit(&format!("{} {}", fit(&name, 24), stands), 49),
        ));
    }
    lines.push(Line::raw(""));
    let start = crate::ui::keys::key_for(&app.bindings, Context::Overview, Action::StartAssessment);
    let me = app.actor();
    // Before the assessment, the hint says what `a` would do: the domain's verdict.
    let hint = match (&app.work, &app.start_verdict) {
        (None, Some(Err(why @ DomainError::AssessorIsTutor))) => {
            format!("{} {}", app.theme.warn_sign(), app.start_refusal(why))
        }
        (None, verdict) => {
            let evidence =
                crate::ui::keys::key_for(&app.bindings, Context::Overview, Action::AddEvidence);
            let items = match evidence_items(cand) {
                1 => "1 evidence item".to_string(),
                n => format!("{n} evidence items"),
            };
            // `e` is offered where the dossier's rule lets the person working add one.
            let adds = app.offers(Action::AddEvidence);
            match (verdict, adds) {
                (Some(Ok(())), true) => format!(
                    "{items}. Press {evidence} to add one, {start} to start the formal assessment."
                ),
                (Some(Ok(())), false) => {
                    format!("{items}. Press {start} to start the formal assessment.")
                }
                (Some(Err(why)), true) => format!(
                    "{items}. Press {evidence} to add one. {}",
                    app.start_refusal(why)
                ),
                (Some(Err(why)), false) => format!("{items}. {}", app.start_refusal(why)),
                (None, true) => format!("{items}. Press {evidence} to add one."),
                (None, false) => format!("{items}."),
            }
        }
        (Some(w), _) => match w.write_blocker(&app.model, &me) {
            None => "Assessment in progress.".to_string(),
            Some(crate::domain::DomainError::NotYourAssessment(who)) => {
                let take =
                    crate::ui::keys::key_for(&app.bindings, Context::Overview, Action::TakeOver);
                format!("Assessed by {who}: read-only for you ({take} takes it over).")
            }
            Some(why) => format!("{why}."),
        },
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
        Line::styled("Assessor", app.theme.title()),
        Line::raw(
            cand.assessor_name
                .clone()
                .unwrap_or_else(|| "not started".into()),
        ),
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
        let resume = crate::ui::keys::key_for(&app.bindings, Context::Overview, Action::ResumePath);
        side.push(Line::raw(format!("Stopped: {why} ({resume} resumes)")));
    }
    f.render_widget(
        Paragraph::new(side)
            .wrap(Wrap { trim: true })
            .block(app.theme.block(" Path ")),
        right,
    );
}

/// Items, not rows: one item supporting several competences is stored once per competence.
fn evidence_items(cand: &crate::ui::data::CandidateVm) -> usize {
    let mut seen: Vec<(&str, &str, Option<chrono::NaiveDate>)> = cand
        .evidence
        .iter()
        .map(|e| (e.title.as_str(), e.kind.as_str(), e.dated))
        .collect();
    seen.sort();
    seen.dedup();
    seen.len()
}
