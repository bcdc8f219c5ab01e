//! `leverup db check`: is the database whole, and was anything changed behind leverup's
//! back? SQLite's own checks, the audit hash chain, the seals on signed-off assessments,
//! and the integrity triggers that keep finalised work and history from changing.
//!
//! Reads only; reports every finding rather than stopping at the first part that fails.

use std::collections::BTreeSet;

use rusqlite::{Connection, OptionalExtension};

use super::chain::{Link, Seal, assessment_seal, head, link_hash, payload_hash};
use super::open::MIGRATION_SQL;
use super::{Result, Store};

/// One part of the check: what was checked, and what is wrong with it (empty when well).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckPart {
    pub name: &'static str,
    /// What was found when all is well ("1 204 rows, unbroken").
    pub summary: String,
    pub problems: Vec<String>,
}

/// The whole check, part by part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport {
    pub parts: Vec<CheckPart>,
}

impl CheckReport {
    /// True when no part found a problem.
    pub fn is_clean(&self) -> bool {
        self.parts.iter().all(|p| p.problems.is_empty())
    }

    pub fn problem_count(&self) -> usize {
        self.parts.iter().map(|p| p.problems.len()).sum()
    }
}

impl Store {
    /// Runs every check; an `Err` only when the database could not be read at all.
    pub fn check(&self) -> Result<CheckReport> {
        let c = &self.conn;
        Ok(CheckReport {
            parts: vec![
                sqlite_integrity(c)?,
                foreign_keys(c)?,
                audit_chain(c)?,
                sign_offs(c)?,
                triggers(c)?,
            ],
        })
    }
}

fn sqlite_integrity(c: &Connection) -> Result<CheckPart> {
    let lines: Vec<String> = c
        .prepare("PRAGMA integrity_check")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let problems: Vec<String> = lines.into_iter().filter(|l| l != "ok").collect();
    Ok(CheckPart {
        name: "SQLite integrity",
        summary: "ok".into(),
        problems,
    })
}

fn foreign_keys(c: &Connection) -> Result<CheckPart> {
    let problems: Vec<String> = c
        .prepare("PRAGMA foreign_key_check")?
        .query_map([], |r| {
            let table: String = r.get(0)?;
            let rowid: Option<i64> = r.get(1)?;
            let parent: String = r.get(2)?;
            Ok(format!(
                "{table} row {} points to a missing {parent} row",
                rowid.map_or("?".into(), |n| n.to_string())
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(CheckPart {
        name: "foreign keys",
        summary: "every reference resolves".into(),
        problems,
    })
}

/// An audit row as the chain sees it.
struct Stored {
    seq: Option<i64>,
    id: String,
    at: String,
    actor: String,
    entity: String,
    entity_id: String,
    action: String,
    payload: [Option<String>; 3],
    payload_hash: Option<String>,
    content_digest: Option<String>,
    hash: Option<String>,
    /// Payload blanked by a candidate's erasure (migration 0006).
    erased: bool,
}

impl Stored {
    fn describe(&self) -> String {
        format!(
            "audit row {} ({} {} {}, {} by {})",
            self.id, self.entity, self.entity_id, self.action, self.at, self.actor
        )
    }
}

/// Walks the chain in order and reports the first link that does not hold: a row whose
/// content changed, rows deleted (a gap in the numbering, or a head past the last row), or
/// a row inserted (no link, or a number already taken).
fn audit_chain(c: &Connection) -> Result<CheckPart> {
    let rows: Vec<Stored> = c
        .prepare(
            "SELECT seq, id, at, actor, entity, entity_id, action, old, new, reason,
                    payload_hash, content_digest, hash, erased
             FROM audit_log ORDER BY seq",
        )?
        .query_map([], |r| {
            Ok(Stored {
                seq: r.get(0)?,
                id: r.get(1)?,
                at: r.get(2)?,
                actor: r.get(3)?,
                entity: r.get(4)?,
                entity_id: r.get(5)?,
                action: r.get(6)?,
                payload: [r.get(7)?, r.get(8)?, r.get(9)?],
                payload_hash: r.get(10)?,
                content_digest: r.get(11)?,
                hash: r.get(12)?,
                erased: r.get::<_, i64>(13)? == 1,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let (head_seq, head_hash) = head(c)?;
    let erased = erased_ids(c)?;
    let problem = first_break(&rows, head_seq, &head_hash, &erased);
    Ok(CheckPart {
        name: "audit chain",
        summary: format!("{} rows, unbroken", rows.len()),
        problems: problem.into_iter().collect(),
    })
}

/// The ids whose audit rows an erasure blanked, as the erasures' own (chained) rows name
/// them: a row marked erased that no erasure names is a payload hidden behind leverup's back.
fn erased_ids(c: &Connection) -> Result<BTreeSet<String>> {
    Ok(c.prepare(
        "SELECT j.value FROM audit_log e, json_each(e.new, '$.erased_ids') j
         WHERE e.entity = 'candidate' AND e.action = 'erase' AND e.erased = 0",
    )?
    .query_map([], |r| r.get(0))?
    .collect::<rusqlite::Result<_>>()?)
}

fn first_break(
    rows: &[Stored],
    head_seq: i64,
    head_hash: &str,
    erased: &BTreeSet<String>,
) -> Option<String> {
    let mut prev = String::new();
    let mut expected = 1;
    for row in rows {
        let (Some(seq), Some(ph), Some(hash)) = (row.seq, &row.payload_hash, &row.hash) else {
            return Some(format!(
                "{}: row inserted outside the chain (it has no link)",
                row.describe()
            ));
        };
        if seq < expected {
            return Some(format!(
                "{}: row inserted (chain position {seq} is taken twice)",
                row.describe()
            ));
        }
        if seq > expected {
            let gone = if seq - expected == 1 {
                format!("the row at chain position {expected} was")
            } else {
                format!("the rows at chain positions {expected}–{} were", seq - 1)
            };
            return Some(format!("{}: {gone} deleted just before it", row.describe()));
        }
        let [old, new, reason] = &row.payload;
        let blank = old.is_none() && new.is_none() && reason.is_none();
        if row.erased && !(blank && erased.contains(&row.entity_id)) {
            return Some(format!(
                "{}: marked erased, but no erasure of its record is in the log",
                row.describe()
            ));
        }
        // An erased row's payload is gone on purpose; its hash still links the chain.
        if !row.erased && payload_hash(old.as_deref(), new.as_deref(), reason.as_deref()) != *ph {
            return Some(format!(
                "{}: content changed (its old/new/reason text no longer matches its hash)",
                row.describe()
            ));
        }
        let link = Link {
            seq,
            id: &row.id,
            at: &row.at,
            actor: &row.actor,
            entity: &row.entity,
            entity_id: &row.entity_id,
            action: &row.action,
            payload_hash: ph,
            content_digest: row.content_digest.as_deref(),
        };
        if link_hash(&prev, &link) != *hash {
            return Some(format!(
                "{}: content changed, or a row before it was replaced (chain position {seq})",
                row.describe()
            ));
        }
        prev = hash.clone();
        expected += 1;
    }
    let last = expected - 1;
    if head_seq > last {
        return Some(format!(
            "the newest {} deleted (the chain reached position {head_seq}, the log ends at {last})",
            if head_seq - last == 1 {
                "row was"
            } else {
                "rows were"
            }
        ));
    }
    if head_seq < last || head_hash != prev {
        return Some(format!(
            "the chain's head does not match its last row (position {last}): rows were \
             inserted or the head was changed"
        ));
    }
    None
}

/// Every finalised assessment against the seal on its finalise row; and every seal against
/// an assessment still there and still finalised.
fn sign_offs(c: &Connection) -> Result<CheckPart> {
    let finalised: Vec<(String, String)> = c
        .prepare(
            "SELECT a.id, coalesce(c.name, '?') FROM assessments a
             LEFT JOIN candidates c ON c.id = a.candidate_id
             WHERE a.finalised_at IS NOT NULL ORDER BY a.finalised_at, a.id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut problems = Vec::new();
    let mut seal_of = c.prepare(
        "SELECT content_digest, new FROM audit_log
         WHERE entity = 'assessment' AND action = 'finalise' AND entity_id = ?1
         ORDER BY seq DESC LIMIT 1",
    )?;
    for (id, candidate) in &finalised {
        type Sealed = (Option<String>, Option<String>);
        let seal: Option<Sealed> = seal_of
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let now = assessment_seal(c, id)?;
        match (seal, now) {
            (None, _) => problems.push(format!(
                "assessment {id} ({candidate}): finalised, but the audit log has no sign-off"
            )),
            (Some((None, _)), _) => problems.push(format!(
                "assessment {id} ({candidate}): its sign-off carries no content seal"
            )),
            (Some((Some(sealed), payload)), now) => {
                if now.as_ref().map(|s| s.digest.as_str()) != Some(sealed.as_str()) {
                    problems.push(format!(
                        "assessment {id} ({candidate}): changed after sign-off ({})",
                        what_changed(payload.as_deref(), now.as_ref())
                    ));
                }
            }
        }
    }
    let unfinalised: Vec<String> = c
        .prepare(
            "SELECT DISTINCT l.entity_id FROM audit_log l
             LEFT JOIN assessments a ON a.id = l.entity_id
             WHERE l.entity = 'assessment' AND l.action = 'finalise'
               AND a.finalised_at IS NULL
               -- Taken out by `demo --remove` or a candidate's erasure, which name them in
               -- their own (chained) rows.
               AND l.entity_id NOT IN (
                   SELECT j.value FROM audit_log d,
                          json_each(d.new, '$.finalised_assessment_ids') j
                   WHERE (d.entity = 'demo' AND d.action = 'remove')
                      OR (d.entity = 'candidate' AND d.action = 'erase'))
             ORDER BY l.entity_id",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in unfinalised {
        problems.push(format!(
            "assessment {id}: signed off, but now missing or no longer finalised"
        ));
    }
    Ok(CheckPart {
        name: "signed-off assessments",
        summary: format!("{} sealed, content unchanged", finalised.len()),
        problems,
    })
}

/// Which sealed parts differ, from the part digests the sign-off's payload recorded; the
/// whole list when they are not there (a sign-off sealed by the migration, or erased).
fn what_changed(payload: Option<&str>, now: Option<&Seal>) -> String {
    let everything = "scores, decisions, ratings, verdicts, notes, names or claimed \
                      competences";
    let recorded = payload
        .and_then(|p| serde_json::from_str::<serde_json::Value>(p).ok())
        .and_then(|v| v.get("sealed").cloned());
    let (Some(recorded), Some(now)) = (recorded, now) else {
        return everything.into();
    };
    let changed: Vec<&str> = now
        .parts
        .iter()
        .filter(|(name, d)| recorded.get(*name).and_then(|v| v.as_str()) != Some(d.as_str()))
        .map(|(name, _)| *name)
        .collect();
    if changed.is_empty() {
        everything.into()
    } else {
        changed.join(", ")
    }
}

/// The triggers the migrations create (and do not drop again), in schema order.
pub(crate) fn expected_triggers() -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for sql in MIGRATION_SQL {
        let words: Vec<&str> = sql
            .lines()
            .map(|l| l.split("--").next().unwrap_or(""))
            .flat_map(str::split_whitespace)
            .collect();
        for (i, w) in words.iter().enumerate() {
            let verb = w.to_ascii_uppercase();
            let is_trigger = words
                .get(i + 1)
                .is_some_and(|t| t.eq_ignore_ascii_case("TRIGGER"));
            if !is_trigger || (verb != "CREATE" && verb != "DROP") {
                continue;
            }
            // `IF [NOT] EXISTS` sits between the keyword and the name.
            let name = words[i + 2..]
                .iter()
                .find(|t| !["IF", "NOT", "EXISTS"].contains(&t.to_ascii_uppercase().as_str()));
            if let Some(name) = name {
                let name = name.trim_end_matches(';').to_string();
                names.retain(|n| *n != name);
                if verb == "CREATE" {
                    names.push(name);
                }
            }
        }
    }
    names
}

fn triggers(c: &Connection) -> Result<CheckPart> {
    let present: BTreeSet<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let expected = expected_triggers();
    let problems = expected
        .iter()
        .filter(|n| !present.contains(*n))
        .map(|n| format!("trigger {n} is missing (dropped): the rule it enforced is off"))
        .collect();
    Ok(CheckPart {
        name: "integrity triggers",
        summary: format!("all {} present", expected.len()),
        problems,
    })
}
