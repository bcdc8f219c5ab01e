//! leverup: the LEVER UP validation of transversal competences, in the terminal.
//!
//! Module map: `domain` (pure rules) · `datafile` (the model in data/) · `diagnostics`
//! (file:line:col messages) · `store` (SQLite) · `export` (CSV, Open Badges) · `keymap`
//! (bindings) · `ui` (the TUI) · `cli` (this command line).

fn main() -> std::process::ExitCode {
    leverup::cli::main()
}
