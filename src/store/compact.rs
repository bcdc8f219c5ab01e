//! The compact form of the rows inside an assessment or a portfolio (migration 0013), for
//! the bulk loader, which writes the `_rows` tables directly: going through the views'
//! INSTEAD OF triggers costs a key lookup, code lookups and a timestamp round trip in SQL
//! for every row, a third of the demo's time.
//!
//! The values are the ones the views' triggers would store: the parent's integer key, the
//! code of each id or word in `codes` (looked up by name, never assumed), and a timestamp
//! in the store's own form as unix milliseconds.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};

use super::Result;

/// Codes and the last parent keys looked up. Only the last key of each kind is kept: a
/// loader writes the rows of one candidate or assessment together, and a map of every id
/// would grow with the data set.
#[derive(Default)]
pub(crate) struct CompactKeys {
    codes: HashMap<String, i64>,
    candidate: Option<(String, i64)>,
    assessment: Option<(String, i64)>,
}

impl CompactKeys {
    /// The code of `name` in `codes`, adding it if new (a word outside a closed
    /// vocabulary then fails its column's CHECK, as through the view).
    pub fn code(&mut self, conn: &Connection, name: &str) -> Result<i64> {
        if let Some(&c) = self.codes.get(name) {
            return Ok(c);
        }
        conn.prepare_cached("INSERT OR IGNORE INTO codes (name) VALUES (?1)")?
            .execute([name])?;
        let c: i64 = conn
            .prepare_cached("SELECT code FROM codes WHERE name = ?1")?
            .query_row([name], |r| r.get(0))?;
        self.codes.insert(name.to_string(), c);
        Ok(c)
    }

    /// A code for an optional word: NULL stays NULL.
    pub fn code_opt(&mut self, conn: &Connection, name: Option<&str>) -> Result<Option<i64>> {
        name.map(|n| self.code(conn, n)).transpose()
    }

    pub fn candidate(&mut self, conn: &Connection, id: &str) -> Result<i64> {
        key(conn, &mut self.candidate, "candidate_keys", id)
    }

    pub fn assessment(&mut self, conn: &Connection, id: &str) -> Result<i64> {
        key(conn, &mut self.assessment, "assessment_keys", id)
    }
}

/// The integer key of record `id` in `table`, given now if it has none yet (a loader may
/// write children before their parent, under deferred foreign keys).
fn key(conn: &Connection, last: &mut Option<(String, i64)>, table: &str, id: &str) -> Result<i64> {
    if let Some((last_id, k)) = last
        && last_id == id
    {
        return Ok(*k);
    }
    let select = format!("SELECT key FROM {table} WHERE id = ?1");
    let found: Option<i64> = conn
        .prepare_cached(&select)?
        .query_row([id], |r| r.get(0))
        .optional()?;
    let k = match found {
        Some(k) => k,
        None => {
            conn.prepare_cached(&format!("INSERT INTO {table} (id) VALUES (?1)"))?
                .execute([id])?;
            conn.last_insert_rowid()
        }
    };
    *last = Some((id.to_string(), k));
    Ok(k)
}

/// A timestamp as the `_rows` tables store it: unix milliseconds, which the views give
/// back as exactly `ts(t)` (the store's form has milliseconds, nothing finer).
pub(crate) fn millis(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::store::{Store, ts};

    /// The views' reading of a stored millisecond value is the store's own text.
    #[test]
    fn millis_read_back_as_the_stores_text() {
        let store = Store::open_in_memory().unwrap();
        for (secs, nanos) in [
            (0, 0),
            (1_767_225_600, 1_000_000),
            (1_767_225_633, 156_000_000),
            (1_767_225_659, 999_000_000),
            (4_102_444_799, 999_999_999),
        ] {
            let t = Utc.timestamp_opt(secs, nanos).unwrap();
            let back: String = store
                .conn
                .query_row(
                    "SELECT strftime('%Y-%m-%dT%H:%M:%fZ', ?1 / 1000.0, 'unixepoch')",
                    [millis(t)],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(back, ts(t), "{t:?}");
        }
    }
}
