//! The walk over one file that hands every path it names to the layer's judgement: use
//! trees, `extern crate`, paths in code and types, and `a::b` chains in macro bodies and
//! attribute arguments, which are tokens rather than syntax.

use proc_macro2::{Spacing, TokenStream, TokenTree};
use syn::visit::{self, Visit};
use syn::{Attribute, Item};

use super::scope::use_leaves;
use super::{Checker, Layer};

const PRINT: &[&str] = &["print", "println", "eprint", "eprintln", "dbg"];

pub struct Check<'a> {
    pub c: &'a Checker,
    pub layer: &'a Layer,
    pub module: Vec<String>,
    pub in_test: bool,
    /// (line, path as shown, why)
    pub found: Vec<(usize, String, String)>,
}

impl Check<'_> {
    fn path(&mut self, segs: Vec<String>, global: bool, line: usize) {
        let raw = format!("{}{}", if global { "::" } else { "" }, segs.join("::"));
        let Some(abs) = self.c.resolve(&self.module, &segs, global, &mut Vec::new()) else {
            // Unresolved names can still be the clock (e.g. via `use chrono::prelude::*`).
            if let Some(why) = self.c.impure(self.layer, &segs, &segs) {
                self.found.push((line, raw, why));
            }
            return;
        };
        if let Some(why) = self.c.judge(self.layer, &abs, &segs, self.in_test) {
            let abs = abs.join("::");
            let shown = if abs == raw {
                raw
            } else {
                format!("{raw} = {abs}")
            };
            self.found.push((line, shown, why));
        }
    }

    fn flag(&mut self, span: proc_macro2::Span, shown: &str, why: &str) {
        let why = format!("{} {why}", self.layer.name);
        self.found.push((span.start().line, shown.into(), why));
    }

    /// Every `a::b` or `::a` chain in a token stream, taken as a path.
    fn tokens(&mut self, ts: TokenStream) {
        let toks: Vec<TokenTree> = ts.into_iter().collect();
        let sep = |i: usize| match (toks.get(i), toks.get(i + 1)) {
            (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b))) => {
                a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':'
            }
            _ => false,
        };
        let mut i = 0;
        while i < toks.len() {
            if let TokenTree::Group(g) = &toks[i] {
                self.tokens(g.stream());
                i += 1;
                continue;
            }
            // `::x` after a name or `>` continues a path (`Vec::<u8>::new`), not starts one.
            let continues = i > 0
                && match &toks[i - 1] {
                    TokenTree::Ident(_) => true,
                    TokenTree::Punct(p) => p.as_char() == '>',
                    _ => false,
                };
            let global = sep(i) && !continues;
            let mut j = if global { i + 2 } else { i };
            let (mut segs, mut line) = (Vec::new(), 0);
            while let Some(TokenTree::Ident(id)) = toks.get(j) {
                if segs.is_empty() {
                    line = id.span().start().line;
                }
                segs.push(id.to_string());
                let more = sep(j + 1);
                j += if more { 3 } else { 1 };
                if !more {
                    break;
                }
            }
            if global && !segs.is_empty() || segs.len() > 1 {
                self.path(segs, global, line);
            }
            i = j.max(i + 1);
        }
    }
}

fn item_attrs(item: &Item) -> &[Attribute] {
    match item {
        Item::Const(i) => &i.attrs,
        Item::Enum(i) => &i.attrs,
        Item::ExternCrate(i) => &i.attrs,
        Item::Fn(i) => &i.attrs,
        Item::ForeignMod(i) => &i.attrs,
        Item::Impl(i) => &i.attrs,
        Item::Macro(i) => &i.attrs,
        Item::Mod(i) => &i.attrs,
        Item::Static(i) => &i.attrs,
        Item::Struct(i) => &i.attrs,
        Item::Trait(i) => &i.attrs,
        Item::Type(i) => &i.attrs,
        Item::Union(i) => &i.attrs,
        Item::Use(i) => &i.attrs,
        _ => &[],
    }
}

fn names_app(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "App"))
}

impl<'ast> Visit<'ast> for Check<'_> {
    fn visit_item(&mut self, item: &'ast Item) {
        let was = self.in_test;
        self.in_test |= item_attrs(item).iter().any(|a| {
            let list = a.meta.require_list();
            a.path().is_ident("cfg") && list.is_ok_and(|l| l.tokens.to_string() == "test")
        });
        visit::visit_item(self, item);
        self.in_test = was;
    }

    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        self.module.push(m.ident.to_string());
        visit::visit_item_mod(self, m);
        self.module.pop();
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        let mut leaves = Vec::new();
        use_leaves(&u.tree, &mut Vec::new(), &mut leaves);
        for leaf in leaves {
            self.path(leaf.segs, u.leading_colon.is_some(), leaf.line);
        }
    }

    fn visit_item_extern_crate(&mut self, e: &'ast syn::ItemExternCrate) {
        if e.ident != "self" {
            self.path(vec![e.ident.to_string()], true, e.ident.span().start().line);
        }
    }

    fn visit_path(&mut self, p: &'ast syn::Path) {
        // A lone name is a local, a prelude item or an import already judged at its `use`.
        if p.segments.len() > 1 || p.leading_colon.is_some() {
            let segs = p.segments.iter().map(|s| s.ident.to_string()).collect();
            let line = p.segments[0].ident.span().start().line;
            self.path(segs, p.leading_colon.is_some(), line);
        }
        visit::visit_path(self, p);
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        let name = m.path.segments.last().map(|s| s.ident.to_string());
        if self.layer.pure && name.as_deref().is_some_and(|n| PRINT.contains(&n)) {
            let shown = format!("{}!", name.unwrap_or_default());
            self.flag(
                m.path.segments[0].ident.span(),
                &shown,
                "must not write to the terminal",
            );
        }
        self.tokens(m.tokens.clone());
        visit::visit_macro(self, m);
    }

    fn visit_attribute(&mut self, a: &'ast Attribute) {
        if let syn::Meta::List(l) = &a.meta {
            self.tokens(l.tokens.clone());
        }
        visit::visit_attribute(self, a);
    }

    fn visit_type_reference(&mut self, r: &'ast syn::TypeReference) {
        if self.layer.view && r.mutability.is_some() && names_app(&r.elem) {
            self.flag(r.and_token.span, "&mut App", "only renders: no &mut App");
        }
        visit::visit_type_reference(self, r);
    }

    fn visit_pat_type(&mut self, p: &'ast syn::PatType) {
        if self.layer.view && names_app(&p.ty) {
            self.flag(p.colon_token.span, "App", "only renders: no owned App");
        }
        visit::visit_pat_type(self, p);
    }
}
