//! Small reusable pieces drawn over or around the screens. Pure render functions.
//!
//! Must not mutate state or reach the store.

pub mod confirm;
pub mod form;
pub mod help_overlay;
pub mod hint_bar;
pub mod jump_menu;
pub mod status_line;
pub mod text_field;
pub mod too_small;

use ratatui::layout::Rect;

/// A `w`×`h` rectangle centred in `area` (clamped to it).
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}
