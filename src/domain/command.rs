//! The commands an assessor gives during a formal assessment, applied purely:
//! `apply(state, cmd, model, actor, now) -> Result<ChangeSet, RuleError>`.
//!
//! Every rule of the procedure (D4–D7) is checked here, once. A command is applied to a
//! copy of the state, the cascades settle it (a rating that moves the suggestion reopens
//! the level and the decision built on it), and the change set is the difference: the
//! store writes exactly that, in one transaction. Depends on std, serde and chrono only.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::assessment::AssessmentState;
use super::changes::{ChangeSet, change_set};
use super::decision;
use super::error::DomainError;
use super::model::Model;
use super::people::Staff;
use super::portfolio;
use super::process::PathCommand;
use super::scales::{Complexity, CriterionVerdict, Decision, Dimension, IndicatorRating};
use super::scoring::{self, Outcome};

/// One thing the assessor does. Competences are named by id, criteria by id, indicators
/// and questions by their index in the model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Command {
    Verdict {
        competence: String,
        criterion: String,
        verdict: CriterionVerdict,
        note: String,
    },
    Note {
        competence: String,
        question: u32,
        text: String,
    },
    AddInterviewTime {
        competence: String,
        seconds: i64,
    },
    Rate {
        competence: String,
        indicator: usize,
        rating: IndicatorRating,
    },
    /// Confirm (`chosen` = the suggestion) or override (with a justification).
    ChooseLevel {
        competence: String,
        chosen: Outcome,
        justification: String,
    },
    Complexity {
        competence: String,
        dimension: Dimension,
        value: Option<Complexity>,
    },
    Decide {
        competence: String,
        decision: Decision,
    },
    Reasons {
        competence: String,
        text: String,
    },
    /// Sign-off: re-checks everything, then the assessment is read-only.
    Finalise,
    /// Hands the assessment to another assessor (audited, with a reason).
    Reassign {
        to: Staff,
        reason: String,
    },
}

type Rule<T> = Result<T, DomainError>;

/// Applies `cmd` for `actor` (a person id) at `now`. Nothing changes on a refusal.
pub fn apply(
    state: &AssessmentState,
    cmd: &Command,
    model: &Model,
    actor: &str,
    now: DateTime<Utc>,
) -> Rule<ChangeSet> {
    if let Command::Reassign { to, reason } = cmd {
        // Another assessor takes over through Reassign, so only the ownership check is
        // waived: a finalised or read-only (other model) assessment stays as it is.
        if let Some(blocker) = state.write_blocker(model, actor)
            && !matches!(blocker, DomainError::NotYourAssessment(_))
        {
            return Err(blocker);
        }
        return reassign(state, model, to, reason);
    }
    if let Some(blocker) = state.write_blocker(model, actor) {
        return Err(blocker);
    }
    let today = now.date_naive();
    let mut next = state.clone();
    let tutor = state.assessor_is_tutor();
    match cmd {
        Command::Verdict {
            competence,
            criterion,
            verdict,
            note,
        } => {
            let c = competence_mut(&mut next, competence)?;
            if let Some(why) = portfolio::contradiction(
                &model.portfolio_check,
                criterion,
                *verdict,
                &c.evidence,
                today,
            ) {
                let name = criterion_name(model, criterion);
                return Err(DomainError::Invalid(format!(
                    "{name} cannot be Met: {why}. Judge it Partly met or Not met."
                )));
            }
            let j = c
                .portfolio
                .iter_mut()
                .find(|j| j.criterion_id == *criterion)
                .ok_or_else(|| unknown("criterion", criterion))?;
            j.verdict = Some(*verdict);
            j.note = note.trim_end().to_string();
        }
        Command::Note {
            competence,
            question,
            text,
        } => {
            let questions = model_competence(model, competence)?.questions.len();
            if *question as usize >= questions {
                return Err(unknown("question", &question.to_string()));
            }
            competence_mut(&mut next, competence)?
                .notes
                .insert(*question, text.clone());
        }
        Command::AddInterviewTime {
            competence,
            seconds,
        } => {
            if *seconds <= 0 {
                return Err(DomainError::Invalid(
                    "interview time must be a positive number of seconds".into(),
                ));
            }
            let c = competence_mut(&mut next, competence)?;
            c.seconds = c.seconds.checked_add(*seconds).ok_or_else(|| {
                DomainError::Invalid("that much interview time cannot be recorded".into())
            })?;
        }
        Command::Rate {
            competence,
            indicator,
            rating,
        } => {
            let slot = competence_mut(&mut next, competence)?
                .ratings
                .get_mut(*indicator)
                .ok_or_else(|| unknown("indicator", &indicator.to_string()))?;
            *slot = Some(*rating);
        }
        Command::ChooseLevel {
            competence,
            chosen,
            justification,
        } => {
            let c = competence_mut(&mut next, competence)?;
            let Some(suggested) = c.suggestion(model).outcome() else {
                return Err(DomainError::Invalid(
                    "rate every indicator first: there is no suggestion to confirm yet".into(),
                ));
            };
            c.level = Some(scoring::choose_level(suggested, *chosen, justification)?);
        }
        Command::Complexity {
            competence,
            dimension,
            value,
        } => {
            let cx = &mut competence_mut(&mut next, competence)?.complexity;
            *match dimension {
                Dimension::Context => &mut cx.context,
                Dimension::Task => &mut cx.task,
                Dimension::Autonomy => &mut cx.autonomy,
            } = *value;
        }
        Command::Decide {
            competence,
            decision: wanted,
        } => {
            let c = competence_mut(&mut next, competence)?;
            let facts = c.facts(model, today, tutor);
            c.decision = decision::check(*wanted, &facts)?;
        }
        Command::Reasons { competence, text } => {
            competence_mut(&mut next, competence)?.reasons = text.trim_end().to_string();
        }
        Command::Finalise => {
            ready_to_finalise(model, &next, today)?;
            next.finalised = true;
            next.finalised_on = Some(today);
            let validated = next
                .competences
                .iter()
                .any(|c| c.decision == Decision::Validated);
            // Valuation (nothing validated) goes straight on to Looking ahead; with a
            // validated competence the path moves to Certification when records are issued.
            if !validated && next.path.step == super::process::Step::Assessment {
                next.path = next
                    .path
                    .apply(&PathCommand::Advance { validated: false })?;
            }
        }
        Command::Reassign { to, reason } => return reassign(state, model, to, reason),
    }
    let notice = settle(&mut next, model, today);
    Ok(change_set(model, state, next, notice))
}

/// Cascades: a level confirmed against an older suggestion reopens (and the decision built
/// on it); a Validated decision whose grounds are gone goes back to Pending. Returns what
/// happened, in words, when anything did.
pub fn settle(
    state: &mut AssessmentState,
    model: &Model,
    today: chrono::NaiveDate,
) -> Option<String> {
    let tutor = state.assessor_is_tutor();
    let mut said = Vec::new();
    for c in &mut state.competences {
        let suggestion = c.suggestion(model).outcome();
        if let Some(level) = &c.level
            && Some(level.suggested) != suggestion
        {
            c.level = None;
            if c.decision != Decision::Pending {
                c.decision = Decision::Pending;
            }
            said.push(match suggestion {
                Some(o) => format!(
                    "the ratings changed the suggestion to {}: confirm or override the level again",
                    o.label()
                ),
                None => {
                    "the ratings changed: confirm the level again once every indicator is rated"
                        .to_string()
                }
            });
        }
        if c.decision == Decision::Validated
            && let Some(why) = decision::validation_blocker(&c.facts(model, today, tutor))
        {
            c.decision = Decision::Pending;
            said.push(format!("the decision went back to Pending: {why}"));
        }
    }
    said.dedup();
    (!said.is_empty()).then(|| {
        let mut text = said.join("; ");
        if let Some(first) = text.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        text + "."
    })
}

/// Sign-off is refused while anything is missing or the assessor is the tutor (D2, D5).
pub fn ready_to_finalise(
    model: &Model,
    state: &AssessmentState,
    today: chrono::NaiveDate,
) -> Rule<()> {
    if state.assessor_is_tutor() {
        return Err(DomainError::AssessorIsTutor);
    }
    if state.competences.is_empty() {
        return Err(DomainError::NotReady("no competence claimed".into()));
    }
    let gaps: Vec<String> = state
        .competences
        .iter()
        .filter_map(|s| {
            let missing = s.missing(model, today, false);
            let name = model
                .competence(&s.competence_id)
                .map_or(s.competence_id.as_str(), |c| c.name.as_str());
            (!missing.is_empty()).then(|| format!("{name}: {}", missing.join(", ")))
        })
        .collect();
    if gaps.is_empty() {
        Ok(())
    } else {
        Err(DomainError::NotReady(gaps.join("; ")))
    }
}

fn reassign(state: &AssessmentState, model: &Model, to: &Staff, reason: &str) -> Rule<ChangeSet> {
    if state.finalised {
        return Err(DomainError::Finalised);
    }
    to.must_assess()?;
    let (to, to_name) = (to.id.as_str(), to.name.as_str());
    if to == state.assessor_id {
        return Err(DomainError::Invalid(format!(
            "the assessment already belongs to {}",
            state.assessor_name
        )));
    }
    if state.tutor_id.as_deref() == Some(to) {
        return Err(DomainError::AssessorIsTutor);
    }
    if reason.trim().is_empty() {
        return Err(DomainError::Invalid(
            "reassigning an assessment needs a reason".into(),
        ));
    }
    let mut next = state.clone();
    next.assessor_id = to.to_string();
    next.assessor_name = to_name.to_string();
    let mut cs = change_set(model, state, next, None);
    cs.reason = Some(reason.trim().to_string());
    Ok(cs)
}

fn competence_mut<'a>(
    state: &'a mut AssessmentState,
    id: &str,
) -> Rule<&'a mut super::assessment::CompetenceState> {
    state
        .competences
        .iter_mut()
        .find(|c| c.competence_id == id)
        .ok_or_else(|| unknown("claimed competence", id))
}

fn model_competence<'a>(model: &'a Model, id: &str) -> Rule<&'a super::model::Competence> {
    model
        .competence(id)
        .ok_or_else(|| unknown("competence", id))
}

fn criterion_name(model: &Model, id: &str) -> String {
    model
        .portfolio_check
        .criteria
        .iter()
        .find(|c| c.id == id)
        .map_or(id.to_string(), |c| c.name.clone())
}

fn unknown(what: &str, id: &str) -> DomainError {
    DomainError::Invalid(format!("no {what} {id:?} in this assessment"))
}
