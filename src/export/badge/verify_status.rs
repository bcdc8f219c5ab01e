//! The revocation check of `verify`: the credential's `credentialStatus` looked up in a
//! status list credential the verifier downloaded (never fetched here). The list must be
//! the one the credential names, from the same issuer, signed by the badge's own key or a
//! trusted one; then its bit says revoked or not.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::jwt::{self, credential_of, issuer_id, numeric_date};
use super::status_list::{self, ENTRY_TYPE, PURPOSE};
use super::verify::{Options, Report, show};
use super::verify_key::{KeySource, check_signature};

fn text<'a>(v: &'a Value, field: &str) -> Option<&'a str> {
    v.get(field).and_then(Value::as_str)
}

/// Adds the `status` check (or a note saying how to make it) to `report`.
pub fn check_status(
    credential: &Value,
    options: &Options<'_>,
    report: &mut Report,
    now: DateTime<Utc>,
) {
    let Some(entry) = credential.get("credentialStatus") else {
        return;
    };
    if text(entry, "type") != Some(ENTRY_TYPE) || text(entry, "statusPurpose") != Some(PURPOSE) {
        report.notes.push(format!(
            "credentialStatus of type {} is not checked by leverup",
            entry.get("type").unwrap_or(&Value::Null)
        ));
        return;
    }
    let url = text(entry, "statusListCredential");
    let index = text(entry, "statusListIndex").and_then(|i| i.parse::<u64>().ok());
    let (Some(url), Some(index)) = (url, index) else {
        report.add_check(
            "status",
            false,
            "credentialStatus needs statusListCredential and a numeric statusListIndex",
        );
        return;
    };
    let Some(list_text) = options.status_list else {
        report.notes.push(format!(
            "revocation not checked: the centre publishes its status list at {url}; download \
             it and pass --status-list FILE (or check the register with --db)"
        ));
        return;
    };
    match revoked(list_text, url, index, credential, options, report, now) {
        Ok((false, when)) => report.add_check(
            "status",
            true,
            format!("not revoked (status list of {when})"),
        ),
        Ok((true, when)) => report.add_check(
            "status",
            false,
            format!("REVOKED by the issuer: bit {index} is set in the status list of {when}"),
        ),
        Err(why) => report.add_check("status", false, format!("status list: {why}")),
    };
}

/// Whether bit `index` of the list is set, with the list's date; errors say why the list
/// cannot be used.
fn revoked(
    list_text: &str,
    url: &str,
    index: u64,
    credential: &Value,
    options: &Options<'_>,
    report: &Report,
    now: DateTime<Utc>,
) -> Result<(bool, String), String> {
    let decoded = jwt::decode(list_text.trim()).map_err(|e| format!("not a VC-JWT: {e}"))?;
    let mut sub = Report::default();
    let key = check_signature(&decoded, options.trusted, &mut sub);
    if let Some(c) = sub.failures().next() {
        return Err(format!("{}: {}", c.name, c.detail));
    }
    let key =
        key.ok_or("its signature cannot be checked without the issuer's keys: pass --jwks")?;
    let badge_key = report.key.as_ref().map(|k| &k.key);
    if key.source == KeySource::HeaderUnconfirmed && Some(&key.key) != badge_key {
        return Err(format!(
            "signed with key {}, not the badge's key or a trusted one",
            key.fingerprint
        ));
    }
    let list = credential_of(&decoded.payload);
    if text(&list, "id") != Some(url) {
        return Err(format!(
            "the file given is the list {:?}, the credential names {url}",
            text(&list, "id").unwrap_or("")
        ));
    }
    if issuer_id(&list) != issuer_id(credential) {
        return Err("the list is not from the credential's issuer".into());
    }
    let subject = list.get("credentialSubject").unwrap_or(&Value::Null);
    if text(subject, "statusPurpose") != Some(PURPOSE) {
        return Err("the list is not a revocation list".into());
    }
    if numeric_date(&list, "validUntil").is_some_and(|t| t <= now.timestamp()) {
        return Err("the list has expired: download the current one".into());
    }
    let bits = status_list::decode(text(subject, "encodedList").unwrap_or(""))?;
    let set = status_list::bit(&bits, index).ok_or_else(|| {
        format!(
            "position {index} lies beyond the list's {} bits",
            bits.len() * 8
        )
    })?;
    let when = numeric_date(&list, "validFrom")
        .map(show)
        .unwrap_or_default();
    Ok((set, when))
}
