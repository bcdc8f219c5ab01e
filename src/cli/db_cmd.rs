//! `leverup db check`: prints the store's check part by part; exit 1 when anything was
//! changed behind leverup's back or SQLite found damage.

use std::process::ExitCode;

use super::EXIT_RUNTIME;
use super::seal_check::seal_signatures;
use crate::diagnostics::count;
use crate::export::badge::public_key::PublicJwk;
use crate::store::Store;

pub fn check(
    store: &Store,
    centre: Option<&PublicJwk>,
    signed_since: Option<chrono::NaiveDate>,
) -> anyhow::Result<ExitCode> {
    let mut report = store.check()?;
    report
        .parts
        .push(seal_signatures(&store.sign_offs()?, centre, signed_since));
    if let Some(p) = store.path() {
        println!("checking {}", p.display());
    }
    for part in &report.parts {
        if part.problems.is_empty() {
            println!("ok       {}: {}", part.name, part.summary);
        } else {
            println!("PROBLEM  {}:", part.name);
            for problem in &part.problems {
                println!("           {problem}");
            }
        }
    }
    if report.is_clean() {
        println!("all well");
        Ok(ExitCode::SUCCESS)
    } else {
        println!(
            "{} found: the database was changed outside leverup, or is damaged. \
             Restore a backup and find out who had access to the file.",
            count(report.problem_count() as u64, "problem", "problems")
        );
        Ok(ExitCode::from(EXIT_RUNTIME))
    }
}
