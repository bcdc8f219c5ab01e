//! `leverup signing-key init|show|export-public` and `leverup verify`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::EXIT_INPUT;
use crate::export::badge::error::BadgeError;
use crate::export::badge::public_key::{Alg, PublicJwk, parse_jwks};
use crate::export::badge::signing::SigningKey;
use crate::export::badge::verify::{self, Options, Outcome, TrustedKey};
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

pub fn init(given: Option<&Path>, alg: Alg) -> anyhow::Result<ExitCode> {
    let path = key_path(given)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        private_dir(dir)?;
    }
    if path.exists() {
        // Before generating: an RSA key takes a moment, and the answer is no anyway.
        return Err(BadgeError::KeyExists(path).into());
    }
    let key = SigningKey::generate_with(alg)?;
    key.save(&path, false)?;
    println!(
        "created {} signing key {} (mode 0600)",
        alg.name(),
        path.display()
    );
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
    println!("algorithm:   {}", key.alg().describe());
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
        Some(p) => read_jwk(p).map(Some),
        None => Ok(default_key_path()
            .ok()
            .and_then(|p| SigningKey::load(&p).ok())
            .map(|k| k.public())),
    }
}

/// A public JWK file given on the command line; an unreadable or unusable one is said,
/// naming the file, and ends the run with exit 2.
fn read_jwk(p: &Path) -> Result<PublicJwk, ExitCode> {
    let text = std::fs::read_to_string(p).map_err(|e| {
        eprintln!("error: cannot read {}: {}", p.display(), io_reason(&e));
        ExitCode::from(EXIT_INPUT)
    })?;
    PublicJwk::from_json_str(&text).map_err(|e| {
        eprintln!("{}: not a usable public JWK: {e}", p.display());
        ExitCode::from(EXIT_INPUT)
    })
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
        alg: key.alg().name().into(),
        key_id: key.fingerprint(),
        public_jwk: key.public_jwk(),
        sign: Box::new(move |m| {
            key.sign(m)
                .map(|sig| URL_SAFE_NO_PAD.encode(sig))
                .map_err(|e| e.to_string())
        }),
    }
}

/// Exit code of "signature valid, issuer not confirmed".
pub const EXIT_UNCONFIRMED: u8 = 3;

fn read(p: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))
}

/// What `verify` is given besides the file.
pub struct VerifyInputs<'a> {
    pub key: Option<&'a Path>,
    pub jwks: Option<&'a Path>,
    pub status_list: Option<&'a Path>,
    /// Keys from the centre's register (`--db`).
    pub register_keys: Vec<TrustedKey>,
    /// The register was given: its answer on revocation stands for the status list's.
    pub has_register: bool,
}

/// The trusted keys: `--key`, `--jwks` and the register. `Err(code)` for an unusable file.
fn trusted_keys(inputs: VerifyInputs<'_>) -> anyhow::Result<Result<Vec<TrustedKey>, ExitCode>> {
    let mut keys = inputs.register_keys;
    if let Some(p) = inputs.key {
        match read_jwk(p) {
            Ok(key) => keys.push(TrustedKey {
                key,
                kid: None,
                source: format!("--key {}", p.display()),
            }),
            Err(code) => return Ok(Err(code)),
        }
    }
    if let Some(p) = inputs.jwks {
        match parse_jwks(&read(p)?) {
            Ok(set) => keys.extend(set.into_iter().map(|(kid, key)| TrustedKey {
                key,
                kid,
                source: format!("--jwks {}", p.display()),
            })),
            Err(e) => {
                eprintln!("{}: not a usable JWK Set: {e}", p.display());
                return Ok(Err(ExitCode::from(EXIT_INPUT)));
            }
        }
    }
    Ok(Ok(keys))
}

/// Verifies a credential file: exit 0 VALID, 1 not valid or revoked, 3 signature valid but
/// the issuer not confirmed. `revoked` asks the register about the certificate.
pub fn verify_file(
    file: &Path,
    inputs: VerifyInputs<'_>,
    revoked: impl Fn(&str) -> Result<Option<String>, crate::store::StoreError>,
) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let status_list = inputs.status_list.map(read).transpose()?;
    let has_register = inputs.has_register;
    let keys = match trusted_keys(inputs)? {
        Ok(k) => k,
        Err(code) => return Ok(code),
    };
    // A bare .json credential's proof is the .jwt of the same name beside it.
    let companion = if file.extension().is_some_and(|e| e == "json") {
        std::fs::read_to_string(file.with_extension("jwt")).ok()
    } else {
        None
    };
    let options = Options {
        trusted: &keys,
        status_list: status_list.as_deref(),
        companion_jwt: companion.as_deref(),
    };
    let mut report = verify::verify_with(&bytes, &options, chrono::Utc::now());
    // The evidence id names the certificate record (see export::badge::credential).
    let certificate = report
        .credential
        .as_ref()
        .and_then(|c| c.pointer("/evidence/0/id"))
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_string();
    match revoked(&certificate)? {
        Some(reason) => report.add_check(
            "register",
            false,
            format!("the centre's register says this certificate is REVOKED: {reason}"),
        ),
        None if has_register && !certificate.is_empty() => {
            report
                .notes
                .retain(|n| !n.starts_with("revocation not checked"));
            report.add_check("register", true, "not revoked in the centre's register")
        }
        None => true,
    };
    println!("{}", file.display());
    println!("{report}");
    Ok(match report.outcome() {
        Outcome::Valid => ExitCode::SUCCESS,
        Outcome::Unconfirmed => ExitCode::from(EXIT_UNCONFIRMED),
        Outcome::NotValid => ExitCode::from(super::EXIT_RUNTIME),
    })
}
