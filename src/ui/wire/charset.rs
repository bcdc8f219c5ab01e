//! VT100 line drawing (DEC Special Graphics): a border cell is one byte instead of the three
//! of its UTF-8 box-drawing character. `ESC ( 0` puts the DEC set in G0, where `q` prints
//! `─`, `x` prints `│` and so on; `ESC ( B` puts ASCII back. This is xterm's terminfo
//! `smacs`/`rmacs`/`acsc`, the way ncurses draws its boxes, and xterm, VTE (GNOME Terminal),
//! kitty, alacritty, Windows Terminal, tmux and GNU screen all draw it.
//!
//! Each switch costs three bytes, so only a run of at least `MIN_RUN` border cells is sent in
//! the DEC set (the long top and bottom edges of a box); a lone `│` stays UTF-8.
//!
//! Where the DEC set is not drawn in a UTF-8 locale (the Linux console, PuTTY unless "Enable
//! VT100 line drawing even in UTF-8 mode" is ticked) the caller turns it off: `LEVERUP_NO_ACS`,
//! ncurses' own `NCURSES_NO_UTF8_ACS`, or `TERM=linux` (see `enabled_by_env`).

/// The shortest run of border cells worth the two switches (`3n` bytes in UTF-8 against
/// `n + 6`).
pub const MIN_RUN: usize = 4;

pub const TO_DEC: &[u8] = b"\x1b(0";
pub const TO_ASCII: &[u8] = b"\x1b(B";

/// Which set G0 holds, as far as the writer knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Charset {
    Ascii,
    Dec,
}

/// The DEC Special Graphics byte that draws `symbol`, for the box-drawing characters ratatui's
/// plain borders use.
pub fn dec_byte(symbol: &str) -> Option<u8> {
    Some(match symbol {
        "─" => b'q',
        "│" => b'x',
        "┌" => b'l',
        "┐" => b'k',
        "└" => b'm',
        "┘" => b'j',
        "├" => b't',
        "┤" => b'u',
        "┬" => b'w',
        "┴" => b'v',
        "┼" => b'n',
        _ => return None,
    })
}

/// Whether `symbol` prints the same in the DEC set, so it can be written without switching
/// back: the DEC set replaces only `_` and `` ` `` to `~` (VT100), but tmux and the Linux
/// console also turn `+ , - . 0` into arrows and a block. A space, a capital and the digits
/// 1–9 are the same everywhere.
pub fn same_in_dec(symbol: &str) -> bool {
    let mut chars = symbol.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => c == ' ' || c.is_ascii_uppercase() || ('1'..='9').contains(&c),
        _ => false,
    }
}

/// Line drawing only when asked for (`LEVERUP_ACS` set to anything but `0`), and never
/// where the environment says the terminal does not draw it: `LEVERUP_NO_ACS` set,
/// `NCURSES_NO_UTF8_ACS` set to anything but `0` (what PuTTY and Linux console users set
/// for ncurses programs), or `TERM` naming the Linux console. Off by default: PuTTY in a
/// UTF-8 locale cannot be told apart (it says `TERM=xterm`) and would show `lqqqk` for a
/// box, and tmux's `capture-pane` reports the raw letters; a border that turns into
/// letters costs more than the bytes it saves.
pub fn enabled_by_env(var: impl Fn(&str) -> Option<String>) -> bool {
    let asked = var("LEVERUP_ACS").is_some_and(|v| !v.trim().is_empty() && v.trim() != "0");
    if !asked || var("LEVERUP_NO_ACS").is_some() {
        return false;
    }
    if let Some(v) = var("NCURSES_NO_UTF8_ACS") {
        return v.trim() == "0";
    }
    !var("TERM").is_some_and(|t| t.contains("linux"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| vars.iter().find(|v| v.0 == k).map(|v| v.1.to_string())
    }

    #[test]
    fn on_when_asked_unless_the_environment_turns_it_off() {
        assert!(!enabled_by_env(env(&[("TERM", "xterm-256color")])));
        assert!(!enabled_by_env(env(&[("LEVERUP_ACS", "0")])));
        let asked = |more: &[(&'static str, &'static str)]| {
            let mut v = vec![("LEVERUP_ACS", "1"), ("TERM", "xterm-256color")];
            v.extend_from_slice(more);
            enabled_by_env(env(&v.leak()[..]))
        };
        assert!(asked(&[]));
        assert!(!asked(&[("LEVERUP_NO_ACS", "1")]));
        assert!(!asked(&[("LEVERUP_NO_ACS", "")]));
        assert!(!asked(&[("NCURSES_NO_UTF8_ACS", "1")]));
        assert!(!enabled_by_env(env(&[
            ("LEVERUP_ACS", "1"),
            ("TERM", "linux")
        ])));
        assert!(enabled_by_env(env(&[
            ("LEVERUP_ACS", "1"),
            ("NCURSES_NO_UTF8_ACS", "0"),
            ("TERM", "linux")
        ])));
    }

    #[test]
    fn only_plain_borders_map_and_only_safe_text_stays() {
        assert_eq!(dec_byte("─"), Some(b'q'));
        assert_eq!(dec_byte("┘"), Some(b'j'));
        assert_eq!(dec_byte("═"), None);
        assert!(same_in_dec(" ") && same_in_dec("N") && same_in_dec("7"));
        for s in ["a", "q", "_", "`", "+", "-", ".", "0", "·", "ab"] {
            assert!(!same_in_dec(s), "{s}");
        }
    }
}
