//! One OpenBadgeCredential (Open Badges 3.0 on VC Data Model 2.0) per validated competence,
//! as plain JSON: the level and complexity as results against rubrics, the assessor's
//! reasons as evidence, and alignments to the LEVER UP competence, ESCO and key competences.
//!
//! Pure: every value, including the time, comes in through `BadgeInput`.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::domain::model::{Competence, DimensionScale, KeyCompetence, Model};
use crate::domain::scales::{Complexity, ComplexityProfile, Dimension, OutcomeLevel};

pub const VC_CONTEXT: &str = "https://www.w3.org/ns/credentials/v2";
pub const OB_CONTEXT: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
/// The official JSON Schema of an OpenBadgeCredential, named in `credentialSchema` so that
/// verifiers validate against it.
pub const OB_SCHEMA: &str =
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json";
pub const OB_SCHEMA_TYPE: &str = "1EdTechJsonSchemaValidator2019";

/// The validation centre that issues and signs the badge.
#[derive(Debug, Clone, PartialEq)]
pub struct IssuerProfile {
    /// A URL or DID that identifies the centre; becomes the JWT `iss`.
    pub id: String,
    pub name: String,
    pub url: String,
    pub email: String,
}

/// Everything one credential says. Owned copies of the model parts, so a badge for an
/// assessment made under an older model version is built from that version's texts.
#[derive(Debug, Clone)]
pub struct BadgeInput {
    /// `urn:uuid:…`, unique per credential.
    pub credential_id: String,
    pub certificate_id: String,
    pub issuer: IssuerProfile,
    /// A URI for the candidate that carries no personal data, e.g. `urn:uuid:<candidate id>`.
    /// OB 3.0 requires it as the JWT `sub` and `credentialSubject.id`.
    pub subject_id: String,
    /// Never written in clear: only its salted SHA-256 goes into the credential.
    /// `None` when the centre has no address: the subject is then named by `subject_id` only.
    pub recipient_email: Option<String>,
    pub salt: String,
    pub competence: Competence,
    pub cluster_name: String,
    pub key_competences: Vec<KeyCompetence>,
    pub level: OutcomeLevel,
    pub complexity: ComplexityProfile,
    /// "comparable to EQF …" label for the overall complexity.
    pub eqf_band: String,
    /// Anchors of context, task and autonomy; used as rubric texts (may be empty).
    pub dimension_scales: Vec<DimensionScale>,
    /// The assessor's reasons for validation (form section F).
    pub reasons: String,
    pub assessor_name: String,
    pub assessed_on: NaiveDate,
    /// Truncated to whole seconds, because the JWT `nbf` must equal it.
    pub valid_from: DateTime<Utc>,
    /// None is recommended (DOMAIN.md 7.2): currency is handled by evidence dates.
    pub valid_until: Option<DateTime<Utc>>,
    pub model_id: String,
    pub model_version: String,
    /// Where the LEVER UP model is published; the target of the competence alignment.
    pub model_url: String,
    /// The badge image (an SVG data URI or a hosted URL), for the achievement and the
    /// credential.
    pub image: Option<String>,
    /// The `credentialStatus` entry (see `status_list::entry`).
    pub status: Option<Value>,
}

/// The parts of `BadgeInput` that come from the model, looked up in the model version the
/// assessment was made with. An unknown cluster falls back to its id, and an unknown
/// key-competence id is left out (an alignment needs its URL), so a badge never fails to
/// build over a missing label.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelParts {
    pub cluster_name: String,
    pub key_competences: Vec<KeyCompetence>,
    pub eqf_band: String,
    pub dimension_scales: Vec<DimensionScale>,
}

impl ModelParts {
    pub fn of(model: &Model, competence: &Competence, complexity: &ComplexityProfile) -> Self {
        ModelParts {
            cluster_name: model
                .cluster(&competence.cluster)
                .map(|c| c.name.clone())
                .unwrap_or_else(|| competence.cluster.clone()),
            key_competences: competence
                .key_competences
                .iter()
                .filter_map(|id| model.key_competence(id).cloned())
                .collect(),
            eqf_band: model.eqf_band(complexity.overall()).to_string(),
            dimension_scales: model.complexity_scale.clone(),
        }
    }
}

/// RFC 3339 with whole seconds and `Z`, the form the JWT NumericDates can reproduce.
pub fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `sha256$<hex>` of the trimmed, lower-cased email followed by the salt (OB IdentityHash).
/// Lower-casing so a verifier holding "Ana@Example.org" gets the same hash.
pub fn identity_hash(email: &str, salt: &str) -> String {
    let normalised = email.trim().to_lowercase();
    let digest = Sha256::digest(format!("{normalised}{salt}").as_bytes());
    format!("sha256${}", hex(&digest))
}

/// The namespace of leverup's name-based ids: the v5 UUID of the project's URL in the
/// RFC 4122 URL namespace, so the ids are SHA-1 name-based UUIDs any tool can recompute.
fn namespace() -> uuid::Uuid {
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, b"https://leverup.eu/ids")
}

fn name_based(name: &str) -> String {
    format!(
        "urn:uuid:{}",
        uuid::Uuid::new_v5(&namespace(), name.as_bytes())
    )
}

/// A stable `urn:uuid:` for the achievement: the same competence under the same model
/// version always gets the same id, so wallets can group badges of one achievement.
pub fn achievement_id(model_id: &str, model_version: &str, competence_id: &str) -> String {
    name_based(&format!(
        "achievement:{model_id}:{model_version}:{competence_id}"
    ))
}

/// A stable credential id for (certificate, competence), so a re-export names the same badge.
pub fn credential_id(certificate_id: &str, competence_id: &str) -> String {
    name_based(&format!("credential:{certificate_id}/{competence_id}"))
}

fn dimension_name(d: Dimension) -> &'static str {
    match d {
        Dimension::Context => "Complexity of the context",
        Dimension::Task => "Complexity of the task",
        Dimension::Autonomy => "Autonomy",
    }
}

fn rubric_level(id: String, name: &str, code: &str, description: &str) -> Value {
    let mut level =
        json!({ "id": id, "type": ["RubricCriterionLevel"], "name": name, "level": code });
    if !description.is_empty() {
        level["description"] = json!(description);
    }
    level
}

fn outcome_rubric(input: &BadgeInput, ach: &str) -> Value {
    let levels: Vec<Value> = OutcomeLevel::ALL
        .iter()
        .map(|l| {
            let text = input.competence.outcome(*l);
            rubric_level(
                format!("{ach}#level-{}", l.code()),
                l.label(),
                l.code(),
                text,
            )
        })
        .collect();
    json!({
        "id": format!("{ach}#level"),
        "type": ["ResultDescription"],
        "name": "Learning-outcome level",
        "resultType": "RubricCriterionLevel",
        "allowedValue": OutcomeLevel::ALL.iter().map(|l| l.label()).collect::<Vec<_>>(),
        "requiredLevel": format!("{ach}#level-{}", OutcomeLevel::Basic.code()),
        "rubricCriterionLevel": levels,
    })
}

/// A rubric low … high for one complexity dimension, or the overall value (`None`).
fn complexity_rubric(input: &BadgeInput, ach: &str, dim: Option<Dimension>) -> Value {
    let (key, name) = match dim {
        Some(d) => (d.code(), dimension_name(d)),
        None => (
            "overall",
            "Overall complexity (median of context, task and autonomy)",
        ),
    };
    let scale = dim.and_then(|d| input.dimension_scales.iter().find(|s| s.dimension == d));
    let levels: Vec<Value> = Complexity::ALL
        .iter()
        .map(|c| {
            let anchor = scale
                .and_then(|s| s.anchors.iter().find(|(v, _)| v == c))
                .map(|(_, text)| text.as_str())
                .unwrap_or("");
            rubric_level(
                format!("{ach}#{key}-{}", c.code()),
                c.label(),
                c.code(),
                anchor,
            )
        })
        .collect();
    json!({
        "id": format!("{ach}#{key}"),
        "type": ["ResultDescription"],
        "name": name,
        "resultType": "RubricCriterionLevel",
        "allowedValue": Complexity::ALL.iter().map(|c| c.label()).collect::<Vec<_>>(),
        "rubricCriterionLevel": levels,
    })
}

fn result(ach: &str, key: &str, code: &str) -> Value {
    json!({
        "type": ["Result"],
        "resultDescription": format!("{ach}#{key}"),
        "achievedLevel": format!("{ach}#{key}-{code}"),
    })
}

fn alignments(input: &BadgeInput) -> Vec<Value> {
    let c = &input.competence;
    // No value of the schema's targetType enum describes these frameworks (CFItem and
    // ceasn:Competency name CASE and CTDL publications), so extension values are used.
    let mut out = vec![json!({
        "type": ["Alignment"],
        "targetName": c.name,
        "targetDescription": c.description,
        "targetCode": c.code,
        "targetFramework": format!("LEVER UP competence model {} {}", input.model_id, input.model_version),
        "targetType": "ext:LeverUpCompetence",
        "targetUrl": input.model_url,
    })];
    out.extend(c.esco.iter().map(|e| {
        json!({
            "type": ["Alignment"],
            "targetName": e.label,
            "targetCode": e.uri.rsplit('/').next().unwrap_or(&e.uri),
            "targetFramework": "ESCO",
            "targetType": "ext:EscoSkill",
            "targetUrl": e.uri,
        })
    }));
    out.extend(input.key_competences.iter().map(|k| {
        json!({
            "type": ["Alignment"],
            "targetName": k.name,
            "targetCode": k.id,
            "targetFramework": k.framework,
            "targetType": "ext:KeyCompetence",
            "targetUrl": k.url,
        })
    }));
    out
}

fn criteria_narrative(c: &Competence) -> String {
    let mut text = String::from("Learning outcomes:\n");
    for d in &c.outcomes {
        text.push_str(&format!("- {}: {}\n", d.level.label(), d.descriptor));
    }
    text.push_str(
        "\nValidated through portfolio review and a structured interview by an independent \
         trained assessor following the LEVER UP process.",
    );
    text
}

/// The human-readable statement of the result, for wallets that show only evidence.
pub fn evidence_narrative(input: &BadgeInput) -> String {
    let p = &input.complexity;
    format!(
        "Learning-outcome level: {level}. {outcome}\n\
         Complexity: context {cx}, task {task}, autonomy {aut}; overall {overall} ({eqf}).\n\
         Assessed on {date} by {assessor}, independent assessor at {centre}, through portfolio \
         review and structured interview (LEVER UP model {model} {version}; certificate {cert}).\n\
         Reasons for validation: {reasons}",
        level = input.level.label(),
        outcome = input.competence.outcome(input.level),
        cx = p.context.label(),
        task = p.task.label(),
        aut = p.autonomy.label(),
        overall = p.overall().label(),
        eqf = input.eqf_band,
        date = input.assessed_on.format("%Y-%m-%d"),
        assessor = input.assessor_name,
        centre = input.issuer.name,
        model = input.model_id,
        version = input.model_version,
        cert = input.certificate_id,
        reasons = input.reasons.trim(),
    )
}

/// Builds the unsigned credential. Sign it with `jwt::sign`.
pub fn build_credential(input: &BadgeInput) -> Value {
    let c = &input.competence;
    let ach = achievement_id(&input.model_id, &input.model_version, &c.id);
    let p = &input.complexity;
    let valid_from =
        DateTime::from_timestamp(input.valid_from.timestamp(), 0).unwrap_or(input.valid_from);

    let mut descriptions = vec![outcome_rubric(input, &ach)];
    descriptions.extend(
        Dimension::ALL
            .iter()
            .map(|d| complexity_rubric(input, &ach, Some(*d))),
    );
    descriptions.push(complexity_rubric(input, &ach, None));

    let mut results = vec![result(&ach, "level", input.level.code())];
    results.extend(
        Dimension::ALL
            .iter()
            .map(|d| result(&ach, d.code(), p.get(*d).code())),
    );
    results.push(result(&ach, "overall", p.overall().code()));

    let issuer = &input.issuer;
    let mut credential = json!({
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": input.credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {
            "id": issuer.id,
            "type": ["Profile"],
            "name": issuer.name,
            "url": issuer.url,
            "email": issuer.email,
        },
        "validFrom": timestamp(valid_from),
        "awardedDate": timestamp(valid_from),
        "credentialSchema": [{ "id": OB_SCHEMA, "type": OB_SCHEMA_TYPE }],
        "name": format!("LEVER UP – {} ({})", c.name, input.level.label()),
        "description": format!(
            "{} validated at {} level by {} (LEVER UP validation of transversal competences).",
            c.name, input.level.label(), issuer.name
        ),
        "credentialSubject": {
            "id": input.subject_id,
            "type": ["AchievementSubject"],

            "achievement": {
                "id": ach,
                "type": ["Achievement"],
                "achievementType": "Competency",
                "name": format!("LEVER UP – {}", c.name),
                "description": format!("{} Cluster: {}.", c.description.trim(), input.cluster_name),
                "criteria": { "narrative": criteria_narrative(c) },
                "alignment": alignments(input),
                "resultDescription": descriptions,
                "humanCode": c.code,
                "inLanguage": "en",
                "version": input.model_version,
                "tag": [input.cluster_name.as_str(), "volunteering", "transversal", "LEVER UP"],
            },
            "result": results,
        },
        "evidence": [{
            // The certificate record this badge belongs to: how a verifier holding the
            // centre's register finds out whether it was revoked.
            "id": format!("urn:uuid:{}", input.certificate_id),
            "type": ["Evidence"],
            "name": format!("LEVER UP assessment: {}", c.name),
            "genre": "Assessment",
            "narrative": evidence_narrative(input),
        }],
    });
    if let Some(email) = &input.recipient_email {
        credential["credentialSubject"]["identifier"] = json!([{
            "type": "IdentityObject",
            "identityHash": identity_hash(email, &input.salt),
            "identityType": "emailAddress",
            "hashed": true,
            "salt": input.salt,
        }]);
    }
    if let Some(image) = &input.image {
        let img = json!({
            "id": image,
            "type": "Image",
            "caption": format!("LEVER UP badge: {} ({})", c.name, input.level.label()),
        });
        credential["image"] = img.clone();
        credential["credentialSubject"]["achievement"]["image"] = img;
    }
    if let Some(status) = &input.status {
        credential["credentialStatus"] = status.clone();
    }
    if let Some(until) = input.valid_until {
        let until = DateTime::from_timestamp(until.timestamp(), 0).unwrap_or(until);
        credential["validUntil"] = json!(timestamp(until));
    }
    credential
}
