//! The `db check` part that needs the centre's key: are the signatures on sign-offs
//! (store::seal_signature) made by that key over the audit log as it stands?

use std::collections::BTreeSet;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDate;

use crate::diagnostics::count;
use crate::export::badge::public_key::{Alg, PublicJwk};
use crate::store::{CheckPart, SignOff, seal_message};

/// Checks every sign-off's signature. `centre` is the key the signatures must come from;
/// without it they are checked against the key they carry, and the summary says so.
/// Sign-offs from `signed_since` on must be signed: the anchor that catches every
/// signature removed (with the chain recomputed), which the chain itself cannot show.
pub fn seal_signatures(
    sign_offs: &[SignOff],
    centre: Option<&PublicJwk>,
    signed_since: Option<NaiveDate>,
) -> CheckPart {
    let mut problems = Vec::new();
    let mut keys = BTreeSet::new();
    let mut signed = 0usize;
    let mut any_signed = false;
    for s in sign_offs {
        let what = format!(
            "sign-off of assessment {} (audit row {}, {})",
            s.assessment_id, s.seq, s.at
        );
        let Some(sig) = &s.signature else {
            let day = s.at.get(..10).unwrap_or_default();
            if let Some(since) = signed_since
                && day >= since.format("%Y-%m-%d").to_string().as_str()
            {
                problems.push(format!(
                    "{what}: unsigned, although sign-offs since {since} must be signed: its \
                     signature was removed"
                ));
            } else if any_signed {
                // leverup refuses an unsigned sign-off once one is signed.
                problems.push(format!(
                    "{what}: unsigned, although earlier sign-offs were signed: its signature \
                     was removed"
                ));
            }
            continue;
        };
        any_signed = true;
        signed += 1;
        let alg = Alg::from_name(&sig.alg);
        let key = match (PublicJwk::from_json(&sig.public_jwk), alg) {
            (Ok(k), Some(alg)) if k.alg() == alg => k,
            _ => {
                problems.push(format!(
                    "{what}: its signature record is damaged (algorithm {:?}, no usable key)",
                    sig.alg
                ));
                continue;
            }
        };
        let fingerprint = key.fingerprint();
        if fingerprint != sig.key_id {
            problems.push(format!(
                "{what}: the signature names key {} but carries key {fingerprint}",
                sig.key_id
            ));
        }
        if let Some(centre) = centre
            && centre.fingerprint() != fingerprint
        {
            problems.push(format!(
                "{what}: signed with key {fingerprint}, not the centre's key {}",
                centre.fingerprint()
            ));
        }
        // Undecodable base64 is a signature no key verifies.
        let bytes = URL_SAFE_NO_PAD.decode(&sig.signature).unwrap_or_default();
        if !key.verify(key.alg(), &seal_message(&s.link_hash), &bytes) {
            problems.push(if sig.signed_hash != s.link_hash {
                format!(
                    "{what}: the audit log up to it was rewritten after it was signed \
                     (its link no longer matches the signed one)"
                )
            } else {
                format!("{what}: the signature does not verify")
            });
        }
        keys.insert(fingerprint);
    }
    let unsigned = sign_offs.len() - signed;
    let by = match (keys.len(), centre) {
        (0, _) => String::new(),
        (_, Some(c)) => format!(" by the centre's key {}", c.fingerprint()),
        (_, None) => format!(
            " by {} {} (not confirmed: no centre key here; pass --key JWK)",
            if keys.len() == 1 { "key" } else { "keys" },
            keys.into_iter().collect::<Vec<_>>().join(", ")
        ),
    };
    CheckPart {
        name: "sign-off signatures",
        summary: format!(
            "{} signed{by}, {} made without a centre key",
            count(signed as u64, "sign-off", "sign-offs"),
            unsigned
        ),
        problems,
    }
}
