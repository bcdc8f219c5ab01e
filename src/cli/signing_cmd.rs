//! `leverup signing-key init|show|export-public` and `leverup verify`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::EXIT_INPUT;
use crate::export::badge::error::BadgeError;
use crate::export::badge::signing::{PublicJwk, SigningKey};
use crate::export::badge::verify::{self, KeySource};
use crate::store::{SealSigner, io_reason};

/// The centre's key lives beside the default database, in the XDG data directory.
pub fn default_key_path() -> anyhow::Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "leverup")
        .context("cannot find a home directory for the signing key; pass --key PATH")?;
    Ok(dirs.data_dir().join("signing-key.pem"))
}

pub fn key_path(given: Option<&Path>) -> anyhow::Result<PathBuf> {
    match given {
        Some(p) => Ok(p.to_path_buf()),
        None => default_key_path(),
    }
}

pub fn load_key(given: Option<&Path>) -> anyhow::Result<SigningKey> {
    let path = key_path(given)?;
    match SigningKey::load(&path) {
        Ok(key) => Ok(key),
        // Already says where and which command creates one.
        Err(e @ BadgeError::KeyMissing(_)) => Err(e.into()),
        Err(e) => Err(anyhow::Error::new(e).context(format!(
            "no usable signing key at {}; create one with `leverup signing-key init`",
            path.display()
        ))),
    }
}

pub fn init(given: Option<&Path>) -> anyhow::Result<ExitCode> {
    let path = key_path(given)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        private_dir(dir)?;
    }
    let key = SigningKey::generate();
    key.save(&path, false)?;
    println!("created signing key {} (mode 0600)", path.display());
    println!("fingerprint: {}", key.fingerprint());
    Ok(ExitCode::SUCCESS)
}

/// Creates `dir` and any missing parents owner-only (0700): the data directory holds the
/// private key, the database and the certificates. An existing directory keeps its mode.
pub fn private_dir(dir: &Path) -> anyhow::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .with_context(|| format!("cannot create {}", dir.display()))
}

pub fn show(given: Option<&Path>) -> anyhow::Result<ExitCode> {
    let key = load_key(given)?;
    println!("algorithm:   ES256 (ECDSA P-256)");
    println!("fingerprint: {}", key.fingerprint());
    print!("{}", key.public_pem()?);
    Ok(ExitCode::SUCCESS)
}

pub fn export_public(given: Option<&Path>, jwk: bool) -> anyhow::Result<ExitCode> {
    let key = load_key(given)?;
    if jwk {
        println!("{}", serde_json::to_string_pretty(&key.public_jwk())?);
    } else {
        print!("{}", key.public_pem()?);
    }
    Ok(ExitCode::SUCCESS)
}

/// The public key a check must trust: `--key JWK` when given (a bad file ends the run,
/// exit 2), else the centre's own key when this machine has one.
pub fn trusted_public_key(given: Option<&Path>) -> Result<Option<PublicJwk>, ExitCode> {
    match given {
        Some(p) => {
            let text = match std::fs::read_to_string(p) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("error: cannot read {}: {}", p.display(), io_reason(&e));
                    return Err(ExitCode::from(EXIT_INPUT));
                }
            };
            match PublicJwk::from_json_str(&text) {
                Ok(k) => Ok(Some(k)),
                Err(e) => {
                    eprintln!("{}: not a usable public JWK: {e}", p.display());
                    Err(ExitCode::from(EXIT_INPUT))
                }
            }
        }
        None => Ok(default_key_path()
            .ok()
            .and_then(|p| SigningKey::load(&p).ok())
            .map(|k| k.public())),
    }
}

/// Signs sign-offs with the centre's key when this machine has one. A key file that is
/// there but unusable is said before the TUI starts (sign-offs then go unsigned).
pub fn seal_signer() -> Option<SealSigner> {
    let path = default_key_path().ok()?;
    if !path.exists() {
        return None;
    }
    match SigningKey::load(&path) {
        Ok(key) => Some(seal_signer_from(key)),
        Err(e) => {
            eprintln!(
                "warning: the signing key {} is not usable ({e}); sign-offs will not be signed",
                path.display()
            );
            None
        }
    }
}

/// The store's seal signer for `key`.
pub fn seal_signer_from(key: SigningKey) -> SealSigner {
    SealSigner {
        alg: "ES256".into(),
        key_id: key.fingerprint(),
        public_jwk: key.public_jwk(),
        sign: Box::new(move |m| URL_SAFE_NO_PAD.encode(key.sign_es256(m))),
    }
}

/// Verifies a credential file. The trusted key is `--key JWK`, else the centre's own key
/// when one exists here; `revoked` says whether the register has revoked it.
pub fn verify_file(
    file: &Path,
    trusted_jwk: Option<&Path>,
    revoked: impl Fn(&str) -> Result<Option<String>, crate::store::StoreError>,
) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let trusted = match trusted_public_key(trusted_jwk) {
        Ok(k) => k,
        Err(code) => return Ok(code),
    };
    let report = verify::verify(&bytes, trusted.as_ref(), chrono::Utc::now());
    println!("{}", file.display());
    println!("{report}");
    if let Some(key) = &report.key
        && key.source == KeySource::HeaderUntrusted
    {
        println!(
            "note: checked with the key in the credential itself ({}); compare it with the \
             fingerprint the issuing centre publishes, or pass --key JWK",
            key.fingerprint
        );
    }
    // The evidence id names the certificate record (see export::badge::credential).
    let certificate = report
        .credential
        .as_ref()
        .and_then(|c| c.pointer("/evidence/0/id"))
        .and_then(|v| v.as_str())
        .unwrap_or("");
    let revocation = revoked(certificate)?;
    if let Some(reason) = &revocation {
        println!("FAIL  revocation  the centre revoked this credential: {reason}");
        println!("result: NOT VALID (revoked)");
    }
    Ok(if report.ok() && revocation.is_none() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(super::EXIT_RUNTIME)
    })
}
