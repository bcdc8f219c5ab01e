//! `leverup certificates list|revoke`: the centre's register of certification records.

use std::process::ExitCode;

use chrono::Utc;

use super::args::CertAction;
use crate::store::Store;

pub fn run(store: &mut Store, action: CertAction) -> anyhow::Result<ExitCode> {
    match action {
        CertAction::List => {
            let certs = store.list_certificates()?;
            println!(
                "{:<36}  {:<10}  {:<8}  candidate",
                "certificate", "issued", "status"
            );
            for c in &certs {
                let status = match &c.revoked_at {
                    Some(_) => "revoked",
                    None => "valid",
                };
                println!(
                    "{:<36}  {:<10}  {:<8}  {}{}",
                    c.id,
                    c.issued_at.format("%Y-%m-%d"),
                    status,
                    c.candidate_name,
                    c.revoke_reason
                        .as_deref()
                        .map(|r| format!(" (revoked: {r})"))
                        .unwrap_or_default()
                );
            }
            println!("{} certificates", certs.len());
            Ok(ExitCode::SUCCESS)
        }
        CertAction::Revoke { id, reason } => {
            store.revoke_certificate(&id, &reason, "leverup certificates revoke", Utc::now())?;
            println!("certificate {id} revoked: {reason}");
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The revocation reason when the register revoked the certificate a credential names.
/// `certificate` is the credential's evidence id, `urn:uuid:<certificate id>`.
pub fn revocation(store: &Store, certificate: &str) -> Option<String> {
    let id = certificate.strip_prefix("urn:uuid:")?;
    let certs = store.list_certificates().ok()?;
    let c = certs.into_iter().find(|c| c.id == id)?;
    c.revoked_at.map(|at| {
        format!(
            "{} (on {})",
            c.revoke_reason.unwrap_or_default(),
            at.format("%Y-%m-%d")
        )
    })
}
