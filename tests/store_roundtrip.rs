//! Round trips through every table of the typed API, with the audit rows they leave.
//! Assessment work goes the way the TUI does it: a domain command applied purely, its
//! change set committed in one transaction (see `store_commit.rs` for the transaction and
//! revision guarantees themselves).

mod store_fixture;

use chrono::Duration;
use leverup::domain::command::Command;
use leverup::domain::dossier::command::DossierCommand;
use leverup::domain::path_rules;
use leverup::domain::process::PathCommand;
use leverup::domain::scales::{
    Complexity, CriterionVerdict, Decision, Dimension, IndicatorRating, OutcomeLevel,
};
use leverup::store::*;
use store_fixture::*;

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
    // Not past Awareness without the candidate's consent.
    let refused = path_at(
        &mut w.store,
        &w.candidate,
        &PathCommand::Advance { validated: false },
        t0(),
    );
    assert!(format!("{refused:?}").contains("consent"), "{refused:?}");
    dossier(
        &mut w.store,
        &w.candidate.clone(),
        &[DossierCommand::RecordConsent {
            given_on: t0().date_naive(),
        }],
    );
    // The path moves through the path rules and `commit_path`, one audit row each.
    let later = t0() + Duration::days(1);
    path_at(
        &mut w.store,
        &w.candidate,
        &PathCommand::Advance { validated: false },
        later,
    )
    .unwrap();
    path_at(
        &mut w.store,
        &w.candidate,
        &PathCommand::Stop {
            reason: " moved abroad ".into(),
        },
        later,
    )
    .unwrap();
    let c = w.store.get_candidate(&w.candidate).unwrap();
    assert_eq!(c.state, Step::Identification);
    assert_eq!(c.exit_outcome.as_deref(), Some("moved abroad"));
    assert_eq!(c.last_activity_at, later);
    assert!(matches!(
        path(
            &mut w.store,
            &w.candidate,
            &PathCommand::Advance { validated: false }
        ),
        Err(Refused::Rule(_))
    ));
    path_at(&mut w.store, &w.candidate, &PathCommand::Resume, later).unwrap();
    let c = w.store.get_candidate(&w.candidate).unwrap();
    assert_eq!(c.state, Step::Identification);
    assert_eq!(c.exit_outcome, None);

    let audit = w.store.audit_for(&w.candidate).unwrap();
    let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
    assert_eq!(actions, ["create", "set", "advance", "stop", "resume"]);
    assert_eq!(audit[1].entity, "consent");
    assert_eq!(audit[2].old.as_deref(), Some(r#"{"state":"awareness"}"#));
    assert_eq!(
        audit[2].new.as_deref(),
        Some(r#"{"state":"identification"}"#)
    );
    assert_eq!(audit[2].actor, "tutor");
    assert_eq!(audit[3].reason.as_deref(), Some("moved abroad"));
    assert_eq!(
        audit[3].new.as_deref(),
        Some(r#"{"state":"identification","stopped":"moved abroad"}"#)
    );
    assert_eq!(audit[4].old, audit[3].new);

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
fn assessment_round_trip_and_certificates() {
    let mut w = world();
    let now = t0();
    let mut st = start(&mut w, &["c01"]);
    let a = st.id.clone();
    let s = &mut w.store;
    apply_all(
        s,
        &mut st,
        vec![
            Command::Verdict {
                competence: "c01".into(),
                criterion: "currency".into(),
                verdict: CriterionVerdict::PartlyMet,
                note: "old".into(),
            },
            verdict("c01", "currency", CriterionVerdict::Met),
            verdict("c01", "relevance", CriterionVerdict::Met),
            verdict("c01", "authenticity", CriterionVerdict::Met),
            note("c01", 0, "Situation: food bank."),
            // The autosave of an unchanged text: an empty change set, nothing written.
            note("c01", 0, "Situation: food bank."),
            time("c01", 600),
            time("c01", 300),
            complexity("c01", Dimension::Context, Complexity::MidHigh),
            complexity("c01", Dimension::Task, Complexity::MidLow),
            complexity("c01", Dimension::Autonomy, Complexity::High),
        ],
    );
    apply_all(s, &mut st, rate_all("c01", IndicatorRating::Accomplished));
    apply_all(
        s,
        &mut st,
        vec![
            Command::ChooseLevel {
                competence: "c01".into(),
                chosen: Outcome::Level(OutcomeLevel::Expert),
                justification: "Interview showed more.".into(),
            },
            Command::Reasons {
                competence: "c01".into(),
                text: "Strong evidence.".into(),
            },
            decide("c01", Decision::Validated),
        ],
    );
    let later = now + Duration::hours(2);
    try_apply_at(s, &mut st, &Command::Finalise, later).unwrap();
    assert!(st.finalised);
    let cert = s.issue_certificate(&a, "admin", later).unwrap();

    let rec = s.load_assessment(&a).unwrap();
    assert_eq!(rec.summary.status, AssessmentStatus::Finalised);
    assert_eq!(rec.summary.finalised_at, Some(later));
    assert_eq!(rec.summary.started_at, now);
    assert_eq!(rec.summary.assessor_id, w.assessor);
    assert_eq!(
        (
            rec.summary.model_id.as_str(),
            rec.summary.model_version.as_str()
        ),
        ("lever-up", "test-1")
    );
    assert_eq!(rec.summary.interview_seconds, 900);
    let checks: Vec<(&str, CriterionVerdict, &str)> = rec
        .portfolio_checks
        .iter()
        .map(|p| (p.criterion_id.as_str(), p.verdict, p.note.as_str()))
        .collect();
    assert_eq!(
        checks,
        [
            ("authenticity", CriterionVerdict::Met, ""),
            ("currency", CriterionVerdict::Met, ""),
            ("relevance", CriterionVerdict::Met, ""),
            ("sufficiency", CriterionVerdict::Met, ""),
            ("variety", CriterionVerdict::Met, ""),
        ]
    );
    assert_eq!(rec.notes.len(), 1);
    assert_eq!(rec.notes[0].text, "Situation: food bank.");
    assert_eq!(rec.notes[0].question_index, 0);
    assert_eq!(rec.interview_time.len(), 1);
    assert_eq!(rec.interview_time[0].seconds, 900);
    let ratings: Vec<(&str, IndicatorRating)> = rec
        .ratings
        .iter()
        .map(|r| (r.indicator_id.as_str(), r.rating))
        .collect();
    assert_eq!(
        ratings,
        [
            ("c01-i1", IndicatorRating::Accomplished),
            ("c01-i2", IndicatorRating::Accomplished),
            ("c01-i3", IndicatorRating::Accomplished),
            ("c01-i4", IndicatorRating::Accomplished),
        ]
    );
    let score = ScoreInput {
        competence_id: "c01".into(),
        suggested: Some(Outcome::Level(OutcomeLevel::Accomplished)),
        outcome_level: Some(Outcome::Level(OutcomeLevel::Expert)),
        overridden: true,
        justification: "Interview showed more.".into(),
        complexity: PartialComplexity {
            context: Some(Complexity::MidHigh),
            task: Some(Complexity::MidLow),
            autonomy: Some(Complexity::High),
        },
    };
    assert_eq!(rec.scores.len(), 1);
    assert_eq!(rec.scores[0].input, score);
    assert_eq!(rec.decisions.len(), 1);
    assert_eq!(rec.decisions[0].decision, Decision::Validated);
    assert_eq!(rec.decisions[0].reasons, "Strong evidence.");
    assert_eq!(rec.certificates[0].id, cert);
    assert_eq!(rec.certificates[0].candidate_name, "Giulia Rossi");

    let audit = s.audit_for(&a).unwrap();
    // One row per change; the unchanged autosave wrote none.
    let rows: Vec<(&str, &str)> = audit
        .iter()
        .map(|e| (e.entity.as_str(), e.action.as_str()))
        .collect();
    let mut expected = vec![("assessment", "start")];
    expected.extend([("portfolio_check", "set_verdict"); 3]); // pre-filled
    expected.extend([("portfolio_check", "set_verdict"); 4]);
    expected.push(("interview_note", "save"));
    expected.extend([("interview_time", "add"); 2]);
    expected.extend([("score", "rate_complexity"); 3]);
    expected.extend([("indicator_rating", "rate"); 4]);
    expected.push(("score", "override"));
    expected.extend([("decision", "decide"); 2]);
    expected.push(("assessment", "finalise"));
    assert_eq!(rows, expected);
    assert!(audit[..4].iter().all(|e| e.actor == w.assessor));
    assert!(
        audit[1..4]
            .iter()
            .all(|e| e.reason.as_deref() == Some("pre-filled from the evidence"))
    );
    // Old → new of the currency criterion: pre-filled Met, lowered to Partly met, raised.
    let key = r#""key":{"competence_id":"c01","criterion_id":"currency"}"#;
    let currency: Vec<&AuditEntry> = audit
        .iter()
        .filter(|e| e.new.as_deref().is_some_and(|n| n.contains(key)))
        .collect();
    assert_eq!(currency.len(), 3);
    assert_eq!(currency[0].old, None);
    assert_eq!(currency[1].old, currency[0].new);
    assert!(
        currency[1]
            .new
            .as_deref()
            .unwrap()
            .contains(r#""note":"old""#)
    );
    assert!(
        currency[1]
            .new
            .as_deref()
            .unwrap()
            .contains(r#""verdict":"partly-met""#)
    );
    assert_eq!(currency[2].old, currency[1].new);
    assert!(
        currency[2]
            .new
            .as_deref()
            .unwrap()
            .contains(r#""verdict":"met""#)
    );
    let over = audit.iter().find(|e| e.action == "override").unwrap();
    assert_eq!(over.reason.as_deref(), Some("Interview showed more."));
    assert!(
        over.old
            .as_deref()
            .unwrap()
            .contains(r#""outcome_level":null"#)
    );
    let finalise = audit.last().unwrap();
    assert_eq!(finalise.at, later);

    assert_eq!(s.assessments_for(&w.candidate).unwrap().len(), 1);
    let rows = s
        .list_candidates(&CandidateFilter::default(), 5, 0)
        .unwrap();
    assert_eq!(rows[0].status, CandidateStatus::Finalised);
    assert_eq!(rows[0].last_activity_at, later);
    // Issuing the records moves the candidate on to Certification, in the same
    // transaction as the certificate row and its audit rows.
    assert_eq!(
        s.get_candidate(&w.candidate).unwrap().state,
        Step::Certification
    );
    let facts = s.candidate_facts(&w.candidate).unwrap();
    assert!(!facts.open_assessment);
    assert!(path_rules::certified(&facts).is_none());
    let issued = s.certificate(&cert).unwrap();
    assert!(
        issued
            .status_index
            .is_some_and(|i| i < leverup::store::STATUS_LIST_BITS)
    );

    s.revoke_certificate(&cert, "wrong date", "admin", later)
        .unwrap();
    let certs = s.list_certificates().unwrap();
    assert_eq!(certs[0].revoke_reason.as_deref(), Some("wrong date"));
    assert!(
        s.revoke_certificate(&cert, "again", "admin", later)
            .is_err()
    );
    assert!(s.revoke_certificate(&cert, " ", "admin", later).is_err());
    // Revoking never reissues: issuing again is refused, only an explicit reissue
    // replaces it, with a new place in the status list.
    assert!(matches!(
        s.issue_certificate(&a, "admin", later),
        Err(StoreError::Rule(e)) if e.to_string().contains("reissue")
    ));
    assert!(s.reissue_certificate(&cert, "", "admin", later).is_err());
    let again = s
        .reissue_certificate(&cert, "date corrected", "admin", later)
        .unwrap();
    assert_eq!(s.certificates_for(&w.candidate).unwrap().len(), 2);
    let new = s.certificate(&again).unwrap();
    assert_eq!(new.replaces.as_deref(), Some(cert.as_str()));
    assert_ne!(new.status_index, issued.status_index);
    assert_eq!(
        s.revoked_status_positions().unwrap(),
        vec![issued.status_index.unwrap()]
    );
    assert!(matches!(
        s.issue_certificate(&a, "admin", later),
        Err(StoreError::Constraint(_))
    ));
    assert_eq!(s.audit_for(&again).unwrap()[0].action, "reissue");
    // The old one cannot be reissued a second time: the new one is the live record.
    assert!(
        s.reissue_certificate(&cert, "again", "admin", later)
            .is_err()
    );
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
    let mut st = start(&mut w, &["c01"]);
    let a = st.id.clone();
    let s = &mut w.store;
    let mut score = ScoreInput {
        competence_id: "c01".into(),
        suggested: None,
        outcome_level: None,
        overridden: false,
        justification: String::new(),
        complexity: PartialComplexity {
            context: Some(Complexity::MidLow),
            ..PartialComplexity::default()
        },
    };
    apply_and_commit(
        s,
        &mut st,
        complexity("c01", Dimension::Context, Complexity::MidLow),
    );
    let rec = s.load_assessment(&a).unwrap();
    assert_eq!(rec.scores.len(), 1);
    assert_eq!(rec.scores[0].input, score);
    assert_eq!(rec.scores[0].input.complexity.complete(), None);

    score.complexity.task = Some(Complexity::High);
    apply_and_commit(
        s,
        &mut st,
        complexity("c01", Dimension::Task, Complexity::High),
    );
    assert_eq!(s.load_assessment(&a).unwrap().scores[0].input, score);

    score.complexity.autonomy = Some(Complexity::MidHigh);
    apply_and_commit(
        s,
        &mut st,
        complexity("c01", Dimension::Autonomy, Complexity::MidHigh),
    );
    let rec = s.load_assessment(&a).unwrap();
    assert_eq!(rec.scores.len(), 1);
    assert_eq!(rec.scores[0].input, score);
    let profile = rec.scores[0].input.complexity.complete().unwrap();
    assert_eq!(
        (profile.context, profile.task, profile.autonomy),
        (Complexity::MidLow, Complexity::High, Complexity::MidHigh)
    );

    // The level comes once every indicator is rated; rating alone leaves the score row
    // alone, and the complexity stays when the level is confirmed.
    apply_all(s, &mut st, rate_all("c01", IndicatorRating::Basic));
    assert_eq!(s.load_assessment(&a).unwrap().scores[0].input, score);
    apply_and_commit(
        s,
        &mut st,
        Command::ChooseLevel {
            competence: "c01".into(),
            chosen: Outcome::Level(OutcomeLevel::Basic),
            justification: String::new(),
        },
    );
    score.suggested = Some(Outcome::Level(OutcomeLevel::Basic));
    score.outcome_level = Some(Outcome::Level(OutcomeLevel::Basic));
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

/// What a change set says the state is after a commit is what the database reads back:
/// the next command is applied to it without a reload, so the two must agree.
#[test]
fn committed_state_reads_back_equal() {
    let mut w = world();
    let mut st = start(&mut w, &["c01", "c07"]);
    let s = &mut w.store;
    assert_eq!(s.load_state(&st.id, model()).unwrap(), st, "as begun");
    let mut cmds = ready_to_sign("c01");
    cmds.extend([
        time("c01", 120),
        time("c07", 45),
        note("c07", 2, "Ran the meeting."),
    ]);
    cmds.push(decide("c07", Decision::NotAssessable));
    for cmd in cmds {
        apply_and_commit(s, &mut st, cmd.clone());
        assert_eq!(s.load_state(&st.id, model()).unwrap(), st, "after {cmd:?}");
    }
    try_apply_at(s, &mut st, &Command::Finalise, later()).unwrap();
    let loaded = s.load_state(&st.id, model()).unwrap();
    assert!(loaded.finalised);
    assert_eq!(loaded, st);
    assert!(matches!(
        s.load_state("no-such-assessment", model()),
        Err(StoreError::NotFound { .. })
    ));
}
