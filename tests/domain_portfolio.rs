//! The Portfolio Quality Check rules: Not met fails, Partly met becomes a topic.

use chrono::NaiveDate;
use leverup::domain::model::{CheckCriterion, PortfolioCheckRules};
use leverup::domain::portfolio::{
    CheckStatus, CriterionJudgement, EvidenceFacts, evaluate, suggest_countable, years_before,
};
use leverup::domain::scales::CriterionVerdict::{self, Met, NotMet, PartlyMet};
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
}
