//! `leverup demo`: fills a new or demo database with a realistic demo centre and prints
//! what it made; `leverup demo --remove` takes every demo record out again.

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use crate::demo;
use crate::diagnostics::count;
use crate::domain::model::Model;
use crate::domain::process::Step;
use crate::store::Store;

use super::report::InputError;

/// Where the store lives, for messages.
fn place(store: &Store) -> String {
    store
        .path()
        .map_or("memory".to_string(), |p| p.display().to_string())
}

/// The refusal of a database with real candidates, as bad input (exit 2) with a hint.
fn refusal(store: &Store, e: demo::DemoError) -> anyhow::Error {
    match e {
        demo::DemoError::RealData => InputError::new(
            format!(
                "{}: this database holds real candidates; the demo was not written",
                place(store)
            ),
            "the demo only goes into a new database or one that holds demo data only: \
             `leverup demo --db demo.db`",
        )
        .into(),
        e => e.into(),
    }
}

pub fn run(
    store: &mut Store,
    model: &Model,
    candidates: usize,
    seed: u64,
) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let s = demo::generate(store, model, candidates, seed, chrono::Utc::now())
        .map_err(|e| refusal(store, e))?;
    // The demo is in; packing the file is a saving, not part of it: if another instance
    // holds the file, the demo stays as written and this says so.
    if let Err(e) = store.pack() {
        let _ = writeln!(std::io::stderr(), "note: the file was left unpacked ({e})");
    }
    let where_ = place(store);
    let n = |k: usize, one: &str, many: &str| count(k as u64, one, many);
    println!(
        "demo written to {where_} in {:.1} s: 1 centre, {}, {}, {}",
        started.elapsed().as_secs_f64(),
        n(s.assessor_ids.len(), "assessor", "assessors"),
        n(s.tutor_ids.len(), "tutor", "tutors"),
        n(s.candidates, "candidate", "candidates")
    );
    for step in Step::ALL {
        println!("  {:<15} {:>8}", step.label(), s.count(step));
    }
    println!("  stopped on the way     {:>8}", s.stopped);
    println!("  evidence items         {:>8}", s.evidence_items);
    println!(
        "  assessments            {:>8} in progress, {} finalised",
        s.assessments_in_progress, s.assessments_finalised
    );
    println!(
        "  competence decisions   {:>8} validated, {} not validated, {} not assessable",
        s.validated, s.not_validated, s.not_assessable
    );
    println!(
        "  certificates           {:>8} ({} revoked)",
        s.certificates, s.revoked_certificates
    );
    Ok(ExitCode::SUCCESS)
}

/// `leverup demo --remove`: every demo record, in one transaction; the audit log keeps its
/// history (append-only, chained) and records the removal.
pub fn remove(store: &mut Store) -> anyhow::Result<ExitCode> {
    let where_ = place(store);
    if !store.holds_demo_data()? {
        println!("no demo data in {where_}; nothing was removed");
        return Ok(ExitCode::SUCCESS);
    }
    let r = store.remove_demo("leverup demo --remove", chrono::Utc::now())?;
    let n = |k: usize, one: &str, many: &str| count(k as u64, one, many);
    println!(
        "demo removed from {where_}: {}, {}, {}, {}, {}; the audit log keeps their {} \
         (append-only)",
        n(r.centres, "centre", "centres"),
        n(r.people, "person", "people"),
        n(r.candidates, "candidate", "candidates"),
        n(r.assessments, "assessment", "assessments"),
        n(r.certificates, "certificate", "certificates"),
        n(r.audit_rows, "audit row", "audit rows"),
    );
    Ok(ExitCode::SUCCESS)
}

/// How many candidates `D` in the TUI creates: enough to feel real, quick to generate.
const TUI_DEMO_CANDIDATES: usize = 40;

/// `D` in the TUI: the same generator, seeded by the clock so a second load adds new people.
pub fn tui_demo_hook() -> crate::ui::data::DemoHook {
    Box::new(|store, model, now| {
        let seed = now.timestamp() as u64;
        demo::generate(store, model, TUI_DEMO_CANDIDATES, seed, now)
            .map(|_| ())
            .map_err(|e| e.to_string())
    })
}
