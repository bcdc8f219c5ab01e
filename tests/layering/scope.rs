//! Name resolution: what a path written in some module names, through `use` items
//! (renames, groups, globs, re-exports in other files), `self`, `super` and `crate`.

use syn::visit::{self, Visit};
use syn::{Item, UseTree};

use super::Checker;

/// A `use` target kept raw and resolved on demand, so the order files are learnt in and
/// the order of `use` items in a file do not matter.
#[derive(Clone)]
pub struct Target {
    module: Vec<String>,
    segs: Vec<String>,
    global: bool,
}

/// `ui/screens/x.rs` is `crate::ui::screens::x`; `mod.rs`, `lib.rs` and `main.rs` name
/// their directory.
pub fn module_of(rel: &str) -> Vec<String> {
    let stem = rel.trim_end_matches(".rs");
    let mut m = vec!["crate".to_string()];
    let names = stem
        .split('/')
        .filter(|s| !matches!(*s, "mod" | "lib" | "main"));
    m.extend(names.map(String::from));
    m
}

/// One leaf of a use tree: the name it binds (none for a glob or `as _`), the full path as
/// written, whether it is a glob, and its line.
pub struct Leaf {
    pub name: Option<String>,
    pub segs: Vec<String>,
    pub glob: bool,
    pub line: usize,
}

pub fn use_leaves(tree: &UseTree, prefix: &mut Vec<String>, out: &mut Vec<Leaf>) {
    let path = |prefix: &Vec<String>, i: &syn::Ident| {
        let mut p = prefix.clone();
        if i != "self" || p.is_empty() {
            p.push(i.to_string());
        }
        p
    };
    let leaf = |name, segs, glob, span: proc_macro2::Span| Leaf {
        name,
        segs,
        glob,
        line: span.start().line,
    };
    match tree {
        UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            use_leaves(&p.tree, prefix, out);
            prefix.pop();
        }
        UseTree::Name(n) => {
            let full = path(prefix, &n.ident);
            out.push(leaf(full.last().cloned(), full, false, n.ident.span()));
        }
        UseTree::Rename(r) => {
            let bound = (r.rename != "_").then(|| r.rename.to_string());
            out.push(leaf(bound, path(prefix, &r.ident), false, r.ident.span()));
        }
        UseTree::Glob(g) => out.push(leaf(None, prefix.clone(), true, g.star_token.span)),
        UseTree::Group(g) => g.items.iter().for_each(|t| use_leaves(t, prefix, out)),
    }
}

impl Checker {
    /// The absolute path (`crate::…` or an external crate's) that `segs` names from inside
    /// `module`; None for a local binding, a generic, `Self`, or a prelude name.
    pub(super) fn resolve(
        &self,
        module: &[String],
        segs: &[String],
        global: bool,
        seen: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if global || segs.is_empty() {
            return (!segs.is_empty()).then(|| segs.to_vec());
        }
        let (mut cur, rest) = match segs[0].as_str() {
            "crate" => (vec!["crate".to_string()], &segs[1..]),
            "self" => (module.to_vec(), &segs[1..]),
            "super" => {
                let n = segs.iter().take_while(|s| *s == "super").count();
                let up = module.len().saturating_sub(n).max(1);
                (module[..up].to_vec(), &segs[n..])
            }
            "Self" => return None,
            first => match self.lookup(module, first, seen) {
                Some(t) => (t, &segs[1..]),
                None if self.crates.contains(first) || self.dev_crates.contains(first) => {
                    return Some(segs.to_vec());
                }
                None => return None,
            },
        };
        for s in rest {
            match self.lookup(&cur, s, seen) {
                Some(t) if cur[0] == "crate" => cur = t,
                _ => cur.push(s.clone()),
            }
        }
        Some(cur)
    }

    /// What `name` means inside `module`: an import, an item of its own, or a name a glob
    /// import brings from another module of the crate. `seen` holds the lookups under way,
    /// which cut cycles such as a glob import whose own path needs that glob.
    fn lookup(&self, module: &[String], name: &str, seen: &mut Vec<String>) -> Option<Vec<String>> {
        let key = format!("{}::{name}", module.join("::"));
        if seen.contains(&key) {
            return None;
        }
        seen.push(key.clone());
        // One map stands for both namespaces, so `pub use load::load` (a function) shadows
        // `mod load`; the cycle that makes comes back None and the module is found below.
        let alias = self.aliases.get(&key);
        let found = alias
            .and_then(|t| self.resolve(&t.module, &t.segs, t.global, seen))
            .or_else(|| {
                let own = self.locals.contains(&key);
                own.then(|| module.iter().cloned().chain([name.to_string()]).collect())
            })
            .or_else(|| self.through_globs(module, name, seen));
        seen.pop();
        found
    }

    fn through_globs(
        &self,
        module: &[String],
        name: &str,
        seen: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        for g in self.globs.get(&module.join("::")).into_iter().flatten() {
            let from = self.resolve(&g.module, &g.segs, g.global, seen);
            if let Some(found) = from
                .filter(|from| from[0] == "crate" && from != module)
                .and_then(|from| self.lookup(&from, name, seen))
            {
                return Some(found);
            }
        }
        None
    }
}

fn item_name(item: &Item) -> Option<&syn::Ident> {
    match item {
        Item::Const(i) => Some(&i.ident),
        Item::Enum(i) => Some(&i.ident),
        Item::Fn(i) => Some(&i.sig.ident),
        Item::Macro(i) => i.ident.as_ref(),
        Item::Mod(i) => Some(&i.ident),
        Item::Static(i) => Some(&i.ident),
        Item::Struct(i) => Some(&i.ident),
        Item::Trait(i) => Some(&i.ident),
        Item::TraitAlias(i) => Some(&i.ident),
        Item::Type(i) => Some(&i.ident),
        Item::Union(i) => Some(&i.ident),
        _ => None,
    }
}

/// Records every module's imports and items (those inside functions count as the module's:
/// a few names too many only make a path local, never a false finding).
pub struct Learn<'a> {
    pub c: &'a mut Checker,
    pub module: Vec<String>,
}

impl<'ast> Visit<'ast> for Learn<'_> {
    fn visit_item(&mut self, item: &'ast Item) {
        if let Some(name) = item_name(item) {
            let key = format!("{}::{name}", self.module.join("::"));
            self.c.locals.insert(key);
        }
        visit::visit_item(self, item);
    }

    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        self.module.push(m.ident.to_string());
        visit::visit_item_mod(self, m);
        self.module.pop();
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        let mut leaves = Vec::new();
        use_leaves(&u.tree, &mut Vec::new(), &mut leaves);
        let module = self.module.join("::");
        for leaf in leaves {
            let t = Target {
                module: self.module.clone(),
                segs: leaf.segs,
                global: u.leading_colon.is_some(),
            };
            if leaf.glob {
                self.c.globs.entry(module.clone()).or_default().push(t);
            } else if let Some(n) = leaf.name {
                self.c.aliases.insert(format!("{module}::{n}"), t);
            }
        }
    }
}
