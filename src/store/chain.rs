//! The audit log as a hash chain, and the seal on a finalised assessment's content.
//!
//! Each audit row stores `hash = SHA-256(previous hash ‖ canonical row)`. The payload
//! (old, new, reason) enters the canonical row only as `payload_hash`, so erasing a
//! person's data from a payload later leaves the chain intact. A finalise row also carries
//! `content_digest`, a SHA-256 of what was signed off (see [`assessment_digest`]).
//!
//! Without a secret key this is tamper *evidence* against edits made behind leverup's
//! back (raw SQL, a dropped trigger), not proof against someone who recomputes the chain.

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use sha2::{Digest, Sha256};

use super::Result;

/// One audit row's chained columns, as stored.
pub(crate) struct Link<'a> {
    pub seq: i64,
    pub id: &'a str,
    pub at: &'a str,
    pub actor: &'a str,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub action: &'a str,
    pub payload_hash: &'a str,
    pub content_digest: Option<&'a str>,
}

/// Length-prefixed fields, so that no two different rows encode to the same bytes
/// ("ab" + "c" is not "a" + "bc"; absent is not empty).
fn field(h: &mut Sha256, value: Option<&[u8]>) {
    match value {
        None => h.update([0u8]),
        Some(bytes) => {
            h.update([1u8]);
            h.update((bytes.len() as u64).to_be_bytes());
            h.update(bytes);
        }
    }
}

fn text(h: &mut Sha256, value: Option<&str>) {
    field(h, value.map(str::as_bytes));
}

/// SHA-256 of a row's payload, hex.
pub(crate) fn payload_hash(old: Option<&str>, new: Option<&str>, reason: Option<&str>) -> String {
    let mut h = Sha256::new();
    text(&mut h, old);
    text(&mut h, new);
    text(&mut h, reason);
    hex(h)
}

/// The row's link: SHA-256 of the previous row's hash ("" before the first) and its
/// chained columns, hex.
pub(crate) fn link_hash(prev: &str, l: &Link<'_>) -> String {
    let mut h = Sha256::new();
    text(&mut h, Some(prev));
    text(&mut h, Some(&l.seq.to_string()));
    for v in [
        l.id,
        l.at,
        l.actor,
        l.entity,
        l.entity_id,
        l.action,
        l.payload_hash,
    ] {
        text(&mut h, Some(v));
    }
    text(&mut h, l.content_digest);
    hex(h)
}

fn hex(h: Sha256) -> String {
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The last link: its sequence number and hash, or (0, "") for an empty log.
pub(crate) fn head(conn: &Connection) -> Result<(i64, String)> {
    Ok(conn
        .prepare_cached("SELECT seq, hash FROM audit_head WHERE id = 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, String::new())))
}

/// Moves the head to the link just written; the schema refuses any other move.
pub(crate) fn advance(conn: &Connection, seq: i64, hash: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO audit_head (id, seq, hash) VALUES (1, ?1, ?2)
         ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
    )?
    .execute(params![seq, hash])?;
    Ok(())
}

/// The migration's step: chains the rows that were there before the chain, in the order
/// they were written, and seals the content of the assessments already signed off.
pub(crate) fn chain_existing(tx: &Transaction<'_>) -> Result<()> {
    type Row = (i64, String, String, String, String, String, String);
    type Payload = (Option<String>, Option<String>, Option<String>);
    let rows: Vec<(Row, Payload)> = tx
        .prepare(
            "SELECT rowid, id, at, actor, entity, entity_id, action, old, new, reason
             FROM audit_log WHERE hash IS NULL ORDER BY rowid",
        )?
        .query_map([], |r| {
            Ok((
                (
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ),
                (r.get(7)?, r.get(8)?, r.get(9)?),
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let (mut seq, mut prev) = head(tx)?;
    for ((rowid, id, at, actor, entity, entity_id, action), (old, new, reason)) in rows {
        seq += 1;
        let payload = payload_hash(old.as_deref(), new.as_deref(), reason.as_deref());
        let digest = if entity == "assessment" && action == "finalise" {
            assessment_digest(tx, &entity_id)?
        } else {
            None
        };
        let hash = link_hash(
            &prev,
            &Link {
                seq,
                id: &id,
                at: &at,
                actor: &actor,
                entity: &entity,
                entity_id: &entity_id,
                action: &action,
                payload_hash: &payload,
                content_digest: digest.as_deref(),
            },
        );
        tx.execute(
            "UPDATE audit_log SET seq = ?2, payload_hash = ?3, content_digest = ?4, hash = ?5
             WHERE rowid = ?1",
            params![rowid, seq, payload, digest, hash],
        )?;
        advance(tx, seq, &hash)?;
        prev = hash;
    }
    Ok(())
}

/// What a sign-off covers, one query per part: the assessment, the names printed on its
/// exports and records (candidate, assessor, tutor), the claimed competences, and every
/// verdict, note, rating, score and decision. Columns are listed, never `*`, so a later
/// migration adding a column does not change the digest of past sign-offs.
const SEALED: &[(&str, &str)] = &[
    (
        "assessment record",
        "SELECT a.id, a.candidate_id, a.assessor_id, a.model_id, a.model_version,
                a.started_at, a.finalised_at, a.status
         FROM assessments a WHERE a.id = ?1",
    ),
    (
        "names",
        "SELECT c.name, ass.name, tut.name
         FROM assessments a JOIN candidates c ON c.id = a.candidate_id
         LEFT JOIN people ass ON ass.id = a.assessor_id
         LEFT JOIN people tut ON tut.id = c.tutor_id
         WHERE a.id = ?1",
    ),
    (
        "claimed competences",
        "SELECT cc.competence_id FROM claimed_competences cc
         JOIN assessments a ON a.candidate_id = cc.candidate_id
         WHERE a.id = ?1 ORDER BY cc.competence_id",
    ),
    (
        "portfolio verdicts",
        "SELECT competence_id, criterion_id, verdict, note FROM portfolio_checks
         WHERE assessment_id = ?1 ORDER BY competence_id, criterion_id",
    ),
    (
        "interview notes",
        "SELECT competence_id, question_index, text FROM interview_notes
         WHERE assessment_id = ?1 ORDER BY competence_id, question_index",
    ),
    (
        "indicator ratings",
        "SELECT competence_id, indicator_id, rating, note FROM indicator_ratings
         WHERE assessment_id = ?1 ORDER BY competence_id, indicator_id",
    ),
    (
        "scores",
        "SELECT competence_id, suggested, outcome_level, overridden, justification,
                context, task, autonomy FROM scores
         WHERE assessment_id = ?1 ORDER BY competence_id",
    ),
    (
        "decisions",
        "SELECT competence_id, decision, reasons, advice FROM decisions
         WHERE assessment_id = ?1 ORDER BY competence_id",
    ),
];

/// What a sign-off sealed: a digest per part of [`SEALED`], and the digest of them all.
pub(crate) struct Seal {
    pub digest: String,
    pub parts: Vec<(&'static str, String)>,
}

impl Seal {
    /// The part digests as a JSON object, for the finalise row's payload: with them the
    /// check can say which part changed, not only that something did.
    pub fn parts_json(&self) -> serde_json::Value {
        self.parts
            .iter()
            .map(|(name, d)| ((*name).to_string(), serde_json::Value::from(d.as_str())))
            .collect::<serde_json::Map<_, _>>()
            .into()
    }
}

/// SHA-256 (hex) of an assessment's signed-off content as it stands now; `None` when
/// there is no such assessment.
pub(crate) fn assessment_digest(conn: &Connection, assessment_id: &str) -> Result<Option<String>> {
    Ok(assessment_seal(conn, assessment_id)?.map(|s| s.digest))
}

/// The seal of an assessment's content as it stands now, part by part.
pub(crate) fn assessment_seal(conn: &Connection, assessment_id: &str) -> Result<Option<Seal>> {
    let exists = conn
        .prepare_cached("SELECT 1 FROM assessments WHERE id = ?1")?
        .exists([assessment_id])?;
    if !exists {
        return Ok(None);
    }
    let mut all = Sha256::new();
    let mut parts = Vec::with_capacity(SEALED.len());
    for (part, sql) in SEALED {
        let mut h = Sha256::new();
        let mut stmt = conn.prepare_cached(sql)?;
        let width = stmt.column_count();
        let mut rows = stmt.query([assessment_id])?;
        while let Some(r) = rows.next()? {
            h.update(b"R");
            for i in 0..width {
                match r.get_ref(i)? {
                    ValueRef::Null => field(&mut h, None),
                    ValueRef::Integer(n) => text(&mut h, Some(&n.to_string())),
                    ValueRef::Real(x) => text(&mut h, Some(&x.to_string())),
                    ValueRef::Text(t) | ValueRef::Blob(t) => field(&mut h, Some(t)),
                }
            }
        }
        let digest = hex(h);
        text(&mut all, Some(part));
        text(&mut all, Some(&digest));
        parts.push((*part, digest));
    }
    Ok(Some(Seal {
        digest: hex(all),
        parts,
    }))
}
