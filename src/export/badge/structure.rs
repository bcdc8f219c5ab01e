//! Structural checks of an OpenBadgeCredential: the fields and types OB 3.0 requires, so a
//! validly signed but malformed document is still rejected. Not a full schema validator.

use serde_json::Value;

use super::credential::{OB_CONTEXT, VC_CONTEXT};
use super::jwt::numeric_date;
use super::status_list;

fn has_type(v: Option<&Value>, wanted: &[&str]) -> bool {
    match v {
        Some(Value::Array(items)) => items.iter().any(|t| wanted.iter().any(|w| t == *w)),
        Some(Value::String(s)) => wanted.contains(&s.as_str()),
        _ => false,
    }
}

fn non_empty_str(v: Option<&Value>) -> bool {
    v.and_then(Value::as_str)
        .is_some_and(|s| !s.trim().is_empty())
}

/// The problems of a status list credential (W3C Bitstring Status List), which `verify`
/// checks like a badge when handed one.
fn status_list_problems(c: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut need = |ok: bool, msg: &str| {
        if !ok {
            out.push(msg.to_string());
        }
    };
    need(
        c.get("@context")
            .and_then(Value::as_array)
            .is_some_and(|a| a.first().is_some_and(|v| v == VC_CONTEXT)),
        "@context: must start with the VC 2.0 context",
    );
    need(non_empty_str(c.get("id")), "id: missing");
    need(
        c.get("issuer")
            .is_some_and(|i| i.is_string() || non_empty_str(i.get("id"))),
        "issuer: missing",
    );
    need(
        numeric_date(c, "validFrom").is_some(),
        "validFrom: missing or not an RFC 3339 date-time",
    );
    let subject = c.get("credentialSubject").cloned().unwrap_or(Value::Null);
    need(
        has_type(subject.get("type"), &[status_list::LIST_TYPE]),
        "credentialSubject.type: must be BitstringStatusList",
    );
    need(
        subject
            .get("encodedList")
            .and_then(Value::as_str)
            .is_some_and(|e| status_list::decode(e).is_ok()),
        "credentialSubject.encodedList: not a GZIP bitstring in multibase base64url",
    );
    out
}

/// True for a W3C status list credential rather than a badge.
pub fn is_status_list(c: &Value) -> bool {
    has_type(c.get("type"), &[status_list::LIST_CREDENTIAL_TYPE])
}

/// Every problem found, as "path: what is wrong"; empty when the structure is sound.
pub fn problems(c: &Value) -> Vec<String> {
    if is_status_list(c) {
        return status_list_problems(c);
    }
    let mut out = Vec::new();
    let mut need = |ok: bool, msg: &str| {
        if !ok {
            out.push(msg.to_string());
        }
    };
    let ctx = c.get("@context").and_then(Value::as_array);
    need(
        ctx.is_some_and(|a| a.first().is_some_and(|v| v == VC_CONTEXT)),
        "@context: must start with the VC 2.0 context",
    );
    need(
        ctx.is_some_and(|a| {
            a.get(1).and_then(Value::as_str).is_some_and(|s| {
                s == OB_CONTEXT || s.starts_with("https://purl.imsglobal.org/spec/ob/v3p0/context")
            })
        }),
        "@context: second entry must be the Open Badges 3.0 context",
    );
    need(non_empty_str(c.get("id")), "id: missing");
    need(
        has_type(c.get("type"), &["VerifiableCredential"]),
        "type: must include VerifiableCredential",
    );
    need(
        has_type(
            c.get("type"),
            &["OpenBadgeCredential", "AchievementCredential"],
        ),
        "type: must include OpenBadgeCredential",
    );
    let issuer = c.get("issuer");
    let issuer_ok = match issuer {
        Some(Value::String(s)) => !s.is_empty(),
        Some(obj @ Value::Object(_)) => {
            non_empty_str(obj.get("id")) && has_type(obj.get("type"), &["Profile"])
        }
        _ => false,
    };
    need(issuer_ok, "issuer: missing, or without id and type Profile");
    need(
        numeric_date(c, "validFrom").is_some(),
        "validFrom: missing or not an RFC 3339 date-time",
    );
    if c.get("validUntil").is_some() {
        need(
            numeric_date(c, "validUntil").is_some(),
            "validUntil: not an RFC 3339 date-time",
        );
    }
    let subject = c.get("credentialSubject");
    need(
        subject.is_some_and(Value::is_object),
        "credentialSubject: missing",
    );
    let subject = subject.cloned().unwrap_or(Value::Null);
    need(
        has_type(subject.get("type"), &["AchievementSubject"]),
        "credentialSubject.type: must include AchievementSubject",
    );
    let ach = subject.get("achievement").cloned().unwrap_or(Value::Null);
    need(ach.is_object(), "credentialSubject.achievement: missing");
    need(
        non_empty_str(ach.get("id")),
        "credentialSubject.achievement.id: missing",
    );
    need(
        has_type(ach.get("type"), &["Achievement"]),
        "credentialSubject.achievement.type: must include Achievement",
    );
    need(
        non_empty_str(ach.get("name")),
        "credentialSubject.achievement.name: missing",
    );
    need(
        non_empty_str(ach.get("description")),
        "credentialSubject.achievement.description: missing",
    );
    need(
        ach.get("criteria").is_some_and(Value::is_object),
        "credentialSubject.achievement.criteria: missing",
    );
    if let Some(ids) = subject.get("identifier") {
        let ok = ids.as_array().is_some_and(|a| {
            a.iter().all(|i| {
                i.get("type").is_some_and(|t| t == "IdentityObject")
                    && i.get("hashed").is_some_and(Value::is_boolean)
                    && non_empty_str(i.get("identityHash"))
                    && non_empty_str(i.get("identityType"))
            })
        });
        need(
            ok,
            "credentialSubject.identifier: each needs type IdentityObject, hashed, identityHash, identityType",
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn empty_object_lists_every_required_field() {
        let p = problems(&json!({}));
        for field in [
            "@context",
            "id:",
            "type:",
            "issuer",
            "validFrom",
            "credentialSubject",
        ] {
            assert!(p.iter().any(|m| m.starts_with(field)), "{field} in {p:?}");
        }
    }
}
