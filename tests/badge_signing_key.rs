//! The centre's signing key file: private, never overwritten unless asked, and clear
//! errors for a file that is missing or holds something else.

use std::fs;

use leverup::export::badge::{BadgeError, SigningKey};

#[cfg(unix)]
#[test]
fn key_file_is_private_and_never_overwritten() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("signing-key.pem");
    let key = SigningKey::generate();
    key.save(&path, false).expect("save");
    let mode = fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let err = SigningKey::generate()
        .save(&path, false)
        .expect_err("must refuse");
    assert!(matches!(err, BadgeError::KeyExists(_)));
    assert_eq!(
        err.to_string(),
        format!("a signing key already exists at {}", path.display())
    );
    assert_eq!(
        SigningKey::load(&path).expect("load").fingerprint(),
        key.fingerprint()
    );
    let replacement = SigningKey::generate();
    replacement.save(&path, true).expect("overwrite when asked");
    assert_eq!(
        SigningKey::load(&path).expect("load").fingerprint(),
        replacement.fingerprint()
    );
    // Only the key file is left: no temporary files behind.
    assert_eq!(fs::read_dir(dir.path()).expect("dir").count(), 1);
}

#[test]
fn key_load_errors_are_clear() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("none.pem");
    assert!(
        SigningKey::load(&missing)
            .expect_err("missing")
            .to_string()
            .contains("no signing key")
    );
    let junk = dir.path().join("junk.pem");
    fs::write(&junk, "not a key").expect("write");
    let msg = SigningKey::load(&junk).expect_err("junk").to_string();
    assert!(msg.contains("is not a P-256 private key"), "{msg}");
    let public = dir.path().join("public.pem");
    fs::write(&public, SigningKey::generate().public_pem().expect("pem")).expect("write");
    assert!(SigningKey::load(&public).is_err());
}
