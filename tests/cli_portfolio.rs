//! `leverup export portfolio CANDIDATE` run as the real binary on a database built through
//! the store API and the domain commands, with the shipped model (whose descriptions the
//! page prints): content, escaping of names and titles with markup in them, nothing that
//! runs or fetches, mode 0600, the default file name, and the candidates it refuses.

mod cli_support;
mod store_fixture;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use cli_support::{leverup, mode};
use leverup::domain::command::{self, Command};
use leverup::domain::dossier::command::DossierCommand;
use leverup::domain::dossier::{Evidence, Referee, Story};
use leverup::domain::model::Model;
use leverup::domain::path_rules;
use leverup::domain::scales::{Complexity, Decision, Dimension, IndicatorRating, OutcomeLevel};
use leverup::domain::scoring::Outcome;
use leverup::domain::self_assessment::Rate;
use leverup::store::{NewCandidate, Store};
use predicates::prelude::*;
use store_fixture::*;

const TRICKY_NAME: &str = "Ana <script>alert('x')</script> & Co";
const TRICKY_TITLE: &str = "Minutes <script>alert(1)</script> & \"notes\"";
const REASONS: &str = "Strong evidence & a clear interview.";

fn shipped() -> Model {
    leverup::datafile::load_embedded()
}

/// Text as it must appear in the page.
fn escaped(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// A command applied with the shipped model and committed, as the TUI does it.
fn apply(
    store: &mut Store,
    state: &mut leverup::domain::assessment::AssessmentState,
    cmd: Command,
) {
    let actor = state.assessor_id.clone();
    let cs = command::apply(state, &cmd, &shipped(), &actor, t0())
        .unwrap_or_else(|e| panic!("{cmd:?} refused: {e:?}"));
    store.commit(&cs, &actor, t0()).unwrap();
    *state = cs.into_state();
}

/// The world of the store tests: Giulia Rossi (self-assessed, documented, communication
/// signed off as Validated), Ana with markup in her name and an evidence title, and two
/// candidates named Marco Bianchi. Returns the database and Giulia's id.
fn centre(dir: &Path) -> (PathBuf, String) {
    let db = dir.join("centre.db");
    let mut w = world_at(&db);
    let giulia = w.candidate.clone();
    let model = shipped();
    document_with(&mut w.store, &model, &giulia, &["communication"]);
    // The request closed the portfolio: withdrawn for the additions, then made again.
    let mut extras = vec![
        DossierCommand::WithdrawRequest,
        DossierCommand::QuickRate {
            competence: "communication".into(),
            rate: Rate::Fair,
        },
        DossierCommand::QuickRate {
            competence: "teamwork".into(),
            rate: Rate::NotApplicable,
        },
        DossierCommand::SaveEvidence {
            number: None,
            evidence: Evidence {
                title: TRICKY_TITLE.into(),
                kind: "meeting-minutes".into(),
                dated: NaiveDate::from_ymd_opt(2025, 11, 3),
                description: "Kept the minutes of 12 meetings.\nShared them the same day.".into(),
                competences: vec!["communication".into()],
                file: None,
                witness: None,
            },
        },
    ];
    extras.push(DossierCommand::SaveStory {
        number: None,
        story: Story {
            title: "Food bank rota".into(),
            competences: vec!["communication".into()],
            situation: "Thirty volunteers, one rota".into(),
            ..Story::default()
        },
    });
    extras.push(DossierCommand::SaveReferee {
        number: None,
        referee: Referee {
            name: "Marta Neri".into(),
            relation: "volunteer coordinator".into(),
            contact: String::new(),
            rated_on: t0().date_naive(),
            ratings: [("communication".to_string(), Rate::Good)].into(),
        },
    });
    for i in &model.competence("communication").unwrap().indicators {
        extras.push(DossierCommand::DetailRate {
            competence: "communication".into(),
            indicator: i.id.clone(),
            rate: Rate::Good,
        });
    }
    extras.push(DossierCommand::RequestAssessment { assessor: None });
    dossier_with(&mut w.store, &model, &giulia, &extras);
    sign_off(&mut w, "communication");

    let mut add = |name: &str| {
        w.store
            .create_candidate(
                &NewCandidate {
                    name: name.into(),
                    email: None,
                    centre_id: w.centre.clone(),
                    tutor_id: None,
                },
                "tutor",
                t0(),
            )
            .unwrap()
    };
    let ana = add(TRICKY_NAME);
    add("Marco Bianchi");
    add("marco bianchi");
    dossier_with(
        &mut w.store,
        &model,
        &ana,
        &[
            DossierCommand::RecordConsent {
                given_on: t0().date_naive(),
            },
            DossierCommand::Claim {
                competence: "teamwork".into(),
            },
            DossierCommand::SaveEvidence {
                number: None,
                evidence: Evidence {
                    title: "Rota \"A&B\" <b>".into(),
                    kind: "plan".into(),
                    dated: None,
                    description: String::new(),
                    competences: vec!["teamwork".into()],
                    file: None,
                    witness: None,
                },
            },
        ],
    );
    (db, giulia)
}

/// Communication judged, rated Accomplished, validated with `REASONS` and signed off.
fn sign_off(w: &mut World, competence: &str) {
    let model = shipped();
    let facts = w.store.candidate_facts(&w.candidate).unwrap();
    let new =
        path_rules::start_assessment(&facts, &model, &w.assessor(), t0().date_naive()).unwrap();
    let mut st = w.store.begin_assessment(new, &w.assessor, t0()).unwrap();
    let indicators = model.competence(competence).unwrap().indicators.len();
    let mut cmds = vec![
        verdict(
            competence,
            "relevance",
            leverup::domain::scales::CriterionVerdict::Met,
        ),
        verdict(
            competence,
            "authenticity",
            leverup::domain::scales::CriterionVerdict::Met,
        ),
        note(competence, 0, "Ran the newsletter for two years."),
    ];
    cmds.extend((0..indicators).map(|i| rate(competence, i, IndicatorRating::Accomplished)));
    cmds.push(Command::ChooseLevel {
        competence: competence.into(),
        chosen: Outcome::Level(OutcomeLevel::Accomplished),
        justification: String::new(),
    });
    cmds.push(decide(competence, Decision::Validated));
    for d in [Dimension::Context, Dimension::Task, Dimension::Autonomy] {
        cmds.push(complexity(competence, d, Complexity::MidLow));
    }
    cmds.push(Command::Reasons {
        competence: competence.into(),
        text: REASONS.into(),
    });
    cmds.push(Command::Finalise);
    for cmd in cmds {
        apply(&mut w.store, &mut st, cmd);
    }
    assert!(st.finalised);
}

/// Nothing in the page runs or is fetched: no scripts, no sources, no external links.
fn assert_self_contained(html: &str) {
    let lower = html.to_lowercase();
    for banned in [
        "<script",
        "src=",
        "href=\"http",
        "href='http",
        "<link",
        "<img",
        "<iframe",
        "<object",
        "<embed",
        "@import",
        "url(",
        "http://",
        "https://",
        "javascript:",
    ] {
        assert!(!lower.contains(banned), "{banned:?} in the page:\n{html}");
    }
    // No event attributes (onload=…) in any tag.
    let handlers = lower
        .split('<')
        .filter_map(|t| t.split('>').next())
        .any(|tag| tag.split_whitespace().skip(1).any(|a| a.starts_with("on")));
    assert!(!handlers, "an event attribute in the page:\n{html}");
    assert!(html.starts_with("<!DOCTYPE html>\n"));
    assert!(html.trim_end().ends_with("</html>"));
    for tag in [
        "html", "head", "body", "section", "article", "table", "dl", "style",
    ] {
        let opened =
            lower.matches(&format!("<{tag}>")).count() + lower.matches(&format!("<{tag} ")).count();
        let closed = lower.matches(&format!("</{tag}>")).count();
        assert_eq!(
            opened, closed,
            "<{tag}> opened {opened} times, closed {closed}"
        );
    }
}

#[test]
fn the_summary_holds_the_portfolio_and_the_signed_off_results() {
    let dir = tempfile::tempdir().unwrap();
    let (db, giulia) = centre(dir.path());
    let out = dir.path().join("giulia.html");
    leverup(dir.path())
        .args(["export", "portfolio", "  giulia ROSSI ", "--db"])
        .arg(&db)
        .arg("--out")
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains("portfolio summary written to"));
    assert_eq!(mode(&out), 0o600);
    let html = std::fs::read_to_string(&out).unwrap();
    assert_self_contained(&html);
    // The tutor's records, from the dossier: a story and a referee's rating.
    for part in [
        "STARRTT experiences",
        "Food bank rota",
        "Thirty volunteers, one rota",
        "360° ratings",
        "Marta Neri",
        "4 of 4",
    ] {
        assert!(html.contains(part), "{part} missing:\n{html}");
    }
    let step = Store::open_existing(&db)
        .unwrap()
        .get_candidate(&giulia)
        .unwrap()
        .state;
    let description = escaped(&shipped().competence("communication").unwrap().description);
    for expected in [
        "<title>Portfolio summary: Giulia Rossi</title>",
        "<dd class=\"text\">giulia@example.org</dd>",
        "<dd class=\"text\">CSV Milano</dd>",
        &format!("<dd class=\"text\">{TUTOR}</dd>"),
        &format!(
            "<dd class=\"text\">{} {}</dd>",
            step.shown_as(),
            step.label()
        ),
        &format!("signed off on 2026-03-02 by {ASSESSOR}"),
        // Self-assessment: quick and detailed side by side, N/A in words.
        "<tr><td>C07 Communication</td><td>3 of 4</td><td>good</td></tr>",
        "<td>not applicable</td>",
        // The claimed competence with the model's description and its evidence.
        "<h3>C07 Communication</h3>",
        &format!("<p class=\"text\">{description}</p>"),
        "<td>reference-letter for communication</td><td>reference letter</td><td>2024-05-04</td>",
        &format!(
            "<td>{}</td><td>meeting minutes</td><td>2025-11-03</td>",
            escaped(TRICKY_TITLE)
        ),
        "Kept the minutes of 12 meetings.\nShared them the same day.",
        // The result.
        "<dt>Decision</dt><dd class=\"text\">Validated</dd>",
        "<dt>Level</dt><dd class=\"text\">Accomplished</dd>",
        "mid-low (context mid-low, task mid-low, autonomy mid-low), comparable to EQF",
        &format!(
            "<dt>Reasons</dt><dd class=\"text\">{}</dd>",
            escaped(REASONS)
        ),
        "@page { size: A4;",
    ] {
        assert!(html.contains(expected), "{expected:?} missing:\n{html}");
    }
    assert!(!html.contains(TRICKY_TITLE), "a title went out unescaped");
    // Teamwork has a self-rating but neither a claim nor evidence: no section of its own.
    assert!(!html.contains("<h3>C08"), "{html}");
}

#[test]
fn markup_in_a_name_and_a_title_is_printed_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = centre(dir.path());
    let assert = leverup(dir.path())
        .args(["export", "portfolio", TRICKY_NAME, "--out", "-", "--db"])
        .arg(&db)
        .assert()
        .success();
    let html = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert_self_contained(&html);
    let name = escaped(TRICKY_NAME);
    assert!(html.contains(&format!("<title>Portfolio summary: {name}</title>")));
    assert!(html.contains(&format!("<p class=\"subtitle\">{name}</p>")));
    assert!(
        html.contains("<td>Rota &quot;A&amp;B&quot; &lt;b&gt;</td>"),
        "{html}"
    );
    // Evidence supports claimed competences only (the domain's rule), so none is marked
    // "not claimed".
    assert!(!html.contains("(not claimed)"));
    // Nothing she does not have: no self-assessment, no results, no tutor.
    for absent in [
        "Self-assessment",
        "Assessment result",
        "<dt>Tutor",
        "<dt>E-mail",
    ] {
        assert!(!html.contains(absent), "{absent:?} in:\n{html}");
    }
}

#[test]
fn without_out_the_file_is_named_after_the_candidate_here() {
    let dir = tempfile::tempdir().unwrap();
    let (db, giulia) = centre(dir.path());
    let work = dir.path().join("work");
    std::fs::create_dir(&work).unwrap();
    leverup(dir.path())
        .current_dir(&work)
        .args(["export", "portfolio", &giulia, "--db"])
        .arg(&db)
        .assert()
        .success()
        .stderr(predicate::str::contains("portfolio-giulia-rossi.html"));
    let file = work.join("portfolio-giulia-rossi.html");
    assert_eq!(mode(&file), 0o600);
    assert!(
        std::fs::read_to_string(file)
            .unwrap()
            .contains("Giulia Rossi")
    );
    assert_eq!(
        cli_support::names_in(&work),
        ["portfolio-giulia-rossi.html"]
    );
}

#[test]
fn an_unknown_or_ambiguous_candidate_or_a_missing_database_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = centre(dir.path());
    let run = |who: &str, db: &Path| {
        let mut c = leverup(dir.path());
        c.current_dir(dir.path())
            .args(["export", "portfolio", who, "--db"])
            .arg(db);
        c
    };
    run("Nobody Here", &db)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("\"Nobody Here\""));
    let ambiguous = run("Marco Bianchi", &db).assert().code(2);
    let err = String::from_utf8(ambiguous.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("2 candidates are named \"Marco Bianchi\""),
        "{err}"
    );
    let store = Store::open_existing(&db).unwrap();
    let marcos = store
        .list_candidates(
            &leverup::store::CandidateFilter {
                name: Some("marco".into()),
                ..Default::default()
            },
            10,
            0,
        )
        .unwrap();
    assert_eq!(marcos.len(), 2);
    for m in &marcos {
        assert!(err.contains(&m.id), "{} not listed:\n{err}", m.id);
    }
    drop(store);
    // By id, either of them is fine.
    run(&marcos[0].id, &db)
        .arg("--out")
        .arg("-")
        .assert()
        .success();

    let missing = dir.path().join("nope.db");
    run("Giulia Rossi", &missing)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nope.db"));
    assert!(!missing.exists());
    let written: Vec<String> = cli_support::names_in(dir.path())
        .into_iter()
        .filter(|n| n.ends_with(".html"))
        .collect();
    assert!(written.is_empty(), "{written:?}");
}
