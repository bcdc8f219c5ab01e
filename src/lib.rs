pub mod cli;
pub mod datafile;
pub mod diagnostics;
pub mod domain;
pub mod export;
pub mod keymap;
pub mod ui;
