//! VT100 line drawing for the `vt100` emulator, which does not implement character sets
//! (0.15 ignores `ESC ( 0`, and SO/SI): the tests translate what a real terminal draws
//! before the emulator sees it. xterm, VTE, kitty, alacritty, Windows Terminal, tmux and GNU
//! screen draw `ESC ( 0` … `ESC ( B` this way (the writer's `ui::wire::charset` says which
//! terminals do not, and how it is turned off there).
//!
//! Strict on purpose: in the DEC set, a byte the writer should not send there (a lowercase
//! letter it forgot to switch back for, or `+ , - . 0`, which tmux and the Linux console draw
//! as arrows and a block) becomes U+FFFD, so a test comparing the screen fails on it.

/// `bytes` with every character printed in the DEC set replaced by what it draws.
pub fn translate(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut dec = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == 0x1b {
            let end = sequence_end(bytes, i);
            let seq = &bytes[i..end];
            match seq {
                b"\x1b(0" => dec = true,
                [0x1b, b'(', _] => dec = false,
                _ => out.extend_from_slice(seq),
            }
            i = end;
            continue;
        }
        if dec && (0x2b..=0x7e).contains(&b) && !is_same_in_dec(b) {
            out.extend_from_slice(dec_char(b).to_string().as_bytes());
        } else {
            out.push(b);
        }
        i += 1;
    }
    out
}

/// Whether `bytes` leave the terminal in the DEC set (a shell would print lines for letters).
pub fn ends_in_dec(bytes: &[u8]) -> bool {
    let mut dec = false;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == 0x1b {
            let end = sequence_end(bytes, i);
            match &bytes[i..end] {
                b"\x1b(0" => dec = true,
                [0x1b, b'(', _] => dec = false,
                _ => {}
            }
            i = end;
        } else {
            i += 1;
        }
    }
    dec
}

/// Bytes that print alike in ASCII and in the DEC set on every terminal.
fn is_same_in_dec(b: u8) -> bool {
    b.is_ascii_uppercase() || (b'1'..=b'9').contains(&b) || b"/:;<=>?@[\\]^*".contains(&b)
}

fn dec_char(b: u8) -> char {
    match b {
        b'q' => '─',
        b'x' => '│',
        b'l' => '┌',
        b'k' => '┐',
        b'm' => '└',
        b'j' => '┘',
        b't' => '├',
        b'u' => '┤',
        b'w' => '┬',
        b'v' => '┴',
        b'n' => '┼',
        _ => '\u{fffd}',
    }
}

/// The index just past the escape sequence starting at `i`: CSI up to its final byte, OSC
/// up to BEL or ST, otherwise intermediates and one final byte.
fn sequence_end(bytes: &[u8], i: usize) -> usize {
    let mut j = i + 1;
    match bytes.get(j) {
        Some(b'[') => {
            j += 1;
            while j < bytes.len() && !(0x40..=0x7e).contains(&bytes[j]) {
                j += 1;
            }
            (j + 1).min(bytes.len())
        }
        Some(b']') => {
            while j < bytes.len()
                && bytes[j] != 0x07
                && !(bytes[j] == b'\\' && bytes[j - 1] == 0x1b)
            {
                j += 1;
            }
            (j + 1).min(bytes.len())
        }
        _ => {
            while j < bytes.len() && (0x20..=0x2f).contains(&bytes[j]) {
                j += 1;
            }
            (j + 1).min(bytes.len())
        }
    }
}
