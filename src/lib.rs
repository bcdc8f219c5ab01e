pub mod diagnostics;
pub mod domain;
pub mod keymap;
