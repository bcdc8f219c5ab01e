//! The Portfolio Quality Check rules: Not met fails, Partly met becomes a topic.

use chrono::NaiveDate;
use leverup::domain::assessment::CompetenceState;
use leverup::domain::model::{CheckCriterion, PortfolioCheckRules};
use leverup::domain::portfolio::{
    CheckStatus, CriterionJudgement, EvidenceFacts, contradiction, evaluate,
    evaluate_with_evidence, suggest_countable, years_before,
};
use leverup::domain::scales::CriterionVerdict::{self, Met, NotMet, PartlyMet};
use leverup::domain::scales::{Decision, IndicatorRating, OutcomeLevel};
use leverup::domain::scoring::{LevelChoice, Outcome};
use leverup::ui::testing::fixture_model;
use proptest::prelude::*;

fn rules() -> PortfolioCheckRules {
    let c = |id: &str| CheckCriterion {
        id: id.into(),
        name: id.to_uppercase(),
        question: String::new(),
    };
    PortfolioCheckRules {
        currency_years: 5,
        min_items: 2,
        min_types: 2,
        criteria: [
            "relevance",
            "authenticity",
            "currency",
            "sufficiency",
            "variety",
        ]
        .map(c)
        .to_vec(),
    }
}

fn judged(v: [Option<CriterionVerdict>; 5]) -> Vec<CriterionJudgement> {
    [
        "relevance",
        "authenticity",
        "currency",
        "sufficiency",
        "variety",
    ]
    .iter()
    .zip(v)
    .map(|(id, verdict)| CriterionJudgement {
        criterion_id: id.to_string(),
        verdict,
        note: String::new(),
    })
    .collect()
}

#[test]
fn verdicts_combine_as_documented() {
    let r = evaluate(&rules(), &judged([Some(Met); 5]));
    assert_eq!(r.status, CheckStatus::Passed);
    let r = evaluate(
        &rules(),
        &judged([
            Some(Met),
            Some(PartlyMet),
            Some(Met),
            Some(PartlyMet),
            Some(Met),
        ]),
    );
    assert_eq!(r.status, CheckStatus::Passed);
    assert_eq!(r.interview_topics, vec!["AUTHENTICITY", "SUFFICIENCY"]);
    let mut j = judged([Some(Met), Some(Met), Some(NotMet), None, Some(Met)]);
    j[2].note = "all items from 2015".into();
    let r = evaluate(&rules(), &j);
    assert_eq!(r.status, CheckStatus::Failed, "Not met wins over pending");
    assert_eq!(r.explanation(), "Not met: CURRENCY (all items from 2015).");
    let r = evaluate(
        &rules(),
        &judged([Some(Met), None, Some(Met), Some(Met), Some(Met)]),
    );
    assert_eq!(r.status, CheckStatus::Pending);
}

#[test]
fn countable_criteria_are_suggested_from_evidence() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
    let e = |kind: &str, y, m, d| EvidenceFacts {
        kind: kind.into(),
        dated: NaiveDate::from_ymd_opt(y, m, d),
    };
    let s = suggest_countable(
        &rules(),
        &[e("statement", 2021, 11, 24), e("product", 2024, 1, 1)],
        today,
    );
    assert_eq!(
        s.iter().map(|x| (x.0, x.1)).collect::<Vec<_>>(),
        vec![("currency", Met), ("sufficiency", Met), ("variety", Met)]
    );
    // One day past five years is no longer current.
    let s = suggest_countable(
        &rules(),
        &[e("statement", 2021, 11, 23), e("statement", 2024, 1, 1)],
        today,
    );
    assert_eq!(s[0].1, PartlyMet);
    assert_eq!(s[2].1, PartlyMet, "one kind only");
    let s = suggest_countable(&rules(), &[], today);
    assert!(s.iter().all(|x| x.1 == NotMet));
    assert_eq!(
        years_before(NaiveDate::from_ymd_opt(2024, 2, 29).expect("leap"), 5),
        NaiveDate::from_ymd_opt(2019, 2, 28).expect("d")
    );
}

const COUNTABLE: [&str; 3] = ["currency", "sufficiency", "variety"];

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn item(kind: &str, dated: Option<NaiveDate>) -> EvidenceFacts {
    EvidenceFacts {
        kind: kind.into(),
        dated,
    }
}

#[test]
fn a_met_the_evidence_contradicts_says_why_with_the_count() {
    let today = day(2026, 11, 24);
    let one = [item("statement", Some(day(2025, 1, 1)))];
    let why = contradiction(&rules(), "sufficiency", Met, &one, today).expect("contradicted");
    assert_eq!(
        why,
        "the evidence shows 1 item (at least 2 expected) (Partly met)"
    );
    let why = contradiction(&rules(), "variety", Met, &one, today).expect("one kind");
    assert!(
        why.contains("1 kind of evidence (at least 2 expected)"),
        "{why}"
    );
    assert_eq!(contradiction(&rules(), "currency", Met, &one, today), None);
    // Only Met is checked, and only on the countable criteria.
    assert_eq!(
        contradiction(&rules(), "sufficiency", PartlyMet, &one, today),
        None
    );
    assert_eq!(contradiction(&rules(), "relevance", Met, &[], today), None);
    let old = [
        item("statement", Some(day(2015, 1, 1))),
        item("photo", None),
    ];
    let why = contradiction(&rules(), "currency", Met, &old, today).expect("old");
    assert!(why.contains("0 of 2 items dated within 5 years"), "{why}");
}

#[test]
fn all_five_met_with_no_evidence_fails_against_the_evidence() {
    let today = day(2026, 11, 24);
    let all_met = judged([Some(Met); 5]);
    // The verdicts alone would pass; the evidence says the countable ones cannot be Met.
    assert_eq!(evaluate(&rules(), &all_met).status, CheckStatus::Passed);
    let r = evaluate_with_evidence(&rules(), &all_met, &[], today);
    assert_eq!(r.status, CheckStatus::Failed);
    assert_eq!(r.failed.len(), 3, "{:?}", r.failed);
    assert!(r.failed[1].starts_with("SUFFICIENCY judged Met, but the evidence shows 0 items"));
    // Enough current evidence of two kinds: the same verdicts pass.
    let enough = [
        item("statement", Some(day(2025, 1, 1))),
        item("product", Some(day(2026, 1, 1))),
    ];
    let r = evaluate_with_evidence(&rules(), &all_met, &enough, today);
    assert_eq!(r.status, CheckStatus::Passed);
}

#[test]
fn competence_state_checks_against_its_own_evidence() {
    let model = fixture_model();
    let today = day(2026, 11, 24);
    let mut c = CompetenceState::new(&model, &model.competences[0]);
    assert_eq!(c.portfolio.len(), 5);
    assert_eq!(c.ratings.len(), 4);
    assert_eq!(c.decision, Decision::Pending);
    assert_eq!(c.check(&model, today).status, CheckStatus::Pending);
    assert_eq!(
        c.missing(&model, today, false),
        vec![
            "portfolio check incomplete",
            "4 indicators unrated",
            "level not confirmed",
            "no decision"
        ]
    );
    for j in &mut c.portfolio {
        j.verdict = Some(Met);
    }
    let check = c.check(&model, today);
    assert_eq!(
        check.status,
        CheckStatus::Failed,
        "no evidence behind three Mets"
    );
    // A failed check needs only a decision: no ratings, no level.
    assert_eq!(c.missing(&model, today, false), vec!["no decision"]);
    let facts = c.facts(&model, today, false);
    assert_eq!(facts.portfolio, CheckStatus::Failed);
    assert!(facts.portfolio_failure.contains("Sufficiency judged Met"));
    assert!(!facts.interviewed);

    c.evidence = vec![
        item("statement", Some(day(2025, 1, 1))),
        item("product", Some(day(2026, 1, 1))),
    ];
    assert_eq!(c.check(&model, today).status, CheckStatus::Passed);
    // The items age: five years and a day later currency no longer holds.
    let later = day(2031, 1, 2);
    assert_eq!(c.check(&model, later).status, CheckStatus::Failed);

    // A Validated decision without its grounds is listed as missing work.
    c.ratings = vec![Some(IndicatorRating::Basic); 4];
    c.level = Some(LevelChoice {
        suggested: Outcome::Level(OutcomeLevel::Basic),
        chosen: Outcome::Level(OutcomeLevel::Basic),
        justification: None,
    });
    c.decision = Decision::Validated;
    let missing = c.missing(&model, today, false);
    assert_eq!(missing.len(), 3, "{missing:?}");
    assert!(missing[0].starts_with("Validated, but there is no interview record"));
    assert_eq!(missing[1], "complexity incomplete");
    assert_eq!(missing[2], "reasons for validation missing");
    c.notes.insert(0, "   ".into());
    assert!(!c.interviewed(), "a blank note is no interview record");
    c.notes.insert(1, "Led the food drive in 2025.".into());
    assert!(c.interviewed());
    assert!(c.missing(&model, today, true)[0].contains("tutor"));
}

fn item_strategy() -> impl Strategy<Value = EvidenceFacts> {
    (
        prop::sample::select(vec!["statement", "product", "photo"]),
        prop::option::weighted(0.9, 0u32..3000),
    )
        .prop_map(|(kind, ago)| {
            let today = day(2026, 11, 24);
            item(
                kind,
                ago.map(|d| today - chrono::Duration::days(i64::from(d))),
            )
        })
}

fn verdict() -> impl Strategy<Value = Option<CriterionVerdict>> {
    prop::option::of(prop::sample::select(vec![Met, PartlyMet, NotMet]))
}

proptest! {
    #[test]
    fn check_is_order_independent_and_any_not_met_fails(v in prop::array::uniform5(verdict())) {
        let j = judged(v);
        let mut rev = j.clone();
        rev.reverse();
        let a = evaluate(&rules(), &j);
        prop_assert_eq!(a.status, evaluate(&rules(), &rev).status);
        prop_assert_eq!(a.status == CheckStatus::Failed, v.contains(&Some(NotMet)));
        prop_assert_eq!(a.interview_topics.len(), v.iter().filter(|x| **x == Some(PartlyMet)).count());
    }

    #[test]
    fn countable_suggestions_never_contradict_themselves(
        evidence in prop::collection::vec(item_strategy(), 0..6),
    ) {
        let today = day(2026, 11, 24);
        let suggested = suggest_countable(&rules(), &evidence, today);
        prop_assert_eq!(suggested.iter().map(|s| s.0).collect::<Vec<_>>(), COUNTABLE.to_vec());
        for (id, verdict, reason) in &suggested {
            // The suggested verdict itself is never contradicted, and a Met is contradicted
            // exactly when the evidence suggests less.
            prop_assert_eq!(contradiction(&rules(), id, *verdict, &evidence, today), None);
            let met = contradiction(&rules(), id, Met, &evidence, today);
            prop_assert_eq!(met.is_some(), *verdict != Met);
            if let Some(why) = met {
                prop_assert!(why.contains(reason.as_str()), "{} / {}", why, reason);
            }
        }
        let n = evidence.len();
        prop_assert_eq!(suggested[1].1 == Met, n >= 2);
        prop_assert_eq!(suggested[1].1 == NotMet, n == 0);
        // Pre-filled verdicts plus Met on the rest pass unless something is Not met.
        let mut j = judged([Some(Met); 5]);
        for (id, verdict, _) in &suggested {
            j.iter_mut().find(|x| x.criterion_id == *id).expect("criterion").verdict = Some(*verdict);
        }
        let r = evaluate_with_evidence(&rules(), &j, &evidence, today);
        prop_assert_eq!(
            r.status == CheckStatus::Failed,
            suggested.iter().any(|s| s.1 == NotMet)
        );
        prop_assert_eq!(r.status == CheckStatus::Failed, n == 0 || suggested[0].1 == NotMet || suggested[2].1 == NotMet);
    }
}
