//! `leverup export portfolio CANDIDATE`: the candidate's printable portfolio summary, one
//! self-contained HTML file (mode 0600, like every export: it holds personal data).
//!
//! CANDIDATE is an id, or a name when exactly one candidate has it; anything else is bad
//! input (exit 2) that says what was found.

use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::Utc;

use super::export_csv::Sink;
use super::portfolio_data;
use super::report::InputError;
use crate::domain::model::Model;
use crate::export::portfolio_html;
use crate::store::{CandidateFilter, Store, StoreError};

/// Writes the summary; returns where it went (`-` for standard output).
pub fn export_portfolio(
    store: &Store,
    model: &Model,
    candidate: &str,
    out: Option<&Path>,
) -> anyhow::Result<PathBuf> {
    let id = resolve(store, candidate)?;
    let doc = portfolio_data::gather(store, model, &id, Utc::now().date_naive())?;
    let out = out.map_or_else(|| default_name(&doc.candidate, &id), Path::to_path_buf);
    let mut sink = Sink::open(&out)?;
    portfolio_html::write_html(&doc, &mut sink)
        .and_then(|()| sink.finish())
        .with_context(|| format!("cannot write {}", out.display()))?;
    Ok(out)
}

/// The candidate's id: `query` itself when it is one, else the one candidate of that name
/// (letter case aside).
fn resolve(store: &Store, query: &str) -> anyhow::Result<String> {
    match store.get_candidate(query) {
        Ok(c) => return Ok(c.id),
        Err(StoreError::NotFound { .. }) => {}
        Err(e) => return Err(e.into()),
    }
    let wanted = query.trim();
    let filter = CandidateFilter {
        name: Some(wanted.to_string()),
        ..Default::default()
    };
    // The name filter matches parts of names; only whole names count here. Paged, so a
    // common name fragment never loads every candidate at once.
    const PAGE: u32 = 500;
    let mut found = Vec::new();
    for page in 0.. {
        let rows = store.list_candidates(&filter, PAGE, page * PAGE)?;
        let last = rows.len() < PAGE as usize;
        found.extend(
            rows.into_iter()
                .filter(|r| !wanted.is_empty() && r.name.trim().eq_ignore_ascii_case(wanted)),
        );
        if last {
            break;
        }
    }
    match found.as_slice() {
        [one] => Ok(one.id.clone()),
        [] => Err(InputError::new(
            format!("no candidate with the id or name {query:?}"),
            "`leverup export csv` lists candidates with their ids (column candidate_id)",
        )
        .into()),
        many => {
            let list: Vec<String> = many
                .iter()
                .map(|r| format!("    {}  {}  (step {})", r.id, r.name, r.state.label()))
                .collect();
            Err(InputError::new(
                format!(
                    "{} candidates are named {query:?}:\n{}",
                    many.len(),
                    list.join("\n")
                ),
                "name one of them by its id",
            )
            .into())
        }
    }
}

/// `portfolio-<name>.html` in the current directory: the name in lower case, runs of
/// anything but letters and digits as one `-` (the id when nothing is left).
fn default_name(name: &str, id: &str) -> PathBuf {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug = if slug.is_empty() { id } else { slug };
    PathBuf::from(format!("portfolio-{slug}.html"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_name_is_a_slug_of_the_candidate() {
        let name = |n: &str| default_name(n, "c-1").display().to_string();
        assert_eq!(name("Giulia Rossi"), "portfolio-giulia-rossi.html");
        assert_eq!(
            name("  José  <Núñez> & co. "),
            "portfolio-josé-núñez-co.html"
        );
        assert_eq!(name("../../etc"), "portfolio-etc.html");
        assert_eq!(name("<>"), "portfolio-c-1.html");
    }
}
