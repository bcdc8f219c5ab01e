//! `leverup export issuer` and `leverup export status-list`: the files the centre hosts at
//! its publish URL so that anyone can check its badges without calling it.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use chrono::Utc;

use super::args::PublishOpts;
use super::export_badges::public_site;
use crate::export::badge::credential::IssuerProfile;
use crate::export::badge::issuer_files::{write_issuer_files, write_public_file};
use crate::export::badge::public_key::PublicJwk;
use crate::export::badge::signing::SigningKey;
use crate::export::badge::site::PublicSite;
use crate::export::badge::site::STATUS_LIST_FILE;
use crate::export::badge::{jwt, status_list};
use crate::store::{STATUS_LIST_BITS, Store};

/// The current key and every key the register has seen, without repeats.
fn published_keys(store: &Store, key: &SigningKey) -> anyhow::Result<Vec<PublicJwk>> {
    let mut keys = vec![key.public()];
    for k in store.signing_keys()? {
        let jwk = PublicJwk::from_json_str(&k.jwk)
            .with_context(|| format!("the register's key {} is unreadable", k.thumbprint))?;
        if !keys.contains(&jwk) {
            keys.push(jwk);
        }
    }
    Ok(keys)
}

/// Which files to write.
pub enum What {
    Issuer,
    StatusList,
}

pub fn run(mut store: Store, what: What, opts: PublishOpts) -> anyhow::Result<ExitCode> {
    let key = super::signing_cmd::load_key(opts.key.as_deref())?;
    let site = public_site(&mut store, opts.publish_url)?;
    match what {
        What::Issuer => issuer(&store, &key, &opts.out, &site),
        What::StatusList => status(&store, &key, &opts.out, &site),
    }
}

fn issuer(
    store: &Store,
    key: &SigningKey,
    out: &Path,
    site: &PublicSite,
) -> anyhow::Result<ExitCode> {
    let get = |k: &str| store.get_state(k);
    let (Some(url), Some(email)) = (get("issuer.url")?, get("issuer.email")?) else {
        anyhow::bail!(
            "the issuer profile needs the centre's address and e-mail: run `leverup export \
             badges --issuer-url URL --issuer-email EMAIL` once"
        );
    };
    // The real centre: demo centres never issue with the centre's key.
    let centres = store.list_centres()?;
    let name = centres
        .iter()
        .find(|c| !store.is_demo_centre(&c.id).unwrap_or(true))
        .or(centres.first())
        .map(|c| c.name.clone())
        .unwrap_or_default();
    let profile = IssuerProfile {
        id: site.issuer_id(),
        name,
        url,
        email,
    };
    let keys = published_keys(store, key)?;
    let files = write_issuer_files(out, site, &profile, &keys)?;
    for f in &files {
        println!("{}", f.display());
    }
    println!(
        "host these at {} (issuer id {}, {})",
        site.base(),
        site.issuer_id(),
        crate::diagnostics::count(keys.len() as u64, "key", "keys")
    );
    Ok(ExitCode::SUCCESS)
}

fn status(
    store: &Store,
    key: &SigningKey,
    out: &Path,
    site: &PublicSite,
) -> anyhow::Result<ExitCode> {
    let revoked = store.revoked_status_positions()?;
    let credential = status_list::credential(site, &revoked, STATUS_LIST_BITS, Utc::now())?;
    let token = jwt::sign(&credential, key, Some(&site.key_url(&key.fingerprint())))?;
    let path = out.join(STATUS_LIST_FILE);
    write_public_file(&path, format!("{token}\n").as_bytes())?;
    let clear = path.with_extension("json");
    write_public_file(
        &clear,
        (serde_json::to_string_pretty(&credential)? + "\n").as_bytes(),
    )?;
    println!("{}\n{}", path.display(), clear.display());
    println!(
        "{} revoked of {STATUS_LIST_BITS} positions; host it at {}",
        revoked.len(),
        site.status_list_url()
    );
    Ok(ExitCode::SUCCESS)
}
