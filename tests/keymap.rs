//! Keymap behaviour seen from outside: the shipped files, user overrides, diagnostics with
//! line:col, resolution through the context stack, and the generated documentation.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use leverup::diagnostics::Diagnostic;
use leverup::keymap::{
    self, Action, Context, DEFAULT_TOML, Key, Keymap, REGISTRY, VIM_TOML, from_sources,
};

const DEFAULT: (&str, &str) = ("keymaps/default.toml", DEFAULT_TOML);

fn k(s: &str) -> Key {
    Key::parse(s).expect(s)
}

fn ev(s: &str) -> KeyEvent {
    k(s).to_event()
}

fn with_user(user: &str) -> Result<Keymap, Vec<Diagnostic>> {
    from_sources(&[DEFAULT, ("user.toml", user)])
}

fn errors(user: &str) -> Vec<String> {
    match with_user(user) {
        Ok(_) => panic!("expected problems in:\n{user}"),
        Err(diags) => diags.iter().map(ToString::to_string).collect(),
    }
}

fn keys(map: &Keymap, context: Context, action: Action) -> Vec<String> {
    map.keys(context, action)
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn shipped_default_loads_without_problems_and_binds_every_action() {
    let map = from_sources(&[DEFAULT]).unwrap_or_else(|d| panic!("{d:#?}"));
    for spec in REGISTRY {
        assert!(
            !map.keys(spec.context, spec.action).is_empty(),
            "[{}] {} is unbound in default.toml",
            spec.context,
            spec.action
        );
    }
    assert_eq!(keys(&map, Context::Global, Action::Quit), ["ctrl-q"]);
    let built_in = Keymap::default_bindings();
    assert_eq!(
        built_in.keys(Context::Global, Action::Help),
        map.keys(Context::Global, Action::Help)
    );
}

#[test]
fn vim_preset_loads_and_keeps_essentials() {
    let map = keymap::load(Some("vim"), None).unwrap_or_else(|d| panic!("{d:#?}"));
    for spec in REGISTRY.iter().filter(|s| s.essential) {
        assert!(
            !map.keys(spec.context, spec.action).is_empty(),
            "{}",
            spec.action
        );
    }
    assert_eq!(keys(&map, Context::Candidates, Action::Down), ["j", "down"]);
    assert_eq!(
        keys(&map, Context::Candidates, Action::Bottom),
        ["G", "end"]
    );
    assert_eq!(keys(&map, Context::Overview, Action::Up), ["up", "k"]);
    assert_eq!(keys(&map, Context::Interview, Action::Jump), ["g"]);
    let via_sources = from_sources(&[DEFAULT, ("keymaps/vim.toml", VIM_TOML)]);
    assert!(via_sources.is_ok());
}

#[test]
fn named_specs_and_missing_files() {
    assert!(keymap::load(None, None).is_ok());
    assert!(keymap::load(Some("default"), None).is_ok());
    let missing_user = std::path::Path::new("/nonexistent/leverup/keymap.toml");
    assert!(
        keymap::load(None, Some(missing_user)).is_ok(),
        "an absent user file is fine"
    );
    let err = keymap::load(Some("vimm"), None).expect_err("no such file");
    assert_eq!(err.len(), 1);
    assert_eq!(err[0].hint.as_deref(), Some("did you mean \"vim\"?"));
}

#[test]
fn user_file_from_disk_is_applied_last() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("keymap.toml");
    std::fs::write(&path, "[candidates]\ndown = { add = [\"ctrl-n\"] }\n").expect("write");
    let map = keymap::load(Some("vim"), Some(&path)).unwrap_or_else(|d| panic!("{d:#?}"));
    assert_eq!(
        keys(&map, Context::Candidates, Action::Down),
        ["j", "down", "ctrl-n"]
    );
    let as_spec = keymap::load(path.to_str(), None).unwrap_or_else(|d| panic!("{d:#?}"));
    assert_eq!(
        keys(&as_spec, Context::Candidates, Action::Down),
        ["down", "ctrl-n"]
    );
}

#[test]
fn user_override_replaces_adds_removes_and_unbinds() {
    let map = with_user(
        r#"
[candidates]
up = ["k"]
down = { add = ["j"] }
load_demo = []

[interview]
jump = { remove = ["g"] }
"#,
    )
    .unwrap_or_else(|d| panic!("{d:#?}"));
    assert_eq!(keys(&map, Context::Candidates, Action::Up), ["k"]);
    assert_eq!(keys(&map, Context::Candidates, Action::Down), ["down", "j"]);
    assert!(keys(&map, Context::Candidates, Action::LoadDemo).is_empty());
    assert_eq!(keys(&map, Context::Interview, Action::Jump), ["j"]);
    assert_eq!(map.resolve(&[Context::Candidates], ev("up")), None);
    assert_eq!(
        map.resolve(&[Context::Candidates], ev("k")),
        Some(Action::Up)
    );
}

#[test]
fn every_mistake_is_reported_with_line_and_column() {
    let src = r#"[global]
quit = ["ctlr-q"]
hepl = ["?"]

[candidate]
up = ["k"]

[candidates]
down = "j"
top = ["g", 3]
page_down = ["n"]

[notes]
save = ["a"]
leave = []

[overview]
open = { ad = ["o"] }
"#;
    let got = errors(src);
    let expected = [
        "user.toml:2:8: `quit` in [global] must stay bound: quit leverup (notes are saved first)\n  hint: the default is `quit = [\"ctrl-q\"]`",
        "user.toml:2:9: bad key `ctlr-q`: unknown modifier `ctlr` (use ctrl-, alt- or shift-)\n  hint: did you mean \"ctrl\"?",
        "user.toml:3:1: unknown action `hepl` in [global]\n  hint: did you mean \"help\"?",
        "user.toml:5:2: unknown context `candidate`\n  hint: did you mean \"candidates\"?",
        "user.toml:9:8: `down` expects a list of keys, found string",
        "user.toml:10:13: a key must be a string, found integer",
        "user.toml:11:14: `n` is bound twice in [candidates]: to `page_down` and to `new_candidate`",
        "user.toml:14:9: `a` cannot be bound in [notes]: it would be typed",
        "user.toml:15:9: `leave` in [notes] must stay bound: stop typing (notes are saved)",
        "user.toml:18:10: unknown operation `ad`\n  hint: did you mean \"add\"?",
    ];
    for (i, want) in expected.iter().enumerate() {
        let line = got.get(i).map(String::as_str).unwrap_or("<missing>");
        assert!(
            line.starts_with(want),
            "#{i}\n got: {line}\nwant: {want}\n all: {got:#?}"
        );
    }
    // `quit` lost its only key to the typo, so it is reported as unbound too (first above).
    assert_eq!(got.len(), expected.len(), "{got:#?}");
}

#[test]
fn context_key_hiding_a_global_action_is_reported() {
    let got = errors("[candidates]\nfilter = [\"ctrl-q\"]\n");
    assert_eq!(got.len(), 1, "{got:#?}");
    assert!(
        got[0].starts_with(
            "user.toml:2:11: `ctrl-q` for `filter` in [candidates] hides the global `quit`"
        ),
        "{got:#?}"
    );
    assert!(got[0].contains("keymaps/default.toml:13:"), "{got:#?}");
    // Standing in for the global action is fine (esc closes the menu instead of going back).
    assert!(with_user("[jump]\nclose = [\"esc\", \"q\"]\n").is_ok());
    // Modal contexts hide only quit; `?` in confirm is not a conflict but ctrl-q is.
    assert!(with_user("[confirm]\nyes = [\"?\"]\n").is_ok());
    assert_eq!(errors("[confirm]\nyes = [\"ctrl-q\"]\n").len(), 1);
}

#[test]
fn conflict_between_global_and_user_global_is_reported_at_the_later_binding() {
    let got = errors("[global]\nsave = [\"ctrl-q\"]\n");
    assert!(
        got.iter()
            .any(|d| d.starts_with("user.toml:2:9: `ctrl-q` is bound twice in [global]")),
        "{got:#?}"
    );
}

#[test]
fn misplaced_action_and_toml_syntax_errors() {
    let got = errors("quit = [\"ctrl-x\"]\n");
    assert!(got[0].starts_with("user.toml:1:1: unknown context `quit`\n  hint: `quit` is an action; put it under [global]"), "{got:#?}");
    let got = errors("[overview]\nfilter = [\"/\"]\n");
    assert!(
        got[0].ends_with("hint: `filter` belongs to [candidates]"),
        "{got:#?}"
    );
    let got = errors("[global\nquit = [\"ctrl-q\"]\n");
    assert!(got[0].starts_with("user.toml:1:"), "{got:#?}");
    let got = errors("[form]\nsubmit = [\"up\"]\n");
    let edits = "user.toml:2:11: `up` cannot be bound in [form]: it edits the text";
    assert!(got.iter().any(|d| d.starts_with(edits)), "{got:#?}");
}

#[test]
fn resolution_goes_overlay_screen_global() {
    let map = Keymap::default_bindings();
    use Context::*;
    assert_eq!(map.resolve(&[Candidates], ev("enter")), Some(Action::Open));
    assert_eq!(map.resolve(&[Candidates], ev("ctrl-q")), Some(Action::Quit));
    assert_eq!(map.resolve(&[Candidates], ev("esc")), Some(Action::Back));
    assert_eq!(map.resolve(&[Candidates], ev("z")), None);
    // `p` means portfolio on the overview but partly met on the portfolio screen.
    assert_eq!(map.resolve(&[Overview], ev("p")), Some(Action::Portfolio));
    assert_eq!(map.resolve(&[Portfolio], ev("p")), Some(Action::PartlyMet));
    // A non-modal screen lets the screen below answer what it does not know.
    assert_eq!(
        map.resolve(&[Candidates, Overview], ev("/")),
        Some(Action::Filter)
    );
    assert_eq!(
        map.resolve(&[Interview], ev("shift-tab")),
        Some(Action::PrevCompetence)
    );
    let backtab = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(
        map.resolve(&[Interview], backtab),
        Some(Action::PrevCompetence)
    );
    let release =
        KeyEvent::new_with_kind(KeyCode::Enter, KeyModifiers::NONE, KeyEventKind::Release);
    assert_eq!(map.resolve(&[Candidates], release), None);
}

#[test]
fn modal_contexts_let_only_quit_through() {
    let map = Keymap::default_bindings();
    use Context::*;
    assert_eq!(
        map.resolve(&[Interview, Confirm], ev("y")),
        Some(Action::Yes)
    );
    assert_eq!(
        map.resolve(&[Interview, Confirm], ev("esc")),
        Some(Action::No)
    );
    assert_eq!(
        map.resolve(&[Interview, Confirm], ev("r")),
        None,
        "no fall-through to the screen"
    );
    assert_eq!(
        map.resolve(&[Interview, Confirm], ev("ctrl-s")),
        None,
        "nor to global save"
    );
    assert_eq!(
        map.resolve(&[Interview, Confirm], ev("ctrl-q")),
        Some(Action::Quit)
    );
    assert_eq!(
        map.resolve(&[Candidates, Help], ev("?")),
        Some(Action::Close)
    );
    assert_eq!(
        map.resolve(&[Candidates, Help], ev("f1")),
        Some(Action::Close)
    );
    assert_eq!(map.resolve(&[Candidates, Help], ev("ctrl-s")), None);
    assert_eq!(
        map.resolve(&[Interview, Jump], ev("enter")),
        Some(Action::Select)
    );
    assert_eq!(map.resolve(&[Interview, Jump], ev("tab")), None);
}

#[test]
fn text_contexts_type_printable_keys() {
    let map = Keymap::default_bindings();
    use Context::*;
    for typed in ["e", "j", "?", "G", "space", "up", "backspace", "home"] {
        assert_eq!(map.resolve(&[Interview, Notes], ev(typed)), None, "{typed}");
        assert_eq!(map.resolve(&[Candidates, Form], ev(typed)), None, "{typed}");
    }
    assert_eq!(
        map.resolve(&[Interview, Notes], ev("esc")),
        Some(Action::Leave)
    );
    assert_eq!(
        map.resolve(&[Interview, Notes], ev("ctrl-s")),
        Some(Action::Save)
    );
    assert_eq!(
        map.resolve(&[Interview, Notes], ev("ctrl-q")),
        Some(Action::Quit)
    );
    assert_eq!(
        map.resolve(&[Interview, Notes], ev("f1")),
        Some(Action::Help)
    );
    // Tab is not bound in notes and must not reach the interview screen behind it.
    assert_eq!(map.resolve(&[Interview, Notes], ev("tab")), None);
    assert_eq!(
        map.resolve(&[Candidates, Form], ev("tab")),
        Some(Action::NextField)
    );
    assert_eq!(
        map.resolve(&[Candidates, Form], ev("enter")),
        Some(Action::Submit)
    );
    assert_eq!(
        map.resolve(&[Candidates, Form], ev("esc")),
        Some(Action::Cancel)
    );
}

#[test]
fn normalisation_makes_spellings_equal() {
    let map =
        with_user("[candidates]\nbottom = [\"shift-g\"]\n").unwrap_or_else(|d| panic!("{d:#?}"));
    let shifted = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
    assert_eq!(
        map.resolve(&[Context::Candidates], shifted),
        Some(Action::Bottom)
    );
    assert_eq!(keys(&map, Context::Candidates, Action::Bottom), ["G"]);
    let map = Keymap::default_bindings();
    let question = KeyEvent::new(KeyCode::Char('?'), KeyModifiers::SHIFT);
    assert_eq!(
        map.resolve(&[Context::Candidates], question),
        Some(Action::Help)
    );
    let ctrl_q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::CONTROL);
    assert_eq!(
        map.resolve(&[Context::Candidates], ctrl_q),
        Some(Action::Quit)
    );
    assert_eq!(k("PageDown"), k("pgdn"));
}

#[test]
fn bindings_and_hints_come_from_the_registry() {
    let map = Keymap::default_bindings();
    let rows = map.bindings_for(Context::Confirm);
    assert_eq!(
        rows[0],
        (
            Action::Yes,
            "yes",
            vec!["y".to_string(), "enter".to_string()]
        )
    );
    let hints = map.hints(Context::Portfolio);
    assert!(
        hints
            .iter()
            .any(|h| h.key == "m" && h.action == Action::Met && h.priority == 1)
    );
    assert!(
        hints
            .iter()
            .any(|h| h.key == "p" && h.action == Action::PartlyMet && h.label == "partly")
    );
    assert!(
        !hints.iter().any(|h| h.action == Action::Up),
        "up is not a hint"
    );
}

#[test]
fn markdown_and_plain_list_every_action() {
    let map = Keymap::default_bindings();
    let md = keymap::markdown(&map);
    let plain = keymap::plain(&map);
    for context in Context::ALL {
        assert!(md.contains(&format!("### `{context}`")), "{context}");
        assert!(plain.contains(&format!("[{context}]")), "{context}");
    }
    for spec in REGISTRY {
        let row = format!("| {} | ", spec.context);
        let cell = format!("| `{}` | {} |", spec.action, spec.description);
        assert!(
            md.lines().any(|l| l.starts_with(&row) && l.contains(&cell)),
            "{cell}"
        );
    }
    assert!(md.contains("| global | `ctrl-q` | `quit` |"));
    assert!(plain.contains("ctrl-q"));
}
