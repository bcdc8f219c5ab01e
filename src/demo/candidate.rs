//! One demo candidate, walked along the path up to the step their bucket says:
//! self-assessment and claims, evidence, an interview in progress, or a finalised
//! assessment and possibly a certificate. Every move of the path is the domain's own
//! (`path_rules::change_path`, `start_assessment`, finalising, `certified`), so the step
//! written is the one the rules lead to, never one chosen here.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use super::names;
use super::rng::Rng;
use super::{DemoSummary, Result, broken, record};
use crate::domain::dossier::Request;
use crate::domain::model::{Competence, Model};
use crate::domain::path_rules::{self, CandidateFacts};
use crate::domain::portfolio::EvidenceFacts;
use crate::domain::process::{CandidatePath, PathCommand, PathStatus, Step};
use crate::store::bulk::BulkLoader;
use crate::store::{CandidateRecord, EvidenceRecord, SelfAssessmentMode};

/// Where a demo candidate ends up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    Awareness,
    Identification,
    Documentation,
    Interview,
    Certified,
    LookingAhead,
    Stopped,
}

impl Bucket {
    pub const ALL: [Bucket; 7] = [
        Bucket::Awareness,
        Bucket::Identification,
        Bucket::Documentation,
        Bucket::Interview,
        Bucket::Certified,
        Bucket::LookingAhead,
        Bucket::Stopped,
    ];

    /// A plausible centre: most people are early on the path, a few stop.
    pub fn draw(rng: &mut Rng) -> Bucket {
        match rng.below(100) {
            0..=9 => Bucket::Awareness,
            10..=27 => Bucket::Identification,
            28..=45 => Bucket::Documentation,
            46..=59 => Bucket::Interview,
            60..=73 => Bucket::Certified,
            74..=87 => Bucket::LookingAhead,
            _ => Bucket::Stopped,
        }
    }
}

pub struct Ctx<'a, 'b> {
    pub bulk: &'a BulkLoader<'b>,
    pub model: &'a Model,
    pub centre_id: &'a str,
    pub assessors: &'a [String],
    /// Names of `assessors`, index for index.
    pub assessor_names: &'a [&'a str],
    pub tutors: &'a [String],
    pub now: DateTime<Utc>,
    /// The day every portfolio check is judged on (`now`'s date).
    pub today: NaiveDate,
}

/// An email-safe local part: lower case ASCII letters and dots.
pub fn email_local(name: &str) -> String {
    let mut out = String::new();
    for ch in name.to_lowercase().chars() {
        let mapped = match ch {
            'à' | 'á' | 'â' | 'ä' | 'å' | 'ą' => 'a',
            'è' | 'é' | 'ê' | 'ë' | 'ę' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' | 'ø' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ł' => 'l',
            'ś' => 's',
            'ż' | 'ź' => 'z',
            'ć' => 'c',
            'ń' | 'ñ' => 'n',
            ' ' => '.',
            c if c.is_ascii_lowercase() => c,
            _ => continue,
        };
        out.push(mapped);
    }
    out.trim_matches('.').to_string()
}

pub fn fill(template: &str, rng: &mut Rng, year: i32) -> String {
    let org = rng.pick_str(names::ORGANISATIONS);
    let act = rng.pick_str(names::ACTIVITIES);
    template
        .replace("{org}", org)
        .replace("{act}", act)
        .replace("{year}", &year.to_string())
}

/// Moves the candidate's clock on by a few days, never past `now`.
pub fn advance(t: DateTime<Utc>, rng: &mut Rng, now: DateTime<Utc>) -> DateTime<Utc> {
    (t + Duration::days(rng.range(3, 30)) + Duration::minutes(rng.range(0, 600))).min(now)
}

pub fn write(
    ctx: &Ctx<'_, '_>,
    rng: &mut Rng,
    bucket: Bucket,
    sum: &mut DemoSummary,
) -> Result<()> {
    let (_, firsts, lasts) = rng.pick(names::PEOPLE);
    let name = format!("{} {}", rng.pick(firsts), rng.pick(lasts));
    let email = rng
        .chance(70)
        .then(|| format!("{}{}@example.org", email_local(&name), rng.below(100)));
    let id = rng.uuid();
    let created =
        ctx.now - Duration::days(rng.range(20, 720)) - Duration::minutes(rng.range(0, 1440));
    // Known before any assessment, so the assessor can be checked against them (D2).
    let tutor_id = rng.pick(ctx.tutors).clone();
    let (target, stop_reason) = match bucket {
        Bucket::Stopped => {
            let at = [
                Step::Awareness,
                Step::Identification,
                Step::Documentation,
                Step::Assessment,
            ];
            (
                *rng.pick(&at),
                Some(rng.pick(names::STOP_REASONS).to_string()),
            )
        }
        Bucket::Awareness => (Step::Awareness, None),
        Bucket::Identification => (Step::Identification, None),
        Bucket::Documentation => (Step::Documentation, None),
        Bucket::Interview => (Step::Assessment, None),
        Bucket::Certified => (Step::Certification, None),
        Bucket::LookingAhead => (Step::LookingAhead, None),
    };
    let mut t = created;
    let mut facts = CandidateFacts {
        id: id.clone(),
        tutor_id: Some(tutor_id.clone()),
        path: CandidatePath::default(),
        claimed: Vec::new(),
        evidence: Vec::new(),
        open_assessment: false,
        consent: false,
        request: None,
        // The demo writes rows directly, not through the revision-checked commits.
        dossier_revision: 0,
    };
    if target >= Step::Identification {
        // Nothing is recorded about a candidate before their consent.
        ctx.bulk.consent(&id, created.date_naive(), &tutor_id)?;
        facts.consent = true;
        walk(&mut facts, PathCommand::Advance { validated: false })?;
        t = advance(t, rng, ctx.now);
        let claims = identification(ctx, rng, &id, t)?;
        facts.claimed = claims.iter().map(|c| c.id.clone()).collect();
        // A certified candidate has one competence documented and shown well enough to be
        // validated; whether it is, is still for the rules to say.
        let strong = (bucket == Bucket::Certified)
            .then(|| claims.first().map(|c| c.id.clone()))
            .flatten();
        if target >= Step::Documentation {
            walk(&mut facts, PathCommand::Advance { validated: false })?;
            t = advance(t, rng, ctx.now);
            facts.evidence = documentation(ctx, rng, &id, &claims, strong.as_deref(), t)?;
            sum.evidence_items += facts.evidence.len();
        }
        if target >= Step::Assessment {
            // The tutor hands the documented portfolio to the centre's queue.
            ctx.bulk.request(&id, t.date_naive())?;
            facts.request = Some(Request {
                assessor_id: None,
                requested_on: t.date_naive(),
            });
            t = advance(t, rng, ctx.now);
            let finalise = matches!(bucket, Bucket::Certified | Bucket::LookingAhead);
            let done = super::assessment::write(
                ctx,
                rng,
                &facts,
                &mut t,
                finalise,
                strong.as_deref(),
                sum,
            )?;
            facts.path = done.path;
            facts.open_assessment = !finalise;
            if done.validated {
                t = advance(t, rng, ctx.now);
                record::certificate(ctx, rng, &done.id, t, sum)?;
                // Issuing the records is what moves the candidate on to Certification.
                facts.path = path_rules::certified(&facts)
                    .ok_or_else(|| {
                        broken(
                            format!("candidate {id}"),
                            "a certificate was issued off the Assessment step",
                        )
                    })?
                    .to()
                    .clone();
                if bucket == Bucket::LookingAhead {
                    walk(&mut facts, PathCommand::Advance { validated: true })?;
                }
            }
        }
    }
    if let Some(reason) = stop_reason {
        walk(&mut facts, PathCommand::Stop { reason })?;
        sum.stopped += 1;
    }
    let state = facts.path.step;
    if let Some(i) = Step::ALL.iter().position(|s| *s == state) {
        sum.by_state[i] += 1;
    }
    let exit_outcome = match facts.path.status {
        PathStatus::Stopped { reason } => Some(reason),
        PathStatus::Active | PathStatus::Completed => None,
    };
    ctx.bulk.candidate(&CandidateRecord {
        id: id.clone(),
        name,
        email,
        centre_id: ctx.centre_id.to_string(),
        tutor_id: Some(tutor_id),
        state,
        exit_outcome,
        created_at: created,
        last_activity_at: t,
    })?;
    ctx.bulk.audit(
        &rng.uuid(),
        created,
        "demo",
        "candidate",
        &id,
        "create",
        Some("{\"source\":\"demo\"}"),
    )?;
    Ok(())
}

/// Moves the path with the domain's own command; a refusal is a bug in the generator.
fn walk(facts: &mut CandidateFacts, cmd: PathCommand) -> Result<()> {
    let change = path_rules::change_path(facts, &cmd)
        .map_err(|e| broken(format!("candidate {}", facts.id), e))?;
    facts.path = change.to().clone();
    Ok(())
}

/// Quick self-assessment of a few competences; returns the claimed ones.
fn identification<'m>(
    ctx: &Ctx<'m, '_>,
    rng: &mut Rng,
    id: &str,
    t: DateTime<Utc>,
) -> Result<Vec<&'m Competence>> {
    let all = &ctx.model.competences;
    let k = rng.range(4, 7) as usize;
    let picked = rng.sample(all.len(), k);
    for &i in &picked {
        let rating = if rng.chance(10) {
            "n/a".to_string()
        } else {
            rng.range(1, 4).to_string()
        };
        rng.skip_uuid();
        ctx.bulk
            .self_assessment(id, &all[i].id, SelfAssessmentMode::Quick, &rating, t)?;
    }
    let n_claims = (rng.range(2, 4) as usize).min(picked.len());
    let claims: Vec<&Competence> = picked[..n_claims].iter().map(|&i| &all[i]).collect();
    for c in &claims {
        rng.skip_uuid();
        ctx.bulk.claim(id, &c.id, t)?;
    }
    Ok(claims)
}

/// 1–4 evidence items per claimed competence, about one in seven older than the model's
/// currency window. The `strong` competence gets enough current items of enough kinds to
/// meet every countable criterion. Returns the items as the portfolio check sees them.
fn documentation(
    ctx: &Ctx<'_, '_>,
    rng: &mut Rng,
    id: &str,
    claims: &[&Competence],
    strong: Option<&str>,
    t: DateTime<Utc>,
) -> Result<Vec<(String, EvidenceFacts)>> {
    let rules = &ctx.model.portfolio_check;
    let window = i64::from(rules.currency_years) * 365;
    // Current items are dated at least a year inside the window, so the verdicts the demo
    // records stay true for a year of trying it out; old ones are clearly outside.
    let current = (30, (window - 365).max(30));
    let old = (window + 365, window + 7 * 365);
    let need = i64::from(rules.min_items.max(rules.min_types).max(1));
    let mut out = Vec::new();
    let mut number = 0;
    for c in claims {
        let strong = strong == Some(c.id.as_str());
        let (n, kinds) = if strong {
            let kinds = rng.sample(names::EVIDENCE.len(), rules.min_types as usize);
            (rng.range(need, need + 1), kinds)
        } else {
            (rng.range(1, 4), Vec::new())
        };
        for i in 0..n as usize {
            let (lo, hi) = if !strong && rng.chance(15) {
                old
            } else {
                current
            };
            let dated: NaiveDate = (ctx.now - Duration::days(rng.range(lo, hi))).date_naive();
            let (kind, template) = match kinds.get(i) {
                Some(&k) => names::EVIDENCE[k],
                None => *rng.pick(names::EVIDENCE),
            };
            number += 1;
            rng.skip_uuid();
            ctx.bulk.evidence(
                number,
                &EvidenceRecord {
                    id: number.to_string(),
                    candidate_id: id.to_string(),
                    competence_id: c.id.clone(),
                    title: fill(template, rng, dated.year()),
                    kind: kind.to_string(),
                    dated: Some(dated),
                    description: format!("Shows {} in practice.", c.name.to_lowercase()),
                    added_at: t,
                },
            )?;
            out.push((
                c.id.clone(),
                EvidenceFacts {
                    kind: kind.to_string(),
                    dated: Some(dated),
                },
            ));
        }
    }
    Ok(out)
}
