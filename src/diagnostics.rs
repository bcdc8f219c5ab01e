//! Compiler-style problem reports for files people edit by hand: `file:line:col: message`,
//! optionally followed by a hint.
//!
//! Generic on purpose: the data-file loader and the keymap loader both use it, so nothing
//! here knows about the competence model or about key bindings.

use std::fmt;
use std::ops::Range;

/// One problem found in a file. `line` and `col` are 1-based; `line == 0` means the problem
/// concerns the whole file (for example a file that is missing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A problem at a byte offset of `src` (the text of `file`).
    pub fn at(file: &str, src: &str, offset: usize, message: impl Into<String>) -> Self {
        let (line, col) = line_col(src, offset);
        Diagnostic {
            file: file.to_string(),
            line,
            col,
            message: message.into(),
            hint: None,
        }
    }

    /// A problem at the start of a byte span of `src`.
    pub fn at_span(file: &str, src: &str, span: Range<usize>, message: impl Into<String>) -> Self {
        Self::at(file, src, span.start, message)
    }

    /// A problem with the file as a whole (missing, unreadable, unexpected).
    pub fn whole_file(file: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_string(),
            line: 0,
            col: 0,
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Sets the hint only when there is one, so callers can pass a `did_you_mean` result.
    pub fn with_optional_hint(mut self, hint: Option<String>) -> Self {
        if hint.is_some() {
            self.hint = hint;
        }
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)?;
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file, self.line, self.col, self.message
            )?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// 1-based line and column (in characters, not bytes) of a byte offset. Offsets past the
/// end, or inside a multi-byte character, are clamped so that bad spans never panic.
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(src.len());
    while !src.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &src[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// Edit distance where swapping two neighbouring letters counts as one edit, since that
/// is the commonest typo ("lable" for "label").
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    d[0] = (0..=b.len()).collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// The candidate closest to `word`, if it is close enough to be a plausible typo
/// (at most a third of the word's length, and never more than 3 edits).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).clamp(1, 3);
    candidates
        .into_iter()
        .map(|c| (edit_distance(&word.to_lowercase(), &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// `did you mean "x"?` for a close candidate, ready to use as a hint.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(word, candidates).map(|c| format!("did you mean \"{c}\"?"))
}

/// Sorts diagnostics by file (in first-seen order), then line and column, so a reader
/// can work through a file from top to bottom.
pub fn sort(diags: &mut [Diagnostic]) {
    let mut files: Vec<String> = Vec::new();
    for d in diags.iter() {
        if !files.contains(&d.file) {
            files.push(d.file.clone());
        }
    }
    diags.sort_by_key(|d| {
        let file_rank = files
            .iter()
            .position(|f| *f == d.file)
            .unwrap_or(usize::MAX);
        (file_rank, d.line, d.col)
    });
}

/// A count with its noun in the right number: `count(1, "problem", "problems")` is
/// "1 problem", 0 and 2 take the plural. English only; Fluent takes over with translations.
pub fn count(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_is_one_based_and_counts_characters() {
        let src = "a = 1\nbé = \"x\"\n";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 6), (2, 1));
        // "é" is two bytes but one column.
        assert_eq!(line_col(src, 9), (2, 3));
        assert_eq!(line_col(src, 1000), (3, 1));
        // Inside a multi-byte character: clamped, no panic.
        assert_eq!(line_col(src, 8), (2, 2));
    }

    #[test]
    fn display_has_location_and_hint() {
        let d = Diagnostic::at("x.toml", "a\nbc", 3, "bad").with_hint("try this");
        assert_eq!(d.to_string(), "x.toml:2:2: bad\n  hint: try this");
        let w = Diagnostic::whole_file("y.toml", "missing");
        assert_eq!(w.to_string(), "y.toml: missing");
    }

    #[test]
    fn suggests_close_words_only() {
        let known = ["personal", "social", "organisational"];
        assert_eq!(closest("socail", known), Some("social"));
        assert_eq!(closest("organizational", known), Some("organisational"));
        assert_eq!(closest("banana", known), None);
        assert_eq!(closest("lable", ["uri", "label"]), Some("label"));
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn counts_take_the_right_number() {
        assert_eq!(count(1u32, "problem", "problems"), "1 problem");
        assert_eq!(count(0u32, "row", "rows"), "0 rows");
        assert_eq!(count(2u32, "certificate", "certificates"), "2 certificates");
    }

    #[test]
    fn sort_keeps_file_order() {
        let mut v = vec![
            Diagnostic::at("b", "x\ny", 2, "2"),
            Diagnostic::at("a", "x", 0, "3"),
            Diagnostic::at("b", "x\ny", 0, "1"),
        ];
        sort(&mut v);
        let msgs: Vec<_> = v.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(msgs, ["1", "2", "3"]);
    }
}
