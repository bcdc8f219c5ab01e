//! The tutor's dossier through the typed API: each part decided by the domain, committed
//! in one transaction, read back as decided, with an audit row per edit.

mod store_fixture;

use chrono::NaiveDate;
use leverup::domain::dossier::command::{self as dossier_command, DossierCommand};
use leverup::domain::dossier::{Evidence, FileRef, PathGoal, Profile, Referee, Story};
use leverup::domain::self_assessment::Rate;
use leverup::store::*;
use store_fixture::*;

/// Every part of a dossier committed through the domain comes back from the store as it
/// was decided; each change is one audit row per edit, keyed to the candidate.
#[test]
fn the_dossier_round_trips_part_by_part() {
    let mut w = world();
    let c = w.candidate.clone();
    let (a, b) = (
        model().competences[0].clone(),
        model().competences[1].clone(),
    );
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let mut cmds = vec![
        DossierCommand::SetProfile(Profile {
            name: "Giulia Rossi-Bianchi".into(),
            email: Some("giulia@example.org".into()),
            language: Some("it".into()),
            goal: Some(PathGoal::Other("volunteer coordinator".into())),
        }),
        DossierCommand::RecordConsent {
            given_on: day(2026, 3, 1),
        },
        DossierCommand::Claim {
            competence: a.id.clone(),
        },
        DossierCommand::Claim {
            competence: b.id.clone(),
        },
        DossierCommand::QuickRate {
            competence: a.id.clone(),
            rate: Rate::Good,
        },
        DossierCommand::QuickRate {
            competence: b.id.clone(),
            rate: Rate::NotApplicable,
        },
        DossierCommand::SaveReferee {
            number: None,
            referee: Referee {
                name: "Marta Neri".into(),
                relation: "coordinator".into(),
                contact: "+39 02 1234".into(),
                rated_on: day(2026, 2, 20),
                ratings: [(a.id.clone(), Rate::Fair), (b.id.clone(), Rate::Poor)].into(),
            },
        },
        DossierCommand::SaveStory {
            number: None,
            story: Story {
                title: "Summer camp".into(),
                competences: vec![a.id.clone(), b.id.clone()],
                situation: "s".into(),
                task: "t".into(),
                activities: "a".into(),
                result: "r".into(),
                reflection: "re".into(),
                transfer: "tr".into(),
                counter_example: String::new(),
            },
        },
        DossierCommand::SaveEvidence {
            number: None,
            evidence: Evidence {
                title: "Reference letter from Caritas".into(),
                kind: "reference-letter".into(),
                dated: Some(day(2019, 5, 4)),
                description: "Signed by the coordinator.".into(),
                competences: vec![a.id.clone(), b.id.clone()],
                file: Some(FileRef {
                    path: "/srv/portfolio/letter.pdf".into(),
                    size: 48213,
                    sha256: "ab".repeat(32),
                }),
                witness: Some("Don Luigi".into()),
            },
        },
    ];
    for i in &a.indicators {
        cmds.push(DossierCommand::DetailRate {
            competence: a.id.clone(),
            indicator: i.id.clone(),
            rate: Rate::Fair,
        });
    }
    let before = w.store.load_dossier(&c).unwrap();
    let change =
        dossier_command::apply_all(&before, &cmds, model(), &w.tutor, t0().date_naive()).unwrap();
    w.store.commit_dossier(&change, &w.tutor, t0()).unwrap();
    let loaded = w.store.load_dossier(&c).unwrap();
    assert_eq!(&loaded, change.state());
    assert_eq!(loaded.revision, before.revision + 1);
    assert_eq!(loaded.evidence[&1].competences.len(), 2);
    let audit = w.store.audit_for(&c).unwrap();
    let dossier_rows = audit.iter().filter(|e| e.entity != "candidate").count();
    assert_eq!(dossier_rows, change.edits().len());

    // The same change again is stale: decided on a revision the database has left.
    let again = w.store.commit_dossier(&change, &w.tutor, t0());
    assert!(
        matches!(&again, Err(StoreError::Stale(why)) if why.contains("changed this candidate")),
        "{again:?}"
    );
    // Removing parts takes their rows out, tags and ratings included.
    let d = w.store.load_dossier(&c).unwrap();
    let change = dossier_command::apply_all(
        &d,
        &[
            DossierCommand::RemoveEvidence { number: 1 },
            DossierCommand::RemoveStory { number: 1 },
            DossierCommand::RemoveReferee { number: 1 },
            DossierCommand::Withdraw {
                competence: b.id.clone(),
            },
        ],
        model(),
        &w.tutor,
        t0().date_naive(),
    )
    .unwrap();
    w.store.commit_dossier(&change, &w.tutor, t0()).unwrap();
    let loaded = w.store.load_dossier(&c).unwrap();
    assert_eq!(&loaded, change.state());
    assert!(loaded.evidence.is_empty() && loaded.stories.is_empty() && loaded.referees.is_empty());
    assert_eq!(loaded.claimed, vec![a.id.clone()]);
    assert!(w.store.list_evidence(&c).unwrap().is_empty());
}
