//! The database: SQLite through rusqlite, one transaction per change, an audit row each.
//!
//! Depends on `domain` (codes, model ids) and rusqlite only; no terminal, no clock (every
//! function that records a fact takes `now`). Submodules each own one job:
//! `open` (files, pragmas, migrations), `people`, `candidates`, `candidate_list` (the list
//! paged by key), `portfolio` (candidate side),
//! `commit` and `change_rows` (the one write path of assessment work: a domain change set in
//! one transaction), `state` and `load` (reading aggregates back), `assessment` (summaries),
//! `certificates` and `status_list` (the register: positions, keys), `audit` (audit log, app state), `chain` (the audit log's hash chain and
//! the seal on signed-off work), `check` (`db check`), `bulk` (the demo's fast path),
//! `demo_data` (which records are demo, and taking them out), `erasure` and
//! `subject_access` (erasing a candidate, and everything held about them),
//! `recovery` (text the database refused, kept in a file beside it).

mod assessment;
mod audit;
pub mod bulk;
mod candidate_list;
mod candidates;
mod certificates;
mod chain;
mod change_rows;
mod check;
mod commit;
mod compact;
mod demo_data;
mod dossier;
mod dossier_commit;
mod erasure;
mod error;
mod load;
mod open;
mod people;
mod portfolio;
#[cfg(test)]
mod query_plans;
pub mod records;
mod recovery;
pub mod results;
mod seal_signature;
mod state;
mod status_list;
mod subject_access;

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::types::Type;
use rusqlite::{Connection, Row};
use std::path::{Path, PathBuf};

pub use candidate_list::{CandidateKey, PageAt};
pub use check::{CheckPart, CheckReport};
pub use demo_data::DemoRemoval;
pub use erasure::Erasure;
pub use error::{Result, StoreError, io_reason};
pub use open::SCHEMA_VERSION;
pub use records::*;
pub use recovery::{UnsavedForm, UnsavedText};
pub use results::{ResultFilter, ResultRecord, results_sql};
pub use seal_signature::{SealSignature, SealSigner, SignOff, seal_message};
pub use status_list::{RegisteredKey, STATUS_LIST_BITS};

/// An open leverup database.
pub struct Store {
    conn: Connection,
    /// `None` for an in-memory database.
    path: Option<PathBuf>,
    /// Opened with SQLite's read-only flag (the file or its folder is not writable).
    read_only: bool,
    /// Signs every sign-off committed here with the centre's key, when it has one.
    seal_signer: Option<SealSigner>,
}

impl Store {
    /// The file this store was opened from, if any.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// True when the database was opened read-only: every write would be refused.
    pub fn read_only(&self) -> bool {
        self.read_only
    }

    /// How long a write waits for another program's lock: the full 5 s normally, a few
    /// hundred milliseconds for retries after a lock was met, so that the screen stays
    /// responsive for as long as the other program holds on.
    pub fn be_patient(&self, patient: bool) -> Result<()> {
        self.conn.busy_timeout(if patient {
            open::BUSY_TIMEOUT
        } else {
            open::SHORT_BUSY_TIMEOUT
        })?;
        Ok(())
    }
}

/// A fresh random record id (UUID v4, text).
pub(crate) fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Timestamps are stored as fixed-width ISO 8601 UTC text with milliseconds, so that text
/// order is time order and indexes on them sort correctly.
pub(crate) fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A value read back from the database that this version does not understand.
#[derive(Debug)]
pub(crate) struct BadValue {
    pub column: &'static str,
    pub value: String,
}

impl std::fmt::Display for BadValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "unexpected value {:?} in column {}",
            self.value, self.column
        )
    }
}

impl std::error::Error for BadValue {}

pub(crate) fn bad(idx: usize, column: &'static str, value: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, Box::new(BadValue { column, value }))
}

/// Reads a timestamp column.
pub(crate) fn get_ts(
    row: &Row<'_>,
    idx: usize,
    column: &'static str,
) -> rusqlite::Result<DateTime<Utc>> {
    let s: String = row.get(idx)?;
    DateTime::parse_from_rfc3339(&s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| bad(idx, column, s))
}

/// Reads a nullable timestamp column.
pub(crate) fn get_opt_ts(
    row: &Row<'_>,
    idx: usize,
    column: &'static str,
) -> rusqlite::Result<Option<DateTime<Utc>>> {
    let s: Option<String> = row.get(idx)?;
    match s {
        None => Ok(None),
        Some(s) => DateTime::parse_from_rfc3339(&s)
            .map(|t| Some(t.with_timezone(&Utc)))
            .map_err(|_| bad(idx, column, s)),
    }
}

/// Reads a code column through the enum's `from_code`.
pub(crate) fn get_code<T>(
    row: &Row<'_>,
    idx: usize,
    column: &'static str,
    from_code: fn(&str) -> Option<T>,
) -> rusqlite::Result<T> {
    let s: String = row.get(idx)?;
    from_code(&s).ok_or_else(|| bad(idx, column, s))
}

/// Reads a nullable code column.
pub(crate) fn get_opt_code<T>(
    row: &Row<'_>,
    idx: usize,
    column: &'static str,
    from_code: fn(&str) -> Option<T>,
) -> rusqlite::Result<Option<T>> {
    let s: Option<String> = row.get(idx)?;
    match s {
        None => Ok(None),
        Some(s) => from_code(&s).map(Some).ok_or_else(|| bad(idx, column, s)),
    }
}

/// Fails with `NotFound` unless a row with this id exists in `table`.
pub(crate) fn require(
    conn: &Connection,
    table: &'static str,
    entity: &'static str,
    id: &str,
) -> Result<()> {
    // `table` is always a literal from this module, never user input.
    let sql = format!("SELECT 1 FROM {table} WHERE id = ?1");
    let found = conn.prepare_cached(&sql)?.exists([id])?;
    if found {
        Ok(())
    } else {
        Err(StoreError::NotFound {
            entity,
            id: id.to_string(),
        })
    }
}
