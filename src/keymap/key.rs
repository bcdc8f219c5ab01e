//! Key syntax: parsing `ctrl-s`/`shift-tab`/`G`/`f1`, normalising crossterm events to the
//! same form, and displaying keys the way keymap files write them.
//!
//! One normal form makes `shift-g`, `G` and a terminal's `Char('G') + SHIFT` the same key, and
//! `BackTab` the same as `shift-tab`, so lookups are plain equality. Depends on crossterm's key
//! types only.

use std::fmt;
use std::str::FromStr;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::diagnostics::did_you_mean;

/// A key in normal form. Build it with [`Key::new`], [`Key::parse`] or [`Key::from_event`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    code: KeyCode,
    mods: KeyModifiers,
}

/// Why a key string could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("empty key")]
    Empty,
    #[error("unknown modifier `{0}` (use ctrl-, alt- or shift-)")]
    UnknownModifier(String),
    #[error("missing key after `{0}`")]
    MissingKey(String),
    #[error("unknown key name `{0}`")]
    UnknownName(String),
    #[error("`shift-{0}` depends on the keyboard layout; write the character it types instead")]
    ShiftOnSymbol(char),
}

impl KeyError {
    /// A spelling suggestion, when the mistake is close to a known word.
    pub fn hint(&self) -> Option<String> {
        match self {
            KeyError::UnknownModifier(m) => did_you_mean(m, MODIFIERS.iter().copied()),
            KeyError::UnknownName(n) => did_you_mean(n, NAMES.iter().map(|(name, _)| *name))
                .or_else(|| {
                    Some(format!(
                        "key names: {}, f1…f12 or one character",
                        name_list()
                    ))
                }),
            KeyError::ShiftOnSymbol(_) => Some("for example `?` rather than `shift-/`".into()),
            KeyError::Empty | KeyError::MissingKey(_) => None,
        }
    }
}

const MODIFIERS: [&str; 4] = ["ctrl", "alt", "shift", "control"];

/// Named keys; the first spelling of each code is the one used for display.
const NAMES: [(&str, KeyCode); 20] = [
    ("enter", KeyCode::Enter),
    ("return", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("escape", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("del", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pgup", KeyCode::PageUp),
    ("pageup", KeyCode::PageUp),
    ("pgdn", KeyCode::PageDown),
    ("pagedown", KeyCode::PageDown),
];

fn name_list() -> String {
    let mut seen: Vec<KeyCode> = Vec::new();
    let mut out: Vec<&str> = vec!["space"];
    for (name, code) in NAMES {
        if !seen.contains(&code) {
            seen.push(code);
            out.push(name);
        }
    }
    out.join(", ")
}

impl Key {
    /// Normalises: only ctrl/alt/shift count; `BackTab` is `shift-tab`; for characters the
    /// shift is folded into the character itself (`shift-g` is `G`, shifted `?` is `?`).
    pub fn new(code: KeyCode, mods: KeyModifiers) -> Key {
        let mut mods = mods & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let mut code = code;
        if code == KeyCode::BackTab {
            code = KeyCode::Tab;
            mods |= KeyModifiers::SHIFT;
        }
        if let KeyCode::Char(c) = code
            && mods.contains(KeyModifiers::SHIFT)
        {
            code = KeyCode::Char(upper(c));
            mods.remove(KeyModifiers::SHIFT);
        }
        Key { code, mods }
    }

    /// A plain key without modifiers.
    pub fn plain(code: KeyCode) -> Key {
        Key::new(code, KeyModifiers::NONE)
    }

    pub fn from_event(event: &KeyEvent) -> Key {
        Key::new(event.code, event.modifiers)
    }

    /// The press event a terminal would send for this key; test scripts use it.
    pub fn to_event(self) -> KeyEvent {
        let mut mods = self.mods;
        if let KeyCode::Char(c) = self.code
            && c.is_uppercase()
        {
            mods |= KeyModifiers::SHIFT;
        }
        let code = if self.code == KeyCode::Tab && mods.contains(KeyModifiers::SHIFT) {
            KeyCode::BackTab
        } else {
            self.code
        };
        KeyEvent::new_with_kind(code, mods, KeyEventKind::Press)
    }

    pub fn code(self) -> KeyCode {
        self.code
    }

    pub fn modifiers(self) -> KeyModifiers {
        self.mods
    }

    /// Reads the keymap-file syntax: modifiers `ctrl-`, `alt-`, `shift-` (any case), then a
    /// key name (any case) or a single character (case matters: `G` is shift-g).
    pub fn parse(text: &str) -> Result<Key, KeyError> {
        if text.is_empty() {
            return Err(KeyError::Empty);
        }
        let mut mods = KeyModifiers::NONE;
        let mut rest = text;
        // `-` is also a key, so a segment is a modifier only when something follows it.
        while let Some((head, tail)) = rest.split_once('-') {
            if head.is_empty() {
                break;
            }
            let m = match head.to_ascii_lowercase().as_str() {
                "ctrl" | "control" => KeyModifiers::CONTROL,
                "alt" => KeyModifiers::ALT,
                "shift" => KeyModifiers::SHIFT,
                _ => return Err(KeyError::UnknownModifier(head.to_string())),
            };
            if tail.is_empty() {
                return Err(KeyError::MissingKey(format!("{head}-")));
            }
            mods |= m;
            rest = tail;
        }
        let code = parse_code(rest)?;
        if let KeyCode::Char(c) = code
            && mods.contains(KeyModifiers::SHIFT)
            && !c.is_alphabetic()
        {
            return Err(KeyError::ShiftOnSymbol(c));
        }
        Ok(Key::new(code, mods))
    }

    /// A character typed as text: no ctrl/alt, a character (space included).
    pub fn is_printable(self) -> bool {
        matches!(self.code, KeyCode::Char(_))
            && !self
                .mods
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    }

    /// Keys a text field does not need for editing, so they may carry an action there:
    /// anything with ctrl/alt, function keys, Esc, Tab, shift-Tab and Enter.
    pub fn is_text_bindable(self) -> bool {
        self.mods
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
            || matches!(
                self.code,
                KeyCode::F(_) | KeyCode::Esc | KeyCode::Tab | KeyCode::Enter
            )
    }
}

fn upper(c: char) -> char {
    let mut up = c.to_uppercase();
    match (up.next(), up.next()) {
        (Some(u), None) => u,
        // Characters whose uppercase is several characters (ß) keep their own form.
        _ => c,
    }
}

fn parse_code(name: &str) -> Result<KeyCode, KeyError> {
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return Ok(KeyCode::Char(c));
    }
    let lower = name.to_ascii_lowercase();
    if lower == "space" {
        return Ok(KeyCode::Char(' '));
    }
    if let Some((_, code)) = NAMES.iter().find(|(n, _)| *n == lower) {
        return Ok(*code);
    }
    if let Some(n) = lower.strip_prefix('f').and_then(|d| d.parse::<u8>().ok())
        && (1..=24).contains(&n)
    {
        return Ok(KeyCode::F(n));
    }
    Err(KeyError::UnknownName(name.to_string()))
}

impl FromStr for Key {
    type Err = KeyError;
    fn from_str(s: &str) -> Result<Key, KeyError> {
        Key::parse(s)
    }
}

impl fmt::Display for Key {
    /// Writes the canonical spelling, which [`Key::parse`] reads back to the same key.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("alt-")?;
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            f.write_str("shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "f{n}"),
            code => match NAMES.iter().find(|(_, c)| *c == code) {
                Some((name, _)) => f.write_str(name),
                None => write!(f, "{}", format!("{code:?}").to_lowercase()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(s: &str) -> Key {
        Key::parse(s).expect(s)
    }

    #[test]
    fn shift_letter_is_the_uppercase_letter() {
        assert_eq!(k("shift-g"), k("G"));
        assert_eq!(k("SHIFT-g").to_string(), "G");
        let ev = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&ev), k("G"));
        let ev = KeyEvent::new(KeyCode::Char('g'), KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&ev), k("G"));
    }

    #[test]
    fn backtab_is_shift_tab() {
        let ev = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&ev), k("shift-tab"));
        assert_eq!(k("backtab").to_string(), "shift-tab");
        assert_eq!(Key::from_event(&k("shift-tab").to_event()), k("shift-tab"));
    }

    #[test]
    fn shifted_symbols_ignore_the_shift_flag() {
        let ev = KeyEvent::new(KeyCode::Char('?'), KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&ev), k("?"));
    }

    #[test]
    fn names_aliases_and_dash() {
        assert_eq!(k("pagedown"), k("pgdn"));
        assert_eq!(k("Escape").to_string(), "esc");
        assert_eq!(k("ctrl-S").to_string(), "ctrl-S");
        assert_eq!(k("-").to_string(), "-");
        assert_eq!(k("ctrl--").to_string(), "ctrl--");
        assert_eq!(k("space"), k(" "));
        assert_eq!(k("F1").to_string(), "f1");
        assert_eq!(k("alt-ctrl-x").to_string(), "ctrl-alt-x");
    }

    #[test]
    fn display_round_trips() {
        for s in [
            "ctrl-s",
            "shift-tab",
            "G",
            "f12",
            "space",
            "pgup",
            "?",
            "alt-enter",
            "[",
        ] {
            assert_eq!(k(s).to_string(), s);
            assert_eq!(k(&k(s).to_string()), k(s));
        }
    }

    #[test]
    fn errors() {
        assert_eq!(Key::parse(""), Err(KeyError::Empty));
        assert_eq!(
            Key::parse("ctlr-s"),
            Err(KeyError::UnknownModifier("ctlr".into()))
        );
        assert_eq!(
            Key::parse("ctrl-"),
            Err(KeyError::MissingKey("ctrl-".into()))
        );
        assert_eq!(
            Key::parse("escp"),
            Err(KeyError::UnknownName("escp".into()))
        );
        assert_eq!(Key::parse("shift-/"), Err(KeyError::ShiftOnSymbol('/')));
        assert_eq!(Key::parse("f99"), Err(KeyError::UnknownName("f99".into())));
        let hint = KeyError::UnknownName("escp".into()).hint();
        assert_eq!(hint.as_deref(), Some("did you mean \"esc\"?"));
        let hint = KeyError::UnknownModifier("ctlr".into()).hint();
        assert_eq!(hint.as_deref(), Some("did you mean \"ctrl\"?"));
    }

    #[test]
    fn printable_and_text_bindable() {
        assert!(k("a").is_printable() && k("space").is_printable() && k("G").is_printable());
        assert!(!k("ctrl-a").is_printable() && !k("enter").is_printable());
        for s in ["ctrl-s", "alt-x", "f2", "esc", "tab", "shift-tab", "enter"] {
            assert!(k(s).is_text_bindable(), "{s}");
        }
        for s in ["a", "up", "backspace", "home"] {
            assert!(!k(s).is_text_bindable(), "{s}");
        }
    }

    fn any_code() -> impl proptest::strategy::Strategy<Value = KeyCode> {
        use proptest::prelude::*;
        prop_oneof![
            any::<char>().prop_map(KeyCode::Char),
            (1u8..=24).prop_map(KeyCode::F),
            proptest::sample::select(NAMES.iter().map(|(_, c)| *c).collect::<Vec<_>>()),
        ]
    }

    proptest::proptest! {
        /// Whatever a terminal sends, the normal form is stable, prints in the file syntax
        /// and reads back as the same key, and a test script's event resolves to it again.
        #[test]
        fn normal_form_round_trips(code in any_code(), bits in 0u8..64) {
            let key = Key::new(code, KeyModifiers::from_bits_truncate(bits));
            proptest::prop_assert_eq!(Key::new(key.code(), key.modifiers()), key);
            proptest::prop_assert_eq!(Key::from_event(&key.to_event()), key);
            let shown = key.to_string();
            proptest::prop_assert_eq!(Key::parse(&shown), Ok(key), "{}", shown);
        }
    }
}
