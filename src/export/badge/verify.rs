//! Verification of a badge as a verifier outside the centre would do it: compact VC-JWT,
//! the bare JSON credential with its .jwt, a baked SVG or a baked PNG. Every check is
//! reported with its reason, so a failure says what is wrong rather than only "invalid".
//!
//! Three outcomes: VALID (every check passed and the key is confirmed as the issuer's),
//! "signature valid, issuer not confirmed" (intact, but only the credential's own key
//! vouches for it), NOT VALID. Nothing is fetched: the status list and the issuer's keys
//! come in as files.

use std::fmt;

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::jwt::{self, credential_of, issuer_id, numeric_date};
use super::public_key::PublicJwk;
use super::structure;
use super::svg::{self, Baked};
use super::verify_key::check_signature;
pub use super::verify_key::{KeySource, KeyUsed, TrustedKey};
use super::{baked_png, verify_status};

/// What the input was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jwt,
    Json,
    Svg,
    Png,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub name: &'static str,
    pub passed: bool,
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Valid,
    /// Intact and well-formed, but the key is not confirmed as the issuer's.
    Unconfirmed,
    NotValid,
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    pub format: Option<Format>,
    pub checks: Vec<Check>,
    pub key: Option<KeyUsed>,
    /// The credential the signed payload carries, once decoded.
    pub credential: Option<Value>,
    /// What was not checked and how to check it (e.g. the status list when none was given).
    pub notes: Vec<String>,
}

/// What the verifier has besides the file.
#[derive(Debug, Clone, Default)]
pub struct Options<'a> {
    pub trusted: &'a [TrustedKey],
    /// The text of the status list credential (.jwt) the centre publishes.
    pub status_list: Option<&'a str>,
    /// The `.jwt` beside a bare `.json` credential: its proof.
    pub companion_jwt: Option<&'a str>,
}

impl Report {
    pub fn outcome(&self) -> Outcome {
        if self.checks.is_empty() || self.checks.iter().any(|c| !c.passed) {
            Outcome::NotValid
        } else if matches!(&self.key, Some(k) if matches!(k.source, KeySource::Trusted(_))) {
            Outcome::Valid
        } else {
            Outcome::Unconfirmed
        }
    }

    /// True only for VALID: every check passed and the issuer's key is confirmed.
    pub fn ok(&self) -> bool {
        self.outcome() == Outcome::Valid
    }

    pub fn failures(&self) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(|c| !c.passed)
    }

    pub fn check(&self, name: &str) -> Option<&Check> {
        self.checks.iter().find(|c| c.name == name)
    }

    /// Adds a check; returns whether it passed.
    pub fn add_check(
        &mut self,
        name: &'static str,
        passed: bool,
        detail: impl Into<String>,
    ) -> bool {
        self.checks.push(Check {
            name,
            passed,
            detail: detail.into(),
        });
        passed
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let format = match self.format {
            Some(Format::Jwt) => "VC-JWT (compact JWS)",
            Some(Format::Json) => "JSON credential with its VC-JWT",
            Some(Format::Svg) => "baked SVG badge",
            Some(Format::Png) => "baked PNG badge",
            None => "unknown",
        };
        writeln!(f, "format: {format}")?;
        for c in &self.checks {
            let mark = if c.passed { "PASS" } else { "FAIL" };
            writeln!(f, "{mark}  {:<11} {}", c.name, c.detail)?;
        }
        for n in &self.notes {
            writeln!(f, "note: {n}")?;
        }
        let n = self.checks.len();
        match self.outcome() {
            Outcome::Valid => write!(f, "result: VALID ({n} checks passed)"),
            Outcome::Unconfirmed if self.key.is_none() => write!(
                f,
                "result: signature not checked, issuer not confirmed ({n} checks passed; give \
                 the issuer's keys with --jwks, --key or --db)"
            ),
            Outcome::Unconfirmed => write!(
                f,
                "result: signature valid, issuer not confirmed ({n} checks passed; confirm \
                 the key with --jwks, --key or --db)"
            ),
            Outcome::NotValid => write!(
                f,
                "result: NOT VALID ({} of {n} checks failed)",
                self.failures().count()
            ),
        }
    }
}

/// Verifies `input` (.jwt, .json, .svg or .png bytes) at `now`, trusting `trusted` alone.
pub fn verify(input: &[u8], trusted: Option<&PublicJwk>, now: DateTime<Utc>) -> Report {
    let keys: Vec<TrustedKey> = trusted
        .map(|k| TrustedKey {
            key: k.clone(),
            kid: None,
            source: "the trusted key".into(),
        })
        .into_iter()
        .collect();
    verify_with(
        input,
        &Options {
            trusted: &keys,
            ..Options::default()
        },
        now,
    )
}

/// Verifies `input` with everything the verifier holds.
pub fn verify_with(input: &[u8], options: &Options<'_>, now: DateTime<Utc>) -> Report {
    let mut report = Report::default();
    let Some((token, carried)) = unwrap_input(input, options, &mut report) else {
        return report;
    };
    let decoded = match jwt::decode(&token) {
        Ok(d) => d,
        Err(e) => {
            report.add_check("jws", false, e);
            return report;
        }
    };
    report.add_check(
        "jws",
        true,
        "compact JWS with header, payload and signature",
    );
    report.key = check_signature(&decoded, options.trusted, &mut report);

    let credential = credential_of(&decoded.payload);
    let problems = structure::problems(&credential);
    report.add_check(
        "structure",
        problems.is_empty(),
        if problems.is_empty() && structure::is_status_list(&credential) {
            "a W3C Bitstring Status List credential with a readable list".to_string()
        } else if problems.is_empty() {
            "the required Open Badges 3.0 fields and types are present".to_string()
        } else {
            problems.join("; ")
        },
    );
    check_claims(&decoded.payload, &credential, &mut report);
    check_issuer_site(&credential, &mut report);
    check_dates(&decoded.payload, &credential, now, &mut report);
    if let Some(carried) = carried {
        let same = carried == credential;
        report.add_check(
            "copy",
            same,
            if same {
                "the credential in the file equals the signed one"
            } else {
                "the credential in the file differs from the signed JWT payload"
            },
        );
    }
    verify_status::check_status(&credential, options, &mut report, now);
    report.credential = Some(credential);
    report
}

/// The JWT and, for the JSON forms, the credential carried beside it.
fn unwrap_input(
    input: &[u8],
    options: &Options<'_>,
    report: &mut Report,
) -> Option<(String, Option<Value>)> {
    if input.starts_with(b"\x89PNG") {
        report.format = Some(Format::Png);
        return match baked_png::extract(input) {
            Ok(token) if token.starts_with('{') => {
                report.add_check(
                    "format",
                    false,
                    "the PNG carries a credential with an embedded proof; only VC-JWT is supported",
                );
                None
            }
            Ok(token) => {
                report.add_check(
                    "format",
                    true,
                    "PNG with a baked VC-JWT (iTXt openbadgecredential)",
                );
                Some((token, None))
            }
            Err(e) => {
                report.add_check("format", false, e);
                None
            }
        };
    }
    let Ok(text) = std::str::from_utf8(input) else {
        report.add_check("format", false, "the input is neither a PNG nor UTF-8 text");
        return None;
    };
    let text = text.trim();
    if text.starts_with('{') {
        report.format = Some(Format::Json);
        let value: Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                report.add_check("format", false, format!("not valid JSON: {e}"));
                return None;
            }
        };
        // Files written before the bare credential: `{credential, jwt}`.
        if let Some(token) = value.get("jwt").and_then(Value::as_str) {
            report.add_check("format", true, "JSON with a VC-JWT");
            return Some((token.to_string(), value.get("credential").cloned()));
        }
        let Some(token) = options.companion_jwt else {
            report.add_check(
                "format",
                false,
                "a credential in clear carries no proof: its proof is the .jwt file beside \
                 it; verify that file, or keep both side by side",
            );
            return None;
        };
        report.add_check("format", true, "JSON credential with the VC-JWT beside it");
        return Some((token.trim().to_string(), Some(value)));
    }
    if text.starts_with('<') {
        report.format = Some(Format::Svg);
        return match svg::extract(text) {
            Ok(Baked::Jwt(token)) => {
                report.add_check("format", true, "SVG with a baked VC-JWT (verify attribute)");
                Some((token, None))
            }
            Ok(Baked::Json(_)) => {
                report.add_check(
                    "format",
                    false,
                    "the SVG carries a credential with an embedded proof; only VC-JWT is supported",
                );
                None
            }
            Err(e) => {
                report.add_check("format", false, e);
                None
            }
        };
    }
    report.format = Some(Format::Jwt);
    report.add_check("format", true, "compact VC-JWT");
    Some((text.to_string(), None))
}

fn check_claims(payload: &Value, credential: &Value, report: &mut Report) {
    let claim = |name: &str| payload.get(name).and_then(Value::as_str);
    let mut wrong = Vec::new();
    let mut expect = |name: &str, actual: Option<&str>, field: &str, wanted: Option<&str>| match (
        actual, wanted,
    ) {
        (Some(a), Some(w)) if a == w => {}
        (None, _) => wrong.push(format!("{name} missing")),
        (Some(a), w) => wrong.push(format!("{name} {a:?} is not {field} {w:?}")),
    };
    expect("iss", claim("iss"), "issuer.id", issuer_id(credential));
    expect(
        "jti",
        claim("jti"),
        "id",
        credential.get("id").and_then(Value::as_str),
    );
    expect(
        "sub",
        claim("sub"),
        "credentialSubject.id",
        credential
            .pointer("/credentialSubject/id")
            .and_then(Value::as_str),
    );
    let nbf = payload.get("nbf").and_then(Value::as_i64);
    let valid_from = numeric_date(credential, "validFrom");
    if nbf.is_none() {
        wrong.push("nbf missing".into());
    } else if nbf != valid_from {
        wrong.push("nbf differs from validFrom".into());
    }
    if let Some(exp) = payload.get("exp")
        && exp.as_i64() != numeric_date(credential, "validUntil")
    {
        wrong.push("exp differs from validUntil".into());
    }
    report.add_check(
        "claims",
        wrong.is_empty(),
        if wrong.is_empty() {
            "iss, jti, sub and nbf match the credential".to_string()
        } else {
            wrong.join("; ")
        },
    );
}

/// A key confirmed from a published JWK Set must be published beside the issuer's profile
/// (the folder of the issuer id): keys from another site do not speak for this issuer.
/// verify fetches nothing, so it can only read where the key set says its key lives: the
/// check says so, and that the key set must come from that site.
fn check_issuer_site(credential: &Value, report: &mut Report) {
    let Some(published) = report.key.as_ref().and_then(|k| k.published_as.clone()) else {
        return;
    };
    let Some(issuer) = issuer_id(credential).filter(|i| i.starts_with("http")) else {
        return;
    };
    let folder = issuer.rsplit_once('/').map_or(issuer, |(dir, _)| dir);
    let beside = published.starts_with(&format!("{folder}/"));
    report.add_check(
        "issuer",
        beside,
        if beside {
            format!(
                "the key set places the key beside the issuer's profile {issuer} (true when \
                 the key set was downloaded from there)"
            )
        } else {
            format!("the key is published at {published}, not beside the issuer's profile {issuer}")
        },
    );
}

pub(crate) fn check_dates(
    payload: &Value,
    credential: &Value,
    now: DateTime<Utc>,
    report: &mut Report,
) {
    let now_s = now.timestamp();
    let from = [
        payload.get("nbf").and_then(Value::as_i64),
        numeric_date(credential, "validFrom"),
    ];
    match from.iter().flatten().max().copied() {
        Some(t) if t > now_s => {
            report.add_check("valid from", false, format!("not valid until {}", show(t)))
        }
        Some(t) => report.add_check("valid from", true, format!("valid since {}", show(t))),
        None => report.add_check("valid from", false, "no validFrom or nbf"),
    };
    let until = [
        payload.get("exp").and_then(Value::as_i64),
        numeric_date(credential, "validUntil"),
    ];
    match until.iter().flatten().min().copied() {
        Some(t) if t <= now_s => {
            report.add_check("expiry", false, format!("expired on {}", show(t)))
        }
        Some(t) => report.add_check("expiry", true, format!("valid until {}", show(t))),
        None => report.add_check("expiry", true, "no expiry date"),
    };
}

pub(crate) fn show(t: i64) -> String {
    DateTime::from_timestamp(t, 0)
        .map(super::credential::timestamp)
        .unwrap_or_else(|| t.to_string())
}
