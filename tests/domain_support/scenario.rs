//! Hand-built assessments for the scenarios: a candidate with chosen evidence, started by
//! Anna on 24 November 2026, and the commands a scenario gives, applied the way the store
//! would commit them.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use leverup::domain::DomainError;
use leverup::domain::assessment::AssessmentState;
use leverup::domain::changes::ChangeSet;
use leverup::domain::command::{self, Command};
use leverup::domain::decision;
use leverup::domain::invariants;
use leverup::domain::model::Model;
use leverup::domain::path_rules::{self, CandidateFacts};
use leverup::domain::portfolio::EvidenceFacts;
use leverup::domain::process::{CandidatePath, PathStatus, Step};
use leverup::domain::scales::{
    Complexity, CriterionVerdict, Decision, Dimension, IndicatorRating, OutcomeLevel,
};
use leverup::domain::scoring::Outcome;

use super::{ASSESSOR, TUTOR};

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0)
        .single()
        .expect("time")
}

pub fn today() -> NaiveDate {
    now().date_naive()
}

pub fn item(kind: &str, y: i32, m: u32, d: u32) -> EvidenceFacts {
    EvidenceFacts {
        kind: kind.into(),
        dated: NaiveDate::from_ymd_opt(y, m, d),
    }
}

/// Two recent items of two kinds: enough for every countable criterion.
pub fn enough() -> Vec<EvidenceFacts> {
    vec![item("statement", 2025, 3, 1), item("product", 2026, 6, 1)]
}

/// A candidate at Documentation, tutored by Tess, with `evidence` per competence.
pub fn candidate(evidence: &[(&str, Vec<EvidenceFacts>)]) -> CandidateFacts {
    CandidateFacts {
        id: "cand-1".into(),
        tutor_id: Some(TUTOR.into()),
        path: CandidatePath {
            step: Step::Documentation,
            status: PathStatus::Active,
        },
        claimed: evidence.iter().map(|(c, _)| c.to_string()).collect(),
        evidence: evidence
            .iter()
            .flat_map(|(c, items)| items.iter().map(|e| (c.to_string(), e.clone())))
            .collect(),
        open_assessment: false,
    }
}

pub fn start(model: &Model, c: &CandidateFacts) -> AssessmentState {
    path_rules::start_assessment(c, model, ASSESSOR, today())
        .expect("start")
        .into_state("a-1".into())
}

/// Applies `cmd` as `actor`; on success the state moves on (as the store would commit).
pub fn run_as(
    model: &Model,
    state: &mut AssessmentState,
    actor: &str,
    cmd: Command,
) -> Result<ChangeSet, DomainError> {
    let cs = command::apply(state, &cmd, model, actor, now())?;
    *state = cs.state.clone();
    Ok(cs)
}

pub fn run(model: &Model, state: &mut AssessmentState, cmd: Command) -> ChangeSet {
    let owner = state.assessor_id.clone();
    let what = format!("{cmd:?}");
    run_as(model, state, &owner, cmd).unwrap_or_else(|e| panic!("{what} refused: {e}"))
}

pub fn verdict(c: &str, criterion: &str, v: CriterionVerdict) -> Command {
    Command::Verdict {
        competence: c.into(),
        criterion: criterion.into(),
        verdict: v,
        note: String::new(),
    }
}

pub fn rate(c: &str, indicator: usize, rating: IndicatorRating) -> Command {
    Command::Rate {
        competence: c.into(),
        indicator,
        rating,
    }
}

pub fn time(c: &str, seconds: i64) -> Command {
    Command::AddInterviewTime {
        competence: c.into(),
        seconds,
    }
}

pub fn reassign(to: &str, to_name: &str, reason: &str) -> Command {
    Command::Reassign {
        to: to.into(),
        to_name: to_name.into(),
        reason: reason.into(),
    }
}

pub fn rate_all(model: &Model, state: &mut AssessmentState, c: &str, r: &[IndicatorRating]) {
    for (indicator, rating) in r.iter().enumerate() {
        run(model, state, rate(c, indicator, *rating));
    }
}

pub fn confirm(model: &Model, state: &mut AssessmentState, c: &str) -> Outcome {
    let chosen = state
        .competence(c)
        .expect("claimed")
        .suggestion(model)
        .outcome()
        .expect("a suggestion");
    run(
        model,
        state,
        Command::ChooseLevel {
            competence: c.into(),
            chosen,
            justification: String::new(),
        },
    );
    chosen
}

pub fn note(c: &str, text: &str) -> Command {
    Command::Note {
        competence: c.into(),
        question: 0,
        text: text.into(),
    }
}

pub fn decide(c: &str, d: Decision) -> Command {
    Command::Decide {
        competence: c.into(),
        decision: d,
    }
}

/// Everything Validated needs, rated all Expert.
pub fn validate(model: &Model, state: &mut AssessmentState, c: &str) {
    for criterion in ["relevance", "authenticity"] {
        run(model, state, verdict(c, criterion, CriterionVerdict::Met));
    }
    let n = model.competence(c).expect("model").indicators.len();
    rate_all(model, state, c, &vec![IndicatorRating::Expert; n]);
    assert_eq!(
        confirm(model, state, c),
        Outcome::Level(OutcomeLevel::Expert)
    );
    run(
        model,
        state,
        note(c, "Ran the flood-relief rota for 40 volunteers."),
    );
    for dimension in Dimension::ALL {
        run(
            model,
            state,
            Command::Complexity {
                competence: c.into(),
                dimension: *dimension,
                value: Some(Complexity::MidHigh),
            },
        );
    }
    run(
        model,
        state,
        Command::Reasons {
            competence: c.into(),
            text: "Planned and led the relief rota; references confirm it.".into(),
        },
    );
    run(model, state, decide(c, Decision::Validated));
    assert_eq!(
        state.competence(c).expect("c").decision,
        Decision::Validated
    );
}

pub fn facts_of(model: &Model, state: &AssessmentState, c: &str) -> decision::DecisionFacts {
    state
        .competence(c)
        .expect("claimed")
        .facts(model, today(), state.assessor_is_tutor())
}

pub fn assert_sound(model: &Model, state: &AssessmentState) {
    assert_eq!(
        invariants::violations(state, model, today()),
        Vec::<String>::new()
    );
}
