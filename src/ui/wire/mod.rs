//! The terminal writer: sends a frame's changes with the fewest bytes a tutor's slow link
//! has to carry (issue 10). `WireBackend` wraps crossterm's backend for everything but
//! drawing; `Screen` remembers what the terminal shows so it can write unchanged cells
//! instead of jumping over them; `sgr` and `moves` pick the shortest pen changes and cursor
//! moves. Nothing here knows the app: it sees cells, a cursor and a pen.

mod backend;
mod charset;
mod moves;
mod screen;
mod sgr;

pub use backend::WireBackend;
pub use charset::{TO_ASCII, enabled_by_env as line_drawing_by_env};
