pub mod domain;
pub mod ui;
