//! A demo candidate's formal assessment, made the way an assessor makes one and judged by
//! the domain before a row of it is written:
//!
//! - started with `path_rules::start_assessment`, which refuses an undocumented portfolio
//!   and pre-fills the countable criteria (currency, sufficiency, variety) from the
//!   evidence with `portfolio::suggest_countable`; those verdicts are kept as the evidence
//!   gave them, and only the criteria nothing can count are judged here;
//! - interview notes, time and indicator ratings per competence discussed;
//! - when finalised: the level confirmed (or, rarely, overridden with a reason),
//!   complexity, and the decision `decision::proposed` gives on the competence's real facts
//!   (`CompetenceState::facts`: the check against the evidence, the interview record).
//!   Where those facts leave it Pending, a finalised assessment says Not validated and
//!   gives advice. Finalising is `command::apply(Finalise)`, and the result must pass
//!   `invariants::violations`;
//! - every verdict, open assessments included, must pass `portfolio::contradiction`.
//!
//! Anything else is a generator bug and fails the load, naming the assessment and rule.

use chrono::{DateTime, Duration, Utc};

use super::candidate::{Ctx, advance, fill};
use super::rng::Rng;
use super::{DemoSummary, Result, broken, names, record};
use crate::domain::DomainError;
use crate::domain::assessment::{AssessmentState, CompetenceState};
use crate::domain::command::{self, Command};
use crate::domain::decision;
use crate::domain::invariants;
use crate::domain::model::Competence;
use crate::domain::path_rules::{self, CandidateFacts};
use crate::domain::people::Staff;
use crate::domain::portfolio;
use crate::domain::process::CandidatePath;
use crate::domain::scales::{
    Complexity, CriterionVerdict, Decision, IndicatorRating, OutcomeLevel,
};
use crate::domain::scoring::{self, Outcome};
use crate::store::PartialComplexity;

/// What an assessment left behind for the candidate's path.
pub struct Done {
    pub id: String,
    /// The path as finalising left it (unchanged while the assessment is open).
    pub path: CandidatePath,
    /// Some competence was validated: certification records are due.
    pub validated: bool,
}

/// Makes, judges and writes one assessment of the candidate in `facts` (at Documentation).
/// `strong` names the competence the demo means to be clearly shown (certified bucket).
pub fn write(
    ctx: &Ctx<'_, '_>,
    rng: &mut Rng,
    facts: &CandidateFacts,
    t: &mut DateTime<Utc>,
    finalise: bool,
    strong: Option<&str>,
    sum: &mut DemoSummary,
) -> Result<Done> {
    let a = rng.below(ctx.assessors.len());
    let assessor_id = ctx.assessors[a].as_str();
    let assessor_name = ctx.assessor_names.get(a).copied().unwrap_or(assessor_id);
    let aid = rng.uuid();
    let subject = || format!("assessment {aid} (candidate {})", facts.id);
    let assessor = Staff {
        id: assessor_id.to_string(),
        name: assessor_name.to_string(),
        assessor: true,
        tutor: false,
    };
    let start = path_rules::start_assessment(facts, ctx.model, &assessor, ctx.today)
        .map_err(|e| broken(subject(), e))?;
    let mut state = start.into_state(aid.clone());
    let tutor = state.assessor_is_tutor();
    // An interview in progress has covered only its first competence or two.
    let covered = if finalise {
        state.competences.len()
    } else {
        rng.range(1, 2) as usize
    };
    let mut advice = vec![String::new(); state.competences.len()];
    for (k, c) in state.competences.iter_mut().enumerate() {
        // start_assessment refuses competences the model does not know.
        let Some(m) = ctx.model.competence(&c.competence_id) else {
            continue;
        };
        let strong = strong == Some(m.id.as_str());
        judge(rng, c, strong);
        if k >= covered {
            continue;
        }
        // Now and then the assessor wrote no notes for a competence of a finalised
        // assessment: with no interview record it cannot be validated (D7).
        let noted = strong || !finalise || !rng.chance(3);
        interview(rng, m, c, noted);
        let rated = ratings(rng, m, strong);
        let partial = !finalise && k + 1 == covered;
        let upto = if partial {
            rated.len().div_ceil(2)
        } else {
            rated.len()
        };
        for (slot, r) in c.ratings.iter_mut().zip(rated).take(upto) {
            *slot = Some(r);
        }
        if finalise {
            advice[k] = conclude(ctx, rng, m, c, tutor).map_err(|e| broken(subject(), e))?;
            match c.decision {
                Decision::Validated => sum.validated += 1,
                Decision::NotValidated => sum.not_validated += 1,
                Decision::NotAssessable => sum.not_assessable += 1,
                Decision::Pending => {}
            }
        }
    }
    let contradicted = contradictions(ctx, &state);
    if !contradicted.is_empty() {
        return Err(broken(subject(), contradicted.join("; ")));
    }
    let started = *t;
    let seconds = state.total_seconds();
    if seconds > 0 {
        *t = (*t + Duration::seconds(seconds)).min(ctx.now);
    }
    let mut finalised_at = None;
    if finalise {
        let at = advance(*t, rng, ctx.now);
        let done = command::apply(&state, &Command::Finalise, ctx.model, assessor_id, at)
            .map_err(|e| broken(subject(), e))?;
        state = done.into_state();
        let rules = invariants::violations(&state, ctx.model, ctx.today);
        if !rules.is_empty() {
            return Err(broken(subject(), rules.join("; ")));
        }
        *t = at;
        finalised_at = Some(at);
        sum.assessments_finalised += 1;
    } else {
        sum.assessments_in_progress += 1;
    }
    record::assessment(ctx, rng, &state, &advice, started, finalised_at)?;
    Ok(Done {
        id: aid,
        validated: state
            .competences
            .iter()
            .any(|c| c.decision == Decision::Validated),
        path: state.path,
    })
}

/// Verdicts the evidence does not bear out (`portfolio::contradiction`, the rule
/// `command::apply` enforces on every verdict), open assessments included, which
/// `violations` leaves alone.
fn contradictions(ctx: &Ctx<'_, '_>, state: &AssessmentState) -> Vec<String> {
    let rules = &ctx.model.portfolio_check;
    let mut out = Vec::new();
    for c in &state.competences {
        for j in &c.portfolio {
            let Some(verdict) = j.verdict else { continue };
            let id = &j.criterion_id;
            if let Some(why) = portfolio::contradiction(rules, id, verdict, &c.evidence, ctx.today)
            {
                out.push(format!("{}: {id} judged Met, but {why}", c.competence_id));
            }
        }
    }
    out
}

/// The criteria no count can judge (relevance, authenticity): mostly Met, some Partly met
/// (an interview topic) or Not met. The countable ones keep what the evidence gave them.
fn judge(rng: &mut Rng, c: &mut CompetenceState, strong: bool) {
    for j in c.portfolio.iter_mut().filter(|j| j.verdict.is_none()) {
        let roll = if strong { 0 } else { rng.below(100) };
        let (verdict, note) = match roll {
            0..=79 => (CriterionVerdict::Met, ""),
            80..=94 => (CriterionVerdict::PartlyMet, "to explore in the interview"),
            _ => (
                CriterionVerdict::NotMet,
                "not enough evidence for this criterion",
            ),
        };
        j.verdict = Some(verdict);
        j.note = note.to_string();
    }
}

/// Interview time, and notes for up to three questions unless `noted` is false.
fn interview(rng: &mut Rng, m: &Competence, c: &mut CompetenceState, noted: bool) {
    c.seconds = rng.range(600, 1500);
    if !noted {
        return;
    }
    for q in 0..m.questions.len().min(3) {
        let text = fill(rng.pick_str(names::NOTES), rng, 2024);
        c.notes.insert(q as u32, text);
    }
}

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

/// Level, complexity, decision and reasons of one competence of a finalised assessment;
/// returns the advice for the candidate. The decision is the one the facts propose; where
/// they leave it Pending (Validated is not possible), it is Not validated with the reason.
fn conclude(
    ctx: &Ctx<'_, '_>,
    rng: &mut Rng,
    m: &Competence,
    c: &mut CompetenceState,
    tutor: bool,
) -> Result<String, DomainError> {
    let model = ctx.model;
    let suggestion = c.suggestion(model);
    if let Some(suggested) = suggestion.outcome() {
        let (chosen, justification) = match suggested {
            Outcome::Level(l) if !c.notes.is_empty() && rng.chance(5) => {
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
        c.level = Some(scoring::choose_level(suggested, chosen, &justification)?);
    }
    let grade = [
        Complexity::Low,
        Complexity::MidLow,
        Complexity::MidHigh,
        Complexity::High,
    ];
    let base = rng.below(3);
    c.complexity = PartialComplexity {
        context: Some(grade[base + rng.below(2)]),
        task: Some(grade[base + rng.below(2)]),
        autonomy: Some(grade[base]),
    };
    let facts = c.facts(model, ctx.today, tutor);
    let check = c.check(model, ctx.today);
    let explained = suggestion.explanation();
    let (wanted, reasons) = match decision::proposed(&facts) {
        Decision::Validated => (
            Decision::Validated,
            format!(
                "{} validated at {} level. {explained} Portfolio check passed.",
                m.name,
                c.level.as_ref().map_or("", |l| l.chosen.label()),
            ),
        ),
        Decision::NotValidated => (
            Decision::NotValidated,
            format!("{explained} {}", check.explanation()),
        ),
        Decision::NotAssessable => (Decision::NotAssessable, explained),
        Decision::Pending => {
            // The blocker says what is missing, then (after ';') what to do about it;
            // at sign-off only the first half is still true.
            let why = decision::validation_blocker(&facts).unwrap_or_default();
            let missing = why.split(';').next().unwrap_or_default().trim();
            (
                Decision::NotValidated,
                format!("{explained} Not validated at sign-off: {missing}."),
            )
        }
    };
    // The domain's own guard: the recorded decision must be one the facts allow.
    c.decision = decision::check(wanted, &facts)?;
    c.reasons = reasons.trim().to_string();
    Ok(if c.decision == Decision::Validated {
        String::new()
    } else {
        rng.pick(names::ADVICE).to_string()
    })
}
