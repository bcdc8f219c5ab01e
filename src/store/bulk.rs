//! The fast path for loading many records at once (the demo generator, future imports):
//! one transaction, cached prepared statements, ids chosen by the caller.
//!
//! It obeys the same constraints and triggers as the typed API (so a child of a finalised
//! assessment is still refused: the integrity triggers sit on the `_rows` tables it writes
//! the rows inside an aggregate to, in their compact form); it only skips the per-change
//! audit rows, leaving the caller to write the ones it wants with [`BulkLoader::audit`]
//! (chained like every other audit row; a finalise row is sealed at commit).

use std::cell::RefCell;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, params};

use super::audit::write_audit_row;
use super::chain::assessment_seal;
use super::compact::{CompactKeys, millis};
use super::{
    AssessmentSummary, CandidateRecord, CertificateRecord, DecisionRecord, EvidenceRecord,
    InterviewTimeRecord, NoteRecord, PortfolioCheckRecord, RatingRecord, Result, Role, ScoreRecord,
    SelfAssessmentMode, Store, ts,
};

/// Page cache for bulk loads (64 MiB; SQLite's default is 2 MiB). The rows of an aggregate
/// are keyed by their parent (migration 10), so a load writes a few pages at a time in key
/// order and what does not fit spills to the WAL; the cache no longer needs to hold every
/// index page the load touches, and `demo` stays within 128 MiB.
const BULK_CACHE_KIB: i64 = 65_536;
const DEFAULT_CACHE_KIB: i64 = 2_000;

/// Prepared statements kept by a bulk load: all of them (about 30).
const BULK_STATEMENTS: usize = 64;

/// An open bulk transaction. Nothing is visible to others until [`BulkLoader::commit`];
/// dropping it without committing rolls everything back.
pub struct BulkLoader<'a> {
    /// Borrowed from `&mut Store`, so nothing else can use the connection meanwhile.
    conn: &'a Connection,
    committed: bool,
    /// Finalise audit rows waiting for the content they seal (written at commit).
    sign_offs: RefCell<Vec<SignOff>>,
    /// The rows inside assessments and portfolios are written in their compact form
    /// (store/compact.rs), straight into the `_rows` tables behind the views.
    keys: RefCell<CompactKeys>,
}

/// A finalise audit row held back until commit.
struct SignOff {
    id: String,
    at: String,
    actor: String,
    entity_id: String,
    new: Option<String>,
}

impl Store {
    pub fn bulk(&mut self) -> Result<BulkLoader<'_>> {
        self.conn
            .pragma_update(None, "cache_size", -BULK_CACHE_KIB)?;
        // Every statement of a load stays prepared: with the key and code lookups of the
        // compact rows there are more than rusqlite's default 16, and a statement pushed
        // out of the cache is parsed again for every row.
        self.conn
            .set_prepared_statement_cache_capacity(BULK_STATEMENTS);
        // Foreign keys are checked at COMMIT, so a loader may write a parent after its
        // children (e.g. a candidate once their last activity is known).
        self.conn
            .execute_batch("BEGIN IMMEDIATE; PRAGMA defer_foreign_keys = ON;")?;
        Ok(BulkLoader {
            conn: &self.conn,
            committed: false,
            sign_offs: RefCell::new(Vec::new()),
            keys: RefCell::new(CompactKeys::default()),
        })
    }
}

impl Store {
    /// Rewrites the file with its pages full (SQLite's `VACUUM`), for a file just made by a
    /// bulk load: rows appended in key order leave their pages about 88 % full, and the
    /// 100,000-candidate demo is 7 % smaller packed, for about 3 s. It waits, like any
    /// write, for another connection's read to end, and fails if that takes too long.
    pub fn pack(&self) -> Result<()> {
        self.conn.execute_batch("VACUUM")?;
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }
}

impl Drop for BulkLoader<'_> {
    fn drop(&mut self) {
        // Errors cannot be reported from drop; a failed rollback leaves SQLite to roll
        // back on close, which is equally safe.
        if !self.committed {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        let _ = self
            .conn
            .pragma_update(None, "cache_size", -DEFAULT_CACHE_KIB);
    }
}

impl BulkLoader<'_> {
    fn exec(&self, sql: &str, p: impl rusqlite::Params) -> Result<()> {
        self.conn.prepare_cached(sql)?.execute(p)?;
        Ok(())
    }

    pub fn centre(&self, id: &str, name: &str, at: DateTime<Utc>) -> Result<()> {
        self.exec(
            "INSERT INTO centres (id, name, created_at) VALUES (?1, ?2, ?3)",
            params![id, name, ts(at)],
        )
    }

    /// A demo centre: everything that hangs off it is demo data, which `export badges`
    /// never signs and `leverup demo --remove` takes out again.
    pub fn demo_centre(&self, id: &str, name: &str, at: DateTime<Utc>) -> Result<()> {
        self.exec(
            "INSERT INTO centres (id, name, created_at, demo) VALUES (?1, ?2, ?3, 1)",
            params![id, name, ts(at)],
        )
    }

    pub fn person(
        &self,
        id: &str,
        name: &str,
        email: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<()> {
        self.exec(
            "INSERT INTO people (id, name, email, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![id, name, email, ts(at)],
        )
    }

    pub fn role(&self, id: &str, person_id: &str, centre_id: &str, role: Role) -> Result<()> {
        self.exec(
            "INSERT INTO person_roles (id, person_id, centre_id, role) VALUES (?1, ?2, ?3, ?4)",
            params![id, person_id, centre_id, role.code()],
        )
    }

    pub fn candidate(&self, c: &CandidateRecord) -> Result<()> {
        self.exec(
            "INSERT INTO candidates (id, name, email, centre_id, tutor_id, state, exit_outcome,
                                     created_at, last_activity_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                c.id,
                c.name,
                c.email,
                c.centre_id,
                c.tutor_id,
                c.state.code(),
                c.exit_outcome,
                ts(c.created_at),
                ts(c.last_activity_at)
            ],
        )
    }

    pub fn self_assessment(
        &self,
        candidate_id: &str,
        competence_id: &str,
        mode: SelfAssessmentMode,
        rating: &str,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let k = &mut *self.keys.borrow_mut();
        let c = self.conn;
        self.exec(
            "INSERT INTO self_assessments_rows (candidate, competence, mode, rating, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                k.candidate(c, candidate_id)?,
                k.code(c, competence_id)?,
                k.code(c, mode.code())?,
                k.code(c, rating)?,
                millis(at)
            ],
        )
    }

    pub fn claim(&self, candidate_id: &str, competence_id: &str, at: DateTime<Utc>) -> Result<()> {
        let k = &mut *self.keys.borrow_mut();
        let c = self.conn;
        self.exec(
            "INSERT INTO claimed_competences_rows (candidate, competence, claimed_at)
             VALUES (?1, ?2, ?3)",
            params![
                k.candidate(c, candidate_id)?,
                k.code(c, competence_id)?,
                millis(at)
            ],
        )
    }

    /// Consent to the processing of personal data, given on `on`, recorded by `by`.
    pub fn consent(&self, candidate_id: &str, on: NaiveDate, by: &str) -> Result<()> {
        self.exec(
            "INSERT INTO candidate_profiles (candidate_id, consent_on, consent_by)
             VALUES (?1, ?2, ?3)",
            params![candidate_id, on.format("%Y-%m-%d").to_string(), by],
        )
    }

    /// The tutor's request for the assessment, to the centre's queue, on `on`.
    pub fn request(&self, candidate_id: &str, on: NaiveDate) -> Result<()> {
        self.exec(
            "UPDATE candidate_profiles SET requested_on = ?2 WHERE candidate_id = ?1",
            params![candidate_id, on.format("%Y-%m-%d").to_string()],
        )
    }

    /// One item of the evidence register, numbered `number` within the candidate's
    /// register, supporting the record's one competence.
    pub fn evidence(&self, number: u32, e: &EvidenceRecord) -> Result<()> {
        let k = &mut *self.keys.borrow_mut();
        let c = self.conn;
        let candidate = k.candidate(c, &e.candidate_id)?;
        self.exec(
            "INSERT INTO evidence_register_rows (candidate, number, title, kind, dated,
                                                 description, added_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                candidate,
                number,
                e.title,
                e.kind,
                e.dated.map(|d| d.format("%Y-%m-%d").to_string()),
                e.description,
                millis(e.added_at)
            ],
        )?;
        self.exec(
            "INSERT INTO evidence_competences_rows (candidate, number, competence)
             VALUES (?1, ?2, ?3)",
            params![candidate, number, k.code(c, &e.competence_id)?],
        )
    }

    /// Inserts the assessment as in progress (whatever `a.status` says): children must be
    /// written before [`BulkLoader::finalise`], exactly as the triggers require.
    pub fn assessment(&self, a: &AssessmentSummary) -> Result<()> {
        self.exec(
            "INSERT INTO assessments (id, candidate_id, assessor_id, model_id, model_version,
                                      started_at, interview_seconds)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                a.id,
                a.candidate_id,
                a.assessor_id,
                a.model_id,
                a.model_version,
                ts(a.started_at),
                a.interview_seconds
            ],
        )
    }

    pub fn portfolio_check(&self, assessment_id: &str, p: &PortfolioCheckRecord) -> Result<()> {
        let k = &mut *self.keys.borrow_mut();
        let c = self.conn;
        self.exec(
            "INSERT INTO portfolio_checks_rows (assessment, competence, criterion, verdict,
                                                note, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                k.assessment(c, assessment_id)?,
                k.code(c, &p.competence_id)?,
                k.code(c, &p.criterion_id)?,
                k.code(c, p.verdict.code())?,
                p.note,
                millis(p.updated_at)
            ],
        )
    }

    pub fn note(&self, assessment_id: &str, n: &NoteRecord) -> Result<()> {
        let k = &mut *self.keys.borrow_mut();
        let c = self.conn;
        self.exec(
            "INSERT INTO interview_notes_rows (assessment, competence, question_index, text,
                                               updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                k.assessment(c, assessment_id)?,
                k.code(c, &n.competence_id)?,
                n.question_index,
                n.text,
                millis(n.updated_at)
            ],
        )
    }

    pub fn interview_time(&self, assessment_id: &str, t: &InterviewTimeRecord) -> Result<()> {
        let k = &mut *self.keys.borrow_mut();
        let c = self.conn;
        self.exec(
            "INSERT INTO interview_time_rows (assessment, competence, seconds, interruptions)
             VALUES (?1, ?2, ?3, ?4)",
            params![
                k.assessment(c, assessment_id)?,
                k.code(c, &t.competence_id)?,
                t.seconds,
                t.interruptions
            ],
        )
    }

    pub fn rating(&self, assessment_id: &str, r: &RatingRecord) -> Result<()> {
        let k = &mut *self.keys.borrow_mut();
        let c = self.conn;
        self.exec(
            "INSERT INTO indicator_ratings_rows (assessment, competence, indicator, rating,
                                                 note, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                k.assessment(c, assessment_id)?,
                k.code(c, &r.competence_id)?,
                k.code(c, &r.indicator_id)?,
                k.code(c, r.rating.code())?,
                r.note,
                millis(r.updated_at)
            ],
        )
    }

    pub fn score(&self, assessment_id: &str, s: &ScoreRecord) -> Result<()> {
        let i = &s.input;
        let c = &i.complexity;
        let k = &mut *self.keys.borrow_mut();
        let conn = self.conn;
        self.exec(
            "INSERT INTO scores_rows (assessment, competence, suggested, outcome_level,
                                      overridden, justification, context, task, autonomy,
                                      updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                k.assessment(conn, assessment_id)?,
                k.code(conn, &i.competence_id)?,
                k.code_opt(conn, i.suggested.map(|o| o.code()))?,
                k.code_opt(conn, i.outcome_level.map(|l| l.code()))?,
                i.overridden,
                i.justification,
                k.code_opt(conn, c.context.map(|x| x.code()))?,
                k.code_opt(conn, c.task.map(|x| x.code()))?,
                k.code_opt(conn, c.autonomy.map(|x| x.code()))?,
                millis(s.updated_at)
            ],
        )
    }

    pub fn decision(&self, assessment_id: &str, d: &DecisionRecord) -> Result<()> {
        let k = &mut *self.keys.borrow_mut();
        let c = self.conn;
        self.exec(
            "INSERT INTO decisions_rows (assessment, competence, decision, reasons, advice,
                                         updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                k.assessment(c, assessment_id)?,
                k.code(c, &d.competence_id)?,
                k.code(c, d.decision.code())?,
                d.reasons,
                d.advice,
                millis(d.updated_at)
            ],
        )
    }

    pub fn finalise(&self, assessment_id: &str, at: DateTime<Utc>) -> Result<()> {
        self.exec(
            "UPDATE assessments SET finalised_at = ?2, status = 'finalised' WHERE id = ?1",
            params![assessment_id, ts(at)],
        )
    }

    /// Inserts a certificate, possibly already revoked (revocation fields are kept).
    pub fn certificate(&self, c: &CertificateRecord) -> Result<()> {
        self.exec(
            "INSERT INTO certificates (id, assessment_id, issued_at, revoked_at, revoke_reason)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                c.id,
                c.assessment_id,
                ts(c.issued_at),
                c.revoked_at.map(ts),
                c.revoke_reason
            ],
        )
    }

    /// An audit row; `new` is JSON text.
    #[allow(clippy::too_many_arguments)] // one value per column
    pub fn audit(
        &self,
        id: &str,
        at: DateTime<Utc>,
        actor: &str,
        entity: &str,
        entity_id: &str,
        action: &str,
        new: Option<&str>,
    ) -> Result<()> {
        let at = ts(at);
        let who = [actor, entity, entity_id, action];
        if entity == "assessment" && action == "finalise" {
            // The seal covers the candidate's row and names, which a loader may write
            // after the assessment: sealed at commit, when everything is in.
            self.sign_offs.borrow_mut().push(SignOff {
                id: id.to_string(),
                at,
                actor: actor.to_string(),
                entity_id: entity_id.to_string(),
                new: new.map(str::to_string),
            });
            return Ok(());
        }
        write_audit_row(self.conn, id, &at, who, [None, new, None], None)
    }

    /// Makes everything visible at once, then returns the page cache to its usual size.
    pub fn commit(mut self) -> Result<()> {
        for s in self.sign_offs.take() {
            let seal = assessment_seal(self.conn, &s.entity_id)?;
            let new = match (&s.new, &seal) {
                (None, Some(seal)) => Some(
                    serde_json::json!({ "status": "finalised", "sealed": seal.parts_json() })
                        .to_string(),
                ),
                (new, _) => new.clone(),
            };
            write_audit_row(
                self.conn,
                &s.id,
                &s.at,
                [&s.actor, "assessment", &s.entity_id, "finalise"],
                [None, new.as_deref(), None],
                seal.as_ref().map(|s| s.digest.as_str()),
            )?;
        }
        self.conn.execute_batch("COMMIT")?;
        self.committed = true;
        Ok(())
    }
}
