//! One demo candidate, written up to the step their bucket says: self-assessment, claims,
//! evidence, an interview in progress, or a finalised assessment with scores, decisions and
//! possibly a certificate. Suggestions, checks and decisions come from the domain rules.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use super::DemoSummary;
use super::names;
use super::rng::Rng;
use crate::domain::model::{Competence, Model};
use crate::domain::process::Step;
use crate::store::bulk::BulkLoader;
use crate::store::{CandidateRecord, EvidenceRecord, Result, SelfAssessmentMode};

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
    pub tutors: &'a [String],
    pub now: DateTime<Utc>,
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
    let mut state = target;
    if target >= Step::Identification {
        t = advance(t, rng, ctx.now);
        let claims = identification(ctx, rng, &id, t)?;
        if target >= Step::Documentation {
            t = advance(t, rng, ctx.now);
            sum.evidence_items += documentation(ctx, rng, &id, &claims, t)?;
        }
        if target >= Step::Assessment {
            t = advance(t, rng, ctx.now);
            let finalise = matches!(bucket, Bucket::Certified | Bucket::LookingAhead);
            let (assessment, validated) =
                super::assessment::write(ctx, rng, &id, &claims, &mut t, finalise, bucket, sum)?;
            if finalise {
                state = if validated && bucket == Bucket::Certified {
                    Step::Certification
                } else {
                    Step::LookingAhead
                };
                if validated {
                    t = advance(t, rng, ctx.now);
                    super::assessment::certificate(ctx, rng, &assessment, t, sum)?;
                }
            }
        }
    }
    if stop_reason.is_some() {
        sum.stopped += 1;
    }
    if let Some(i) = Step::ALL.iter().position(|s| *s == state) {
        sum.by_state[i] += 1;
    }
    ctx.bulk.candidate(&CandidateRecord {
        id: id.clone(),
        name,
        email,
        centre_id: ctx.centre_id.to_string(),
        tutor_id: Some(rng.pick(ctx.tutors).clone()),
        state,
        exit_outcome: stop_reason,
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
    )
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
        ctx.bulk.self_assessment(
            &rng.uuid(),
            id,
            &all[i].id,
            SelfAssessmentMode::Quick,
            &rating,
            t,
        )?;
    }
    let n_claims = (rng.range(2, 4) as usize).min(picked.len());
    let claims: Vec<&Competence> = picked[..n_claims].iter().map(|&i| &all[i]).collect();
    for c in &claims {
        ctx.bulk.claim(&rng.uuid(), id, &c.id, t)?;
    }
    Ok(claims)
}

/// 1–4 evidence items per claimed competence; about one in seven is older than 5 years.
fn documentation(
    ctx: &Ctx<'_, '_>,
    rng: &mut Rng,
    id: &str,
    claims: &[&Competence],
    t: DateTime<Utc>,
) -> Result<usize> {
    let mut n = 0;
    for c in claims {
        for _ in 0..rng.range(1, 4) {
            let days_ago = if rng.chance(15) {
                rng.range(6 * 365, 12 * 365)
            } else {
                rng.range(30, 4 * 365)
            };
            let dated: NaiveDate = (ctx.now - Duration::days(days_ago)).date_naive();
            let (kind, template) = rng.pick(names::EVIDENCE);
            let year = dated.year();
            ctx.bulk.evidence(&EvidenceRecord {
                id: rng.uuid(),
                candidate_id: id.to_string(),
                competence_id: c.id.clone(),
                title: fill(template, rng, year),
                kind: kind.to_string(),
                dated: Some(dated),
                description: format!("Shows {} in practice.", c.name.to_lowercase()),
                added_at: t,
            })?;
            n += 1;
        }
    }
    Ok(n)
}
