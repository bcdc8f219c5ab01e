//! `leverup certificates list|revoke`: the centre's register of certification records.

use std::process::ExitCode;

use chrono::Utc;

use super::args::CertAction;
use crate::diagnostics::count;
use crate::export::badge::public_key::PublicJwk;
use crate::export::badge::verify::TrustedKey;
use crate::store::{Store, StoreError};

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
            println!(
                "{}",
                count(certs.len() as u64, "certificate", "certificates")
            );
            Ok(ExitCode::SUCCESS)
        }
        CertAction::Revoke { id, reason } => {
            store.revoke_certificate(&id, &reason, "leverup certificates revoke", Utc::now())?;
            println!("certificate {id} revoked: {reason}");
            println!(
                "publish the new status list so that employers see it: leverup export \
                 status-list --out DIR"
            );
            Ok(ExitCode::SUCCESS)
        }
        CertAction::Reissue { id, reason } => {
            let new = store.reissue_certificate(
                &id,
                &reason,
                "leverup certificates reissue",
                Utc::now(),
            )?;
            println!("certificate {id} revoked and replaced by {new}: {reason}");
            println!(
                "write its badges with `leverup export badges --out DIR` and publish the \
                 new status list with `leverup export status-list --out DIR`"
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The revocation reason when the register revoked the certificate a credential names.
/// `certificate` is the credential's evidence id, `urn:uuid:<certificate id>`. A register
/// that cannot be read is an error, never "not revoked".
pub fn revocation(store: &Store, certificate: &str) -> Result<Option<String>, StoreError> {
    let Some(id) = certificate.strip_prefix("urn:uuid:") else {
        return Ok(None);
    };
    if let Some(at) = store.erased_certificate(id)? {
        return Ok(Some(format!(
            "the candidate's data was erased (revoked on {})",
            at.format("%Y-%m-%d")
        )));
    }
    let certs = store.list_certificates()?;
    let Some(c) = certs.into_iter().find(|c| c.id == id) else {
        return Ok(None);
    };
    Ok(c.revoked_at.map(|at| {
        format!(
            "{} (on {})",
            c.revoke_reason.unwrap_or_default(),
            at.format("%Y-%m-%d")
        )
    }))
}

/// The keys the register has signed with, trusted by `verify --db`.
pub fn register_keys(store: &Store) -> Result<Vec<TrustedKey>, StoreError> {
    Ok(store
        .signing_keys()?
        .into_iter()
        .filter_map(|k| {
            PublicJwk::from_json_str(&k.jwk).ok().map(|key| TrustedKey {
                key,
                kid: None,
                source: "the centre's register".into(),
            })
        })
        .collect())
}
