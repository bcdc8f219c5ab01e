//! Issues the badges of one certificate and writes its folder:
//! `DIR/<certificate-id>/{<competence-id>.jwt, .json, .svg, certificate.html}`.
//!
//! The folder is filled under a temporary name and renamed into place, so it appears whole
//! or not at all; an existing certificate folder is never replaced. Folder 0700, files 0600:
//! a certificate names the candidate, and sharing it is the candidate's choice.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::atomic;
use super::credential::{BadgeInput, build_credential};
use super::error::BadgeError;
use super::jwt;
use super::signing::SigningKey;
use super::svg::{self, SvgBadge};

/// One signed badge, ready to be written.
#[derive(Debug, Clone)]
pub struct IssuedBadge {
    pub competence_id: String,
    pub credential: Value,
    pub jwt: String,
    pub svg: String,
}

impl IssuedBadge {
    /// Builds, signs and bakes the credential for `input`.
    pub fn issue(input: &BadgeInput, key: &SigningKey) -> Result<Self, BadgeError> {
        let credential = build_credential(input);
        let jwt = jwt::sign(&credential, key)?;
        let svg = svg::render(
            &SvgBadge {
                competence_name: input.competence.name.clone(),
                level: input.level,
                centre_name: input.issuer.name.clone(),
                date: input.assessed_on.format("%Y-%m-%d").to_string(),
            },
            Some(&jwt),
        );
        Ok(IssuedBadge {
            competence_id: input.competence.id.clone(),
            credential,
            jwt,
            svg,
        })
    }

    /// The `.json` file: the credential in clear, for reading, with the signed JWT that
    /// proves it (`leverup verify` checks that the two agree).
    pub fn json_file(&self) -> Result<String, BadgeError> {
        let doc = json!({ "credential": self.credential, "jwt": self.jwt });
        Ok(serde_json::to_string_pretty(&doc)? + "\n")
    }
}

/// Ids become file names: only letters, digits, `-`, `_`, `.`; no leading dot.
fn safe_name(what: &'static str, value: &str) -> Result<(), BadgeError> {
    let bad = |why| BadgeError::BadName {
        what,
        value: value.to_string(),
        why,
    };
    if value.is_empty() || value.len() > 128 {
        return Err(bad("it must have 1 to 128 characters"));
    }
    if value.starts_with('.') {
        return Err(bad("it must not start with a dot"));
    }
    if !value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Err(bad("only letters, digits, '-', '_' and '.' are allowed"));
    }
    Ok(())
}

/// When the data of a certificate's files reaches the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// Each file is synced as it is written, the folder once placed: a lone certificate.
    EachFile,
    /// Nothing is synced here: the caller makes a whole batch of staged folders durable at
    /// once (one sync of the file system), and only then places them, so each still
    /// appears whole or not at all. `export badges` pays one flush per batch, not seven
    /// per certificate.
    Batch,
}

/// A certificate folder written under its temporary name, not yet in place.
#[derive(Debug)]
pub struct StagedCertificate {
    tmp: PathBuf,
    target: PathBuf,
    names: Vec<String>,
    durability: Durability,
}

impl StagedCertificate {
    /// The temporary folder (to sync its files when the file system cannot be synced whole).
    pub fn files(&self) -> impl Iterator<Item = PathBuf> + '_ {
        self.names.iter().map(|n| self.tmp.join(n))
    }

    /// Renames the folder into place and returns the paths of its files. With
    /// [`Durability::Batch`] the caller syncs the parent folder once for the batch.
    pub fn place(self) -> Result<Vec<PathBuf>, BadgeError> {
        // rename(2) refuses a non-empty target and replaces an empty one; the check in
        // `stage_certificate` covers the usual case, this covers a folder created meanwhile.
        let placed = if self.target.exists() {
            Err(BadgeError::Exists(self.target.clone()))
        } else {
            fs::rename(&self.tmp, &self.target).map_err(|source| BadgeError::Write {
                path: self.target.clone(),
                source,
            })
        };
        if let Err(e) = placed {
            let _ = fs::remove_dir_all(&self.tmp);
            return Err(e);
        }
        if self.durability == Durability::EachFile {
            atomic::sync_parent(&self.target);
        }
        Ok(self.names.iter().map(|n| self.target.join(n)).collect())
    }

    /// Removes the staged folder (a batch that failed before it was placed).
    pub fn discard(self) {
        let _ = fs::remove_dir_all(&self.tmp);
    }
}

/// Writes the certificate folder and returns the paths of the files in it.
pub fn write_certificate(
    dir: &Path,
    certificate_id: &str,
    badges: &[IssuedBadge],
    html: &str,
) -> Result<Vec<PathBuf>, BadgeError> {
    stage_certificate(dir, certificate_id, badges, html, Durability::EachFile)?.place()
}

/// Fills the certificate folder under a temporary name beside its place in `dir`.
pub fn stage_certificate(
    dir: &Path,
    certificate_id: &str,
    badges: &[IssuedBadge],
    html: &str,
    durability: Durability,
) -> Result<StagedCertificate, BadgeError> {
    safe_name("certificate id", certificate_id)?;
    for b in badges {
        safe_name("competence id", &b.competence_id)?;
    }
    let target = dir.join(certificate_id);
    if target.exists() {
        return Err(BadgeError::Exists(target));
    }
    let tmp = atomic::temp_sibling(&target);
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(&tmp).map_err(|source| BadgeError::Write {
        path: tmp.clone(),
        source,
    })?;
    match fill(&tmp, badges, html, durability) {
        Ok(names) => Ok(StagedCertificate {
            tmp,
            target,
            names,
            durability,
        }),
        Err(e) => {
            let _ = fs::remove_dir_all(&tmp);
            Err(e)
        }
    }
}

fn fill(
    tmp: &Path,
    badges: &[IssuedBadge],
    html: &str,
    durability: Durability,
) -> Result<Vec<String>, BadgeError> {
    let sync = durability == Durability::EachFile;
    let mut names = Vec::new();
    for b in badges {
        let files = [
            (format!("{}.jwt", b.competence_id), format!("{}\n", b.jwt)),
            (format!("{}.json", b.competence_id), b.json_file()?),
            (format!("{}.svg", b.competence_id), b.svg.clone()),
        ];
        for (name, content) in files {
            atomic::create_file_synced(&tmp.join(&name), content.as_bytes(), 0o600, sync)?;
            names.push(name);
        }
    }
    atomic::create_file_synced(&tmp.join("certificate.html"), html.as_bytes(), 0o600, sync)?;
    names.push("certificate.html".to_string());
    if sync {
        atomic::sync_parent(&tmp.join("certificate.html"));
    }
    Ok(names)
}
