//! The export commands end to end through the real binary: CSV parsed back and compared
//! with the database, badges issued, verified, tampered with, revoked.

mod cli_support;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use assert_cmd::Command;
use leverup::datafile;
use leverup::domain::portfolio::{CheckStatus, CriterionJudgement, evaluate};
use leverup::store::Store;

fn leverup(home: &Path) -> Command {
    let mut c = Command::cargo_bin("leverup").expect("binary");
    c.env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("HOME", home)
        .env_remove("LEVERUP_DB")
        .env_remove("LEVERUP_KEYMAP");
    c
}

fn demo(home: &Path, candidates: &str) -> std::path::PathBuf {
    let db = home.join("demo.db");
    leverup(home)
        .args(["demo", "--candidates", candidates, "--db"])
        .arg(&db)
        .assert()
        .success();
    db
}

fn read_csv(bytes: &[u8], delimiter: u8) -> Vec<HashMap<String, String>> {
    let mut rd = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(bytes);
    let header = rd.headers().expect("header").clone();
    rd.records()
        .map(|r| {
            let r = r.expect("record");
            header
                .iter()
                .map(String::from)
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect()
}

#[test]
fn csv_export_matches_the_database() {
    let home = tempfile::tempdir().expect("tmp");
    let db = demo(home.path(), "120");
    let out = home.path().join("results.csv");
    leverup(home.path())
        .args(["export", "csv", "--db"])
        .arg(&db)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let rows = read_csv(&std::fs::read(&out).expect("written"), b',');
    assert!(rows.len() > 50, "the demo has assessments: {}", rows.len());

    let store = Store::open(&db).expect("open");
    let model = datafile::load_embedded();
    let mut by_assessment: HashMap<&str, Vec<&HashMap<String, String>>> = HashMap::new();
    let mut statuses = HashSet::new();
    for r in &rows {
        by_assessment
            .entry(r["assessment_id"].as_str())
            .or_default()
            .push(r);
    }
    for (id, rs) in by_assessment {
        let rec = store.load_assessment(id).expect("assessment in the db");
        let claims = store
            .claimed_competences(&rec.summary.candidate_id)
            .expect("claims");
        assert_eq!(rs.len(), claims.len(), "one row per claimed competence");
        for r in rs {
            let comp = &r["competence_id"];
            assert_eq!(r["model_version"], rec.summary.model_version);
            assert_eq!(
                r["finalised_at"].is_empty(),
                rec.summary.finalised_at.is_none()
            );
            assert_eq!(
                r["competence_name"],
                model.competence(comp).expect("known").name
            );
            // The check's status is the domain's evaluation of the recorded verdicts.
            let judged: Vec<CriterionJudgement> = rec
                .portfolio_checks
                .iter()
                .filter(|c| &c.competence_id == comp)
                .map(|c| CriterionJudgement {
                    criterion_id: c.criterion_id.clone(),
                    verdict: Some(c.verdict),
                    note: c.note.clone(),
                })
                .collect();
            let status = evaluate(&model.portfolio_check, &judged).status;
            assert_eq!(r["portfolio_check"], status.code(), "{id} {comp}");
            statuses.insert(status);
            let decision = rec.decisions.iter().find(|d| &d.competence_id == comp);
            assert_eq!(
                r["decision"],
                decision.map_or("pending", |d| d.decision.code())
            );
            let score = rec.scores.iter().find(|s| &s.input.competence_id == comp);
            assert_eq!(
                r["outcome_level"],
                score
                    .and_then(|s| s.input.outcome_level)
                    .map_or("", |o| o.code())
            );
            assert_eq!(
                r["suggested_level"],
                score
                    .and_then(|s| s.input.suggested)
                    .map_or("", |o| o.code())
            );
            if let Some(p) = score.and_then(|s| s.input.complexity.complete()) {
                assert_eq!(r["context"], p.context.code());
                assert_eq!(r["complexity"], p.overall().code());
                assert!(r["eqf_comparable"].starts_with("eqf-"));
            }
        }
    }
    // The demo has checks passed and failed: both were compared.
    assert!(
        statuses.contains(&CheckStatus::Passed) && statuses.contains(&CheckStatus::Failed),
        "{statuses:?}"
    );
}

#[test]
fn filters_semicolons_bom_and_codebook() {
    let home = tempfile::tempdir().expect("tmp");
    let db = demo(home.path(), "80");
    let out = leverup(home.path())
        .args([
            "export",
            "csv",
            "--status",
            "finalised",
            "--competence",
            "teamwork",
            "--delimiter",
            ";",
            "--bom",
            "--db",
        ])
        .arg(&db)
        .arg("--codebook")
        .arg(home.path().join("codebook.json"))
        .output()
        .expect("run");
    assert!(out.status.success());
    assert!(out.stdout.starts_with("\u{feff}".as_bytes()));
    let rows = read_csv(&out.stdout[3..], b';');
    assert!(
        rows.iter()
            .all(|r| r["competence_id"] == "teamwork" && !r["finalised_at"].is_empty())
    );
    let cb: serde_json::Value = serde_json::from_slice(
        &std::fs::read(home.path().join("codebook.json")).expect("codebook"),
    )
    .expect("json");
    assert_eq!(cb["columns"].as_array().expect("columns").len(), 25);

    leverup(home.path())
        .args(["export", "csv", "--competence", "teamwrk", "--db"])
        .arg(&db)
        .assert()
        .failure()
        .stderr(predicates::str::contains("unknown competence \"teamwrk\""));
}

#[test]
fn badges_verify_and_tampering_wrong_key_and_revocation_fail() {
    let home = tempfile::tempdir().expect("tmp");
    let h = home.path();
    let db = demo(h, "80");
    // Certified: demo records never are, so the demo's centre stands in for a real one.
    cli_support::as_real(&db);
    let key = h.join("centre.pem");
    leverup(h)
        .args(["signing-key", "--key"])
        .arg(&key)
        .arg("init")
        .assert()
        .success();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).expect("key").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let jwk = h.join("centre.jwk");
    let out = leverup(h)
        .args(["signing-key", "--key"])
        .arg(&key)
        .args(["export-public", "--jwk"])
        .output()
        .expect("run");
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("\"d\""),
        "never the private part"
    );
    std::fs::write(&jwk, &out.stdout).expect("jwk");

    let dir = h.join("badges");
    leverup(h)
        .args([
            "export",
            "badges",
            "--issuer-url",
            "https://centre.example.org",
            "--issuer-email",
            "info@centre.example.org",
            "--db",
        ])
        .arg(&db)
        .arg("--key")
        .arg(&key)
        .arg("--out")
        .arg(&dir)
        .assert()
        .success();
    let cert = std::fs::read_dir(&dir)
        .expect("dir")
        .flatten()
        .next()
        .expect("a certificate")
        .path();
    assert!(cert.join("certificate.html").exists());
    let jwt = std::fs::read_dir(&cert)
        .expect("files")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "jwt"))
        .expect("a .jwt");
    for ext in ["jwt", "json", "svg", "png"] {
        leverup(h)
            .arg("verify")
            .arg(jwt.with_extension(ext))
            .arg("--key")
            .arg(&jwk)
            .assert()
            .success();
    }

    // One changed level in the signed payload.
    let text = std::fs::read_to_string(&jwt).expect("jwt");
    let parts: Vec<&str> = text.trim().split('.').collect();
    use base64::Engine;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let payload = String::from_utf8(b64.decode(parts[1]).expect("b64")).expect("utf8");
    let level = ["\"basic\"", "\"accomplished\"", "\"expert\""]
        .into_iter()
        .find(|l| payload.contains(l))
        .expect("a level");
    let forged = payload.replacen(
        level,
        if level == "\"expert\"" {
            "\"basic\""
        } else {
            "\"expert\""
        },
        1,
    );
    let tampered = h.join("tampered.jwt");
    std::fs::write(
        &tampered,
        format!("{}.{}.{}", parts[0], b64.encode(forged), parts[2]),
    )
    .expect("write");
    leverup(h)
        .arg("verify")
        .arg(&tampered)
        .arg("--key")
        .arg(&jwk)
        .assert()
        .code(1)
        .stdout(predicates::str::contains("FAIL  signature"));

    let other = h.join("other.pem");
    leverup(h)
        .args(["signing-key", "--key"])
        .arg(&other)
        .arg("init")
        .assert()
        .success();
    let other_jwk = h.join("other.jwk");
    let out = leverup(h)
        .args(["signing-key", "--key"])
        .arg(&other)
        .args(["export-public", "--jwk"])
        .output()
        .expect("run");
    std::fs::write(&other_jwk, &out.stdout).expect("jwk");
    leverup(h)
        .arg("verify")
        .arg(&jwt)
        .arg("--key")
        .arg(&other_jwk)
        .assert()
        .code(1);

    let id = cert
        .file_name()
        .expect("name")
        .to_string_lossy()
        .to_string();
    leverup(h)
        .args([
            "certificates",
            "revoke",
            &id,
            "--reason",
            "issued in error",
            "--db",
        ])
        .arg(&db)
        .assert()
        .success();
    leverup(h)
        .arg("verify")
        .arg(&jwt)
        .arg("--key")
        .arg(&jwk)
        .arg("--register")
        .arg(&db)
        .assert()
        .code(1)
        .stdout(predicates::str::contains(
            "register says this certificate is REVOKED: issued in error",
        ));
}
