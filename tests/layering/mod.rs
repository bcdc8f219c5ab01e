//! The layer checker behind tests/architecture.rs. It works on parsed paths rather than
//! text so grouped imports, renames, re-exports (also across files, once `learn` has seen
//! them), `super::` chains and qualified paths in code all resolve to what they name.

mod scope;
mod visit;

use std::collections::{HashMap, HashSet};
use std::fmt;

use syn::Item;
use syn::visit::Visit;

use scope::{Learn, Target, module_of};

/// What one layer may name; anything not listed is a violation.
pub struct Layer {
    /// Its source under src/ (a directory or a file); the longest match wins.
    pub name: &'static str,
    /// Top-level modules it may name as `crate::X`; `*` is any.
    pub modules: &'static [&'static str],
    /// External crates, or path prefixes such as `crossterm::event`; `*` is any. std, core
    /// and alloc are open to all; dev-dependencies to `#[cfg(test)]` code.
    pub externals: &'static [&'static str],
    /// No terminal, filesystem, process, network or clock (the domain).
    pub pure: bool,
    /// Renders only: never holds `&mut App` (or an owned one), the way to its write paths.
    pub view: bool,
}

impl Layer {
    pub const fn new(
        name: &'static str,
        modules: &'static [&'static str],
        externals: &'static [&'static str],
    ) -> Self {
        Layer {
            name,
            modules,
            externals,
            pure: false,
            view: false,
        }
    }

    pub const fn pure(self) -> Self {
        Layer { pure: true, ..self }
    }

    pub const fn view(self) -> Self {
        Layer { view: true, ..self }
    }
}

pub struct Violation {
    pub file: String,
    pub line: usize,
    /// The path as written, then ` = ` what it resolved to when that differs.
    pub path: String,
    pub why: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Violation {
            file,
            line,
            path,
            why,
        } = self;
        write!(f, "src/{file}:{line}: {why} (`{path}`)")
    }
}

#[derive(Clone)]
pub struct Checker {
    layers: &'static [Layer],
    crates: HashSet<String>,
    dev_crates: HashSet<String>,
    top: HashSet<String>,
    aliases: HashMap<String, Target>,
    globs: HashMap<String, Vec<Target>>,
    locals: HashSet<String>,
}

const STD: &[&str] = &["std", "core", "alloc"];
const IMPURE_STD: &[&str] = &["fs", "io", "process", "net"];
const CLOCK: &[[&str; 2]] = &[["Utc", "now"], ["Local", "now"], ["Instant", "now"]];

impl Checker {
    /// `manifest` gives the names that count as external crates; `lib_rs` the top-level
    /// modules, so a path through the own layer back to another one can be told apart.
    pub fn new(layers: &'static [Layer], manifest: &str, lib_rs: &str) -> Self {
        let manifest: toml::Table = manifest.parse().expect("Cargo.toml parses");
        let names = |section: &str| -> HashSet<String> {
            let table = manifest.get(section).and_then(|t| t.as_table());
            table
                .into_iter()
                .flatten()
                .map(|(k, _)| k.replace('-', "_"))
                .collect()
        };
        let lib = syn::parse_file(lib_rs).expect("lib.rs parses");
        let top = lib.items.iter().filter_map(|i| match i {
            Item::Mod(m) => Some(m.ident.to_string()),
            _ => None,
        });
        let mut crates = names("dependencies");
        crates.extend(STD.iter().map(|s| s.to_string()));
        Checker {
            layers,
            crates,
            dev_crates: names("dev-dependencies"),
            top: top.collect(),
            aliases: HashMap::new(),
            globs: HashMap::new(),
            locals: HashSet::new(),
        }
    }

    /// Records a file's imports and items so other files' paths through them resolve.
    pub fn learn(&mut self, rel: &str, src: &str) {
        if let Ok(file) = syn::parse_file(src) {
            Learn {
                c: self,
                module: module_of(rel),
            }
            .visit_file(&file);
        }
    }

    /// The violations in `src`, the text of `rel` (a path under src/).
    pub fn check(&self, rel: &str, src: &str) -> Vec<Violation> {
        let v = |line, path: &str, why: &str| Violation {
            file: rel.into(),
            line,
            path: path.into(),
            why: why.into(),
        };
        let in_layer = |l: &&Layer| {
            rel == l.name || rel.strip_prefix(l.name).is_some_and(|r| r.starts_with('/'))
        };
        let layers = self.layers.iter().filter(in_layer);
        let Some(layer) = layers.max_by_key(|l| l.name.len()) else {
            return vec![v(1, rel, "belongs to no layer of the table")];
        };
        let file = match syn::parse_file(src) {
            Ok(f) => f,
            Err(e) => {
                return vec![v(
                    e.span().start().line,
                    rel,
                    &format!("does not parse: {e}"),
                )];
            }
        };
        let mut scope = self.clone();
        scope.learn(rel, src);
        let mut check = visit::Check {
            c: &scope,
            layer,
            module: module_of(rel),
            in_test: false,
            found: Vec::new(),
        };
        check.visit_file(&file);
        let mut out: Vec<Violation> = check.found.iter().map(|(l, p, w)| v(*l, p, w)).collect();
        out.sort_by(|a, b| (a.line, &a.path).cmp(&(b.line, &b.path)));
        out.dedup_by(|a, b| a.line == b.line && a.path == b.path);
        out
    }

    /// Why a pure layer may not name `path` (`raw` as spelt, which still shows the clock
    /// when a glob import hides where `Utc` came from).
    fn impure(&self, layer: &Layer, path: &[String], raw: &[String]) -> Option<String> {
        if !layer.pure {
            return None;
        }
        let window =
            |p: &[String], w: &[&str; 2]| p.windows(2).any(|x| x[0] == w[0] && x[1] == w[1]);
        let clock = |p: &[String]| {
            CLOCK.iter().any(|w| window(p, w)) || p.iter().any(|s| s == "SystemTime")
        };
        if clock(raw) || clock(path) {
            return Some(format!("{} must not read the clock", layer.name));
        }
        let in_std = STD.contains(&path[0].as_str());
        let io = path
            .get(1)
            .filter(|s| in_std && IMPURE_STD.contains(&s.as_str()))?;
        Some(format!("{} must not reach {}::{io}", layer.name, path[0]))
    }

    /// Why `layer` may not name `path` (`raw` is how the source spelt it), if it may not.
    fn judge(
        &self,
        layer: &Layer,
        path: &[String],
        raw: &[String],
        in_test: bool,
    ) -> Option<String> {
        if let Some(why) = self.impure(layer, path, raw) {
            return Some(why);
        }
        let open = |m: &str| layer.modules.iter().any(|a| *a == "*" || *a == m);
        if path[0] == "crate" {
            let top = path.get(1)?;
            if !open(top) {
                return Some(format!("{} may not name crate::{top}", layer.name));
            }
            // Only a re-export (or a shadow) of that module can live there: `crate::ui::store`.
            let hidden = path[2..]
                .iter()
                .find(|s| self.top.contains(*s) && !open(s))?;
            let why = format!("may not name crate::{hidden} (reached through crate::{top})");
            return Some(format!("{} {why}", layer.name));
        }
        if STD.contains(&path[0].as_str()) || in_test && self.dev_crates.contains(&path[0]) {
            return None;
        }
        let allowed = layer.externals.iter().any(|a| {
            let prefix: Vec<&str> = a.split("::").collect();
            *a == "*" || prefix.len() <= path.len() && prefix.iter().zip(path).all(|(x, y)| x == y)
        });
        (!allowed).then(|| format!("{} may not name {}", layer.name, path[0]))
    }
}
