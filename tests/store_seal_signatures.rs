//! Sign-offs signed with the centre's key, checked by the real `leverup db check`: a
//! signed sign-off checks clean against the centre's key; someone who rewrites history
//! and recomputes the whole hash chain (which the chain alone cannot show) is caught by
//! the signature; a signature by another key is named.

mod cli_support;
mod store_fixture;

use std::path::Path;

use cli_support::leverup;
use leverup::cli::signing_cmd::seal_signer_from;
use leverup::domain::command::{self, Command};
use leverup::export::badge::public_key::Alg;
use leverup::export::badge::signing::SigningKey;
use leverup::store::StoreError;
use rusqlite::Connection;
use sha2::{Digest, Sha256};
use store_fixture::*;

/// `db check` on `db` with the centre's key in `home` (and `extra` arguments).
fn check(home: &Path, db: &Path, extra: &[&str]) -> (i32, String) {
    let out = leverup(home)
        .args(["db", "check", "--db"])
        .arg(db)
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap(),
    )
}

/// The centre's key, created by the real `signing-key init` in `home`.
fn centre_key(home: &Path) -> SigningKey {
    leverup(home)
        .args(["signing-key", "init"])
        .assert()
        .success();
    SigningKey::load(&home.join("data/leverup/signing-key.pem")).unwrap()
}

/// A database at `db` with one assessment signed off, signed by `key` when given.
fn signed_off(db: &Path, key: Option<SigningKey>) -> String {
    let mut w = world_at(db);
    w.store.set_seal_signer(key.map(seal_signer_from));
    let mut st = start(&mut w, &["c01"]);
    apply_all(&mut w.store, &mut st, ready_to_sign("c01"));
    apply_and_commit(&mut w.store, &mut st, Command::Finalise);
    assert!(st.finalised);
    st.id
}

// The attacker's tool: the chain's documented encoding (store/chain.rs), recomputed by
// hand as anyone with the file could.
fn field(h: &mut Sha256, v: Option<&str>) {
    match v {
        None => h.update([0u8]),
        Some(s) => {
            h.update([1u8]);
            h.update((s.len() as u64).to_be_bytes());
            h.update(s.as_bytes());
        }
    }
}

fn hex(h: Sha256) -> String {
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The chain's triggers out of the way for `f`, and put back after, so that nothing
/// looks missing.
fn without_chain_triggers(db: &Path, f: impl FnOnce(&Connection)) {
    let c = Connection::open(db).unwrap();
    let triggers: Vec<(String, String)> = c
        .prepare(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'
               AND name IN ('audit_log_no_update', 'audit_log_no_delete', 'audit_head_forward')",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(triggers.len(), 3);
    for (name, _) in &triggers {
        c.execute_batch(&format!("DROP TRIGGER {name}")).unwrap();
    }
    f(&c);
    for (_, sql) in &triggers {
        c.execute_batch(sql).unwrap();
    }
}

/// Recomputes every payload hash, link and the head, so that the chain is whole again.
fn rechain(c: &Connection) {
    type Row = (
        i64,
        String,
        String,
        [String; 4],
        [Option<String>; 3],
        Option<String>,
    );
    let rows: Vec<Row> = c
        .prepare(
            "SELECT seq, id, at, actor, entity, entity_id, action, old, new, reason,
                    content_digest FROM audit_log ORDER BY seq",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                [r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?],
                [r.get(7)?, r.get(8)?, r.get(9)?],
                r.get(10)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut prev = String::new();
    for (seq, id, at, who, payload, digest) in rows {
        let mut p = Sha256::new();
        for v in &payload {
            field(&mut p, v.as_deref());
        }
        let payload_hash = hex(p);
        let mut h = Sha256::new();
        field(&mut h, Some(&prev));
        field(&mut h, Some(&seq.to_string()));
        for v in [&id, &at, &who[0], &who[1], &who[2], &who[3], &payload_hash] {
            field(&mut h, Some(v));
        }
        field(&mut h, digest.as_deref());
        let hash = hex(h);
        c.execute(
            "UPDATE audit_log SET payload_hash = ?2, hash = ?3 WHERE seq = ?1",
            rusqlite::params![seq, payload_hash, hash],
        )
        .unwrap();
        c.execute(
            "UPDATE audit_head SET seq = ?1, hash = ?2",
            rusqlite::params![seq, hash],
        )
        .unwrap();
        prev = hash;
    }
}

/// Rewrites the payload of the assessment's `start` row (who started it) and recomputes
/// the chain.
fn rewrite_history(db: &Path, assessment: &str) {
    without_chain_triggers(db, |c| {
        c.execute(
            "UPDATE audit_log SET new = replace(new, 'assessor_id', 'assessor_was')
             WHERE entity = 'assessment' AND action = 'start' AND entity_id = ?1",
            [assessment],
        )
        .unwrap();
        // Counted by reading back: SQLite counts no change made through a view.
        let changed: i64 = c
            .query_row(
                "SELECT count(*) FROM audit_log
                 WHERE entity = 'assessment' AND action = 'start' AND entity_id = ?1
                   AND instr(new, 'assessor_was') > 0",
                [assessment],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(changed, 1);
        rechain(c);
    });
}

/// Removes every signature row, numbers the links again without gaps and recomputes the
/// chain: what the chain alone cannot show.
fn strip_signatures(db: &Path) {
    without_chain_triggers(db, |c| {
        c.execute_batch(
            "DELETE FROM audit_log WHERE entity = 'seal';
             UPDATE audit_log SET seq = -seq;
             UPDATE audit_log SET seq = (SELECT count(*) FROM audit_log b
                                         WHERE b.seq < 0 AND b.seq >= audit_log.seq);",
        )
        .unwrap();
        rechain(c);
    });
}

#[test]
fn a_signed_sign_off_checks_clean_against_the_centres_key() {
    let home = tempfile::tempdir().unwrap();
    let key = centre_key(home.path());
    let fingerprint = key.fingerprint();
    let db = home.path().join("centre.db");
    signed_off(&db, Some(key));
    let (code, out) = check(home.path(), &db, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(&format!(
            "ok       sign-off signatures: 1 sign-off signed by the centre's key {fingerprint}, \
             0 made without a centre key"
        )),
        "{out}"
    );
}

#[test]
fn a_rewritten_chain_passes_the_chain_but_not_the_signature() {
    let home = tempfile::tempdir().unwrap();
    let key = centre_key(home.path());

    // Without a signature the rewrite goes unseen: the limit the signature closes.
    let unsigned = home.path().join("unsigned.db");
    let id = signed_off(&unsigned, None);
    rewrite_history(&unsigned, &id);
    let (code, out) = check(home.path(), &unsigned, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("0 sign-offs signed, 1 made without a centre key"),
        "{out}"
    );

    let signed = home.path().join("signed.db");
    let id = signed_off(&signed, Some(key));
    rewrite_history(&signed, &id);
    let (code, out) = check(home.path(), &signed, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("ok       audit chain"),
        "the chain itself is whole: {out}"
    );
    assert!(
        out.lines().any(|l| l.contains(&id)
            && l.contains("the audit log up to it was rewritten after it was signed")),
        "{out}"
    );
}

#[test]
fn a_signature_by_another_key_is_named() {
    let home = tempfile::tempdir().unwrap();
    let centre = centre_key(home.path());
    let other = SigningKey::generate();
    let other_fp = other.fingerprint();
    let db = home.path().join("centre.db");
    let id = signed_off(&db, Some(other));
    let (code, out) = check(home.path(), &db, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.lines().any(|l| l.contains(&id)
            && l.contains(&format!(
                "signed with key {other_fp}, not the centre's key {}",
                centre.fingerprint()
            ))),
        "{out}"
    );

    // Elsewhere, with only the centre's public key: the same finding.
    let jwk = home.path().join("centre.jwk");
    std::fs::write(&jwk, centre.public_jwk().to_string()).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let (code, out) = check(elsewhere.path(), &db, &["--key", jwk.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("not the centre's key"), "{out}");

    // And no key at all: checked against the key it carries, and said to be unconfirmed.
    let (code, out) = check(elsewhere.path(), &db, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(&format!("by key {other_fp} (not confirmed")),
        "{out}"
    );
}

#[test]
fn an_unusable_key_file_for_db_check_is_named() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("centre.db");
    signed_off(&db, None);
    let bad = home.path().join("bad.jwk");
    std::fs::write(&bad, "{not json").unwrap();
    let (code, out) = check(home.path(), &db, &["--key", bad.to_str().unwrap()]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("bad.jwk: not a usable public JWK"), "{out}");
}

#[test]
fn an_rs256_centre_key_signs_and_checks_the_same_way() {
    let home = tempfile::tempdir().unwrap();
    leverup(home.path())
        .args(["signing-key", "init", "--alg", "rs256"])
        .assert()
        .success();
    let key = SigningKey::load(&home.path().join("data/leverup/signing-key.pem")).unwrap();
    assert_eq!(key.alg(), Alg::Rs256);
    let fingerprint = key.fingerprint();
    let db = home.path().join("centre.db");
    let id = signed_off(&db, Some(key));
    let (code, out) = check(home.path(), &db, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(&format!(
            "1 sign-off signed by the centre's key {fingerprint}"
        )),
        "{out}"
    );
    rewrite_history(&db, &id);
    let (code, out) = check(home.path(), &db, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("rewritten after it was signed"), "{out}");
}

#[test]
fn signatures_removed_with_the_chain_rewritten_are_caught_from_the_signed_since_day() {
    let home = tempfile::tempdir().unwrap();
    let key = centre_key(home.path());
    let db = home.path().join("centre.db");
    let id = signed_off(&db, Some(key));
    strip_signatures(&db);
    // The chain is whole again, and nothing is signed: only the anchor can tell.
    let (code, out) = check(home.path(), &db, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("0 sign-offs signed, 1 made without a centre key"),
        "{out}"
    );
    let (code, out) = check(home.path(), &db, &["--signed-since", "2026-01-01"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.lines()
            .any(|l| l.contains(&id) && l.contains("must be signed: its signature was removed")),
        "{out}"
    );
    let (code, out) = check(home.path(), &db, &["--signed-since", "2026-13-01"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("not a date"), "{out}");
}

#[test]
fn once_sign_offs_are_signed_a_machine_without_the_key_cannot_sign_off() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("centre.db");
    signed_off(&db, Some(SigningKey::generate()));
    // A second centre's candidate in the same file, signed off where no key is.
    let mut w = world_at(&db);
    let mut st = start(&mut w, &["c01"]);
    apply_all(&mut w.store, &mut st, ready_to_sign("c01"));
    let cs = command::apply(&st, &Command::Finalise, model(), &st.assessor_id, t0()).unwrap();
    let r = w.store.commit(&cs, &st.assessor_id, t0());
    assert!(
        matches!(&r, Err(StoreError::Signing(why)) if why.contains("this machine has no key")),
        "{r:?}"
    );
    let summary = w.store.load_assessment(&st.id).unwrap().summary;
    assert!(
        summary.finalised_at.is_none(),
        "nothing of the refused sign-off stayed"
    );
}
