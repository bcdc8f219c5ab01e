//! Why a badge export or key operation failed. Each message names the path and the cause,
//! because the CLI shows it as is.

use std::io;
use std::path::PathBuf;

use thiserror::Error;

#[derive(Debug, Error)]
pub enum BadgeError {
    #[error("a signing key already exists at {0}")]
    KeyExists(PathBuf),
    #[error("no signing key at {0}; create one with `leverup signing-key init`")]
    KeyMissing(PathBuf),
    #[error("{path} is not a P-256 private key in PKCS#8 PEM: {detail}")]
    KeyFormat { path: PathBuf, detail: String },
    #[error("not a P-256 public key (JWK with kty EC, crv P-256, x, y): {0}")]
    JwkFormat(String),
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error("cannot write {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
    #[error("{0} already exists; refusing to overwrite it")]
    Exists(PathBuf),
    #[error("{what} {value:?} cannot be used as a file name: {why}")]
    BadName {
        what: &'static str,
        value: String,
        why: &'static str,
    },
    #[error("cannot encode JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("signing failed: {0}")]
    Signing(String),
}
