//! Badges end to end: build → sign → write → verify, and the ways verification must fail.

use std::fs;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use serde_json::Value;

use leverup::domain::model::{
    Competence, DimensionScale, EscoLink, KeyCompetence, LevelDescriptor,
};
use leverup::domain::scales::{Complexity, ComplexityProfile, Dimension, OutcomeLevel};
use leverup::export::badge::verify::{KeySource, Options, Outcome, TrustedKey, verify_with};
use leverup::export::badge::{
    BadgeError, BadgeInput, CertificateLine, CertificatePage, IssuedBadge, IssuerProfile,
    ModelParts, SigningKey, build_credential, certificate_html, jwt, structure, verify,
    write_certificate,
};

fn competence() -> Competence {
    let outcome = |level, text: &str| LevelDescriptor {
        level,
        descriptor: text.into(),
    };
    Competence {
        id: "teamwork".into(),
        code: "C08".into(),
        name: "Teamwork".into(),
        cluster: "social".into(),
        description: "Works with others towards a shared goal.".into(),
        outcomes: vec![
            outcome(OutcomeLevel::Basic, "Takes part in team tasks."),
            outcome(
                OutcomeLevel::Accomplished,
                "Coordinates with others & adapts.",
            ),
            outcome(OutcomeLevel::Expert, "Builds and sustains <teams>."),
        ],
        indicators: vec![],
        activities: vec![],
        evidence_examples: vec![],
        key_competences: vec!["personal-social-learning".into()],
        esco: vec![EscoLink {
            uri: "http://data.europa.eu/esco/skill/60c78287-22eb-4103-9c8c-28deaa460da0".into(),
            label: "work in teams".into(),
        }],
        questions: vec![],
    }
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 14, 10, 0, 0)
        .single()
        .expect("valid date")
}

fn input() -> BadgeInput {
    BadgeInput {
        credential_id: "urn:uuid:5f0c1d6e-8a44-4a57-9d0c-0b5f2b7b8a11".into(),
        certificate_id: "3b8e6c1a-2f8d-4d0b-9a6e-1c2d3e4f5a6b".into(),
        issuer: IssuerProfile {
            id: "https://centre.example.org".into(),
            name: "Centro Volontariato Milano".into(),
            url: "https://centre.example.org".into(),
            email: "validation@centre.example.org".into(),
        },
        subject_id: "urn:uuid:0e6c8f36-3c55-4c1b-8f0a-7f3b1d2c4e5f".into(),
        recipient_email: Some("Ana.Rossi@example.org".into()),
        salt: "c2FsdA".into(),
        competence: competence(),
        cluster_name: "Social".into(),
        key_competences: vec![KeyCompetence {
            id: "personal-social-learning".into(),
            name: "Personal, social and learning to learn".into(),
            framework: "EU Key Competences for Lifelong Learning 2018".into(),
            url: "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32018H0604(01)".into(),
        }],
        level: OutcomeLevel::Accomplished,
        complexity: ComplexityProfile {
            context: Complexity::MidHigh,
            task: Complexity::MidLow,
            autonomy: Complexity::High,
        },
        eqf_band: "comparable to EQF 4–5".into(),
        dimension_scales: vec![DimensionScale {
            dimension: Dimension::Context,
            name: "Context".into(),
            question: "How predictable was the context?".into(),
            anchors: Complexity::ALL
                .iter()
                .map(|c| (*c, format!("{} context", c.label())))
                .collect(),
        }],
        reasons: "Led the weekly rota for two years; references confirm.".into(),
        assessor_name: "Marco Bianchi".into(),
        assessed_on: NaiveDate::from_ymd_opt(2025, 3, 14).expect("date"),
        valid_from: t0(),
        valid_until: None,
        model_id: "leverup".into(),
        model_version: "1.0.0".into(),
        model_url: "https://leverup.example.org/model".into(),
        image: None,
        status: None,
    }
}

fn now() -> DateTime<Utc> {
    t0() + Duration::days(30)
}

/// Re-encodes a JWT with a changed payload and the original signature.
fn tamper(token: &str, change: impl FnOnce(&mut Value)) -> String {
    let parts: Vec<&str> = token.split('.').collect();
    let mut payload: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).expect("b64")).expect("json");
    change(&mut payload);
    let encoded = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&payload).expect("json"));
    format!("{}.{}.{}", parts[0], encoded, parts[2])
}

#[test]
fn credential_has_the_ob3_shape() {
    let c = build_credential(&input());
    assert!(
        structure::problems(&c).is_empty(),
        "{:?}",
        structure::problems(&c)
    );
    assert_eq!(c["validFrom"], "2025-03-14T10:00:00Z");
    let subject = &c["credentialSubject"];
    let id = &subject["identifier"][0];
    assert_eq!(id["type"], "IdentityObject");
    assert_eq!(id["hashed"], true);
    // The email is normalised to lower case before hashing and never appears in clear.
    let expected =
        leverup::export::badge::credential::identity_hash("ana.rossi@example.org", "c2FsdA");
    assert_eq!(id["identityHash"], expected.as_str());
    assert!(!c.to_string().to_lowercase().contains("ana.rossi"));
    let ach = &subject["achievement"];
    assert_eq!(ach["name"], "LEVER UP – Teamwork");
    assert_eq!(ach["achievementType"], "Competency");
    let targets: Vec<&str> = ach["alignment"]
        .as_array()
        .expect("alignments")
        .iter()
        .filter_map(|a| a["targetFramework"].as_str())
        .collect();
    assert!(targets.contains(&"ESCO"));
    assert!(targets.contains(&"EU Key Competences for Lifelong Learning 2018"));
    // One result per rubric: level, context, task, autonomy, overall; each refers to a
    // rubric level that exists.
    let results = subject["result"].as_array().expect("results");
    assert_eq!(results.len(), 5);
    let descriptions = ach["resultDescription"].as_array().expect("rubrics");
    for r in results {
        let rd = descriptions
            .iter()
            .find(|d| d["id"] == r["resultDescription"])
            .expect("result description exists");
        assert!(
            rd["rubricCriterionLevel"]
                .as_array()
                .expect("levels")
                .iter()
                .any(|l| l["id"] == r["achievedLevel"])
        );
    }
    assert!(
        results[0]["achievedLevel"]
            .as_str()
            .expect("id")
            .ends_with("#level-accomplished")
    );
    let narrative = c["evidence"][0]["narrative"].as_str().expect("narrative");
    assert!(narrative.contains("Accomplished"));
    assert!(narrative.contains("overall mid-high (comparable to EQF 4–5)"));
    assert!(narrative.contains("Led the weekly rota"));
}

#[test]
fn achievement_id_is_stable_per_competence_and_version() {
    let a = build_credential(&input());
    let mut other = input();
    other.credential_id = "urn:uuid:00000000-0000-4000-8000-000000000000".into();
    let b = build_credential(&other);
    let ach = "/credentialSubject/achievement/id";
    assert_eq!(a.pointer(ach), b.pointer(ach));
    other.model_version = "2.0.0".into();
    assert_ne!(a.pointer(ach), build_credential(&other).pointer(ach));
}

#[test]
fn jwt_json_svg_and_png_round_trip() {
    let key = SigningKey::generate();
    let badge = IssuedBadge::issue(&input(), &key, None).expect("issue");
    let trusted = key.public();
    for bytes in [
        badge.jwt.clone().into_bytes(),
        badge.svg.clone().into_bytes(),
        badge.png.clone(),
    ] {
        let report = verify(&bytes, Some(&trusted), now());
        assert!(report.ok(), "{report}");
        assert_eq!(report.credential.as_ref(), Some(&badge.credential));
        let used = report.key.as_ref().expect("key used");
        assert_eq!(used.fingerprint, key.fingerprint());
        assert!(matches!(used.source, KeySource::Trusted(_)));
    }
    // The bare .json is the credential itself; its proof is the .jwt beside it.
    let json = badge.json_file().expect("json");
    assert_eq!(
        serde_json::from_str::<Value>(&json).expect("json"),
        badge.credential
    );
    assert!(!verify(json.as_bytes(), Some(&trusted), now()).ok());
    let keys = [TrustedKey {
        key: trusted.clone(),
        kid: None,
        source: "test".into(),
    }];
    let with_jwt = Options {
        trusted: &keys,
        companion_jwt: Some(&badge.jwt),
        ..Options::default()
    };
    let report = verify_with(json.as_bytes(), &with_jwt, now());
    assert!(report.ok(), "{report}");
    // Without a trusted key the credential is intact but its issuer is not confirmed.
    let untrusted = verify(badge.jwt.as_bytes(), None, now());
    assert_eq!(untrusted.outcome(), Outcome::Unconfirmed, "{untrusted}");
    assert!(!untrusted.ok());
    assert_eq!(
        untrusted.key.expect("key").source,
        KeySource::HeaderUnconfirmed
    );
    assert!(
        verify(badge.svg.as_bytes(), None, now())
            .to_string()
            .contains("result: signature valid, issuer not confirmed")
    );
}

#[test]
fn changed_level_fails_with_the_reason() {
    let key = SigningKey::generate();
    let badge = IssuedBadge::issue(&input(), &key, None).expect("issue");
    let forged = tamper(&badge.jwt, |p| {
        let level = &mut p["credentialSubject"]["result"][0]["achievedLevel"];
        *level = Value::String(level.as_str().expect("s").replace("accomplished", "expert"));
    });
    let report = verify(forged.as_bytes(), Some(&key.public()), now());
    assert!(!report.ok());
    let sig = report.check("signature").expect("signature check");
    assert!(!sig.passed);
    assert!(
        sig.detail.starts_with("signature does not match"),
        "{}",
        sig.detail
    );
    assert!(report.to_string().contains("FAIL  signature"));
}

#[test]
fn json_file_with_edited_clear_copy_fails() {
    let key = SigningKey::generate();
    let badge = IssuedBadge::issue(&input(), &key, None).expect("issue");
    let mut doc: Value = serde_json::from_str(&badge.json_file().expect("json")).expect("parse");
    doc["name"] = Value::String("LEVER UP – Teamwork (Expert)".into());
    let options = Options {
        companion_jwt: Some(&badge.jwt),
        ..Options::default()
    };
    let report = verify_with(doc.to_string().as_bytes(), &options, now());
    assert!(!report.check("copy").expect("copy check").passed);
    assert!(report.check("signature").expect("sig").passed);
}

#[test]
fn wrong_trusted_key_fails() {
    let key = SigningKey::generate();
    let other = SigningKey::generate();
    let badge = IssuedBadge::issue(&input(), &key, None).expect("issue");
    let report = verify(badge.jwt.as_bytes(), Some(&other.public()), now());
    assert!(!report.ok());
    let check = report.check("key").expect("key check");
    assert!(!check.passed);
    assert!(check.detail.contains(&other.fingerprint()));
    // Re-signing with another key (and its own header jwk) fails against the trusted key.
    let forged = jwt::sign(&badge.credential, &other, None).expect("sign");
    assert!(!verify(forged.as_bytes(), Some(&key.public()), now()).ok());
}

#[test]
fn other_algorithms_and_types_are_refused() {
    let key = SigningKey::generate();
    let badge = IssuedBadge::issue(&input(), &key, None).expect("issue");
    let rest = badge.jwt.split_once('.').expect("dot").1;
    for header in [
        r#"{"alg":"none"}"#,
        r#"{"alg":"HS256","typ":"JWT"}"#,
        r#"{"alg":"ES256","typ":"vc+sd-jwt"}"#,
    ] {
        let token = format!("{}.{rest}", URL_SAFE_NO_PAD.encode(header));
        let report = verify(token.as_bytes(), Some(&key.public()), now());
        assert!(
            !report.check("algorithm").expect("alg check").passed,
            "{header}"
        );
    }
    // A header with no key of its own is checked against the trusted key.
    let bare = format!("{}.{rest}", URL_SAFE_NO_PAD.encode(r#"{"alg":"ES256"}"#));
    let report = verify(bare.as_bytes(), Some(&key.public()), now());
    assert!(
        !report.check("signature").expect("sig").passed,
        "header is signed too"
    );
    assert!(matches!(
        report.key.expect("key").source,
        KeySource::Trusted(_)
    ));
}

#[test]
fn model_parts_come_from_the_model() {
    use leverup::domain::model::{
        Cluster, EqfBand, Fraction, InterviewGuide, Model, PortfolioCheckRules, ScoringRules,
    };
    let inp = input();
    let model = Model {
        id: "leverup".into(),
        version: "1.0.0".into(),
        title: "LEVER UP".into(),
        clusters: vec![Cluster {
            id: "social".into(),
            name: "Social".into(),
            description: String::new(),
        }],
        outcome_scale: vec![],
        complexity_scale: inp.dimension_scales.clone(),
        eqf_bands: vec![EqfBand {
            complexity: Complexity::MidHigh,
            label: "comparable to EQF 4–5".into(),
        }],
        key_competences: inp.key_competences.clone(),
        portfolio_check: PortfolioCheckRules {
            currency_years: 5,
            min_items: 2,
            min_types: 2,
            criteria: vec![],
        },
        scoring: ScoringRules {
            min_applicable: Fraction { num: 1, den: 2 },
            level_share: Fraction { num: 2, den: 3 },
        },
        interview: InterviewGuide {
            recommended_minutes: 40,
            recommended_competences: 3,
            starr_prompts: vec![],
        },
        competences: vec![competence()],
    };
    let parts = ModelParts::of(&model, &competence(), &inp.complexity);
    assert_eq!(parts.cluster_name, inp.cluster_name);
    assert_eq!(parts.key_competences, inp.key_competences);
    assert_eq!(parts.eqf_band, inp.eqf_band);
    assert_eq!(parts.dimension_scales, inp.dimension_scales);
}

#[test]
fn not_yet_valid_and_expired_are_detected() {
    let key = SigningKey::generate();
    let mut inp = input();
    inp.valid_until = Some(t0() + Duration::days(10));
    let badge = IssuedBadge::issue(&inp, &key, None).expect("issue");
    let trusted = key.public();
    let early = verify(
        badge.jwt.as_bytes(),
        Some(&trusted),
        t0() - Duration::seconds(1),
    );
    assert!(!early.check("valid from").expect("check").passed);
    assert!(early.check("expiry").expect("check").passed);
    let late = verify(
        badge.jwt.as_bytes(),
        Some(&trusted),
        t0() + Duration::days(11),
    );
    assert!(late.check("valid from").expect("check").passed);
    let expiry = late.check("expiry").expect("check");
    assert!(!expiry.passed);
    assert!(expiry.detail.contains("expired on 2025-03-24"));
    assert!(
        verify(
            badge.jwt.as_bytes(),
            Some(&trusted),
            t0() + Duration::days(5)
        )
        .ok()
    );
}

#[test]
fn missing_field_is_caught_even_when_signed() {
    let key = SigningKey::generate();
    let mut c = build_credential(&input());
    if let Some(ach) = c
        .pointer_mut("/credentialSubject/achievement")
        .and_then(Value::as_object_mut)
    {
        ach.remove("criteria");
    }
    let token = jwt::sign(&c, &key, None).expect("sign");
    let report = verify(token.as_bytes(), Some(&key.public()), now());
    assert!(report.check("signature").expect("sig").passed);
    let s = report.check("structure").expect("structure");
    assert!(!s.passed);
    assert!(s.detail.contains("achievement.criteria"));
}

#[test]
fn garbage_inputs_are_reported_not_panicked() {
    for input in [
        "",
        "abc",
        "a.b.c",
        "{}",
        "{\"jwt\":1}",
        "<svg></svg>",
        "\u{0}",
    ] {
        let report = verify(input.as_bytes(), None, now());
        assert!(!report.ok(), "{input:?}: {report}");
    }
    assert!(!verify(&[0xff, 0xfe], None, now()).ok());
}

fn page(key: &SigningKey) -> CertificatePage {
    let inp = input();
    CertificatePage {
        certificate_id: inp.certificate_id.clone(),
        candidate_name: "Ana <Rossi> & co".into(),
        centre_name: inp.issuer.name.clone(),
        centre_url: inp.issuer.url.clone(),
        assessor_name: inp.assessor_name.clone(),
        assessed_on: inp.assessed_on,
        issued_at: inp.valid_from,
        status_list_url: "https://centre.example.org/ob/status-list.jwt".into(),
        jwks_url: "https://centre.example.org/ob/jwks.json".into(),
        model_id: inp.model_id.clone(),
        model_version: inp.model_version.clone(),
        key_fingerprint: key.fingerprint(),
        public_jwk: key.public_jwk().to_string(),
        lines: vec![CertificateLine {
            competence_id: inp.competence.id.clone(),
            competence_code: inp.competence.code.clone(),
            competence_name: inp.competence.name.clone(),
            cluster_name: inp.cluster_name.clone(),
            level: inp.level,
            complexity: inp.complexity,
            eqf_band: inp.eqf_band.clone(),
            description: inp.competence.description.clone(),
            level_descriptor: inp.competence.outcome(inp.level).to_string(),
            reasons: "Led the weekly rota <always>".into(),
        }],
    }
}

#[test]
fn certificate_page_is_escaped_and_complete() {
    let key = SigningKey::generate();
    let html = certificate_html::render(&page(&key));
    assert!(html.contains("Ana &lt;Rossi&gt; &amp; co"));
    assert!(!html.contains("<Rossi>"));
    for needle in [
        "Teamwork",
        "Accomplished",
        "mid-high",
        "mid-low",
        "high",
        "comparable to EQF 4–5",
        "Marco Bianchi",
        "2025-03-14",
        "1.0.0",
        "leverup verify FILE",
        "@page{size:A4",
        "3b8e6c1a-2f8d-4d0b-9a6e-1c2d3e4f5a6b",
        "Date of issue",
        "Reasons for validation:</strong> Led the weekly rota &lt;always&gt;",
        "https://centre.example.org/ob/status-list.jwt",
        "https://centre.example.org/ob/jwks.json",
        "--status-list",
    ] {
        assert!(html.contains(needle), "missing {needle}");
    }
    assert!(html.contains(&key.fingerprint()));
}

#[test]
fn certificate_folder_appears_whole_and_is_never_replaced() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = SigningKey::generate();
    let inp = input();
    let badge = IssuedBadge::issue(&inp, &key, None).expect("issue");
    let html = certificate_html::render(&page(&key));
    let paths = write_certificate(
        dir.path(),
        &inp.certificate_id,
        std::slice::from_ref(&badge),
        &html,
    )
    .expect("write");
    let names: Vec<String> = paths
        .iter()
        .map(|p| p.file_name().expect("name").to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "teamwork.jwt",
            "teamwork.json",
            "teamwork.svg",
            "teamwork.png",
            "certificate.html"
        ]
    );
    for p in &paths {
        let bytes = fs::read(p).expect("read");
        // The bare .json is checked with its .jwt in jwt_json_svg_and_png_round_trip.
        if !p.ends_with("certificate.html") && !p.ends_with("teamwork.json") {
            assert!(
                verify(&bytes, Some(&key.public()), now()).ok(),
                "{}",
                p.display()
            );
        }
    }
    // Only the certificate folder: the temporary one was renamed, not copied.
    assert_eq!(fs::read_dir(dir.path()).expect("dir").count(), 1);
    let again = write_certificate(
        dir.path(),
        &inp.certificate_id,
        std::slice::from_ref(&badge),
        &html,
    );
    assert!(matches!(again, Err(BadgeError::Exists(_))));
    let bad = write_certificate(dir.path(), "../escape", &[badge], &html);
    assert!(matches!(bad, Err(BadgeError::BadName { .. })));
    assert_eq!(fs::read_dir(dir.path()).expect("dir").count(), 1);
}
