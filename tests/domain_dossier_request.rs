//! The tutor's side as domain commands, from the request on: what the request needs and
//! closes, the development plan after the assessment, a stopped path, an unchanged save,
//! and the assessment that starts on the tutor's request. Pure: no store.

mod dossier_support;

use dossier_support::*;
use leverup::domain::DomainError;
use leverup::domain::dossier::command::{DossierCommand as C, DossierEdit, apply, may_hand_over};
use leverup::domain::dossier::{Goal, GoalSource};
use leverup::domain::people::Staff;
use leverup::domain::process::{PathStatus, Step};
use leverup::ui::testing::fixture_model;

#[test]
fn the_request_needs_documentation_consent_and_evidence_and_closes_the_portfolio() {
    let m = fixture_model();
    let c = m.competences[0].id.clone();
    let mut d = documented(&m, &c);
    let mut early = d.clone();
    early.path.step = Step::Identification;
    assert!(
        refused(&early, &m, C::RequestAssessment { assessor: None })
            .to_string()
            .contains("at Documentation")
    );
    let mut bare = d.clone();
    bare.evidence.clear();
    assert!(
        refused(&bare, &m, C::RequestAssessment { assessor: None })
            .to_string()
            .contains(&format!("no evidence for {c}"))
    );
    assert_eq!(
        refused(
            &d,
            &m,
            C::RequestAssessment {
                assessor: Some(both(TUTOR))
            }
        ),
        DomainError::AssessorIsTutor
    );
    // The request names one of the centre's assessors, not any person.
    assert_eq!(
        refused(
            &d,
            &m,
            C::RequestAssessment {
                assessor: Some(tutor("tutor-2"))
            }
        ),
        DomainError::NotInRole {
            name: "tutor-2".into(),
            role: "assessor"
        }
    );
    let ch = run(
        &mut d,
        &m,
        C::RequestAssessment {
            assessor: Some(assessor("assessor-1")),
        },
    );
    assert!(
        matches!(ch.edits(), [DossierEdit::Request(Some(r))] if r.assessor_id.as_deref() == Some("assessor-1"))
    );
    let e = refused(&d, &m, C::RemoveEvidence { number: 1 });
    assert!(e.to_string().contains("withdraw the request"), "{e}");
    run(&mut d, &m, C::WithdrawRequest);
    run(&mut d, &m, C::RemoveEvidence { number: 1 });
}

#[test]
fn the_plan_is_made_after_the_assessment_and_finishes_the_path() {
    let m = fixture_model();
    let c = m.competences[0].id.clone();
    let mut d = documented(&m, &c);
    let goal = Goal {
        competence: Some(c.clone()),
        goal: "Lead a team of volunteers".into(),
        actions: "Coordinate the summer camp; ask for feedback".into(),
        review_on: day("2026-09-01"),
        source: GoalSource::NotValidated,
    };
    let e = refused(
        &d,
        &m,
        C::SaveGoal {
            number: None,
            goal: goal.clone(),
        },
    );
    assert!(e.to_string().contains("after the assessment"), "{e}");
    d.path.step = Step::LookingAhead;
    assert!(
        refused(&d, &m, C::FinishPlan)
            .to_string()
            .contains("at least one goal")
    );
    let past = Goal {
        review_on: day("2026-01-01"),
        ..goal.clone()
    };
    assert_eq!(
        refused(
            &d,
            &m,
            C::SaveGoal {
                number: None,
                goal: past
            }
        )
        .to_string(),
        "review date: 2026-01-01 is already past"
    );
    run(&mut d, &m, C::SaveGoal { number: None, goal });
    let ch = run(&mut d, &m, C::FinishPlan);
    assert!(
        matches!(ch.edits(), [DossierEdit::Path { to, .. }] if to.status == PathStatus::Completed)
    );
    assert_eq!(
        refused(&d, &m, C::RemoveGoal { number: 1 }),
        DomainError::PathComplete
    );
}

#[test]
fn a_stopped_path_refuses_every_change() {
    let m = fixture_model();
    let mut d = fresh();
    d.path.status = PathStatus::Stopped {
        reason: "moved abroad".into(),
    };
    assert!(matches!(
        refused(&d, &m, C::RecordConsent { given_on: today() }),
        DomainError::PathStopped("Awareness")
    ));
}

#[test]
fn an_unchanged_save_is_an_empty_change() {
    let m = fixture_model();
    let mut d = fresh();
    run(&mut d, &m, C::RecordConsent { given_on: today() });
    let again = apply(
        &d,
        &C::RecordConsent { given_on: today() },
        &m,
        TUTOR,
        today(),
    )
    .unwrap();
    assert!(again.is_empty());
    assert_eq!(again.state().revision, d.revision);
}

/// The assessment of a tutored candidate starts once the tutor has requested it, and only
/// by the assessor the request names (any, from the centre's queue).
#[test]
fn a_tutored_candidate_is_assessed_on_the_tutors_request() {
    use leverup::domain::dossier::Request;
    use leverup::domain::path_rules::{CandidateFacts, start_assessment};
    use leverup::domain::portfolio::EvidenceFacts;
    use leverup::domain::process::CandidatePath;
    let m = fixture_model();
    let c = m.competences[0].id.clone();
    let mut facts = CandidateFacts {
        id: "cand-1".into(),
        tutor_id: Some(TUTOR.into()),
        path: CandidatePath {
            step: Step::Documentation,
            status: PathStatus::Active,
        },
        claimed: vec![c.clone()],
        evidence: vec![(
            c.clone(),
            EvidenceFacts {
                kind: "letter".into(),
                dated: Some(day("2025-06-01")),
            },
        )],
        open_assessment: false,
        consent: true,
        request: None,
        dossier_revision: 3,
    };
    let anna = &Staff {
        name: "Anna".into(),
        ..assessor("assessor-1")
    };
    // A tutor of the centre who is not also an assessor does not start one.
    let e = start_assessment(&facts, &m, &tutor("tutor-2"), today()).unwrap_err();
    assert_eq!(
        e,
        DomainError::NotInRole {
            name: "tutor-2".into(),
            role: "assessor"
        }
    );
    let e = start_assessment(&facts, &m, anna, today()).unwrap_err();
    assert!(e.to_string().contains("has not requested"), "{e}");
    facts.request = Some(Request {
        assessor_id: Some("assessor-2".into()),
        requested_on: today(),
    });
    let e = start_assessment(&facts, &m, anna, today()).unwrap_err();
    assert!(e.to_string().contains("another assessor"), "{e}");
    facts.request = Some(Request {
        assessor_id: None,
        requested_on: today(),
    });
    assert!(start_assessment(&facts, &m, anna, today()).is_ok());
    // Without a tutor (an assessor documenting alone) no request is needed.
    facts.tutor_id = None;
    facts.request = None;
    assert!(start_assessment(&facts, &m, anna, today()).is_ok());
}

/// Handing over: only the candidate's tutor, never to the assessor the request names, and
/// only before the assessment starts (it names the tutor); afterwards the old tutor reads
/// the dossier and no longer changes it. `may_hand_over` says so before anyone is picked.
#[test]
fn the_tutor_hands_the_candidate_to_another_tutor_before_the_assessment_only() {
    let m = fixture_model();
    let c = m.competences[0].id.clone();
    let mut d = documented(&m, &c);
    run(
        &mut d,
        &m,
        C::RequestAssessment {
            assessor: Some(assessor("assessor-1")),
        },
    );
    assert_eq!(
        refused(
            &d,
            &m,
            C::AssignTutor {
                tutor: both("assessor-1")
            }
        ),
        DomainError::AssessorIsTutor
    );
    assert!(may_hand_over(&d, TUTOR).is_ok());
    let e = may_hand_over(&d, "assessor-1").unwrap_err();
    assert!(e.to_string().contains("only the candidate's tutor"), "{e}");

    let ch = run(
        &mut d,
        &m,
        C::AssignTutor {
            tutor: tutor("tutor-2"),
        },
    );
    assert_eq!(ch.state().tutor_id.as_deref(), Some("tutor-2"));
    // The request stands: the new tutor takes the candidate as they are.
    assert!(d.request.is_some());
    // The old tutor reads; they no longer change the dossier or hand it on.
    assert!(may_hand_over(&d, TUTOR).is_err());
    let e = refused(&d, &m, C::WithdrawRequest);
    assert!(e.to_string().contains("only the candidate's tutor"), "{e}");
    assert!(may_hand_over(&d, "tutor-2").is_ok());

    // Once the assessment has started, the tutor it names stays.
    let mut assessed = d.clone();
    assessed.path.step = Step::Assessment;
    let e = may_hand_over(&assessed, "tutor-2").unwrap_err();
    assert!(e.to_string().contains("before it starts"), "{e}");
    let e = apply(
        &assessed,
        &C::AssignTutor {
            tutor: tutor("tutor-3"),
        },
        &m,
        "tutor-2",
        today(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("before it starts"), "{e}");

    // A stopped path is resumed first.
    let mut stopped = d.clone();
    stopped.path.status = PathStatus::Stopped {
        reason: "moved abroad".into(),
    };
    assert!(matches!(
        may_hand_over(&stopped, "tutor-2"),
        Err(DomainError::PathStopped(_))
    ));
}
