//! Verification of a badge as a verifier outside the centre would do it: compact VC-JWT,
//! the JSON file written beside it, or a baked SVG. Every check is reported with its
//! reason, so a failure says what is wrong rather than only "invalid".

use std::fmt;

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::jwt::{self, Decoded, credential_of, issuer_id, numeric_date};
use super::signing::PublicJwk;
use super::structure;
use super::svg::{self, Baked};

/// What the input was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jwt,
    Json,
    Svg,
}

/// Where the key that checked the signature came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySource {
    /// The trusted key given by the caller.
    Trusted,
    /// The key in the JWT header, identical to the trusted key.
    HeaderMatchesTrusted,
    /// The key in the JWT header, not compared with any trusted key: proves the credential
    /// is intact, not who issued it, until the fingerprint is compared with the issuer's.
    HeaderUntrusted,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyUsed {
    pub fingerprint: String,
    pub source: KeySource,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub name: &'static str,
    pub passed: bool,
    pub detail: String,
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    pub format: Option<Format>,
    pub checks: Vec<Check>,
    pub key: Option<KeyUsed>,
    /// The credential the signed payload carries, once decoded.
    pub credential: Option<Value>,
}

impl Report {
    /// True when there were checks and all of them passed.
    pub fn ok(&self) -> bool {
        !self.checks.is_empty() && self.checks.iter().all(|c| c.passed)
    }

    pub fn failures(&self) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(|c| !c.passed)
    }

    pub fn check(&self, name: &str) -> Option<&Check> {
        self.checks.iter().find(|c| c.name == name)
    }

    fn add(&mut self, name: &'static str, passed: bool, detail: impl Into<String>) -> bool {
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
            Some(Format::Json) => "JSON (credential with its VC-JWT)",
            Some(Format::Svg) => "baked SVG badge",
            None => "unknown",
        };
        writeln!(f, "format: {format}")?;
        for c in &self.checks {
            let mark = if c.passed { "PASS" } else { "FAIL" };
            writeln!(f, "{mark}  {:<11} {}", c.name, c.detail)?;
        }
        let failed = self.failures().count();
        if self.ok() {
            write!(f, "result: VALID ({} checks passed)", self.checks.len())
        } else {
            write!(
                f,
                "result: NOT VALID ({failed} of {} checks failed)",
                self.checks.len()
            )
        }
    }
}

/// Verifies `input` (the bytes of a .jwt, .json or .svg file) at time `now`.
pub fn verify(input: &[u8], trusted: Option<&PublicJwk>, now: DateTime<Utc>) -> Report {
    let mut report = Report::default();
    let Ok(text) = std::str::from_utf8(input) else {
        report.add("format", false, "the input is not UTF-8 text");
        return report;
    };
    let Some((token, carried)) = unwrap_input(text.trim(), &mut report) else {
        return report;
    };
    let decoded = match jwt::decode(&token) {
        Ok(d) => d,
        Err(e) => {
            report.add("jws", false, e);
            return report;
        }
    };
    report.add(
        "jws",
        true,
        "compact JWS with header, payload and signature",
    );
    check_signature(&decoded, trusted, &mut report);

    let credential = credential_of(&decoded.payload);
    let problems = structure::problems(&credential);
    report.add(
        "structure",
        problems.is_empty(),
        if problems.is_empty() {
            "the required Open Badges 3.0 fields and types are present".to_string()
        } else {
            problems.join("; ")
        },
    );
    check_claims(&decoded.payload, &credential, &mut report);
    check_dates(&decoded.payload, &credential, now, &mut report);
    if let Some(carried) = carried {
        let same = carried == credential;
        report.add(
            "copy",
            same,
            if same {
                "the credential in the file equals the signed one"
            } else {
                "the credential in the file differs from the signed JWT payload"
            },
        );
    }
    report.credential = Some(credential);
    report
}

/// The JWT and, for the JSON form, the credential carried beside it.
fn unwrap_input(text: &str, report: &mut Report) -> Option<(String, Option<Value>)> {
    if text.starts_with('{') {
        report.format = Some(Format::Json);
        let value: Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                report.add("format", false, format!("not valid JSON: {e}"));
                return None;
            }
        };
        let Some(token) = value.get("jwt").and_then(Value::as_str) else {
            report.add(
                "format",
                false,
                "no \"jwt\" member: the JSON carries no VC-JWT proof to verify",
            );
            return None;
        };
        report.add("format", true, "JSON with a VC-JWT");
        return Some((token.to_string(), value.get("credential").cloned()));
    }
    if text.starts_with('<') {
        report.format = Some(Format::Svg);
        return match svg::extract(text) {
            Ok(Baked::Jwt(token)) => {
                report.add("format", true, "SVG with a baked VC-JWT (verify attribute)");
                Some((token, None))
            }
            Ok(Baked::Json(_)) => {
                report.add(
                    "format",
                    false,
                    "the SVG carries a credential with an embedded proof; only VC-JWT is supported",
                );
                None
            }
            Err(e) => {
                report.add("format", false, e);
                None
            }
        };
    }
    report.format = Some(Format::Jwt);
    report.add("format", true, "compact VC-JWT");
    Some((text.to_string(), None))
}

fn check_signature(d: &Decoded, trusted: Option<&PublicJwk>, report: &mut Report) {
    let alg = d.header.get("alg").and_then(Value::as_str).unwrap_or("");
    // OB 3.0 §8.2: typ, when present, must be "JWT".
    let typ = d.header.get("typ");
    let typ_ok = typ.is_none_or(|t| t == "JWT");
    let detail = match typ {
        Some(t) if !typ_ok => format!("alg {alg:?}, typ {t} (typ must be \"JWT\" when present)"),
        _ => format!("alg {alg:?} (ES256 required)"),
    };
    if !report.add("algorithm", alg == "ES256" && typ_ok, detail) {
        return;
    }
    let header_key = d.header.get("jwk").map(PublicJwk::from_json);
    let (key, source) = match (header_key, trusted) {
        (Some(Err(e)), _) => {
            report.add(
                "key",
                false,
                format!("the key in the header is unusable: {e}"),
            );
            return;
        }
        (Some(Ok(h)), Some(t)) if h == *t => (h, KeySource::HeaderMatchesTrusted),
        (Some(Ok(h)), Some(t)) => {
            report.add(
                "key",
                false,
                format!(
                    "the key in the header ({}) is not the trusted key ({})",
                    h.fingerprint(),
                    t.fingerprint()
                ),
            );
            return;
        }
        (Some(Ok(h)), None) => (h, KeySource::HeaderUntrusted),
        (None, Some(t)) => (*t, KeySource::Trusted),
        (None, None) => {
            report.add(
                "key",
                false,
                "the header has no jwk and no trusted key was given (kid is not dereferenced)",
            );
            return;
        }
    };
    let fingerprint = key.fingerprint();
    let detail = match source {
        KeySource::Trusted => format!("trusted key {fingerprint}"),
        KeySource::HeaderMatchesTrusted => {
            format!("key in the header, matches the trusted key {fingerprint}")
        }
        KeySource::HeaderUntrusted => format!(
            "key in the header {fingerprint}; no trusted key given: compare this fingerprint \
             with the one the issuer publishes"
        ),
    };
    report.add("key", true, detail);
    report.key = Some(KeyUsed {
        fingerprint: fingerprint.clone(),
        source,
    });
    let valid = key.verify_es256(d.signing_input.as_bytes(), &d.signature);
    report.add(
        "signature",
        valid,
        if valid {
            format!("ES256 signature valid for key {fingerprint}")
        } else {
            format!("signature does not match: the content was changed or signed with another key than {fingerprint}")
        },
    );
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
    report.add(
        "claims",
        wrong.is_empty(),
        if wrong.is_empty() {
            "iss, jti, sub and nbf match the credential".to_string()
        } else {
            wrong.join("; ")
        },
    );
}

fn check_dates(payload: &Value, credential: &Value, now: DateTime<Utc>, report: &mut Report) {
    let now_s = now.timestamp();
    let from = [
        payload.get("nbf").and_then(Value::as_i64),
        numeric_date(credential, "validFrom"),
    ];
    let starts = from.iter().flatten().max().copied();
    match starts {
        Some(t) if t > now_s => {
            report.add("valid from", false, format!("not valid until {}", show(t)))
        }
        Some(t) => report.add("valid from", true, format!("valid since {}", show(t))),
        None => report.add("valid from", false, "no validFrom or nbf"),
    };
    let until = [
        payload.get("exp").and_then(Value::as_i64),
        numeric_date(credential, "validUntil"),
    ];
    match until.iter().flatten().min().copied() {
        Some(t) if t <= now_s => report.add("expiry", false, format!("expired on {}", show(t))),
        Some(t) => report.add("expiry", true, format!("valid until {}", show(t))),
        None => report.add("expiry", true, "no expiry date"),
    };
}

fn show(t: i64) -> String {
    DateTime::from_timestamp(t, 0)
        .map(super::credential::timestamp)
        .unwrap_or_else(|| t.to_string())
}
