//! Shared by the store tests: a centre with a tutor and an assessor, a candidate brought to
//! Documentation through the real path commands with evidence for each claimed competence,
//! an assessment started through the path rules, and commands applied and committed the
//! way the TUI does it (`domain::command::apply`, then `Store::commit`).
//!
//! Uses the small test model (`ui::testing::fixture_model`): competences c01, c07, c08, four
//! indicators each (`c01-i1` …), three interview questions, five portfolio criteria of which
//! currency, sufficiency and variety are pre-filled from the evidence (two items of two kinds
//! dated within five years make them Met).

#![allow(dead_code)] // each test file uses its own part of the fixture

use std::path::Path;
use std::sync::LazyLock;

use rusqlite::{Connection, OptionalExtension};

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use leverup::domain::DomainError;
use leverup::domain::assessment::AssessmentState;
use leverup::domain::changes::ChangeSet;
use leverup::domain::command::{self, Command};
use leverup::domain::dossier::Evidence;
use leverup::domain::dossier::command::{self as dossier_command, DossierCommand};
use leverup::domain::model::Model;
use leverup::domain::path_rules;
use leverup::domain::people::Staff;
use leverup::domain::process::PathCommand;
use leverup::domain::scales::{Complexity, CriterionVerdict, Decision, Dimension, IndicatorRating};
use leverup::domain::scoring::Outcome;
use leverup::store::{NewCandidate, Role, Store, StoreError};

pub const TUTOR: &str = "Paolo Esposito";
pub const ASSESSOR: &str = "Hendrik van Dijk";

pub static MODEL: LazyLock<Model> = LazyLock::new(leverup::ui::testing::fixture_model);

pub fn model() -> &'static Model {
    &MODEL
}

pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 30, 0).unwrap()
}

/// A store with one centre, a tutor, an assessor and one candidate (at Awareness, with the
/// tutor), as ids.
pub struct World {
    pub store: Store,
    pub centre: String,
    pub tutor: String,
    pub assessor: String,
    pub candidate: String,
}

impl World {
    /// The world's assessor, as the path rules and commands take a person.
    pub fn assessor(&self) -> Staff {
        assessor_staff(&self.assessor, ASSESSOR)
    }

    /// The world's tutor, likewise.
    pub fn tutor(&self) -> Staff {
        Staff {
            id: self.tutor.clone(),
            name: TUTOR.into(),
            assessor: false,
            tutor: true,
        }
    }
}

/// A person holding the assessor role (and not the tutor's).
pub fn assessor_staff(id: &str, name: &str) -> Staff {
    Staff {
        id: id.into(),
        name: name.into(),
        assessor: true,
        tutor: false,
    }
}

pub fn world() -> World {
    populate(Store::open_in_memory().unwrap())
}

/// The same world in a database file (for raw SQL and second handles).
pub fn world_at(path: &Path) -> World {
    populate(Store::open(path).unwrap())
}

fn populate(mut store: Store) -> World {
    let now = t0();
    let centre = store.create_centre("CSV Milano", "admin", now).unwrap();
    let tutor = store
        .create_person(TUTOR, Some("paolo@example.org"), "admin", now)
        .unwrap();
    let assessor = store.create_person(ASSESSOR, None, "admin", now).unwrap();
    store
        .add_role(&tutor, &centre, Role::Tutor, "admin", now)
        .unwrap();
    store
        .add_role(&assessor, &centre, Role::Assessor, "admin", now)
        .unwrap();
    let candidate = store
        .create_candidate(
            &NewCandidate {
                name: "Giulia Rossi".into(),
                email: Some("giulia@example.org".into()),
                centre_id: centre.clone(),
                tutor_id: Some(tutor.clone()),
            },
            "tutor",
            now,
        )
        .unwrap();
    World {
        store,
        centre,
        tutor,
        assessor,
        candidate,
    }
}

/// Records the candidate's consent, claims `competences`, adds two evidence items of two
/// kinds dated within the currency window for each, and moves the candidate from
/// Awareness to Documentation with the real path commands.
pub fn document(store: &mut Store, candidate: &str, competences: &[&str]) {
    document_with(store, model(), candidate, competences);
}

/// [`document`] under another model (the shipped one).
pub fn document_with(store: &mut Store, model: &Model, candidate: &str, competences: &[&str]) {
    let mut cmds = vec![DossierCommand::RecordConsent {
        given_on: t0().date_naive(),
    }];
    for c in competences {
        cmds.push(DossierCommand::Claim {
            competence: (*c).to_string(),
        });
        for (kind, dated) in [("reference-letter", (2024, 5, 4)), ("photo", (2025, 9, 1))] {
            cmds.push(DossierCommand::SaveEvidence {
                number: None,
                evidence: Evidence {
                    title: format!("{kind} for {c}"),
                    kind: kind.into(),
                    dated: NaiveDate::from_ymd_opt(dated.0, dated.1, dated.2),
                    description: String::new(),
                    competences: vec![(*c).to_string()],
                    file: None,
                    witness: None,
                },
            });
        }
    }
    dossier_with(store, model, candidate, &cmds);
    for _ in 0..2 {
        path(store, candidate, &PathCommand::Advance { validated: false }).unwrap();
    }
    // The tutor hands the candidate to the centre's queue: any assessor may start.
    dossier_with(
        store,
        model,
        candidate,
        &[DossierCommand::RequestAssessment { assessor: None }],
    );
}

/// Applies `cmds` to the candidate's dossier as their tutor, and commits the change.
pub fn dossier(store: &mut Store, candidate: &str, cmds: &[DossierCommand]) {
    dossier_with(store, model(), candidate, cmds);
}

/// [`dossier`] under another model (the shipped one).
pub fn dossier_with(store: &mut Store, model: &Model, candidate: &str, cmds: &[DossierCommand]) {
    let d = store.load_dossier(candidate).unwrap();
    let actor = d.tutor_id.clone().unwrap_or_else(|| "tutor".into());
    let change = dossier_command::apply_all(&d, cmds, model, &actor, t0().date_naive())
        .unwrap_or_else(|e| panic!("{cmds:?}: {e}"));
    store.commit_dossier(&change, &actor, t0()).unwrap();
}

/// A path command for `candidate` by the tutor at `t0`, through the path rules and
/// `commit_path`.
pub fn path(store: &mut Store, candidate: &str, cmd: &PathCommand) -> Result<(), Refused> {
    path_at(store, candidate, cmd, t0())
}

pub fn path_at(
    store: &mut Store,
    candidate: &str,
    cmd: &PathCommand,
    now: DateTime<Utc>,
) -> Result<(), Refused> {
    let facts = store.candidate_facts(candidate)?;
    let change = path_rules::change_path(&facts, cmd)?;
    store.commit_path(&change, "tutor", now)?;
    Ok(())
}

/// Starts the formal assessment of the candidate (documented with `competences`) by the
/// world's assessor, through `path_rules::start_assessment` and `begin_assessment`.
pub fn start(w: &mut World, competences: &[&str]) -> AssessmentState {
    document(&mut w.store, &w.candidate, competences);
    begin(w)
}

/// Starts an assessment of an already documented candidate.
pub fn begin(w: &mut World) -> AssessmentState {
    let facts = w.store.candidate_facts(&w.candidate).unwrap();
    let new =
        path_rules::start_assessment(&facts, model(), &w.assessor(), t0().date_naive()).unwrap();
    w.store.begin_assessment(new, &w.assessor, t0()).unwrap()
}

/// Why a command did not take effect.
#[derive(Debug)]
pub enum Refused {
    Rule(DomainError),
    Store(StoreError),
}

impl From<DomainError> for Refused {
    fn from(e: DomainError) -> Self {
        Refused::Rule(e)
    }
}

impl From<StoreError> for Refused {
    fn from(e: StoreError) -> Self {
        Refused::Store(e)
    }
}

/// Applies `cmd` as the assessment's assessor at `now` and commits the change set; on
/// success `state` becomes the committed state (as the TUI does it).
pub fn try_apply_at(
    store: &mut Store,
    state: &mut AssessmentState,
    cmd: &Command,
    now: DateTime<Utc>,
) -> Result<ChangeSet, Refused> {
    let actor = state.assessor_id.clone();
    let cs = command::apply(state, cmd, model(), &actor, now)?;
    store.commit(&cs, &actor, now)?;
    *state = cs.state().clone();
    Ok(cs)
}

pub fn try_apply(
    store: &mut Store,
    state: &mut AssessmentState,
    cmd: &Command,
) -> Result<ChangeSet, Refused> {
    try_apply_at(store, state, cmd, t0())
}

/// `try_apply` that must succeed.
pub fn apply_and_commit(store: &mut Store, state: &mut AssessmentState, cmd: Command) -> ChangeSet {
    try_apply(store, state, &cmd).unwrap_or_else(|e| panic!("{cmd:?} refused: {e:?}"))
}

pub fn apply_all(store: &mut Store, state: &mut AssessmentState, cmds: Vec<Command>) {
    for cmd in cmds {
        apply_and_commit(store, state, cmd);
    }
}

/// The model's indicator ids of `competence`.
pub fn indicators(competence: &str) -> Vec<String> {
    model()
        .competence(competence)
        .unwrap()
        .indicators
        .iter()
        .map(|i| i.id.clone())
        .collect()
}

pub fn verdict(competence: &str, criterion: &str, verdict: CriterionVerdict) -> Command {
    Command::Verdict {
        competence: competence.into(),
        criterion: criterion.into(),
        verdict,
        note: String::new(),
    }
}

pub fn note(competence: &str, question: u32, text: &str) -> Command {
    Command::Note {
        competence: competence.into(),
        question,
        text: text.into(),
    }
}

pub fn rate(competence: &str, indicator: usize, rating: IndicatorRating) -> Command {
    Command::Rate {
        competence: competence.into(),
        indicator,
        rating,
    }
}

pub fn time(competence: &str, seconds: i64) -> Command {
    Command::AddInterviewTime {
        competence: competence.into(),
        seconds,
    }
}

pub fn decide(competence: &str, decision: Decision) -> Command {
    Command::Decide {
        competence: competence.into(),
        decision,
    }
}

pub fn complexity(competence: &str, dimension: Dimension, value: Complexity) -> Command {
    Command::Complexity {
        competence: competence.into(),
        dimension,
        value: Some(value),
    }
}

/// Every indicator of `competence` rated `rating`.
pub fn rate_all(competence: &str, rating: IndicatorRating) -> Vec<Command> {
    (0..indicators(competence).len())
        .map(|i| rate(competence, i, rating))
        .collect()
}

/// The two criteria the evidence cannot pre-fill judged Met, every indicator Accomplished,
/// the level confirmed, one interview note and the decision Validated: a level whose
/// rating change reopens it and the decision on it.
pub fn validate(competence: &str) -> Vec<Command> {
    let mut cmds = vec![
        verdict(competence, "relevance", CriterionVerdict::Met),
        verdict(competence, "authenticity", CriterionVerdict::Met),
        note(
            competence,
            0,
            "Situation: food bank. Task: rota for 30 volunteers.",
        ),
    ];
    cmds.extend(rate_all(competence, IndicatorRating::Accomplished));
    cmds.push(Command::ChooseLevel {
        competence: competence.into(),
        chosen: Outcome::Level(leverup::domain::scales::OutcomeLevel::Accomplished),
        justification: String::new(),
    });
    cmds.push(decide(competence, Decision::Validated));
    cmds
}

/// `validate` plus what sign-off needs on top: the complexity profile and the reasons.
pub fn ready_to_sign(competence: &str) -> Vec<Command> {
    let mut cmds = validate(competence);
    for d in [Dimension::Context, Dimension::Task, Dimension::Autonomy] {
        cmds.push(complexity(competence, d, Complexity::MidLow));
    }
    cmds.push(Command::Reasons {
        competence: competence.into(),
        text: "Strong evidence and a clear interview.".into(),
    });
    cmds
}

/// One hour after `t0`, for sign-off.
pub fn later() -> DateTime<Utc> {
    t0() + Duration::hours(1)
}

// Reading the file back as another program would, for the assertions.

pub fn raw(path: &Path) -> Connection {
    Connection::open(path).unwrap()
}

pub fn revision(conn: &Connection, id: &str) -> i64 {
    conn.query_row(
        "SELECT revision FROM assessments WHERE id = ?1",
        [id],
        |r| r.get(0),
    )
    .unwrap()
}

pub fn audit_count(conn: &Connection) -> i64 {
    conn.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap()
}

pub fn note_text(conn: &Connection, id: &str, competence: &str, question: u32) -> Option<String> {
    conn.query_row(
        "SELECT text FROM interview_notes
         WHERE assessment_id = ?1 AND competence_id = ?2 AND question_index = ?3",
        rusqlite::params![id, competence, question],
        |r| r.get(0),
    )
    .optional()
    .unwrap()
}

pub fn rating(conn: &Connection, id: &str, indicator: &str) -> Option<String> {
    conn.query_row(
        "SELECT rating FROM indicator_ratings WHERE assessment_id = ?1 AND indicator_id = ?2",
        [id, indicator],
        |r| r.get(0),
    )
    .optional()
    .unwrap()
}
