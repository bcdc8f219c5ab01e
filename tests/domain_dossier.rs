//! The tutor's side as domain commands: consent before anything is recorded, claims and
//! evidence only while the portfolio is open, the request's conditions, the independence
//! rule, the development plan after the assessment, and every change carried in the
//! change set with the next revision. Pure: no store.

use chrono::NaiveDate;
use leverup::domain::DomainError;
use leverup::domain::dossier::command::{
    DossierChange, DossierCommand as C, DossierEdit, apply, may_hand_over,
};
use leverup::domain::dossier::readiness::readiness;
use leverup::domain::dossier::{
    Dossier, Evidence, Goal, GoalSource, PathGoal, Profile, Referee, Story,
};
use leverup::domain::model::Model;
use leverup::domain::process::{PathStatus, Step};
use leverup::domain::self_assessment::{Rate, SelfOutcome};
use leverup::ui::testing::fixture_model;

const TUTOR: &str = "tutor-1";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn run(d: &mut Dossier, m: &Model, cmd: C) -> DossierChange {
    let ch = apply(d, &cmd, m, TUTOR, today()).unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    *d = ch.state().clone();
    ch
}

fn refused(d: &Dossier, m: &Model, cmd: C) -> DomainError {
    apply(d, &cmd, m, TUTOR, today()).expect_err(&format!("{cmd:?} was accepted"))
}

fn fresh() -> Dossier {
    let mut d = Dossier::new("cand-1", "centre-1", "Giulia Rossi");
    d.tutor_id = Some(TUTOR.into());
    d
}

fn item(title: &str, kind: &str, dated: &str, competences: &[&str]) -> Evidence {
    Evidence {
        title: title.into(),
        kind: kind.into(),
        dated: Some(day(dated)),
        description: String::new(),
        competences: competences.iter().map(|c| c.to_string()).collect(),
        file: None,
        witness: None,
    }
}

/// A dossier with consent, `c` claimed and documented by two current items of two kinds
/// and a story: ready by every criterion.
fn documented(m: &Model, c: &str) -> Dossier {
    let mut d = fresh();
    run(&mut d, m, C::RecordConsent { given_on: today() });
    run(
        &mut d,
        m,
        C::Claim {
            competence: c.into(),
        },
    );
    for (t, k) in [
        ("Letter", "reference letter"),
        ("Certificate", "certificate"),
    ] {
        run(
            &mut d,
            m,
            C::SaveEvidence {
                number: None,
                evidence: item(t, k, "2025-06-01", &[c]),
            },
        );
    }
    run(
        &mut d,
        m,
        C::SaveStory {
            number: None,
            story: Story {
                title: "Food bank rota".into(),
                competences: vec![c.into()],
                ..Story::default()
            },
        },
    );
    d.path.step = Step::Documentation;
    d
}

#[test]
fn nothing_is_recorded_before_consent() {
    let m = fixture_model();
    let c = m.competences[0].id.clone();
    let mut d = fresh();
    let e = refused(
        &d,
        &m,
        C::Claim {
            competence: c.clone(),
        },
    );
    assert!(e.to_string().contains("consent"), "{e}");
    let e = refused(
        &d,
        &m,
        C::QuickRate {
            competence: c.clone(),
            rate: Rate::Good,
        },
    );
    assert!(e.to_string().contains("consent"), "{e}");
    let e = refused(
        &d,
        &m,
        C::RecordConsent {
            given_on: day("2026-03-03"),
        },
    );
    assert_eq!(e.to_string(), "consent date: 2026-03-03 is in the future");
    let ch = run(&mut d, &m, C::RecordConsent { given_on: today() });
    assert_eq!(ch.base_revision(), 0);
    assert_eq!(d.revision, 1);
    assert_eq!(d.consent.as_ref().unwrap().recorded_by, TUTOR);
    run(
        &mut d,
        &m,
        C::Claim {
            competence: c.clone(),
        },
    );
    assert_eq!(d.claimed, vec![c]);
}

#[test]
fn the_profile_is_validated_field_by_field() {
    let m = fixture_model();
    let mut d = fresh();
    let with = |email: &str, language: &str| {
        C::SetProfile(Profile {
            name: "Giulia Rossi".into(),
            email: Some(email.into()),
            language: Some(language.into()),
            goal: Some(PathGoal::Job),
        })
    };
    assert!(matches!(
        refused(&d, &m, with("giulia", "it")),
        DomainError::Field {
            field: "e-mail",
            ..
        }
    ));
    assert!(matches!(
        refused(&d, &m, with("giulia@example.org", "italiano")),
        DomainError::Field {
            field: "language",
            ..
        }
    ));
    let ch = run(&mut d, &m, with(" Giulia@Example.org ", "IT"));
    assert_eq!(
        ch.edits(),
        &[DossierEdit::Profile(Profile {
            name: "Giulia Rossi".into(),
            email: Some("giulia@example.org".into()),
            language: Some("it".into()),
            goal: Some(PathGoal::Job),
        })]
    );
}

#[test]
fn only_the_tutor_changes_the_dossier_and_an_assessor_cannot_be_made_tutor() {
    let m = fixture_model();
    let mut d = fresh();
    d.assessor_id = Some("assessor-1".into());
    let e = apply(
        &d,
        &C::RecordConsent { given_on: today() },
        &m,
        "someone",
        today(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("only the candidate's tutor"), "{e}");
    // Nor can anyone else take the dossier over by assigning themselves.
    let e = apply(
        &d,
        &C::AssignTutor {
            tutor_id: "someone".into(),
        },
        &m,
        "someone",
        today(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("only the candidate's tutor"), "{e}");
    assert_eq!(
        refused(
            &d,
            &m,
            C::AssignTutor {
                tutor_id: "assessor-1".into()
            }
        ),
        DomainError::AssessorIsTutor
    );
    let ch = run(
        &mut d,
        &m,
        C::AssignTutor {
            tutor_id: "tutor-2".into(),
        },
    );
    assert_eq!(
        ch.edits(),
        &[DossierEdit::Tutor {
            from: Some(TUTOR.into()),
            to: Some("tutor-2".into())
        }]
    );
}

#[test]
fn self_assessment_side_by_side_uses_the_lever_rule() {
    let m = fixture_model();
    let comp = &m.competences[0];
    let indicators: Vec<String> = comp.indicators.iter().map(|i| i.id.clone()).collect();
    let mut d = fresh();
    run(&mut d, &m, C::RecordConsent { given_on: today() });
    run(
        &mut d,
        &m,
        C::QuickRate {
            competence: comp.id.clone(),
            rate: Rate::Good,
        },
    );
    for (i, ind) in indicators.iter().enumerate() {
        let rate = if i == 0 { Rate::Fair } else { Rate::Good };
        run(
            &mut d,
            &m,
            C::DetailRate {
                competence: comp.id.clone(),
                indicator: ind.clone(),
                rate,
            },
        );
        let p = d.self_profile(&comp.id, &indicators);
        assert_eq!(p.rated_indicators, i + 1);
        assert_eq!(
            p.detailed.is_some(),
            i + 1 == indicators.len(),
            "complete only at the end"
        );
    }
    run(
        &mut d,
        &m,
        C::SaveReferee {
            number: None,
            referee: Referee {
                name: "Marta Neri".into(),
                relation: "volunteer coordinator".into(),
                contact: "marta@example.org".into(),
                rated_on: today(),
                ratings: [(comp.id.clone(), Rate::Poor)].into(),
            },
        },
    );
    let p = d.self_profile(&comp.id, &indicators);
    assert_eq!(p.quick, Some(SelfOutcome::Good));
    // One Fair among Goods: the mean is at least 3.5 with four or more indicators.
    let expect = if indicators.len() >= 2 {
        SelfOutcome::Good
    } else {
        SelfOutcome::Fair
    };
    assert_eq!(p.detailed, Some(expect));
    assert_eq!(p.referees, vec![(1, SelfOutcome::ToImprove)]);
    let e = refused(
        &d,
        &m,
        C::DetailRate {
            competence: comp.id.clone(),
            indicator: "nope".into(),
            rate: Rate::Good,
        },
    );
    assert!(e.to_string().contains("has no indicator nope"), "{e}");
}

#[test]
fn evidence_supports_claimed_competences_and_blocks_their_withdrawal() {
    let m = fixture_model();
    let (a, b) = (m.competences[0].id.clone(), m.competences[1].id.clone());
    let mut d = fresh();
    run(&mut d, &m, C::RecordConsent { given_on: today() });
    run(
        &mut d,
        &m,
        C::Claim {
            competence: a.clone(),
        },
    );
    let e = refused(
        &d,
        &m,
        C::SaveEvidence {
            number: None,
            evidence: item("Letter", "letter", "2025-01-01", &[&a, &b]),
        },
    );
    assert_eq!(
        e.to_string(),
        format!("competences: {b} not claimed; evidence supports claimed competences")
    );
    let e = refused(
        &d,
        &m,
        C::SaveEvidence {
            number: None,
            evidence: item("Letter", "letter", "2027-01-01", &[&a]),
        },
    );
    assert_eq!(e.to_string(), "date: 2027-01-01 is in the future");
    run(
        &mut d,
        &m,
        C::Claim {
            competence: b.clone(),
        },
    );
    let ch = run(
        &mut d,
        &m,
        C::SaveEvidence {
            number: None,
            evidence: item("Letter", "letter", "2025-01-01", &[&a, &b]),
        },
    );
    assert!(matches!(
        ch.edits(),
        [DossierEdit::Evidence {
            number: 1,
            evidence: Some(_)
        }]
    ));
    let e = refused(
        &d,
        &m,
        C::Withdraw {
            competence: b.clone(),
        },
    );
    assert!(
        e.to_string().contains("1 evidence item still supports"),
        "{e}"
    );
    run(&mut d, &m, C::RemoveEvidence { number: 1 });
    run(
        &mut d,
        &m,
        C::Withdraw {
            competence: b.clone(),
        },
    );
    assert_eq!(d.claimed, vec![a]);
}

#[test]
fn readiness_says_what_is_missing() {
    let m = fixture_model();
    let c = m.competences[0].id.clone();
    let d = documented(&m, &c);
    let r = readiness(&d, &m, today());
    assert_eq!(r.len(), 1);
    assert!(r[0].ready(), "{:?}", r[0].missing);
    let mut thin = d.clone();
    thin.evidence.retain(|n, _| *n == 1);
    thin.stories.clear();
    let r = readiness(&thin, &m, today());
    assert_eq!(r[0].items, 1);
    assert!(
        r[0].missing
            .iter()
            .any(|x| x.starts_with("sufficiency: 1 item")),
        "{r:?}"
    );
    assert!(
        r[0].missing
            .iter()
            .any(|x| x.starts_with("variety: 1 kind")),
        "{r:?}"
    );
    assert!(r[0].missing.iter().any(|x| x.contains("STARRTT")), "{r:?}");
}

#[test]
fn the_request_needs_documentation_consent_and_evidence_and_closes_the_portfolio() {
    let m = fixture_model();
    let c = m.competences[0].id.clone();
    let mut d = documented(&m, &c);
    let mut early = d.clone();
    early.path.step = Step::Identification;
    assert!(
        refused(&early, &m, C::RequestAssessment { assessor_id: None })
            .to_string()
            .contains("at Documentation")
    );
    let mut bare = d.clone();
    bare.evidence.clear();
    assert!(
        refused(&bare, &m, C::RequestAssessment { assessor_id: None })
            .to_string()
            .contains(&format!("no evidence for {c}"))
    );
    assert_eq!(
        refused(
            &d,
            &m,
            C::RequestAssessment {
                assessor_id: Some(TUTOR.into())
            }
        ),
        DomainError::AssessorIsTutor
    );
    let ch = run(
        &mut d,
        &m,
        C::RequestAssessment {
            assessor_id: Some("assessor-1".into()),
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
    let anna = ("assessor-1", "Anna");
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
            assessor_id: Some("assessor-1".into()),
        },
    );
    assert_eq!(
        refused(
            &d,
            &m,
            C::AssignTutor {
                tutor_id: "assessor-1".into()
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
            tutor_id: "tutor-2".into(),
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
            tutor_id: "tutor-3".into(),
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
