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

/// Writes the certificate folder and returns the paths of the files in it.
pub fn write_certificate(
    dir: &Path,
    certificate_id: &str,
    badges: &[IssuedBadge],
    html: &str,
) -> Result<Vec<PathBuf>, BadgeError> {
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
    let filled = fill(&tmp, badges, html);
    let placed = filled.and_then(|names| {
        // rename(2) refuses a non-empty target and replaces an empty one; the check above
        // covers the usual case, this covers a folder created meanwhile.
        if target.exists() {
            return Err(BadgeError::Exists(target.clone()));
        }
        fs::rename(&tmp, &target).map_err(|source| BadgeError::Write {
            path: target.clone(),
            source,
        })?;
        Ok(names)
    });
    match placed {
        Ok(names) => {
            atomic::sync_parent(&target);
            Ok(names.into_iter().map(|n| target.join(n)).collect())
        }
        Err(e) => {
            let _ = fs::remove_dir_all(&tmp);
            Err(e)
        }
    }
}

fn fill(tmp: &Path, badges: &[IssuedBadge], html: &str) -> Result<Vec<String>, BadgeError> {
    let mut names = Vec::new();
    for b in badges {
        let files = [
            (format!("{}.jwt", b.competence_id), format!("{}\n", b.jwt)),
            (format!("{}.json", b.competence_id), b.json_file()?),
            (format!("{}.svg", b.competence_id), b.svg.clone()),
        ];
        for (name, content) in files {
            atomic::create_file(&tmp.join(&name), content.as_bytes(), 0o600)?;
            names.push(name);
        }
    }
    atomic::create_file(&tmp.join("certificate.html"), html.as_bytes(), 0o600)?;
    names.push("certificate.html".to_string());
    atomic::sync_parent(&tmp.join("certificate.html"));
    Ok(names)
}
