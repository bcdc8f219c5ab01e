//! Shared by the dossier's domain tests (`domain_dossier.rs`, `domain_dossier_request.rs`):
//! the people, a fresh and a documented dossier, and commands run as the tutor.
#![allow(dead_code)] // each test binary uses its own part

use chrono::NaiveDate;
use leverup::domain::DomainError;
use leverup::domain::dossier::command::{DossierChange, DossierCommand as C, apply};
use leverup::domain::dossier::{Dossier, Evidence, Story};
use leverup::domain::model::Model;
use leverup::domain::people::Staff;
use leverup::domain::process::Step;

pub const TUTOR: &str = "tutor-1";

/// A person of the centre by id (named by it too), holding the given roles.
pub fn person(id: &str, assessor: bool, tutor: bool) -> Staff {
    Staff {
        id: id.into(),
        name: id.into(),
        assessor,
        tutor,
    }
}

pub fn tutor(id: &str) -> Staff {
    person(id, false, true)
}

pub fn assessor(id: &str) -> Staff {
    person(id, true, false)
}

pub fn both(id: &str) -> Staff {
    person(id, true, true)
}

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
}

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn run(d: &mut Dossier, m: &Model, cmd: C) -> DossierChange {
    let ch = apply(d, &cmd, m, TUTOR, today()).unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    *d = ch.state().clone();
    ch
}

pub fn refused(d: &Dossier, m: &Model, cmd: C) -> DomainError {
    apply(d, &cmd, m, TUTOR, today()).expect_err(&format!("{cmd:?} was accepted"))
}

pub fn fresh() -> Dossier {
    let mut d = Dossier::new("cand-1", "centre-1", "Giulia Rossi");
    d.tutor_id = Some(TUTOR.into());
    d
}

pub fn item(title: &str, kind: &str, dated: &str, competences: &[&str]) -> Evidence {
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
pub fn documented(m: &Model, c: &str) -> Dossier {
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
