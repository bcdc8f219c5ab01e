//! The terminal user interface: the assessor's guided interview and the tutor's side of
//! the path (registration to the request for assessment, and the development plan).
//!
//! `run` is the entry point; `App` (state + update) is terminal-free so tests drive it with
//! key scripts against the real store. Only `terminal.rs` (which draws through the writer
//! in `wire/`) and `event_loop.rs` touch the terminal; only `App` reaches the database:
//! reads through `queries.rs`, writes as domain commands (`app_command.rs`). Must not import
//! `export` (issuing certification records comes in as a hook from the binary).

pub mod app;
mod app_assess;
mod app_command;
mod app_dossier;
mod app_dossier_forms;
mod app_dossier_handover;
mod app_dossier_keys;
mod app_form_recovery;
mod app_forms;
mod app_list;
mod app_list_page;
mod app_nav;
mod app_recovery;
mod app_save;
mod app_score;
pub mod data;
pub mod dossier_forms;
pub mod dossier_view;
pub mod editor;
pub mod event_loop;
mod file_ref;
pub mod form;
pub mod keys;
pub mod msg;
pub mod overlay;
pub mod queries;
pub mod screen_kind;
pub mod screens;
pub mod terminal;
pub mod testing;
pub mod theme;
pub mod tutor_next;
pub mod views;
pub mod widgets;
pub mod wire;

pub use app::{App, Clock, Screen};
pub use app_assess::{ScoreRow, score_rows};
pub use app_nav::resume_key;
pub use event_loop::Ending;
pub use keys::Keymap;
pub use theme::Theme;

use crate::domain::model::Model;

/// What the binary hands to the TUI.
pub struct RunOptions {
    /// The database.
    pub store: crate::store::Store,
    /// Who is working (`--as`), already resolved; `None` uses the recorded session.
    pub session: Option<data::Session>,
    pub model: Model,
    pub bindings: Keymap,
    /// `--low-bandwidth`: no colour, ASCII borders.
    pub low_bandwidth: bool,
    /// Issues certificates and badges from the review screen (the CLI's code path).
    pub issue_hook: Option<data::IssueHook>,
    /// Loads the demo from the candidate list (the `leverup demo` code path).
    pub demo_hook: Option<data::DemoHook>,
}

/// Opens the TUI and runs it until the assessor quits or a signal ends it (the caller exits
/// with `Ending::exit_code`); the terminal is restored on every exit path.
pub fn run(opts: RunOptions) -> std::io::Result<Ending> {
    let theme = Theme::detect(opts.low_bandwidth);
    let mut app = App::new_as(opts.store, opts.model, opts.bindings, theme, opts.session)
        .with_issue_hook(opts.issue_hook)
        .with_demo_hook(opts.demo_hook);
    let inputs = event_loop::Inputs::new()?;
    let mut term = terminal::setup()?;
    let result = event_loop::run(&mut term, &mut app, inputs);
    terminal::restore();
    // ratatui's Drop shows the cursor again and, when that fails because the terminal hung
    // up, reports it with eprintln!, which panics on the dead terminal. `restore` already
    // did that work, so the Terminal is not dropped.
    std::mem::forget(term);
    result
}
