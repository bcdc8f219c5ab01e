//! `leverup candidate erase|export`: a candidate's rights of erasure and of access. The
//! store does the work; here an unknown id becomes bad input (exit 2) and the results
//! are told.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use chrono::Utc;

use super::args::CandidateAction;
use super::export_csv::Sink;
use super::report::InputError;
use crate::diagnostics::count;
use crate::store::{Store, StoreError};

pub fn run(
    store: &mut Store,
    as_person: Option<&str>,
    action: CandidateAction,
) -> anyhow::Result<ExitCode> {
    match action {
        CandidateAction::Erase { id, reason } => {
            // The command line has no login: the audit row names the command and, when
            // given, who `--as` says is working, plus the system user who ran it.
            let user = std::env::var("USER")
                .or_else(|_| std::env::var("LOGNAME"))
                .unwrap_or_else(|_| "unknown user".into());
            let actor = match as_person {
                Some(p) => format!("{p} (leverup candidate erase, system user {user})"),
                None => format!("leverup candidate erase (system user {user})"),
            };
            let e = store
                .erase_candidate(&id, reason.as_deref(), &actor, Utc::now())
                .map_err(|e| unknown(e, &id))?;
            println!(
                "candidate {id} erased: {}, {}; {} kept in the chain without their content",
                count(e.assessments as u64, "assessment", "assessments"),
                count(e.certificates as u64, "certificate", "certificates"),
                count(e.audit_rows as u64, "audit row", "audit rows"),
            );
            if e.recovery_entries > 0 {
                println!(
                    "{} about them taken out of the recovery file",
                    count(
                        e.recovery_entries as u64,
                        "kept text or form",
                        "kept texts or forms"
                    ),
                );
            }
            if let Some(why) = &e.recovery_error {
                eprintln!(
                    "leverup: the recovery file beside the database could not be tidied ({why}): \
                     it may still hold text or forms about the candidate.\n  hint: remove their \
                     entries from it by hand (it is JSON), or delete it"
                );
            }
            if !e.wal_cleared {
                eprintln!(
                    "leverup: another program has the database open, so its write-ahead log \
                     (-wal file) could not be emptied: erased bytes may stay in it until that \
                     program closes.\n  hint: close it and run `leverup candidate erase` on \
                     another id, or `sqlite3 FILE 'PRAGMA wal_checkpoint(TRUNCATE)'`"
                );
            }
            // Not erased everywhere yet: a script must not take it as done.
            if e.recovery_error.is_some() {
                return Ok(ExitCode::FAILURE);
            }
            Ok(ExitCode::SUCCESS)
        }
        CandidateAction::Export { id, out } => {
            let doc = store.candidate_data(&id).map_err(|e| unknown(e, &id))?;
            let mut sink = Sink::open(&out)?;
            serde_json::to_writer_pretty(&mut sink, &doc)
                .map_err(std::io::Error::from)
                .and_then(|()| sink.write_all(b"\n"))
                .and_then(|()| sink.finish())
                .with_context(|| format!("cannot write {}", out.display()))?;
            if out.as_os_str() != "-" {
                eprintln!(
                    "data held about candidate {id} written to {}",
                    out.display()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// An id that names no candidate is the user's mistake: exit 2, with the id.
fn unknown(e: StoreError, id: &str) -> anyhow::Error {
    match e {
        StoreError::NotFound { .. } => InputError::new(
            format!("no candidate with id {id}"),
            "the `candidate_id` column of `leverup export csv` lists the ids",
        )
        .into(),
        other => other.into(),
    }
}
