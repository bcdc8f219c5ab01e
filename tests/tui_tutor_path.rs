//! The tutor's whole path for one new candidate, with the real `App` and the real store (in
//! memory): registration with consent → self-assessments (quick, detailed, 360°) → a
//! STARRTT story → evidence (one with a file, hashed) → ready → the request; then the
//! assessor's interview of that candidate sees the evidence and the self-assessment; then
//! the development plan. Rows asserted from the store, not from the screen.

use std::io::Write;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use leverup::domain::process::{PathStatus, Step};
use leverup::domain::self_assessment::Rate;
use leverup::store::{Role, Store};
use leverup::ui::dossier_view::Tab;
use leverup::ui::queries;
use leverup::ui::testing::{
    app_at_test_time, keys, register_as_tutor, retype, screen_text, type_text,
};
use leverup::ui::{App, Screen, Theme};
use sha2::{Digest, Sha256};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()
}

fn app_on(store: Store, who: &str) -> App {
    let session = queries::resolve_person(&store, who).unwrap();
    app_at_test_time(store, Theme::plain()).with_session(Some(session))
}

fn screen(app: &App) -> String {
    screen_text(app)
}

/// Anna assesses, Tina tutors, at the same centre.
fn centre() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    queries::first_run(&mut store, "Centro Milano", "Anna Assessor", now()).unwrap();
    queries::first_run_as(
        &mut store,
        "Centro Milano",
        "Tina Tutor",
        &[Role::Tutor],
        now(),
    )
    .unwrap();
    store
}

fn candidate_id(app: &App) -> String {
    app.dossier
        .as_ref()
        .expect("a dossier is open")
        .candidate_id
        .clone()
}

/// An evidence item through the form: title, kind, date; the claimed competences are
/// prefilled; optional description, file and witness.
fn add_item(app: &mut App, title: &str, kind: &str, date: &str, file: &str, witness: &str) {
    keys(app, "a");
    type_text(app, title);
    keys(app, "tab");
    type_text(app, kind);
    keys(app, "tab");
    type_text(app, date);
    keys(app, "tab tab");
    type_text(app, "What it shows.");
    keys(app, "tab");
    type_text(app, file);
    keys(app, "tab");
    type_text(app, witness);
    keys(app, "enter");
    assert!(
        app.overlay.is_none(),
        "the item was refused: {:?}",
        app.status
    );
}

#[test]
fn the_tutors_path_then_the_assessment_then_the_plan() {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(b"To whom it may concern: Giulia ran our rota.")
        .unwrap();
    let path = file.path().to_string_lossy().to_string();
    let letter_text = b"To whom it may concern: Giulia ran our rota.";
    let sha = Sha256::digest(letter_text)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>();

    let mut app = app_on(centre(), "Tina Tutor");
    assert_eq!(app.screen(), Screen::Candidates);
    assert!(screen(&app).contains("My candidates"));

    // Awareness: registration with consent.
    register_as_tutor(&mut app, "Giulia Rossi", "Giulia@Example.org");
    assert_eq!(app.screen(), Screen::Dossier);
    let id = candidate_id(&app);
    let d = app.store().load_dossier(&id).unwrap();
    assert_eq!(d.profile.email.as_deref(), Some("giulia@example.org"));
    assert_eq!(d.profile.language.as_deref(), Some("it"));
    assert_eq!(
        d.consent.as_ref().map(|c| c.given_on),
        Some(now().date_naive())
    );
    assert_eq!(
        d.tutor_id,
        app.session.as_ref().map(|s| s.assessor_id.clone())
    );

    // Identification: quick ratings and claims for C01 and C07, the detailed
    // self-assessment of C07, a referee.
    keys(&mut app, "n tab 3 c down 4 c d down 4 4 3 4 up d");
    keys(&mut app, "a");
    type_text(&mut app, "Marta Neri");
    keys(&mut app, "tab");
    type_text(&mut app, "volunteer coordinator");
    keys(&mut app, "tab");
    type_text(&mut app, "marta@example.org");
    keys(&mut app, "tab");
    type_text(&mut app, "2026-03-01");
    keys(&mut app, "tab");
    type_text(&mut app, "C01=2 C07=4");
    keys(&mut app, "enter");
    // A STARRTT story about both, with two parts written in their text fields.
    keys(&mut app, "tab a");
    type_text(&mut app, "Food bank rota");
    keys(&mut app, "enter enter enter");
    type_text(&mut app, "The food bank lost its coordinator.");
    keys(&mut app, "esc down enter");
    type_text(&mut app, "Keep the Saturday shifts staffed.");
    keys(&mut app, "esc esc");
    let d = app.store().load_dossier(&id).unwrap();
    assert_eq!(d.path.step, Step::Identification);
    assert_eq!(d.claimed, vec!["c01".to_string(), "c07".to_string()]);
    assert_eq!(d.quick.get("c07"), Some(&Rate::Good));
    assert_eq!(
        d.detailed.get(&("c07".to_string(), "c07-i3".to_string())),
        Some(&Rate::Fair)
    );
    assert_eq!(d.referees.len(), 1);
    let story = d.stories.get(&1).unwrap();
    assert_eq!(story.situation, "The food bank lost its coordinator.");
    assert_eq!(story.task, "Keep the Saturday shifts staffed.");
    assert_eq!(
        story.competences,
        vec!["c01".to_string(), "c07".to_string()]
    );

    // Documentation: two items of two kinds for both claims, one with its file hashed.
    keys(&mut app, "n tab");
    add_item(
        &mut app,
        "Reference letter",
        "reference letter",
        "2025-06-01",
        &path,
        "Marta Neri",
    );
    add_item(
        &mut app,
        "Service certificate",
        "certificate",
        "2024-09-15",
        "",
        "",
    );
    let d = app.store().load_dossier(&id).unwrap();
    assert_eq!(d.path.step, Step::Documentation);
    let letter = d.evidence.get(&1).unwrap();
    let f = letter.file.as_ref().expect("the file is recorded");
    assert_eq!(
        (f.size, f.sha256.as_str()),
        (letter_text.len() as u64, sha.as_str())
    );
    assert_eq!(letter.witness.as_deref(), Some("Marta Neri"));
    assert_eq!(letter.competences.len(), 2);
    // The description is a long text, written like notes and saved on leaving.
    keys(&mut app, "up e");
    assert!(app.editor().is_some(), "{:?}", app.status);
    type_text(&mut app, " Signed by the coordinator.");
    keys(&mut app, "esc");
    let d = app.store().load_dossier(&id).unwrap();
    assert_eq!(
        d.evidence.get(&1).unwrap().description,
        "What it shows. Signed by the coordinator."
    );

    // Ready, then the request to Anna.
    keys(&mut app, "tab");
    let s = screen(&app);
    assert!(s.contains("[x] ready"), "{s}");
    assert!(!s.contains("[ ]"), "{s}");
    keys(&mut app, "r down enter");
    let d = app.store().load_dossier(&id).unwrap();
    let anna = queries::resolve_person(app.store(), "Anna Assessor").unwrap();
    assert_eq!(
        d.request.as_ref().and_then(|r| r.assessor_id.clone()),
        Some(anna.assessor_id.clone())
    );
    keys(&mut app, "ctrl-q");

    // The assessor: the evidence on the portfolio check, the self-ratings on scoring.
    let mut app = app_on(app.into_store(), "Anna Assessor");
    keys(&mut app, "enter");
    assert_eq!(app.screen(), Screen::Overview);
    // The tutor's request names her, before anything is started.
    assert!(screen(&app).contains("requested: Anna"), "{}", screen(&app));
    keys(&mut app, "a");
    assert_eq!(app.screen(), Screen::Portfolio, "{:?}", app.status);
    assert!(screen(&app).contains("Reference letter"));
    // C01: every criterion met; C07 too.
    keys(&mut app, "m m m m m ] m m m m m [ esc i enter");
    type_text(&mut app, "Ran the rota for a year.");
    keys(&mut app, "esc tab enter");
    type_text(&mut app, "Spoke for the volunteers at the board.");
    keys(&mut app, "esc shift-tab r");
    assert_eq!(app.screen(), Screen::Scoring);
    keys(&mut app, "tab");
    assert!(
        screen(&app).contains("self 3"),
        "the candidate's C07 indicator 3"
    );
    // One indicator not shown on each: neither is validated (a valuation, with advice),
    // so the path goes straight on to Looking ahead.
    keys(
        &mut app,
        "2 0 2 2 down c down right down right down right d e",
    );
    type_text(&mut app, "Practise chairing meetings.");
    keys(
        &mut app,
        "esc shift-tab 2 0 2 2 down c down right down right down right d e",
    );
    type_text(&mut app, "Give examples of taking charge.");
    keys(&mut app, "esc esc v f y n");
    let work = app.work.as_ref().unwrap();
    assert!(work.finalised, "{:?}", app.status);
    keys(&mut app, "ctrl-q");

    // Looking ahead: the tutor's plan from the Not validated result, then finished.
    let mut app = app_on(app.into_store(), "Tina Tutor");
    keys(&mut app, "enter");
    assert_eq!(app.screen(), Screen::Dossier);
    while app.view.dossier().map(|v| v.tab) != Some(Tab::Plan) {
        keys(&mut app, "tab");
    }
    let s = screen(&app);
    let decisions: Vec<_> = app
        .work
        .iter()
        .flat_map(|w| {
            w.competences
                .iter()
                .map(|c| (c.competence_id.clone(), c.decision))
        })
        .collect();
    assert!(
        s.contains("Not validated in the assessment"),
        "{s}\n{decisions:?}"
    );
    keys(&mut app, "a");
    type_text(&mut app, "C07");
    keys(&mut app, "tab");
    type_text(&mut app, "Chair the weekly volunteers' meeting");
    keys(&mut app, "tab");
    type_text(&mut app, "Chair two meetings with the coordinator");
    keys(&mut app, "tab");
    type_text(&mut app, "2026-09-01");
    keys(&mut app, "tab");
    retype(&mut app, "wish", "not-validated");
    keys(&mut app, "enter");
    let d = app.store().load_dossier(&id).unwrap();
    let goal = d.plan.get(&1).expect("a goal");
    assert_eq!(goal.competence.as_deref(), Some("c07"));
    assert_eq!(goal.review_on, NaiveDate::from_ymd_opt(2026, 9, 1).unwrap());
    // The actions grow as a long text, saved like notes (here with ctrl-s).
    keys(&mut app, "e");
    type_text(&mut app, "; then one alone");
    assert!(app.unsaved());
    keys(&mut app, "ctrl-s esc");
    let d = app.store().load_dossier(&id).unwrap();
    assert_eq!(
        d.plan.get(&1).unwrap().actions,
        "Chair two meetings with the coordinator; then one alone"
    );
    assert_eq!(d.path.step, Step::LookingAhead);
    keys(&mut app, "F");
    let d = app.store().load_dossier(&id).unwrap();
    assert_eq!(d.path.status, PathStatus::Completed, "{:?}", app.status);
}
