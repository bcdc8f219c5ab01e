//! The demo generator on a tiny hand-built model: every state appears, finalised
//! assessments obey the domain's rules as read back from the database, candidates stand
//! where their path leads, and the same seed gives the same database.

use chrono::{DateTime, TimeZone, Utc};
use leverup::demo::{DemoError, generate};
use leverup::domain::invariants;
use leverup::domain::model::*;
use leverup::domain::portfolio::{self, CheckStatus};
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

/// The rules judge the demo as the database holds it: every assessment read back with
/// `load_state` started from a documented portfolio and has countable verdicts the evidence
/// bears out; every finalised one breaks no rule (`invariants::violations`), and nothing is
/// validated without a check passed against the evidence and an interview note.
#[test]
fn every_finalised_assessment_obeys_the_rules() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let model = model();
    let mut store = Store::open(&path).unwrap();
    let sum = generate(&mut store, &model, 300, 11, now()).unwrap();
    let today = now().date_naive();
    let db = rusqlite::Connection::open(&path).unwrap();
    let ids: Vec<(String, bool)> = db
        .prepare("SELECT id, finalised_at IS NOT NULL FROM assessments ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let (mut finalised, mut validated, mut not_interviewed) = (0, 0, 0);
    for (id, is_final) in &ids {
        let st = store.load_state(id, &model).unwrap();
        assert_eq!(st.finalised, *is_final);
        for c in &st.competences {
            let cid = &c.competence_id;
            assert!(
                !c.evidence.is_empty(),
                "{id}: {cid} assessed without evidence"
            );
            for j in &c.portfolio {
                let verdict = j.verdict.expect("every criterion judged");
                let said = portfolio::contradiction(
                    &model.portfolio_check,
                    &j.criterion_id,
                    verdict,
                    &c.evidence,
                    today,
                );
                assert_eq!(
                    said, None,
                    "{id}: {cid} {} contradicts the evidence",
                    j.criterion_id
                );
            }
        }
        if !is_final {
            continue;
        }
        finalised += 1;
        let broken = invariants::violations(&st, &model, today);
        assert!(broken.is_empty(), "assessment {id} breaks {broken:?}");
        for c in &st.competences {
            not_interviewed += usize::from(!c.interviewed());
            if c.decision == Decision::Validated {
                validated += 1;
                assert_eq!(c.check(&model, today).status, CheckStatus::Passed, "{id}");
                assert!(
                    c.interviewed(),
                    "{id}: {} has no interview note",
                    c.competence_id
                );
            }
        }
    }
    assert_eq!(finalised, sum.assessments_finalised);
    assert_eq!(validated, sum.validated);
    assert!(validated > 0 && not_interviewed > 0, "both cases occur");

    let count = |sql: &str| -> i64 { db.query_row(sql, [], |r| r.get(0)).unwrap() };
    let certified = "EXISTS (SELECT 1 FROM assessments a JOIN decisions d ON d.assessment_id = a.id
                       JOIN certificates k ON k.assessment_id = a.id
                     WHERE a.candidate_id = c.id AND a.finalised_at IS NOT NULL
                       AND d.decision = 'validated')";
    let valued = "EXISTS (SELECT 1 FROM assessments a WHERE a.candidate_id = c.id
                    AND a.finalised_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM decisions d
                      WHERE d.assessment_id = a.id AND d.decision = 'validated'))";
    let open = "EXISTS (SELECT 1 FROM assessments a WHERE a.candidate_id = c.id
                  AND a.finalised_at IS NULL)";
    let candidates = |cond: &str| count(&format!("SELECT COUNT(*) FROM candidates c WHERE {cond}"));
    assert!(candidates(certified) > 0 && candidates(valued) > 0 && candidates(open) > 0);
    let wrong = [
        format!("{certified} AND c.state NOT IN ('certification', 'looking-ahead')"),
        format!("{valued} AND c.state <> 'looking-ahead'"),
        format!("{open} AND c.state <> 'assessment'"),
        format!("c.state = 'certification' AND NOT {certified}"),
        format!("c.state = 'assessment' AND NOT {open}"),
    ];
    for cond in &wrong {
        assert_eq!(candidates(cond), 0, "candidates where {cond}");
    }
    let undocumented = count(
        "SELECT COUNT(*) FROM assessments a JOIN claimed_competences k
           ON k.candidate_id = a.candidate_id
         WHERE NOT EXISTS (SELECT 1 FROM evidence_competences e
           WHERE e.candidate_id = k.candidate_id AND e.competence_id = k.competence_id)",
    );
    assert_eq!(
        undocumented, 0,
        "assessments started from an undocumented portfolio"
    );
    let unheard = count(
        "SELECT COUNT(*) FROM decisions d WHERE d.decision = 'validated' AND NOT EXISTS (
           SELECT 1 FROM interview_notes n WHERE n.assessment_id = d.assessment_id
             AND n.competence_id = d.competence_id AND trim(n.text) <> '')",
    );
    assert_eq!(unheard, 0, "validated without an interview note");
}

/// Demo ids come from the seed: the same seed twice is refused in words, before anything is
/// written, and another seed adds a second demo beside the first.
#[test]
fn second_demo_same_seed_is_refused_plainly() {
    let model = model();
    let mut store = Store::open_in_memory().unwrap();
    let everyone = CandidateFilter::default();
    generate(&mut store, &model, 20, 5, now()).unwrap();
    let err = generate(&mut store, &model, 20, 5, now()).unwrap_err();
    assert!(matches!(err, DemoError::AlreadyLoaded { seed: 5 }), "{err}");
    let text = err.to_string();
    assert!(
        text.contains("seed 5") && !text.contains("UNIQUE"),
        "{text}"
    );
    assert_eq!(store.count_candidates(&everyone).unwrap(), 20);
    generate(&mut store, &model, 20, 6, now()).unwrap();
    assert_eq!(store.count_candidates(&everyone).unwrap(), 40);
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
