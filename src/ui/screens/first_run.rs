//! First run on an empty database: the centre's name, the person's name and role.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::ui::app::App;
use crate::ui::widgets;

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    if let crate::ui::views::View::FirstRun(form) = &app.view {
        let r = widgets::centered(area, 64, form.fields.len() as u16 * 2 + 4);
        widgets::form::render(&app.theme, form, &app.form_keys(), f, r);
    }
}
