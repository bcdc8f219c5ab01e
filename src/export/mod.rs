//! Exports for validation centres: results as CSV, certification records as Open Badges,
//! a candidate's printable portfolio summary as HTML.
//!
//! Pure writers over domain values; files land via temp + rename. No SQL, no terminal.

pub mod atomic;
pub mod badge;
pub mod csv_columns;
mod csv_wide;
pub mod csv_writer;
pub mod out_file;
pub mod portfolio;
pub mod portfolio_html;
