//! The demo generator: fills a database with a realistic centre, its assessors and tutors,
//! and candidates at every step of the path, so the TUI can be tried and measured at scale.
//!
//! Depends on `domain` (the model and its rules: suggestions, checks and decisions are
//! computed by them, not invented here) and `store` (its bulk loader). Deterministic: the
//! same seed and `now` give the same database, ids included.

mod assessment;
mod candidate;
mod names;
mod rng;

use chrono::{DateTime, Duration, Utc};

use crate::domain::model::Model;
use crate::domain::process::Step;
use crate::store::{Result, Role, Store, StoreError};

use candidate::{Bucket, Ctx};
use rng::Rng;

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
/// step, in one transaction. `now` anchors every date; nothing reads the clock.
pub fn generate(
    store: &mut Store,
    model: &Model,
    candidates: usize,
    seed: u64,
    now: DateTime<Utc>,
) -> Result<DemoSummary> {
    if model.competences.is_empty() || model.competences.iter().any(|c| c.indicators.is_empty()) {
        return Err(StoreError::Constraint(
            "the demo needs a model whose competences all have indicators".to_string(),
        ));
    }
    let mut rng = Rng::new(seed);
    let mut summary = DemoSummary::default();
    let bulk = store.bulk()?;
    let founded = now - Duration::days(3 * 365);

    let centre_id = rng.uuid();
    bulk.centre(&centre_id, names::CENTRE, founded)?;
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
        tutors: &tutors,
        now,
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
