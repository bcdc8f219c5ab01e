//! The append-only audit log (who, when, what, old → new, why) and the small app-state table.
//!
//! Every change function writes its audit row inside its own transaction, so a change and
//! its record stand or fall together. The database refuses UPDATE/DELETE on the log.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;

use super::{AuditEntry, Result, Store, chain, get_ts, new_id, ts};

/// One audit row to write. `entity_id` is the aggregate the change belongs to (the
/// candidate for portfolio work, the assessment for interview and scoring work), so that
/// `audit_for` on it returns the whole history; `old`/`new` name the child row.
pub(crate) struct Audit<'a> {
    pub actor: &'a str,
    pub at: DateTime<Utc>,
    pub entity: &'static str,
    pub entity_id: &'a str,
    pub action: &'static str,
    pub old: Option<Value>,
    pub new: Option<Value>,
    pub reason: Option<&'a str>,
}

/// Appends one audit row to the hash chain. The only code that inserts into `audit_log`
/// (the schema refuses a row without its link), so every row is chained the same way.
pub(crate) fn write_audit(conn: &Connection, a: Audit<'_>) -> Result<()> {
    write_audit_sealed(conn, a, None)
}

/// [`write_audit`] for a sign-off: `content_digest` seals the assessment's content.
pub(crate) fn write_audit_sealed(
    conn: &Connection,
    a: Audit<'_>,
    content_digest: Option<&str>,
) -> Result<()> {
    let old = a.old.map(|v| v.to_string());
    let new = a.new.map(|v| v.to_string());
    write_audit_row(
        conn,
        &new_id(),
        &ts(a.at),
        [a.actor, a.entity, a.entity_id, a.action],
        [old.as_deref(), new.as_deref(), a.reason],
        content_digest,
    )
}

/// Inserts one chained row: `who` is actor, entity, entity id, action; `payload` is old,
/// new, reason (JSON text for old and new).
pub(crate) fn write_audit_row(
    conn: &Connection,
    id: &str,
    at: &str,
    who: [&str; 4],
    payload: [Option<&str>; 3],
    content_digest: Option<&str>,
) -> Result<()> {
    let [actor, entity, entity_id, action] = who;
    let [old, new, reason] = payload;
    let (prev_seq, prev_hash) = chain::head(conn)?;
    let seq = prev_seq + 1;
    let payload_hash = chain::payload_hash(old, new, reason);
    let hash = chain::link_hash(
        &prev_hash,
        &chain::Link {
            seq,
            id,
            at,
            actor,
            entity,
            entity_id,
            action,
            payload_hash: &payload_hash,
            content_digest,
        },
    );
    conn.prepare_cached(
        "INSERT INTO audit_log (id, at, actor, entity, entity_id, action, old, new, reason,
                                seq, payload_hash, content_digest, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        id,
        at,
        actor,
        entity,
        entity_id,
        action,
        old,
        new,
        reason,
        seq,
        payload_hash,
        content_digest,
        hash
    ])?;
    chain::advance(conn, seq, &hash)
}

impl Store {
    /// The audit trail of one record (candidate, assessment, certificate, …), oldest first.
    pub fn audit_for(&self, entity_id: &str) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, at, actor, entity, entity_id, action, old, new, reason
             FROM audit_log WHERE entity_id = ?1 ORDER BY at, seq",
        )?;
        let rows = stmt.query_map([entity_id], |r| {
            Ok(AuditEntry {
                id: r.get(0)?,
                at: get_ts(r, 1, "audit_log.at")?,
                actor: r.get(2)?,
                entity: r.get(3)?,
                entity_id: r.get(4)?,
                action: r.get(5)?,
                old: r.get(6)?,
                new: r.get(7)?,
                reason: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A value the TUI stored (resume point, last screen…), if any.
    pub fn get_state(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT value FROM app_state WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?)
    }

    /// Stores a TUI value. Not audited: it is navigation, not a domain fact.
    pub fn set_state(&mut self, key: &str, value: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO app_state (key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            )?
            .execute([key, value])?;
        Ok(())
    }
}
