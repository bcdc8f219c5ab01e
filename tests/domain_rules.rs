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
        "Accomplished, because 4 of 5 applicable indicators are Accomplished or better and none \
         is below Basic; Expert needs 4 of 5 at Expert, and 0 are."
    );
}

/// Each kind of suggestion explains itself in one sentence: the outcome first, then why,
/// then why the next level up was missed and what Not applicable ratings did.
#[test]
fn explanations_say_why() {
    let say = |r: &[IndicatorRating]| {
        let slots: Vec<_> = r.iter().copied().map(Some).collect();
        suggest(&slots, &RULES).explanation()
    };
    assert_eq!(
        say(&[E, E, E, E, B]),
        "Expert, because 4 of 5 applicable indicators are Expert and none is below Basic."
    );
    assert_eq!(
        say(&[E, E, E, B, B]),
        "Basic, because all 5 applicable indicators are at least Basic; Accomplished needs 4 of \
         5 at Accomplished or better, and 3 are."
    );
    assert_eq!(
        say(&[A, A, B]),
        "Accomplished, because 2 of 3 applicable indicators are Accomplished or better and none \
         is below Basic; Expert needs 2 of 3 at Expert, and 0 are."
    );
    assert_eq!(
        say(&[E, A, A]),
        "Accomplished, because 3 of 3 applicable indicators are Accomplished or better and none \
         is below Basic; Expert needs 2 of 3 at Expert, and 1 is."
    );
    assert_eq!(
        say(&[E, E, E, NS, B]),
        "Not validated (to improve), because 1 of 5 applicable indicators was not shown."
    );
    assert_eq!(
        say(&[NS, NS, B]),
        "Not validated (to improve), because 2 of 3 applicable indicators were not shown."
    );
    assert_eq!(
        say(&[NA, NA, NA, B, B]),
        "Not assessable, because only 2 of 5 indicators apply (at least 1/2 must)."
    );
    // Not applicable left out, and the level it would have been had it counted.
    assert_eq!(
        say(&[E, E, E, B, NA]),
        "Expert, because 3 of 4 applicable indicators are Expert and none is below Basic; 1 Not \
         applicable indicator is left out (counted as not reached, the level would be Basic)."
    );
    // Left out without changing the level: no "would be".
    assert_eq!(
        say(&[E, E, E, E, NA]),
        "Expert, because 4 of 4 applicable indicators are Expert and none is below Basic; 1 Not \
         applicable indicator is left out."
    );
    assert_eq!(
        say(&[B, B, NA, NA]),
        "Basic, because all 2 applicable indicators are at least Basic; Accomplished needs 2 of \
         2 at Accomplished or better, and 0 are; 2 Not applicable indicators are left out \
         (counted as not reached, the level would be below Basic)."
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
fn validation_needs_level_passed_check_interview_and_independent_assessor() {
    let ok = DecisionFacts {
        outcome: Some(Outcome::Level(OutcomeLevel::Basic)),
        portfolio: CheckStatus::Passed,
        portfolio_failure: String::new(),
        assessor_is_tutor: false,
        interviewed: true,
    };
    assert_eq!(decision::proposed(&ok), Decision::Validated);
    assert!(decision::check(Decision::Validated, &ok).is_ok());
    assert_eq!(decision::validation_blocker(&ok), None);
    assert_eq!(decision::allowed(&ok), Decision::ALL.to_vec());

    let failed = DecisionFacts {
        portfolio: CheckStatus::Failed,
        portfolio_failure: "Currency (all items from 2015)".into(),
        ..ok.clone()
    };
    assert_eq!(decision::proposed(&failed), Decision::NotValidated);
    assert_eq!(
        decision::check(Decision::Validated, &failed),
        Err(DomainError::CannotValidate(
            "the portfolio check failed (Currency (all items from 2015)); decide Not validated"
                .into()
        ))
    );
    // A failed check can still be decided: Not validated is open, Validated is not.
    assert_eq!(
        decision::check(Decision::NotValidated, &failed),
        Ok(Decision::NotValidated)
    );
    let allowed = decision::allowed(&failed);
    assert!(allowed.contains(&Decision::NotValidated));
    assert!(!allowed.contains(&Decision::Validated));

    // Level confirmed, check incomplete: nothing to propose yet.
    let pending = DecisionFacts {
        portfolio: CheckStatus::Pending,
        ..ok.clone()
    };
    assert_eq!(decision::proposed(&pending), Decision::Pending);
    assert!(
        decision::validation_blocker(&pending)
            .expect("blocked")
            .contains("not complete")
    );

    // No interview record: Pending, and Validated is refused with what to do.
    let silent = DecisionFacts {
        interviewed: false,
        ..ok.clone()
    };
    assert_eq!(decision::proposed(&silent), Decision::Pending);
    match decision::check(Decision::Validated, &silent) {
        Err(DomainError::CannotValidate(why)) => {
            assert!(why.contains("write the interview notes"), "{why}")
        }
        other => panic!("expected CannotValidate, got {other:?}"),
    }

    let no_level = DecisionFacts {
        outcome: None,
        ..ok.clone()
    };
    assert_eq!(decision::proposed(&no_level), Decision::Pending);
    assert!(decision::check(Decision::Validated, &no_level).is_err());
    assert!(decision::check(Decision::NotAssessable, &no_level).is_ok());

    let tutor = DecisionFacts {
        assessor_is_tutor: true,
        ..ok.clone()
    };
    assert_eq!(
        decision::check(Decision::NotValidated, &tutor),
        Err(DomainError::AssessorIsTutor)
    );
    assert_eq!(decision::allowed(&tutor), vec![Decision::Pending]);
    let nv = DecisionFacts {
        outcome: Some(Outcome::NotValidated),
        ..ok.clone()
    };
    assert_eq!(decision::proposed(&nv), Decision::NotValidated);
    assert!(decision::check(Decision::Validated, &nv).is_err());
    let na = DecisionFacts {
        outcome: Some(Outcome::NotAssessable),
        ..ok.clone()
    };
    assert_eq!(decision::proposed(&na), Decision::NotAssessable);
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
    fn explanation_is_one_sentence_naming_the_outcome(r in prop::collection::vec(rating(), 1..12)) {
        let slots: Vec<_> = r.iter().copied().map(Some).collect();
        let s = suggest(&slots, &RULES);
        let text = s.explanation();
        let outcome = s.outcome().expect("all rated");
        prop_assert!(text.starts_with(&format!("{}, because ", outcome.label())), "{}", text);
        prop_assert!(text.ends_with('.'));
        prop_assert_eq!(text.matches('.').count(), 1, "one sentence: {}", text);
        let na = r.iter().filter(|x| **x == NA).count();
        if outcome.level().is_some() && na > 0 {
            prop_assert!(text.contains("left out"), "{}", text);
        }
        if let Some(l) = outcome.level().filter(|l| *l != OutcomeLevel::Expert) {
            let up = if l == OutcomeLevel::Basic { "Accomplished" } else { "Expert" };
            prop_assert!(text.contains(&format!("; {up} needs ")), "{}", text);
        }
    }

    #[test]
    fn proposed_decision_follows_the_facts(
        outcome in prop::option::of(prop::sample::select(Outcome::ALL.to_vec())),
        portfolio in prop::sample::select(vec![CheckStatus::Pending, CheckStatus::Passed, CheckStatus::Failed]),
        tutor in any::<bool>(),
        interviewed in any::<bool>(),
    ) {
        let facts = DecisionFacts { outcome, portfolio, portfolio_failure: String::new(), assessor_is_tutor: tutor, interviewed };
        let proposed = decision::proposed(&facts);
        let blocker = decision::validation_blocker(&facts);
        prop_assert_eq!(decision::check(Decision::Validated, &facts).is_ok(), blocker.is_none());
        prop_assert_eq!(proposed == Decision::Validated, blocker.is_none());
        if portfolio == CheckStatus::Failed {
            prop_assert_eq!(proposed, Decision::NotValidated);
        }
        if outcome.is_some_and(|o| o.level().is_some()) && portfolio == CheckStatus::Pending {
            prop_assert_eq!(proposed, Decision::Pending);
        }
        // What is proposed is always allowed, unless the assessor is the tutor.
        if !tutor {
            prop_assert!(decision::allowed(&facts).contains(&proposed));
            prop_assert!(decision::allowed(&facts).contains(&Decision::NotValidated));
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
