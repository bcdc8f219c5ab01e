//! A spanned walk over one parsed TOML file that records every problem instead of stopping
//! at the first, as serde's derive would.
//!
//! Tables are walked key by key (so every unknown and every missing field is reported);
//! leaf values go through serde with `toml::Spanned`, so each value keeps its position.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use crate::diagnostics::{self, Diagnostic};

/// A file being checked: its display name, its text and the problems found so far.
pub(crate) struct FileCx<'s> {
    pub file: String,
    pub src: &'s str,
    pub diags: Vec<Diagnostic>,
}

impl<'s> FileCx<'s> {
    pub fn new(file: &str, src: &'s str) -> Self {
        FileCx {
            file: file.to_string(),
            src,
            diags: Vec::new(),
        }
    }

    pub fn error(&mut self, span: Range<usize>, message: impl Into<String>) {
        let d = Diagnostic::at_span(&self.file, self.src, span, message);
        self.diags.push(d);
    }

    pub fn error_hint(
        &mut self,
        span: Range<usize>,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        let d = Diagnostic::at_span(&self.file, self.src, span, message).with_optional_hint(hint);
        self.diags.push(d);
    }

    /// Parses the whole file; every syntax error is reported and `None` returned, because
    /// checking the fields of a half-parsed file would only add confusing follow-up errors.
    pub fn parse(&mut self) -> Option<Fields<'s>> {
        let (root, errors) = DeTable::parse_recoverable(self.src);
        if !errors.is_empty() {
            for e in errors {
                let span = e.span().unwrap_or(0..0);
                self.error(span, format!("TOML syntax error: {}", e.message().trim()));
            }
            return None;
        }
        let span = root.span();
        Some(Fields::new(String::new(), span, root.into_inner()))
    }
}

/// The keys of one table, taken one by one; whatever is left at `finish` is unknown.
pub(crate) struct Fields<'i> {
    /// Dotted path of this table ("" for the file itself), for messages.
    path: String,
    /// 1-based position when the table is an entry of an array of tables.
    index: Option<usize>,
    span: Range<usize>,
    entries: Vec<(Spanned<String>, Option<Spanned<DeValue<'i>>>)>,
    known: Vec<&'static str>,
}

impl<'i> Fields<'i> {
    fn new(path: String, span: Range<usize>, table: DeTable<'i>) -> Self {
        let entries = table
            .into_iter()
            .map(|(k, v)| {
                let key = Spanned::new(k.span(), k.into_inner().into_owned());
                (key, Some(v))
            })
            .collect();
        Fields {
            path,
            index: None,
            span,
            entries,
            known: Vec::new(),
        }
    }

    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// Where this table is, in words, for messages ("in [scoring]", "at the top level").
    pub fn place(&self) -> String {
        match self.index {
            _ if self.path.is_empty() => "at the top level".to_string(),
            Some(i) => format!("in [[{}]] entry {i}", self.path),
            None => format!("in [{}]", self.path),
        }
    }

    fn child_path(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// Takes a value; reports it missing when `required`.
    fn take(
        &mut self,
        cx: &mut FileCx,
        key: &'static str,
        required: bool,
    ) -> Option<Spanned<DeValue<'i>>> {
        self.known.push(key);
        let found = self
            .entries
            .iter_mut()
            .find(|(k, _)| k.get_ref() == key)
            .and_then(|(_, v)| v.take());
        if found.is_none() && required {
            let at = self.span.start..self.span.start;
            cx.error(at, format!("missing field `{key}` {}", self.place()));
        }
        found
    }

    /// A required leaf value of any serde type.
    pub fn value<T: Deserialize<'i>>(
        &mut self,
        cx: &mut FileCx,
        key: &'static str,
    ) -> Option<Spanned<T>> {
        let v = self.take(cx, key, true)?;
        leaf(cx, key, v)
    }

    /// A required, non-empty string.
    pub fn text(&mut self, cx: &mut FileCx, key: &'static str) -> Option<Spanned<String>> {
        let s: Spanned<String> = self.value(cx, key)?;
        if s.get_ref().trim().is_empty() {
            cx.error(s.span(), format!("field `{key}` {} is empty", self.place()));
            return None;
        }
        Some(s)
    }

    /// A required array of non-empty strings with at least `min` entries.
    pub fn texts(
        &mut self,
        cx: &mut FileCx,
        key: &'static str,
        min: usize,
    ) -> Option<Vec<Spanned<String>>> {
        let list: Spanned<Vec<Spanned<String>>> = self.value(cx, key)?;
        let span = list.span();
        let list = list.into_inner();
        let mut ok = true;
        for (i, s) in list.iter().enumerate() {
            if s.get_ref().trim().is_empty() {
                cx.error(
                    s.span(),
                    format!("entry {} of `{key}` {} is empty", i + 1, self.place()),
                );
                ok = false;
            }
        }
        if list.len() < min {
            let msg = format!(
                "`{key}` {} needs at least {min} entries, found {}",
                self.place(),
                list.len()
            );
            cx.error(span, msg);
            ok = false;
        }
        ok.then_some(list)
    }

    /// A required sub-table such as `[scoring]`.
    pub fn table(&mut self, cx: &mut FileCx, key: &'static str) -> Option<Fields<'i>> {
        let v = self.take(cx, key, true)?;
        let span = v.span();
        match v.into_inner() {
            DeValue::Table(t) => Some(Fields::new(self.child_path(key), span, t)),
            other => {
                let msg = format!(
                    "`{key}` {} must be a table, found {}",
                    self.place(),
                    other.type_str()
                );
                cx.error(span, msg);
                None
            }
        }
    }

    /// A required array of tables such as `[[indicators]]`, each element walked on its own so
    /// one bad entry does not hide problems in the others.
    pub fn tables(&mut self, cx: &mut FileCx, key: &'static str) -> Option<Vec<Fields<'i>>> {
        let v = self.take(cx, key, true)?;
        let span = v.span();
        let DeValue::Array(items) = v.into_inner() else {
            let msg = format!(
                "`{key}` {} must be a list of tables ([[{key}]])",
                self.place()
            );
            cx.error(span, msg);
            return None;
        };
        let mut out = Vec::new();
        for (i, item) in items.into_iter().enumerate() {
            let span = item.span();
            match item.into_inner() {
                DeValue::Table(t) => {
                    let mut fields = Fields::new(self.child_path(key), span, t);
                    fields.index = Some(i + 1);
                    out.push(fields);
                }
                other => {
                    let msg = format!(
                        "entry {} of `{key}` must be a table, found {}",
                        i + 1,
                        other.type_str()
                    );
                    cx.error(span, msg);
                }
            }
        }
        Some(out)
    }

    /// Reports every key that no one asked for.
    pub fn finish(self, cx: &mut FileCx) {
        for (key, value) in &self.entries {
            if value.is_none() {
                continue;
            }
            let name = key.get_ref();
            let hint = diagnostics::did_you_mean(name, self.known.iter().copied())
                .or_else(|| Some(format!("known fields here: {}", self.known.join(", "))));
            cx.error_hint(
                key.span(),
                format!("unknown field `{name}` {}", self.place()),
                hint,
            );
        }
    }
}

fn leaf<'i, T: Deserialize<'i>>(
    cx: &mut FileCx,
    key: &str,
    v: Spanned<DeValue<'i>>,
) -> Option<Spanned<T>> {
    let span = v.span();
    match Spanned::<T>::deserialize(ValueDeserializer::from(v)) {
        Ok(x) => Some(x),
        Err(e) => {
            let at = e.span().unwrap_or(span);
            cx.error(at, format!("field `{key}`: {}", e.message().trim()));
            None
        }
    }
}
