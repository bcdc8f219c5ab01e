//! The files a centre puts on its web site so that anyone can check its badges without
//! calling it: `issuer.json` (the issuer profile the credentials' issuer id resolves to),
//! `jwks.json` (every public key it has signed with) and `keys/<thumbprint>.json` (each key
//! alone, at the URL the JWT `kid` names), plus, from `export status-list`, the revocation
//! status list. Public files: mode 0644; each appears whole (temp + rename).

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::atomic;
use super::credential::{IssuerProfile, OB_CONTEXT, VC_CONTEXT};
use super::error::BadgeError;
use super::public_key::PublicJwk;
use super::site::{ISSUER_FILE, JWKS_FILE, KEYS_DIR, PublicSite};

/// The issuer profile (OB 3.0 Profile) at the issuer id.
pub fn issuer_profile(issuer: &IssuerProfile) -> Value {
    json!({
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": issuer.id,
        "type": ["Profile"],
        "name": issuer.name,
        "url": issuer.url,
        "email": issuer.email,
    })
}

/// The JWK Set: each key with `kid` = the URL that serves it.
pub fn jwks(site: &PublicSite, keys: &[PublicJwk]) -> Value {
    let keys: Vec<Value> = keys
        .iter()
        .map(|k| k.to_json_with_kid(Some(&site.key_url(&k.fingerprint()))))
        .collect();
    json!({ "keys": keys })
}

fn pretty(v: &Value) -> Result<Vec<u8>, BadgeError> {
    Ok((serde_json::to_string_pretty(v)? + "\n").into_bytes())
}

fn public_dir(dir: &Path) -> Result<(), BadgeError> {
    std::fs::create_dir_all(dir).map_err(|source| BadgeError::Write {
        path: dir.to_path_buf(),
        source,
    })
}

/// Writes (replacing older copies) issuer.json, jwks.json and keys/*.json under `dir`.
pub fn write_issuer_files(
    dir: &Path,
    site: &PublicSite,
    issuer: &IssuerProfile,
    keys: &[PublicJwk],
) -> Result<Vec<PathBuf>, BadgeError> {
    public_dir(&dir.join(KEYS_DIR))?;
    let mut files = vec![
        (dir.join(ISSUER_FILE), pretty(&issuer_profile(issuer))?),
        (dir.join(JWKS_FILE), pretty(&jwks(site, keys))?),
    ];
    for k in keys {
        let fp = k.fingerprint();
        let jwk = k.to_json_with_kid(Some(&site.key_url(&fp)));
        files.push((dir.join(KEYS_DIR).join(format!("{fp}.json")), pretty(&jwk)?));
    }
    for (path, bytes) in &files {
        atomic::write_file(path, bytes, 0o644, true)?;
    }
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

/// Writes one public file (the status list), replacing an older copy.
pub fn write_public_file(path: &Path, bytes: &[u8]) -> Result<(), BadgeError> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        public_dir(parent)?;
    }
    atomic::write_file(path, bytes, 0o644, true)
}
