//! Helpers for driving the `App` without a terminal: key scripts in the keymap syntax.
//!
//! Used by tests and benches; must not touch the terminal.

use super::app::App;
use super::keys::parse_key;
use super::msg::Msg;

/// Sends each space-separated key of `script` (`"down down enter"`, `"ctrl-s"`).
/// Unknown key names panic on purpose: a typo in a test script must not pass silently.
pub fn keys(app: &mut App, script: &str) {
    for k in script.split_whitespace() {
        match parse_key(k) {
            Some(ev) => app.update(Msg::Key(ev)),
            None => panic!("unknown key in script: {k:?}"),
        }
    }
}

/// Types `text` character by character, as a person would.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        let code = if c == '\n' {
            crossterm::event::KeyCode::Enter
        } else {
            crossterm::event::KeyCode::Char(c)
        };
        app.update(Msg::Key(crossterm::event::KeyEvent::new(
            code,
            crossterm::event::KeyModifiers::NONE,
        )));
    }
}

/// From the candidate list: registers `name` claiming `codes` (e.g. "C01 C08"), documents
/// the portfolio with two current evidence items of two kinds for every claim, and moves
/// the candidate on to Documentation, ready for the formal assessment. Ends on the overview.
pub fn register_documented(app: &mut App, name: &str, codes: &str) {
    keys(app, "n");
    type_text(app, name);
    keys(app, "tab");
    type_text(app, codes);
    // On to the consent date (today, offered), which submits.
    keys(app, "enter enter");
    for (title, kind, date) in [
        (
            "Reference letter from the food bank",
            "reference letter",
            "2025-06-01",
        ),
        ("Volunteer service certificate", "certificate", "2024-09-15"),
    ] {
        keys(app, "e tab");
        type_text(app, title);
        keys(app, "tab");
        type_text(app, kind);
        keys(app, "tab");
        type_text(app, date);
        keys(app, "enter");
    }
    // Awareness → Identification → Documentation.
    keys(app, "n n");
}

/// The app on `store` with the fixture model, the default keys and a clock fixed at
/// 2026-03-02 09:00 UTC (the date the tests' dates are written against).
pub fn app_at_test_time(store: crate::store::Store, theme: crate::ui::Theme) -> App {
    use chrono::TimeZone;
    let at = chrono::Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
    App::with_clock(
        store,
        fixture_model(),
        crate::ui::Keymap::default_bindings(),
        theme,
        crate::ui::Clock::Fixed(std::rc::Rc::new(std::cell::Cell::new(at))),
    )
}

/// The screen as text at 80×24, as the snapshots and scenario tests read it.
pub fn screen_text(app: &App) -> String {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24))
        .expect("a test terminal");
    // A TestBackend cannot fail to draw.
    let _ = t.draw(|f| crate::ui::screens::render(app, f));
    t.backend().to_string()
}

/// In the focused form field holding `old`: erases it and types `new`.
pub fn retype(app: &mut App, old: &str, new: &str) {
    for _ in old.chars() {
        keys(app, "backspace");
    }
    type_text(app, new);
}

/// First run at `centre` as `name` in `role` ("tutor", "both"; "assessor" is prefilled).
pub fn first_run_as(app: &mut App, centre: &str, name: &str, role: &str) {
    type_text(app, centre);
    keys(app, "tab");
    type_text(app, name);
    keys(app, "tab");
    retype(app, "assessor", role);
    keys(app, "enter");
}

/// First run as a tutor of `centre`.
pub fn first_run_as_tutor(app: &mut App, centre: &str, name: &str) {
    first_run_as(app, centre, name, "tutor");
}

/// From the tutor's list: registers `name` and records the registration on the dossier
/// (e-mail, language, goal, consent today). Ends on the dossier's registration.
pub fn register_as_tutor(app: &mut App, name: &str, email: &str) {
    keys(app, "n");
    type_text(app, name);
    // No claims yet (they are made on the self-assessment); consent today, prefilled.
    keys(app, "enter enter enter enter tab");
    type_text(app, email);
    keys(app, "tab");
    type_text(app, "it");
    keys(app, "tab");
    type_text(app, "job");
    // On to the consent date (today's, prefilled), which submits.
    keys(app, "enter enter");
}

/// A small, stable model for tests and snapshots: three competences, the five portfolio
/// criteria, both scales. Independent of the shipped data so snapshots only change when
/// the screens do.
pub fn fixture_model() -> crate::domain::model::Model {
    use crate::domain::model::*;
    use crate::domain::scales::{Complexity, Dimension, OutcomeLevel};
    let levels = |what: &str| {
        OutcomeLevel::ALL
            .iter()
            .map(|l| LevelDescriptor {
                level: *l,
                descriptor: format!("{} {what}", l.label()),
            })
            .collect::<Vec<_>>()
    };
    let competence = |n: u32, name: &str, cluster: &str| Competence {
        id: format!("c{n:02}"),
        code: format!("C{n:02}"),
        name: name.to_string(),
        cluster: cluster.to_string(),
        description: format!("{name}: acts on it in volunteer work, reliably and visibly."),
        outcomes: levels(&format!("level of {}", name.to_lowercase())),
        indicators: (1..=4)
            .map(|i| Indicator {
                id: format!("c{n:02}-i{i}"),
                text: format!("{name} indicator {i}"),
            })
            .collect(),
        activities: vec!["coordinating a food drive".into()],
        evidence_examples: vec!["reference letter".into()],
        key_competences: vec![],
        esco: vec![],
        questions: (1..=3)
            .map(|q| Question {
                text: format!(
                    "Tell me about a time you showed {} ({q}).",
                    name.to_lowercase()
                ),
                probes: vec!["What did you do?".into(), "What came of it?".into()],
            })
            .collect(),
    };
    let anchors = |d: &str| {
        Complexity::ALL
            .iter()
            .map(|c| (*c, format!("{d} is {}", c.label())))
            .collect::<Vec<_>>()
    };
    Model {
        id: "lever-up".into(),
        version: "test-1".into(),
        title: "LEVER UP (test fixture)".into(),
        clusters: vec![Cluster {
            id: "personal".into(),
            name: "Personal".into(),
            description: "Personal competences".into(),
        }],
        outcome_scale: levels("in general"),
        complexity_scale: Dimension::ALL
            .iter()
            .map(|d| DimensionScale {
                dimension: *d,
                name: d.label().into(),
                question: format!("How complex was the {}?", d.code()),
                anchors: anchors(d.label()),
            })
            .collect(),
        eqf_bands: vec![
            EqfBand {
                complexity: Complexity::Low,
                label: "comparable to EQF 1-2".into(),
            },
            EqfBand {
                complexity: Complexity::MidLow,
                label: "comparable to EQF 3".into(),
            },
            EqfBand {
                complexity: Complexity::MidHigh,
                label: "comparable to EQF 4".into(),
            },
            EqfBand {
                complexity: Complexity::High,
                label: "comparable to EQF 5+".into(),
            },
        ],
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
            .iter()
            .map(|c| CheckCriterion {
                id: (*c).into(),
                name: format!("{}{}", c[..1].to_uppercase(), &c[1..]),
                question: format!("Is the evidence showing {c}?"),
            })
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
        competences: vec![
            competence(1, "Responsibility", "personal"),
            competence(7, "Communication", "social"),
            competence(8, "Teamwork", "social"),
        ],
    }
}
