//! The terminal user interface: the assessor's guided interview.
//!
//! `run` is the entry point; `App` (state + update) is terminal-free so tests drive it with
//! key scripts. Only `terminal.rs` and `event_loop.rs` touch the terminal; only `App`
//! reaches the database, through the `Backend` port. Must not import `export` (issuing
//! certification records comes in as a hook from the binary).

pub mod app;
mod app_assess;
mod app_list;
mod app_nav;
pub mod backend;
pub mod editor;
pub mod event_loop;
pub mod form;
pub mod keys;
pub mod memory_backend;
pub mod msg;
pub mod screens;
mod store_backend;
pub mod terminal;
pub mod testing;
pub mod theme;
pub mod widgets;
pub mod work;

pub use app::{App, Clock, Screen};
pub use app_assess::{ScoreRow, score_rows};
pub use app_nav::RESUME_KEY;
pub use backend::Backend;
pub use keys::Keymap;
pub use theme::Theme;

use crate::domain::model::Model;

/// What the binary hands to the TUI.
pub struct RunOptions {
    /// The database (the SQLite store in production).
    pub backend: Box<dyn Backend>,
    pub model: Model,
    pub bindings: Keymap,
    /// `--low-bandwidth`: no colour, ASCII borders.
    pub low_bandwidth: bool,
    /// Issues certificates and badges from the review screen (the CLI's code path).
    pub issue_hook: Option<backend::IssueHook>,
}

/// Opens the TUI and runs it until the assessor quits; the terminal is restored on every
/// exit path.
pub fn run(opts: RunOptions) -> std::io::Result<()> {
    let theme = Theme::detect(opts.low_bandwidth);
    let mut app =
        App::new(opts.backend, opts.model, opts.bindings, theme).with_issue_hook(opts.issue_hook);
    let mut term = terminal::setup()?;
    let result = event_loop::run(&mut term, &mut app);
    terminal::restore();
    // ratatui's Drop shows the cursor again and, when that fails because the terminal hung
    // up, reports it with eprintln!, which panics on the dead terminal. `restore` already
    // did that work, so the Terminal is not dropped.
    std::mem::forget(term);
    result
}
