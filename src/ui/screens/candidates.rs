//! The candidate list: one page of rows (name, step, status, last activity; a tutor's own:
//! name, step, what is next), the filter and the count. Holds only the visible page, so
//! 100,000 candidates cost one page query.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{fit, marked};
use crate::ui::app::App;
use crate::ui::keys::{Action, Context};

/// Where the columns start. Step and Last activity start on the terminal's tab stops (every
/// 8 columns), which the writer reaches with a tab or two, a byte each, rather than a
/// 4-byte jump; Status starts two cells after a stop, two spaces after the longest step.
const NAME: usize = 2;
const STEP: usize = 32;
const STATUS: usize = 50;
const LAST: usize = 64;
/// The tutor's own list has no Status column: what is next says it (stopped, with the
/// assessor, the plan) in the room Status took. Step starts on a tab stop.
const MY_STEP: usize = 24;
const MY_NEXT: usize = 42;

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let Some(l) = app.view.list() else {
        return;
    };
    let filter = if l.filtering {
        format!(" /{}_", l.query.name)
    } else if l.query.name.is_empty() {
        String::new()
    } else {
        format!(" /{}", l.query.name)
    };
    let mine = l.query.tutor.is_some();
    let whose = if mine { "My candidates" } else { "Candidates" };
    // No box: a heading, the column header, the rows. A border cost 3 bytes a cell in
    // UTF-8, ≈ 600 of the first frame's bytes (issue 10), and said nothing the heading
    // does not.
    let heading = format!(
        "{whose}: {} shown of {} · status: {}{filter}",
        l.rows.len(),
        l.total_label(),
        l.query.status.label(),
    );
    let columns: &[(&str, usize)] = if mine {
        &[
            ("Name", MY_STEP - NAME),
            ("Step", MY_NEXT - MY_STEP),
            ("What is next", 0),
        ]
    } else {
        &[
            ("Name", STEP - NAME),
            ("Step", STATUS - STEP),
            ("Status", LAST - STATUS),
            ("Last activity", 0),
        ]
    };
    let mut lines = vec![
        Line::styled(heading, app.theme.title()),
        header(app, columns),
    ];
    // What is next takes the rest of the line.
    let next_width = (area.width as usize).saturating_sub(MY_NEXT);
    for (i, row) in l.rows.iter().enumerate() {
        let selected = l.offset + i == l.cursor;
        let step = format!("{} {}", row.step.shown_as(), row.step.label());
        let text = if mine {
            let next = l.next.get(i).map_or("", String::as_str);
            format!(
                "{} {} {}",
                fit(&row.name, MY_STEP - NAME - 1),
                fit(&step, MY_NEXT - MY_STEP - 1),
                fit(next, next_width),
            )
        } else {
            // The day: the list is read for who has waited how long, which the hour does
            // not change, and the hour cost 6 bytes a row of the first frame (issue 10).
            format!(
                "{} {} {} {}",
                fit(&row.name, STEP - NAME - 1),
                fit(&step, STATUS - STEP - 1),
                fit(row.status.label(), LAST - STATUS - 1),
                row.last_activity.format("%Y-%m-%d"),
            )
        };
        lines.push(marked(&app.theme, selected, text));
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
    f.render_widget(Paragraph::new(lines), area);
}

/// The column header: each label in the header style, the padding plain (a styled blank
/// would be sent where a plain one is skipped).
fn header<'a>(app: &App, columns: &[(&'a str, usize)]) -> Line<'a> {
    let mut spans = vec![Span::raw("  ")];
    for &(label, width) in columns {
        spans.push(Span::styled(label, app.theme.header()));
        let pad = width.saturating_sub(label.chars().count());
        if pad > 0 {
            spans.push(Span::raw(" ".repeat(pad)));
        }
    }
    Line::from(spans)
}
