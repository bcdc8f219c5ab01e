//! Properties of the pure LEVER UP rules: totality, order independence, exact threshold edges.

use leverup::domain::DomainError;
use leverup::domain::decision::{self, DecisionFacts};
use leverup::domain::model::{Fraction, ScoringRules};
use leverup::domain::portfolio::CheckStatus;
use leverup::domain::process::{CandidatePath, PathCommand, PathStatus, Step};
use leverup::domain::scales::{
    Complexity, ComplexityProfile, Decision, IndicatorRating, OutcomeLevel,
};
use leverup::domain::scoring::{Outcome, Suggestion, choose_level, suggest};
use leverup::domain::self_assessment::{Rate, SelfOutcome, lever_final_score};
use proptest::prelude::*;

const RULES: ScoringRules = ScoringRules {
    min_applicable: Fraction { num: 1, den: 2 },
    level_share: Fraction { num: 2, den: 3 },
};

fn rating() -> impl Strategy<Value = IndicatorRating> {
    prop::sample::select(IndicatorRating::ALL.to_vec())
}

fn outcome_of(r: &[IndicatorRating]) -> Outcome {
    let slots: Vec<_> = r.iter().copied().map(Some).collect();
    suggest(&slots, &RULES).outcome().expect("all rated")
}

use IndicatorRating::{
    Accomplished as A, Basic as B, Expert as E, NotApplicable as NA, NotShown as NS,
};

#[test]
fn documented_examples() {
    assert_eq!(
        outcome_of(&[A, A, A, A, B]),
        Outcome::Level(OutcomeLevel::Accomplished)
    );
    assert_eq!(
        outcome_of(&[E, E, A, B, B]),
        Outcome::Level(OutcomeLevel::Basic)
    );
    assert_eq!(
        outcome_of(&[E, E, E, E, B]),
        Outcome::Level(OutcomeLevel::Expert)
    );
    assert_eq!(outcome_of(&[E, E, E, NS, B]), Outcome::NotValidated);
    assert_eq!(outcome_of(&[NA, NA, NA, B, B]), Outcome::NotAssessable);
    let s = suggest(&[Some(A), Some(A), Some(A), Some(A), Some(B)], &RULES);
    assert_eq!(
        s.explanation(),
        "Accomplished, because 4 of 5 applicable indicators are Accomplished or better and none is below Basic."
    );
}

#[test]
fn threshold_edges_are_exact() {
    // 2 of 3 is exactly two thirds: reached.
    assert_eq!(outcome_of(&[E, E, B]), Outcome::Level(OutcomeLevel::Expert));
    // 3 of 5 is below two thirds (0.6): not reached.
    assert_eq!(
        outcome_of(&[E, E, E, B, B]),
        Outcome::Level(OutcomeLevel::Basic)
    );
    // 4 of 6 is exactly two thirds.
    assert_eq!(
        outcome_of(&[A, A, A, A, B, B]),
        Outcome::Level(OutcomeLevel::Accomplished)
    );
    // Applicable share: 3 of 6 is exactly one half (assessable); 2 of 5 is not.
    assert_eq!(
        outcome_of(&[B, B, B, NA, NA, NA]),
        Outcome::Level(OutcomeLevel::Basic)
    );
    assert_eq!(outcome_of(&[B, B, NA, NA, NA]), Outcome::NotAssessable);
}

#[test]
fn unrated_indicators_block_the_suggestion() {
    let s = suggest(&[Some(A), None, Some(B)], &RULES);
    assert_eq!(s, Suggestion::Incomplete { rated: 2, total: 3 });
    assert_eq!(s.explanation(), "1 of 3 indicators still to rate.");
    assert_eq!(
        suggest(&[], &RULES),
        Suggestion::Incomplete { rated: 0, total: 0 }
    );
}

#[test]
fn override_needs_justification() {
    let lvl = Outcome::Level(OutcomeLevel::Basic);
    let up = Outcome::Level(OutcomeLevel::Accomplished);
    assert_eq!(
        choose_level(lvl, up, "  "),
        Err(DomainError::JustificationRequired)
    );
    let c = choose_level(lvl, up, "strong interview evidence").expect("justified");
    assert!(c.overridden());
    assert!(!choose_level(lvl, lvl, "").expect("confirm").overridden());
}

#[test]
fn validation_needs_level_passed_check_and_independent_assessor() {
    let ok = DecisionFacts {
        outcome: Some(Outcome::Level(OutcomeLevel::Basic)),
        portfolio: CheckStatus::Passed,
        assessor_is_tutor: false,
    };
    assert_eq!(decision::proposed(&ok), Decision::Validated);
    assert!(decision::check(Decision::Validated, &ok).is_ok());
    let failed = DecisionFacts {
        portfolio: CheckStatus::Failed,
        ..ok
    };
    assert_eq!(decision::proposed(&failed), Decision::NotValidated);
    assert!(matches!(
        decision::check(Decision::Validated, &failed),
        Err(DomainError::CannotValidate(_))
    ));
    let tutor = DecisionFacts {
        assessor_is_tutor: true,
        ..ok
    };
    assert_eq!(
        decision::check(Decision::NotValidated, &tutor),
        Err(DomainError::AssessorIsTutor)
    );
    let nv = DecisionFacts {
        outcome: Some(Outcome::NotValidated),
        ..ok
    };
    assert!(decision::check(Decision::Validated, &nv).is_err());
    // A stricter decision than the facts allow is always the assessor's to make.
    assert!(decision::check(Decision::NotAssessable, &ok).is_ok());
}

#[test]
fn lever_rule_documented_cases() {
    use Rate::*;
    assert_eq!(lever_final_score(&[Fair, Fair, Good]), SelfOutcome::Fair);
    assert_eq!(lever_final_score(&[Fair, Good]), SelfOutcome::Good);
    assert_eq!(
        lever_final_score(&[Good, Good, Fair, Good]),
        SelfOutcome::Good
    );
    assert_eq!(
        lever_final_score(&[Good, NotApplicable]),
        SelfOutcome::ToImprove
    );
    assert_eq!(lever_final_score(&[Good, Poor]), SelfOutcome::ToImprove);
    assert_eq!(
        lever_final_score(&[NotApplicable, NotApplicable]),
        SelfOutcome::NotApplicable
    );
    assert_eq!(Rate::from_number(5), Some(NotApplicable));
    assert_eq!(Rate::from_number(0), None);
}

#[test]
fn path_runs_through_six_states_and_stops_are_outcomes() {
    let p = CandidatePath::default();
    let adv = |p: &CandidatePath, v| {
        p.apply(&PathCommand::Advance { validated: v })
            .expect("advance")
    };
    let p = adv(&p, false);
    let p = adv(&p, false);
    let p = adv(&p, false);
    assert_eq!(p.step, Step::Assessment);
    let cert = adv(&p, true);
    assert_eq!(cert.step, Step::Certification);
    let valuation = adv(&p, false);
    assert_eq!(
        valuation.step,
        Step::LookingAhead,
        "no validated competence skips certification"
    );
    let done = adv(&adv(&cert, false), false);
    assert_eq!(done.status, PathStatus::Completed);
    let stopped = p
        .apply(&PathCommand::Stop {
            reason: "moved abroad".into(),
        })
        .expect("stop");
    assert_eq!(stopped.step, Step::Assessment);
    assert!(
        stopped
            .apply(&PathCommand::Advance { validated: true })
            .is_err()
    );
    assert_eq!(
        stopped.apply(&PathCommand::Resume).expect("resume").status,
        PathStatus::Active
    );
}

proptest! {
    #[test]
    fn suggestion_is_total_and_order_independent(mut r in prop::collection::vec(rating(), 1..12), seed in any::<u64>()) {
        let a = outcome_of(&r);
        // A deterministic shuffle from the seed.
        let n = r.len();
        let mut s = seed;
        for i in (1..n).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            r.swap(i, (s >> 33) as usize % (i + 1));
        }
        prop_assert_eq!(a, outcome_of(&r));
    }

    #[test]
    fn any_not_shown_among_enough_applicable_is_not_validated(r in prop::collection::vec(rating(), 1..12)) {
        let applicable = r.iter().filter(|x| **x != NA).count();
        let out = outcome_of(&r);
        if applicable * 2 < r.len() || applicable == 0 {
            prop_assert_eq!(out, Outcome::NotAssessable);
        } else if r.contains(&NS) {
            prop_assert_eq!(out, Outcome::NotValidated);
        } else {
            prop_assert!(out.level().is_some());
        }
    }

    #[test]
    fn raising_a_rating_never_lowers_the_level(r in prop::collection::vec(prop::sample::select(vec![B, A, E]), 1..12), i in any::<prop::sample::Index>()) {
        let before = outcome_of(&r).level();
        let mut up = r.clone();
        let k = i.index(up.len());
        up[k] = match up[k] { B => A, _ => E };
        prop_assert!(outcome_of(&up).level() >= before);
    }

    #[test]
    fn suggested_level_is_reached_by_two_thirds(r in prop::collection::vec(prop::sample::select(vec![B, A, E, NA]), 1..12)) {
        if let Outcome::Level(l) = outcome_of(&r) {
            let app: Vec<_> = r.iter().filter(|x| **x != NA).collect();
            let at_least = app.iter().filter(|x| x.level().is_some_and(|v| v >= l)).count();
            prop_assert!(at_least * 3 >= app.len() * 2);
        }
    }

    #[test]
    fn overall_complexity_is_the_median(a in 0usize..4, b in 0usize..4, c in 0usize..4) {
        let v = Complexity::ALL;
        let p = ComplexityProfile { context: v[a], task: v[b], autonomy: v[c] };
        let mut ranks = [a, b, c];
        ranks.sort();
        prop_assert_eq!(p.overall(), v[ranks[1]]);
    }

    #[test]
    fn lever_rule_is_order_independent_and_matches_the_mean(r in prop::collection::vec(prop::sample::select(vec![Rate::Fair, Rate::Good]), 1..10)) {
        let mut rev = r.clone();
        rev.reverse();
        prop_assert_eq!(lever_final_score(&r), lever_final_score(&rev));
        let mean = r.iter().map(|x| x.number().map_or(0.0, f64::from)).sum::<f64>() / r.len() as f64;
        let expected = if mean >= 3.5 { SelfOutcome::Good } else { SelfOutcome::Fair };
        prop_assert_eq!(lever_final_score(&r), expected);
    }

    #[test]
    fn stopping_never_changes_the_step(steps in 0usize..6, reason in "[a-z ]{0,20}") {
        let mut p = CandidatePath::default();
        for _ in 0..steps { p = p.apply(&PathCommand::Advance { validated: true }).expect("advance"); }
        if p.status == PathStatus::Active {
            let s = p.apply(&PathCommand::Stop { reason }).expect("stop");
            prop_assert_eq!(s.step, p.step);
            let stopped = matches!(s.status, PathStatus::Stopped { .. });
            prop_assert!(stopped);
        }
    }
}
