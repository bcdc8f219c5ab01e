//! `leverup export badges`: a certificate record per finalised assessment with validated
//! competences, and an Open Badges 3.0 credential per validated competence, signed with the
//! centre's key and written as `DIR/<certificate-id>/`. Demo candidates are skipped (and
//! counted): their records are never signed with the centre's real key.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use crate::domain::certification::{Issue, Withheld};
use crate::domain::model::Model;
use crate::domain::scales::Decision;
use crate::export::badge::badge_files::{
    Durability, IssuedBadge, StagedCertificate, stage_certificate,
};
use crate::export::badge::certificate_html::{self, CertificateLine, CertificatePage};
use crate::export::badge::credential::{BadgeInput, IssuerProfile, ModelParts, credential_id};
use crate::export::badge::signing::SigningKey;
use crate::export::badge::site::PublicSite;
use crate::export::badge::status_list;
use crate::store::{AssessmentRecord, ResultFilter, Store};
use crate::ui::data::{IssueHook, IssueReport};

/// The public description of the LEVER UP model (EPALE); the competence alignments point here.
const MODEL_URL: &str = "https://epale.ec.europa.eu/en/resource-centre/content/lever-valuing-informal-learning-and-transversal-competences-experienced-0";

pub struct BadgeRequest<'a> {
    pub out: &'a Path,
    pub filter: ResultFilter,
    pub issuer_url: Option<String>,
    pub issuer_email: Option<String>,
    /// Where the centre publishes issuer.json, jwks.json and the status list.
    pub publish_url: Option<String>,
    pub actor: String,
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct BadgeSummary {
    pub certificates: usize,
    pub credentials: usize,
    /// Certificate folders already present in the output directory, left as they were.
    pub already_there: usize,
    /// Certificates whose candidate has no e-mail address: their badges name the recipient
    /// by an opaque id only, so the candidate must present them to be recognised.
    pub without_email: usize,
    /// Finalised assessments of demo candidates: never signed with the centre's key.
    pub demo_skipped: usize,
    /// Certificates revoked and not reissued: their assessments get nothing new.
    pub revoked_skipped: Vec<String>,
}

/// Why the TUI's issue hook issues nothing for a demo candidate.
const DEMO_REFUSAL: &str = "this is a demo candidate: no certificate is issued for demo \
     records with the centre's signing key";

/// The issuer profile's address and e-mail, remembered in the database once given.
fn issuer_setting(
    store: &mut Store,
    key: &str,
    given: Option<String>,
    flag: &str,
) -> anyhow::Result<String> {
    if let Some(v) = given {
        store.set_state(key, &v)?;
        return Ok(v);
    }
    match store.get_state(key)? {
        Some(v) => Ok(v),
        None => bail!(
            "the issuer profile needs the centre's {flag}: pass --{flag} (remembered for the next export)"
        ),
    }
}

/// Now, to the second: the register's issue date and the badges' validFrom are one value.
fn now_seconds() -> DateTime<Utc> {
    let now = Utc::now();
    DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now)
}

/// The published folder: `--publish-url`, remembered; by default `<issuer-url>/openbadges`.
pub fn public_site(store: &mut Store, given: Option<String>) -> anyhow::Result<PublicSite> {
    if let Some(v) = &given {
        PublicSite::new(v).map_err(anyhow::Error::msg)?;
        store.set_state("issuer.publish_url", v)?;
    }
    let url = match store.get_state("issuer.publish_url")? {
        Some(v) => v,
        None => match store.get_state("issuer.url")? {
            Some(u) => format!("{}/openbadges", u.trim_end_matches('/')),
            None => bail!(
                "the centre's published folder is unknown: pass --publish-url URL (or --issuer-url once)"
            ),
        },
    };
    PublicSite::new(&url).map_err(anyhow::Error::msg)
}

pub fn export_badges(
    store: &mut Store,
    model: &Model,
    key: &SigningKey,
    req: &BadgeRequest<'_>,
) -> anyhow::Result<BadgeSummary> {
    let url = issuer_setting(store, "issuer.url", req.issuer_url.clone(), "issuer-url")?;
    let email = issuer_setting(
        store,
        "issuer.email",
        req.issuer_email.clone(),
        "issuer-email",
    )?;
    let site = public_site(store, req.publish_url.clone())?;
    let public = key.public();
    store.register_signing_key(
        &public.fingerprint(),
        public.alg().name(),
        &public.to_json().to_string(),
        &req.actor,
        Utc::now(),
    )?;
    super::signing_cmd::private_dir(req.out)?;
    let centres: HashMap<String, String> = store
        .list_centres()?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let mut summary = BadgeSummary::default();
    let issuer = Issuer {
        url,
        email,
        centres,
        site,
    };
    let ids = store.certifiable_assessments(&req.filter)?;
    store.defer_sync(true)?;
    let done = ids.chunks(BATCH).try_for_each(|batch| {
        let ctx = Ctx {
            model,
            key,
            issuer: &issuer,
            out: req.out,
            actor: &req.actor,
            durability: Durability::Batch,
        };
        issue_batch(store, &ctx, batch, &mut summary)
    });
    // Whatever happened, what was committed is made durable and `FULL` comes back.
    let synced = store.defer_sync(false).and_then(|()| store.sync_to_disk());
    done?;
    synced?;
    Ok(summary)
}

/// Certificates per batch: one flush of the database and one of the file system each.
const BATCH: usize = 64;

/// What issuing one certificate needs besides the store.
struct Ctx<'a> {
    model: &'a Model,
    key: &'a SigningKey,
    issuer: &'a Issuer,
    out: &'a Path,
    actor: &'a str,
    durability: Durability,
}

/// Issues a batch: the certificate rows committed, the folders staged; then the database
/// synced (no file ever names a certificate the register could lose), the staged files
/// synced in one go, and only then the folders placed, each whole.
fn issue_batch(
    store: &mut Store,
    ctx: &Ctx<'_>,
    batch: &[String],
    summary: &mut BadgeSummary,
) -> anyhow::Result<()> {
    let mut staged = Vec::with_capacity(batch.len());
    let mut failed = None;
    for id in batch {
        match stage_one(store, ctx, id, summary) {
            Ok(Some(s)) => staged.push(s),
            Ok(None) => {}
            Err(e) => {
                failed = Some(e);
                break;
            }
        }
    }
    let made_durable = store
        .sync_to_disk()
        .map_err(anyhow::Error::from)
        .and_then(|()| sync_files(ctx.out, &staged));
    if let Some(e) = failed.or(made_durable.err()) {
        for s in staged {
            if let Some(folder) = s.folder {
                folder.discard();
            }
        }
        return Err(e);
    }
    for s in staged {
        finish_one(s, summary)?;
    }
    crate::export::badge::atomic::sync_parent(&ctx.out.join("."));
    Ok(())
}

/// The staged folders' data on disk: one `syncfs` of their file system on Linux, else
/// each file.
fn sync_files(out: &Path, staged: &[Staged]) -> anyhow::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let dir =
            std::fs::File::open(out).with_context(|| format!("cannot open {}", out.display()))?;
        // SAFETY: syncfs only reads the descriptor, which `dir` keeps open for the call.
        if unsafe { libc::syncfs(dir.as_raw_fd()) } == 0 {
            return Ok(());
        }
    }
    for path in staged
        .iter()
        .filter_map(|s| s.folder.as_ref())
        .flat_map(|f| f.files())
    {
        std::fs::File::open(&path)
            .and_then(|f| f.sync_all())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// The issuer's address and e-mail with the centres' names, and where it publishes.
struct Issuer {
    url: String,
    email: String,
    centres: HashMap<String, String>,
    site: PublicSite,
}

/// A certificate issued in the database, its folder staged (or already in `out`).
struct Staged {
    certificate_id: String,
    folder: Option<StagedCertificate>,
    credentials: usize,
}

/// The certificate record and badges of one finalised assessment, staged under `out`;
/// `None` (and counted) for a demo candidate or a revoked certificate, for which nothing
/// is issued.
fn stage_one(
    store: &mut Store,
    ctx: &Ctx<'_>,
    id: &str,
    summary: &mut BadgeSummary,
) -> anyhow::Result<Option<Staged>> {
    // Before anything is written, the rules decide (domain::certification): a demo record
    // gets neither a certificate row nor a credential signed with the centre's real key,
    // and a revoked certificate is never silently replaced.
    let certificate_id = match store.issue_decision(id)? {
        Err(Withheld::Demo) => {
            summary.demo_skipped += 1;
            return Ok(None);
        }
        Err(Withheld::Revoked(cert)) => {
            summary.revoked_skipped.push(cert);
            return Ok(None);
        }
        Ok(Issue::Existing(cert)) => cert,
        Ok(Issue::New) => store.issue_certificate(id, ctx.actor, now_seconds())?,
    };
    let mut staged = Staged {
        certificate_id,
        folder: None,
        credentials: 0,
    };
    if ctx.out.join(&staged.certificate_id).exists() {
        summary.already_there += 1;
        return Ok(Some(staged));
    }
    let rec = store.load_assessment(id)?;
    let candidate = store.get_candidate(&rec.summary.candidate_id)?;
    let recipient = candidate.email.clone().filter(|e| !e.trim().is_empty());
    if recipient.is_none() {
        summary.without_email += 1;
    }
    let mut cert = store.certificate(&staged.certificate_id)?;
    if cert.status_index.is_none() {
        cert.status_index =
            Some(store.ensure_status_position(&staged.certificate_id, ctx.actor, Utc::now())?);
    }
    let centre = ctx
        .issuer
        .centres
        .get(&candidate.centre_id)
        .cloned()
        .unwrap_or_default();
    let issuer = IssuerProfile {
        id: ctx.issuer.site.issuer_id(),
        name: centre,
        url: ctx.issuer.url.clone(),
        email: ctx.issuer.email.clone(),
    };
    let assessor = store.get_person(&rec.summary.assessor_id)?.name;
    let page = build(
        ctx.model,
        ctx.key,
        &rec,
        &Issued {
            certificate_id: &staged.certificate_id,
            issued_at: cert.issued_at,
            status_index: cert.status_index,
            site: &ctx.issuer.site,
        },
        &issuer,
        &assessor,
        &candidate.name,
        &recipient,
    )?;
    let html = certificate_html::render(&page.0);
    staged.credentials = page.1.len();
    staged.folder = Some(stage_certificate(
        ctx.out,
        &staged.certificate_id,
        &page.1,
        &html,
        ctx.durability,
    )?);
    Ok(Some(staged))
}

/// Places a staged folder. (Issuing already moved the candidate on to Certification, in
/// the certificate's own transaction.)
fn finish_one(staged: Staged, summary: &mut BadgeSummary) -> anyhow::Result<()> {
    let Some(folder) = staged.folder else {
        return Ok(());
    };
    folder.place()?;
    summary.certificates += 1;
    summary.credentials += staged.credentials;
    Ok(())
}

/// One certificate, start to end, each file synced as it is written (the TUI's issue).
fn issue_one(
    store: &mut Store,
    ctx: &Ctx<'_>,
    id: &str,
    summary: &mut BadgeSummary,
) -> anyhow::Result<Option<String>> {
    let Some(staged) = stage_one(store, ctx, id, summary)? else {
        return Ok(None);
    };
    let certificate_id = staged.certificate_id.clone();
    finish_one(staged, summary)?;
    Ok(Some(certificate_id))
}

/// The TUI's "issue the records now": the same code path as `leverup export badges`, for one
/// assessment, with the key at `key_path`, the issuer profile remembered in the database
/// and the files under `out`. Errors say which command sets up what is missing.
pub fn tui_issue_hook(model: Model, key_path: PathBuf, out: PathBuf) -> IssueHook {
    Box::new(move |store, assessment, actor| {
        let key = SigningKey::load(&key_path).map_err(|_| {
            format!(
                "no signing key at {}; run `leverup signing-key init` first.",
                key_path.display()
            )
        })?;
        let url = store.get_state("issuer.url").map_err(|e| e.to_string())?;
        let email = store.get_state("issuer.email").map_err(|e| e.to_string())?;
        let (Some(url), Some(email)) = (url, email) else {
            return Err(
                "the centre's issuer profile is missing; run once `leverup export \
                 badges --out DIR --issuer-url URL --issuer-email EMAIL`."
                    .into(),
            );
        };
        let centres = store
            .list_centres()
            .map_err(|e| e.to_string())?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        let site = public_site(store, None).map_err(|e| format!("{e:#}"))?;
        let issuer = Issuer {
            url,
            email,
            centres,
            site,
        };
        let mut summary = BadgeSummary::default();
        let ctx = Ctx {
            model: &model,
            key: &key,
            issuer: &issuer,
            out: &out,
            actor,
            durability: Durability::EachFile,
        };
        let cert = issue_one(store, &ctx, assessment, &mut summary)
            .map_err(|e| format!("{e:#}"))?
            .ok_or_else(|| match summary.revoked_skipped.first() {
                Some(cert) => format!(
                    "certificate {cert} of this assessment was revoked; reissue it with \
                 `leverup certificates reissue {cert} --reason …`"
                ),
                None => DEMO_REFUSAL.to_string(),
            })?;
        let dir = out.join(&cert);
        let credentials = std::fs::read_dir(&dir)
            .map(|d| {
                d.flatten()
                    .filter(|e| e.path().extension().is_some_and(|x| x == "jwt"))
                    .count()
            })
            .unwrap_or(summary.credentials);
        Ok(IssueReport {
            dir: dir.display().to_string(),
            credentials,
        })
    })
}

/// Where the TUI writes certificates: `<XDG data dir>/leverup/certificates/`.
pub fn default_certificates_dir() -> anyhow::Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "leverup")
        .context("cannot find a home directory for the certificates")?;
    Ok(dirs.data_dir().join("certificates"))
}

/// The register's facts of the certificate being written.
struct Issued<'a> {
    certificate_id: &'a str,
    issued_at: DateTime<Utc>,
    status_index: Option<u32>,
    site: &'a PublicSite,
}

#[allow(clippy::too_many_arguments)] // each value is a distinct fact of the certificate
fn build(
    model: &Model,
    key: &SigningKey,
    rec: &AssessmentRecord,
    issued: &Issued<'_>,
    issuer: &IssuerProfile,
    assessor: &str,
    candidate_name: &str,
    recipient: &Option<String>,
) -> anyhow::Result<(CertificatePage, Vec<IssuedBadge>)> {
    let certificate_id = issued.certificate_id;
    let assessed_on = rec.summary.started_at.date_naive();
    let kid = issued.site.key_url(&key.fingerprint());
    let mut lines = Vec::new();
    let mut badges = Vec::new();
    for d in rec
        .decisions
        .iter()
        .filter(|d| d.decision == Decision::Validated)
    {
        let score = rec
            .scores
            .iter()
            .find(|s| s.input.competence_id == d.competence_id);
        let (Some(competence), Some(level), Some(complexity)) = (
            model.competence(&d.competence_id),
            score
                .and_then(|s| s.input.outcome_level)
                .and_then(|o| o.level()),
            score.and_then(|s| s.input.complexity.complete()),
        ) else {
            bail!(
                "assessment {}: validated competence {} lacks a level or complexity in the database",
                rec.summary.id,
                d.competence_id
            );
        };
        let parts = ModelParts::of(model, competence, &complexity);
        // Per-certificate salt: the same e-mail hashes differently on each certificate.
        let salt = &format!("{:x}", Sha256::digest(certificate_id.as_bytes()))[..16];
        let input = BadgeInput {
            credential_id: credential_id(certificate_id, &competence.id),
            certificate_id: certificate_id.to_string(),
            issuer: issuer.clone(),
            subject_id: format!("urn:uuid:{}", rec.summary.candidate_id),
            recipient_email: recipient.clone(),
            salt: salt.to_string(),
            competence: competence.clone(),
            cluster_name: parts.cluster_name.clone(),
            key_competences: parts.key_competences,
            level,
            complexity,
            eqf_band: parts.eqf_band.clone(),
            dimension_scales: parts.dimension_scales,
            reasons: d.reasons.clone(),
            assessor_name: assessor.to_string(),
            assessed_on,
            // The issue date: the register's, the badge's and the certificate page's agree.
            valid_from: issued.issued_at,
            valid_until: None,
            model_id: rec.summary.model_id.clone(),
            model_version: rec.summary.model_version.clone(),
            model_url: MODEL_URL.to_string(),
            image: None,
            status: issued
                .status_index
                .map(|i| status_list::entry(issued.site, i)),
        };
        badges.push(IssuedBadge::issue(&input, key, Some(&kid))?);
        lines.push(CertificateLine {
            competence_id: competence.id.clone(),
            competence_code: competence.code.clone(),
            competence_name: competence.name.clone(),
            cluster_name: parts.cluster_name,
            level,
            complexity,
            eqf_band: parts.eqf_band,
            description: competence.description.trim().to_string(),
            level_descriptor: competence.outcome(level).to_string(),
            reasons: d.reasons.trim().to_string(),
        });
    }
    let page = CertificatePage {
        certificate_id: certificate_id.to_string(),
        candidate_name: candidate_name.to_string(),
        centre_name: issuer.name.clone(),
        centre_url: issuer.url.clone(),
        assessor_name: assessor.to_string(),
        assessed_on,
        issued_at: issued.issued_at,
        status_list_url: issued.site.status_list_url(),
        jwks_url: issued.site.jwks_url(),
        model_id: rec.summary.model_id.clone(),
        model_version: rec.summary.model_version.clone(),
        key_fingerprint: key.fingerprint(),
        public_jwk: serde_json::to_string_pretty(&key.public_jwk())?,
        lines,
    };
    Ok((page, badges))
}
