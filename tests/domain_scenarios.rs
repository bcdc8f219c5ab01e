//! The assessment commands (`command::apply`), one scenario per defect of the
//! domain-commands issue: hand-built cases with the outcome each must have, every one
//! failing on the old behaviour. The rules themselves are checked as properties over random
//! command sequences in `domain_commands.rs`.

mod domain_support;

use chrono::{Duration, NaiveDate};
use domain_support::scenario::*;
use domain_support::{ASSESSOR, COUNTABLE, TUTOR, other_version};
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
    Complexity, CriterionVerdict, Decision, Dimension, IndicatorRating, OutcomeLevel,
};
use leverup::domain::scoring::{self, Outcome};
use leverup::ui::testing::fixture_model;

use CriterionVerdict::{Met, NotMet, PartlyMet};

/// Defect: a competence whose portfolio check failed could not be decided at all (the
/// decision waited for ratings and a level), so the assessment could never be signed off.
#[test]
fn failed_portfolio_check_is_decided_not_validated_and_finalised() {
    let model = fixture_model();
    // One item from 2015: currency is pre-filled Not met, so the check fails at once.
    let mut s = start(
        &model,
        &candidate(&[("c01", vec![item("statement", 2015, 5, 1)])]),
    );
    let c = s.competence("c01").expect("claimed");
    assert_eq!(c.check(&model, today()).status, CheckStatus::Failed);
    let facts = facts_of(&model, &s, "c01");
    assert_eq!(decision::proposed(&facts), Decision::NotValidated);
    let allowed = decision::allowed(&facts);
    assert!(allowed.contains(&Decision::NotValidated), "{allowed:?}");
    assert!(!allowed.contains(&Decision::Validated), "{allowed:?}");
    match run_as(&model, &mut s, "anna", decide("c01", Decision::Validated)) {
        Err(DomainError::CannotValidate(why)) => {
            assert!(why.contains("portfolio check failed"), "{why}");
            assert!(why.contains("Currency"), "{why}");
        }
        other => panic!("Validated accepted on a failed check: {other:?}"),
    }
    // No ratings, no level: Not validated is still accepted, and sign-off follows.
    run(&model, &mut s, decide("c01", Decision::NotValidated));
    let cs = run(&model, &mut s, Command::Finalise);
    assert!(cs.changes.contains(&Change::Finalised));
    assert!(s.finalised);
    assert_sound(&model, &s);
}

/// Defect: a Validated decision stayed Validated after a later verdict failed the
/// portfolio check, and the assessment could be signed off that way.
#[test]
fn validated_goes_back_to_pending_when_a_later_verdict_fails_the_check() {
    let model = fixture_model();
    let mut s = start(&model, &candidate(&[("c01", enough())]));
    validate(&model, &mut s, "c01");
    let before = s.revision;
    let cs = run(
        &model,
        &mut s,
        Command::Verdict {
            competence: "c01".into(),
            criterion: "authenticity".into(),
            verdict: NotMet,
            note: "the letter is unsigned".into(),
        },
    );
    assert_eq!(cs.state.revision, before + 1);
    assert!(cs.changes.iter().any(|c| matches!(
        c,
        Change::Decision { competence, decision: Decision::Pending, .. } if competence == "c01"
    )));
    let notice = cs.notice.expect("the cascade is told");
    assert!(notice.contains("went back to Pending"), "{notice}");
    assert!(
        notice.contains("Authenticity (the letter is unsigned)"),
        "{notice}"
    );
    assert_eq!(s.competence("c01").expect("c").decision, Decision::Pending);
    match run_as(&model, &mut s, "anna", Command::Finalise) {
        Err(DomainError::NotReady(why)) => assert!(why.contains("no decision"), "{why}"),
        other => panic!("Finalise accepted with a reopened decision: {other:?}"),
    }
    run(&model, &mut s, decide("c01", Decision::NotValidated));
    run(&model, &mut s, Command::Finalise);
    assert_sound(&model, &s);
}

/// Defect: Expert + Validated could be recorded with no evidence and no interview.
#[test]
fn expert_validated_needs_evidence_and_an_interview_record() {
    let model = fixture_model();
    // No evidence: the assessment does not start.
    let refused = path_rules::start_assessment(
        &candidate(&[("c01", vec![]), ("c07", enough())]),
        &model,
        ASSESSOR,
        today(),
    );
    match refused {
        Err(DomainError::CannotStart(why)) => {
            assert!(why.contains("no evidence yet for C01"), "{why}")
        }
        other => panic!("started without evidence: {other:?}"),
    }
    // One item: sufficiency cannot be Met, and the refusal names the count.
    let mut s = start(
        &model,
        &candidate(&[("c01", vec![item("statement", 2026, 1, 5)])]),
    );
    match run_as(&model, &mut s, "anna", verdict("c01", "sufficiency", Met)) {
        Err(DomainError::Invalid(why)) => {
            assert!(why.starts_with("Sufficiency cannot be Met"), "{why}");
            assert!(why.contains("1 item (at least 2 expected)"), "{why}");
        }
        other => panic!("Met on sufficiency with one item: {other:?}"),
    }
    // Enough evidence and an Expert level, but no interview notes: refused.
    let mut s = start(&model, &candidate(&[("c01", enough())]));
    for criterion in ["relevance", "authenticity"] {
        run(&model, &mut s, verdict("c01", criterion, Met));
    }
    rate_all(&model, &mut s, "c01", &[IndicatorRating::Expert; 4]);
    assert_eq!(
        confirm(&model, &mut s, "c01"),
        Outcome::Level(OutcomeLevel::Expert)
    );
    run(&model, &mut s, note("c01", "   "));
    assert_eq!(
        decision::proposed(&facts_of(&model, &s, "c01")),
        Decision::Pending
    );
    match run_as(&model, &mut s, "anna", decide("c01", Decision::Validated)) {
        Err(DomainError::CannotValidate(why)) => {
            assert!(why.contains("write the interview notes"), "{why}")
        }
        other => panic!("Validated without an interview record: {other:?}"),
    }
    run(
        &model,
        &mut s,
        note("c01", "Described the rota she designed, with results."),
    );
    run(&model, &mut s, decide("c01", Decision::Validated));
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
    assert!(
        check
            .explanation()
            .contains("Sufficiency judged Met, but the evidence shows 0 items")
    );

    // start_assessment judges the countable criteria from the evidence.
    let s = start(
        &model,
        &candidate(&[
            ("c01", vec![item("statement", 2015, 5, 1)]),
            ("c07", enough()),
        ]),
    );
    let verdicts = |id: &str| -> Vec<(String, Option<CriterionVerdict>, String)> {
        s.competence(id)
            .expect("claimed")
            .portfolio
            .iter()
            .map(|j| (j.criterion_id.clone(), j.verdict, j.note.clone()))
            .collect()
    };
    assert_eq!(
        verdicts("c01"),
        vec![
            ("relevance".into(), None, String::new()),
            ("authenticity".into(), None, String::new()),
            (
                "currency".into(),
                Some(NotMet),
                "0 of 1 item dated within 5 years".into()
            ),
            (
                "sufficiency".into(),
                Some(PartlyMet),
                "1 item (at least 2 expected)".into()
            ),
            (
                "variety".into(),
                Some(PartlyMet),
                "1 kind of evidence (at least 2 expected)".into()
            ),
        ]
    );
    assert_eq!(
        verdicts("c07")[2..],
        [
            ("currency".into(), Some(Met), String::new()),
            ("sufficiency".into(), Some(Met), String::new()),
            ("variety".into(), Some(Met), String::new()),
        ]
    );
    // The assessor cannot raise a countable criterion past the evidence.
    let mut s = s;
    for criterion in COUNTABLE {
        assert!(
            run_as(&model, &mut s, "anna", verdict("c01", criterion, Met)).is_err(),
            "{criterion} raised to Met"
        );
    }
    run(&model, &mut s, verdict("c01", "relevance", Met));
    run(&model, &mut s, verdict("c01", "authenticity", Met));
    assert_eq!(
        s.competence("c01")
            .expect("c")
            .check(&model, today())
            .status,
        CheckStatus::Failed
    );
}

/// Defect: an assessment could be started at any step, and by the tutor.
#[test]
fn start_assessment_refuses_early_steps_and_the_tutor() {
    let model = fixture_model();
    let at = |step| {
        let mut c = candidate(&[("c01", enough())]);
        c.path.step = step;
        path_rules::start_assessment(&c, &model, ASSESSOR, today())
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
    assert!(matches!(
        at(Step::LookingAhead),
        Err(DomainError::CannotStart(_))
    ));
    assert!(at(Step::Documentation).is_ok());
    assert!(
        at(Step::Assessment).is_ok(),
        "a new assessment after a finalised one"
    );
    let tutored = candidate(&[("c01", enough())]);
    assert_eq!(
        path_rules::start_assessment(&tutored, &model, (TUTOR, "Tess"), today()),
        Err(DomainError::AssessorIsTutor)
    );
    let mut stopped = candidate(&[("c01", enough())]);
    stopped.path.status = PathStatus::Stopped {
        reason: "moved abroad".into(),
    };
    assert!(matches!(
        path_rules::start_assessment(&stopped, &model, ASSESSOR, today()),
        Err(DomainError::CannotStart(_))
    ));
    let started = path_rules::start_assessment(&tutored, &model, ASSESSOR, today())
        .expect("independent assessor");
    assert_eq!(started.path().to.step, Step::Assessment);
}

/// Defect: finalising left the path where it was, whatever the outcome.
#[test]
fn finalising_moves_the_path_to_looking_ahead_unless_something_is_validated() {
    let model = fixture_model();
    let facts = candidate(&[("c01", enough()), ("c07", enough())]);
    let mut s = start(&model, &facts);
    run(&model, &mut s, decide("c01", Decision::NotValidated));
    run(&model, &mut s, decide("c07", Decision::NotAssessable));
    let cs = run(&model, &mut s, Command::Finalise);
    let assessment = CandidatePath {
        step: Step::Assessment,
        status: PathStatus::Active,
    };
    assert!(cs.changes.contains(&Change::Path {
        from: assessment.clone(),
        to: CandidatePath {
            step: Step::LookingAhead,
            status: PathStatus::Active
        },
    }));
    assert_eq!(s.path.step, Step::LookingAhead);

    let mut s = start(&model, &facts);
    validate(&model, &mut s, "c01");
    run(&model, &mut s, decide("c07", Decision::NotValidated));
    let cs = run(&model, &mut s, Command::Finalise);
    assert!(!cs.changes.iter().any(|c| matches!(c, Change::Path { .. })));
    assert_eq!(s.path, assessment);
    assert_sound(&model, &s);
    // Certification comes when the records are issued.
    let at_assessment = CandidateFacts {
        path: s.path.clone(),
        ..facts
    };
    let issued = path_rules::certified(&at_assessment).expect("certifiable");
    assert_eq!(issued.to.step, Step::Certification);
}

/// Defect: with the level confirmed and the check incomplete, "Not validated" was
/// proposed.
#[test]
fn incomplete_check_with_a_confirmed_level_proposes_pending() {
    let model = fixture_model();
    let mut s = start(&model, &candidate(&[("c01", enough())]));
    rate_all(&model, &mut s, "c01", &[IndicatorRating::Accomplished; 4]);
    confirm(&model, &mut s, "c01");
    run(
        &model,
        &mut s,
        note("c01", "Talked through the volunteer rota."),
    );
    let facts = facts_of(&model, &s, "c01");
    assert_eq!(
        facts.portfolio,
        CheckStatus::Pending,
        "relevance and authenticity unjudged"
    );
    assert_eq!(decision::proposed(&facts), Decision::Pending);
    match run_as(&model, &mut s, "anna", decide("c01", Decision::Validated)) {
        Err(DomainError::CannotValidate(why)) => assert!(why.contains("not complete"), "{why}"),
        other => panic!("Validated on an incomplete check: {other:?}"),
    }
    run(&model, &mut s, verdict("c01", "relevance", Met));
    run(&model, &mut s, verdict("c01", "authenticity", PartlyMet));
    assert_eq!(
        decision::proposed(&facts_of(&model, &s, "c01")),
        Decision::Validated
    );
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
    let mut st = start(&model, &candidate(&[("c01", enough())]));
    rate_all(&model, &mut st, "c01", &[E, E, B, NA]);
    let c = st.competence("c01").expect("c");
    assert_eq!(
        c.suggestion(&model).explanation(),
        "Expert, because 2 of 3 applicable indicators are Expert and none is below Basic; \
         1 Not applicable indicator is left out (counted as not reached, the level would \
         be Basic)."
    );
    rate_all(&model, &mut st, "c01", &[E, E, E, NA]);
    let c = st.competence("c01").expect("c");
    assert_eq!(
        c.suggestion(&model).explanation(),
        "Expert, because 3 of 3 applicable indicators are Expert and none is below Basic; \
         1 Not applicable indicator is left out."
    );
}

/// Defect: a rating that moved the suggestion was written alone; the confirmed level and
/// the decision on it stayed, written (if at all) by separate, later writes.
#[test]
fn one_rate_under_a_validated_decision_is_one_change_set_with_its_cascade() {
    let model = fixture_model();
    let mut s = start(&model, &candidate(&[("c01", enough())]));
    validate(&model, &mut s, "c01");
    let before = s.clone();
    let cs = run(&model, &mut s, rate("c01", 0, IndicatorRating::NotShown));
    let c = cs.state.competence("c01").expect("c");
    assert_eq!(
        cs.changes,
        vec![
            Change::Rating {
                competence: "c01".into(),
                indicator: "c01-i1".into(),
                rating: IndicatorRating::NotShown,
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
    assert_eq!(cs.base_revision, before.revision);
    assert_eq!(cs.state.revision, before.revision + 1);
    let notice = cs.notice.expect("told");
    assert!(
        notice.contains("changed the suggestion to Not validated (to improve)"),
        "{notice}"
    );
    assert_eq!(c.level, None);
    assert!(c.complexity.complete().is_some(), "complexity is kept");
    assert_eq!(
        c.reasons,
        before.competence("c01").expect("c").reasons,
        "reasons kept"
    );
}

/// Defect: anyone could change an assessment that another assessor had started.
#[test]
fn another_assessor_is_refused_until_the_assessment_is_reassigned() {
    let model = fixture_model();
    let mut s = start(&model, &candidate(&[("c01", enough())]));
    let before = s.clone();
    assert_eq!(
        run_as(
            &model,
            &mut s,
            "ben",
            rate("c01", 1, IndicatorRating::Basic)
        ),
        Err(DomainError::NotYourAssessment("Anna".into()))
    );
    assert_eq!(s, before, "a refusal changes nothing");
    assert!(matches!(
        run_as(&model, &mut s, "ben", reassign("ben", "Ben", "  ")),
        Err(DomainError::Invalid(why)) if why.contains("needs a reason")
    ));
    assert_eq!(
        run_as(
            &model,
            &mut s,
            "ben",
            reassign(TUTOR, "Tess", "Anna is on leave")
        ),
        Err(DomainError::AssessorIsTutor)
    );
    assert!(matches!(
        run_as(&model, &mut s, "anna", reassign("anna", "Anna", "again")),
        Err(DomainError::Invalid(_))
    ));
    assert_eq!(s, before);
    let cs = run_as(
        &model,
        &mut s,
        "ben",
        reassign("ben", "Ben", "Anna is on leave"),
    )
    .expect("take over");
    assert_eq!(
        cs.changes,
        vec![Change::Assessor {
            from: "anna".into(),
            to: "ben".into()
        }]
    );
    assert_eq!(cs.reason.as_deref(), Some("Anna is on leave"));
    assert_eq!(
        (s.assessor_id.as_str(), s.assessor_name.as_str()),
        ("ben", "Ben")
    );
    run_as(
        &model,
        &mut s,
        "ben",
        rate("c01", 1, IndicatorRating::Basic),
    )
    .expect("Ben's now");
    assert_eq!(
        run_as(
            &model,
            &mut s,
            "anna",
            rate("c01", 1, IndicatorRating::Expert)
        ),
        Err(DomainError::NotYourAssessment("Ben".into()))
    );
}

/// Defect: an assessment made with another model version could be changed, mixing
/// indicator and criterion ids of two models.
#[test]
fn another_model_version_refuses_every_command() {
    let model = fixture_model();
    let s = start(&model, &candidate(&[("c01", enough())]));
    let newer = other_version(&model);
    let commands = [
        verdict("c01", "relevance", Met),
        note("c01", "notes"),
        time("c01", 60),
        rate("c01", 0, IndicatorRating::Basic),
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
                command::apply(&s, &cmd, &newer, actor, now()),
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
    let mut s = start(&model, &candidate(&[("c01", enough())]));
    validate(&model, &mut s, "c01");
    let later = now() + Duration::days(5 * 366);
    let cs = command::apply(&s, &time("c01", 90), &model, "anna", later).expect("accepted");
    assert!(!cs.commutes(), "the cascade needs the revision check");
    assert_eq!(cs.state.revision, s.revision + 1);
    assert_eq!(
        cs.state.competence("c01").expect("c").decision,
        Decision::Pending
    );
    assert!(cs.notice.expect("told").contains("Currency judged Met"));
    // Time alone commutes and keeps the revision.
    let cs = command::apply(&s, &time("c01", 90), &model, "anna", now()).expect("accepted");
    assert!(cs.commutes());
    assert_eq!(cs.state.revision, s.revision);
}

/// The whole procedure on the shipped model: start, validate one, not validate another,
/// sign off.
#[test]
fn shipped_model_runs_the_whole_procedure() {
    let model = load_embedded();
    let (a, b) = (
        model.competences[0].id.clone(),
        model.competences[1].id.clone(),
    );
    let mut s = start(&model, &candidate(&[(&a, enough()), (&b, enough())]));
    validate(&model, &mut s, &a);
    run(&model, &mut s, decide(&b, Decision::NotValidated));
    run(&model, &mut s, Command::Finalise);
    assert_sound(&model, &s);
    assert!(matches!(
        command::apply(&s, &note(&a, "late"), &model, "anna", now()),
        Err(DomainError::Finalised)
    ));
}
