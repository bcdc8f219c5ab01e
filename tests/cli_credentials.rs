//! Credentials an employer can check without calling the centre (issue 11), through the real
//! binary: the published issuer files and status list, revocation seen by `verify` from the
//! list and from the register, re-export skipping a revoked certificate, an explicit
//! reissue, a forgery under the centre's issuer id, and both signing algorithms.

mod cli_support;

use std::fs;
use std::path::{Path, PathBuf};

use cli_support::{as_real, demo, leverup};
use leverup::export::badge::{SigningKey, jwt, verify};
use serde_json::Value;

const PUBLISH: &str = "https://centre.example.org/openbadges";

/// A demo database taken over as real, a key of `alg`, the badges, issuer files and status
/// list written: (home, db, key, badges dir, site dir).
struct Centre {
    home: tempfile::TempDir,
    db: PathBuf,
    key: PathBuf,
    badges: PathBuf,
    site: PathBuf,
}

impl Centre {
    fn new(alg: &str) -> Centre {
        let home = tempfile::tempdir().expect("tmp");
        let h = home.path();
        let db = demo(h, "40");
        as_real(&db);
        let key = h.join("centre.pem");
        leverup(h)
            .args(["signing-key", "--key"])
            .arg(&key)
            .args(["init", "--alg", alg])
            .assert()
            .success()
            .stdout(predicates::str::contains(alg.to_uppercase()));
        let c = Centre {
            badges: h.join("badges"),
            site: h.join("site"),
            home,
            db,
            key,
        };
        // The first export names the centre; later ones find it in the database.
        let profile = [
            ("--issuer-url", "https://centre.example.org"),
            ("--issuer-email", "info@centre.example.org"),
        ];
        let mut first = c.run(&["export", "badges", "--out"]);
        first.arg(&c.badges);
        for (flag, value) in profile {
            first.arg(flag).arg(value);
        }
        first.assert().success();
        c.publish();
        c
    }

    fn h(&self) -> &Path {
        self.home.path()
    }

    /// `leverup ARGS… --db DB --key KEY` (the last argument of `args` takes a value after).
    fn run(&self, args: &[&str]) -> assert_cmd::Command {
        let mut cmd = leverup(self.h());
        cmd.arg("--db").arg(&self.db);
        if args[0] == "export" {
            cmd.args(&args[..2])
                .arg("--key")
                .arg(&self.key)
                .args(&args[2..]);
        } else {
            cmd.args(args);
        }
        cmd
    }

    fn publish(&self) {
        self.run(&["export", "issuer", "--out"])
            .arg(&self.site)
            .assert()
            .success();
        self.run(&["export", "status-list", "--out"])
            .arg(&self.site)
            .assert()
            .success();
    }

    /// The certificate folders, sorted.
    fn certificates(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = fs::read_dir(&self.badges)
            .expect("badges")
            .flatten()
            .map(|e| e.path())
            .collect();
        v.sort();
        v
    }

    /// `leverup verify FILE EXTRA…` with no database in reach.
    fn verify(&self, file: &Path, extra: &[&Path]) -> assert_cmd::assert::Assert {
        let mut cmd = leverup(self.h());
        cmd.arg("verify").arg(file);
        for pair in extra.chunks(2) {
            cmd.arg(pair[0]).arg(pair[1]);
        }
        cmd.assert()
    }
}

fn first_jwt(cert: &Path) -> PathBuf {
    let mut v: Vec<PathBuf> = fs::read_dir(cert)
        .expect("cert")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "jwt"))
        .collect();
    v.sort();
    v.remove(0)
}

fn round_trip(alg: &str) {
    let c = Centre::new(alg);
    let jwks = c.site.join("jwks.json");
    let list = c.site.join("status-list.jwt");
    let (jwks_flag, list_flag) = (Path::new("--jwks"), Path::new("--status-list"));
    let jwt_file = first_jwt(&c.certificates()[0]);
    for ext in ["jwt", "json", "svg", "png"] {
        let file = jwt_file.with_extension(ext);
        c.verify(&file, &[jwks_flag, &jwks, list_flag, &list])
            .code(0)
            .stdout(predicates::str::contains("result: VALID"))
            .stdout(predicates::str::contains("PASS  status      not revoked"));
        // Nothing given to confirm the key: never VALID.
        c.verify(&file, &[]).code(3);
    }
    // The header names the key by a URL that resolves to the published file.
    let token = fs::read_to_string(&jwt_file).expect("jwt");
    let header = jwt::decode(&token).expect("decode").header;
    let kid = header["kid"].as_str().expect("kid");
    let file = kid
        .strip_prefix(&format!("{PUBLISH}/"))
        .expect("under the site");
    let published: Value =
        serde_json::from_str(&fs::read_to_string(c.site.join(file)).expect("key file"))
            .expect("json");
    assert_eq!(published["kid"], kid);
    assert_eq!(header["alg"], alg.to_uppercase());
    let issuer: Value =
        serde_json::from_str(&fs::read_to_string(c.site.join("issuer.json")).expect("issuer"))
            .expect("json");
    let credential: Value =
        serde_json::from_str(&fs::read_to_string(jwt_file.with_extension("json")).expect("json"))
            .expect("json");
    assert_eq!(credential["issuer"]["id"], issuer["id"]);
    assert_eq!(issuer["id"], format!("{PUBLISH}/issuer.json"));
    // The status list itself is a credential that verifies against the published keys.
    c.verify(&list, &[jwks_flag, &jwks])
        .code(0)
        .stdout(predicates::str::contains("Bitstring Status List"));
}

#[test]
fn rs256_badges_and_status_list_round_trip() {
    round_trip("rs256");
}

#[test]
fn es256_badges_and_status_list_round_trip() {
    round_trip("es256");
}

#[test]
fn revoked_shows_in_the_list_and_the_register_and_is_never_reissued_by_export() {
    let c = Centre::new("es256");
    let cert = c.certificates()[0].clone();
    let id = cert
        .file_name()
        .expect("name")
        .to_string_lossy()
        .to_string();
    let jwt_file = first_jwt(&cert);
    let jwks = c.site.join("jwks.json");
    let list = c.site.join("status-list.jwt");
    let old_list = c.h().join("old-list.jwt");
    fs::copy(&list, &old_list).expect("copy");
    c.run(&["certificates", "revoke", &id, "--reason", "issued in error"])
        .assert()
        .success();
    c.publish();
    let (jwks_flag, list_flag) = (Path::new("--jwks"), Path::new("--status-list"));
    // The list published before the revocation still says not revoked; the new one sets
    // the bit, for every file of the certificate.
    c.verify(&jwt_file, &[jwks_flag, &jwks, list_flag, &old_list])
        .code(0);
    for ext in ["jwt", "svg", "png"] {
        c.verify(
            &jwt_file.with_extension(ext),
            &[jwks_flag, &jwks, list_flag, &list],
        )
        .code(1)
        .stdout(predicates::str::contains("FAIL  status      REVOKED"));
    }
    // The register says so too, through --db, with no list.
    leverup(c.h())
        .arg("verify")
        .arg(&jwt_file)
        .arg("--db")
        .arg(&c.db)
        .assert()
        .code(1)
        .stdout(predicates::str::contains("REVOKED: issued in error"));
    // Exporting again issues nothing for it, and says why.
    let again = c.h().join("again");
    c.run(&["export", "badges", "--out"])
        .arg(&again)
        .assert()
        .success()
        .stdout(predicates::str::contains(format!(
            "skipped the assessment of revoked certificate {id}"
        )));
    assert!(!cli_support::names_in(&again).contains(&id));
    let before = cli_support::names_in(&again).len();
    // Reissuing is its own command: a new certificate, the old one stays revoked.
    c.run(&["certificates", "reissue", &id, "--reason", "name corrected"])
        .assert()
        .success();
    c.run(&["export", "badges", "--out"])
        .arg(&again)
        .assert()
        .success();
    assert_eq!(cli_support::names_in(&again).len(), before + 1);
    c.run(&["certificates", "reissue", &id, "--reason", "twice"])
        .assert()
        .failure();
}

#[test]
fn a_forgery_under_the_centres_issuer_id_is_never_valid() {
    let c = Centre::new("es256");
    let jwt_file = first_jwt(&c.certificates()[0]);
    let credential: Value =
        serde_json::from_str(&fs::read_to_string(jwt_file.with_extension("json")).expect("json"))
            .expect("json");
    // Same issuer id, same kid URL, another key.
    let token = fs::read_to_string(&jwt_file).expect("jwt");
    let kid = jwt::decode(&token).expect("decode").header["kid"]
        .as_str()
        .expect("kid")
        .to_string();
    let forger = SigningKey::generate();
    let forged = jwt::sign(&credential, &forger, Some(&kid)).expect("sign");
    let file = c.h().join("forged.jwt");
    fs::write(&file, &forged).expect("write");
    // Intact as a JWT, so an outside library would accept its signature: leverup says the
    // issuer is not confirmed.
    assert_eq!(
        verify(forged.as_bytes(), None, chrono::Utc::now()).outcome(),
        leverup::export::badge::Outcome::Unconfirmed
    );
    c.verify(&file, &[])
        .code(3)
        .stdout(predicates::str::contains("issuer not confirmed"));
    c.verify(&file, &[Path::new("--jwks"), &c.site.join("jwks.json")])
        .code(1)
        .stdout(predicates::str::contains("not the issuer's key"));
    leverup(c.h())
        .arg("verify")
        .arg(&file)
        .arg("--db")
        .arg(&c.db)
        .assert()
        .code(1);
    // The forger's own key set, from the forger's site, confirms the forger's key but not
    // for an issuer whose profile lives elsewhere.
    let forger_kid = "https://forger.example.net/keys/k.json";
    let forged = jwt::sign(&credential, &forger, Some(forger_kid)).expect("sign");
    fs::write(&file, &forged).expect("write");
    let keys = serde_json::json!({ "keys": [forger.public().to_json_with_kid(Some(forger_kid))] });
    let fake_jwks = c.h().join("forger-jwks.json");
    fs::write(&fake_jwks, keys.to_string()).expect("write");
    c.verify(&file, &[Path::new("--jwks"), &fake_jwks])
        .code(1)
        .stdout(predicates::str::contains(
            "FAIL  issuer      the key is published at https://forger.example.net",
        ));
}
