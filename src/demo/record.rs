//! Writing a demo assessment through the bulk loader, row for row from the state the
//! domain judged: nothing is added or changed on the way, so what the rules passed is what
//! the database holds. Also the certificate issued after a validated assessment.

use chrono::{DateTime, Utc};

use super::candidate::Ctx;
use super::rng::Rng;
use super::{DemoSummary, Result};
use crate::domain::assessment::{AssessmentState, PartialComplexity};
use crate::domain::scales::Decision;
use crate::store::{
    AssessmentStatus, AssessmentSummary, CertificateRecord, DecisionRecord, InterviewTimeRecord,
    NoteRecord, PortfolioCheckRecord, RatingRecord, ScoreInput, ScoreRecord,
};

/// Every row of `state`, then the assessment itself (its total interview time is known by
/// then; foreign keys are deferred in a bulk load), then finalising when `finalised_at`.
/// `advice` is per competence, in the order of `state.competences`.
pub fn assessment(
    ctx: &Ctx<'_, '_>,
    rng: &mut Rng,
    state: &AssessmentState,
    advice: &[String],
    at: DateTime<Utc>,
    finalised_at: Option<DateTime<Utc>>,
) -> Result<()> {
    let bulk = ctx.bulk;
    let aid = state.id.as_str();
    for (c, advice) in state.competences.iter().zip(advice) {
        let Some(m) = ctx.model.competence(&c.competence_id) else {
            continue;
        };
        let competence_id = || c.competence_id.clone();
        for j in &c.portfolio {
            let Some(verdict) = j.verdict else { continue };
            let rec = PortfolioCheckRecord {
                competence_id: competence_id(),
                criterion_id: j.criterion_id.clone(),
                verdict,
                note: j.note.clone(),
                updated_at: at,
            };
            rng.skip_uuid();
            bulk.portfolio_check(aid, &rec)?;
        }
        if c.seconds > 0 {
            let rec = InterviewTimeRecord {
                competence_id: competence_id(),
                seconds: c.seconds,
                interruptions: rng.range(0, 2),
            };
            rng.skip_uuid();
            bulk.interview_time(aid, &rec)?;
        }
        for (q, text) in &c.notes {
            let rec = NoteRecord {
                competence_id: competence_id(),
                question_index: *q,
                text: text.clone(),
                updated_at: at,
            };
            rng.skip_uuid();
            bulk.note(aid, &rec)?;
        }
        for (ind, rating) in m.indicators.iter().zip(&c.ratings) {
            let Some(rating) = *rating else { continue };
            let rec = RatingRecord {
                competence_id: competence_id(),
                indicator_id: ind.id.clone(),
                rating,
                note: String::new(),
                updated_at: at,
            };
            rng.skip_uuid();
            bulk.rating(aid, &rec)?;
        }
        if c.level.is_some() || c.complexity != PartialComplexity::default() {
            let level = c.level.as_ref();
            let input = ScoreInput {
                competence_id: competence_id(),
                suggested: level.map(|l| l.suggested),
                outcome_level: level.map(|l| l.chosen),
                overridden: level.is_some_and(|l| l.overridden()),
                justification: level
                    .and_then(|l| l.justification.clone())
                    .unwrap_or_default(),
                complexity: c.complexity.clone(),
            };
            let rec = ScoreRecord {
                input,
                updated_at: at,
            };
            rng.skip_uuid();
            bulk.score(aid, &rec)?;
        }
        if c.decision != Decision::Pending {
            let rec = DecisionRecord {
                competence_id: competence_id(),
                decision: c.decision,
                reasons: c.reasons.clone(),
                advice: advice.clone(),
                updated_at: at,
            };
            rng.skip_uuid();
            bulk.decision(aid, &rec)?;
        }
    }
    bulk.assessment(&AssessmentSummary {
        id: state.id.clone(),
        candidate_id: state.candidate_id.clone(),
        assessor_id: state.assessor_id.clone(),
        model_id: state.model_id.clone(),
        model_version: state.model_version.clone(),
        started_at: at,
        finalised_at: None,
        status: AssessmentStatus::InProgress,
        interview_seconds: state.total_seconds(),
    })?;
    if let Some(when) = finalised_at {
        // Finalising stays the separate, guarded update the triggers expect.
        bulk.finalise(aid, when)?;
        bulk.audit(
            &rng.uuid(),
            when,
            "demo",
            "assessment",
            aid,
            "finalise",
            None,
        )?;
    }
    Ok(())
}

/// Issues the certificate of a finalised assessment with a validated competence; about
/// one in thirty is already revoked.
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
        // Demo records never get badges, so they hold no position in the status list.
        status_index: None,
        replaces: None,
    })?;
    sum.certificates += 1;
    sum.revoked_certificates += usize::from(revoked);
    ctx.bulk
        .audit(&rng.uuid(), t, "demo", "certificate", &id, "issue", None)?;
    Ok(())
}
