//! The assessment commands (`command::apply`): random command sequences checked for the
//! invariants of DOMAIN.md D2–D7. The checks of each command's outcome are in
//! `domain_commands/outcomes.rs`, the generators and helpers in `domain_support`, and one
//! scenario per defect of the domain-commands issue in `domain_scenarios.rs`.
//!
//! The property test starts assessments from random candidates (claimed competences,
//! evidence counts, kinds and dates — undated, old, and around the five-year edge — the
//! candidate's step, and a tutor who is sometimes the assessor), then applies random
//! sequences of every command (Verdict with every verdict, Note blank and not,
//! AddInterviewTime, Rate with every rating, ChooseLevel confirming or overriding with and
//! without a justification, Complexity including None, Decide with every decision, Reasons,
//! Finalise, Reassign to the tutor, to the owner, to another person) given by the assessor
//! or by someone else, while the clock moves on now and then. A refused command leaves the
//! state as it was (the caller keeps it). After every step:
//!
//! - (a) a finalised state has `invariants::violations` empty;
//! - (b) no competence is Validated while `decision::validation_blocker(facts)` is Some;
//! - (c) a level, when present, was confirmed against the current suggestion;
//! - (d) after Finalise nothing else is accepted: every further command is
//!   `Err(Finalised)`, whoever gives it and whatever model is loaded;
//! - (e) every command but Reassign given by someone other than the assessment's assessor is
//!   refused with `NotYourAssessment` and changes nothing (Reassign is how another assessor
//!   takes over, so it is open to them);
//! - (f) `cs.base_revision` is the old revision and `cs.state.revision == base_revision + 1`,
//!   unless the change set is empty (then the state is the old one) or holds only
//!   interview time (then the revision stays);
//! - (g) the change set is the whole difference and nothing else: `changes::diff(model,
//!   old, cs.state)` gives the same changes and state, replaying `cs.changes` on the old
//!   state the way the store writes them gives `cs.state`, and `apply` is deterministic;
//! - (h) a verdict is never accepted when `portfolio::contradiction` says the evidence
//!   contradicts it, and the refusal says why;
//! - (i) every state is settled: `command::settle` at its date changes nothing;
//! - (j) every command but AddInterviewTime, Finalise and Reassign is idempotent: given
//!   again to its own result at the same moment, it is accepted and changes nothing;
//! - (k) when no day has passed since the state was last settled, a command on one
//!   competence changes only that competence (its cascades included), and Finalise only
//!   the finalised flag and the path;
//! - (l) the state keeps the model's shape: each competence has the model's criteria in
//!   order (as `CompetenceState::new` lays them out), one rating slot per indicator, and
//!   notes only for the model's questions.
//!
//! (a)–(c) and (i) are judged at the date of the last command that settled the state: every
//! command settles (`command::settle`) except Reassign, which changes only the owner.
//! Time-bound facts (evidence ageing past the currency limit) are re-judged by the next
//! settling command, and Finalise re-checks them at its own date.
//!
//! The test holds no second copy of the rules. Where a command's outcome is checked, it is
//! against the domain's own judgement of it: Finalise is refused exactly when
//! `command::ready_to_finalise` refuses, with its error; Decide gives what `decision::check`
//! gives; ChooseLevel what `scoring::choose_level` gives; an accepted Reassign changes only
//! the owner and `write_blocker` then lets the new owner in and keeps the old one out. A
//! started assessment is the fresh state the facts describe, its countable criteria judged
//! as `portfolio::suggest_countable` judges them. Which facts the rules accept or refuse is
//! shown by example in `domain_scenarios.rs`. Every refusal says why, and a state made with
//! another model version refuses every command with `ModelMismatch`. The test counts what
//! the sequences reached and fails if they reach too little (e.g. no finalised assessment
//! with a Validated competence).

mod domain_support;

use std::cell::RefCell;
use std::collections::BTreeMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use domain_support::generate::{Case, Who, case_gen};
use domain_support::replay::replay;
use domain_support::resolve::{resolve_candidate, resolve_command, start_of};
use domain_support::{PEOPLE, named, other_version, target};
use leverup::datafile::load_embedded;
use leverup::domain::DomainError;
use leverup::domain::assessment::{AssessmentState, CompetenceState};
use leverup::domain::changes::{Change, ChangeSet, diff};
use leverup::domain::command::{self, Command};
use leverup::domain::model::Model;
use leverup::domain::portfolio::CheckStatus;
use leverup::domain::scales::Decision;
use leverup::domain::{decision, invariants};
use leverup::ui::testing::fixture_model;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

/// What the sequences reached; the test fails if they reach too little.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Reached {
    Cases,
    Started,
    StartsRefused,
    TutorRefused,
    Steps,
    Accepted,
    Refused,
    NotYours,
    AfterFinalise,
    Contradicted,
    Cascades,
    AgedBackToPending,
    Local,
    DecidedValidated,
    DecidedOther,
    Finalised,
    FinalisedValidated,
    FinaliseRefused,
    Reassigned,
}

/// How often each thing was reached.
#[derive(Default)]
struct Stats(RefCell<BTreeMap<Reached, usize>>);

impl Stats {
    fn bump(&self, what: Reached) {
        *self.0.borrow_mut().entry(what).or_default() += 1;
    }

    fn get(&self, what: Reached) -> usize {
        self.0.borrow().get(&what).copied().unwrap_or(0)
    }
}

macro_rules! ensure {
    ($cond:expr, $($fmt:tt)+) => {
        if !$cond {
            return Err(TestCaseError::fail(format!($($fmt)+)));
        }
    };
}

/// The outcome of starting and of each command, against the domain's own judgement of it.
#[path = "domain_commands/outcomes.rs"]
mod outcomes;

/// (a), (b), (c), (i) and (l) on a state settled at `settled`.
fn check_state(
    model: &Model,
    s: &AssessmentState,
    settled: NaiveDate,
    at: &str,
) -> Result<(), TestCaseError> {
    if s.finalised {
        let v = invariants::violations(s, model, settled);
        ensure!(v.is_empty(), "(a) finalised state breaks {v:?} after {at}");
    }
    let tutor = s.assessor_is_tutor();
    let criteria = |c: &CompetenceState| -> Vec<String> {
        c.portfolio.iter().map(|j| j.criterion_id.clone()).collect()
    };
    for c in &s.competences {
        let id = &c.competence_id;
        let Some(m) = model.competence(id) else {
            return Err(TestCaseError::fail(format!(
                "(l) {id} is not in the model after {at}"
            )));
        };
        let blank = CompetenceState::new(model, m);
        ensure!(
            criteria(c) == criteria(&blank)
                && c.ratings.len() == blank.ratings.len()
                && c.notes.keys().all(|q| (*q as usize) < m.questions.len()),
            "(l) {id} no longer has the model's shape after {at}: {c:?}"
        );
        if c.decision == Decision::Validated {
            let blocker = decision::validation_blocker(&c.facts(model, settled, tutor));
            ensure!(
                blocker.is_none(),
                "(b) {id} Validated although {blocker:?} after {at}"
            );
        }
        if let Some(level) = &c.level {
            let now = c.suggestion(model).outcome();
            ensure!(
                Some(level.suggested) == now,
                "(c) {id} level confirmed against {:?}, suggestion now {now:?} after {at}",
                level.suggested
            );
            let justified = level.justification.as_deref();
            ensure!(
                !level.overridden() || justified.is_some_and(|j| !j.trim().is_empty()),
                "(c) {id} override without justification after {at}"
            );
        }
    }
    let mut again = s.clone();
    let notice = command::settle(&mut again, model, settled);
    ensure!(
        notice.is_none() && again == *s,
        "(i) the state was not settled ({notice:?}) after {at}"
    );
    Ok(())
}

/// Another model version refuses every command with `ModelMismatch` (or says the assessment
/// is finalised, which comes first).
fn check_other_model(
    old: &AssessmentState,
    cmd: &Command,
    actor: &str,
    now: DateTime<Utc>,
    other: &Model,
    at: &str,
) -> Result<(), TestCaseError> {
    let r = command::apply(old, cmd, other, actor, now);
    if old.finalised {
        ensure!(
            r == Err(DomainError::Finalised),
            "finalised first, got {r:?} at {at}"
        );
    } else {
        let loaded = format!("{} {}", other.id, other.version);
        ensure!(
            matches!(&r, Err(DomainError::ModelMismatch { recorded, loaded: l })
                if *recorded == old.model_label() && *l == loaded),
            "ModelMismatch expected, got {r:?} at {at}"
        );
    }
    Ok(())
}

/// (f) and (g) on an accepted change set.
fn check_change_set(
    model: &Model,
    old: &AssessmentState,
    cs: &ChangeSet,
    at: &str,
) -> Result<(), TestCaseError> {
    ensure!(
        cs.base_revision() == old.revision,
        "(f) base revision at {at}"
    );
    ensure!(
        cs.assessment_id() == old.id && cs.candidate_id() == old.candidate_id,
        "ids at {at}"
    );
    if cs.is_empty() {
        ensure!(
            *cs.state() == *old,
            "(f) an empty change set changed the state at {at}"
        );
    } else if cs.commutes() {
        ensure!(
            cs.state().revision == old.revision,
            "(f) interview time keeps the revision at {at}"
        );
    } else {
        ensure!(
            cs.state().revision == old.revision + 1,
            "(f) revision + 1 at {at}"
        );
    }
    let again = diff(model, old, cs.state());
    ensure!(
        again == cs.changes() && cs.base_revision() == old.revision,
        "(g) diff(old, cs.state) = {again:?}, change set has {:?} at {at}",
        cs.changes()
    );
    let replayed = replay(model, old, cs);
    ensure!(
        replayed == *cs.state(),
        "(g) replaying {:?} gives\n{replayed:?}\nnot\n{:?}\nat {at}",
        cs.changes(),
        cs.state()
    );
    Ok(())
}

fn run_case(model: &Model, case: &Case, stats: &Stats) -> Result<(), TestCaseError> {
    stats.bump(Reached::Cases);
    let other_model = other_version(model);
    let mut now = start_of(case.candidate.start_day);
    let facts = resolve_candidate(model, &case.candidate, now.date_naive());
    let Some(mut state) = outcomes::start(model, &facts, now, stats)? else {
        return Ok(());
    };
    let mut settled = now.date_naive();
    check_state(model, &state, settled, "start")?;
    let mut after_finalise = 0;

    for (i, step) in case.steps.iter().enumerate() {
        stats.bump(Reached::Steps);
        now += Duration::days(i64::from(step.days));
        let today = now.date_naive();
        let actor = match step.who {
            Who::Owner => state.assessor_id.clone(),
            Who::Person(p) => PEOPLE[p as usize % PEOPLE.len()].0.to_string(),
        };
        let cmd = resolve_command(model, &state, &step.act, today);
        let at = format!("step {i}: {actor} {cmd:?} on {today}");
        let old = &state;
        let result = command::apply(old, &cmd, model, &actor, now);
        ensure!(
            result == command::apply(old, &cmd, model, &actor, now),
            "(g) apply is not deterministic at {at}"
        );
        if let Err(e) = &result {
            ensure!(
                !e.to_string().trim().is_empty(),
                "a refusal says why at {at}"
            );
        }
        if i % 3 == 0 {
            check_other_model(old, &cmd, &actor, now, &other_model, &at)?;
        }
        // (d)
        if old.finalised {
            ensure!(
                result == Err(DomainError::Finalised),
                "(d) after Finalise got {result:?} at {at}"
            );
            stats.bump(Reached::AfterFinalise);
            stats.bump(Reached::Refused);
            after_finalise += 1;
            if after_finalise == 4 {
                // Enough to see it is read-only; spend the time on other sequences.
                break;
            }
            continue;
        }
        // (e)
        let is_reassign = matches!(cmd, Command::Reassign { .. });
        if actor != old.assessor_id && !is_reassign {
            let not_yours = Err(DomainError::NotYourAssessment(old.assessor_name.clone()));
            ensure!(
                result == not_yours,
                "(e) {actor} is not the assessor, got {result:?} at {at}"
            );
            stats.bump(Reached::NotYours);
            stats.bump(Reached::Refused);
            continue;
        }
        outcomes::check_command(model, old, &cmd, &result, today, stats, &at)?;
        let Ok(cs) = result else {
            stats.bump(Reached::Refused);
            // The caller keeps the old state.
            check_state(model, old, settled, &at)?;
            continue;
        };
        stats.bump(Reached::Accepted);
        check_change_set(model, old, &cs, &at)?;
        // (j)
        if !matches!(
            cmd,
            Command::AddInterviewTime { .. } | Command::Finalise | Command::Reassign { .. }
        ) {
            let again = command::apply(cs.state(), &cmd, model, &actor, now);
            ensure!(
                matches!(&again, Ok(a) if a.is_empty() && a.state() == cs.state()),
                "(j) given again, the command gave {again:?} at {at}"
            );
        }
        // (k)
        if settled == today && !is_reassign {
            let stray: Vec<&Change> = match target(&cmd) {
                Some(id) => cs
                    .changes()
                    .iter()
                    .filter(|c| named(c) != Some(id))
                    .collect(),
                None => cs
                    .changes()
                    .iter()
                    .filter(|c| !matches!(c, Change::Finalised | Change::Path { .. }))
                    .collect(),
            };
            ensure!(
                stray.is_empty(),
                "(k) the command also changed {stray:?} at {at}"
            );
            stats.bump(Reached::Local);
        }
        if cs.notice().is_some() {
            stats.bump(Reached::Cascades);
        }
        let aged = old
            .competences
            .iter()
            .zip(&cs.state().competences)
            .any(|(o, n)| {
                o.decision == Decision::Validated
                    && n.decision == Decision::Pending
                    && o.check(model, settled).status == CheckStatus::Passed
                    && n.check(model, today).status == CheckStatus::Failed
            });
        if step.days > 0 && aged {
            stats.bump(Reached::AgedBackToPending);
        }
        state = cs.into_state();
        if !is_reassign {
            settled = today;
        }
        check_state(model, &state, settled, &at)?;
    }
    Ok(())
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
    eprintln!(
        "command sequences on {} {}: {:?}",
        model.id,
        model.version,
        stats.0.borrow()
    );
    stats
}

#[test]
fn random_command_sequences_keep_every_invariant() {
    let stats = run_sequences(&fixture_model(), cases());
    // The sequences must reach the interesting states, or the invariants were never tried.
    // (The counts at 5000 cases are twice these floors or more.)
    if cases() >= 1000 {
        use Reached::*;
        for (what, at_least_per_1000) in [
            (Started, 300),
            (TutorRefused, 10),
            (NotYours, 500),
            (AfterFinalise, 300),
            (Contradicted, 100),
            (Cascades, 100),
            (Local, 5000),
            (DecidedValidated, 50),
            (DecidedOther, 50),
            (Finalised, 100),
            (FinalisedValidated, 20),
            (FinaliseRefused, 50),
            (Reassigned, 50),
        ] {
            let at_least = at_least_per_1000 * cases() as usize / 1000;
            let count = stats.get(what);
            assert!(count >= at_least, "only {count} {what:?} (want {at_least})");
        }
        let aged = stats.get(AgedBackToPending);
        assert!(aged >= 1, "no Validated decision aged back to Pending");
    }
}

/// The same properties on the shipped model (more indicators and questions per competence).
#[test]
fn random_command_sequences_on_the_shipped_model() {
    let stats = run_sequences(&load_embedded(), (cases() / 10).max(1));
    let finalised = stats.get(Reached::Finalised);
    assert!(finalised > 0 || cases() < 1000, "no sequence finalised");
}
