//! The store's error type: what went wrong with the database, said so a person can act on it.
//!
//! Depends on rusqlite and std only; the UI shows these in its "not saved" modal.

use std::path::PathBuf;

use thiserror::Error;

/// Message the integrity triggers raise when a finalised assessment would change.
pub(crate) const FINALISED_MESSAGE: &str = "assessment is finalised";

#[derive(Debug, Error)]
pub enum StoreError {
    #[error(
        "{path}: this database was written by a newer leverup (schema version {found}; this \
         program knows up to {supported}). It was not modified. Use the newer leverup, or \
         open another file with --db."
    )]
    NewerSchema {
        found: i64,
        supported: i64,
        path: PathBuf,
    },

    #[error(
        "{path}: not a leverup database (the file is not SQLite, or belongs to another \
         program). It was not modified. Choose another file with --db."
    )]
    NotADatabase { path: PathBuf },

    #[error(
        "{path}: no database file here. Nothing was created.\n  hint: check the path; \
         `leverup demo --db {path}` or the TUI (`leverup --db {path}`) creates a new database"
    )]
    Missing { path: PathBuf },

    #[error(
        "{path}: the database file is damaged (SQLite: database disk image is malformed).\n  \
         hint: restore it from a backup; `sqlite3 {path} .recover` may save what is left, into \
         a new file"
    )]
    Corrupt { path: PathBuf },

    /// The cause is part of the message and deliberately not a `source`: chained error
    /// reports would print it twice.
    #[error("{path}: {}", io_reason(error))]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },

    #[error("no data directory could be determined for this user (is HOME set?)")]
    NoDataDir,

    #[error("the assessment is finalised and cannot be changed; start a new assessment instead")]
    Finalised,

    #[error("no {entity} with id {id}")]
    NotFound { entity: &'static str, id: String },

    #[error(
        "candidate {candidate} holds issued certificates that are not revoked ({}); nothing \
         was erased.\n  hint: revoke them first (`leverup certificates revoke ID --reason \
         \"erasure requested\"`), so that an employer checking a badge learns it no longer \
         stands",
        certificates.join(", ")
    )]
    LiveCertificates {
        candidate: String,
        certificates: Vec<String>,
    },

    #[error("the sign-off could not be signed with the centre's key: {0}")]
    Signing(String),

    #[error("not saved: {who} changed this assessment ({what}) at {at}")]
    Conflict {
        who: String,
        at: String,
        what: String,
        /// The revision the refused write was made against.
        base: i64,
    },

    #[error("not saved: {0}")]
    Stale(String),

    #[error(
        "the database is busy: another leverup kept it locked for more than 5 seconds. \
         Nothing was changed; try again in a moment"
    )]
    Busy,

    #[error(
        "the database file cannot be written ({0}): the file, its folder or the disk is \
         read-only"
    )]
    ReadOnly(String),

    #[error("{path}: read-only database: changes cannot be saved")]
    OpenedReadOnly { path: PathBuf },

    #[error(
        "{path}: this database has schema version {found} and this leverup needs {supported}, \
         but the file is read-only, so it cannot be upgraded. It was not modified. Make the \
         file and its folder writable once, or open a writable copy with --db."
    )]
    ReadOnlyOldSchema {
        found: i64,
        supported: i64,
        path: PathBuf,
    },

    #[error("an in-memory database has no folder beside it where the text could be kept")]
    NoRecoveryFile,

    #[error("the disk holding the database is full ({0})")]
    DiskFull(String),

    #[error("refused by the database: {0}")]
    Constraint(String),

    /// A rule of the procedure (domain) refused the change; nothing was written.
    #[error("{0}")]
    Rule(#[from] crate::domain::DomainError),

    #[error("unexpected value {value:?} in column {column} (database from another version?)")]
    BadCode { column: &'static str, value: String },

    #[error("database migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),

    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    /// Sorts SQLite failures into the cases callers handle differently: the finalised guard
    /// and other constraint refusals are expected outcomes, the rest are faults.
    fn from(e: rusqlite::Error) -> Self {
        if let rusqlite::Error::FromSqlConversionFailure(_, _, inner) = &e
            && let Some(b) = inner.downcast_ref::<super::BadValue>()
        {
            return StoreError::BadCode {
                column: b.column,
                value: b.value.clone(),
            };
        }
        if let rusqlite::Error::SqliteFailure(err, msg) = &e {
            let text = msg.clone().unwrap_or_default();
            if text.contains(FINALISED_MESSAGE) {
                return StoreError::Finalised;
            }
            if matches!(
                err.code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
            ) {
                return StoreError::Busy;
            }
            match err.code {
                rusqlite::ErrorCode::ReadOnly => return StoreError::ReadOnly(e.to_string()),
                rusqlite::ErrorCode::DiskFull => return StoreError::DiskFull(e.to_string()),
                _ => {}
            }
            if err.code == rusqlite::ErrorCode::ConstraintViolation {
                return StoreError::Constraint(if text.is_empty() { e.to_string() } else { text });
            }
        }
        StoreError::Sqlite(e)
    }
}

impl StoreError {
    /// What the person at the keyboard can do about a failed write, in a sentence; `None`
    /// where the message already says it.
    pub fn remedy(&self) -> Option<&'static str> {
        Some(match self {
            StoreError::ReadOnly(_) | StoreError::OpenedReadOnly { .. } => {
                "Check the permissions of the database file and its folder (ls -l), or \
                 start leverup again with --db on a writable copy."
            }
            StoreError::DiskFull(_) => {
                "Free some space on that disk (df -h shows which is full); the next try \
                 saves the text."
            }
            StoreError::Busy => {
                "Another program holds the database: close the other leverup (or whatever \
                 holds the file); the next try saves the text."
            }
            StoreError::Io { .. } | StoreError::Sqlite(_) => {
                "The disk or file system reported a fault: check that it is still mounted \
                 and healthy; the next try saves the text."
            }
            _ => return None,
        })
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError::Constraint(format!("could not encode audit value: {e}"))
    }
}

impl StoreError {
    /// Whether the database file named on the command line is at fault (missing, foreign,
    /// newer), as opposed to a failure while working with it: the CLI exits 2 for these.
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            StoreError::Missing { .. }
                | StoreError::NotADatabase { .. }
                | StoreError::NewerSchema { .. }
        )
    }

    /// Damage SQLite found after the file was opened, told with the file's name.
    pub fn with_path(self, path: &std::path::Path) -> StoreError {
        match &self {
            StoreError::Sqlite(e)
                if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseCorrupt) =>
            {
                StoreError::Corrupt {
                    path: path.to_path_buf(),
                }
            }
            _ => self,
        }
    }
}

/// An I/O error as words: "no such file or directory", without std's "(os error 2)".
pub fn io_reason(e: &std::io::Error) -> String {
    let text = e.to_string();
    let text = match text.rfind(" (os error ") {
        Some(i) => &text[..i],
        None => text.as_str(),
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
