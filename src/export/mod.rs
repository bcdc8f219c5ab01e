//! Pure writers of exported records. Depends on `domain` and the format crates only.

pub mod badge;
