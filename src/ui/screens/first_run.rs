//! First run on an empty database: the centre's name and the assessor's name.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::ui::app::App;
use crate::ui::widgets;

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let r = widgets::centered(area, 64, 9);
    if let crate::ui::views::View::FirstRun(form) = &app.view {
        widgets::form::render(&app.theme, form, &app.form_keys(), f, r);
    }
}
