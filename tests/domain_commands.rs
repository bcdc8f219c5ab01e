//! The assessment commands (`command::apply`): random command sequences checked against
//! the rules of DOMAIN.md D2–D7, and one scenario per defect of the domain-commands issue.
//!
//! The property test starts assessments from random candidates (claimed competences,
//! evidence counts, kinds and dates — undated, old, and around the five-year edge — the
//! candidate's step, and a tutor who is sometimes the assessor, in which case
//! `path_rules::start_assessment` must refuse), then applies random sequences of every
//! command (Verdict with every verdict, Note blank and not, AddInterviewTime, Rate with every
//! rating, ChooseLevel confirming or overriding with and without a justification, Complexity
//! including None, Decide with every decision, Reasons, Finalise, Reassign to the tutor, to
//! the owner, to another person) given by the assessor or by someone else, while the clock
//! moves on now and then. A refused command leaves the state as it was (the caller keeps it).
//! After every step:
//!
//! - (a) a finalised state has `invariants::violations` empty;
//! - (b) no competence is Validated while `decision::validation_blocker(facts)` is Some;
//! - (c) a level, when present, was confirmed against the current suggestion;
//! - (d) after Finalise nothing else is accepted: every further command is
//!   `Err(Finalised)`, whoever gives it and whatever model is loaded;
//! - (e) every command but Reassign given by someone other than the assessment's assessor is
//!   refused with `NotYourAssessment` and changes nothing (Reassign is how another assessor
//!   takes over, so it is open to them; it is checked on its own rules instead);
//! - (f) `cs.base_revision` is the old revision and `cs.state.revision == base_revision + 1`,
//!   unless the change set is empty (then the state is the old one) or holds only
//!   interview time (then the revision stays);
//! - (g) the change set is the whole difference and nothing else: `changes::diff(model,
//!   old, cs.state)` gives the same changes and state, replaying `cs.changes` on the old
//!   state the way the store writes them gives `cs.state`, and `apply` is deterministic;
//! - (h) a Met on a countable criterion (currency, sufficiency, variety) is never accepted
//!   when `portfolio::contradiction` says the evidence contradicts it.
//!
//! (a)–(c) are judged at the date of the last command that settled the state: every command
//! settles (`command::settle`) except Reassign, which changes only the owner. Time-bound
//! facts (evidence ageing past the currency limit) are re-judged by the next settling
//! command, and Finalise re-checks them at its own date.
//!
//! Besides the invariants, the test checks each command against an independent statement
//! of its rule (start_assessment, ChooseLevel, Decide, Finalise, Reassign, Note, interview
//! time), and that a state made with another model version refuses every command with
//! `ModelMismatch`. It counts what the sequences reached and fails if they reach too
//! little (e.g. no finalised assessment with a Validated competence).

use std::cell::Cell;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use leverup::datafile::load_embedded;
use leverup::domain::DomainError;
use leverup::domain::assessment::AssessmentState;
use leverup::domain::changes::{Change, ChangeSet, diff};
use leverup::domain::command::{self, Command};
use leverup::domain::decision;
use leverup::domain::invariants;
use leverup::domain::model::Model;
use leverup::domain::path_rules::{self, CandidateFacts};
use leverup::domain::portfolio::{self, CheckStatus, EvidenceFacts};
use leverup::domain::process::{CandidatePath, PathStatus, Step};
use leverup::domain::scales::{
    Complexity, CriterionVerdict, Decision, Dimension, IndicatorRating, OutcomeLevel,
};
use leverup::domain::scoring::{self, Outcome};
use leverup::ui::testing::fixture_model;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

// ---------------------------------------------------------------------------------------
// People and fixtures shared by the property test and the scenarios.

const ASSESSOR: (&str, &str) = ("anna", "Anna");
const TUTOR: &str = "tess";
/// Everyone who may act or be handed the assessment: (id, name).
const PEOPLE: [(&str, &str); 4] = [
    ("anna", "Anna"),
    ("ben", "Ben"),
    ("cara", "Cara"),
    (TUTOR, "Tess"),
];
const CRITERIA: [&str; 5] = [
    "relevance",
    "authenticity",
    "currency",
    "sufficiency",
    "variety",
];
const COUNTABLE: [&str; 3] = ["currency", "sufficiency", "variety"];

fn name_of(id: &str) -> String {
    PEOPLE
        .iter()
        .find(|p| p.0 == id)
        .map_or_else(|| id.to_string(), |p| p.1.to_string())
}

/// The same model under another version: what a newer leverup would load.
fn other_version(model: &Model) -> Model {
    Model {
        version: format!("{}-next", model.version),
        ..model.clone()
    }
}

// ---------------------------------------------------------------------------------------
// What the store does with a change set, restated here: each change written as a row.

fn replay(model: &Model, old: &AssessmentState, cs: &ChangeSet) -> AssessmentState {
    let mut s = old.clone();
    for change in &cs.changes {
        let competence = |s: &mut AssessmentState, id: &str| {
            s.competences
                .iter()
                .position(|c| c.competence_id == id)
                .unwrap_or_else(|| panic!("change names unclaimed competence {id}"))
        };
        match change {
            Change::Verdict {
                competence: id,
                criterion,
                verdict,
                note,
            } => {
                let i = competence(&mut s, id);
                let j = s.competences[i]
                    .portfolio
                    .iter_mut()
                    .find(|j| j.criterion_id == *criterion)
                    .expect("criterion");
                j.verdict = Some(*verdict);
                j.note = note.clone();
            }
            Change::Note {
                competence: id,
                question,
                text,
            } => {
                let i = competence(&mut s, id);
                s.competences[i].notes.insert(*question, text.clone());
            }
            Change::InterviewTime {
                competence: id,
                seconds,
            } => {
                let i = competence(&mut s, id);
                s.competences[i].seconds += seconds;
            }
            Change::Rating {
                competence: id,
                indicator,
                rating,
            } => {
                let i = competence(&mut s, id);
                let k = model
                    .competence(id)
                    .expect("model competence")
                    .indicators
                    .iter()
                    .position(|x| x.id == *indicator)
                    .expect("indicator id");
                s.competences[i].ratings[k] = Some(*rating);
            }
            Change::Score {
                competence: id,
                level,
                complexity,
            } => {
                let i = competence(&mut s, id);
                s.competences[i].level = level.clone();
                s.competences[i].complexity = complexity.clone();
            }
            Change::Decision {
                competence: id,
                decision,
                reasons,
            } => {
                let i = competence(&mut s, id);
                s.competences[i].decision = *decision;
                s.competences[i].reasons = reasons.clone();
            }
            Change::Finalised => s.finalised = true,
            Change::Assessor { from, to } => {
                assert_eq!(
                    *from, s.assessor_id,
                    "Assessor change from the wrong person"
                );
                s.assessor_id = to.clone();
                s.assessor_name = name_of(to);
            }
            Change::Path { from, to } => {
                assert_eq!(*from, s.path, "Path change from the wrong path");
                s.path = to.clone();
            }
        }
    }
    if !cs.is_empty() && !cs.commutes() {
        s.revision += 1;
    }
    s
}

// ---------------------------------------------------------------------------------------
// Generators: abstract steps, resolved against the state when they are applied (so that
// "confirm the suggestion" or "the decision the facts propose" can be asked for).

#[derive(Debug, Clone)]
enum DateGen {
    Undated,
    DaysAgo(u32),
    /// Days after the currency cutoff (negative: before it, so too old).
    AroundCutoff(i8),
}

#[derive(Debug, Clone)]
struct ItemGen {
    kind: &'static str,
    date: DateGen,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum TutorGen {
    Other,
    None,
    IsAssessor,
}

#[derive(Debug, Clone)]
struct CandidateGen {
    claimed: [bool; 3],
    unknown_claim: bool,
    /// Evidence items per fixture competence (used for the claimed ones).
    evidence: [Vec<ItemGen>; 3],
    step: Step,
    stopped: bool,
    tutor: TutorGen,
    open: bool,
    start_day: u32,
}

#[derive(Debug, Clone, Copy)]
enum Pick {
    /// The i-th claimed competence (modulo how many are claimed).
    Claimed(u8),
    /// A fixture competence that may not be claimed (0..3), or one no model knows (3).
    Any(u8),
}

#[derive(Debug, Clone, Copy)]
enum Text {
    Empty,
    Blank,
    Words(u8),
}

#[derive(Debug, Clone, Copy)]
enum Who {
    Owner,
    Person(u8),
}

#[derive(Debug, Clone, Copy)]
enum Level {
    Suggested,
    Fixed(Outcome),
}

#[derive(Debug, Clone)]
enum Act {
    Verdict {
        c: Pick,
        criterion: usize,
        verdict: CriterionVerdict,
        note: Text,
    },
    Note {
        c: Pick,
        question: u32,
        text: Text,
    },
    Time {
        c: Pick,
        seconds: i64,
    },
    Rate {
        c: Pick,
        indicator: usize,
        rating: IndicatorRating,
    },
    ChooseLevel {
        c: Pick,
        chosen: Level,
        justification: Text,
    },
    Complexity {
        c: Pick,
        dimension: Dimension,
        value: Option<Complexity>,
    },
    /// `None`: the decision the facts propose.
    Decide {
        c: Pick,
        decision: Option<Decision>,
    },
    Reasons {
        c: Pick,
        text: Text,
    },
    Finalise,
    /// The next piece of work the competence still needs (a judgement, a rating, the
    /// level, a note, the complexity, the reasons, the proposed decision), or Finalise when
    /// nothing is left: keeps sequences moving towards sign-off between the random steps.
    Progress {
        c: Pick,
        r: u8,
    },
    /// `None`: to the current owner.
    Reassign {
        to: Option<u8>,
        reason: Text,
    },
}

#[derive(Debug, Clone)]
struct StepGen {
    who: Who,
    act: Act,
    /// Days the clock moves on before this step.
    days: u32,
}

#[derive(Debug, Clone)]
struct Case {
    candidate: CandidateGen,
    steps: Vec<StepGen>,
}

fn date_gen() -> impl Strategy<Value = DateGen> {
    prop_oneof![
        1 => Just(DateGen::Undated),
        6 => (0u32..2400).prop_map(DateGen::DaysAgo),
        3 => (-3i8..=40).prop_map(DateGen::AroundCutoff),
    ]
}

fn item_gen() -> impl Strategy<Value = ItemGen> {
    (
        prop::sample::select(vec!["statement", "product", "photo"]),
        date_gen(),
    )
        .prop_map(|(kind, date)| ItemGen { kind, date })
}

fn items_gen() -> impl Strategy<Value = Vec<ItemGen>> {
    prop_oneof![
        1 => Just(Vec::new()),
        6 => prop::collection::vec(item_gen(), 1..2),
        12 => prop::collection::vec(item_gen(), 2..5),
    ]
}

fn candidate_gen() -> impl Strategy<Value = CandidateGen> {
    let step = prop_oneof![
        20 => Just(Step::Documentation),
        2 => Just(Step::Assessment),
        1 => prop::sample::select(Step::ALL.to_vec()),
    ];
    let tutor = prop_oneof![
        16 => Just(TutorGen::Other),
        2 => Just(TutorGen::None),
        1 => Just(TutorGen::IsAssessor),
    ];
    (
        prop::array::uniform3(prop::bool::weighted(0.55)),
        prop::bool::weighted(0.03),
        [items_gen(), items_gen(), items_gen()],
        step,
        prop::bool::weighted(0.03),
        tutor,
        prop::bool::weighted(0.03),
        0u32..1500,
    )
        .prop_map(
            |(claimed, unknown_claim, evidence, step, stopped, tutor, open, start_day)| {
                CandidateGen {
                    claimed,
                    unknown_claim,
                    evidence,
                    step,
                    stopped,
                    tutor,
                    open,
                    start_day,
                }
            },
        )
}

/// Reads choices out of one random number. Steps are generated as plain `u64`s and decoded
/// here: proptest builds and shrinks a `Vec<u64>` far faster than a vector of nested
/// strategies, and a number shrinking towards 0 decodes to simpler steps.
struct Bits(u64);

impl Bits {
    fn below(&mut self, n: u64) -> u64 {
        let v = self.0 % n;
        self.0 /= n;
        v
    }

    /// An index into `weights`, each chosen in proportion to its weight.
    fn weighted(&mut self, weights: &[u64]) -> usize {
        let mut x = self.below(weights.iter().sum());
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        unreachable!("x is below the sum of the weights")
    }

    fn pick(&mut self) -> Pick {
        if self.below(13) < 12 {
            Pick::Claimed(self.below(6) as u8)
        } else {
            Pick::Any(self.below(4) as u8)
        }
    }

    fn text(&mut self) -> Text {
        match self.weighted(&[1, 1, 4]) {
            0 => Text::Empty,
            1 => Text::Blank,
            _ => Text::Words(self.below(4) as u8),
        }
    }

    fn of<T: Copy>(&mut self, values: &[T]) -> T {
        values[self.below(values.len() as u64) as usize]
    }
}

fn decode_act(b: &mut Bits) -> Act {
    use CriterionVerdict::{Met, NotMet, PartlyMet};
    use IndicatorRating::{Accomplished, Basic, Expert, NotApplicable, NotShown};
    // Weights: Progress, Verdict, Note, Time, Rate, ChooseLevel, Complexity, Decide,
    // Reasons, Finalise, Reassign.
    match b.weighted(&[16, 5, 3, 1, 8, 4, 4, 4, 2, 1, 1]) {
        0 => Act::Progress {
            c: b.pick(),
            r: b.below(256) as u8,
        },
        1 => Act::Verdict {
            c: b.pick(),
            criterion: b.below(6) as usize,
            verdict: [Met, PartlyMet, NotMet][b.weighted(&[5, 2, 1])],
            note: b.text(),
        },
        2 => Act::Note {
            c: b.pick(),
            question: b.below(4) as u32,
            text: b.text(),
        },
        3 => Act::Time {
            c: b.pick(),
            seconds: match b.weighted(&[6, 1]) {
                0 => 1 + b.below(3600) as i64,
                _ => b.of(&[0, -60]),
            },
        },
        4 => Act::Rate {
            c: b.pick(),
            indicator: b.below(5) as usize,
            rating: [NotShown, Basic, Accomplished, Expert, NotApplicable]
                [b.weighted(&[1, 3, 3, 3, 1])],
        },
        5 => Act::ChooseLevel {
            c: b.pick(),
            chosen: match b.weighted(&[3, 2]) {
                0 => Level::Suggested,
                _ => Level::Fixed(b.of(&Outcome::ALL)),
            },
            justification: b.text(),
        },
        6 => Act::Complexity {
            c: b.pick(),
            dimension: b.of(Dimension::ALL),
            value: match b.weighted(&[6, 1]) {
                0 => Some(b.of(Complexity::ALL)),
                _ => None,
            },
        },
        7 => Act::Decide {
            c: b.pick(),
            decision: match b.weighted(&[4, 2, 3]) {
                0 => None,
                1 => Some(Decision::Validated),
                _ => Some(b.of(Decision::ALL)),
            },
        },
        8 => Act::Reasons {
            c: b.pick(),
            text: b.text(),
        },
        9 => Act::Finalise,
        _ => Act::Reassign {
            to: match b.weighted(&[6, 1]) {
                0 => Some(b.below(4) as u8),
                _ => None,
            },
            reason: b.text(),
        },
    }
}

fn decode_step(x: u64) -> StepGen {
    let mut b = Bits(x);
    let act = decode_act(&mut b);
    let who = match b.weighted(&[10, 1]) {
        0 => Who::Owner,
        _ => Who::Person(b.below(4) as u8),
    };
    let days = match b.weighted(&[30, 4, 1]) {
        0 => 0,
        1 => 1 + b.below(59) as u32,
        _ => 200 + b.below(600) as u32,
    };
    StepGen { who, act, days }
}

fn case_gen() -> impl Strategy<Value = Case> {
    (
        candidate_gen(),
        prop::collection::vec(any::<u64>(), 1..80)
            .prop_map(|v| v.into_iter().map(decode_step).collect()),
    )
        .prop_map(|(candidate, steps)| Case { candidate, steps })
}

const WORDS: [&str; 4] = [
    "Coordinated 40 volunteers during the 2025 floods.",
    "Reference letter confirms the role; the rota is her own work.",
    "Chose a level above the ratings: the interview showed more.",
    "Planned the food drive and reviewed it with the team",
];

fn resolve_text(t: Text) -> String {
    match t {
        Text::Empty => String::new(),
        Text::Blank => "  \n ".to_string(),
        Text::Words(i) => WORDS[i as usize % WORDS.len()].to_string(),
    }
}

fn start_of(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 9, 30, 0)
        .single()
        .expect("time")
        + Duration::days(i64::from(day))
}

fn resolve_candidate(model: &Model, g: &CandidateGen, today: NaiveDate) -> CandidateFacts {
    let cutoff = portfolio::years_before(today, model.portfolio_check.currency_years);
    let mut claimed = Vec::new();
    let mut evidence = Vec::new();
    for (i, m) in model.competences.iter().enumerate().take(3) {
        if !g.claimed[i] {
            continue;
        }
        claimed.push(m.id.clone());
        for item in &g.evidence[i] {
            let dated = match item.date {
                DateGen::Undated => None,
                DateGen::DaysAgo(d) => Some(today - Duration::days(i64::from(d))),
                DateGen::AroundCutoff(d) => Some(cutoff + Duration::days(i64::from(d))),
            };
            evidence.push((
                m.id.clone(),
                EvidenceFacts {
                    kind: item.kind.to_string(),
                    dated,
                },
            ));
        }
    }
    if g.unknown_claim {
        claimed.push("c99".to_string());
    }
    CandidateFacts {
        id: "cand-1".into(),
        tutor_id: match g.tutor {
            TutorGen::Other => Some(TUTOR.to_string()),
            TutorGen::None => None,
            TutorGen::IsAssessor => Some(ASSESSOR.0.to_string()),
        },
        path: CandidatePath {
            step: g.step,
            status: if g.stopped {
                PathStatus::Stopped {
                    reason: "moved abroad".into(),
                }
            } else {
                PathStatus::Active
            },
        },
        claimed,
        evidence,
        open_assessment: g.open,
    }
}

fn resolve_pick(model: &Model, state: &AssessmentState, p: Pick) -> String {
    match p {
        Pick::Claimed(i) if !state.competences.is_empty() => state.competences
            [i as usize % state.competences.len()]
        .competence_id
        .clone(),
        Pick::Claimed(i) | Pick::Any(i) => model
            .competences
            .get(i as usize)
            .map_or_else(|| "c99".to_string(), |c| c.id.clone()),
    }
}

fn resolve_command(model: &Model, state: &AssessmentState, act: &Act, today: NaiveDate) -> Command {
    let id = |p: Pick| resolve_pick(model, state, p);
    match *act {
        Act::Verdict {
            c,
            criterion,
            verdict,
            note,
        } => Command::Verdict {
            competence: id(c),
            criterion: CRITERIA
                .get(criterion)
                .copied()
                .unwrap_or("bogus")
                .to_string(),
            verdict,
            note: resolve_text(note),
        },
        Act::Note { c, question, text } => Command::Note {
            competence: id(c),
            question,
            text: resolve_text(text),
        },
        Act::Time { c, seconds } => Command::AddInterviewTime {
            competence: id(c),
            seconds,
        },
        Act::Rate {
            c,
            indicator,
            rating,
        } => Command::Rate {
            competence: id(c),
            indicator,
            rating,
        },
        Act::ChooseLevel {
            c,
            chosen,
            justification,
        } => {
            let competence = id(c);
            let suggested = state
                .competence(&competence)
                .and_then(|s| s.suggestion(model).outcome());
            Command::ChooseLevel {
                chosen: match chosen {
                    Level::Suggested => suggested.unwrap_or(Outcome::NotAssessable),
                    Level::Fixed(o) => o,
                },
                competence,
                justification: resolve_text(justification),
            }
        }
        Act::Complexity {
            c,
            dimension,
            value,
        } => Command::Complexity {
            competence: id(c),
            dimension,
            value,
        },
        Act::Decide { c, decision } => {
            let competence = id(c);
            let decision = decision.unwrap_or_else(|| {
                state
                    .competence(&competence)
                    .map_or(Decision::Pending, |s| {
                        decision::proposed(&s.facts(model, today, state.assessor_is_tutor()))
                    })
            });
            Command::Decide {
                competence,
                decision,
            }
        }
        Act::Reasons { c, text } => Command::Reasons {
            competence: id(c),
            text: resolve_text(text),
        },
        Act::Finalise => Command::Finalise,
        Act::Progress { c, r } => progress(model, state, &id(c), r, today),
        Act::Reassign { to, reason } => {
            let (to, to_name) = match to {
                Some(i) => PEOPLE[i as usize % PEOPLE.len()],
                None => PEOPLE
                    .iter()
                    .copied()
                    .find(|p| p.0 == state.assessor_id)
                    .unwrap_or(PEOPLE[0]),
            };
            Command::Reassign {
                to: to.to_string(),
                to_name: to_name.to_string(),
                reason: resolve_text(reason),
            }
        }
    }
}

/// The next piece of work on `competence`, with values chosen by `r` (mostly favourable).
fn progress(
    model: &Model,
    state: &AssessmentState,
    competence: &str,
    r: u8,
    today: NaiveDate,
) -> Command {
    let Some(c) = state.competence(competence) else {
        return Command::Finalise;
    };
    let id = competence.to_string();
    if let Some(j) = c.portfolio.iter().find(|j| j.verdict.is_none()) {
        return Command::Verdict {
            competence: id,
            criterion: j.criterion_id.clone(),
            verdict: if r.is_multiple_of(5) {
                CriterionVerdict::PartlyMet
            } else {
                CriterionVerdict::Met
            },
            note: String::new(),
        };
    }
    if let Some(k) = c.ratings.iter().position(Option::is_none) {
        use IndicatorRating::*;
        let ratings = [
            Expert,
            Accomplished,
            Basic,
            Expert,
            Accomplished,
            Expert,
            NotApplicable,
        ];
        return Command::Rate {
            competence: id,
            indicator: k,
            rating: ratings[r as usize % ratings.len()],
        };
    }
    if c.level.is_none()
        && let Some(o) = c.suggestion(model).outcome()
    {
        return Command::ChooseLevel {
            competence: id,
            chosen: o,
            justification: String::new(),
        };
    }
    if !c.interviewed() {
        return Command::Note {
            competence: id,
            question: u32::from(r % 3),
            text: WORDS[r as usize % WORDS.len()].to_string(),
        };
    }
    let cx = &c.complexity;
    for (dimension, value) in [
        (Dimension::Context, cx.context),
        (Dimension::Task, cx.task),
        (Dimension::Autonomy, cx.autonomy),
    ] {
        if value.is_none() {
            return Command::Complexity {
                competence: id,
                dimension,
                value: Some(Complexity::ALL[r as usize % 4]),
            };
        }
    }
    if c.reasons.trim().is_empty() {
        return Command::Reasons {
            competence: id,
            text: WORDS[r as usize % WORDS.len()].to_string(),
        };
    }
    if c.decision == Decision::Pending {
        return Command::Decide {
            competence: id,
            decision: decision::proposed(&c.facts(model, today, state.assessor_is_tutor())),
        };
    }
    Command::Finalise
}

// ---------------------------------------------------------------------------------------
// The rules, restated independently of `command.rs`, for the oracle checks.

/// Why start_assessment must refuse these facts (None: it must accept).
fn start_refusal(model: &Model, c: &CandidateFacts) -> Option<&'static str> {
    if c.tutor_id.as_deref() == Some(ASSESSOR.0) {
        return Some("tutor");
    }
    if matches!(c.path.status, PathStatus::Stopped { .. }) {
        return Some("stopped");
    }
    if c.open_assessment {
        return Some("open");
    }
    if !matches!(c.path.step, Step::Documentation | Step::Assessment) {
        return Some("step");
    }
    if c.claimed.is_empty() {
        return Some("nothing claimed");
    }
    if c.claimed.iter().any(|id| model.competence(id).is_none()) {
        return Some("unknown");
    }
    if c.claimed.iter().any(|id| c.evidence_for(id).is_empty()) {
        return Some("undocumented");
    }
    None
}

/// What sign-off needs (D2, D4, D5, D7, D9), from the state alone.
fn finalisable(model: &Model, s: &AssessmentState, today: NaiveDate) -> bool {
    !s.assessor_is_tutor()
        && !s.competences.is_empty()
        && s.competences.iter().all(|c| match c.decision {
            Decision::Pending => false,
            Decision::NotValidated | Decision::NotAssessable => true,
            Decision::Validated => {
                c.level.as_ref().is_some_and(|l| l.chosen.level().is_some())
                    && c.check(model, today).status == CheckStatus::Passed
                    && c.interviewed()
                    && c.complexity.complete().is_some()
                    && !c.reasons.trim().is_empty()
            }
        })
}

// ---------------------------------------------------------------------------------------
// The property test.

#[derive(Default)]
struct Stats {
    cases: Cell<usize>,
    starts_refused: Cell<usize>,
    tutor_refused: Cell<usize>,
    steps: Cell<usize>,
    accepted: Cell<usize>,
    refused: Cell<usize>,
    not_yours: Cell<usize>,
    after_finalise: Cell<usize>,
    contradicted_met: Cell<usize>,
    cascades: Cell<usize>,
    decided_validated: Cell<usize>,
    decided_other: Cell<usize>,
    finalised: Cell<usize>,
    finalised_validated: Cell<usize>,
    finalise_refused: Cell<usize>,
    reassigned: Cell<usize>,
    aged_back_to_pending: Cell<usize>,
}

fn bump(c: &Cell<usize>) {
    c.set(c.get() + 1);
}

macro_rules! ensure {
    ($cond:expr, $($fmt:tt)+) => {
        if !$cond {
            return Err(TestCaseError::fail(format!($($fmt)+)));
        }
    };
}

fn check_state(
    model: &Model,
    s: &AssessmentState,
    settled: NaiveDate,
    at: &str,
) -> Result<(), TestCaseError> {
    // (a)
    if s.finalised {
        let v = invariants::violations(s, model, settled);
        ensure!(
            v.is_empty(),
            "(a) finalised state breaks rules {v:?} after {at}"
        );
    }
    let tutor = s.assessor_is_tutor();
    for c in &s.competences {
        // (b)
        if c.decision == Decision::Validated {
            let blocker = decision::validation_blocker(&c.facts(model, settled, tutor));
            ensure!(
                blocker.is_none(),
                "(b) {} Validated although {blocker:?} after {at}",
                c.competence_id
            );
        }
        // (c)
        if let Some(level) = &c.level {
            ensure!(
                Some(level.suggested) == c.suggestion(model).outcome(),
                "(c) {} level confirmed against {:?}, suggestion now {:?} after {at}",
                c.competence_id,
                level.suggested,
                c.suggestion(model).outcome()
            );
            ensure!(
                !level.overridden()
                    || level
                        .justification
                        .as_deref()
                        .is_some_and(|j| !j.trim().is_empty()),
                "override without justification after {at}"
            );
        }
    }
    Ok(())
}

fn run_case(model: &Model, case: &Case, stats: &Stats) -> Result<(), TestCaseError> {
    bump(&stats.cases);
    let other_model = other_version(model);
    let mut now = start_of(case.candidate.start_day);
    let facts = resolve_candidate(model, &case.candidate, now.date_naive());
    let started = path_rules::start_assessment(&facts, model, ASSESSOR, now.date_naive());
    match (start_refusal(model, &facts), started) {
        (Some("tutor"), Err(DomainError::AssessorIsTutor)) => {
            bump(&stats.starts_refused);
            bump(&stats.tutor_refused);
            return Ok(());
        }
        (Some(why), Err(DomainError::CannotStart(msg))) if why != "tutor" => {
            ensure!(!msg.is_empty(), "a refusal says why");
            bump(&stats.starts_refused);
            return Ok(());
        }
        (None, Ok(new)) => {
            let s = new.state();
            let today = now.date_naive();
            ensure!(
                new.path().from == facts.path,
                "path change from the facts' path"
            );
            ensure!(
                new.path().to
                    == CandidatePath {
                        step: Step::Assessment,
                        status: PathStatus::Active
                    },
                "start moves to Assessment"
            );
            ensure!(
                s.path == new.path().to && s.revision == 0 && !s.finalised,
                "fresh state"
            );
            ensure!(
                s.assessor_id == ASSESSOR.0 && s.tutor_id == facts.tutor_id,
                "people"
            );
            let ids: Vec<&str> = s
                .competences
                .iter()
                .map(|c| c.competence_id.as_str())
                .collect();
            let want: Vec<&str> = model
                .competences
                .iter()
                .filter(|m| facts.claimed.contains(&m.id))
                .map(|m| m.id.as_str())
                .collect();
            ensure!(
                ids == want,
                "claimed competences in model order: {ids:?} vs {want:?}"
            );
            for c in &s.competences {
                ensure!(
                    c.evidence == facts.evidence_for(&c.competence_id),
                    "evidence carried"
                );
                let suggested =
                    portfolio::suggest_countable(&model.portfolio_check, &c.evidence, today);
                for j in &c.portfolio {
                    let pre = suggested.iter().find(|x| x.0 == j.criterion_id);
                    ensure!(
                        j.verdict == pre.map(|x| x.1),
                        "{} pre-filled {:?}, evidence says {:?}",
                        j.criterion_id,
                        j.verdict,
                        pre
                    );
                    if let Some((_, v, reason)) = pre
                        && *v != CriterionVerdict::Met
                    {
                        ensure!(
                            j.note == *reason,
                            "a pre-filled gap carries the count as its note"
                        );
                    }
                }
                ensure!(
                    c.ratings.iter().all(Option::is_none) && c.level.is_none(),
                    "unrated"
                );
                ensure!(c.decision == Decision::Pending, "undecided");
            }
        }
        (expected, got) => {
            return Err(TestCaseError::fail(format!(
                "start_assessment: expected refusal {expected:?}, got {got:?} for {facts:?}"
            )));
        }
    }
    let mut state = started_state(model, &facts, now);
    let mut settled = now.date_naive();
    check_state(model, &state, settled, "start")?;
    let mut after_finalise = 0;

    for (i, step) in case.steps.iter().enumerate() {
        bump(&stats.steps);
        now += Duration::days(i64::from(step.days));
        let today = now.date_naive();
        let actor = match step.who {
            Who::Owner => state.assessor_id.clone(),
            Who::Person(p) => PEOPLE[p as usize % PEOPLE.len()].0.to_string(),
        };
        let cmd = resolve_command(model, &state, &step.act, today);
        let at = format!("step {i}: {actor} {cmd:?} on {today}");
        let old = state.clone();
        let result = command::apply(&old, &cmd, model, &actor, now);
        // (g) deterministic.
        ensure!(
            result == command::apply(&old, &cmd, model, &actor, now),
            "(g) apply is not deterministic at {at}"
        );
        let is_reassign = matches!(cmd, Command::Reassign { .. });

        // Another model version refuses every command (or says it is finalised).
        if i % 3 == 0 {
            let r = command::apply(&old, &cmd, &other_model, &actor, now);
            if old.finalised {
                ensure!(
                    r == Err(DomainError::Finalised),
                    "finalised first, got {r:?} at {at}"
                );
            } else {
                ensure!(
                    matches!(&r, Err(DomainError::ModelMismatch { recorded, loaded })
                        if *recorded == old.model_label()
                            && *loaded == format!("{} {}", other_model.id, other_model.version)),
                    "ModelMismatch expected, got {r:?} at {at}"
                );
            }
        }

        // (d)
        if old.finalised {
            ensure!(
                result == Err(DomainError::Finalised),
                "(d) after Finalise got {result:?} at {at}"
            );
            bump(&stats.after_finalise);
            bump(&stats.refused);
            after_finalise += 1;
            if after_finalise == 4 {
                // Enough to see it is read-only; spend the time on other sequences.
                break;
            }
            continue;
        }
        // (e)
        if actor != old.assessor_id && !is_reassign {
            ensure!(
                result == Err(DomainError::NotYourAssessment(old.assessor_name.clone())),
                "(e) {actor} is not the assessor, got {result:?} at {at}"
            );
            bump(&stats.not_yours);
            bump(&stats.refused);
            continue;
        }
        // (h)
        if let Command::Verdict {
            competence,
            criterion,
            verdict: CriterionVerdict::Met,
            ..
        } = &cmd
            && COUNTABLE.contains(&criterion.as_str())
            && let Some(c) = old.competence(competence)
            && let Some(why) = portfolio::contradiction(
                &model.portfolio_check,
                criterion,
                CriterionVerdict::Met,
                &c.evidence,
                today,
            )
        {
            ensure!(
                matches!(&result, Err(DomainError::Invalid(m)) if m.contains(&why)),
                "(h) contradicted Met ({why}) gave {result:?} at {at}"
            );
            bump(&stats.contradicted_met);
        }

        // The rule of each command, restated.
        let claimed = |id: &str| old.competence(id);
        match &cmd {
            Command::Verdict { competence, .. }
            | Command::Note { competence, .. }
            | Command::Rate { competence, .. }
            | Command::Complexity { competence, .. }
            | Command::Reasons { competence, .. }
            | Command::ChooseLevel { competence, .. }
            | Command::Decide { competence, .. }
            | Command::AddInterviewTime { competence, .. }
                if claimed(competence).is_none() =>
            {
                ensure!(
                    matches!(result, Err(DomainError::Invalid(_))),
                    "an unclaimed competence is refused, got {result:?} at {at}"
                );
            }
            Command::Verdict { criterion, .. } if !CRITERIA.contains(&criterion.as_str()) => {
                ensure!(
                    matches!(result, Err(DomainError::Invalid(_))),
                    "unknown criterion refused, got {result:?} at {at}"
                );
            }
            Command::Note {
                competence,
                question,
                text,
            } => {
                let questions = model.competence(competence).expect("known").questions.len();
                if (*question as usize) < questions {
                    let cs = result
                        .as_ref()
                        .map_err(|e| TestCaseError::fail(format!("Note refused {e:?} at {at}")))?;
                    ensure!(
                        cs.state.competence(competence).expect("c").note(*question) == text,
                        "note stored as given at {at}"
                    );
                } else {
                    ensure!(result.is_err(), "question out of range accepted at {at}");
                }
            }
            Command::AddInterviewTime { seconds, .. } => {
                ensure!(
                    result.is_ok() == (*seconds > 0),
                    "interview time {seconds} gave {result:?} at {at}"
                );
            }
            Command::Rate {
                competence,
                indicator,
                ..
            } => {
                let n = model
                    .competence(competence)
                    .expect("known")
                    .indicators
                    .len();
                ensure!(
                    result.is_ok() == (*indicator < n),
                    "Rate {indicator} of {n} gave {result:?} at {at}"
                );
            }
            Command::ChooseLevel {
                competence,
                chosen,
                justification,
            } => {
                let suggested = claimed(competence).expect("c").suggestion(model).outcome();
                match suggested {
                    None => ensure!(
                        matches!(result, Err(DomainError::Invalid(_))),
                        "no suggestion yet, got {result:?} at {at}"
                    ),
                    Some(s) if s != *chosen && justification.trim().is_empty() => ensure!(
                        result == Err(DomainError::JustificationRequired),
                        "override without a reason, got {result:?} at {at}"
                    ),
                    Some(s) => {
                        let cs = result.as_ref().map_err(|e| {
                            TestCaseError::fail(format!("ChooseLevel refused {e:?} at {at}"))
                        })?;
                        let level = cs.state.competence(competence).expect("c").level.clone();
                        let want = scoring::choose_level(s, *chosen, justification).expect("ok");
                        ensure!(level == Some(want), "level stored as chosen at {at}");
                    }
                }
            }
            Command::Decide {
                competence,
                decision: wanted,
            } => {
                let c = claimed(competence).expect("c");
                let blocker =
                    decision::validation_blocker(&c.facts(model, today, old.assessor_is_tutor()));
                if *wanted == Decision::Validated && blocker.is_some() {
                    ensure!(
                        result == Err(DomainError::CannotValidate(blocker.clone().expect("why"))),
                        "Validated with {blocker:?} gave {result:?} at {at}"
                    );
                } else {
                    let cs = result.as_ref().map_err(|e| {
                        TestCaseError::fail(format!("Decide refused {e:?} at {at}"))
                    })?;
                    ensure!(
                        cs.state.competence(competence).expect("c").decision == *wanted,
                        "decision stored as decided at {at}"
                    );
                    if *wanted == Decision::Validated {
                        bump(&stats.decided_validated);
                    } else if *wanted != Decision::Pending {
                        bump(&stats.decided_other);
                    }
                }
            }
            Command::Finalise => {
                let ready = finalisable(model, &old, today);
                ensure!(
                    result.is_ok() == ready,
                    "Finalise: ready {ready}, got {result:?} at {at}"
                );
                match &result {
                    Ok(cs) => {
                        bump(&stats.finalised);
                        let validated = cs
                            .state
                            .competences
                            .iter()
                            .any(|c| c.decision == Decision::Validated);
                        if validated {
                            bump(&stats.finalised_validated);
                        }
                        let moved = cs.changes.iter().any(|c| {
                            matches!(c, Change::Path { to, .. } if to.step == Step::LookingAhead)
                        });
                        ensure!(
                            moved != validated,
                            "valuation moves to Looking ahead at {at}"
                        );
                        ensure!(
                            cs.state.path.step
                                == if validated {
                                    Step::Assessment
                                } else {
                                    Step::LookingAhead
                                },
                            "path after finalising at {at}"
                        );
                        ensure!(
                            cs.changes.contains(&Change::Finalised),
                            "Finalised change at {at}"
                        );
                    }
                    Err(DomainError::NotReady(_)) => bump(&stats.finalise_refused),
                    Err(e) => {
                        return Err(TestCaseError::fail(format!(
                            "Finalise refused with {e:?} at {at}"
                        )));
                    }
                }
            }
            Command::Reassign { to, reason, .. } => {
                let expected_ok = *to != old.assessor_id
                    && old.tutor_id.as_deref() != Some(to.as_str())
                    && !reason.trim().is_empty();
                ensure!(
                    result.is_ok() == expected_ok,
                    "Reassign gave {result:?} at {at}"
                );
                if old.tutor_id.as_deref() == Some(to.as_str()) && *to != old.assessor_id {
                    ensure!(
                        result == Err(DomainError::AssessorIsTutor),
                        "tutor refused at {at}"
                    );
                }
                if let Ok(cs) = &result {
                    bump(&stats.reassigned);
                    ensure!(
                        cs.changes
                            == vec![Change::Assessor {
                                from: old.assessor_id.clone(),
                                to: to.clone()
                            }],
                        "Reassign changes only the assessor at {at}"
                    );
                    ensure!(
                        cs.reason.as_deref() == Some(reason.trim()),
                        "reason kept for the audit"
                    );
                    let mut same = cs.state.clone();
                    same.assessor_id = old.assessor_id.clone();
                    same.assessor_name = old.assessor_name.clone();
                    same.revision = old.revision;
                    ensure!(same == old, "Reassign changed more than the owner at {at}");
                }
            }
            Command::Verdict { .. } | Command::Complexity { .. } | Command::Reasons { .. } => {
                // Valid competence and criterion: accepted unless (h) refused it.
                if !matches!(&result, Err(DomainError::Invalid(m)) if m.contains("cannot be Met")) {
                    ensure!(result.is_ok(), "refused {result:?} at {at}");
                }
            }
        }

        let cs = match result {
            Ok(cs) => cs,
            Err(_) => {
                bump(&stats.refused);
                // The caller keeps the old state.
                check_state(model, &state, settled, &at)?;
                continue;
            }
        };
        bump(&stats.accepted);
        // (f)
        ensure!(
            cs.base_revision == old.revision,
            "(f) base revision at {at}"
        );
        ensure!(
            cs.assessment_id == old.id && cs.candidate_id == old.candidate_id,
            "ids at {at}"
        );
        if cs.is_empty() {
            ensure!(
                cs.state == old,
                "(f) an empty change set changed the state at {at}"
            );
        } else if cs.commutes() {
            ensure!(
                cs.state.revision == old.revision,
                "(f) interview time keeps the revision at {at}"
            );
        } else {
            ensure!(
                cs.state.revision == old.revision + 1,
                "(f) revision + 1 at {at}"
            );
        }
        // (g) the whole difference.
        let again = diff(model, &old, cs.state.clone(), cs.notice.clone());
        ensure!(
            again.changes == cs.changes
                && again.state == cs.state
                && again.base_revision == cs.base_revision,
            "(g) diff(old, cs.state) = {:?}, change set has {:?} at {at}",
            again.changes,
            cs.changes
        );
        let replayed = replay(model, &old, &cs);
        ensure!(
            replayed == cs.state,
            "(g) replaying {:?} gives\n{replayed:?}\nnot\n{:?}\nat {at}",
            cs.changes,
            cs.state
        );
        if cs.notice.is_some() {
            bump(&stats.cascades);
        }
        if step.days > 0
            && old
                .competences
                .iter()
                .zip(&cs.state.competences)
                .any(|(o, n)| {
                    o.decision == Decision::Validated
                        && n.decision == Decision::Pending
                        && o.check(model, settled).status == CheckStatus::Passed
                        && n.check(model, today).status == CheckStatus::Failed
                })
        {
            bump(&stats.aged_back_to_pending);
        }
        state = cs.state;
        if !is_reassign {
            settled = today;
        }
        check_state(model, &state, settled, &at)?;
    }
    Ok(())
}

fn started_state(model: &Model, facts: &CandidateFacts, now: DateTime<Utc>) -> AssessmentState {
    path_rules::start_assessment(facts, model, ASSESSOR, now.date_naive())
        .expect("started above")
        .into_state("a-1".into())
}

/// Number of random sequences on the fixture model; `PROPTEST_CASES` overrides it.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5000)
}

fn run_sequences(model: &Model, cases: u32) -> Stats {
    let stats = Stats::default();
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&case_gen(), |case| run_case(model, &case, &stats));
    if let Err(e) = result {
        panic!("{e}");
    }
    let s = |c: &Cell<usize>| c.get();
    eprintln!(
        "command sequences on {} {}: {} cases ({} starts refused, {} of them for the tutor), \
         {} steps: {} accepted, {} refused ({} not the assessor's, {} after Finalise, {} \
         contradicted Met); {} cascades, {} aged back to Pending; decided {} Validated, {} \
         other; {} finalised ({} with a Validated competence), {} Finalise refused; {} \
         reassigned",
        model.id,
        model.version,
        s(&stats.cases),
        s(&stats.starts_refused),
        s(&stats.tutor_refused),
        s(&stats.steps),
        s(&stats.accepted),
        s(&stats.refused),
        s(&stats.not_yours),
        s(&stats.after_finalise),
        s(&stats.contradicted_met),
        s(&stats.cascades),
        s(&stats.aged_back_to_pending),
        s(&stats.decided_validated),
        s(&stats.decided_other),
        s(&stats.finalised),
        s(&stats.finalised_validated),
        s(&stats.finalise_refused),
        s(&stats.reassigned),
    );
    stats
}

#[test]
fn random_command_sequences_keep_every_invariant() {
    let stats = run_sequences(&fixture_model(), cases());
    // The sequences must reach the interesting states, or the invariants were never tried.
    // (Expected counts at 5000 cases are several times these floors.)
    if cases() >= 1000 {
        let per_1000 = |n: usize| n * cases() as usize / 1000;
        for (what, count, at_least) in [
            (
                "starts refused for the tutor",
                &stats.tutor_refused,
                per_1000(10),
            ),
            ("commands by someone else", &stats.not_yours, per_1000(500)),
            (
                "commands after Finalise",
                &stats.after_finalise,
                per_1000(300),
            ),
            ("contradicted Mets", &stats.contradicted_met, per_1000(100)),
            ("cascades", &stats.cascades, per_1000(100)),
            (
                "Validated decisions",
                &stats.decided_validated,
                per_1000(50),
            ),
            ("finalised assessments", &stats.finalised, per_1000(100)),
            (
                "finalised with Validated",
                &stats.finalised_validated,
                per_1000(20),
            ),
            ("reassignments", &stats.reassigned, per_1000(50)),
            (
                "Validated aged back to Pending",
                &stats.aged_back_to_pending,
                1,
            ),
        ] {
            assert!(
                count.get() >= at_least,
                "only {} {what} (want {at_least})",
                count.get()
            );
        }
    }
}

/// The same properties on the shipped model (more indicators and questions per competence).
#[test]
fn random_command_sequences_on_the_shipped_model() {
    let stats = run_sequences(&load_embedded(), (cases() / 10).max(1));
    assert!(
        stats.finalised.get() > 0 || cases() < 1000,
        "no sequence finalised"
    );
}

// ---------------------------------------------------------------------------------------
// Scenarios: one per defect of the issue, each failing on the old behaviour.

mod scenarios {
    use super::*;

    pub(super) fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0)
            .single()
            .expect("time")
    }

    fn today() -> NaiveDate {
        now().date_naive()
    }

    fn item(kind: &str, y: i32, m: u32, d: u32) -> EvidenceFacts {
        EvidenceFacts {
            kind: kind.into(),
            dated: NaiveDate::from_ymd_opt(y, m, d),
        }
    }

    /// Two recent items of two kinds: enough for every countable criterion.
    fn enough() -> Vec<EvidenceFacts> {
        vec![item("statement", 2025, 3, 1), item("product", 2026, 6, 1)]
    }

    /// A candidate at Documentation, tutored by Tess, with `evidence` per competence.
    fn candidate(evidence: &[(&str, Vec<EvidenceFacts>)]) -> CandidateFacts {
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

    fn start(model: &Model, c: &CandidateFacts) -> AssessmentState {
        path_rules::start_assessment(c, model, ASSESSOR, today())
            .expect("start")
            .into_state("a-1".into())
    }

    /// Applies `cmd` as `actor`; on success the state moves on (as the store would commit).
    fn run_as(
        model: &Model,
        state: &mut AssessmentState,
        actor: &str,
        cmd: Command,
    ) -> Result<ChangeSet, DomainError> {
        let cs = command::apply(state, &cmd, model, actor, now())?;
        *state = cs.state.clone();
        Ok(cs)
    }

    fn run(model: &Model, state: &mut AssessmentState, cmd: Command) -> ChangeSet {
        let owner = state.assessor_id.clone();
        let what = format!("{cmd:?}");
        run_as(model, state, &owner, cmd).unwrap_or_else(|e| panic!("{what} refused: {e}"))
    }

    fn verdict(c: &str, criterion: &str, v: CriterionVerdict) -> Command {
        Command::Verdict {
            competence: c.into(),
            criterion: criterion.into(),
            verdict: v,
            note: String::new(),
        }
    }

    fn rate_all(model: &Model, state: &mut AssessmentState, c: &str, r: &[IndicatorRating]) {
        for (indicator, rating) in r.iter().enumerate() {
            run(
                model,
                state,
                Command::Rate {
                    competence: c.into(),
                    indicator,
                    rating: *rating,
                },
            );
        }
    }

    fn confirm(model: &Model, state: &mut AssessmentState, c: &str) -> Outcome {
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

    fn note(c: &str, text: &str) -> Command {
        Command::Note {
            competence: c.into(),
            question: 0,
            text: text.into(),
        }
    }

    fn decide(c: &str, d: Decision) -> Command {
        Command::Decide {
            competence: c.into(),
            decision: d,
        }
    }

    /// Everything Validated needs, rated all Expert.
    fn validate(model: &Model, state: &mut AssessmentState, c: &str) {
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

    fn facts_of(model: &Model, state: &AssessmentState, c: &str) -> decision::DecisionFacts {
        state
            .competence(c)
            .expect("claimed")
            .facts(model, today(), state.assessor_is_tutor())
    }

    fn assert_sound(model: &Model, state: &AssessmentState) {
        assert_eq!(
            invariants::violations(state, model, today()),
            Vec::<String>::new()
        );
    }

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
                verdict: CriterionVerdict::NotMet,
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
        match run_as(
            &model,
            &mut s,
            "anna",
            verdict("c01", "sufficiency", CriterionVerdict::Met),
        ) {
            Err(DomainError::Invalid(why)) => {
                assert!(why.starts_with("Sufficiency cannot be Met"), "{why}");
                assert!(why.contains("1 item (at least 2 expected)"), "{why}");
            }
            other => panic!("Met on sufficiency with one item: {other:?}"),
        }
        // Enough evidence and an Expert level, but no interview notes: refused.
        let mut s = start(&model, &candidate(&[("c01", enough())]));
        for criterion in ["relevance", "authenticity"] {
            run(
                &model,
                &mut s,
                verdict("c01", criterion, CriterionVerdict::Met),
            );
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
        let mut c =
            leverup::domain::assessment::CompetenceState::new(&model, &model.competences[0]);
        for j in &mut c.portfolio {
            j.verdict = Some(CriterionVerdict::Met);
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
        use CriterionVerdict::{Met, NotMet, PartlyMet};
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
        run(
            &model,
            &mut s,
            verdict("c01", "relevance", CriterionVerdict::Met),
        );
        run(
            &model,
            &mut s,
            verdict("c01", "authenticity", CriterionVerdict::PartlyMet),
        );
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
        let cs = run(
            &model,
            &mut s,
            Command::Rate {
                competence: "c01".into(),
                indicator: 0,
                rating: IndicatorRating::NotShown,
            },
        );
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
        let rate = |rating| Command::Rate {
            competence: "c01".into(),
            indicator: 1,
            rating,
        };
        let before = s.clone();
        assert_eq!(
            run_as(&model, &mut s, "ben", rate(IndicatorRating::Basic)),
            Err(DomainError::NotYourAssessment("Anna".into()))
        );
        assert_eq!(s, before, "a refusal changes nothing");
        let reassign = |to: &str, name: &str, reason: &str| Command::Reassign {
            to: to.into(),
            to_name: name.into(),
            reason: reason.into(),
        };
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
        run_as(&model, &mut s, "ben", rate(IndicatorRating::Basic)).expect("Ben's now");
        assert_eq!(
            run_as(&model, &mut s, "anna", rate(IndicatorRating::Expert)),
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
            verdict("c01", "relevance", CriterionVerdict::Met),
            note("c01", "notes"),
            Command::AddInterviewTime {
                competence: "c01".into(),
                seconds: 60,
            },
            Command::Rate {
                competence: "c01".into(),
                indicator: 0,
                rating: IndicatorRating::Basic,
            },
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
            Command::Reassign {
                to: "ben".into(),
                to_name: "Ben".into(),
                reason: "Anna is on leave".into(),
            },
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
        let cs = command::apply(
            &s,
            &Command::AddInterviewTime {
                competence: "c01".into(),
                seconds: 90,
            },
            &model,
            "anna",
            later,
        )
        .expect("accepted");
        assert!(!cs.commutes(), "the cascade needs the revision check");
        assert_eq!(cs.state.revision, s.revision + 1);
        assert_eq!(
            cs.state.competence("c01").expect("c").decision,
            Decision::Pending
        );
        assert!(cs.notice.expect("told").contains("Currency judged Met"));
        // Time alone commutes and keeps the revision.
        let cs = command::apply(
            &s,
            &Command::AddInterviewTime {
                competence: "c01".into(),
                seconds: 90,
            },
            &model,
            "anna",
            now(),
        )
        .expect("accepted");
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
}
