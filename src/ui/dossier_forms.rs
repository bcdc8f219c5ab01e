//! The tutor's forms as view state: registration and consent, a referee's ratings, a new
//! story, an evidence item, a goal of the plan, a new candidate, each filled in from the
//! dossier when it edits a record. What submitting means is `app_dossier_forms.rs`.
//!
//! Pure: no store, no rules, no terminal.

use chrono::NaiveDate;

use super::dossier_view::codes;
use super::form::{Form, FormKind};
use crate::domain::dossier::{Dossier, Evidence, Goal};
use crate::domain::model::Model;

fn text(s: &str) -> String {
    s.to_string()
}

fn day(d: Option<NaiveDate>) -> String {
    d.map_or(String::new(), |d| d.to_string())
}

pub fn registration_form(d: &Dossier, today: NaiveDate) -> Form {
    let p = &d.profile;
    let consent = d.consent.as_ref().map(|c| c.given_on);
    Form::with(
        FormKind::Registration,
        "Registration and consent",
        vec![
            ("Name", "the candidate's full name", p.name.clone()),
            (
                "E-mail",
                "optional; identifies the candidate on the badges",
                p.email.clone().unwrap_or_default(),
            ),
            (
                "Language",
                "preferred language, e.g. it, en, pt-BR",
                p.language.clone().unwrap_or_default(),
            ),
            (
                "Goal",
                "self-esteem, job, study, role, or in their own words",
                p.goal
                    .as_ref()
                    .map_or(String::new(), |g| g.code().to_string()),
            ),
            (
                "Consent on",
                "YYYY-MM-DD they agreed to the processing of their data",
                day(consent.or(Some(today))),
            ),
        ],
    )
}

pub fn referee_form(model: &Model, d: &Dossier, number: Option<u32>) -> Form {
    let r = number.and_then(|n| d.referees.get(&n));
    let ratings = r.map_or(String::new(), |r| {
        r.ratings
            .iter()
            .map(|(c, rate)| {
                let code = model.competence(c).map_or(c.clone(), |m| m.code.clone());
                format!("{code}={}", rate.number().unwrap_or(5))
            })
            .collect::<Vec<_>>()
            .join(" ")
    });
    Form::with(
        FormKind::Referee(number),
        "A referee's quick ratings (360°)",
        vec![
            (
                "Name",
                "who rates the candidate",
                r.map_or(String::new(), |r| r.name.clone()),
            ),
            (
                "Relation",
                "e.g. volunteer coordinator, colleague",
                r.map_or(String::new(), |r| r.relation.clone()),
            ),
            (
                "Contact",
                "optional: e-mail or phone",
                r.map_or(String::new(), |r| r.contact.clone()),
            ),
            (
                "Date",
                "when they rated, YYYY-MM-DD",
                day(r.map(|r| r.rated_on)),
            ),
            (
                "Ratings",
                "code=1..4, 5 for not applicable: C01=3 C08=4",
                ratings,
            ),
        ],
    )
}

pub fn story_form(model: &Model, d: &Dossier) -> Form {
    Form::with(
        FormKind::Story,
        "A new STARRTT story",
        vec![
            ("Title", "the experience, in a few words", String::new()),
            (
                "Competences",
                "the competences it shows, e.g. C01 C08",
                codes(model, &d.claimed),
            ),
        ],
    )
}

pub fn evidence_form(model: &Model, d: &Dossier, number: Option<u32>) -> Form {
    let e = number.and_then(|n| d.evidence.get(&n));
    let get = |f: fn(&Evidence) -> String| e.map_or(String::new(), f);
    Form::with(
        FormKind::Evidence(number),
        "An evidence item",
        vec![
            ("Title", "what the item is", get(|e| e.title.clone())),
            (
                "Kind",
                "e.g. reference letter, certificate, photo, STARRTT form",
                get(|e| e.kind.clone()),
            ),
            (
                "Date",
                "when it dates from, YYYY-MM-DD (optional)",
                get(|e| day(e.dated)),
            ),
            (
                "Competences",
                "the claimed competences it supports, e.g. C01 C08",
                e.map_or(codes(model, &d.claimed), |e| codes(model, &e.competences)),
            ),
            (
                "Description",
                "what it shows (optional)",
                get(|e| e.description.clone()),
            ),
            (
                "File",
                "optional path: size and SHA-256 recorded, not copied",
                get(|e| e.file.as_ref().map_or(String::new(), |f| f.path.clone())),
            ),
            (
                "Witness",
                "optional: who can confirm it",
                get(|e| e.witness.clone().unwrap_or_default()),
            ),
        ],
    )
}

pub fn goal_form(model: &Model, d: &Dossier, number: Option<u32>) -> Form {
    let g = number.and_then(|n| d.plan.get(&n));
    let get = |f: fn(&Goal) -> String| g.map_or(String::new(), f);
    Form::with(
        FormKind::Goal(number),
        "A goal of the development plan",
        vec![
            (
                "Competence",
                "the competence to develop, e.g. C07 (optional)",
                g.and_then(|g| g.competence.as_ref())
                    .map_or(String::new(), |c| codes(model, std::slice::from_ref(c))),
            ),
            (
                "Goal",
                "what the candidate wants to reach",
                get(|g| g.goal.clone()),
            ),
            (
                "Actions",
                "how: courses, tasks, coaching",
                get(|g| g.actions.clone()),
            ),
            (
                "Review on",
                "when to look at it again, YYYY-MM-DD",
                get(|g| g.review_on.to_string()),
            ),
            (
                "From",
                "not-validated, advice (the assessor's) or wish (the candidate's)",
                g.map_or(text("wish"), |g| text(g.source.code())),
            ),
        ],
    )
}
