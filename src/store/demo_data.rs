//! Demo data in a database: which records are demo, whether the database holds real data,
//! and taking every demo record out again (migration 0004 holds the marker and the rules).
//!
//! A record is demo when it hangs off a demo centre: the centre's candidates and everything
//! theirs (portfolio, assessments, certificates), and the people whose every role is at a
//! demo centre. The database itself refuses to let anything else be removed, so a mistake
//! here cannot take real records or real audit rows with it.

use rusqlite::{Transaction, params};

use chrono::{DateTime, Utc};
use serde_json::json;

use super::audit::{Audit, write_audit};
use super::{Result, Store};

/// What [`Store::remove_demo`] took out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoRemoval {
    pub centres: usize,
    pub people: usize,
    pub candidates: usize,
    pub assessments: usize,
    pub certificates: usize,
    /// Audit rows about the removed records; they stay (the log is append-only).
    pub audit_rows: usize,
}

/// Candidates of a demo centre, as a subquery.
pub(crate) const DEMO_CANDIDATES: &str = "SELECT c.id FROM candidates c \
     JOIN centres ce ON ce.id = c.centre_id WHERE ce.demo = 1";

impl Store {
    /// True when a candidate belongs to a real (non-demo) centre: such a database is not
    /// for demo data. A centre with only its staff (the TUI's first run makes one) does not
    /// count: nothing about a candidate could be mixed up with the demo yet.
    pub fn holds_real_data(&self) -> Result<bool> {
        Ok(self.conn.query_row(
            // Centre by centre through the candidates' centre index: a 100,000-candidate
            // demo answers at once, without reading its candidates.
            "SELECT EXISTS (SELECT 1 FROM centres ce WHERE ce.demo = 0 AND EXISTS
                                (SELECT 1 FROM candidates c WHERE c.centre_id = ce.id))",
            [],
            |r| r.get(0),
        )?)
    }

    /// True when the database holds a demo centre.
    pub fn holds_demo_data(&self) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM centres WHERE demo = 1)",
            [],
            |r| r.get(0),
        )?)
    }

    /// True when the centre is a demo centre.
    pub fn is_demo_centre(&self, centre_id: &str) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM centres WHERE id = ?1 AND demo = 1)",
            [centre_id],
            |r| r.get(0),
        )?)
    }

    /// True when the assessment belongs to a demo candidate: no certificate is issued for
    /// it with the centre's key.
    pub fn is_demo_assessment(&self, assessment_id: &str) -> Result<bool> {
        // A join from the one assessment, not `candidate_id IN (every demo candidate)`: that
        // list is built by scanning all candidates, once per call (per certificate exported).
        Ok(self
            .conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM assessments a
                            JOIN candidates c ON c.id = a.candidate_id
                            JOIN centres ce ON ce.id = c.centre_id
                            WHERE a.id = ?1 AND ce.demo = 1)",
            )?
            .query_row([assessment_id], |r| r.get(0))?)
    }

    /// Takes every demo record out in one transaction (their audit rows stay: the log is
    /// append-only and chained; the removal is recorded in it):
    /// either all of it goes or nothing does. Real records are untouched; a person who also
    /// works at a real centre, or whom a real record names, stays.
    pub fn remove_demo(&mut self, actor: &str, now: DateTime<Utc>) -> Result<DemoRemoval> {
        let tx = self.conn.transaction()?;
        // Named in the removal's audit row, so `db check` knows these signed-off assessments
        // left by this removal, not behind its back.
        let gone: Vec<String> = tx
            .prepare(&format!(
                "SELECT id FROM assessments WHERE finalised_at IS NOT NULL
                   AND candidate_id IN ({DEMO_CANDIDATES}) ORDER BY id"
            ))?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let removal = remove_in(&tx)?;
        write_audit(
            &tx,
            Audit {
                actor,
                at: now,
                entity: "demo",
                entity_id: "demo",
                action: "remove",
                old: None,
                new: Some(json!({
                    "centres": removal.centres, "people": removal.people,
                    "candidates": removal.candidates, "assessments": removal.assessments,
                    "certificates": removal.certificates,
                    "finalised_assessment_ids": gone,
                })),
                reason: None,
            },
        )?;
        tx.commit()?;
        Ok(removal)
    }
}

fn remove_in(tx: &Transaction<'_>) -> Result<DemoRemoval> {
    let assessments =
        format!("SELECT id FROM assessments WHERE candidate_id IN ({DEMO_CANDIDATES})");
    // People to remove: every role at a demo centre, none at a real one, and not named by a
    // record that stays (a real candidate's tutor, a real assessment's assessor).
    let people = format!(
        "SELECT r.person_id FROM person_roles r JOIN centres ce ON ce.id = r.centre_id
         GROUP BY r.person_id HAVING min(ce.demo) = 1
         EXCEPT SELECT tutor_id FROM candidates
                WHERE tutor_id IS NOT NULL AND id NOT IN ({DEMO_CANDIDATES})
         EXCEPT SELECT assessor_id FROM assessments
                WHERE candidate_id NOT IN ({DEMO_CANDIDATES})"
    );
    let certificates =
        format!("SELECT id FROM certificates WHERE assessment_id IN ({assessments})");
    // The ids first, while every chain to a demo centre is intact for the database's check.
    for source in [
        "SELECT id FROM centres WHERE demo = 1",
        DEMO_CANDIDATES,
        &assessments,
        &certificates,
        &people,
    ] {
        tx.execute(
            &format!("INSERT OR IGNORE INTO demo_removal (id) {source}"),
            [],
        )?;
    }
    let count = |sql: &str| -> Result<usize> {
        let n: i64 = tx.query_row(&format!("SELECT count(*) FROM ({sql})"), [], |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    };
    let mut removal = DemoRemoval {
        centres: count("SELECT id FROM centres WHERE demo = 1")?,
        people: count(&people)?,
        candidates: count(DEMO_CANDIDATES)?,
        assessments: count(&assessments)?,
        certificates: count(&certificates)?,
        audit_rows: 0,
    };
    // The audit log keeps the history of what is removed (it is append-only and chained);
    // the removal is recorded in it like any other change.
    removal.audit_rows = tx.query_row(
        "SELECT count(*) FROM audit_log WHERE entity_id IN (SELECT id FROM demo_removal)",
        [],
        |r| r.get::<_, i64>(0),
    )? as usize;
    super::assessment::delete_children(tx, "demo_removal")?;
    tx.execute(
        "DELETE FROM assessments WHERE id IN (SELECT id FROM demo_removal)",
        [],
    )?;
    for (table, _) in super::subject_access::BY_CANDIDATE {
        tx.execute(
            &format!("DELETE FROM {table} WHERE candidate_id IN (SELECT id FROM demo_removal)"),
            [],
        )?;
    }
    tx.execute(
        "DELETE FROM candidates WHERE id IN (SELECT id FROM demo_removal)",
        [],
    )?;
    tx.execute(
        "DELETE FROM person_roles WHERE centre_id IN (SELECT id FROM centres WHERE demo = 1)",
        [],
    )?;
    tx.execute(
        "DELETE FROM people WHERE id IN (SELECT id FROM demo_removal)",
        [],
    )?;
    tx.execute("DELETE FROM centres WHERE demo = 1", [])?;
    forget_removed_session(tx)?;
    tx.execute("DELETE FROM demo_removal", params![])?;
    Ok(removal)
}

/// The TUI remembers who was working and where each person was; a remembered demo person
/// or centre would point at nothing, so those settings go too (the TUI then asks again).
fn forget_removed_session(tx: &Transaction<'_>) -> Result<()> {
    tx.execute(
        "DELETE FROM app_state WHERE EXISTS (
             SELECT 1 FROM demo_removal d WHERE instr(app_state.key, d.id) > 0
                                             OR instr(app_state.value, d.id) > 0)",
        [],
    )?;
    Ok(())
}
