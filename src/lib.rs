pub mod domain;
pub mod export;
