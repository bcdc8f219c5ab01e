//! The tutor's side as domain commands: consent before anything is recorded, claims and
//! evidence only while the portfolio is open, the request's conditions, the independence
//! rule, the development plan after the assessment, and every change carried in the
//! change set with the next revision. Pure: no store.

mod dossier_support;

use dossier_support::*;
use leverup::domain::DomainError;
use leverup::domain::dossier::command::{DossierCommand as C, DossierEdit, apply};
use leverup::domain::dossier::readiness::readiness;
use leverup::domain::dossier::{PathGoal, Profile, Referee};
use leverup::domain::self_assessment::{Rate, SelfOutcome};
use leverup::ui::testing::fixture_model;

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
            tutor: tutor("someone"),
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
                tutor: both("assessor-1")
            }
        ),
        DomainError::AssessorIsTutor
    );
    // Only one of the centre's tutors is handed a candidate.
    assert_eq!(
        refused(
            &d,
            &m,
            C::AssignTutor {
                tutor: assessor("assessor-3")
            }
        ),
        DomainError::NotInRole {
            name: "assessor-3".into(),
            role: "tutor"
        }
    );
    let ch = run(
        &mut d,
        &m,
        C::AssignTutor {
            tutor: tutor("tutor-2"),
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
