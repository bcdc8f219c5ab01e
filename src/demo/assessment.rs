//! A demo candidate's formal assessment: portfolio check, interview notes and time,
//! indicator ratings, and, when finalised, scores and decisions computed by the domain
//! rules (`scoring::suggest`, `portfolio::evaluate`, `decision::proposed`), then a
//! certificate when something was validated.

use chrono::{DateTime, Duration, Utc};

use super::DemoSummary;
use super::candidate::{Bucket, Ctx, advance, fill};
use super::names;
use super::rng::Rng;
use crate::domain::decision::{self, DecisionFacts};
use crate::domain::model::Competence;
use crate::domain::portfolio::{self, CriterionJudgement};
use crate::domain::scales::{
    Complexity, CriterionVerdict, Decision, IndicatorRating, OutcomeLevel,
};
use crate::domain::scoring::{self, Outcome};
use crate::store::{
    AssessmentStatus, AssessmentSummary, CertificateRecord, DecisionRecord, InterviewTimeRecord,
    NoteRecord, PartialComplexity, PortfolioCheckRecord, RatingRecord, Result, ScoreInput,
    ScoreRecord,
};

/// Indicator ratings for one competence: strong (all at or around one level), weak (one
/// indicator not shown) or unclear (mostly not applicable).
fn ratings(rng: &mut Rng, c: &Competence, strong: bool) -> Vec<IndicatorRating> {
    let levels = [
        IndicatorRating::Basic,
        IndicatorRating::Accomplished,
        IndicatorRating::Expert,
    ];
    let centre = rng.below(3);
    let kind = if strong { 0 } else { rng.below(10) };
    let mut out: Vec<IndicatorRating> = c
        .indicators
        .iter()
        .map(|_| match kind {
            9 => IndicatorRating::NotApplicable,
            _ if !strong && rng.chance(10) => IndicatorRating::NotApplicable,
            _ => levels[(centre + rng.below(2)).min(2)],
        })
        .collect();
    if (6..=8).contains(&kind) {
        let i = rng.below(out.len());
        out[i] = IndicatorRating::NotShown;
    }
    out
}

fn judgements(ctx: &Ctx<'_, '_>, rng: &mut Rng, strong: bool) -> Vec<CriterionJudgement> {
    let criteria = &ctx.model.portfolio_check.criteria;
    criteria
        .iter()
        .map(|cr| {
            let roll = if strong { 0 } else { rng.below(100) };
            let (verdict, note) = match roll {
                0..=79 => (CriterionVerdict::Met, ""),
                80..=94 => (CriterionVerdict::PartlyMet, "to explore in the interview"),
                _ => (
                    CriterionVerdict::NotMet,
                    "not enough evidence for this criterion",
                ),
            };
            CriterionJudgement {
                criterion_id: cr.id.clone(),
                verdict: Some(verdict),
                note: note.to_string(),
            }
        })
        .collect()
}

#[allow(clippy::too_many_arguments)] // the candidate's whole context, threaded through once
pub fn write(
    ctx: &Ctx<'_, '_>,
    rng: &mut Rng,
    candidate_id: &str,
    claims: &[&Competence],
    t: &mut DateTime<Utc>,
    finalise: bool,
    bucket: Bucket,
    sum: &mut DemoSummary,
) -> Result<(String, bool)> {
    let aid = rng.uuid();
    let bulk = ctx.bulk;
    let mut summary = AssessmentSummary {
        id: aid.clone(),
        candidate_id: candidate_id.to_string(),
        assessor_id: rng.pick(ctx.assessors).clone(),
        model_id: ctx.model.id.clone(),
        model_version: ctx.model.version.clone(),
        started_at: *t,
        finalised_at: None,
        status: AssessmentStatus::InProgress,
        interview_seconds: 0,
    };
    // An interview in progress has covered only its first competence or two.
    let covered = if finalise {
        claims.len()
    } else {
        rng.range(1, 2) as usize
    };
    let mut any_validated = false;
    let mut times = Vec::new();
    for (k, c) in claims.iter().enumerate() {
        // A certified candidate has at least one clearly validated competence.
        let strong = k == 0 && bucket == Bucket::Certified;
        let checks = judgements(ctx, rng, strong);
        for j in &checks {
            let verdict = j.verdict.unwrap_or(CriterionVerdict::Met);
            let rec = PortfolioCheckRecord {
                competence_id: c.id.clone(),
                criterion_id: j.criterion_id.clone(),
                verdict,
                note: j.note.clone(),
                updated_at: *t,
            };
            bulk.portfolio_check(&rng.uuid(), &aid, &rec)?;
        }
        if k >= covered {
            continue;
        }
        let secs = rng.range(600, 1500);
        times.push(InterviewTimeRecord {
            competence_id: c.id.clone(),
            seconds: secs,
            interruptions: rng.range(0, 2),
        });
        for q in 0..c.questions.len().min(3) {
            let text = fill(rng.pick_str(names::NOTES), rng, 2024);
            bulk.note(
                &rng.uuid(),
                &aid,
                &NoteRecord {
                    competence_id: c.id.clone(),
                    question_index: q as u32,
                    text,
                    updated_at: *t,
                },
            )?;
        }
        let rated = ratings(rng, c, strong);
        let partial = !finalise && k + 1 == covered;
        let upto = if partial {
            rated.len().div_ceil(2)
        } else {
            rated.len()
        };
        for (ind, r) in c.indicators.iter().zip(&rated).take(upto) {
            let rec = RatingRecord {
                competence_id: c.id.clone(),
                indicator_id: ind.id.clone(),
                rating: *r,
                note: String::new(),
                updated_at: *t,
            };
            bulk.rating(&rng.uuid(), &aid, &rec)?;
        }
        if !finalise {
            continue;
        }
        let slots: Vec<Option<IndicatorRating>> = rated.iter().copied().map(Some).collect();
        let suggestion = scoring::suggest(&slots, &ctx.model.scoring);
        let suggested = suggestion.outcome().unwrap_or(Outcome::NotAssessable);
        let (chosen, justification) = match suggested {
            Outcome::Level(l) if !strong && rng.chance(5) => {
                let other = if l == OutcomeLevel::Basic {
                    OutcomeLevel::Accomplished
                } else {
                    OutcomeLevel::Basic
                };
                (
                    Outcome::Level(other),
                    rng.pick(names::OVERRIDE_REASONS).to_string(),
                )
            }
            s => (s, String::new()),
        };
        let choice = scoring::choose_level(suggested, chosen, &justification)
            .map_err(|e| crate::store::StoreError::Constraint(e.to_string()))?;
        let grade = [
            Complexity::Low,
            Complexity::MidLow,
            Complexity::MidHigh,
            Complexity::High,
        ];
        let base = rng.below(3);
        let complexity = PartialComplexity {
            context: Some(grade[base + rng.below(2)]),
            task: Some(grade[base + rng.below(2)]),
            autonomy: Some(grade[base]),
        };
        let input = ScoreInput {
            competence_id: c.id.clone(),
            suggested: Some(suggested),
            outcome_level: Some(choice.chosen),
            overridden: choice.overridden(),
            justification: choice.justification.clone().unwrap_or_default(),
            complexity,
        };
        bulk.score(
            &rng.uuid(),
            &aid,
            &ScoreRecord {
                input,
                updated_at: *t,
            },
        )?;
        let check = portfolio::evaluate(&ctx.model.portfolio_check, &checks);
        let facts = DecisionFacts {
            outcome: Some(choice.chosen),
            portfolio: check.status,
            portfolio_failure: check.failed.join("; "),
            assessor_is_tutor: false,
            interviewed: true,
        };
        let decision = decision::proposed(&facts);
        let (reasons, advice) = match decision {
            Decision::Validated => {
                any_validated = true;
                sum.validated += 1;
                (
                    format!(
                        "{} validated at {} level. {} Portfolio check passed.",
                        c.name,
                        choice.chosen.label(),
                        suggestion.explanation()
                    ),
                    String::new(),
                )
            }
            Decision::NotValidated => {
                sum.not_validated += 1;
                (
                    format!("{} {}", suggestion.explanation(), check.explanation())
                        .trim()
                        .to_string(),
                    rng.pick(names::ADVICE).to_string(),
                )
            }
            _ => {
                sum.not_assessable += 1;
                (
                    suggestion.explanation(),
                    rng.pick(names::ADVICE).to_string(),
                )
            }
        };
        bulk.decision(
            &rng.uuid(),
            &aid,
            &DecisionRecord {
                competence_id: c.id.clone(),
                decision,
                reasons,
                advice,
                updated_at: *t,
            },
        )?;
    }
    for it in &times {
        bulk.interview_time(&rng.uuid(), &aid, it)?;
        summary.interview_seconds += it.seconds;
    }
    if summary.interview_seconds > 0 {
        *t = (*t + Duration::seconds(summary.interview_seconds)).min(ctx.now);
    }
    // Inserted after its children (foreign keys are deferred in a bulk load) so that the
    // total interview time is known; finalising is still the separate, guarded update.
    bulk.assessment(&summary)?;
    if finalise {
        *t = advance(*t, rng, ctx.now);
        bulk.finalise(&aid, *t)?;
        bulk.audit(
            &rng.uuid(),
            *t,
            "demo",
            "assessment",
            &aid,
            "finalise",
            None,
        )?;
        sum.assessments_finalised += 1;
    } else {
        sum.assessments_in_progress += 1;
    }
    Ok((aid, any_validated))
}

pub fn certificate(
    ctx: &Ctx<'_, '_>,
    rng: &mut Rng,
    assessment_id: &str,
    t: DateTime<Utc>,
    sum: &mut DemoSummary,
) -> Result<()> {
    let revoked = rng.chance(3);
    let id = rng.uuid();
    ctx.bulk.certificate(&CertificateRecord {
        id: id.clone(),
        assessment_id: assessment_id.to_string(),
        candidate_id: String::new(),
        candidate_name: String::new(),
        issued_at: t,
        revoked_at: revoked.then_some(t),
        revoke_reason: revoked.then(|| "issued with a wrong date; reissue requested".to_string()),
    })?;
    sum.certificates += 1;
    sum.revoked_certificates += usize::from(revoked);
    ctx.bulk
        .audit(&rng.uuid(), t, "demo", "certificate", &id, "issue", None)
}
