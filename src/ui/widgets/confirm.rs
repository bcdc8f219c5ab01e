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
    let r = super::centered(area, 60, 6);
    f.render_widget(Clear, r);
    f.render_widget(Paragraph::new(text).block(app.theme.block(" Confirm ")), r);
}

pub fn render_not_saved(app: &App, msg: &str, f: &mut Frame, area: Rect) {
    let mut lines: Vec<Line> = msg.lines().map(|l| Line::raw(l.to_string())).collect();
    lines.push(Line::raw(""));
    lines.push(Line::raw("Press any key."));
    let r = super::centered(area, 66, 8);
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
