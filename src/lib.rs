pub mod demo;
pub mod domain;
pub mod export;
pub mod store;
