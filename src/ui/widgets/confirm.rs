//! Modal boxes: a yes/no confirmation, and the blocking "not saved" message.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};

use crate::ui::app::{App, ConfirmKind};
use crate::ui::keys::{Action, Context};

pub fn render_confirm(app: &App, kind: ConfirmKind, f: &mut Frame, area: Rect) {
    let keys = |action| {
        app.bindings
            .keys(Context::Confirm, action)
            .iter()
            .map(|k| k.to_string())
            .collect::<Vec<_>>()
            .join(" / ")
    };
    let (yes, no) = (keys(Action::Yes), keys(Action::No));
    if kind == ConfirmKind::PutBack {
        return render_put_back(app, (&yes, &no), f, area);
    }
    let text = match kind {
        ConfirmKind::Finalise => vec![
            Line::raw("Finalise this assessment?"),
            Line::raw("Afterwards it is read-only: nothing can be changed."),
            Line::raw(""),
            Line::raw(format!("{yes} = finalise    {no} = not now")),
        ],
        ConfirmKind::OverwriteTheirs { .. } => vec![
            Line::raw("Someone else changed this assessment while you typed."),
            Line::raw("Save your text over theirs? (Theirs stays in the audit log.)"),
            Line::raw(""),
            Line::raw(format!(
                "{yes} = save mine    {no} = drop mine, keep theirs"
            )),
        ],
        ConfirmKind::PutBack => Vec::new(),
        ConfirmKind::LoadDemo => vec![
            Line::raw("Load the demo: a demo centre with invented candidates?"),
            Line::raw("`leverup demo --remove` takes it all out again."),
            Line::raw(""),
            Line::raw(format!("{yes} = load the demo    {no} = not now")),
        ],
        ConfirmKind::IssueRecords => vec![
            Line::raw("Issue the certificate and Open Badges now?"),
            Line::raw("Signed with the centre's key, written to the certificates folder."),
            Line::raw(""),
            Line::raw(format!(
                "{yes} = issue    {no} = later ({} on review)",
                app.key(Context::Review, Action::IssueRecords)
            )),
        ],
    };
    let r = super::centered(area, 70, 6);
    f.render_widget(Clear, r);
    f.render_widget(Paragraph::new(text).block(app.theme.block(" Confirm ")), r);
}

/// At start: the text an earlier run could not save, and what `yes` and `no` do with it.
fn render_put_back(app: &App, (yes, no): (&str, &str), f: &mut Frame, area: Rect) {
    let Some((place, text, file)) = app.offered_text() else {
        return;
    };
    let form = app.offering_form();
    // A few lines of the text are enough to recognise it; the file holds all of it. A
    // form's values are short: all of them are shown.
    let (heading, shown, back) = match form {
        true => (
            "A form that was not submitted was kept:",
            8,
            "reopen the form with these values",
        ),
        false => (
            "Text that could not be saved was kept:",
            3,
            "put it back into the note (it is then saved normally)",
        ),
    };
    let mut lines = vec![Line::raw(heading), Line::raw(place)];
    for l in text.lines().take(shown) {
        lines.push(Line::styled(format!("  {l}"), app.theme.dim()));
    }
    lines.push(Line::raw(format!("(in {file})")));
    lines.push(Line::raw(""));
    lines.push(Line::raw(format!("{yes} = {back}")));
    lines.push(Line::raw(format!("{no} = keep the file for later")));
    let r = super::centered(area, 70, lines.len() as u16 + 2);
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(app.theme.block(match form {
                true => " Unsaved form kept ",
                false => " Unsaved text kept ",
            })),
        r,
    );
}

pub fn render_not_saved(app: &App, msg: &str, f: &mut Frame, area: Rect) {
    let mut lines: Vec<Line> = msg.lines().map(|l| Line::raw(l.to_string())).collect();
    lines.push(Line::raw(""));
    lines.push(Line::raw("Press any key."));
    // Tall enough for the cause, what to do and where the text is, wrapped: the user
    // must be able to read all of it.
    let (w, inner) = (66u16, 56usize);
    let rows: usize = msg
        .lines()
        .map(|l| l.chars().count().div_ceil(inner).max(1))
        .sum();
    let r = super::centered(area, w, (rows + 4).max(8) as u16);
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .style(app.theme.bad())
            .block(app.theme.block(" NOT SAVED ")),
        r,
    );
}

pub fn render_notice(app: &App, msg: &str, f: &mut Frame, area: Rect) {
    let mut lines: Vec<Line> = msg.lines().map(|l| Line::raw(l.to_string())).collect();
    lines.push(Line::raw(""));
    lines.push(Line::raw("Press any key."));
    let r = super::centered(area, 66, 9);
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(app.theme.block(" leverup ")),
        r,
    );
}
