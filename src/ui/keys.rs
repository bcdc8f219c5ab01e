//! Key bindings as the screens see them: contexts, actions, key syntax and resolution.
//!
//! Interim home of the action registry until the `keymap` module lands; screens match on
//! `Action`, never on `KeyCode`, so swapping the source of bindings touches this file only.
//! Must not depend on the domain, the store or the terminal.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where a key is resolved. Order in a stack: overlay → screen → global.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    Global,
    Candidates,
    Overview,
    Portfolio,
    Interview,
    Notes,
    Scoring,
    Review,
    Jump,
    Confirm,
    Help,
    Form,
}

impl Context {
    /// Text-entry contexts only intercept Ctrl/Alt/F-keys, Esc, Enter and Tab.
    pub fn is_text(self) -> bool {
        matches!(self, Context::Notes | Context::Form)
    }

    /// Modal contexts do not fall through to the screen (quit still works).
    pub fn is_modal(self) -> bool {
        matches!(
            self,
            Context::Jump | Context::Confirm | Context::Help | Context::Form | Context::Notes
        )
    }
}

macro_rules! actions {
    ($($variant:ident => $name:literal, $desc:literal;)+) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Action { $($variant),+ }

        impl Action {
            pub fn name(self) -> &'static str {
                match self { $(Action::$variant => $name),+ }
            }
            pub fn description(self) -> &'static str {
                match self { $(Action::$variant => $desc),+ }
            }
        }
    };
}

actions! {
    Quit => "quit", "quit (saves first)";
    Help => "help", "help";
    Save => "save", "save now";
    Back => "back", "back";
    Up => "up", "up";
    Down => "down", "down";
    Left => "left", "previous value";
    Right => "right", "next value";
    PageUp => "page_up", "page up";
    PageDown => "page_down", "page down";
    Top => "top", "first";
    Bottom => "bottom", "last";
    Open => "open", "open";
    NextField => "next_field", "next field";
    PrevField => "prev_field", "previous field";
    Filter => "filter", "filter by name";
    CycleStatus => "cycle_status", "status filter";
    NewCandidate => "new_candidate", "new candidate";
    LoadDemo => "load_demo", "load demo";
    StartAssessment => "start_assessment", "start assessment";
    Portfolio => "portfolio", "portfolio check";
    Interview => "interview", "interview";
    Scoring => "scoring", "scoring";
    Review => "review", "review";
    Jump => "jump", "jump to competence";
    Edit => "edit", "edit text";
    NextCompetence => "next_competence", "next competence";
    PrevCompetence => "prev_competence", "previous competence";
    Met => "met", "Met";
    PartlyMet => "partly_met", "Partly met";
    NotMet => "not_met", "Not met";
    ConfirmLevel => "confirm_level", "confirm suggestion";
    Finalise => "finalise", "finalise";
    Yes => "yes", "yes";
    No => "no", "no";
    Submit => "submit", "submit";
}

/// The default bindings: arrows, Enter, Esc back, Tab between fields, mnemonic letters.
const DEFAULTS: &[(Context, Action, &[&str])] = &[
    (Context::Global, Action::Quit, &["ctrl-q"]),
    (Context::Global, Action::Help, &["?", "f1"]),
    (Context::Global, Action::Save, &["ctrl-s"]),
    (Context::Candidates, Action::Up, &["up"]),
    (Context::Candidates, Action::Down, &["down"]),
    (Context::Candidates, Action::PageUp, &["pageup"]),
    (Context::Candidates, Action::PageDown, &["pagedown"]),
    (Context::Candidates, Action::Top, &["home"]),
    (Context::Candidates, Action::Bottom, &["end"]),
    (Context::Candidates, Action::Open, &["enter"]),
    (Context::Candidates, Action::Filter, &["/"]),
    (Context::Candidates, Action::CycleStatus, &["s"]),
    (Context::Candidates, Action::NewCandidate, &["n"]),
    (Context::Candidates, Action::LoadDemo, &["D"]),
    (Context::Overview, Action::Up, &["up"]),
    (Context::Overview, Action::Down, &["down"]),
    (Context::Overview, Action::StartAssessment, &["a"]),
    (Context::Overview, Action::Portfolio, &["p"]),
    (Context::Overview, Action::Interview, &["i", "enter"]),
    (Context::Overview, Action::Scoring, &["s"]),
    (Context::Overview, Action::Review, &["r"]),
    (Context::Overview, Action::Back, &["esc"]),
    (Context::Portfolio, Action::Up, &["up"]),
    (Context::Portfolio, Action::Down, &["down"]),
    (Context::Portfolio, Action::Met, &["m"]),
    (Context::Portfolio, Action::PartlyMet, &["p"]),
    (Context::Portfolio, Action::NotMet, &["x"]),
    (Context::Portfolio, Action::Edit, &["enter", "e"]),
    (Context::Portfolio, Action::NextCompetence, &["]", "tab"]),
    (
        Context::Portfolio,
        Action::PrevCompetence,
        &["[", "shift-tab"],
    ),
    (Context::Portfolio, Action::Jump, &["g"]),
    (Context::Portfolio, Action::Interview, &["i"]),
    (Context::Portfolio, Action::Scoring, &["s"]),
    (Context::Portfolio, Action::Review, &["r"]),
    (Context::Portfolio, Action::Back, &["esc"]),
    (Context::Interview, Action::Up, &["up"]),
    (Context::Interview, Action::Down, &["down"]),
    (Context::Interview, Action::Edit, &["enter", "e"]),
    (Context::Interview, Action::NextCompetence, &["]", "tab"]),
    (
        Context::Interview,
        Action::PrevCompetence,
        &["[", "shift-tab"],
    ),
    (Context::Interview, Action::Jump, &["g"]),
    (Context::Interview, Action::Scoring, &["s"]),
    (Context::Interview, Action::Portfolio, &["p"]),
    (Context::Interview, Action::Review, &["r"]),
    (Context::Interview, Action::Back, &["esc"]),
    (Context::Notes, Action::Back, &["esc"]),
    (Context::Notes, Action::NextField, &["tab"]),
    (Context::Scoring, Action::Up, &["up"]),
    (Context::Scoring, Action::Down, &["down"]),
    (Context::Scoring, Action::Left, &["left"]),
    (Context::Scoring, Action::Right, &["right"]),
    (Context::Scoring, Action::ConfirmLevel, &["c"]),
    (Context::Scoring, Action::Edit, &["enter", "e"]),
    (Context::Scoring, Action::NextCompetence, &["]", "tab"]),
    (
        Context::Scoring,
        Action::PrevCompetence,
        &["[", "shift-tab"],
    ),
    (Context::Scoring, Action::Jump, &["g"]),
    (Context::Scoring, Action::Review, &["r"]),
    (Context::Scoring, Action::Interview, &["i"]),
    (Context::Scoring, Action::Portfolio, &["p"]),
    (Context::Scoring, Action::Back, &["esc"]),
    (Context::Review, Action::Up, &["up"]),
    (Context::Review, Action::Down, &["down"]),
    (Context::Review, Action::Open, &["enter"]),
    (Context::Review, Action::Finalise, &["f"]),
    (Context::Review, Action::Back, &["esc"]),
    (Context::Jump, Action::Up, &["up"]),
    (Context::Jump, Action::Down, &["down"]),
    (Context::Jump, Action::Open, &["enter"]),
    (Context::Jump, Action::Back, &["esc", "g"]),
    (Context::Confirm, Action::Yes, &["y", "enter"]),
    (Context::Confirm, Action::No, &["n", "esc"]),
    (Context::Help, Action::Back, &["esc", "?", "f1", "q"]),
    (Context::Form, Action::Submit, &["enter"]),
    (Context::Form, Action::NextField, &["tab"]),
    (Context::Form, Action::PrevField, &["shift-tab"]),
    (Context::Form, Action::Back, &["esc"]),
];

/// The live bindings, resolved against a context stack.
#[derive(Debug, Clone)]
pub struct Bindings {
    entries: Vec<(Context, Action, Vec<KeyEvent>, Vec<String>)>,
}

impl Default for Bindings {
    fn default() -> Self {
        let entries = DEFAULTS
            .iter()
            .map(|(ctx, action, keys)| {
                let events = keys.iter().filter_map(|k| parse_key(k)).collect();
                let names = keys.iter().map(|k| (*k).to_string()).collect();
                (*ctx, *action, events, names)
            })
            .collect();
        Bindings { entries }
    }
}

impl Bindings {
    /// Resolves `key` against `stack` (innermost first), then the global context.
    /// A modal context stops the search except for quit.
    pub fn resolve(&self, stack: &[Context], key: KeyEvent) -> Option<Action> {
        let key = normalise(key);
        for ctx in stack {
            if ctx.is_text() && !intercepted_in_text(key) {
                return None;
            }
            if let Some(a) = self.lookup(*ctx, key) {
                return Some(a);
            }
            if ctx.is_modal() {
                return self
                    .lookup(Context::Global, key)
                    .filter(|a| *a == Action::Quit || (*a == Action::Save && ctx.is_text()));
            }
        }
        self.lookup(Context::Global, key)
    }

    fn lookup(&self, ctx: Context, key: KeyEvent) -> Option<Action> {
        self.entries
            .iter()
            .find(|(c, _, keys, _)| *c == ctx && keys.contains(&key))
            .map(|(_, a, _, _)| *a)
    }

    /// (keys, description) for each action of `ctx`, in registry order.
    pub fn bindings_for(&self, ctx: Context) -> Vec<(String, &'static str)> {
        self.entries
            .iter()
            .filter(|(c, _, _, names)| *c == ctx && !names.is_empty())
            .map(|(_, a, _, names)| (names.join(", "), a.description()))
            .collect()
    }

    /// The first key bound to `action` in `ctx`, for hints such as "press a to start".
    pub fn key_for(&self, ctx: Context, action: Action) -> String {
        self.entries
            .iter()
            .find(|(c, a, _, _)| *c == ctx && *a == action)
            .and_then(|(_, _, _, names)| names.first().cloned())
            .unwrap_or_else(|| "(unbound)".to_string())
    }
}

fn intercepted_in_text(key: KeyEvent) -> bool {
    key.modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        || matches!(
            key.code,
            KeyCode::F(_) | KeyCode::Esc | KeyCode::Enter | KeyCode::Tab | KeyCode::BackTab
        )
}

/// `shift-g` ≡ `G`, BackTab ≡ `shift-tab`: one spelling per physical key.
pub fn normalise(mut key: KeyEvent) -> KeyEvent {
    key.kind = crossterm::event::KeyEventKind::Press;
    key.state = crossterm::event::KeyEventState::NONE;
    match key.code {
        KeyCode::BackTab => {
            key.code = KeyCode::Tab;
            key.modifiers |= KeyModifiers::SHIFT;
        }
        KeyCode::Char(c) => {
            if key.modifiers.contains(KeyModifiers::SHIFT) && c.is_ascii_alphabetic() {
                key.code = KeyCode::Char(c.to_ascii_uppercase());
            }
            // Printable characters carry their shift in the character itself.
            if key.code != KeyCode::Char(' ') || !key.modifiers.is_empty() {
                key.modifiers.remove(KeyModifiers::SHIFT);
            }
        }
        _ => {}
    }
    key
}

/// Parses one key in the keymap syntax: `ctrl-s`, `shift-tab`, `G`, `f1`, `space`, `/`.
pub fn parse_key(s: &str) -> Option<KeyEvent> {
    let mut mods = KeyModifiers::NONE;
    let mut rest = s;
    loop {
        let lower = rest.to_ascii_lowercase();
        let (m, len) = if lower.starts_with("ctrl-") {
            (KeyModifiers::CONTROL, 5)
        } else if lower.starts_with("alt-") {
            (KeyModifiers::ALT, 4)
        } else if lower.starts_with("shift-") {
            (KeyModifiers::SHIFT, 6)
        } else {
            break;
        };
        if rest.len() == len {
            break;
        }
        mods |= m;
        rest = &rest[len..];
    }
    let code = match rest.to_ascii_lowercase().as_str() {
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" => {
            mods |= KeyModifiers::SHIFT;
            KeyCode::Tab
        }
        "backspace" => KeyCode::Backspace,
        "delete" | "del" => KeyCode::Delete,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pageup" => KeyCode::PageUp,
        "pagedown" => KeyCode::PageDown,
        "space" => KeyCode::Char(' '),
        lower if lower.len() > 1 && lower.starts_with('f') => {
            KeyCode::F(lower[1..].parse().ok().filter(|n| (1..=24).contains(n))?)
        }
        _ => {
            let mut chars = rest.chars();
            let c = chars.next()?;
            if chars.next().is_some() {
                return None;
            }
            KeyCode::Char(c)
        }
    };
    Some(normalise(KeyEvent::new(code, mods)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_round_trips_common_keys() {
        assert_eq!(
            parse_key("ctrl-q"),
            Some(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::CONTROL))
        );
        assert_eq!(parse_key("shift-g"), parse_key("G"));
        assert_eq!(
            parse_key("backtab"),
            Some(normalise(KeyEvent::new(
                KeyCode::BackTab,
                KeyModifiers::SHIFT
            )))
        );
        assert_eq!(parse_key("f1").map(|k| k.code), Some(KeyCode::F(1)));
        assert_eq!(parse_key("nonsense"), None);
    }

    #[test]
    fn text_contexts_let_letters_through_but_not_quit() {
        let b = Bindings::default();
        let q = parse_key("q").unwrap();
        assert_eq!(b.resolve(&[Context::Notes, Context::Interview], q), None);
        let cq = parse_key("ctrl-q").unwrap();
        assert_eq!(b.resolve(&[Context::Notes], cq), Some(Action::Quit));
        assert_eq!(
            b.resolve(&[Context::Notes], parse_key("ctrl-s").unwrap()),
            Some(Action::Save)
        );
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for (i, (c1, a1, k1)) in DEFAULTS.iter().enumerate() {
            for (c2, a2, k2) in &DEFAULTS[i + 1..] {
                if c1 == c2 {
                    for k in k1.iter() {
                        assert!(!k2.contains(k), "{k} bound to {a1:?} and {a2:?} in {c1:?}");
                    }
                }
            }
        }
    }
}
