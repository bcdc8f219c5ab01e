//! The assessment commands (`command::apply`), one scenario per defect of the
//! domain-commands issue: hand-built cases with the outcome each must have, every one
//! failing on the old behaviour. They show the rules by example; the invariants every
//! command must keep are checked over random command sequences in `domain_commands.rs`.

mod domain_support;

use chrono::Duration;
use domain_support::scenario::*;
use domain_support::{ASSESSOR, COUNTABLE, TUTOR, other_version, staff};
use leverup::datafile::load_embedded;
use leverup::domain::DomainError;
use leverup::domain::assessment::CompetenceState;
use leverup::domain::changes::Change;
use leverup::domain::command::{self, Command};
use leverup::domain::decision;
use leverup::domain::path_rules::{self, CandidateFacts};
use leverup::domain::portfolio::CheckStatus;
use leverup::domain::process::{CandidatePath, PathStatus, Step};
use leverup::domain::scales::{
    CriterionVerdict, Decision, Dimension, IndicatorRating, OutcomeLevel,
};
use leverup::domain::scoring::{self, Outcome};
use leverup::ui::testing::fixture_model;

use CriterionVerdict::{Met, NotMet, PartlyMet};
use IndicatorRating::{Accomplished, Basic, Expert, NotShown};

/// Defect: a competence whose portfolio check failed could not be decided at all (the
/// decision waited for ratings and a level), so the assessment could never be signed off.
#[test]
fn failed_portfolio_check_is_decided_not_validated_and_finalised() {
    let model = fixture_model();
    // One item from 2015: currency is pre-filled Not met, so the check fails at once.
    let mut a = Scenario::start(&model, &one_item("c01", "statement", 2015, 5, 1));
    let c = a.competence("c01");
    assert_eq!(c.check(&model, today()).status, CheckStatus::Failed);
    let facts = a.facts("c01");
    assert_eq!(decision::proposed(&facts), Decision::NotValidated);
    let allowed = decision::allowed(&facts);
    assert!(allowed.contains(&Decision::NotValidated), "{allowed:?}");
    assert!(!allowed.contains(&Decision::Validated), "{allowed:?}");
    match a.run_as("anna", decide("c01", Decision::Validated)) {
        Err(DomainError::CannotValidate(why)) => {
            assert!(why.contains("portfolio check failed"), "{why}");
            assert!(why.contains("Currency"), "{why}");
        }
        other => panic!("Validated accepted on a failed check: {other:?}"),
    }
    // No ratings, no level: Not validated is still accepted, and sign-off follows.
    a.run(decide("c01", Decision::NotValidated));
    let cs = a.run(Command::Finalise);
    assert!(cs.changes().contains(&Change::Finalised));
    assert!(a.s.finalised);
    a.assert_sound();
}

/// Defect: a Validated decision stayed Validated after a later verdict failed the
/// portfolio check, and the assessment could be signed off that way.
#[test]
fn validated_goes_back_to_pending_when_a_later_verdict_fails_the_check() {
    let mut a = Scenario::start(&fixture_model(), &candidate(&[("c01", enough())]));
    a.validate("c01");
    let before = a.s.revision;
    let cs = a.run(Command::Verdict {
        competence: "c01".into(),
        criterion: "authenticity".into(),
        verdict: NotMet,
        note: "the letter is unsigned".into(),
    });
    assert_eq!(cs.state().revision, before + 1);
    assert!(cs.changes().iter().any(|c| matches!(
        c,
        Change::Decision { competence, decision: Decision::Pending, .. } if competence == "c01"
    )));
    let notice = cs.notice().expect("the cascade is told");
    assert!(notice.contains("went back to Pending"), "{notice}");
    // The criterion is named; its note stays on the portfolio screen (status line room).
    let why = "portfolio check failed (Authenticity)";
    assert!(notice.contains(why), "{notice}");
    assert_eq!(a.competence("c01").decision, Decision::Pending);
    match a.run_as("anna", Command::Finalise) {
        Err(DomainError::NotReady(why)) => assert!(why.contains("no decision"), "{why}"),
        other => panic!("Finalise accepted with a reopened decision: {other:?}"),
    }
    a.run(decide("c01", Decision::NotValidated));
    a.run(Command::Finalise);
    a.assert_sound();
}

/// Defect: Expert + Validated could be recorded with no evidence and no interview.
#[test]
fn expert_validated_needs_evidence_and_an_interview_record() {
    let model = fixture_model();
    // No evidence: the assessment does not start.
    let undocumented = candidate(&[("c01", vec![]), ("c07", enough())]);
    match path_rules::start_assessment(&undocumented, &model, &staff(ASSESSOR.0), today()) {
        Err(DomainError::CannotStart(why)) => {
            assert!(why.contains("no evidence yet for C01"), "{why}")
        }
        other => panic!("started without evidence: {other:?}"),
    }
    // One item: sufficiency cannot be Met, and the refusal names the count.
    let mut a = Scenario::start(&model, &one_item("c01", "statement", 2026, 1, 5));
    match a.run_as("anna", verdict("c01", "sufficiency", Met)) {
        Err(DomainError::Invalid(why)) => {
            assert!(why.starts_with("Sufficiency cannot be Met"), "{why}");
            assert!(why.contains("1 item (at least 2 expected)"), "{why}");
        }
        other => panic!("Met on sufficiency with one item: {other:?}"),
    }
    // Enough evidence and an Expert level, but no interview notes: refused.
    let mut a = Scenario::start(&model, &candidate(&[("c01", enough())]));
    for criterion in ["relevance", "authenticity"] {
        a.run(verdict("c01", criterion, Met));
    }
    a.rate_all("c01", &[Expert; 4]);
    assert_eq!(a.confirm("c01"), Outcome::Level(OutcomeLevel::Expert));
    a.run(note("c01", "   "));
    assert_eq!(decision::proposed(&a.facts("c01")), Decision::Pending);
    match a.run_as("anna", decide("c01", Decision::Validated)) {
        Err(DomainError::CannotValidate(why)) => {
            assert!(why.contains("write the interview notes"), "{why}")
        }
        other => panic!("Validated without an interview record: {other:?}"),
    }
    a.run(note(
        "c01",
        "Described the rota she designed, with results.",
    ));
    a.run(decide("c01", Decision::Validated));
}

/// Defect: judging all five criteria Met passed the check whatever the evidence held.
#[test]
fn five_mets_without_evidence_do_not_pass_and_countables_are_prefilled() {
    let model = fixture_model();
    let mut c = CompetenceState::new(&model, &model.competences[0]);
    for j in &mut c.portfolio {
        j.verdict = Some(Met);
    }
    let check = c.check(&model, today());
    assert_eq!(check.status, CheckStatus::Failed);
    let why = "Sufficiency judged Met, but the evidence shows 0 items";
    assert!(check.explanation().contains(why));

    // start_assessment judges the countable criteria from the evidence.
    let old = vec![item("statement", 2015, 5, 1)];
    let mut a = Scenario::start(&model, &candidate(&[("c01", old), ("c07", enough())]));
    let verdicts = |a: &Scenario, id: &str| -> Vec<(String, Option<CriterionVerdict>, String)> {
        a.competence(id)
            .portfolio
            .iter()
            .map(|j| (j.criterion_id.clone(), j.verdict, j.note.clone()))
            .collect()
    };
    let row = |id: &str, v: Option<CriterionVerdict>, note: &str| (id.into(), v, note.into());
    assert_eq!(
        verdicts(&a, "c01"),
        vec![
            row("relevance", None, ""),
            row("authenticity", None, ""),
            row("currency", Some(NotMet), "0 of 1 item dated within 5 years"),
            row(
                "sufficiency",
                Some(PartlyMet),
                "1 item (at least 2 expected)"
            ),
            row(
                "variety",
                Some(PartlyMet),
                "1 kind of evidence (at least 2 expected)"
            ),
        ]
    );
    assert_eq!(
        verdicts(&a, "c07")[2..],
        [
            row("currency", Some(Met), ""),
            row("sufficiency", Some(Met), ""),
            row("variety", Some(Met), ""),
        ]
    );
    // The assessor cannot raise a countable criterion past the evidence.
    for criterion in COUNTABLE {
        let raised = a.run_as("anna", verdict("c01", criterion, Met));
        assert!(raised.is_err(), "{criterion} raised to Met");
    }
    a.run(verdict("c01", "relevance", Met));
    a.run(verdict("c01", "authenticity", Met));
    let status = a.competence("c01").check(&model, today()).status;
    assert_eq!(status, CheckStatus::Failed);
}

/// Defect: an assessment could be started at any step, and by the tutor.
#[test]
fn start_assessment_refuses_early_steps_and_the_tutor() {
    let model = fixture_model();
    let at = |step| {
        let mut c = candidate(&[("c01", enough())]);
        c.path.step = step;
        path_rules::start_assessment(&c, &model, &staff(ASSESSOR.0), today())
    };
    match at(Step::Awareness) {
        Err(DomainError::CannotStart(why)) => {
            assert!(why.contains("at Awareness (1)"), "{why}");
            assert!(why.contains("step 3"), "{why}");
        }
        other => panic!("started at Awareness: {other:?}"),
    }
    match at(Step::Identification) {
        Err(DomainError::CannotStart(why)) => {
            assert!(why.contains("at Identification (2)"), "{why}")
        }
        other => panic!("started at Identification: {other:?}"),
    }
    let looking_ahead = at(Step::LookingAhead);
    assert!(matches!(looking_ahead, Err(DomainError::CannotStart(_))));
    assert!(at(Step::Documentation).is_ok());
    let again = at(Step::Assessment);
    assert!(again.is_ok(), "a new assessment after a finalised one");
    let tutored = candidate(&[("c01", enough())]);
    assert_eq!(
        path_rules::start_assessment(&tutored, &model, &staff(TUTOR), today()),
        Err(DomainError::AssessorIsTutor)
    );
    let mut stopped = candidate(&[("c01", enough())]);
    stopped.path.status = PathStatus::Stopped {
        reason: "moved abroad".into(),
    };
    assert!(matches!(
        path_rules::start_assessment(&stopped, &model, &staff(ASSESSOR.0), today()),
        Err(DomainError::CannotStart(_))
    ));
    let started = path_rules::start_assessment(&tutored, &model, &staff(ASSESSOR.0), today())
        .expect("independent assessor");
    assert_eq!(started.path().to().step, Step::Assessment);
}

/// The other refusals of a start: an open assessment, nothing claimed, a claim the loaded
/// model does not know.
#[test]
fn start_assessment_refuses_an_open_assessment_no_claim_and_unknown_claims() {
    let model = fixture_model();
    let refused = |c: &CandidateFacts, needle: &str| match path_rules::start_assessment(
        c,
        &model,
        &staff(ASSESSOR.0),
        today(),
    ) {
        Err(DomainError::CannotStart(why)) => assert!(why.contains(needle), "{why}"),
        other => panic!("expected a refusal naming {needle:?}: {other:?}"),
    };
    let mut open = candidate(&[("c01", enough())]);
    open.open_assessment = true;
    refused(&open, "already open");
    let mut nothing = candidate(&[("c01", enough())]);
    nothing.claimed.clear();
    refused(&nothing, "no competence is claimed");
    let mut unknown = candidate(&[("c01", enough())]);
    unknown.claimed.push("c99".into());
    refused(&unknown, "c99");
}

/// Defect: finalising left the path where it was, whatever the outcome.
#[test]
fn finalising_moves_the_path_to_looking_ahead_unless_something_is_validated() {
    let model = fixture_model();
    let facts = candidate(&[("c01", enough()), ("c07", enough())]);
    let mut a = Scenario::start(&model, &facts);
    a.run(decide("c01", Decision::NotValidated));
    a.run(decide("c07", Decision::NotAssessable));
    let cs = a.run(Command::Finalise);
    let active = |step| CandidatePath {
        step,
        status: PathStatus::Active,
    };
    assert!(cs.changes().contains(&Change::Path {
        from: active(Step::Assessment),
        to: active(Step::LookingAhead),
    }));
    assert_eq!(a.s.path.step, Step::LookingAhead);

    let mut a = Scenario::start(&model, &facts);
    a.validate("c01");
    a.run(decide("c07", Decision::NotValidated));
    let cs = a.run(Command::Finalise);
    assert!(
        !cs.changes()
            .iter()
            .any(|c| matches!(c, Change::Path { .. }))
    );
    assert_eq!(a.s.path, active(Step::Assessment));
    a.assert_sound();
    // Certification comes when the records are issued.
    let at_assessment = CandidateFacts {
        path: a.s.path.clone(),
        ..facts
    };
    let issued = path_rules::certified(&at_assessment).expect("certifiable");
    assert_eq!(issued.to().step, Step::Certification);
}

/// Defect: with the level confirmed and the check incomplete, "Not validated" was
/// proposed.
#[test]
fn incomplete_check_with_a_confirmed_level_proposes_pending() {
    let mut a = Scenario::start(&fixture_model(), &candidate(&[("c01", enough())]));
    a.rate_all("c01", &[Accomplished; 4]);
    a.confirm("c01");
    a.run(note("c01", "Talked through the volunteer rota."));
    let facts = a.facts("c01");
    let unjudged = "relevance and authenticity unjudged";
    assert_eq!(facts.portfolio, CheckStatus::Pending, "{unjudged}");
    assert_eq!(decision::proposed(&facts), Decision::Pending);
    match a.run_as("anna", decide("c01", Decision::Validated)) {
        Err(DomainError::CannotValidate(why)) => assert!(why.contains("not complete"), "{why}"),
        other => panic!("Validated on an incomplete check: {other:?}"),
    }
    a.run(verdict("c01", "relevance", Met));
    a.run(verdict("c01", "authenticity", PartlyMet));
    assert_eq!(decision::proposed(&a.facts("c01")), Decision::Validated);
}

/// Defect: the suggestion said what it chose but not why the next level was missed,
/// nor what Not applicable ratings did.
#[test]
fn suggestion_sentences_say_why_a_level_was_missed_and_what_was_left_out() {
    use IndicatorRating::{Basic as B, Expert as E, NotApplicable as NA};
    let model = fixture_model();
    let slots: Vec<_> = [E, E, E, B, B].into_iter().map(Some).collect();
    let s = scoring::suggest(&slots, &model.scoring);
    assert_eq!(s.outcome(), Some(Outcome::Level(OutcomeLevel::Basic)));
    assert_eq!(
        s.explanation(),
        "Basic, because all 5 applicable indicators are at least Basic; Accomplished needs \
         4 of 5 at Accomplished or better, and 3 are."
    );
    // Through the assessment: four indicators, one Not applicable.
    let mut a = Scenario::start(&model, &candidate(&[("c01", enough())]));
    a.rate_all("c01", &[E, E, B, NA]);
    assert_eq!(
        a.competence("c01").suggestion(&model).explanation(),
        "Expert, because 2 of 3 applicable indicators are Expert and none is below Basic; \
         1 Not applicable indicator is left out (counted as not reached, the level would \
         be Basic)."
    );
    a.rate_all("c01", &[E, E, E, NA]);
    assert_eq!(
        a.competence("c01").suggestion(&model).explanation(),
        "Expert, because 3 of 3 applicable indicators are Expert and none is below Basic; \
         1 Not applicable indicator is left out."
    );
}

/// Defect: a rating that moved the suggestion was written alone; the confirmed level and
/// the decision on it stayed, written (if at all) by separate, later writes.
#[test]
fn one_rate_under_a_validated_decision_is_one_change_set_with_its_cascade() {
    let mut a = Scenario::start(&fixture_model(), &candidate(&[("c01", enough())]));
    a.validate("c01");
    let before = a.s.clone();
    let cs = a.run(rate("c01", 0, NotShown));
    let c = cs.state().competence("c01").expect("c");
    assert_eq!(
        cs.changes(),
        vec![
            Change::Rating {
                competence: "c01".into(),
                indicator: "c01-i1".into(),
                rating: NotShown,
            },
            Change::Score {
                competence: "c01".into(),
                level: None,
                complexity: c.complexity.clone(),
            },
            Change::Decision {
                competence: "c01".into(),
                decision: Decision::Pending,
                reasons: c.reasons.clone(),
            },
        ]
    );
    assert_eq!(cs.base_revision(), before.revision);
    assert_eq!(cs.state().revision, before.revision + 1);
    let notice = cs.notice().expect("told");
    let why = "changed the suggestion to Not validated (to improve)";
    assert!(notice.contains(why), "{notice}");
    assert_eq!(c.level, None);
    assert!(c.complexity.complete().is_some(), "complexity is kept");
    let kept = &before.competence("c01").expect("c").reasons;
    assert_eq!(&c.reasons, kept, "reasons kept");
}

/// Defect: anyone could change an assessment that another assessor had started.
#[test]
fn another_assessor_is_refused_until_the_assessment_is_reassigned() {
    let mut a = Scenario::start(&fixture_model(), &candidate(&[("c01", enough())]));
    let before = a.s.clone();
    assert_eq!(
        a.run_as("ben", rate("c01", 1, Basic)),
        Err(DomainError::NotYourAssessment("Anna".into()))
    );
    assert_eq!(a.s, before, "a refusal changes nothing");
    assert!(matches!(
        a.run_as("ben", reassign("ben", "Ben", "  ")),
        Err(DomainError::Invalid(why)) if why.contains("needs a reason")
    ));
    assert_eq!(
        a.run_as("ben", reassign(TUTOR, "Tess", "Anna is on leave")),
        Err(DomainError::AssessorIsTutor)
    );
    assert!(matches!(
        a.run_as("anna", reassign("anna", "Anna", "again")),
        Err(DomainError::Invalid(_))
    ));
    // Only one of the centre's assessors takes an assessment over.
    let not_an_assessor = Command::Reassign {
        to: leverup::domain::people::Staff {
            assessor: false,
            tutor: true,
            ..staff("cara")
        },
        reason: "Anna is on leave".into(),
    };
    assert_eq!(
        a.run_as("cara", not_an_assessor),
        Err(DomainError::NotInRole {
            name: "Cara".into(),
            role: "assessor"
        })
    );
    assert_eq!(a.s, before);
    let cs = a
        .run_as("ben", reassign("ben", "Ben", "Anna is on leave"))
        .expect("take over");
    let (from, to) = ("anna".into(), "ben".into());
    assert_eq!(cs.changes(), vec![Change::Assessor { from, to }]);
    assert_eq!(cs.reason(), Some("Anna is on leave"));
    let owner = (a.s.assessor_id.as_str(), a.s.assessor_name.as_str());
    assert_eq!(owner, ("ben", "Ben"));
    a.run_as("ben", rate("c01", 1, Basic)).expect("Ben's now");
    assert_eq!(
        a.run_as("anna", rate("c01", 1, Expert)),
        Err(DomainError::NotYourAssessment("Ben".into()))
    );
}

/// Defect: an assessment made with another model version could be changed, mixing
/// indicator and criterion ids of two models.
#[test]
fn another_model_version_refuses_every_command() {
    let model = fixture_model();
    let a = Scenario::start(&model, &candidate(&[("c01", enough())]));
    let newer = other_version(&model);
    let commands = [
        verdict("c01", "relevance", Met),
        note("c01", "notes"),
        time("c01", 60),
        rate("c01", 0, Basic),
        Command::ChooseLevel {
            competence: "c01".into(),
            chosen: Outcome::NotAssessable,
            justification: "x".into(),
        },
        Command::Complexity {
            competence: "c01".into(),
            dimension: Dimension::Task,
            value: None,
        },
        decide("c01", Decision::NotValidated),
        Command::Reasons {
            competence: "c01".into(),
            text: "r".into(),
        },
        Command::Finalise,
        reassign("ben", "Ben", "Anna is on leave"),
    ];
    for cmd in commands {
        for actor in ["anna", "ben"] {
            assert_eq!(
                command::apply(&a.s, &cmd, &newer, actor, now()),
                Err(DomainError::ModelMismatch {
                    recorded: "lever-up test-1".into(),
                    loaded: "lever-up test-1-next".into(),
                }),
                "{actor}: {cmd:?}"
            );
        }
    }
}

/// Evidence ages: a Validated decision whose currency no longer holds goes back to
/// Pending with the next command, even one that only adds interview time, and the
/// change set then needs a new revision.
#[test]
fn ageing_evidence_reopens_a_validated_decision_at_the_next_command() {
    let model = fixture_model();
    let mut a = Scenario::start(&model, &candidate(&[("c01", enough())]));
    a.validate("c01");
    let s = &a.s;
    let later = now() + Duration::days(5 * 366);
    let cs = command::apply(s, &time("c01", 90), &model, "anna", later).expect("accepted");
    assert!(!cs.commutes(), "the cascade needs the revision check");
    assert_eq!(cs.state().revision, s.revision + 1);
    let reopened = cs.state().competence("c01").expect("c").decision;
    assert_eq!(reopened, Decision::Pending);
    assert!(cs.notice().expect("told").contains("Currency judged Met"));
    // Time alone commutes and keeps the revision.
    let cs = command::apply(s, &time("c01", 90), &model, "anna", now()).expect("accepted");
    assert!(cs.commutes());
    assert_eq!(cs.state().revision, s.revision);
}

/// The whole procedure on the shipped model: start, validate one, not validate another,
/// sign off.
#[test]
fn shipped_model_runs_the_whole_procedure() {
    let model = load_embedded();
    let (x, y) = (&model.competences[0].id, &model.competences[1].id);
    let mut a = Scenario::start(&model, &candidate(&[(x, enough()), (y, enough())]));
    a.validate(x);
    a.run(decide(y, Decision::NotValidated));
    a.run(Command::Finalise);
    a.assert_sound();
    assert!(matches!(
        command::apply(&a.s, &note(x, "late"), &model, "anna", now()),
        Err(DomainError::Finalised)
    ));
}

/// A finalised record keeps the judgement it was signed on: years later, when its evidence
/// is no longer current, it still breaks no rule and its check still reads passed.
#[test]
fn a_finalised_record_is_judged_on_its_sign_off_day() {
    let model = fixture_model();
    let mut a = Scenario::start(&model, &candidate(&[("c01", enough())]));
    a.validate("c01");
    a.run(Command::Finalise);
    let years_later = today() + Duration::days(8 * 366);
    let s = &a.s;
    assert_eq!(s.judged_on(years_later), today());
    assert!(leverup::domain::invariants::violations(s, &model, years_later).is_empty());
    let check = s
        .competence("c01")
        .expect("c")
        .check(&model, s.judged_on(years_later));
    assert_eq!(
        check.status,
        leverup::domain::portfolio::CheckStatus::Passed
    );
}
