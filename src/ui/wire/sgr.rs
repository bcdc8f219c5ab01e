//! The pen: the colours and attributes the terminal applies to the next character, and the
//! shortest SGR sequence from one pen to another. One `ESC [ … m` with `;`-joined
//! parameters and the 16-colour codes (`36`, not crossterm's `38;5;6`), whichever of
//! "change what differs" and "reset, then set what is wanted" is shorter.

use ratatui::buffer::Cell;
use ratatui::style::{Color, Modifier};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pen {
    pub fg: Color,
    pub bg: Color,
    pub underline: Color,
    pub modifier: Modifier,
}

impl Pen {
    /// What a freshly reset terminal draws with.
    pub const DEFAULT: Pen = Pen {
        fg: Color::Reset,
        bg: Color::Reset,
        underline: Color::Reset,
        modifier: Modifier::empty(),
    };

    pub fn of(cell: &Cell) -> Pen {
        Pen {
            fg: cell.fg,
            bg: cell.bg,
            underline: cell.underline_color,
            modifier: cell.modifier,
        }
    }
}

/// Appends the SGR sequence that turns pen `from` into `to`; nothing when they are equal.
pub fn encode(from: Pen, to: Pen, out: &mut Vec<u8>) {
    if from == to {
        return;
    }
    if to == Pen::DEFAULT {
        out.extend_from_slice(b"\x1b[m");
        return;
    }
    let changed = params_between(from, to);
    let mut reset = vec![0u8.to_string()];
    reset.extend(params_between(Pen::DEFAULT, to));
    let params = if joined_len(&reset) < joined_len(&changed) {
        reset
    } else {
        changed
    };
    out.extend_from_slice(b"\x1b[");
    out.extend_from_slice(params.join(";").as_bytes());
    out.push(b'm');
}

/// Bytes `encode` would append.
pub fn len(from: Pen, to: Pen) -> usize {
    let mut v = Vec::new();
    encode(from, to, &mut v);
    v.len()
}

fn joined_len(params: &[String]) -> usize {
    params.iter().map(|p| p.len() + 1).sum()
}

/// Attribute codes: (modifier, the code that sets it, the code that clears it). Bold and
/// dim share their clearing code, so do the two blinks.
const ATTRS: [(Modifier, u8, u8); 9] = [
    (Modifier::BOLD, 1, 22),
    (Modifier::DIM, 2, 22),
    (Modifier::ITALIC, 3, 23),
    (Modifier::UNDERLINED, 4, 24),
    (Modifier::SLOW_BLINK, 5, 25),
    (Modifier::RAPID_BLINK, 6, 25),
    (Modifier::REVERSED, 7, 27),
    (Modifier::HIDDEN, 8, 28),
    (Modifier::CROSSED_OUT, 9, 29),
];

/// The parameters that change pen `from` into `to` without a reset.
fn params_between(from: Pen, to: Pen) -> Vec<String> {
    let mut params = Vec::new();
    let mut cleared = Modifier::empty();
    for (m, _, off) in ATTRS {
        if from.modifier.contains(m) && !to.modifier.contains(m) {
            let already = ATTRS
                .iter()
                .any(|(o, _, c)| *c == off && cleared.contains(*o));
            if !already {
                params.push(off.to_string());
            }
            // A shared clearing code clears its partner too.
            for (o, _, c) in ATTRS {
                if c == off {
                    cleared |= o;
                }
            }
        }
    }
    let now = from.modifier - cleared;
    for (m, on, _) in ATTRS {
        if to.modifier.contains(m) && !now.contains(m) {
            params.push(on.to_string());
        }
    }
    if from.fg != to.fg {
        params.push(color(to.fg, Layer::Fg));
    }
    if from.bg != to.bg {
        params.push(color(to.bg, Layer::Bg));
    }
    if from.underline != to.underline {
        params.push(color(to.underline, Layer::Underline));
    }
    params
}

#[derive(Clone, Copy)]
enum Layer {
    Fg,
    Bg,
    Underline,
}

/// The colour's parameter; indexes 0–15 are the same colours as the 16-colour codes.
fn color(c: Color, layer: Layer) -> String {
    let base = match layer {
        Layer::Fg => 30,
        Layer::Bg => 40,
        Layer::Underline => 50,
    };
    let named = |i: u8| -> String {
        match layer {
            Layer::Underline => format!("58;5;{i}"),
            _ if i < 8 => (base + i).to_string(),
            _ => (base + 60 + i - 8).to_string(),
        }
    };
    match c {
        Color::Reset => (base + 9).to_string(),
        Color::Black => named(0),
        Color::Red => named(1),
        Color::Green => named(2),
        Color::Yellow => named(3),
        Color::Blue => named(4),
        Color::Magenta => named(5),
        Color::Cyan => named(6),
        Color::Gray => named(7),
        Color::DarkGray => named(8),
        Color::LightRed => named(9),
        Color::LightGreen => named(10),
        Color::LightYellow => named(11),
        Color::LightBlue => named(12),
        Color::LightMagenta => named(13),
        Color::LightCyan => named(14),
        Color::White => named(15),
        Color::Indexed(i) => format!("{};5;{i}", base + 8),
        Color::Rgb(r, g, b) => format!("{};2;{r};{g};{b}", base + 8),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sgr(from: Pen, to: Pen) -> String {
        let mut v = Vec::new();
        encode(from, to, &mut v);
        String::from_utf8(v).unwrap().replace('\x1b', "^")
    }

    fn pen(fg: Color, modifier: Modifier) -> Pen {
        Pen {
            fg,
            modifier,
            ..Pen::DEFAULT
        }
    }

    #[test]
    fn one_sequence_with_sixteen_colour_codes() {
        let title = pen(Color::Cyan, Modifier::BOLD);
        assert_eq!(sgr(Pen::DEFAULT, title), "^[1;36m");
        assert_eq!(sgr(title, Pen::DEFAULT), "^[m");
        assert_eq!(sgr(title, title), "");
        assert_eq!(
            sgr(Pen::DEFAULT, pen(Color::DarkGray, Modifier::empty())),
            "^[90m"
        );
        assert_eq!(
            sgr(Pen::DEFAULT, pen(Color::Indexed(200), Modifier::empty())),
            "^[38;5;200m"
        );
    }

    #[test]
    fn clearing_bold_keeps_dim_and_the_shorter_form_wins() {
        let both = pen(Color::Red, Modifier::BOLD | Modifier::DIM);
        // 22 clears dim too, so dim is set again.
        assert_eq!(sgr(both, pen(Color::Red, Modifier::DIM)), "^[22;2m");
        let warn = pen(Color::Yellow, Modifier::BOLD);
        // Clearing bold and italic costs more than starting over.
        let many = pen(
            Color::Red,
            Modifier::BOLD | Modifier::ITALIC | Modifier::REVERSED,
        );
        assert_eq!(sgr(many, warn), "^[0;1;33m");
        assert_eq!(sgr(warn, pen(Color::Red, Modifier::BOLD)), "^[31m");
    }
}
