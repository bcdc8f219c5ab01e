//! Round trips through every table of the typed API, with the audit rows they leave.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use leverup::domain::scales::{
    Complexity, CriterionVerdict, Decision, IndicatorRating, OutcomeLevel,
};
use leverup::store::*;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 30, 0).unwrap()
}

struct World {
    store: Store,
    centre: String,
    tutor: String,
    assessor: String,
    candidate: String,
}

fn world() -> World {
    let mut store = Store::open_in_memory().unwrap();
    let now = t0();
    let centre = store.create_centre("CSV Milano", "admin", now).unwrap();
    let tutor = store
        .create_person("Paolo Esposito", Some("paolo@example.org"), "admin", now)
        .unwrap();
    let assessor = store
        .create_person("Hendrik van Dijk", None, "admin", now)
        .unwrap();
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

#[test]
fn people_roles_and_candidates() {
    let mut w = world();
    assert_eq!(w.store.list_centres().unwrap()[0].name, "CSV Milano");
    let p = w.store.get_person(&w.tutor).unwrap();
    assert_eq!(p.email.as_deref(), Some("paolo@example.org"));
    assert_eq!(p.created_at, t0());
    assert_eq!(
        w.store.roles_of(&w.tutor, &w.centre).unwrap(),
        vec![Role::Tutor]
    );
    let assessors = w.store.people_with_role(&w.centre, Role::Assessor).unwrap();
    assert_eq!(assessors.len(), 1);
    assert_eq!(assessors[0].id, w.assessor);

    let c = w.store.get_candidate(&w.candidate).unwrap();
    assert_eq!(c.state, Step::Awareness);
    assert_eq!(c.tutor_id.as_deref(), Some(w.tutor.as_str()));
    let later = t0() + Duration::days(1);
    w.store
        .set_candidate_state(
            &w.candidate,
            Step::Identification,
            "tutor",
            Some("ready"),
            later,
        )
        .unwrap();
    w.store
        .set_exit_outcome(&w.candidate, Some("moved abroad"), "tutor", None, later)
        .unwrap();
    let c = w.store.get_candidate(&w.candidate).unwrap();
    assert_eq!(c.state, Step::Identification);
    assert_eq!(c.exit_outcome.as_deref(), Some("moved abroad"));
    assert_eq!(c.last_activity_at, later);

    let audit = w.store.audit_for(&w.candidate).unwrap();
    let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
    assert_eq!(actions, ["create", "set_state", "stop"]);
    assert_eq!(audit[1].old.as_deref(), Some(r#"{"state":"awareness"}"#));
    assert_eq!(audit[1].reason.as_deref(), Some("ready"));

    assert!(matches!(
        w.store.get_candidate("nope"),
        Err(StoreError::NotFound { .. })
    ));
}

#[test]
fn list_and_count_with_filters() {
    let mut w = world();
    for (i, name) in ["Sanne de Jong", "Søren Nielsen", "Ana 100%_García"]
        .iter()
        .enumerate()
    {
        w.store
            .create_candidate(
                &NewCandidate {
                    name: name.to_string(),
                    email: None,
                    centre_id: w.centre.clone(),
                    tutor_id: None,
                },
                "tutor",
                t0() + Duration::hours(i as i64 + 1),
            )
            .unwrap();
    }
    let all = w
        .store
        .list_candidates(&CandidateFilter::default(), 10, 0)
        .unwrap();
    assert_eq!(all.len(), 4);
    assert_eq!(all[0].name, "Ana 100%_García", "most recent first");
    assert_eq!(all[3].tutor_name.as_deref(), Some("Paolo Esposito"));
    assert!(all.iter().all(|r| r.status == CandidateStatus::Active));
    let f = CandidateFilter {
        name: Some("DE JONG".into()),
        ..Default::default()
    };
    assert_eq!(w.store.count_candidates(&f).unwrap(), 1);
    let f = CandidateFilter {
        name: Some("%_".into()),
        ..Default::default()
    };
    assert_eq!(
        w.store.count_candidates(&f).unwrap(),
        1,
        "wildcards are literal"
    );
    let page = w
        .store
        .list_candidates(&CandidateFilter::default(), 2, 2)
        .unwrap();
    assert_eq!(page.len(), 2);
    let f = CandidateFilter {
        tutor_id: Some(w.tutor.clone()),
        state: Some(Step::Awareness),
        stopped: Some(false),
        ..Default::default()
    };
    assert_eq!(w.store.count_candidates(&f).unwrap(), 1);
}

#[test]
fn portfolio_side_round_trip() {
    let mut w = world();
    let (c, now) = (w.candidate.clone(), t0());
    w.store
        .save_self_assessment(&c, "C01", SelfAssessmentMode::Quick, "3", "tutor", now)
        .unwrap();
    w.store
        .save_self_assessment(&c, "C01", SelfAssessmentMode::Quick, "4", "tutor", now)
        .unwrap();
    let sa = w.store.self_assessments(&c).unwrap();
    assert_eq!(sa.len(), 1);
    assert_eq!(sa[0].rating, "4");
    w.store.claim_competence(&c, "C07", "tutor", now).unwrap();
    w.store.claim_competence(&c, "C01", "tutor", now).unwrap();
    w.store.claim_competence(&c, "C01", "tutor", now).unwrap();
    w.store.claim_competence(&c, "C03", "tutor", now).unwrap();
    w.store.withdraw_claim(&c, "C03", "tutor", now).unwrap();
    assert_eq!(w.store.claimed_competences(&c).unwrap(), ["C01", "C07"]);
    let item = NewEvidence {
        competence_id: "C01".into(),
        title: "Reference letter from Caritas".into(),
        kind: "reference-letter".into(),
        dated: NaiveDate::from_ymd_opt(2019, 5, 4),
        description: "Signed by the coordinator.".into(),
    };
    let id = w.store.add_evidence(&c, &item, "tutor", now).unwrap();
    let ev = w.store.list_evidence(&c).unwrap();
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].id, id);
    assert_eq!(ev[0].dated, item.dated);
    assert_eq!(ev[0].title, item.title);
    let entities: Vec<String> = w
        .store
        .audit_for(&c)
        .unwrap()
        .into_iter()
        .map(|a| a.entity)
        .collect();
    assert!(entities.contains(&"evidence".to_string()));
    assert_eq!(entities.iter().filter(|e| *e == "claim").count(), 4);
}

#[test]
fn assessment_round_trip_and_certificates() {
    let mut w = world();
    let now = t0();
    let a = w
        .store
        .start_assessment(
            &w.candidate,
            &w.assessor,
            "leverup",
            "1.0.0",
            "assessor",
            now,
        )
        .unwrap();
    let s = &mut w.store;
    s.set_portfolio_verdict(
        &a,
        "C01",
        "currency",
        CriterionVerdict::PartlyMet,
        "old",
        "x",
        now,
    )
    .unwrap();
    s.set_portfolio_verdict(&a, "C01", "currency", CriterionVerdict::Met, "", "x", now)
        .unwrap();
    s.save_note(&a, "C01", 0, "Situation: food bank.", "x", now)
        .unwrap();
    s.save_note(&a, "C01", 0, "Situation: food bank.", "x", now)
        .unwrap();
    s.add_interview_time(&a, "C01", 600, 1, "x", now).unwrap();
    s.add_interview_time(&a, "C01", 300, 0, "x", now).unwrap();
    s.rate_indicator(
        &a,
        "C01",
        "C01.1",
        IndicatorRating::Accomplished,
        "clear",
        "x",
        now,
    )
    .unwrap();
    let profile = PartialComplexity {
        context: Some(Complexity::MidHigh),
        task: Some(Complexity::MidLow),
        autonomy: Some(Complexity::High),
    };
    let score = ScoreInput {
        competence_id: "C01".into(),
        suggested: Some(Outcome::Level(OutcomeLevel::Accomplished)),
        outcome_level: Some(Outcome::Level(OutcomeLevel::Expert)),
        overridden: true,
        justification: "Interview showed more.".into(),
        complexity: profile,
    };
    s.save_score(&a, &score, "x", now).unwrap();
    s.save_decision(
        &a,
        "C01",
        Decision::Validated,
        "Strong evidence.",
        "",
        "x",
        now,
    )
    .unwrap();
    let later = now + Duration::hours(2);
    s.finalise_assessment(&a, "assessor", later).unwrap();
    let cert = s.issue_certificate(&a, "admin", later).unwrap();

    let rec = s.load_assessment(&a).unwrap();
    assert_eq!(rec.summary.status, AssessmentStatus::Finalised);
    assert_eq!(rec.summary.finalised_at, Some(later));
    assert_eq!(rec.summary.model_version, "1.0.0");
    assert_eq!(rec.summary.interview_seconds, 900);
    assert_eq!(rec.portfolio_checks.len(), 1);
    assert_eq!(rec.portfolio_checks[0].verdict, CriterionVerdict::Met);
    assert_eq!(rec.notes[0].text, "Situation: food bank.");
    assert_eq!(rec.interview_time[0].seconds, 900);
    assert_eq!(rec.interview_time[0].interruptions, 1);
    assert_eq!(rec.ratings[0].rating, IndicatorRating::Accomplished);
    assert_eq!(rec.scores[0].input, score);
    assert_eq!(rec.decisions[0].decision, Decision::Validated);
    assert_eq!(rec.certificates[0].id, cert);
    assert_eq!(rec.certificates[0].candidate_name, "Giulia Rossi");

    let audit = s.audit_for(&a).unwrap();
    // One row per change; the unchanged autosave wrote none.
    assert_eq!(audit.len(), 10);
    let over = audit.iter().find(|e| e.action == "override").unwrap();
    assert_eq!(over.reason.as_deref(), Some("Interview showed more."));

    assert_eq!(s.assessments_for(&w.candidate).unwrap().len(), 1);
    let rows = s
        .list_candidates(&CandidateFilter::default(), 5, 0)
        .unwrap();
    assert_eq!(rows[0].status, CandidateStatus::Finalised);

    s.revoke_certificate(&cert, "wrong date", "admin", later)
        .unwrap();
    let certs = s.list_certificates().unwrap();
    assert_eq!(certs[0].revoke_reason.as_deref(), Some("wrong date"));
    assert!(
        s.revoke_certificate(&cert, "again", "admin", later)
            .is_err()
    );
    assert!(s.revoke_certificate(&cert, " ", "admin", later).is_err());
    // A revoked certificate may be replaced.
    let again = s.issue_certificate(&a, "admin", later).unwrap();
    assert_eq!(s.certificates_for(&w.candidate).unwrap().len(), 2);
    assert!(matches!(
        s.issue_certificate(&a, "admin", later),
        Err(StoreError::Constraint(_))
    ));
    assert_eq!(s.audit_for(&again).unwrap()[0].action, "issue");
}

#[test]
fn app_state_round_trip() {
    let mut store = Store::open_in_memory().unwrap();
    assert_eq!(store.get_state("resume").unwrap(), None);
    store.set_state("resume", "candidate:42").unwrap();
    store.set_state("resume", "candidate:43").unwrap();
    assert_eq!(
        store.get_state("resume").unwrap().as_deref(),
        Some("candidate:43")
    );
}

/// Complexity is given before every indicator is rated, so before a suggestion exists: the
/// score row holds it on its own, one dimension at a time, and the level joins it later.
#[test]
fn partial_complexity_without_suggestion_round_trips() {
    let mut w = world();
    let now = t0();
    let a = w
        .store
        .start_assessment(
            &w.candidate,
            &w.assessor,
            "leverup",
            "1.0.0",
            "assessor",
            now,
        )
        .unwrap();
    let s = &mut w.store;
    let mut score = ScoreInput {
        competence_id: "C01".into(),
        suggested: None,
        outcome_level: None,
        overridden: false,
        justification: String::new(),
        complexity: PartialComplexity {
            context: Some(Complexity::MidLow),
            ..PartialComplexity::default()
        },
    };
    s.save_score(&a, &score, "x", now).unwrap();
    let rec = s.load_assessment(&a).unwrap();
    assert_eq!(rec.scores.len(), 1);
    assert_eq!(rec.scores[0].input, score);
    assert_eq!(rec.scores[0].input.complexity.complete(), None);

    score.complexity.task = Some(Complexity::High);
    s.save_score(&a, &score, "x", now).unwrap();
    assert_eq!(s.load_assessment(&a).unwrap().scores[0].input, score);

    score.complexity.autonomy = Some(Complexity::MidHigh);
    s.save_score(&a, &score, "x", now).unwrap();
    let rec = s.load_assessment(&a).unwrap();
    assert_eq!(rec.scores.len(), 1);
    assert_eq!(rec.scores[0].input, score);
    let profile = rec.scores[0].input.complexity.complete().unwrap();
    assert_eq!(
        (profile.context, profile.task, profile.autonomy),
        (Complexity::MidLow, Complexity::High, Complexity::MidHigh)
    );

    // The level comes once every indicator is rated; the complexity stays.
    score.suggested = Some(Outcome::Level(OutcomeLevel::Basic));
    score.outcome_level = Some(Outcome::Level(OutcomeLevel::Basic));
    s.save_score(&a, &score, "x", now).unwrap();
    assert_eq!(s.load_assessment(&a).unwrap().scores[0].input, score);

    let actions: Vec<String> = s
        .audit_for(&a)
        .unwrap()
        .into_iter()
        .filter(|e| e.entity == "score")
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        [
            "rate_complexity",
            "rate_complexity",
            "rate_complexity",
            "confirm"
        ]
    );
}
