//! The demo generator: fills a database with a realistic centre, its assessors and tutors,
//! and candidates at every step of the path, so the TUI can be tried and measured at scale.
//!
//! Depends on `domain` (the model and its rules) and `store` (its bulk loader). The rows go
//! in through the bulk loader for speed, but nothing about them is invented past the rules:
//! each candidate walks the path through the domain's path commands, an assessment starts
//! through `path_rules::start_assessment` (so only from a documented portfolio), decisions
//! come from `decision::proposed` on the real facts, finalising goes through
//! `command::apply`, and every finalised assessment is judged by `invariants::violations`
//! before its rows are written. A rule broken is a bug here and fails the whole load, which
//! is then rolled back. The centre is marked as a demo centre, which marks everything under
//! it; a database holding real candidates is refused. Deterministic: the same seed and `now` give the same database, ids
//! included.

mod assessment;
mod candidate;
mod names;
mod record;
mod rng;

use chrono::{DateTime, Duration, Utc};
use thiserror::Error;

use crate::domain::model::Model;
use crate::domain::process::Step;
use crate::store::{Role, Store, StoreError};

use candidate::{Bucket, Ctx};
use rng::Rng;

/// Why no demo was written. Nothing is written on any of them: the load is one transaction.
#[derive(Debug, Error)]
pub enum DemoError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the demo needs a model whose competences all have indicators")]
    Model,
    /// Demo people mixed with real candidates could be mistaken for them, certified, or
    /// exported; the demo only goes into a new database or one that holds demo data only.
    #[error(
        "this database holds real candidates; the demo was not written. \
         Use a new database file: leverup demo --db demo.db"
    )]
    RealData,
    /// Ids are a function of the seed, so the same seed twice would collide on every row.
    #[error(
        "this database already holds the demo made with seed {seed}; nothing was written. \
         Use another --seed, or a new database file with --db"
    )]
    AlreadyLoaded { seed: u64 },
    /// The data the generator made breaks a rule of the domain: a bug in the generator.
    #[error("demo generator bug, nothing was written: {subject} breaks {rules}")]
    Broken { subject: String, rules: String },
}

pub type Result<T, E = DemoError> = std::result::Result<T, E>;

/// What `generate` wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoSummary {
    pub centre_id: String,
    pub assessor_ids: Vec<String>,
    pub tutor_ids: Vec<String>,
    pub candidates: usize,
    /// Candidates per state, in `Step::ALL` order (stopped ones counted at their state).
    pub by_state: [usize; 6],
    pub stopped: usize,
    pub evidence_items: usize,
    pub assessments_in_progress: usize,
    pub assessments_finalised: usize,
    pub validated: usize,
    pub not_validated: usize,
    pub not_assessable: usize,
    pub certificates: usize,
    pub revoked_certificates: usize,
}

impl DemoSummary {
    pub fn count(&self, step: Step) -> usize {
        Step::ALL
            .iter()
            .position(|s| *s == step)
            .map_or(0, |i| self.by_state[i])
    }
}

/// Writes one centre, 3 assessors, 4 tutors and `candidates` candidates spread over every
/// step, in one transaction. `now` anchors every date (and is the day the portfolio checks
/// are judged against); nothing reads the clock.
pub fn generate(
    store: &mut Store,
    model: &Model,
    candidates: usize,
    seed: u64,
    now: DateTime<Utc>,
) -> Result<DemoSummary> {
    if model.competences.is_empty() || model.competences.iter().any(|c| c.indicators.is_empty()) {
        return Err(DemoError::Model);
    }
    if store.holds_real_data()? {
        return Err(DemoError::RealData);
    }
    let mut rng = Rng::new(seed);
    let mut summary = DemoSummary::default();
    let centre_id = rng.uuid();
    // The centre is the first id the seed gives: if it is there, so is the rest of that
    // demo, and inserting it again would fail on a raw UNIQUE constraint halfway through.
    if store.list_centres()?.iter().any(|c| c.id == centre_id) {
        return Err(DemoError::AlreadyLoaded { seed });
    }
    let bulk = store.bulk()?;
    let founded = now - Duration::days(3 * 365);

    bulk.demo_centre(&centre_id, names::CENTRE, founded)?;
    let staff = |list: &[&str], role: Role, rng: &mut Rng| -> Result<Vec<String>> {
        let mut ids = Vec::new();
        for name in list {
            let id = rng.uuid();
            let email = format!("{}@csvmilano.example", candidate::email_local(name));
            bulk.person(&id, name, Some(&email), founded)?;
            bulk.role(&rng.uuid(), &id, &centre_id, role)?;
            ids.push(id);
        }
        Ok(ids)
    };
    let assessors = staff(names::ASSESSORS, Role::Assessor, &mut rng)?;
    let tutors = staff(names::TUTORS, Role::Tutor, &mut rng)?;
    let admin = rng.uuid();
    bulk.person(&admin, "Admin CSV Milano", None, founded)?;
    bulk.role(&rng.uuid(), &admin, &centre_id, Role::Admin)?;

    let ctx = Ctx {
        bulk: &bulk,
        model,
        centre_id: &centre_id,
        assessors: &assessors,
        assessor_names: names::ASSESSORS,
        tutors: &tutors,
        now,
        today: now.date_naive(),
    };
    for i in 0..candidates {
        // The first few cycle through every bucket so even a tiny demo shows every step.
        let bucket = if i < Bucket::ALL.len() {
            Bucket::ALL[i]
        } else {
            Bucket::draw(&mut rng)
        };
        candidate::write(&ctx, &mut rng, bucket, &mut summary)?;
    }
    bulk.commit()?;
    summary.centre_id = centre_id;
    summary.assessor_ids = assessors;
    summary.tutor_ids = tutors;
    summary.candidates = candidates;
    Ok(summary)
}

/// A refusal of the domain's rules met while generating: the generator's own bug.
fn broken(subject: impl Into<String>, why: impl std::fmt::Display) -> DemoError {
    DemoError::Broken {
        subject: subject.into(),
        rules: why.to_string(),
    }
}
