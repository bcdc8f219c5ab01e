//! W3C Bitstring Status List v1.0 for revocation: the `credentialStatus` entry each badge
//! carries, the status list credential the centre publishes, and reading a bit back.
//!
//! The list is a bitstring of `bits` positions, GZIP-compressed and written as a multibase
//! base64url string (`u…`); position 0 is the most significant bit of the first byte, and a
//! set bit means revoked.

use std::io::{Read, Write};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use serde_json::{Value, json};

use super::credential::{VC_CONTEXT, timestamp};
use super::site::PublicSite;

pub const ENTRY_TYPE: &str = "BitstringStatusListEntry";
pub const LIST_TYPE: &str = "BitstringStatusList";
pub const LIST_CREDENTIAL_TYPE: &str = "BitstringStatusListCredential";
pub const PURPOSE: &str = "revocation";

/// A decoded list larger than this is refused: the W3C minimum is 16 KB, a centre's list
/// stays far below this, and a hostile file must not make `verify` inflate gigabytes.
const MAX_LIST_BYTES: u64 = 16 * 1024 * 1024;

/// The `credentialStatus` of a credential whose certificate holds `position`.
pub fn entry(site: &PublicSite, position: u32) -> Value {
    let list = site.status_list_url();
    json!({
        "id": format!("{list}#{position}"),
        "type": ENTRY_TYPE,
        "statusPurpose": PURPOSE,
        "statusListIndex": position.to_string(),
        "statusListCredential": list,
    })
}

/// The encoded list with the `revoked` positions set.
pub fn encode(revoked: &[u32], bits: u32) -> Result<String, std::io::Error> {
    let mut bytes = vec![0u8; bits.div_ceil(8) as usize];
    for &p in revoked {
        if let Some(b) = bytes.get_mut((p / 8) as usize) {
            *b |= 0x80 >> (p % 8);
        }
    }
    let mut gz = GzEncoder::new(Vec::new(), Compression::best());
    gz.write_all(&bytes)?;
    Ok(format!("u{}", URL_SAFE_NO_PAD.encode(gz.finish()?)))
}

/// The bitstring of an `encodedList`; the error says what is wrong with it.
pub fn decode(encoded: &str) -> Result<Vec<u8>, String> {
    let body = encoded
        .strip_prefix('u')
        .ok_or("encodedList must be multibase base64url (start with 'u')")?;
    let gz = URL_SAFE_NO_PAD
        .decode(body)
        .map_err(|e| format!("encodedList is not base64url: {e}"))?;
    let mut bytes = Vec::new();
    GzDecoder::new(gz.as_slice())
        .take(MAX_LIST_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("encodedList is not GZIP data: {e}"))?;
    if bytes.len() as u64 > MAX_LIST_BYTES {
        return Err("encodedList expands beyond 16 MB".into());
    }
    Ok(bytes)
}

/// The bit at `position`, `None` when the list is shorter.
pub fn bit(list: &[u8], position: u64) -> Option<bool> {
    let byte = list.get(usize::try_from(position / 8).ok()?)?;
    Some(byte & (0x80 >> (position % 8)) != 0)
}

/// The unsigned status list credential; sign it with `jwt::sign` like a badge.
pub fn credential(
    site: &PublicSite,
    revoked: &[u32],
    bits: u32,
    now: DateTime<Utc>,
) -> Result<Value, std::io::Error> {
    let url = site.status_list_url();
    let now = DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now);
    Ok(json!({
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", LIST_CREDENTIAL_TYPE],
        "issuer": site.issuer_id(),
        "validFrom": timestamp(now),
        "credentialSubject": {
            "id": format!("{url}#list"),
            "type": LIST_TYPE,
            "statusPurpose": PURPOSE,
            "encodedList": encode(revoked, bits)?,
        },
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_round_trip_most_significant_first() {
        let encoded = encode(&[0, 9, 131_071], 131_072).expect("gzip");
        assert!(encoded.starts_with('u'));
        let list = decode(&encoded).expect("decode");
        assert_eq!(list.len(), 16_384);
        assert_eq!(list[0], 0x80);
        assert_eq!(list[1], 0x40);
        for (p, set) in [
            (0, true),
            (1, false),
            (9, true),
            (131_071, true),
            (8, false),
        ] {
            assert_eq!(bit(&list, p), Some(set), "{p}");
        }
        assert_eq!(bit(&list, 131_072), None);
    }

    #[test]
    fn bad_lists_are_explained() {
        assert!(decode("xabc").is_err());
        assert!(decode("u!!").is_err());
        assert!(decode("uAAAA").is_err());
    }
}
