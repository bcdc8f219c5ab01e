//! Structured mutations of a valid input: the damage a hand edit, a bad copy or a hostile
//! sender does to a file. Each edit works on bytes; text parsers see the result through
//! `String::from_utf8_lossy`, byte parsers see it raw.

use proptest::prelude::*;
use proptest::sample::Index;

/// Pieces that parsers of TOML, JSON, XML and base64 treat specially, plus unicode that
/// trips byte/char arithmetic (multi-byte, zero-width, BOM, bidi, combining).
const PIECES: &[&str] = &[
    "\u{FEFF}",
    "é",
    "😀",
    "\u{200B}",
    "\u{202E}",
    "e\u{301}",
    "\u{10FFFF}",
    "\r",
    "\r\n",
    "\0",
    "\t",
    "\"",
    "'",
    "'''",
    "\"\"\"",
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    "=",
    ",",
    "#",
    "\\",
    "\\uD800",
    "\\u0000",
    "inf",
    "nan",
    "-0",
    "1e400",
    "99999999999999999999999999999999",
    "-9223372036854775809",
    "18446744073709551616",
    "1979-05-27T07:32:00Z",
    "9999-99-99",
    "true",
    "null",
    "[]",
    "{}",
    "\n[x]\n",
    "\n[[competences]]\n",
    "\n[general]\n",
    ".",
    "<",
    ">",
    "&",
    "&amp;",
    "&#0;",
    "&#xD800;",
    "&unknown;",
    "<![CDATA[",
    "]]>",
    "<openbadges:credential",
    "</openbadges:credential>",
    " verify=\"",
    "eyJ",
    "==",
    "-_",
    "ctrl-",
    "shift-alt-",
];

/// Values that replace whatever follows the first `=` or `:` on a line.
const VALUES: &[&str] = &[
    "\"\"",
    "''",
    "0",
    "-1",
    "99999999999999999999999999999999",
    "1e400",
    "nan",
    "-inf",
    "true",
    "[]",
    "{}",
    "[1, \"a\", {}]",
    "\"😀\u{202E}\"",
    "\"ctrl-alt-shift-f99\"",
    "[\"\", \" \", \"ctrl-\"]",
    "{ add = [] }",
    "{ remove = [\"x\"] }",
    "{ add = 1 }",
    "1979-05-27",
    "\"unterminated",
    "null",
];

#[derive(Debug, Clone, Copy)]
pub enum Nest {
    TomlArray,
    TomlTable,
    TomlHeader,
    JsonArray,
    JsonObject,
    Xml,
}

#[derive(Debug, Clone)]
pub enum Edit {
    Truncate(Index),
    Flip(Index, u8),
    DeleteLine(Index),
    DuplicateLine(Index),
    SwapLines(Index, Index),
    Insert(Index, String),
    Value(Index, String),
    Nest(Index, Nest, usize),
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<String>().prop_map(|s| s.chars().take(12).collect()),
        1 => "[a-z_]{1,10}( = |\\.)?[0-9a-z\"]{0,6}\n?",
    ]
}

fn nest() -> impl Strategy<Value = Nest> {
    prop::sample::select(vec![
        Nest::TomlArray,
        Nest::TomlTable,
        Nest::TomlHeader,
        Nest::JsonArray,
        Nest::JsonObject,
        Nest::Xml,
    ])
}

pub fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        1 => any::<Index>().prop_map(Edit::Truncate),
        3 => (any::<Index>(), 1..=255u8).prop_map(|(i, x)| Edit::Flip(i, x)),
        2 => any::<Index>().prop_map(Edit::DeleteLine),
        2 => any::<Index>().prop_map(Edit::DuplicateLine),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
        4 => (any::<Index>(), piece()).prop_map(|(i, p)| Edit::Insert(i, p)),
        3 => (any::<Index>(), prop::sample::select(VALUES))
            .prop_map(|(i, v)| Edit::Value(i, v.to_string())),
        1 => (any::<Index>(), nest(), prop_oneof![1..64usize, 100..3000usize])
            .prop_map(|(i, n, d)| Edit::Nest(i, n, d)),
    ]
}

/// One to five edits in a row.
pub fn edits() -> impl Strategy<Value = Vec<Edit>> {
    prop::collection::vec(edit(), 1..=5)
}

fn lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect()
}

fn nested(kind: Nest, depth: usize) -> String {
    match kind {
        Nest::TomlArray => format!("x = {}1{}\n", "[".repeat(depth), "]".repeat(depth)),
        Nest::TomlTable => format!("x = {}1{}\n", "{a=".repeat(depth), "}".repeat(depth)),
        Nest::TomlHeader => format!("\n[{}]\n", vec!["a"; depth].join(".")),
        Nest::JsonArray => format!("{}1{}", "[".repeat(depth), "]".repeat(depth)),
        Nest::JsonObject => format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth)),
        Nest::Xml => format!("{}{}", "<g>".repeat(depth), "</g>".repeat(depth)),
    }
}

/// Applies `edit` to `bytes` in place.
pub fn apply(bytes: &mut Vec<u8>, edit: &Edit) {
    let at = |i: &Index, len: usize| if len == 0 { 0 } else { i.index(len + 1) };
    match edit {
        Edit::Truncate(i) => {
            let n = at(i, bytes.len());
            bytes.truncate(n);
        }
        Edit::Flip(i, x) => {
            if !bytes.is_empty() {
                let n = i.index(bytes.len());
                bytes[n] ^= x;
            }
        }
        Edit::DeleteLine(i) | Edit::DuplicateLine(i) => {
            let mut ls = lines(bytes);
            let n = i.index(ls.len());
            if matches!(edit, Edit::DeleteLine(_)) {
                ls.remove(n);
            } else {
                let copy = ls[n].clone();
                ls.insert(n, copy);
            }
            *bytes = ls.join(&b'\n');
        }
        Edit::SwapLines(a, b) => {
            let mut ls = lines(bytes);
            let (a, b) = (a.index(ls.len()), b.index(ls.len()));
            ls.swap(a, b);
            *bytes = ls.join(&b'\n');
        }
        Edit::Insert(i, piece) => {
            let n = at(i, bytes.len());
            bytes.splice(n..n, piece.bytes());
        }
        Edit::Value(i, value) => {
            let mut ls = lines(bytes);
            let n = i.index(ls.len());
            let line = &mut ls[n];
            if let Some(eq) = line.iter().position(|b| *b == b'=' || *b == b':') {
                line.truncate(eq + 1);
                line.push(b' ');
                line.extend_from_slice(value.as_bytes());
            } else {
                line.extend_from_slice(value.as_bytes());
            }
            *bytes = ls.join(&b'\n');
        }
        Edit::Nest(i, kind, depth) => {
            let n = at(i, bytes.len());
            bytes.splice(n..n, nested(*kind, *depth).into_bytes());
        }
    }
}

/// `base` after every edit, as bytes.
pub fn mutate_bytes(base: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut bytes = base.to_vec();
    for e in edits {
        apply(&mut bytes, e);
    }
    bytes
}

/// `base` after every edit, as text (invalid UTF-8 replaced, as a lossy reader would).
pub fn mutate_text(base: &str, edits: &[Edit]) -> String {
    String::from_utf8_lossy(&mutate_bytes(base.as_bytes(), edits)).into_owned()
}
