//! The tutor's screen of one candidate: the parts of the dossier as tabs (registration,
//! self-assessment, stories, evidence, readiness, plan) under one header that says the
//! step and what is next. The frame, the tab strip and the short parts live here; the
//! lists in `dossier_lists.rs`.
//!
//! Must not mutate state or reach the store. Rows never re-flow: columns are cut to width.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{dossier_lists, fit, inner, marked};
use crate::domain::dossier::Dossier;
use crate::domain::dossier::readiness::readiness;
use crate::domain::scales::Decision;
use crate::ui::app::App;
use crate::ui::dossier_view::{DossierView, Tab, codes};
use crate::ui::keys::Action;
use crate::ui::tutor_next::what_next;

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let (Some(d), Some(v)) = (&app.dossier, app.view.dossier()) else {
        return;
    };
    let today = app.now().date_naive();
    let step = d.path.step;
    let title = format!(
        " {} · {} {} · next: {} ",
        d.profile.name,
        step.shown_as(),
        step.label(),
        what_next(d, &app.model, today)
    );
    let block = app
        .theme
        .block(cut(&title, area.width.saturating_sub(4) as usize));
    f.render_widget(block, area);
    let body = inner(area);
    let [strip, rest] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(body);
    f.render_widget(Paragraph::new(tab_strip(app, v.tab)), strip);
    match v.tab {
        Tab::Registration => registration(app, d, f, rest),
        Tab::SelfAssessment => dossier_lists::self_assessment(app, d, v, f, rest),
        Tab::Stories => dossier_lists::stories(app, d, v, f, rest),
        Tab::Evidence => dossier_lists::evidence(app, d, v, f, rest),
        Tab::Readiness => ready(app, d, v, f, rest),
        Tab::Plan => plan(app, d, v, f, rest),
    }
}

/// "[Registration]  Self-assessment  …": the part shown in brackets, so it reads without
/// colour; every label keeps its place.
fn tab_strip(app: &App, current: Tab) -> Line<'static> {
    let spans: Vec<Span> = Tab::ALL
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let text = if *t == current {
                format!("[{} {}]", i + 1, t.label())
            } else {
                format!(" {} {} ", i + 1, t.label())
            };
            if *t == current {
                Span::styled(text, app.theme.selected())
            } else {
                Span::raw(text)
            }
        })
        .collect();
    Line::from(spans)
}

/// A numbered register (stories, evidence, goals): the column header, a line saying how to
/// add the first one while it is empty, and the rows of the window holding the cursor.
pub fn register<'a, T>(
    app: &App,
    columns: &[(&str, usize)],
    records: &std::collections::BTreeMap<u32, T>,
    empty: String,
    (row, height): (usize, usize),
    line: impl Fn(&T) -> String,
) -> Vec<Line<'a>> {
    let mut head = format!("  {}", fit("#", 3));
    for (name, width) in columns {
        head.push(' ');
        head.push_str(&match width {
            0 => name.to_string(),
            w => fit(name, *w),
        });
    }
    let mut lines = vec![Line::styled(head, app.theme.title())];
    if records.is_empty() {
        lines.push(Line::raw(format!("  {empty}")));
    }
    let rows = records
        .iter()
        .enumerate()
        .skip(window(row, height))
        .take(height);
    for (i, (n, r)) in rows {
        let text = format!("{} {}", fit(&n.to_string(), 3), line(r));
        lines.push(marked(&app.theme, i == row, text));
    }
    lines
}

/// The box under a list showing the row under the cursor in full.
pub fn panel(app: &App, title: &str, lines: Vec<Line>, f: &mut Frame, area: Rect) {
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(app.theme.block(format!(" {title} "))),
        area,
    );
}

/// The same box holding the row's long text being written, when `field` is the one open.
pub fn panel_or_field(
    app: &App,
    (title, lines): (&str, Vec<Line>),
    field: &crate::ui::editor::Field,
    f: &mut Frame,
    area: Rect,
) {
    let Some(ed) = app.view.editor().filter(|e| e.field == *field) else {
        return panel(app, title, lines, f, area);
    };
    let leave = app.key(
        crate::ui::keys::Context::Notes,
        crate::ui::keys::Action::Leave,
    );
    let block = app
        .theme
        .block(format!(" {title} (typing; {leave} leaves) "));
    let inner = block.inner(area);
    f.render_widget(block, area);
    f.render_widget(&ed.area, inner);
}

/// `s` cut to `width` characters, not padded (titles sit on a border line).
pub fn cut(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        fit(s, width)
    }
}

/// Rows `first..` that fit in `height` with `row` visible: the window moves only when the
/// cursor leaves it, so a move redraws two rows, not the list.
pub fn window(row: usize, height: usize) -> usize {
    (row + 1).saturating_sub(height.max(1))
}

fn registration(app: &App, d: &Dossier, f: &mut Frame, area: Rect) {
    let p = &d.profile;
    let none = || "-".to_string();
    let me = app.actor();
    let consent = match &d.consent {
        Some(c) if c.recorded_by == me => format!("given on {}, recorded by you", c.given_on),
        Some(c) => format!("given on {}", c.given_on),
        None => "not recorded: nothing else can be recorded before it".into(),
    };
    let tutor = match &d.tutor_id {
        Some(t) if *t == me && app.offers(Action::HandOver) => format!(
            "you ({} hands the candidate to another tutor)",
            app.dossier_key(Action::HandOver)
        ),
        Some(t) if *t == me => "you".to_string(),
        Some(_) => app
            .candidate
            .as_ref()
            .and_then(|c| c.tutor_name.clone())
            .unwrap_or_else(none),
        None if app.offers(Action::AssignMe) => format!(
            "none ({} makes you the tutor)",
            app.dossier_key(Action::AssignMe)
        ),
        None => "none".to_string(),
    };
    let row = |label: &str, value: String| {
        Line::from(vec![
            Span::styled(format!("  {}", fit(label, 12)), app.theme.title()),
            Span::raw(value),
        ])
    };
    let mut lines = vec![
        row("Name", p.name.clone()),
        row("E-mail", p.email.clone().unwrap_or_else(none)),
        row("Language", p.language.clone().unwrap_or_else(none)),
        row(
            "Goal",
            p.goal.as_ref().map_or_else(none, |g| match g {
                crate::domain::dossier::PathGoal::Other(t) => t.clone(),
                g => crate::domain::dossier::PathGoal::CHOICES
                    .iter()
                    .find(|(c, _)| *c == g.code())
                    .map_or(g.code().to_string(), |(_, l)| l.to_string()),
            }),
        ),
        row("Consent", consent),
        row("Tutor", tutor),
        row(
            "Claimed",
            match d.claimed.is_empty() {
                true => none(),
                false => codes(&app.model, &d.claimed),
            },
        ),
        Line::raw(""),
    ];
    let k = |a| app.dossier_key(a);
    lines.push(Line::styled(
        format!(
            "  {} edits the registration · {} reads the competence cards",
            k(Action::Open),
            k(Action::Cards)
        ),
        app.theme.dim(),
    ));
    lines.push(Line::styled(
        format!(
            "  {} moves the candidate on · {} stops the path (with a reason) · {} resumes",
            k(Action::AdvanceStep),
            k(Action::StopPath),
            k(Action::ResumePath)
        ),
        app.theme.dim(),
    ));
    if let crate::domain::process::PathStatus::Stopped { reason } = &d.path.status {
        lines.push(Line::styled(
            format!(
                "  {} Stopped at {}: {reason}",
                app.theme.warn_sign(),
                d.path.step.label()
            ),
            app.theme.warn(),
        ));
    }
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

fn ready(app: &App, d: &Dossier, v: &DossierView, f: &mut Frame, area: Rect) {
    let today = app.now().date_naive();
    let all = readiness(d, &app.model, today);
    let [list, detail] = Layout::vertical([Constraint::Min(3), Constraint::Length(7)]).areas(area);
    let mut lines = vec![Line::styled(
        format!(
            "  {} {} {}",
            fit("Claimed competence", 26),
            fit("Portfolio", 18),
            "Ready?"
        ),
        app.theme.title(),
    )];
    if all.is_empty() {
        lines.push(Line::raw(
            "  Nothing claimed yet: claims are made on the self-assessment.",
        ));
    }
    for (i, r) in all.iter().enumerate() {
        let name = app
            .model
            .competence(&r.competence)
            .map_or(r.competence.clone(), |c| format!("{} {}", c.code, c.name));
        let state = match r.ready() {
            true => "[x] ready".to_string(),
            false => format!("[ ] {} missing", r.missing.len()),
        };
        let portfolio = format!("items {}, stories {}", r.items, r.stories);
        lines.push(marked(
            &app.theme,
            i == v.row,
            format!("{} {} {state}", fit(&name, 26), fit(&portfolio, 18)),
        ));
    }
    f.render_widget(Paragraph::new(lines), list);
    let mut text = Vec::new();
    if let Some(r) = all.get(v.row) {
        for m in &r.missing {
            text.push(Line::raw(format!("  - {m}")));
        }
    }
    let request = match &d.request {
        Some(r) => format!(
            "Assessment requested on {}, handed to {}. {} withdraws it.",
            r.requested_on,
            app.request_to
                .clone()
                .unwrap_or_else(|| "the centre's queue".into()),
            app.dossier_key(Action::WithdrawRequest)
        ),
        None => format!(
            "Not requested: {} hands the candidate to an assessor or the queue.",
            app.dossier_key(Action::RequestAssessment)
        ),
    };
    text.push(Line::styled(request, app.theme.title()));
    panel(app, "What is missing", text, f, detail);
}

fn plan(app: &App, d: &Dossier, v: &DossierView, f: &mut Frame, area: Rect) {
    let [list, detail] = Layout::vertical([Constraint::Min(3), Constraint::Length(7)]).areas(area);
    let empty = format!(
        "No goals yet: {} adds one (after the assessment).",
        app.dossier_key(Action::Add)
    );
    let lines = register(
        app,
        &[("Goal", 38), ("Review", 11), ("From", 0)],
        &d.plan,
        empty,
        (v.row, list.height.saturating_sub(1) as usize),
        |g| {
            let what = match &g.competence {
                Some(c) => format!("{} {}", codes(&app.model, std::slice::from_ref(c)), g.goal),
                None => g.goal.clone(),
            };
            format!(
                "{} {} {}",
                fit(&what, 38),
                fit(&g.review_on.to_string(), 11),
                g.source.code()
            )
        },
    );
    f.render_widget(Paragraph::new(lines), list);
    let mut text = Vec::new();
    if let Some(g) = v.number(&d.plan).and_then(|n| d.plan.get(&n)) {
        text.push(Line::raw(format!("  Actions: {}", g.actions)));
    }
    let not_validated: Vec<String> = app
        .work
        .iter()
        .flat_map(|w| w.competences.iter())
        .filter(|c| c.decision == Decision::NotValidated)
        .map(|c| codes(&app.model, std::slice::from_ref(&c.competence_id)))
        .collect();
    if !not_validated.is_empty() {
        text.push(Line::raw(format!(
            "  Not validated in the assessment (goals to consider): {}",
            not_validated.join(" ")
        )));
    }
    let k = |a| app.dossier_key(a);
    text.push(Line::styled(
        format!(
            "  {} adds · {} edits · {} writes the actions · {} the plan is made",
            k(Action::Add),
            k(Action::Open),
            k(Action::Write),
            k(Action::FinishPlan)
        ),
        app.theme.dim(),
    ));
    text.push(Line::styled(
        "  Printable with the portfolio: leverup export portfolio CANDIDATE",
        app.theme.dim(),
    ));
    let number = v.number(&d.plan).unwrap_or(0);
    let field = crate::ui::editor::Field::Actions { number };
    panel_or_field(app, ("Development plan", text), &field, f, detail);
}
