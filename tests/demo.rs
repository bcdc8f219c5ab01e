//! The demo generator on a tiny hand-built model: every state appears, finalised
//! assessments are complete and consistent, and the same seed gives the same database.

use chrono::{DateTime, TimeZone, Utc};
use leverup::demo::generate;
use leverup::domain::model::*;
use leverup::domain::process::Step;
use leverup::domain::scales::Decision;
use leverup::store::{AssessmentStatus, CandidateFilter, Store};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 30, 0).unwrap()
}

fn model() -> Model {
    let competence = |i: usize| Competence {
        id: format!("C{i:02}"),
        code: format!("C{i:02}"),
        name: format!("Competence {i}"),
        cluster: "personal".into(),
        description: String::new(),
        outcomes: vec![],
        indicators: (1..=5)
            .map(|k| Indicator {
                id: format!("C{i:02}.{k}"),
                text: format!("Indicator {k}"),
            })
            .collect(),
        activities: vec![],
        evidence_examples: vec![],
        key_competences: vec![],
        esco: vec![],
        questions: (0..3)
            .map(|q| Question {
                text: format!("Question {q}"),
                probes: vec![],
            })
            .collect(),
    };
    let criterion = |id: &str| CheckCriterion {
        id: id.into(),
        name: id.into(),
        question: String::new(),
    };
    Model {
        id: "leverup-test".into(),
        version: "0.1.0".into(),
        title: "Test model".into(),
        clusters: vec![],
        outcome_scale: vec![],
        complexity_scale: vec![],
        eqf_bands: vec![],
        key_competences: vec![],
        portfolio_check: PortfolioCheckRules {
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
            .into_iter()
            .map(criterion)
            .collect(),
        },
        scoring: ScoringRules {
            min_applicable: Fraction { num: 1, den: 2 },
            level_share: Fraction { num: 2, den: 3 },
        },
        interview: InterviewGuide {
            recommended_minutes: 40,
            recommended_competences: 3,
            starr_prompts: vec![],
        },
        competences: (1..=15).map(competence).collect(),
    }
}

#[test]
fn two_hundred_candidates_cover_every_step_consistently() {
    let mut store = Store::open_in_memory().unwrap();
    let model = model();
    let sum = generate(&mut store, &model, 200, 7, now()).unwrap();
    assert_eq!(sum.candidates, 200);
    for step in Step::ALL {
        assert!(sum.count(step) > 0, "no candidate in {step:?}: {sum:?}");
        let f = CandidateFilter {
            state: Some(step),
            ..Default::default()
        };
        assert_eq!(
            store.count_candidates(&f).unwrap() as usize,
            sum.count(step)
        );
    }
    assert_eq!(sum.by_state.iter().sum::<usize>(), 200);
    assert!(sum.stopped > 0 && sum.certificates > 0 && sum.assessments_in_progress > 0);
    assert!(sum.validated > 0 && sum.not_validated > 0);
    let stopped = CandidateFilter {
        stopped: Some(true),
        ..Default::default()
    };
    assert_eq!(
        store.count_candidates(&stopped).unwrap() as usize,
        sum.stopped
    );
    assert_eq!(
        store
            .people_with_role(&sum.centre_id, leverup::store::Role::Assessor)
            .unwrap()
            .len(),
        3
    );

    let mut finalised = 0;
    let mut old_evidence = 0;
    for row in store
        .list_candidates(&CandidateFilter::default(), 500, 0)
        .unwrap()
    {
        let c = store.get_candidate(&row.id).unwrap();
        assert!(c.last_activity_at <= now() && c.created_at <= c.last_activity_at);
        let claims = store.claimed_competences(&row.id).unwrap();
        old_evidence += store
            .list_evidence(&row.id)
            .unwrap()
            .iter()
            .filter(|e| {
                e.dated.is_some_and(|d| {
                    d.and_hms_opt(0, 0, 0).unwrap().and_utc()
                        < now() - chrono::Duration::days(5 * 365)
                })
            })
            .count();
        for a in store.assessments_for(&row.id).unwrap() {
            let rec = store.load_assessment(&a.id).unwrap();
            assert_eq!(rec.summary.model_version, "0.1.0");
            assert_eq!(rec.portfolio_checks.len(), claims.len() * 5);
            if a.status != AssessmentStatus::Finalised {
                continue;
            }
            finalised += 1;
            let decided: Vec<&str> = rec
                .decisions
                .iter()
                .map(|d| d.competence_id.as_str())
                .collect();
            assert_eq!(decided, claims, "a decision for every claimed competence");
            assert_eq!(rec.scores.len(), claims.len());
            assert!(
                rec.decisions
                    .iter()
                    .all(|d| d.decision != Decision::Pending)
            );
            assert!(rec.decisions.iter().all(|d| !d.reasons.is_empty()));
            for (s, d) in rec.scores.iter().zip(&rec.decisions) {
                if d.decision == Decision::Validated {
                    assert!(
                        s.input.outcome_level.is_some_and(|o| o.level().is_some()),
                        "validated needs a level"
                    );
                }
            }
            let any_validated = rec
                .decisions
                .iter()
                .any(|d| d.decision == Decision::Validated);
            assert_eq!(!rec.certificates.is_empty(), any_validated);
            if c.state == Step::Certification {
                assert!(any_validated);
            }
        }
    }
    assert_eq!(finalised, sum.assessments_finalised);
    assert!(old_evidence > 0, "some evidence is older than 5 years");
}

#[test]
fn same_seed_same_database() {
    let model = model();
    let ids = |seed| {
        let mut store = Store::open_in_memory().unwrap();
        generate(&mut store, &model, 30, seed, now()).unwrap();
        store
            .list_candidates(&CandidateFilter::default(), 100, 0)
            .unwrap()
            .into_iter()
            .map(|r| (r.id, r.name))
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(1), ids(1));
    assert_ne!(ids(1), ids(2));
}

/// `cargo test --release --test demo -- --ignored --nocapture` measures the 100k case.
#[test]
#[ignore]
fn hundred_thousand_candidates() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.db");
    let mut store = Store::open(&path).unwrap();
    let start = std::time::Instant::now();
    let sum = generate(&mut store, &model(), 100_000, 42, now()).unwrap();
    let took = start.elapsed();
    let t = std::time::Instant::now();
    let page = store
        .list_candidates(&CandidateFilter::default(), 50, 5_000)
        .unwrap();
    let filtered = store
        .list_candidates(
            &CandidateFilter {
                name: Some("nowak".into()),
                ..Default::default()
            },
            50,
            0,
        )
        .unwrap();
    let count = store.count_candidates(&CandidateFilter::default()).unwrap();
    let list_time = t.elapsed();
    drop(store);
    let size = std::fs::metadata(&path).unwrap().len();
    println!(
        "100k demo: {took:?}, {} MB, list+filter+count {list_time:?}, {sum:?}",
        size / 1_000_000
    );
    assert_eq!(page.len(), 50);
    assert!(!filtered.is_empty());
    assert_eq!(count, 100_000);
}

/// The list's status filter is part of the store query: every page and count agrees with
/// the status each row reports, and the four statuses add up to everyone.
#[test]
fn status_filter_is_a_store_query() {
    use leverup::store::CandidateStatus;
    let mut store = Store::open_in_memory().unwrap();
    generate(&mut store, &model(), 200, 7, now()).unwrap();
    let all = store
        .list_candidates(&CandidateFilter::default(), 1000, 0)
        .unwrap();
    let mut total = 0;
    for status in [
        CandidateStatus::Active,
        CandidateStatus::InAssessment,
        CandidateStatus::Finalised,
        CandidateStatus::Stopped,
    ] {
        let f = CandidateFilter {
            status: Some(status),
            ..Default::default()
        };
        let expected: Vec<_> = all.iter().filter(|r| r.status == status).collect();
        assert!(!expected.is_empty(), "the demo has {status:?} candidates");
        let n = store.count_candidates(&f).unwrap() as usize;
        assert_eq!(n, expected.len(), "{status:?} count");
        let page = store.list_candidates(&f, 5, 2).unwrap();
        let want: Vec<_> = expected.iter().skip(2).take(5).map(|r| &r.id).collect();
        let got: Vec<_> = page.iter().map(|r| &r.id).collect();
        assert_eq!(got, want, "{status:?} page");
        assert!(page.iter().all(|r| r.status == status));
        total += n;
    }
    assert_eq!(total, all.len());
}
