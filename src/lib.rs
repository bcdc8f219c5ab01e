pub mod domain;
pub mod diagnostics;
pub mod keymap;
