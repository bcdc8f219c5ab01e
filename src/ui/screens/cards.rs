//! The competence cards (DOMAIN.md §3.3 step 1): one competence of the model at a time,
//! as the candidate reads it with the tutor: description, learning outcomes per level,
//! indicators, typical activities and evidence, key competences and ESCO links. Scrolls
//! within the card; the next card starts at its top.
//!
//! Must not mutate state or reach the store.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::ui::app::App;
use crate::ui::views::View;

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let View::Cards(v) = &app.view else {
        return;
    };
    let n = app.model.competences.len();
    let Some(c) = app.model.competences.get(v.index) else {
        return;
    };
    let cluster = app
        .model
        .cluster(&c.cluster)
        .map_or(c.cluster.clone(), |k| k.name.clone());
    let head = |t: &str| Line::styled(t.to_string(), app.theme.title());
    let item = |t: &str| Line::raw(format!("  - {t}"));
    let mut lines = vec![
        Line::styled(format!("Cluster: {cluster}"), app.theme.dim()),
        Line::raw(c.description.clone()),
        Line::raw(""),
        head("Learning outcomes"),
    ];
    for o in &c.outcomes {
        lines.push(Line::raw(format!(
            "  {}: {}",
            o.level.label(),
            o.descriptor
        )));
    }
    lines.push(head("Indicators"));
    lines.extend(c.indicators.iter().map(|i| item(&i.text)));
    lines.push(head("Typical activities"));
    lines.extend(c.activities.iter().map(|a| item(a)));
    lines.push(head("Typical evidence"));
    lines.extend(c.evidence_examples.iter().map(|e| item(e)));
    if !c.key_competences.is_empty() {
        lines.push(head("EU key competences"));
        for k in &c.key_competences {
            let name = app
                .model
                .key_competence(k)
                .map_or(k.clone(), |x| x.name.clone());
            lines.push(item(&name));
        }
    }
    if !c.esco.is_empty() {
        lines.push(head("ESCO"));
        for e in &c.esco {
            lines.push(item(&format!("{} <{}>", e.label, e.uri)));
        }
    }
    let title = format!(
        " Competence cards · {} {} ({}/{n}) ",
        c.code,
        c.name,
        v.index + 1
    );
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((v.scroll, 0))
            .block(app.theme.block(title)),
        area,
    );
}
