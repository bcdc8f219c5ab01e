//! How a failed command is told: one clean message per failure and the exit code it earns
//! (DESIGN.md §1: 1 runtime failure, 2 invalid input).
//!
//! anyhow's `{:#}` joins every cause with ": ", and std's I/O errors end in "(os error 2)";
//! an error that already quotes its cause in its own text then says it twice. Here each
//! cause is added only when the text so far does not contain it already, and I/O errors are
//! told in words.

use std::fmt;

use crate::store::{StoreError, io_reason};

/// Bad input the CLI found itself (conflicting options and the like): exit 2, with a hint.
#[derive(Debug)]
pub struct InputError {
    what: String,
    hint: String,
}

impl InputError {
    pub fn new(what: impl Into<String>, hint: impl Into<String>) -> Self {
        InputError {
            what: what.into(),
            hint: hint.into(),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\n  hint: {}", self.what, self.hint)
    }
}

impl std::error::Error for InputError {}

/// The exit code an error earns: 2 when the user named something unusable (a missing or
/// foreign database, conflicting options), else 1.
pub fn exit_code(e: &anyhow::Error) -> u8 {
    let bad_input = e.chain().any(|c| {
        c.downcast_ref::<InputError>().is_some()
            || c.downcast_ref::<StoreError>()
                .is_some_and(StoreError::is_bad_input)
    });
    if bad_input {
        super::EXIT_INPUT
    } else {
        super::EXIT_RUNTIME
    }
}

/// The error and its causes as one message, no cause repeated, I/O errors in words.
pub fn describe(e: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in e.chain() {
        let part = match cause.downcast_ref::<std::io::Error>() {
            Some(io) => io_reason(io),
            None => cause.to_string(),
        };
        let part = strip_os_error(&part);
        // An error that quotes its cause ("{path}: {source}") already said this part, if
        // with a capital letter.
        if part.is_empty() || text.to_lowercase().contains(&part.to_lowercase()) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&part);
    }
    text
}

/// "No such file or directory (os error 2)" inside a longer message becomes "No such file
/// or directory": the number helps nobody reading it.
fn strip_os_error(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(" (os error ") {
        out.push_str(&rest[..i]);
        rest = match rest[i..].find(')') {
            Some(end) => &rest[i + end + 1..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    fn not_found() -> std::io::Error {
        std::io::Error::from(std::io::ErrorKind::NotFound)
    }

    #[test]
    fn a_cause_quoted_by_its_error_is_not_repeated() {
        let inner = std::io::Error::from_raw_os_error(2);
        let e = anyhow::Error::new(inner).context("x.db: No such file or directory (os error 2)");
        assert_eq!(describe(&e), "x.db: No such file or directory");
    }

    #[test]
    fn io_causes_are_told_in_words() {
        let e = Err::<(), _>(not_found())
            .context("cannot read a.jwt")
            .unwrap_err();
        assert_eq!(describe(&e), "cannot read a.jwt: entity not found");
        let raw = anyhow::Error::new(std::io::Error::from_raw_os_error(2)).context("cannot read b");
        assert_eq!(describe(&raw), "cannot read b: no such file or directory");
    }

    #[test]
    fn a_missing_database_is_bad_input_and_a_busy_one_is_not() {
        let missing = anyhow::Error::new(StoreError::Missing {
            path: "m.db".into(),
        });
        assert_eq!(exit_code(&missing), 2);
        assert_eq!(exit_code(&anyhow::Error::new(StoreError::Busy)), 1);
        let conflicting = anyhow::Error::new(InputError::new("both", "one"));
        assert_eq!(exit_code(&conflicting), 2);
    }
}
