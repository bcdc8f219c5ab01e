//! Issues the badges of one certificate and writes its folder:
//! `DIR/<certificate-id>/{<competence-id>.jwt, .json, .svg, .png, certificate.html}`.
//!
//! The folder is filled under a temporary name and renamed into place, so it appears whole
//! or not at all; an existing certificate folder is never replaced. Folder 0700, files 0600:
//! a certificate names the candidate, and sharing it is the candidate's choice.

use std::fs;
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;

use super::atomic;
use super::baked_png;
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
    pub png: Vec<u8>,
}

/// The badge image as a `data:` URI, for the credential's and achievement's `image`.
pub fn image_data_uri(svg: &str) -> String {
    format!("data:image/svg+xml;base64,{}", STANDARD.encode(svg))
}

impl IssuedBadge {
    /// Builds, signs and bakes the credential for `input`; the JWT header names the key
    /// by `kid`. Without an image in `input`, the badge SVG itself (as a data URI) is it.
    pub fn issue(
        input: &BadgeInput,
        key: &SigningKey,
        kid: Option<&str>,
    ) -> Result<Self, BadgeError> {
        let face = SvgBadge {
            competence_name: input.competence.name.clone(),
            level: input.level,
            centre_name: input.issuer.name.clone(),
            date: input.valid_from.format("%Y-%m-%d").to_string(),
        };
        let mut input = input.clone();
        if input.image.is_none() {
            input.image = Some(image_data_uri(&svg::render(&face, None)));
        }
        let credential = build_credential(&input);
        let jwt = jwt::sign(&credential, key, kid)?;
        let svg = svg::render(&face, Some(&jwt));
        let title = format!(
            "LEVER UP badge: {} – {} level – {}",
            face.competence_name,
            face.level.label(),
            face.centre_name
        );
        let png = baked_png::render(
            input.level,
            &title,
            &format!("Open Badges 3.0 credential validated on {}", face.date),
            Some(&jwt),
        )
        .map_err(BadgeError::Signing)?;
        Ok(IssuedBadge {
            competence_id: input.competence.id.clone(),
            credential,
            jwt,
            svg,
            png,
        })
    }

    /// The `.json` file: the credential itself, as the OB 3.0 schema describes it. Its
    /// proof is the `.jwt` beside it (`leverup verify` checks that the two agree).
    pub fn json_file(&self) -> Result<String, BadgeError> {
        Ok(serde_json::to_string_pretty(&self.credential)? + "\n")
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
            (
                format!("{}.jwt", b.competence_id),
                format!("{}\n", b.jwt).into_bytes(),
            ),
            (
                format!("{}.json", b.competence_id),
                b.json_file()?.into_bytes(),
            ),
            (
                format!("{}.svg", b.competence_id),
                b.svg.clone().into_bytes(),
            ),
            (format!("{}.png", b.competence_id), b.png.clone()),
        ];
        for (name, content) in files {
            atomic::create_file_synced(&tmp.join(&name), &content, 0o600, sync)?;
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
