//! The outcome of starting an assessment and of each command, checked against the domain's
//! own judgement of it (`portfolio::suggest_countable`, `portfolio::contradiction`,
//! `scoring::choose_level`, `decision::check`, `command::ready_to_finalise`,
//! `write_blocker`), never against a restatement of the rules.

use chrono::{DateTime, NaiveDate, Utc};
use leverup::domain::DomainError;
use leverup::domain::assessment::AssessmentState;
use leverup::domain::changes::{Change, ChangeSet};
use leverup::domain::command::{self, Command};
use leverup::domain::decision;
use leverup::domain::model::Model;
use leverup::domain::path_rules::{self, CandidateFacts};
use leverup::domain::portfolio;
use leverup::domain::scales::Decision;
use leverup::domain::scoring;
use proptest::test_runner::TestCaseError;

use super::domain_support::{ASSESSOR, staff, target};
use super::{Reached, Stats};

/// Starts the assessment of `facts`: a refusal says why; an accepted start is the fresh state
/// the facts describe. `None` when refused.
pub fn start(
    model: &Model,
    facts: &CandidateFacts,
    now: DateTime<Utc>,
    stats: &Stats,
) -> Result<Option<AssessmentState>, TestCaseError> {
    let today = now.date_naive();
    let started = path_rules::start_assessment(facts, model, &staff(ASSESSOR.0), today);
    ensure!(
        started == path_rules::start_assessment(facts, model, &staff(ASSESSOR.0), today),
        "start_assessment is not deterministic for {facts:?}"
    );
    let new = match started {
        Ok(new) => new,
        Err(e) => {
            stats.bump(Reached::StartsRefused);
            match e {
                DomainError::AssessorIsTutor => stats.bump(Reached::TutorRefused),
                DomainError::CannotStart(why) => ensure!(!why.trim().is_empty(), "say why"),
                e => return Err(TestCaseError::fail(format!("start refused with {e:?}"))),
            }
            return Ok(None);
        }
    };
    stats.bump(Reached::Started);
    let s = new.state();
    ensure!(
        *new.path().from() == facts.path,
        "path change from the facts' path"
    );
    ensure!(
        s.path == *new.path().to(),
        "the state is on the path it moved to"
    );
    ensure!(s.revision == 0 && !s.finalised, "fresh state");
    ensure!(
        s.candidate_id == facts.id && s.tutor_id == facts.tutor_id,
        "candidate"
    );
    ensure!(
        (s.assessor_id.as_str(), s.assessor_name.as_str()) == ASSESSOR,
        "assessor"
    );
    ensure!(
        s.model_id == model.id && s.model_version == model.version,
        "model"
    );
    ensure!(
        s.write_blocker(model, ASSESSOR.0).is_none(),
        "the assessor cannot write the assessment just started: {:?}",
        s.write_blocker(model, ASSESSOR.0)
    );
    let ids: Vec<&str> = s
        .competences
        .iter()
        .map(|c| c.competence_id.as_str())
        .collect();
    let want: Vec<&str> = model
        .competences
        .iter()
        .filter(|m| facts.claimed.contains(&m.id))
        .map(|m| m.id.as_str())
        .collect();
    ensure!(
        ids == want,
        "claimed competences in model order: {ids:?} vs {want:?}"
    );
    for c in &s.competences {
        let id = &c.competence_id;
        ensure!(
            c.evidence == facts.evidence_for(id),
            "{id}: evidence carried"
        );
        let judged = portfolio::suggest_countable(&model.portfolio_check, &c.evidence, today);
        for j in &c.portfolio {
            let pre = judged.iter().find(|x| x.0 == j.criterion_id).map(|x| x.1);
            ensure!(
                j.verdict == pre,
                "{id} {}: pre-filled {:?}, the evidence gives {pre:?}",
                j.criterion_id,
                j.verdict
            );
        }
        ensure!(
            c.ratings.iter().all(Option::is_none) && c.level.is_none(),
            "unrated"
        );
        ensure!(c.decision == Decision::Pending, "undecided");
    }
    Ok(Some(new.into_state("a-1".into())))
}

/// (h), and the command's outcome against the domain's own judgement of it where it has
/// one: `scoring::choose_level`, `decision::check`, `command::ready_to_finalise`, and for
/// Reassign the owner change alone, after which `write_blocker` admits only the new owner.
pub fn check_command(
    model: &Model,
    old: &AssessmentState,
    cmd: &Command,
    result: &Result<ChangeSet, DomainError>,
    today: NaiveDate,
    stats: &Stats,
    at: &str,
) -> Result<(), TestCaseError> {
    let stored = |id: &str| {
        result
            .as_ref()
            .ok()
            .and_then(|cs| cs.state().competence(id))
    };
    let claimed = target(cmd).and_then(|id| old.competence(id));
    match (cmd, claimed) {
        (
            Command::Verdict {
                criterion, verdict, ..
            },
            Some(c),
        ) => {
            let rules = &model.portfolio_check;
            if let Some(why) =
                portfolio::contradiction(rules, criterion, *verdict, &c.evidence, today)
            {
                ensure!(
                    matches!(result, Err(DomainError::Invalid(m)) if m.contains(&why)),
                    "(h) contradicted {verdict:?} ({why}) gave {result:?} at {at}"
                );
                stats.bump(Reached::Contradicted);
            }
        }
        (
            Command::ChooseLevel {
                competence,
                chosen,
                justification,
            },
            Some(c),
        ) => {
            // With no suggestion yet, (c) sees to it that no level is stored.
            if let Some(suggested) = c.suggestion(model).outcome() {
                match scoring::choose_level(suggested, *chosen, justification) {
                    Err(e) => ensure!(*result == Err(e), "ChooseLevel gave {result:?} at {at}"),
                    Ok(level) => ensure!(
                        stored(competence).map(|c| &c.level) == Some(&Some(level)),
                        "ChooseLevel gave {result:?}, scoring::choose_level accepts at {at}"
                    ),
                }
            }
        }
        (
            Command::Decide {
                competence,
                decision: wanted,
            },
            Some(c),
        ) => {
            let facts = c.facts(model, today, old.assessor_is_tutor());
            match decision::check(*wanted, &facts) {
                Err(e) => ensure!(*result == Err(e), "Decide gave {result:?} at {at}"),
                Ok(d) => {
                    ensure!(
                        stored(competence).map(|c| c.decision) == Some(d),
                        "Decide gave {result:?}, decision::check gives {d:?} at {at}"
                    );
                    match d {
                        Decision::Validated => stats.bump(Reached::DecidedValidated),
                        Decision::Pending => {}
                        _ => stats.bump(Reached::DecidedOther),
                    }
                }
            }
        }
        (Command::Finalise, _) => match (command::ready_to_finalise(model, old, today), result) {
            (Ok(()), Ok(cs)) => {
                ensure!(
                    cs.state().finalised && cs.changes().contains(&Change::Finalised),
                    "Finalise accepted but not finalised at {at}"
                );
                stats.bump(Reached::Finalised);
                if cs
                    .state()
                    .competences
                    .iter()
                    .any(|c| c.decision == Decision::Validated)
                {
                    stats.bump(Reached::FinalisedValidated);
                }
            }
            (Err(e), Err(got)) if e == *got => stats.bump(Reached::FinaliseRefused),
            (ready, got) => {
                return Err(TestCaseError::fail(format!(
                    "Finalise gave {got:?}, ready_to_finalise says {ready:?} at {at}"
                )));
            }
        },
        (Command::Reassign { to, reason }, _) => {
            let (to_name, to) = (&to.name, &to.id);
            if let Ok(cs) = result {
                stats.bump(Reached::Reassigned);
                let from = old.assessor_id.clone();
                let only = vec![Change::Assessor {
                    from,
                    to: to.clone(),
                }];
                ensure!(
                    cs.changes() == only,
                    "Reassign changed {:?} at {at}",
                    cs.changes()
                );
                ensure!(
                    cs.reason() == Some(reason.trim()),
                    "reason kept for the audit"
                );
                let mut same = cs.state().clone();
                same.assessor_id.clone_from(&old.assessor_id);
                same.assessor_name.clone_from(&old.assessor_name);
                same.revision = old.revision;
                ensure!(same == *old, "Reassign changed more than the owner at {at}");
                ensure!(
                    cs.state().assessor_name == *to_name,
                    "the new owner's name at {at}"
                );
                let (new_owner, old_owner) = (
                    cs.state().write_blocker(model, to),
                    cs.state().write_blocker(model, &old.assessor_id),
                );
                ensure!(
                    new_owner.is_none()
                        && old_owner == Some(DomainError::NotYourAssessment(to_name.clone())),
                    "after Reassign: {new_owner:?} for {to}, {old_owner:?} for {} at {at}",
                    old.assessor_id
                );
            }
        }
        _ => {}
    }
    Ok(())
}
